//! The terminal loop: key presses, pastes, resizes, save reports, the timer's tick and the
//! signals that end the app, merged into one stream; the screen is redrawn only when
//! something changed.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use futures_util::StreamExt;
use ratatui::crossterm::event::{
    DisableBracketedPaste, EnableBracketedPaste, Event, EventStream, KeyEventKind,
};
use ratatui::crossterm::execute;
use ratatui::DefaultTerminal;
use tokio::signal::unix::{signal, Signal, SignalKind};

use super::App;
use crate::store::{Saver, Store};

/// How often a running timer repaints: often enough that the seconds never skip.
const TICK: Duration = Duration::from_millis(250);

/// The app was ended by a signal from outside: a shutdown or a closing terminal (SIGTERM), a
/// dropped line (SIGHUP), `kill -INT` (SIGINT; ctrl-c in the app is a key, not this). It
/// left as "leave with the clock running" does, after saving what was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndedBySignal {
    pub name: &'static str,
    pub number: i32,
    /// Why the last changes could not be made durable, if they could not.
    pub unsaved: Option<String>,
    /// What a command other than the app leaves behind (`follow`, `stream`, `mirror`), said
    /// in place of the app's line on what was saved.
    pub left: Option<String>,
}

impl EndedBySignal {
    /// A command other than the app ended by a signal, and what it leaves behind.
    pub fn leaving(ending: (&'static str, i32), left: impl Into<String>) -> EndedBySignal {
        EndedBySignal {
            name: ending.0,
            number: ending.1,
            unsaved: None,
            left: Some(left.into()),
        }
    }

    /// The exit status the shells give a process the signal ended: 128 + its number.
    pub fn exit_status(&self) -> u8 {
        u8::try_from(128 + self.number).unwrap_or(u8::MAX)
    }
}

impl std::fmt::Display for EndedBySignal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(left) = &self.left {
            return write!(f, "ended by {}; {left}", self.name);
        }
        match &self.unsaved {
            None => write!(
                f,
                "ended by {}; everything typed is saved, and a clock that was running runs on",
                self.name
            ),
            Some(e) => write!(
                f,
                "ended by {}, and the last changes could not be saved: {e}. The store is \
                 completed from its journal when it is next opened",
                self.name
            ),
        }
    }
}

impl std::error::Error for EndedBySignal {}

/// The signals that end the app cleanly, listened for from the start of the loop; the live
/// commands (`crate::live`) end on the same ones.
pub(crate) struct Endings {
    term: Signal,
    hup: Signal,
    int: Signal,
}

impl Endings {
    /// Listens from now on; needs a Tokio runtime entered, with its I/O driver.
    pub(crate) fn listen() -> std::io::Result<Endings> {
        Ok(Endings {
            term: signal(SignalKind::terminate())?,
            hup: signal(SignalKind::hangup())?,
            int: signal(SignalKind::interrupt())?,
        })
    }

    /// The next signal: its name and number.
    pub(crate) async fn next(&mut self) -> (&'static str, i32) {
        tokio::select! {
            _ = self.term.recv() => ("SIGTERM", 15),
            _ = self.hup.recv() => ("SIGHUP", 1),
            _ = self.int.recv() => ("SIGINT", 2),
        }
    }
}

/// Runs the app in the terminal until the user quits or a signal ends it (then the error is
/// an `EndedBySignal`). Whatever happens, the terminal is given back as it was: ratatui's
/// hook restores it on a panic, and this restores it on return.
pub fn run(app: App, store: Arc<Store>) -> anyhow::Result<()> {
    // Listened for before the terminal is touched: from here on a signal waits for the loop,
    // which ends the app cleanly, instead of leaving the terminal in raw mode.
    let (rt, endings) = runtime_with_endings()?;
    let mut terminal = ratatui::init();
    let _ = execute!(std::io::stdout(), EnableBracketedPaste);
    // ratatui's hook gives back raw mode and the main screen on a panic; bracketed paste,
    // which the app turned on itself, is turned off here before it.
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableBracketedPaste);
        ratatui_hook(info);
    }));
    let outcome = rt.block_on(event_loop(&mut terminal, app, store, endings));
    let _ = execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    outcome
}

/// A runtime for a loop, with the signals that end it listened for from now on.
pub(crate) fn runtime_with_endings() -> anyhow::Result<(tokio::runtime::Runtime, Endings)> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        // Signals come through the runtime's I/O driver.
        .enable_io()
        .build()?;
    let endings = {
        let _runtime = rt.enter();
        Endings::listen()
            .map_err(|e| anyhow::anyhow!("cannot listen for the signals that end the app: {e}"))?
    };
    Ok((rt, endings))
}

