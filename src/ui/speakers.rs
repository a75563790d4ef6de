use chrono::{DateTime, Utc};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{HighlightSpacing, List, ListItem, ListState};
use ratatui::Frame;

use crate::action::Action;
use crate::app::{App, Focus, Overlay};
use crate::domain::{
    clock_face, BudgetHolder, Category, Inscription, InterventionKind, TimeBudget,
};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, now: DateTime<Utc>) {
    let record = &app.record;
    let item = record.agenda_item(app.agenda_item);
    let list = record.list(app.agenda_item);
    let closed = list.is_some_and(|l| l.closed);
    let title = format!(
        " List of speakers · {}{} ",
        item.map(|a| format!("item {}", a.number))
            .unwrap_or_else(|| "no agenda item".into()),
        if closed { " (closed)" } else { "" }
    );
    let focused = app.focus == Focus::Speakers
        && !app
            .overlays
            .iter()
            .any(|o| matches!(o, Overlay::Finder(_) | Overlay::Help(_)));
    let mut block = super::pane(title, focused);
    // When the list will end, against the meeting's close: the chair's cue to close the list
    // or shorten the time limit.
    if let Some(forecast) = crate::stats::list_forecast(record, app.agenda_item, app.meeting, now) {
        let sentence = forecast.brief(record.session.tz());
        let late = forecast.margin_secs.is_some_and(|m| m < 0);
        block = block.title_bottom(Line::styled(
            format!(" {sentence} "),
            if late {
                Style::new().fg(Color::Red)
            } else {
                Style::new().fg(Color::Gray)
            },
        ));
    }

    // Each budget of the item is added up once per frame, not once per waiting speaker: a
    // budget's time left reads every intervention of the session.
    let budgets: Vec<(&TimeBudget, i64)> = record
        .session
        .budgets
        .iter()
        .filter(|b| b.agenda_item == app.agenda_item)
        .map(|b| (b, b.left(record, now)))
        .collect();
    // Inside the borders, less the selection marker.
    let row_width = usize::from(area.width.saturating_sub(4));
    let mut items: Vec<ListItem> = Vec::new();
    if let Some(a) = item {
        items.push(ListItem::new(Line::styled(
            a.title.clone(),
            Style::new().fg(Color::Gray).add_modifier(Modifier::ITALIC),
        )));
    }
    if closed {
        items.push(ListItem::new(Line::styled(
            "List closed: rights of reply only",
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        )));
    }
    let header_rows = items.len();
    let waiting: Vec<&Inscription> = list.map(|l| l.in_order().collect()).unwrap_or_default();
    let speakers_len = list.map(|l| l.speakers.len()).unwrap_or(0);
    for (i, ins) in waiting.iter().enumerate() {
        if i == speakers_len {
            items.push(ListItem::new(Line::styled(
                "— Rights of reply —",
                Style::new().fg(Color::Magenta),
            )));
        }
        items.push(ListItem::new(inscription_line(
            app, i, ins, row_width, &budgets,
        )));
    }
    if waiting.is_empty() {
        let hint = format!(
            "No one is inscribed. {} inscribes a speaker.",
            app.key_hint(Action::Inscribe)
        );
        items.push(ListItem::new(Line::styled(
            hint,
            Style::new().fg(Color::DarkGray),
        )));
    }
    // The selection counts inscriptions; the list also holds headings.
    let selected_row = (!waiting.is_empty()).then(|| {
        header_rows
            + app.selected
            + usize::from(app.selected >= speakers_len && speakers_len < waiting.len())
    });
    let mut state = ListState::default().with_selected(if focused { selected_row } else { None });
    let widget = List::new(items)
        .block(block)
        .highlight_style(
            Style::new()
                .bg(Color::DarkGray)
                .add_modifier(Modifier::BOLD),
        )
        .highlight_symbol("▶ ")
        .highlight_spacing(HighlightSpacing::Always);
    frame.render_stateful_widget(widget, area, &mut state);
}

fn inscription_line<'a>(
    app: &'a App,
    position: usize,
    ins: &'a Inscription,
    width: usize,
    budgets: &[(&TimeBudget, i64)],
) -> Line<'a> {
    let p = app.record.participant(ins.speaker);
    let name = p.map(|p| p.name.as_str()).unwrap_or("(unknown)");
    let category = p.map(|p| p.category).unwrap_or(Category::Other);
    let limit = app
        .record
        .session
        .time_limits
        .for_inscription(category, ins);
    let number = format!("{:>2}. ", position + 1);
    let right = format!(
        " {:>5} {}",
        category.short(),
        limit
            .map(|l| clock_face(i64::from(l)))
            .unwrap_or_else(|| "  —  ".into())
    );
    let mut who = name.to_string();
    if let Some(group) = &ins.on_behalf_of {
        who.push_str(&format!(" for {group}"));
    }
    if !matches!(
        ins.kind,
        InterventionKind::Statement | InterventionKind::RightOfReply
    ) {
        who.push_str(&format!(" · {}", ins.kind.short()));
    }
    // A limit the chair set for this speaker alone stands out from the session's.
    let limit_style = if ins.time_limit_secs.is_some() {
        Style::new().fg(Color::Cyan)
    } else {
        Style::new().fg(Color::DarkGray)
    };
    let (budget, overspent) = budget_mark(app, ins, budgets).unwrap_or_default();
    // The name gives way to the category, limit and budget, which line up on the right.
    let room = width
        .saturating_sub(number.chars().count() + right.chars().count() + budget.chars().count());
    let who = fit(&who, room);
    let pad = room.saturating_sub(who.chars().count());
    Line::from(vec![
        Span::styled(number, Style::new().fg(Color::DarkGray)),
        Span::raw(who),
        Span::raw(" ".repeat(pad)),
        Span::styled(right, limit_style),
        Span::styled(
            budget,
            if overspent {
                Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
            } else {
                Style::new().fg(Color::Cyan)
            },
        ),
    ])
}

/// Cuts `text` to `width` characters, with an ellipsis when something was cut.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else if width == 0 {
        String::new()
    } else {
        let mut cut: String = text.chars().take(width - 1).collect();
        cut.push('…');
        cut
    }
}

/// "NGOs' budget: 04:10 left", or overspent, unmistakably.
pub fn budget_line<'a>(app: &App, budget: &TimeBudget, now: DateTime<Utc>) -> Line<'a> {
    let holder = match &budget.holder {
        BudgetHolder::Delegation(id) => app.record.speaker_name(*id).to_string(),
        BudgetHolder::Group(group) => group.clone(),
        BudgetHolder::Category(c) => c.label().to_string(),
    };
    let left = budget.left(&app.record, now);
    if left < 0 {
        Line::styled(
            format!("Budget of {holder}: {} OVER", clock_face(-left)),
            Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
        )
    } else {
        Line::styled(
            format!("Budget of {holder}: {} left", clock_face(left)),
            Style::new().fg(Color::Cyan),
        )
    }
}

/// The budget an inscription draws on, if any, as a few characters for its row.
fn budget_mark(
    app: &App,
    ins: &Inscription,
    budgets: &[(&TimeBudget, i64)],
) -> Option<(String, bool)> {
    let &(_, left) = budgets
        .iter()
        .find(|(b, _)| b.covers(&app.record, ins.speaker, ins.on_behalf_of.as_deref()))?;
    Some(if left < 0 {
        (format!(" −{}", clock_face(-left)), true)
    } else {
        (format!(" ({})", clock_face(left)), false)
    })
}
