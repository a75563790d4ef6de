//! The speaking-time statistics: one table per way of counting (delegation, category, agenda
//! item, group), each row with a bar of its total, and the time budgets. The numbers come from
//! `crate::stats`, as the exports' do.

use chrono::{DateTime, Utc};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table};
use ratatui::Frame;

use crate::action::Action;
use crate::app::{App, StatisticsView};
use crate::domain::{clock_face, BudgetHolder, Category, TimeBudget};
use crate::keymap::Context;
use crate::stats::{SpeakingTime, Statistics, StatsFilter};

/// The tables, in the order the next-table key goes through them.
const TABS: [&str; 5] = [
    "By delegation",
    "By category",
    "By agenda item",
    "By group",
    "By kind",
];

/// Widths of the number columns: interventions, total, over the limit, time over.
const NUMBERS: [(&str, u16); 4] = [
    ("Interv.", 7),
    ("Total", 8),
    ("Over limit", 10),
    ("Time over", 9),
];

/// One row of a table: its name, a category where the table has one, and its time.
struct Entry {
    name: String,
    category: Option<Category>,
    time: SpeakingTime,
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, view: &StatisticsView, now: DateTime<Utc>) {
    let record = &app.record;
    let filter = StatsFilter::default();
    let stats = Statistics::of(record, now, filter);
    let tab = view.tab % TABS.len();
    let (first_column, entries, empty) = entries(&stats, tab);

    let block = super::pane(" Speaking time ", true);
    let inner = block.inner(area);
    let budgets = &record.session.budgets;
    let budget_rows = if budgets.is_empty() {
        0
    } else {
        (budgets.len() as u16 + 2).min(inner.height / 3)
    };
    let [tabs_area, scope_area, table_area, budgets_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Min(0),
        Constraint::Length(budget_rows),
    ])
    .areas(inner);

    let table_area = Rect {
        x: table_area.x.saturating_add(1).min(table_area.right()),
        width: table_area.width.saturating_sub(1),
        ..table_area
    };
    // The table scrolls under its header; the scroll stops when the last row shows.
    let visible = usize::from(table_area.height.saturating_sub(1));
    let scroll = usize::from(view.scroll).min(entries.len().saturating_sub(visible));
    let block = if entries.len() > visible && visible > 0 {
        let down = app
            .keymap
            .keys_for(Context::Statistics, Action::SelectNext)
            .into_iter()
            .next()
            .map(|k| format!(" · {k} scrolls"))
            .unwrap_or_default();
        block.title_bottom(format!(
            " rows {}–{} of {}{down} ",
            scroll + 1,
            (scroll + visible).min(entries.len()),
            entries.len()
        ))
    } else {
        block
    };
    frame.render_widget(block, area);

    frame.render_widget(Paragraph::new(tab_line(app, tab)), tabs_area);
    frame.render_widget(
        Paragraph::new(scope(&filter.describe(record), &stats.total)),
        scope_area,
    );
    if entries.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(empty, Style::new().fg(Color::Gray))),
            table_area,
        );
    } else {
        table(
            frame,
            table_area,
            first_column,
            &entries[scroll..],
            max_total(&entries),
        );
    }
    if budget_rows > 0 {
        budget_section(frame, budgets_area, app, budgets, now);
    }
}

/// The rows of the selected table, the heading of its first column, and what it says when
/// it has no rows.
fn entries(stats: &Statistics, tab: usize) -> (&'static str, Vec<Entry>, &'static str) {
    let plain = |rows: &[(String, SpeakingTime)]| {
        rows.iter()
            .map(|(name, time)| Entry {
                name: name.clone(),
                category: None,
                time: *time,
            })
            .collect()
    };
    match tab {
        0 => (
            "Delegation",
            stats
                .by_delegation
                .iter()
                .map(|(name, category, time)| Entry {
                    name: name.clone(),
                    category: Some(*category),
                    time: *time,
                })
                .collect(),
            "No one has spoken yet.",
        ),
        1 => (
            "Category",
            stats
                .by_category
                .iter()
                .map(|(category, time)| Entry {
                    name: category.label().to_string(),
                    category: None,
                    time: *time,
                })
                .collect(),
            "No one has spoken yet.",
        ),
        2 => (
            "Agenda item",
            plain(&stats.by_agenda_item),
            "No one has spoken yet.",
        ),
        3 => (
            "On behalf of",
            plain(&stats.by_group),
            "No statement on behalf of a group yet.",
        ),
        _ => (
            "Kind",
            stats
                .by_kind
                .iter()
                .map(|(kind, time)| Entry {
                    name: kind.label().to_string(),
                    category: None,
                    time: *time,
                })
                .collect(),
            "No one has spoken yet.",
        ),
    }
}

