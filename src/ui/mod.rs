//! Drawing: from the app's state only, never changing it. One file per pane or view.

mod abbreviations;
pub mod chair;
mod finder;
mod form;
mod help;
mod history;
mod kind;
pub mod log;
mod notes;
mod prompt;
mod quit;
mod search;
mod setup_view;
pub mod speakers;
mod stats;
mod status;
pub mod timer;

use chrono::{DateTime, Utc};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::{App, Overlay};

/// Below this the three panes cannot be read; the screen says so instead.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

pub fn draw(frame: &mut Frame, app: &App, now: DateTime<Utc>) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area);
        return;
    }
    let [main, status_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(area);
    // Under a full-screen overlay the panes are not drawn: nothing of them would show.
    let covered = app
        .overlays
        .iter()
        .rposition(Overlay::full_screen)
        .unwrap_or(0);
    if !app.overlays.iter().any(Overlay::full_screen) {
        three_panes(frame, main, app, now);
    }
    for overlay in &app.overlays[covered..] {
        draw_overlay(frame, main, app, overlay, now);
    }
    status::draw(frame, status_area, app);
}

/// One overlay, over what is under it.
fn draw_overlay(frame: &mut Frame, main: Rect, app: &App, overlay: &Overlay, now: DateTime<Utc>) {
    match overlay {
        Overlay::Chair(_) => chair::draw(frame, main, app, now),
        Overlay::Statistics(view) => stats::draw(frame, main, app, view, now),
        // The log takes the place of the list of speakers, beside the note.
        Overlay::Log(view) => log::draw(frame, left_pane(main), app, view.selected, now),
        Overlay::Finder(finder) => finder::draw(frame, main, app, finder),
        Overlay::History(view) => history::draw(frame, main, app, view),
        Overlay::Search(search) => search::draw(frame, main, app, search),
        Overlay::Prompt(prompt) => prompt::draw(frame, main, app, prompt),
        Overlay::Help(view) => help::draw(frame, main, app, view),
        Overlay::Quit(question) => quit::draw(frame, main, app, question, now),
        Overlay::Kind(chooser) => kind::draw(frame, main, chooser),
        Overlay::Form(form) => form::draw(frame, main, app, form),
        Overlay::Agenda(view) => setup_view::draw_agenda(frame, main, app, view.selected),
        Overlay::Roster(view) => setup_view::draw_roster(frame, main, app, view.selected),
        Overlay::Abbreviations(view) => abbreviations::draw(frame, main, app, view.selected),
    }
}

fn halves(main: Rect) -> [Rect; 2] {
    Layout::horizontal([Constraint::Percentage(38), Constraint::Percentage(62)]).areas(main)
}

fn left_pane(main: Rect) -> Rect {
    halves(main)[0]
}

/// The list of speakers on the left; the timer and the note on the right.
fn three_panes(frame: &mut Frame, main: Rect, app: &App, now: DateTime<Utc>) {
    let [left, right] = halves(main);
    let [timer_area, notes_area] =
        Layout::vertical([Constraint::Length(6), Constraint::Min(3)]).areas(right);
    speakers::draw(frame, left, app, now);
    timer::draw(frame, timer_area, app, now);
    notes::draw(frame, notes_area, app);
}

fn too_small(frame: &mut Frame, area: Rect) {
    let text = format!(
        "Terminal too small ({}×{}): rapporteur needs at least {MIN_WIDTH}×{MIN_HEIGHT}. Everything typed is safe.",
        area.width, area.height
    );
    frame.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .style(Style::new().fg(Color::Yellow)),
        area,
    );
}

/// A pane's frame; the focused pane's border stands out.
pub(crate) fn pane<'a>(title: impl Into<Line<'a>>, focused: bool) -> Block<'a> {
    let block = Block::bordered().title(title);
    if focused {
        block
            .border_type(BorderType::Thick)
            .border_style(Style::new().fg(Color::Cyan))
            .title_style(Style::new().add_modifier(Modifier::BOLD))
    } else {
        block.border_style(Style::new().fg(Color::DarkGray))
    }
}

/// A rectangle of the given size centred in `area`, clipped to it.
pub(crate) fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}
