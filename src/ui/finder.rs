//! The finder, drawn over the panes: the two fields, the matches (or the group suggestions,
//! or the categories of a new name) and a hint from the keymap in force.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, HighlightSpacing, List, ListItem, ListState, Paragraph};
use ratatui::Frame;

use crate::action::Action;
use crate::app::{App, Finder};
use crate::domain::Category;
use crate::keymap::Context;

/// The box: wide enough for "United Kingdom of Great Britain and Northern Ireland" and its
/// category; tall enough for the eight matches and the offer to add a name, or for every
/// category.
const WIDTH: u16 = 78;
const HEIGHT: u16 = 17;
/// Width of the fields' labels, right-aligned as in a form: "New participant".
const LABEL: usize = 15;
const HIGHLIGHT: &str = "▶ ";

pub fn draw(frame: &mut Frame, area: Rect, app: &App, finder: &Finder) {
    let area = super::centred(area, WIDTH, HEIGHT);
    // A name for the note goes on no list: the item would say it does.
    let item = app
        .record
        .agenda_item(app.agenda_item)
        .filter(|_| finder.purpose.asks_group())
        .map(|a| format!(" · item {}", a.number))
        .unwrap_or_default();
    let kind = kind_shown(app, finder);
    let block = super::pane(format!(" {}{item}{kind} ", finder.purpose.title()), true);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let [speaker_area, group_area, heading_area, list_area, hint_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(inner);

    let dim = Style::new().fg(Color::DarkGray);
    let field_width = usize::from(speaker_area.width);
    let typing_group = finder.typing_group();
    let category_step = finder.category_step();

    // The Speaker field; once left (or once the name is being added), what it chose.
    let speaker_line = match category_step {
        Some((name, _, _)) => field_line(field_width, "New participant", false, name, None),
        None => {
            let chosen = finder
                .chosen_name()
                .filter(|_| typing_group && !finder.query.trim().is_empty())
                .map(|name| {
                    if finder.new_name_selected() {
                        format!("{name} (new)")
                    } else {
                        name.to_string()
                    }
                });
            let label = if finder.purpose.asks_group() {
                "Speaker"
            } else {
                "Name"
            };
            field_line(
                field_width,
                label,
                !typing_group,
                &finder.query,
                chosen.as_deref(),
            )
        }
    };
    frame.render_widget(Paragraph::new(speaker_line), speaker_area);

    // The "On behalf of" field; outside it, the group the outcome will name.
    let group_line = if !finder.purpose.asks_group() {
        Line::default()
    } else if typing_group {
        field_line(
            field_width,
            "On behalf of",
            true,
            &finder.on_behalf_of,
            None,
        )
    } else {
        match finder.chosen_group() {
            Some(group) if group != finder.on_behalf_of.trim() => field_line(
                field_width,
                "On behalf of",
                false,
                &finder.on_behalf_of,
                Some(&group),
            ),
            Some(group) => field_line(field_width, "On behalf of", false, &group, None),
            None => Line::from(vec![
                Span::styled(label("On behalf of", false), dim),
                Span::styled("— (for itself)", dim),
            ]),
        }
    };
    frame.render_widget(Paragraph::new(group_line), group_area);

    let width = usize::from(list_area.width).saturating_sub(HIGHLIGHT.chars().count());
    let (heading, items, selected): (String, Vec<ListItem>, Option<usize>) =
        if let Some((name, selected, suggested)) = category_step {
            let items = Category::ALL
                .iter()
                .map(|c| {
                    let note = (*c == suggested).then_some("suggested");
                    row(c.label(), note, width, Style::new())
                })
                .collect();
            (format!("Category of “{name}”:"), items, Some(selected))
        } else if typing_group {
            let mut items: Vec<ListItem> = finder
                .groups
                .iter()
                .map(|g| {
                    let note = g.used_in_session.then_some("used in this session");
                    row(&g.name, note, width, Style::new())
                })
                .collect();
            if let Some(typed) = &finder.group_typed {
                items.push(row(
                    &format!("“{typed}” as typed"),
                    None,
                    width,
                    Style::new().fg(Color::Green),
                ));
            }
            let heading = if items.is_empty() {
                "No group: the speaker speaks for itself".to_string()
            } else {
                "Speaks on behalf of:".to_string()
            };
            (heading, items, finder.group_selected)
        } else {
            let list = app.record.list(app.agenda_item).filter(|l| !l.is_empty());
            let items: Vec<ListItem> = finder
                .speaker_list(&app.record)
                .into_iter()
                .map(|r| {
                    if r.new_name {
                        return row(
                            &format!("+ add “{}” as a new participant…", r.name),
                            None,
                            width,
                            Style::new().fg(Color::Green),
                        );
                    }
                    let waiting = r
                        .participant
                        .is_some_and(|id| list.is_some_and(|l| l.is_inscribed(id)));
                    let note = match (r.category, r.participant, waiting) {
                        (Some(c), Some(_), true) => format!("{} · already on the list", c.label()),
                        (Some(c), Some(_), false) => format!("{} · on the roster", c.label()),
                        (Some(c), None, _) => c.label().to_string(),
                        (None, _, _) => String::new(),
                    };
                    row(r.name, Some(&note), width, Style::new())
                })
                .collect();
            let heading = if items.is_empty() {
                "Type a few letters of a delegation, organisation or name".to_string()
            } else if finder.query.trim().is_empty() {
                "Latest speakers:".to_string()
            } else {
                "Matches:".to_string()
            };
            let selected = (!items.is_empty()).then_some(finder.selected);
            (heading, items, selected)
        };
    frame.render_widget(Paragraph::new(Span::styled(heading, dim)), heading_area);
    let mut state = ListState::default().with_selected(selected);
    frame.render_stateful_widget(
        List::new(items)
            .highlight_style(
                Style::new()
                    .bg(Color::DarkGray)
                    .add_modifier(Modifier::BOLD),
            )
            .highlight_symbol(HIGHLIGHT)
            .highlight_spacing(HighlightSpacing::Always),
        list_area,
        &mut state,
    );

    let hint = hint(app, finder, usize::from(hint_area.width));
    frame.render_widget(Paragraph::new(Span::styled(hint, dim)), hint_area);
}

/// "▸      Speaker: fra▏" when active; "       Speaker: fra  → France" once left.
fn field_line<'a>(
    width: usize,
    name: &str,
    active: bool,
    text: &str,
    chosen: Option<&str>,
) -> Line<'a> {
    let mut spans = vec![if active {
        Span::styled(
            label(name, true),
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        )
    } else {
        Span::styled(label(name, false), Style::new().fg(Color::DarkGray))
    }];
    // A long text shows its end, where the typing is.
    let room = width.saturating_sub(LABEL + 5);
    let count = text.chars().count();
    if active && count > room && room > 1 {
        let tail: String = text.chars().skip(count - (room - 1)).collect();
        spans.push(Span::raw(format!("…{tail}")));
    } else {
        spans.push(Span::raw(text.to_string()));
    }
    if active {
        spans.push(Span::styled("▏", Style::new().fg(Color::Cyan)));
    }
    if let Some(chosen) = chosen {
        spans.push(Span::styled(
            format!("  → {chosen}"),
            Style::new().add_modifier(Modifier::BOLD),
        ));
    }
    Line::from(spans)
}

