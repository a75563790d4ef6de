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
    let mut versions: Vec<(String, String)> = Vec::new();
    if let (Some(live), Some(ended)) = (iv.live_record(), iv.ended_at) {
        versions.push((format!("Live record, {}", local(ended)), live.to_string()));
    }
    for (i, c) in iv.corrections.iter().enumerate() {
        versions.push((
            format!("Correction {}, {}", i + 1, local(c.at)),
            c.text.clone(),
        ));
    }
    // The facts (speaker, kind, item, times), once put right: as recorded live, then each
    // correction, after the versions of the note.
    if !iv.fact_corrections.is_empty() {
        versions.push((
            "Speaker, kind, item and times as recorded live".into(),
            facts_text(app, &iv.live_facts()),
        ));
        for (i, c) in iv.fact_corrections.iter().enumerate() {
            versions.push((
                format!(
                    "Speaker, kind, item, times: correction {}, {}",
                    i + 1,
                    local(c.at)
                ),
                facts_text(app, &c.facts),
            ));
        }
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
        .map(|(label, _)| ListItem::new(label.clone()))
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
        .map(|(_, t)| t.as_str())
        .unwrap_or_default();
    frame.render_widget(
        Paragraph::new(text.lines().map(Line::from).collect::<Vec<_>>())
            .wrap(Wrap { trim: false })
            .style(Style::new().fg(Color::Gray)),
        text_area,
    );
}

/// The facts of one version, a line each.
fn facts_text(app: &App, facts: &crate::domain::Facts) -> String {
    let time = |t| app.record.venue_clock(t);
    let item = app
        .record
        .agenda_item(facts.agenda_item)
        .map(|a| format!("{}. {}", a.number, a.title))
        .unwrap_or_default();
    let mut lines = vec![
        format!("Speaker: {}", app.record.speaker_name(facts.speaker)),
        format!(
            "On behalf of: {}",
            facts.on_behalf_of.as_deref().unwrap_or("(themselves)")
        ),
        format!("Kind: {}", facts.kind.label()),
        format!("Agenda item: {item}"),
        format!("Meeting: {}", facts.meeting),
        format!(
            "From {} to {}",
            time(facts.started_at),
            facts
                .ended_at
                .map(time)
                .unwrap_or_else(|| "(on the floor)".into())
        ),
    ];
    if facts.struck {
        lines.push("Struck from the record: the floor was given by mistake".into());
    }
    lines.join("\n")
}
