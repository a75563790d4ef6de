//! How a command saves a change to a session's set-up: the record is loaded, a copy is
//! changed by the domain's rule, and the parts that differ are written as one batch, so a
//! refused change or a failed write leaves the store as it was.

use anyhow::Context as _;

use crate::domain::{Patch, SessionId, SessionRecord};
use crate::store::{Change, Store};

/// Loads the session, makes `change` to a copy and saves what differs; what `change`
/// returns, and the record as saved.
pub fn change_record<T>(
    store: &Store,
    id: SessionId,
    change: impl FnOnce(&mut SessionRecord) -> anyhow::Result<T>,
) -> anyhow::Result<(T, SessionRecord)> {
    let before = store.load(id)?;
    let mut after = before.clone();
    let out = change(&mut after)?;
    save(store, &before, &after)?;
    Ok((out, after))
}

/// Saves `after` in place of `before`: what differs, as one batch, made durable.
pub fn save(store: &Store, before: &SessionRecord, after: &SessionRecord) -> anyhow::Result<()> {
    let id = after.session.id;
    let patch = Patch::between(before, after);
    if !patch.is_empty() {
        store
            .write_batch(&Change::for_patch(id, &patch))
            .with_context(|| format!("saving the change to session {id}; nothing was changed"))?;
        store.flush_durable()?;
    }
    Ok(())
}
