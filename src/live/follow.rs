//! `rapporteur follow`: the room's screen. A read-only view of a store that the rapporteur's
//! app has open, in another terminal (a window on the projector, or over SSH): it reads the
//! store's journal, builds the record from it in memory and follows it as it grows. It takes
//! no lock and writes nothing, so it can start before the app, outlive it, and see it come
//! back. The drawing is the app's own (`ui::chair` and the panes), fed the followed record.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use ratatui::crossterm::event::{Event, EventStream, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::{DefaultTerminal, Frame};

use super::replica::Replica;
use super::tail::{JournalTail, Polled};
use crate::app::run::{runtime_with_endings, EndedBySignal, Endings};
use crate::app::App;
use crate::keymap::Keymap;

/// How often the journal is looked at: the view is at most this much behind the app, plus
/// the time to read and draw what changed.
pub const LOOK_EVERY: Duration = Duration::from_millis(20);

/// What the follower shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum View {
    /// The speaker, their clock in large digits, the next speakers and the forecast
    Chair,
    /// The list of speakers and the clock
    Speakers,
    /// The meeting's interventions so far
    Log,
}

/// The followed store and what it shows, drawn from the journal alone.
pub struct Follower {
    store: PathBuf,
    tail: JournalTail,
    replica: Replica,
    keymap: Keymap,
    /// The app's view of the session shown, rebuilt whenever the record changes.
    app: Option<App>,
    pub view: View,
    /// Why nothing is shown, when nothing is.
    waiting: Option<String>,
}

impl Follower {
    pub fn new(store: &Path, view: View, keymap: Keymap) -> Follower {
        Follower {
            store: store.to_path_buf(),
            tail: JournalTail::of_store(store),
            replica: Replica::default(),
            keymap,
            app: None,
            view,
            waiting: Some("reading the journal".into()),
        }
    }

    /// Reads what the journal gained; returns whether anything shown changed.
    pub fn look(&mut self) -> bool {
        let polled = match self.tail.poll() {
            Ok(polled) => polled,
            Err(e) => return self.wait(e.to_string()),
        };
        let batches = match polled {
            Polled::Nothing => return false,
            Polled::Missing => {
                return self.wait(format!(
                    "no journal at {} yet: start rapporteur on this store",
                    self.tail.path().display()
                ))
            }
            Polled::Restarted(batches) => {
                self.replica = Replica::default();
                batches
            }
            Polled::Grown(batches) => batches,
        };
        for entry in batches.iter().flat_map(|b| &b.changes) {
            // An edit that misses its note leaves the note as it was: the view shows the
            // rest, and the next whole copy of the note puts it right.
            let _ = self.replica.apply(&entry.change);
        }
        self.rebuild();
        true
    }

    fn wait(&mut self, why: String) -> bool {
        let changed = self.waiting.as_deref() != Some(why.as_str());
        if changed {
            self.waiting = Some(why);
            self.app = None;
        }
        changed
    }

    fn rebuild(&mut self) {
        let Some(id) = self.replica.most_recent_session() else {
            self.app = None;
            self.waiting = Some("the store holds no session yet".into());
            return;
        };
        let Some(record) = self.replica.session(id) else {
            return;
        };
        let mut app = App::new(record, self.keymap.clone());
        if let Some(position) = self.replica.position(id) {
            app.return_to(position);
        }
        self.app = Some(app);
        self.waiting = None;
    }

    pub fn draw(&self, frame: &mut Frame, now: DateTime<Utc>) {
        let [main, status] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(frame.area());
        match &self.app {
            Some(app) => draw_view(frame, main, app, self.view, now),
            None => frame.render_widget(
                Paragraph::new(format!(
                    "Following {}: {}.",
                    self.store.display(),
                    self.waiting.as_deref().unwrap_or("waiting")
                ))
                .style(Style::new().fg(Color::Yellow)),
                main,
            ),
        }
        status_line(frame, status, self.view);
    }

