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

/// Said under a text proposed whole, drawn as a selection (`being_typed`).
pub(super) const TYPED_OVER: &str = " · typing replaces it, ← → edit it";

/// A line being typed in, with its cursor; marked as a selection is while what is typed
/// replaces it.
pub(super) fn being_typed(text: &str, back: usize, replaced: bool, style: Style) -> Span<'static> {
    let style = if replaced {
        style.add_modifier(Modifier::REVERSED)
    } else {
        style
    };
    Span::styled(crate::app::overlay::input::with_cursor(text, back), style)
}

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
        let style = if focused {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        let replaced = focused && field.typing_replaces();
        let value = if focused {
            being_typed(&field.value, field.back, replaced, style)
        } else {
            Span::styled(field.value.clone(), style)
        };
        lines.push(Line::from(vec![
            Span::styled(if focused { "› " } else { "  " }, style),
            Span::styled(label, style),
            Span::raw(" "),
            value,
        ]));
        let pad = " ".repeat(width + 3);
        match &field.error {
            Some(e) => lines.push(Line::styled(
                format!("{pad}{e}"),
                Style::new().fg(Color::Yellow),
            )),
            None if focused => lines.push(Line::styled(
                format!(
                    "{pad}{}{}",
                    field.hint,
                    if replaced { TYPED_OVER } else { "" }
                ),
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
