//! Leaving. With a speaker on the floor the app asks first what becomes of their clock: a
//! clock left running while the app is closed makes an intervention hours long by the next
//! morning.

use chrono::{DateTime, Utc};

use super::{App, Overlay, QuitQuestion};
use crate::action::Action;

impl App {
    /// Leaves at once with no one on the floor; otherwise asks.
    pub(super) fn quit(&mut self) {
        match self.record.floor().map(|iv| iv.id) {
            None => self.should_quit = true,
            Some(floor) => self.open(Overlay::Quit(QuitQuestion { floor })),
        }
    }

    /// An action while the question before leaving is on top; whether it answered it.
    pub(super) fn answer_quit(&mut self, action: Action, now: DateTime<Utc>) -> bool {
        match action {
            Action::EndIntervention => {
                self.overlays.pop();
                // A point of order ends back into the speaker it interrupted: end them too.
                while self.record.floor().is_some() {
                    self.end_intervention(now);
                }
                self.should_quit = true;
            }
            Action::PauseTimer => {
                self.overlays.pop();
                if self.record.floor().is_some_and(|iv| !iv.is_paused()) {
                    self.pause_timer(now);
                }
                self.should_quit = true;
            }
            Action::LeaveClockRunning => {
                self.overlays.pop();
                self.should_quit = true;
            }
            // Esc stays; the help shows the keys of the question.
            Action::Cancel | Action::ToggleHelp => return false,
            // Nothing else changes the meeting under the question.
            _ => self.warn(format!(
                "Someone has the floor: {} ends the intervention, {} pauses the clock, {} leaves it running; {} stays",
                self.key_hint(Action::EndIntervention),
                self.key_hint(Action::PauseTimer),
                self.key_hint(Action::LeaveClockRunning),
                self.key_hint(Action::Cancel),
            )),
        }
        true
    }
}
