use chrono::{DateTime, Utc};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::action::Action;
use crate::app::{App, QuitQuestion};
use crate::domain::clock_face;
use crate::keymap::Context;

/// The question before leaving with a speaker on the floor, each answer with its key.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, question: &QuitQuestion, now: DateTime<Utc>) {
    let Some(iv) = app
        .record
        .interventions
        .iter()
        .find(|i| i.id == question.floor)
    else {
        return;
    };
    let key = |a| {
        app.keymap
            .keys_for(Context::Quit, a)
            .into_iter()
            .next()
            .unwrap_or_else(|| Action::name(a).to_string())
    };
    let answer = |a, text: &'static str| {
        Line::from(vec![
            Span::styled(format!("  {:<6} ", key(a)), Style::new().fg(Color::Cyan)),
            Span::raw(text),
        ])
    };
    let lines = vec![
        Line::styled(
            format!(
                "{} has the floor ({}{}). Before leaving:",
                app.record.speaker_name(iv.speaker),
                clock_face(iv.speaking_time(now).num_seconds()),
                if iv.is_paused() { ", paused" } else { "" }
            ),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        answer(
            Action::EndIntervention,
            "end the intervention now, then leave",
        ),
        answer(
            Action::PauseTimer,
            "pause their clock, then leave (resume it when back)",
        ),
        answer(
            Action::LeaveClockRunning,
            "leave with the clock running (it counts while the app is closed)",
        ),
        answer(Action::Cancel, "stay"),
    ];
    let area = super::centred(area, 80, 7);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(super::pane(" Leave? ", true)),
        area,
    );
}
