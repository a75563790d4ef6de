use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Clear, List, ListItem, ListState, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::{App, HistoryView};

/// The versions of a note: what was written live, then each correction with its time.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, view: &HistoryView) {
    let Some(iv) = app
        .record
        .interventions
        .iter()
        .find(|i| i.id == view.intervention)
    else {
        return;
    };
    let tz = app.record.session.tz();
    let local = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&tz).format("%d %b %H:%M:%S");
    let mut versions: Vec<(String, &str)> = Vec::new();
    if let (Some(live), Some(ended)) = (iv.live_record(), iv.ended_at) {
        versions.push((format!("Live record, {}", local(ended)), live));
    }
    for (i, c) in iv.corrections.iter().enumerate() {
        versions.push((
            format!("Correction {}, {}", i + 1, local(c.at)),
            c.text.as_str(),
        ));
    }
    let area = super::centred(area, 90, area.height.saturating_sub(2));
    let block = super::pane(
        format!(
            " History of the note · {} · {} ",
            app.record.speaker_name(iv.speaker),
            iv.kind.label()
        ),
        true,
    );
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let list_height = u16::try_from(versions.len()).unwrap_or(u16::MAX).min(6);
    let [list_area, text_area] =
        Layout::vertical([Constraint::Length(list_height + 1), Constraint::Min(0)]).areas(inner);
    let items: Vec<ListItem> = versions
        .iter()
        .map(|(label, _)| ListItem::new(label.as_str()))
        .collect();
    let mut state = ListState::default().with_selected(Some(view.selected));
    frame.render_stateful_widget(
        List::new(items)
            .highlight_style(
                Style::new()
                    .bg(Color::DarkGray)
                    .add_modifier(Modifier::BOLD),
            )
            .highlight_symbol("▶ "),
        list_area,
        &mut state,
    );
    let text = versions
        .get(view.selected)
        .map(|(_, t)| *t)
        .unwrap_or_default();
    frame.render_widget(
        Paragraph::new(text.lines().map(Line::from).collect::<Vec<_>>())
            .wrap(Wrap { trim: false })
            .style(Style::new().fg(Color::Gray)),
        text_area,
    );
}
