use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use crate::action::Action;
use crate::app::{App, Prompt, Question};
use crate::keymap::Context;

/// A one-line question over the panes, with why the last answer was refused.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, prompt: &Prompt) {
    let area = super::centred(area, 90, 5);
    let key = |a| {
        app.keymap
            .keys_for(Context::Prompt, a)
            .into_iter()
            .next()
            .unwrap_or_default()
    };
    let replaced = prompt.typing_replaces();
    let mut lines = vec![Line::from(vec![
        Span::raw(prompt.question.clone()),
        super::form::being_typed(&prompt.input, prompt.back, replaced, Style::new()),
    ])];
    match &prompt.error {
        Some(e) => lines.push(Line::styled(e.clone(), Style::new().fg(Color::Yellow))),
        None => lines.push(Line::styled(
            format!(
                "{}{} · {} confirm · {} cancel",
                match prompt.purpose {
                    Question::TimeLimit(_) => "3 = 3:00, 2:30, 90s; empty = the session's limit",
                    Question::ExportTo => "the extension chooses the format",
                    Question::Setup(q) => q.hint(),
                },
                if replaced {
                    super::form::TYPED_OVER
                } else {
                    ""
                },
                key(Action::Confirm),
                key(Action::Cancel)
            ),
            Style::new().fg(Color::DarkGray),
        )),
    }
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: true })
            .block(super::pane(
                match prompt.purpose {
                    Question::TimeLimit(_) => " Time limit ",
                    Question::ExportTo => " Export ",
                    Question::Setup(q) => q.title(),
                },
                true,
            )),
        area,
    );
}
