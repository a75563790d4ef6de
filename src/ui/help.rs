use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use crate::action::Action;
use crate::app::{App, HelpView};
use crate::keymap::Context;

/// The width of the column of keys.
const KEYS: usize = 15;

/// The list of keys, generated from the keymap in force so it shows the user's own keys:
/// every context, each with its own table (the global keys once, first).
pub fn draw(frame: &mut Frame, area: Rect, app: &App, view: &HelpView) {
    // As much of the screen as there is: the list is long, and cut lines would lie by omission.
    let area = super::centred(area, 92, area.height);
    let mut lines: Vec<Line> = Vec::new();
    for context in Context::ALL {
        let rows: Vec<(String, Action)> = Action::ALL
            .into_iter()
            .filter(|a| *a != Action::Noop)
            .filter_map(|a| {
                // Each context's own keys only: the global ones are listed once, under their heading.
                let keys = app.keymap.keys_in_table(context, a);
                (!keys.is_empty()).then(|| (keys.join(", "), a))
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        lines.push(Line::styled(
            match context {
                Context::Global => "Everywhere",
                Context::Speakers => "In the list of speakers",
                Context::Notes => "In the note editor",
                Context::Finder => "In the finder",
                Context::Help => "In the help",
                Context::Log => "In the log of the meeting",
                Context::Chair => "In the chair's view",
                Context::Statistics => "In the statistics",
                Context::Search => "While searching the notes",
                Context::History => "In the history of a note",
                Context::Prompt => "While answering a question or filling in a form",
                Context::Quit => "When asked, on leaving, what becomes of the speaker's clock",
                Context::Agenda => "In the agenda",
                Context::Roster => "In the roster",
                Context::Abbreviations => "In the abbreviations",
            },
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        ));
        for (keys, action) in rows {
            // Keys too many for their column get a line of their own, the description under.
            if keys.chars().count() > KEYS {
                lines.push(Line::styled(
                    format!("  {keys}"),
                    Style::new().fg(Color::Cyan),
                ));
                lines.push(Line::raw(format!(
                    "  {:KEYS$} {}",
                    "",
                    action.description()
                )));
            } else {
                lines.push(Line::from(vec![
                    Span::styled(format!("  {keys:<KEYS$} "), Style::new().fg(Color::Cyan)),
                    Span::raw(action.description()),
                ]));
            }
        }
    }
    // Scrolled no further than the last line can reach the bottom of the box.
    let visible = area.height.saturating_sub(2);
    let total = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let scroll = view.scroll.min(total.saturating_sub(visible));
    let more = if total > visible {
        let keys = app.keymap.keys_for(Context::Help, Action::SelectNext);
        format!(
            " Keys (from the keymap in force) · {}–{} of {} · {} scrolls ",
            scroll + 1,
            (scroll + visible).min(total),
            total,
            keys.first().map(String::as_str).unwrap_or("down")
        )
    } else {
        " Keys (from the keymap in force) ".to_string()
    };
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((scroll, 0))
            .block(super::pane(more, true)),
        area,
    );
}