/// "▸      Speaker: ", "  On behalf of: ": the marker, then the name against its colon.
fn label(name: &str, active: bool) -> String {
    let marker = if active { "▸ " } else { "  " };
    format!("{marker}{name:>LABEL$}: ")
}

/// A row: the text on the left, cut short to leave room for the note on the right.
fn row<'a>(text: &str, note: Option<&str>, width: usize, style: Style) -> ListItem<'a> {
    let note = note.filter(|n| !n.is_empty()).unwrap_or("");
    let note_len = note.chars().count();
    // The note goes when the row is too narrow for it and a few letters of the name.
    let (note, note_len) = if note_len + 2 + 12 <= width {
        (note, note_len)
    } else {
        ("", 0)
    };
    let room = width.saturating_sub(if note_len > 0 { note_len + 2 } else { 0 });
    let text = truncate(text, room);
    let pad = room.saturating_sub(text.chars().count()) + if note_len > 0 { 2 } else { 0 };
    ListItem::new(Line::from(vec![
        Span::styled(text, style),
        Span::raw(" ".repeat(pad)),
        Span::styled(note.to_string(), Style::new().fg(Color::DarkGray)),
    ]))
}

/// `text` in at most `width` characters, with an ellipsis when cut.
fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut cut: String = text.chars().take(width - 1).collect();
    cut.push('…');
    cut
}

