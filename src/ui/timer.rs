use chrono::{DateTime, Utc};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::action::Action;
use crate::app::App;
use crate::domain::clock_face;

/// Time left under which the clock turns amber.
const WARN_SECS: i64 = 30;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, now: DateTime<Utc>) {
    let block = super::pane(" Speaking time ", false);
    let Some(iv) = app.record.floor() else {
        let text = vec![
            Line::styled("No one has the floor", Style::new().fg(Color::Gray)),
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
    let name = app.record.speaker_name(iv.speaker);
    let elapsed = iv.speaking_time(now).num_seconds();
    let remaining = iv.remaining_secs(now);
    let colour = match remaining {
        Some(r) if r < 0 => Color::Red,
        Some(r) if r <= WARN_SECS => Color::Yellow,
        _ => Color::Green,
    };
    let mut who = vec![Span::styled(
        name,
        Style::new().add_modifier(Modifier::BOLD),
    )];
    if let Some(group) = &iv.on_behalf_of {
        who.push(Span::raw(format!(" on behalf of {group}")));
    }
    who.push(Span::styled(
        format!(" · {}", iv.kind.label()),
        Style::new().fg(Color::Gray),
    ));
    let mut clock = vec![Span::styled(
        clock_face(elapsed),
        Style::new().fg(colour).add_modifier(Modifier::BOLD),
    )];
    if let Some(limit) = iv.time_limit_secs {
        clock.push(Span::raw(format!(" / {}", clock_face(i64::from(limit)))));
    }
    if iv.is_paused() {
        clock.push(Span::styled(
            "  ⏸ PAUSED",
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        ));
    }
    let state = match remaining {
        Some(r) if r < 0 => Line::styled(
            format!("OVER TIME by {}", clock_face(-r)),
            Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
        ),
        Some(r) => Line::styled(format!("{} left", clock_face(r)), Style::new().fg(colour)),
        None => Line::raw("no time limit"),
    };
    let text = vec![Line::from(who), Line::from(clock), state];
    frame.render_widget(Paragraph::new(text).block(block), area);
}
