//! The terminal loop: key presses, pastes, resizes, save reports and the timer's tick, merged
//! into one stream; the screen is redrawn only when something changed.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use futures_util::StreamExt;
use ratatui::crossterm::event::{
    DisableBracketedPaste, EnableBracketedPaste, Event, EventStream, KeyEventKind,
};
use ratatui::crossterm::execute;
use ratatui::DefaultTerminal;

use super::App;
use crate::store::{Saver, Store};

/// How often a running timer repaints: often enough that the seconds never skip.
const TICK: Duration = Duration::from_millis(250);

/// Runs the app in the terminal until the user quits. Whatever happens, the terminal is given
/// back as it was: ratatui's hook restores it on a panic, and this restores it on return.
pub fn run(app: App, store: Arc<Store>) -> anyhow::Result<()> {
    let mut terminal = ratatui::init();
    let _ = execute!(std::io::stdout(), EnableBracketedPaste);
    // ratatui's hook gives back raw mode and the main screen on a panic; bracketed paste,
    // which the app turned on itself, is turned off here before it.
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableBracketedPaste);
        ratatui_hook(info);
    }));
    let outcome = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .map_err(anyhow::Error::from)
        .and_then(|rt| rt.block_on(event_loop(&mut terminal, app, store)));
    let _ = execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    outcome
}

async fn event_loop(
    terminal: &mut DefaultTerminal,
    mut app: App,
    store: Arc<Store>,
) -> anyhow::Result<()> {
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
                app.tick(Utc::now());
                // Only a running clock changes the screen by itself.
                dirty |= app.record.floor().is_some();
            }
        }
        if std::mem::take(&mut app.bell) {
            use std::io::Write;
            let mut out = std::io::stdout();
            let _ = out.write_all(b"\x07").and_then(|()| out.flush());
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
