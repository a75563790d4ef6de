use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::action::Action;
use crate::app::App;

/// The keys most worth knowing, in the order the hints show them.
const HINTED: [Action; 6] = [
    Action::GiveFloor,
    Action::Inscribe,
    Action::EndIntervention,
    Action::FocusNext,
    Action::ToggleHelp,
    Action::Quit,
];

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let [where_area, keys_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    frame.render_widget(Paragraph::new(where_we_are(app)), where_area);
    frame.render_widget(Paragraph::new(keys_and_message(app)), keys_area);
}

/// Whether everything typed is on disk — first, as it must never be in doubt — then the
/// session, meeting and agenda item being logged.
fn where_we_are(app: &App) -> Line<'_> {
    let mut spans: Vec<Span> = Vec::new();
    match &app.save.error {
        Some(error) => {
            spans.push(Span::styled(
                format!(" NOT SAVED: {error} "),
                Style::new()
                    .fg(Color::White)
                    .bg(Color::Red)
                    .add_modifier(Modifier::BOLD),
            ));
            return Line::from(spans);
        }
        None if app.save.all_on_disk() => {
            spans.push(Span::styled(" ✔ saved ", Style::new().fg(Color::Green)))
        }
        None => spans.push(Span::styled(" … saving ", Style::new().fg(Color::Yellow))),
    }
    let record = &app.record;
    let meeting = record
        .meeting(app.meeting)
        .map(|m| m.title())
        .unwrap_or_default();
    let item = record
        .agenda_item(app.agenda_item)
        .map(|a| a.heading())
        .unwrap_or_default();
    spans.push(Span::styled(
        format!("│ {} · {meeting} · {item}", record.session.title()),
        Style::new().fg(Color::Gray),
    ));
    Line::from(spans)
}

/// What just happened, if anything, then the most useful keys as the keymap binds them.
fn keys_and_message(app: &App) -> Line<'_> {
    let mut spans: Vec<Span> = Vec::new();
    if let Some(message) = &app.message {
        let style = if message.warning {
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else {
            Style::new().fg(Color::Cyan)
        };
        spans.push(Span::styled(format!(" {} ", message.text), style));
        spans.push(Span::raw("│"));
    }
    for action in HINTED {
        if let Some(key) = app.keymap.keys_for(app.context(), action).first() {
            spans.push(Span::styled(
                format!(" {key}"),
                Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            ));
            spans.push(Span::raw(format!(" {} ", action.hint())));
        }
    }
    Line::from(spans)
}
