//! The correction form: the intervention as recorded, the line naming what to put right,
//! and why the last answer was refused.

use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::overlay::correction::CorrectionForm;

pub fn draw(frame: &mut Frame, area: Rect, form: &CorrectionForm) {
    let area = super::centred(area, 100, 7);
    let mut lines = vec![
        Line::styled(form.as_recorded.clone(), Style::new().fg(Color::Cyan)),
        Line::from(format!("Correct: {}▏", form.input)),
    ];
    match &form.error {
        Some(e) => lines.push(Line::styled(e.clone(), Style::new().fg(Color::Yellow))),
        None => lines.push(Line::styled(
            "speaker NAME; for GROUP; kind q|a|panel|statement; item N; meeting N; \
             start HH:MM:SS or -20s; end …; strike",
            Style::new().fg(Color::DarkGray),
        )),
    }
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(super::pane(" Correct the intervention ", true)),
        area,
    );
}
