//! Handing what the app changed to the saver: the changes of one event go as one message,
//! written in one batch, so that a user action (giving the floor: the list, the ended and the
//! new intervention) is saved whole or not at all.

use super::App;
use crate::store::Saver;

impl App {
    /// Hands the changes queued since the last call to `saver`, as one batch.
    pub fn hand_outbox_to(&mut self, saver: &mut Saver) {
        if !self.outbox.is_empty() {
            self.save.sent = saver.save_all(std::mem::take(&mut self.outbox));
        }
    }
}
