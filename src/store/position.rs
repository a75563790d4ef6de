//! Where the user was in a session: the meeting, the agenda item and the pane in use, kept so
//! that the next start, after a quit or a kill, comes back there (and the next floor given
//! lands in the meeting the user was logging). Not part of the record: one per session,
//! under `meta`, written through the journal like any change so that a kill keeps it too.

use serde::{Deserialize, Serialize};

use super::{keys, Store, StoreError};
use crate::domain::{AgendaItemId, SessionId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub meeting: u32,
    pub agenda_item: AgendaItemId,
    pub pane: Pane,
}

/// The pane that had the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pane {
    Speakers,
    Notes,
}

/// The key of a session's position in `meta`.
pub(super) fn key(session: SessionId) -> Vec<u8> {
    [b"position/".as_slice(), &keys::session(session)].concat()
}

impl Store {
    /// Where the user was in `session` when the app last ran on it; `None` if it never ran
    /// there, or if what is kept cannot be read (then the app opens where it always did:
    /// a position is no reason to refuse a store).
    pub fn position(&self, session: SessionId) -> Result<Option<Position>, StoreError> {
        let kept = self
            .tree("meta")?
            .get(key(session))
            .map_err(|e| self.err(e))?;
        Ok(kept.and_then(|v| serde_json::from_slice(&v).ok()))
    }
}
