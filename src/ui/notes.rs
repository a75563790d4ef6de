use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::Frame;

use crate::app::{App, Focus, NoteTarget, Overlay};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let title = match app.note_target {
        NoteTarget::Intervention(id) => app
            .record
            .interventions
            .iter()
            .find(|i| i.id == id)
            .map(|iv| {
                let correcting = if app.note_target == app.live_note() {
                    ""
                } else {
                    " · correcting an earlier note"
                };
                format!(
                    " Note · {} · {}{correcting} ",
                    app.record.speaker_name(iv.speaker),
                    iv.kind.label()
                )
            })
            .unwrap_or_else(|| " Note ".into()),
        NoteTarget::Meeting(n) => format!(
            " Note · {} (no one has the floor) ",
            app.record
                .meeting(n)
                .map(|m| m.title())
                .unwrap_or_else(|| "meeting".into())
        ),
    };
    let focused = app.focus == Focus::Notes
        && !app
            .overlays
            .iter()
            .any(|o| matches!(o, Overlay::Finder(_) | Overlay::Log(_) | Overlay::Help(_)));
    // The editor is drawn from a copy, so drawing never changes the app's state.
    let mut editor = app.editor.clone();
    let mut block = super::pane(title, focused);
    if let Some(summary) = tags_and_recommendations(app) {
        block = block.title_bottom(Line::styled(summary, Style::new().fg(Color::Cyan)));
    }
    editor.set_block(block);
    editor.set_cursor_line_style(Style::default());
    if !focused {
        editor.set_cursor_style(Style::default());
    }
    editor.set_placeholder_text("Type what is said…");
    editor.set_placeholder_style(Style::new().fg(Color::DarkGray));
    frame.render_widget(&editor, area);
}

/// " #cooperation #data · 2 recommendations ": what the note carries into the Chair's summary.
fn tags_and_recommendations(app: &App) -> Option<String> {
    let NoteTarget::Intervention(id) = app.note_target else {
        return None;
    };
    let iv = app.record.interventions.iter().find(|i| i.id == id)?;
    let recommendations = iv.recommendations().len();
    if iv.tags.is_empty() && recommendations == 0 {
        return None;
    }
    let mut parts: Vec<String> = Vec::new();
    if !iv.tags.is_empty() {
        parts.push(
            iv.tags
                .iter()
                .map(|t| format!("#{t}"))
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    match recommendations {
        0 => {}
        1 => parts.push("1 recommendation".into()),
        n => parts.push(format!("{n} recommendations")),
    }
    Some(format!(" {} ", parts.join(" · ")))
}