async fn event_loop(
    terminal: &mut DefaultTerminal,
    mut app: App,
    store: Arc<Store>,
    mut endings: Endings,
) -> anyhow::Result<()> {
    // Back where the user was when the app last ran on this session.
    if let Ok(Some(position)) = store.position(app.record.session.id) {
        app.return_to(position);
    }
    let mut kept_position = app.position();
    let (report_tx, mut reports) = tokio::sync::mpsc::unbounded_channel();
    let mut saver = Saver::start(store, move |r| {
        let _ = report_tx.send(r);
    });
    // Exports are written on threads of their own; their outcomes come back here.
    let (export_tx, mut exports_done) = tokio::sync::mpsc::unbounded_channel();
    let mut exports_running: Vec<std::thread::JoinHandle<()>> = Vec::new();
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut ended_by: Option<(&'static str, i32)> = None;
    let mut dirty = true;
    loop {
        if dirty {
            terminal.draw(|frame| crate::ui::draw(frame, &app, Utc::now()))?;
            dirty = false;
        }
        tokio::select! {
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) if key.kind == KeyEventKind::Press => {
                    app.handle_key(key, Utc::now());
                    dirty = true;
                }
                Some(Ok(Event::Paste(text))) => {
                    app.handle_paste(&text, Utc::now());
                    dirty = true;
                }
                Some(Ok(Event::Resize(..))) => dirty = true,
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e.into()),
                // The terminal is gone: save what there is and stop.
                None => app.should_quit = true,
            },
            Some(report) = reports.recv() => {
                app.on_save_report(report);
                dirty = true;
            }
            Some(outcome) = exports_done.recv() => {
                app.on_export_done(outcome);
                dirty = true;
            }
            _ = tick.tick() => {
                // A letter held in the list of speakers may run its command on this tick.
                let held = app.held_command().is_some();
                app.tick(Utc::now());
                // Only a running clock, or a held command, changes the screen by itself.
                dirty |= held || app.record.floor().is_some();
            }
            ending = endings.next() => {
                // Leave as "leave with the clock running" does: the record stays as it is.
                ended_by = Some(ending);
                app.should_quit = true;
            }
        }
        if std::mem::take(&mut app.bell) {
            use std::io::Write;
            let mut out = std::io::stdout();
            let _ = out.write_all(b"\x07").and_then(|()| out.flush());
        }
        if let Some(moved) = app.position_moved(&mut kept_position) {
            app.outbox.push(moved);
        }
        app.hand_outbox_to(&mut saver);
        exports_running.retain(|t| !t.is_finished());
        for job in app.exports.drain(..) {
            let done = export_tx.clone();
            exports_running.push(std::thread::spawn(move || {
                let _ = done.send(job.run().map_err(|e| e.to_string()));
            }));
        }
        if app.should_quit {
            // An export half written would leave its temporary file behind: let it finish.
            for export in exports_running.drain(..) {
                let _ = export.join();
            }
            if let Some((name, number)) = ended_by {
                // No staying on a failed save here: whatever sent the signal is ending the
                // app anyway, so say what was not saved instead.
                let synced = saver.sync();
                let finished = saver.finish().map_err(|e| e.to_string());
                return Err(EndedBySignal {
                    name,
                    number,
                    unsaved: synced.and(finished).err(),
                    left: None,
                }
                .into());
            }
            match saver.sync() {
                Ok(()) => return saver.finish().map_err(Into::into),
                Err(e) => {
                    // Refuse to leave on a failed save: the text is still in memory, on
                    // screen and with the writer, which keeps trying.
                    app.should_quit = false;
                    app.save.error = Some(format!(
                        "{e} — not leaving, so that nothing is lost; free the disk or fix the store, then quit again"
                    ));
                    dirty = true;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::EndedBySignal;

    #[test]
    fn the_line_and_the_status_say_which_signal_and_what_was_saved() {
        let saved = EndedBySignal {
            name: "SIGTERM",
            number: 15,
            unsaved: None,
            left: None,
        };
        assert_eq!(saved.exit_status(), 143);
        assert!(saved.to_string().contains("everything typed is saved"));
        let unsaved = EndedBySignal {
            name: "SIGHUP",
            number: 1,
            unsaved: Some("No space left on device".into()),
            left: None,
        };
        assert_eq!(unsaved.exit_status(), 129);
        let said = unsaved.to_string();
        assert!(
            said.contains("SIGHUP") && said.contains("could not be saved: No space left"),
            "{said}"
        );
        assert!(!said.contains("everything typed is saved"), "{said}");
    }
}
