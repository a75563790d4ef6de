use ratatui::layout::Rect;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Clear, List, ListItem, ListState, Paragraph};
use ratatui::Frame;

use crate::app::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let Some(finder) = &app.finder else { return };
    let area = super::centred(area, 60, 14);
    let item = app
        .record
        .agenda_item(app.agenda_item)
        .map(|a| format!("item {}", a.number))
        .unwrap_or_default();
    let block = super::pane(format!(" Inscribe on the list of {item} "), true);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let [input, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    frame.render_widget(
        Paragraph::new(Line::from(format!("Speaker: {}▏", finder.query))),
        input,
    );
    let items: Vec<ListItem> = finder
        .matches
        .iter()
        .map(|(label, _)| ListItem::new(label.as_str()))
        .collect();
    let mut state = ListState::default().with_selected(Some(finder.selected));
    frame.render_stateful_widget(
        List::new(items)
            .highlight_style(
                Style::new()
                    .bg(Color::DarkGray)
                    .add_modifier(Modifier::BOLD),
            )
            .highlight_symbol("▶ "),
        list,
        &mut state,
    );
}
