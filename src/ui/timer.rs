use chrono::{DateTime, Utc};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::action::Action;
use crate::app::App;
use crate::domain::{
    clock_face, recording_clock, Intervention, Phase, SessionRecord, TimerReading,
};
use crate::export::words::on_behalf_of;

/// The colour of the clock in each phase, shared with the chair's view.
pub fn phase_colour(phase: Phase) -> Color {
    match phase {
        Phase::Running => Color::Green,
        Phase::Warning => Color::Yellow,
        Phase::Over => Color::Red,
        Phase::Paused => Color::Yellow,
        Phase::Ended => Color::Gray,
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, now: DateTime<Utc>) {
    let block = super::pane(" Speaking time ", false);
    let Some(iv) = app.record.floor() else {
        let mut idle = vec![Span::styled(
            "No one has the floor",
            Style::new().fg(Color::Gray),
        )];
        idle.extend(in_the_recording(app, app.meeting, now));
        let text = vec![
            Line::from(idle),
            Line::styled(
                format!(
                    "{} gives the floor to the next speaker",
                    app.key_hint(Action::GiveFloor)
                ),
                Style::new().fg(Color::DarkGray),
            ),
        ];
        frame.render_widget(Paragraph::new(text).block(block), area);
        return;
    };
    let reading = TimerReading::in_session(&app.record, iv, now);
    let colour = phase_colour(reading.phase);
    let mut who = who_speaks(&app.record, iv);
    who.push(Span::styled(
        format!(" · {}", iv.kind.label()),
        Style::new().fg(Color::Gray),
    ));
    let mut clock = vec![Span::styled(
        clock_face(reading.elapsed),
        Style::new().fg(colour).add_modifier(Modifier::BOLD),
    )];
    if let Some(limit) = reading.limit {
        clock.push(Span::raw(format!(" / {}", clock_face(i64::from(limit)))));
    }
    clock.extend(in_the_recording(app, iv.meeting, now));
    if reading.phase == Phase::Paused {
        clock.push(Span::styled(
            "  ⏸ PAUSED",
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        ));
    }
    let budget = reading
        .budget
        .and_then(|i| app.record.session.budgets.get(i))
        .map(|b| b.holder_label(&app.record));
    let state = match (reading.remaining, &budget) {
        (Some(r), Some(holder)) if r < 0 => Line::styled(
            format!("OVER the budget of {holder} by {}", clock_face(-r)),
            Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
        ),
        (Some(r), Some(holder)) => Line::styled(
            format!("{} left of the budget of {holder}", clock_face(r)),
            Style::new().fg(colour),
        ),
        (Some(r), None) if r < 0 => Line::styled(
            format!("OVER TIME by {}", clock_face(-r)),
            Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
        ),
        (Some(r), None) => Line::styled(format!("{} left", clock_face(r)), Style::new().fg(colour)),
        (None, _) => Line::raw("no time limit"),
    };
    let mut text = vec![Line::from(who), Line::from(clock), state];
    // A point of order: whose clock it stopped, and what that speaker still has.
    if let Some(interrupted) = iv
        .interrupts
        .and_then(|id| app.record.interventions.iter().find(|i| i.id == id))
        .filter(|i| i.has_floor())
    {
        let left = interrupted
            .remaining_secs(now)
            .map(|r| format!(", {} left", clock_face(r)))
            .unwrap_or_default();
        text.push(Line::styled(
            format!(
                "Interrupting {}: paused at {}{left}",
                app.record.speaker_name(interrupted.speaker),
                clock_face(interrupted.speaking_time(now).num_seconds())
            ),
            Style::new().fg(Color::Magenta),
        ));
    }
    for budget in app
        .record
        .session
        .budgets
        .iter()
        .filter(|b| b.agenda_item == iv.agenda_item)
        .filter(|b| b.covers(&app.record, iv.speaker, iv.on_behalf_of.as_deref()))
    {
        text.push(super::speakers::budget_line(app, budget, now));
    }
    frame.render_widget(Paragraph::new(text).block(block), area);
}

/// "  rec 0:42:13": where in the meeting's recording what is said now will be found (the
/// typing lag taken off), for the rapporteur to note beside a passage to check later.
fn in_the_recording(app: &App, meeting: u32, now: DateTime<Utc>) -> Option<Span<'static>> {
    let offset = app.record.meeting(meeting)?.recording.offset_of(now)?;
    Some(Span::styled(
        format!("  rec {}", recording_clock(offset.secs()?)),
        Style::new().fg(Color::DarkGray),
    ))
}

/// The speaker in bold, and the group they speak for as the room hears it: "Indonesia on
/// behalf of the Group of Asia-Pacific States", as the drafts write it.
pub(super) fn who_speaks<'a>(record: &'a SessionRecord, iv: &Intervention) -> Vec<Span<'a>> {
    let name = record.speaker_name(iv.speaker);
    let mut who = vec![Span::styled(
        name,
        Style::new().add_modifier(Modifier::BOLD),
    )];
    if let Some(behalf) = iv
        .on_behalf_of
        .as_deref()
        .and_then(|group| on_behalf_of(name, group, &record.participants))
    {
        who.push(Span::raw(format!(" {behalf}")));
    }
    who
}