/// The keys in force for what can be done now, as many as fit in `width`: "enter inscribe ·
/// up/down choose · tab on behalf of · esc cancel". Confirming and cancelling are the last
/// to give way.
fn hint(app: &App, finder: &Finder, width: usize) -> String {
    let key = |action: Action| {
        app.keymap
            .keys_for(Context::Finder, action)
            .into_iter()
            .next()
    };
    let arrows = match (key(Action::SelectPrevious), key(Action::SelectNext)) {
        (Some(up), Some(down)) => Some(format!("{up}/{down}")),
        (one, other) => one.or(other),
    };
    let confirm = |finder_has_rows: bool| {
        finder_has_rows.then(|| {
            let what = if finder.new_name_selected() {
                if finder.purpose.asks_group() {
                    "add the name…"
                } else {
                    "insert as typed"
                }
            } else {
                finder.purpose.verb()
            };
            (key(Action::Confirm), what.to_string())
        })
    };
    // Each part with its importance: the least important go first when space runs out.
    let mut parts: Vec<(u8, Option<String>, String)> = Vec::new();
    if let Some((_, selected, _)) = finder.category_step() {
        let category = Category::ALL.get(selected).map_or("", |c| c.label());
        parts.push((0, key(Action::Confirm), format!("add as {category}")));
        parts.push((2, arrows, "category".into()));
        parts.push((3, Some("backspace".into()), "back".into()));
    } else {
        let field = if finder.typing_group() {
            (3, key(Action::NextField), "speaker".to_string())
        } else {
            (3, key(Action::NextField), "on behalf of".to_string())
        };
        let rows = if finder.typing_group() {
            finder.group_rows()
        } else {
            finder.speaker_rows()
        };
        if let Some((k, what)) = confirm(finder.speaker_rows() > 0) {
            parts.push((0, k, what));
        }
        if rows > 1 || (finder.typing_group() && rows > 0) {
            let what = if finder.typing_group() {
                "group"
            } else {
                "choose"
            };
            parts.push((2, arrows, what.into()));
        }
        if finder.purpose.asks_group() {
            parts.push(field);
        }
    }
    parts.push((1, key(Action::Cancel), "cancel".into()));
    let mut parts: Vec<(u8, String)> = parts
        .into_iter()
        .filter_map(|(rank, key, what)| Some((rank, format!("{} {what}", key?))))
        .collect();
    let joined = |parts: &[(u8, String)]| {
        parts
            .iter()
            .map(|(_, text)| text.as_str())
            .collect::<Vec<_>>()
            .join(" · ")
    };
    while parts.len() > 1 && joined(&parts).chars().count() > width {
        if let Some(least) = parts
            .iter()
            .enumerate()
            .max_by_key(|(i, (rank, _))| (*rank, *i))
            .map(|(i, _)| i)
        {
            parts.remove(least);
        }
    }
    joined(&parts)
}

/// The kind the inscription will take, with the key that changes it: " · question (alt-k)".
fn kind_shown(app: &App, finder: &Finder) -> String {
    if finder.purpose != crate::app::FinderPurpose::Inscribe {
        return String::new();
    }
    let kind = finder
        .kind
        .unwrap_or_else(|| match finder.matches.get(finder.selected) {
            Some((_, crate::app::Speaker::Existing(id))) => {
                crate::domain::usual_kind(&app.record, app.agenda_item, *id)
            }
            _ => crate::domain::InterventionKind::Statement,
        });
    let key = app
        .keymap
        .keys_for(Context::Finder, Action::ChooseKind)
        .into_iter()
        .next()
        .unwrap_or_default();
    if key.is_empty() {
        format!(" · {}", kind.label())
    } else {
        format!(" · {} ({key})", kind.label())
    }
}
