use chrono::{DateTime, Utc};
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::App;

pub fn draw(frame: &mut Frame, area: Rect, _app: &App, _now: DateTime<Utc>) {
    frame.render_widget(Paragraph::new("The chair's view (being built)"), area);
}
