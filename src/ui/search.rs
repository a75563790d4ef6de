use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, List, ListItem, ListState, Paragraph};
use ratatui::Frame;

use crate::action::Action;
use crate::app::{snippet, App, SearchView};
use crate::keymap::Context;

/// Searching the notes: the query, then each note that holds it, with who spoke and when.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, search: &SearchView) {
    let area = super::centred(area, 96, area.height.saturating_sub(2));
    let block = super::pane(" Search the notes of the session ", true);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let [input, hint, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(format!("Find: {}▏", search.query)), input);
    let key = |a| {
        app.keymap
            .keys_for(Context::Search, a)
            .into_iter()
            .next()
            .unwrap_or_default()
    };
    let found = match search.results.len() {
        0 if search.query.trim().is_empty() => "Type a word from a note".to_string(),
        0 => "No note holds it".to_string(),
        1 => "1 note".to_string(),
        n => format!("{n} notes"),
    };
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!(
                "{found} · {} opens it · {} closes",
                key(Action::Confirm),
                key(Action::Cancel)
            ),
            Style::new().fg(Color::DarkGray),
        )),
        hint,
    );
    let tz = app.record.session.tz();
    let width = usize::from(list.width.saturating_sub(36));
    let items: Vec<ListItem> = search
        .results
        .iter()
        .filter_map(|id| app.record.interventions.iter().find(|i| i.id == *id))
        .map(|iv| {
            ListItem::new(Line::from(vec![
                Span::styled(
                    format!(
                        "{} m{} ",
                        iv.started_at.with_timezone(&tz).format("%d %b %H:%M"),
                        iv.meeting
                    ),
                    Style::new().fg(Color::DarkGray),
                ),
                Span::styled(
                    format!("{:<16.16} ", app.record.speaker_name(iv.speaker)),
                    Style::new().add_modifier(Modifier::BOLD),
                ),
                Span::raw(snippet(&iv.note, &search.query, width)),
            ]))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(search.selected));
    frame.render_stateful_widget(
        List::new(items)
            .highlight_style(Style::new().bg(Color::DarkGray))
            .highlight_symbol("▶ "),
        list,
        &mut state,
    );
}
