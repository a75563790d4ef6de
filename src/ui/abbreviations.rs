//! The abbreviations in force over the panes: each short form, what it stands for, and
//! whether it comes from the user's file or the session's own list.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::ListItem;
use ratatui::Frame;

use crate::abbreviations::Source;
use crate::action::Action;
use crate::app::App;
use crate::keymap::Context;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, selected: usize) {
    let in_force = app.abbreviations_in_force();
    let listed = in_force.listed();
    let width = listed
        .iter()
        .map(|l| l.short.chars().count())
        .max()
        .unwrap_or(0)
        + in_force.prefix().map_or(0, |_| 1);
    let prefix = in_force.prefix().map(String::from).unwrap_or_default();
    let long = listed
        .iter()
        .map(|l| l.expansion.chars().count())
        .max()
        .unwrap_or(0)
        .min(48);
    let rows: Vec<ListItem> = if listed.is_empty() {
        vec![ListItem::new(Line::styled(
            "None yet: a adds one to this session; your own file is \
             ~/.config/rapporteur/abbreviations.toml",
            Style::new().fg(Color::DarkGray),
        ))]
    } else {
        listed
            .iter()
            .map(|l| {
                let (mark, style) = match (l.source, l.replaced) {
                    (Source::Session, _) => ("session", Style::new().fg(Color::Green)),
                    (Source::UserFile, false) => ("file", Style::new().fg(Color::DarkGray)),
                    (Source::UserFile, true) => (
                        "file, replaced",
                        Style::new()
                            .fg(Color::DarkGray)
                            .add_modifier(Modifier::CROSSED_OUT),
                    ),
                };
                let short = format!("{prefix}{}", l.short);
                ListItem::new(Line::from(vec![
                    Span::styled(format!("{short:<width$}  "), Style::new().fg(Color::Cyan)),
                    Span::styled(format!("{:<long$}", l.expansion), style),
                    Span::styled(format!("  {mark}"), Style::new().fg(Color::DarkGray)),
                ]))
            })
            .collect()
    };
    let (session, file) = listed.iter().fold((0, 0), |(s, f), l| match l.source {
        Source::Session => (s + 1, f),
        Source::UserFile => (s, f + 1),
    });
    let title = format!(" Abbreviations · {session} of this session, {file} from your file ");
    let keys = [
        (Action::AddEntry, "add"),
        (Action::RenameEntry, "change"),
        (Action::RemoveEntry, "remove"),
        (Action::UndoFloor, "undo"),
        (Action::AbbreviationsView, "close"),
    ];
    super::setup_view::draw_list(
        frame,
        area,
        app,
        Context::Abbreviations,
        (title, rows),
        selected,
        &keys,
    );
}