fn max_total(entries: &[Entry]) -> i64 {
    entries.iter().map(|e| e.time.total_secs).max().unwrap_or(0)
}

/// "By delegation · By category · …", the selected one standing out, then the key to the next.
fn tab_line(app: &App, selected: usize) -> Line<'_> {
    let mut spans = vec![Span::raw(" ")];
    for (i, name) in TABS.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", Style::new().fg(Color::DarkGray)));
        }
        let style = if i == selected {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().fg(Color::Gray)
        };
        spans.push(Span::styled(format!(" {name} "), style));
    }
    if let Some(key) = app
        .keymap
        .keys_for(Context::Statistics, Action::NextField)
        .into_iter()
        .next()
    {
        spans.push(Span::styled(
            format!("   {key} next table"),
            Style::new().fg(Color::DarkGray),
        ));
    }
    Line::from(spans)
}

/// What the numbers cover and their grand total.
fn scope<'a>(scope: &str, total: &SpeakingTime) -> Line<'a> {
    let mut scope = scope.to_string();
    if let Some(first) = scope.get(..1) {
        scope.replace_range(..1, &first.to_uppercase());
    }
    let over = if total.over_time > 0 {
        Span::styled(
            format!(
                "{} over the limit (+{} in all)",
                total.over_time,
                clock_face(total.overtime_secs)
            ),
            Style::new().fg(Color::Red),
        )
    } else {
        Span::raw("none over the limit")
    };
    Line::from(vec![
        Span::styled(
            format!(" {scope}: "),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::raw(format!("{} interventions · ", total.interventions)),
        Span::styled(
            format!("{} spoken", clock_face(total.total_secs)),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::raw(" · "),
        over,
    ])
}

fn table(frame: &mut Frame, area: Rect, first_column: &str, entries: &[Entry], max: i64) {
    let has_category = entries.iter().any(|e| e.category.is_some());
    let name_width = entries
        .iter()
        .map(|e| e.name.chars().count())
        .chain([first_column.len()])
        .max()
        .unwrap_or(0)
        .clamp(8, 36) as u16;
    let category_width = if has_category { 14 } else { 0 };
    let mut widths = vec![Constraint::Length(name_width)];
    if has_category {
        widths.push(Constraint::Length(category_width));
    }
    widths.extend(NUMBERS.iter().map(|(_, w)| Constraint::Length(*w)));
    // The bar takes what is left, after the column spacing and a margin on the right.
    let used = name_width
        + category_width
        + NUMBERS.iter().map(|(_, w)| w).sum::<u16>()
        + widths.len() as u16
        + 1;
    let bar_width = area.width.saturating_sub(used);
    widths.push(Constraint::Length(bar_width));

    let mut header = vec![first_column.to_string()];
    if has_category {
        header.push("Category".into());
    }
    header.extend(
        NUMBERS
            .iter()
            .map(|(h, w)| format!("{h:>w$}", w = usize::from(*w))),
    );
    header.push("Speaking time".into());
    let rows = entries.iter().map(|e| {
        let t = &e.time;
        let mut cells = vec![Line::from(fit(&e.name, usize::from(name_width)))];
        if has_category {
            cells.push(Line::styled(
                fit(
                    e.category.map(Category::label).unwrap_or(""),
                    usize::from(category_width),
                ),
                Style::new().fg(Color::Gray),
            ));
        }
        let over_style = if t.over_time > 0 {
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
        } else {
            Style::new().fg(Color::DarkGray)
        };
        cells.push(Line::from(t.interventions.to_string()).right_aligned());
        cells.push(Line::from(clock_face(t.total_secs)).right_aligned());
        cells.push(Line::styled(t.over_time.to_string(), over_style).right_aligned());
        let time_over = if t.overtime_secs > 0 {
            format!("+{}", clock_face(t.overtime_secs))
        } else {
            "—".to_string()
        };
        cells.push(Line::styled(time_over, over_style).right_aligned());
        cells.push(Line::styled(
            bar(t.total_secs, max, usize::from(bar_width)),
            Style::new().fg(Color::Cyan),
        ));
        Row::new(cells)
    });
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(Style::new().fg(Color::Gray).add_modifier(Modifier::BOLD)))
        .column_spacing(1);
    frame.render_widget(table, area);
}

/// A bar of `value` out of `max` across `width` cells, to the eighth of a cell.
fn bar(value: i64, max: i64, width: usize) -> String {
    const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    if max <= 0 || value <= 0 || width == 0 {
        return String::new();
    }
    let eighths = (value as u128 * width as u128 * 8 / max as u128) as usize;
    // Anything spoken shows, if only as a sliver.
    let eighths = eighths.max(1);
    format!("{}{}", "█".repeat(eighths / 8), EIGHTHS[eighths % 8])
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

/// "Time budgets": each with the time left, overspent ones unmistakable.
fn budget_section(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    budgets: &[TimeBudget],
    now: DateTime<Utc>,
) {
    let record = &app.record;
    let mut lines = vec![
        Line::default(),
        Line::styled(" Time budgets", Style::new().add_modifier(Modifier::BOLD)),
    ];
    for budget in budgets {
        let holder = match &budget.holder {
            BudgetHolder::Delegation(id) => record.speaker_name(*id).to_string(),
            BudgetHolder::Group(group) => group.clone(),
            BudgetHolder::Category(c) => c.label().to_string(),
        };
        let item = record
            .agenda_item(budget.agenda_item)
            .map(|a| a.number.clone())
            .unwrap_or_else(|| budget.agenda_item.0.to_string());
        let left = budget.left(record, now);
        let of = clock_face(i64::from(budget.secs));
        let state = if left < 0 {
            Span::styled(
                format!(" −{} OVER ", clock_face(-left)),
                Style::new()
                    .fg(Color::White)
                    .bg(Color::Red)
                    .add_modifier(Modifier::BOLD),
            )
        } else {
            Span::styled(
                format!("{} left", clock_face(left)),
                Style::new().fg(Color::Cyan),
            )
        };
        lines.push(Line::from(vec![
            Span::raw(format!("   {holder}, item {item}: ")),
            state,
            Span::styled(format!(" of {of}"), Style::new().fg(Color::Gray)),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

#[cfg(test)]
mod tests {
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    use super::*;
    use crate::domain::AgendaItemId;
    use crate::keymap::Keymap;
    use crate::stats::testing::{known_session, t};

    fn render(app: &App, view: &StatisticsView, width: u16, height: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|frame| draw(frame, frame.area(), app, view, t(1100)))
            .unwrap();
        terminal.backend().to_string()
    }

    fn statistics() -> App {
        let mut record = known_session();
        record.session.budgets.push(TimeBudget {
            agenda_item: AgendaItemId(1),
            holder: BudgetHolder::Group("European Union".into()),
            secs: 200,
        });
        App::new(record, Keymap::default_keymap())
    }

    #[test]
    fn never_panics_at_any_size_tab_or_scroll() {
        let app = statistics();
        for tab in [0, 1, 3, 6] {
            for scroll in [0, u16::MAX] {
                let view = StatisticsView { tab, scroll };
                for width in (1..=50).chain([60, 80, 100, 200, 400]) {
                    for height in (1..=20).chain([30, 60, 120]) {
                        render(&app, &view, width, height);
                    }
                }
            }
        }
    }

    #[test]
    fn the_scroll_stops_at_the_last_row() {
        let app = statistics();
        let view = StatisticsView { tab: 0, scroll: 99 };
        let screen = render(&app, &view, 100, 12);
        assert!(screen.contains("Russian Federation"), "{screen}");
        assert!(!screen.contains("France"), "{screen}");
        assert!(screen.contains("rows 3–5 of 5"), "{screen}");
        assert!(
            screen.contains("European Union, item 1:  −01:20 OVER"),
            "{screen}"
        );
    }

    #[test]
    fn bars_are_to_the_eighth_of_a_cell() {
        assert_eq!(bar(400, 400, 4), "████");
        assert_eq!(bar(100, 400, 4), "█");
        assert_eq!(bar(60, 400, 4), "▌");
        assert_eq!(bar(1, 400, 4), "▏");
        assert_eq!(bar(0, 400, 4), "");
        assert_eq!(bar(5, 0, 4), "");
    }
}
