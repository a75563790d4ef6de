//! The agenda and the roster over the panes: a list to pick from, and the keys in force for
//! what can be done to the row selected.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, HighlightSpacing, List, ListItem, ListState};
use ratatui::Frame;

use crate::action::Action;
use crate::app::App;
use crate::keymap::Context;

/// The agenda in order: number, title, interventions made and speakers waiting; the item in
/// view is marked with a dot.
pub fn draw_agenda(frame: &mut Frame, area: Rect, app: &App, selected: usize) {
    let r = &app.record;
    let rows = r
        .agenda
        .iter()
        .map(|a| {
            let said = r.interventions_under(a.id);
            let waiting = r.list(a.id).map_or(0, |l| l.len());
            let mark = if a.id == app.agenda_item { "●" } else { " " };
            ListItem::new(Line::from(vec![
                Span::styled(mark, Style::new().fg(Color::Green)),
                Span::styled(format!("{:>6}  ", a.number), Style::new().fg(Color::Cyan)),
                Span::raw(a.title.clone()),
                Span::styled(
                    format!(
                        "  {said} intervention{}, {waiting} waiting",
                        if said == 1 { "" } else { "s" }
                    ),
                    Style::new().fg(Color::DarkGray),
                ),
            ]))
        })
        .collect();
    let title = format!(" Agenda · {} ", r.session.title());
    let keys = [
        (Action::AddEntry, "add"),
        (Action::RenameEntry, "rename"),
        (Action::MoveUp, "up"),
        (Action::MoveDown, "down"),
        (Action::RemoveEntry, "remove"),
        (Action::MergeEntry, "merge"),
        (Action::Confirm, "go to"),
        (Action::AgendaView, "close"),
    ];
    draw_list(
        frame,
        area,
        app,
        Context::Agenda,
        (title, rows),
        selected,
        &keys,
    );
}

/// The roster: name, category, in the room or online.
pub fn draw_roster(frame: &mut Frame, area: Rect, app: &App, selected: usize) {
    let r = &app.record;
    let rows: Vec<ListItem> = if r.participants.is_empty() {
        vec![ListItem::new(Line::styled(
            "No one on the roster yet: inscribing a speaker adds them.",
            Style::new().fg(Color::DarkGray),
        ))]
    } else {
        r.participants
            .iter()
            .map(|p| {
                ListItem::new(Line::from(vec![
                    Span::raw(p.name.clone()),
                    Span::styled(
                        format!("  {} · {}", p.category.label(), p.attendance.label()),
                        Style::new().fg(Color::DarkGray),
                    ),
                ]))
            })
            .collect()
    };
    let n = r.participants.len();
    let title = format!(
        " Roster · {n} participant{} ",
        if n == 1 { "" } else { "s" }
    );
    let keys = [
        (Action::RenameEntry, "rename"),
        (Action::ChangeCategory, "category"),
        (Action::SwitchAttendance, "room/online"),
        (Action::MergeEntry, "merge into"),
        (Action::UnmergeEntry, "unmerge"),
        (Action::RosterView, "close"),
    ];
    draw_list(
        frame,
        area,
        app,
        Context::Roster,
        (title, rows),
        selected,
        &keys,
    );
}

pub(super) fn draw_list(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    context: Context,
    (title, rows): (String, Vec<ListItem>),
    selected: usize,
    keys: &[(Action, &str)],
) {
    let height = u16::try_from(rows.len() + 2).unwrap_or(u16::MAX);
    let area = super::centred(
        area,
        100,
        height.clamp(5, area.height.saturating_sub(2).max(5)),
    );
    let selected = selected.min(rows.len().saturating_sub(1));
    let mut state = ListState::default().with_selected(Some(selected));
    let room = usize::from(area.width).saturating_sub(4);
    let mut parts: Vec<String> = Vec::new();
    for (action, what) in keys {
        let Some(key) = app.keymap.keys_for(context, *action).into_iter().next() else {
            continue;
        };
        let part = format!("{key} {what}");
        let used: usize = parts.iter().map(|p| p.chars().count() + 3).sum();
        if used + part.chars().count() + 2 > room {
            break;
        }
        parts.push(part);
    }
    let hint = Line::styled(
        format!(" {} ", parts.join(" · ")),
        Style::new().fg(Color::DarkGray),
    );
    frame.render_widget(Clear, area);
    frame.render_stateful_widget(
        List::new(rows)
            .block(super::pane(title, true).title_bottom(hint))
            .highlight_style(
                Style::new()
                    .bg(Color::DarkGray)
                    .add_modifier(Modifier::BOLD),
            )
            .highlight_symbol("▶ ")
            .highlight_spacing(HighlightSpacing::Always),
        area,
        &mut state,
    );
}
