use chrono::{DateTime, Utc};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{HighlightSpacing, List, ListItem, ListState};
use ratatui::Frame;

use crate::app::App;
use crate::domain::{clock_face, InterventionKind};

/// The interventions of the meeting, in order: when each began (venue time), who spoke, in
/// what capacity, and for how long.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, selected: usize, now: DateTime<Utc>) {
    let tz = app.record.session.tz();
    let log = app.meeting_log();
    let title = format!(
        " Log · {} ",
        app.record
            .meeting(app.meeting)
            .map(|m| m.title())
            .unwrap_or_default()
    );
    let items: Vec<ListItem> = if log.is_empty() {
        vec![ListItem::new(Line::styled(
            "No intervention yet in this meeting.",
            Style::new().fg(Color::DarkGray),
        ))]
    } else {
        log.iter()
            .map(|iv| {
                let mut spans = vec![
                    Span::styled(
                        format!("{} ", iv.started_at.with_timezone(&tz).format("%H:%M")),
                        Style::new().fg(Color::DarkGray),
                    ),
                    Span::raw(app.record.speaker_name(iv.speaker).to_string()),
                ];
                // A merge kept another rapporteur's version beside this one: the record
                // shown may not be the one the secretariat keeps. Next to the name, so a
                // narrow pane does not cut it off.
                if let Some(c) = crate::domain::conflict::of_intervention(&app.record, iv.id) {
                    spans.push(Span::styled(
                        format!(" \u{26a0} conflict {}", c.id.0),
                        Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
                    ));
                }
                if iv.kind != InterventionKind::Statement {
                    spans.push(Span::styled(
                        format!(" · {}", iv.kind.label()),
                        Style::new().fg(Color::Magenta),
                    ));
                }
                let over = iv.overtime_secs(now);
                spans.push(Span::styled(
                    format!(" {}", clock_face(iv.speaking_time(now).num_seconds())),
                    Style::new().fg(if over > 0 { Color::Red } else { Color::Gray }),
                ));
                if over > 0 {
                    spans.push(Span::styled(
                        format!(" +{}", clock_face(over)),
                        Style::new().fg(Color::Red),
                    ));
                }
                if iv.has_floor() {
                    spans.push(Span::styled(
                        " ● on the floor",
                        Style::new().fg(Color::Green),
                    ));
                }
                if iv.given_by_mistake {
                    spans.push(Span::styled(
                        " (floor given by mistake)",
                        Style::new().fg(Color::Yellow),
                    ));
                }
                if !iv.fact_corrections.is_empty() {
                    spans.push(Span::styled(" (corrected)", Style::new().fg(Color::Cyan)));
                }
                ListItem::new(Line::from(spans))
            })
            .collect()
    };
    let mut state = ListState::default().with_selected((!log.is_empty()).then_some(selected));
    // Over the list of speakers, which must not show through.
    frame.render_widget(ratatui::widgets::Clear, area);
    frame.render_stateful_widget(
        List::new(items)
            .block(super::pane(title, true).title_bottom(keys_line(app, area.width)))
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

/// What can be done to the selected intervention, with the keys in force.
/// As many as fit in `width`, whole.
fn keys_line(app: &App, width: u16) -> Line<'static> {
    let key = |action| {
        app.keymap
            .keys_for(crate::keymap::Context::Log, action)
            .into_iter()
            .next()
    };
    let room = usize::from(width).saturating_sub(4);
    let mut parts: Vec<String> = Vec::new();
    for (action, what) in [
        (crate::action::Action::CorrectIntervention, "correct"),
        (crate::action::Action::Confirm, "note"),
        (crate::action::Action::NoteHistory, "history"),
    ] {
        let Some(part) = key(action).map(|k| format!("{k} {what}")) else {
            continue;
        };
        let used: usize = parts.iter().map(|p| p.chars().count() + 3).sum();
        if used + part.chars().count() + 2 > room {
            break;
        }
        parts.push(part);
    }
    if parts.is_empty() {
        return Line::default();
    }
    Line::styled(
        format!(" {} ", parts.join(" · ")),
        Style::new().fg(Color::DarkGray),
    )
}