    /// Answers a key: views only. Returns whether to quit.
    pub fn key(&mut self, code: KeyCode, modifiers: KeyModifiers) -> bool {
        match code {
            KeyCode::Char('q') | KeyCode::Esc => return true,
            KeyCode::Char('c') if modifiers.contains(KeyModifiers::CONTROL) => return true,
            KeyCode::Char('c') | KeyCode::Char('1') | KeyCode::F(7) => self.view = View::Chair,
            KeyCode::Char('s') | KeyCode::Char('2') => self.view = View::Speakers,
            KeyCode::Char('l') | KeyCode::Char('3') => self.view = View::Log,
            KeyCode::Tab => {
                self.view = match self.view {
                    View::Chair => View::Speakers,
                    View::Speakers => View::Log,
                    View::Log => View::Chair,
                }
            }
            _ => {}
        }
        false
    }
}

/// The app's own drawing of the view: the chair's view, or the list of speakers (or the log)
/// beside the clock, as the app lays them out.
fn draw_view(frame: &mut Frame, area: Rect, app: &App, view: View, now: DateTime<Utc>) {
    use crate::ui;
    if view == View::Chair {
        ui::chair::draw(frame, area, app, now);
        return;
    }
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let [clock, _] = Layout::vertical([Constraint::Length(6), Constraint::Min(0)]).areas(right);
    match view {
        View::Log => {
            let last = app.meeting_log().len().saturating_sub(1);
            ui::log::draw(frame, left, app, last, now)
        }
        _ => ui::speakers::draw(frame, left, app, now),
    }
    ui::timer::draw(frame, clock, app, now);
}

fn status_line(frame: &mut Frame, area: Rect, view: View) {
    let views = [
        (View::Chair, "c chair"),
        (View::Speakers, "s speakers"),
        (View::Log, "l log"),
    ]
    .iter()
    .map(|(v, label)| {
        if *v == view {
            format!("[{label}]")
        } else {
            label.to_string()
        }
    })
    .collect::<Vec<_>>()
    .join("  ");
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!(" Following, read-only · {views} · q quit"),
            Style::new().fg(Color::DarkGray),
        )),
        area,
    );
}

/// Runs the follower in the terminal until q, or until a signal ends it as it ends the app
/// (SIGTERM, SIGHUP, SIGINT: the error is then an `EndedBySignal`). The terminal is given
/// back whatever happens: ratatui's hook restores it on a panic, and this on return.
pub fn run(store: &Path, view: View, keymap: Keymap) -> anyhow::Result<()> {
    if !store.is_dir() {
        anyhow::bail!(
            "there is no store at {}: give the folder the app uses with --db PATH (the app \
             prints it with `rapporteur sessions`)",
            store.display()
        );
    }
    // Listened for before the terminal is touched, as in the app: a signal then ends the loop
    // and the terminal is given back, instead of being left in raw mode on the other screen.
    let (rt, endings) = runtime_with_endings()?;
    let mut follower = Follower::new(store, view, keymap);
    let mut terminal = ratatui::init();
    let outcome = rt.block_on(follow_loop(&mut terminal, &mut follower, endings));
    ratatui::restore();
    outcome
}

async fn follow_loop(
    terminal: &mut DefaultTerminal,
    follower: &mut Follower,
    mut endings: Endings,
) -> anyhow::Result<()> {
    let mut events = EventStream::new();
    let mut look = tokio::time::interval(LOOK_EVERY);
    look.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut dirty = true;
    // The clock shows whole seconds: a new second is a new frame.
    let mut drawn_second = None;
    loop {
        let now = Utc::now();
        if dirty || drawn_second != Some(now.timestamp()) {
            terminal.draw(|frame| follower.draw(frame, now))?;
            drawn_second = Some(now.timestamp());
            dirty = false;
        }
        tokio::select! {
            _ = look.tick() => dirty |= follower.look(),
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) if key.kind == KeyEventKind::Press => {
                    let before = follower.view;
                    if follower.key(key.code, key.modifiers) {
                        return Ok(());
                    }
                    dirty |= follower.view != before;
                }
                Some(Ok(Event::Resize(..))) => dirty = true,
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e.into()),
                // The terminal is gone: nothing to show it on.
                None => return Ok(()),
            },
            ending = endings.next() => {
                return Err(EndedBySignal::leaving(
                    ending,
                    "the follower is read-only: the store is as the app keeps it",
                )
                .into());
            }
        }
    }
}
