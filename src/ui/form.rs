//! A form: its fields one under the other, the one being typed in marked, each field's
//! message under it, and the keys that move, save and leave.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::action::Action;
use crate::app::overlay::form::Form;
use crate::app::App;
use crate::keymap::Context;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, form: &Form) {
    let key = |a| {
        app.keymap
            .keys_for(Context::Prompt, a)
            .into_iter()
            .next()
            .unwrap_or_else(|| a.name().to_string())
    };
    let width = form.fields.iter().map(|f| f.label.len()).max().unwrap_or(0) + 1;
    let mut lines = Vec::new();
    if let Some(intro) = &form.intro {
        lines.push(Line::styled(intro.clone(), Style::new().fg(Color::Cyan)));
    }
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focused;
        let label = format!("{:<width$}", field.label);
        let value = if focused {
            crate::app::overlay::input::with_cursor(&field.value, field.back)
        } else {
            field.value.clone()
        };
        let style = if focused {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        // Marked as a selection is: what is typed takes its place.
        let replaced = focused && field.typing_replaces();
        let value_style = if replaced {
            style.add_modifier(Modifier::REVERSED)
        } else {
            style
        };
        lines.push(Line::from(vec![
            Span::styled(if focused { "› " } else { "  " }, style),
            Span::styled(label, style),
            Span::raw(" "),
            Span::styled(value, value_style),
        ]));
        let pad = " ".repeat(width + 3);
        match &field.error {
            Some(e) => lines.push(Line::styled(
                format!("{pad}{e}"),
                Style::new().fg(Color::Yellow),
            )),
            None if focused => lines.push(Line::styled(
                if replaced {
                    format!("{pad}{} · typing replaces it, ← → edit it", field.hint)
                } else {
                    format!("{pad}{}", field.hint)
                },
                Style::new().fg(Color::DarkGray),
            )),
            None => {}
        }
    }
    if let Some(e) = &form.error {
        lines.push(Line::styled(e.clone(), Style::new().fg(Color::Yellow)));
    }
    lines.push(Line::styled(
        format!(
            "{} next field · {} previous · {} save · {} leave without a change",
            key(Action::NextField),
            key(Action::PreviousField),
            key(Action::Confirm),
            key(Action::Cancel)
        ),
        Style::new().fg(Color::DarkGray),
    ));
    // Long lines wrap: the frame grows with them, within the screen.
    let inner = usize::from(area.width.min(90).saturating_sub(2)).max(1);
    let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
    let area = super::centred(area, 90, u16::try_from(rows + 2).unwrap_or(u16::MAX));
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(super::pane(form.title.clone(), true)),
        area,
    );
}
