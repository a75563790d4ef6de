//! The choice of the floor's kind: the kinds with their letters, the current one marked.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use crate::app::overlay::kind::{letter, KindChooser};
use crate::domain::InterventionKind;

pub fn draw(frame: &mut Frame, area: Rect, chooser: &KindChooser) {
    let area = super::centred(area, 40, InterventionKind::ALL.len() as u16 + 3);
    let mut lines: Vec<Line> = InterventionKind::ALL
        .into_iter()
        .enumerate()
        .map(|(i, kind)| {
            let text = format!(" {}  {}", letter(kind), kind.label());
            if i == chooser.selected {
                Line::styled(
                    text,
                    Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
                )
            } else {
                Line::from(text)
            }
        })
        .collect();
    lines.push(Line::styled(
        " a letter chooses; enter takes the highlighted",
        Style::new().fg(Color::DarkGray),
    ));
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).block(super::pane(" Kind of intervention ", true)),
        area,
    );
}
