//! Whether a store may open with the journal found in its folder: the store must be able to
//! prove that it holds, or is about to be given, every change the journal says was saved.
//! When it cannot, it is refused with words that say what is damaged and what
//! `rapporteur recover` will do, and nothing is written: a refused store is left as found.

use std::path::Path;

use super::journal::Scan;
use super::StoreError;

/// What the store's own meta says of its journal.
pub(super) struct Marks<'a> {
    /// The number of the last journal record the store holds on disk.
    pub applied: u64,
    /// The id of the store, given to it when it was created (or first opened by a rapporteur
    /// that gives ids); `None` in a store from before.
    pub store_id: Option<&'a str>,
}

/// Refuses a journal that is not this store's, a journal that is missing when the store says
/// it had one, and damage in the journal where it may have held changes the store lacks.
pub(super) fn check(
    store: &Path,
    journal: &Path,
    marks: &Marks,
    scan: Option<&Scan>,
) -> Result<(), StoreError> {
    let Some(scan) = scan else {
        if marks.applied > 0 {
            return Err(StoreError::MissingJournal {
                path: store.to_path_buf(),
                journal: journal.to_path_buf(),
                applied: marks.applied,
            });
        }
        return Ok(());
    };
    if let Some(ours) = marks.store_id {
        // A journal that says nothing of its store, yet holds changes, was not written for
        // this one: every journal written for a store with an id begins by naming it.
        let foreign = match &scan.store_id {
            Some(theirs) => theirs != ours,
            None => scan.changes > 0,
        };
        // Unless the record that names the store is itself unreadable: then whose the
        // journal is cannot be told, and that is damage, not another store's journal.
        let unnamed_by_damage = scan
            .damage
            .first()
            .filter(|d| d.offset == 0 && scan.store_id.is_none());
        if let (true, Some(damage)) = (foreign, unnamed_by_damage) {
            return Err(StoreError::DamagedJournal {
                path: store.to_path_buf(),
                journal: journal.to_path_buf(),
                offset: damage.offset,
                bytes: damage.bytes,
                after: marks.applied,
            });
        }
        if foreign {
            return Err(StoreError::ForeignJournal {
                path: store.to_path_buf(),
                journal: journal.to_path_buf(),
            });
        }
    }
    if let Some(damage) = scan
        .damage
        .iter()
        .find(|d| d.may_hold_changes_after(marks.applied))
    {
        return Err(StoreError::DamagedJournal {
            path: store.to_path_buf(),
            journal: journal.to_path_buf(),
            offset: damage.offset,
            bytes: damage.bytes,
            after: damage.after_seq.max(marks.applied),
        });
    }
    Ok(())
}

/// A new store's id: random enough that two stores never share one.
pub(super) fn new_store_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut halves = [0u64; 2];
    for half in &mut halves {
        // Each RandomState is seeded afresh from the system's randomness.
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u128(now);
        hasher.write_u32(std::process::id());
        *half = hasher.finish();
    }
    format!("{:016x}{:016x}", halves[0], halves[1])
}

#[cfg(test)]
mod tests {
    use super::super::journal::Damage;
    use super::*;

    fn scan_of(store_id: Option<&str>, changes: usize, damage: Vec<Damage>) -> Scan {
        Scan {
            store_id: store_id.map(str::to_owned),
            changes,
            damage,
            ..Scan::default()
        }
    }

    fn verdict(marks: Marks, scan: Option<&Scan>) -> Result<(), StoreError> {
        check(Path::new("/s"), Path::new("/s/journal"), &marks, scan)
    }

    #[test]
    fn another_stores_journal_is_refused() {
        let marks = || Marks {
            applied: 3,
            store_id: Some("a"),
        };
        let theirs = scan_of(Some("b"), 3, vec![]);
        assert!(matches!(
            verdict(marks(), Some(&theirs)),
            Err(StoreError::ForeignJournal { .. })
        ));
        let nameless = scan_of(None, 3, vec![]);
        assert!(matches!(
            verdict(marks(), Some(&nameless)),
            Err(StoreError::ForeignJournal { .. })
        ));
        assert!(verdict(marks(), Some(&scan_of(Some("a"), 3, vec![]))).is_ok());
        // A store from before ids takes any journal, as it always did.
        let old = Marks {
            applied: 3,
            store_id: None,
        };
        assert!(verdict(old, Some(&theirs)).is_ok());
    }

    #[test]
    fn a_missing_journal_is_refused_once_the_store_has_had_one() {
        let fresh = Marks {
            applied: 0,
            store_id: None,
        };
        assert!(verdict(fresh, None).is_ok());
        let used = Marks {
            applied: 9,
            store_id: Some("a"),
        };
        assert!(matches!(
            verdict(used, None),
            Err(StoreError::MissingJournal { applied: 9, .. })
        ));
    }

    #[test]
    fn damage_is_refused_only_where_it_may_hold_changes_the_store_lacks() {
        let damage = |up_to_seq| Damage {
            offset: 100,
            bytes: 40,
            after_seq: 4,
            up_to_seq,
        };
        let marks = || Marks {
            applied: 6,
            store_id: Some("a"),
        };
        let held = scan_of(Some("a"), 9, vec![damage(Some(6))]);
        assert!(verdict(marks(), Some(&held)).is_ok());
        let unflushed = scan_of(Some("a"), 9, vec![damage(Some(7))]);
        assert!(matches!(
            verdict(marks(), Some(&unflushed)),
            Err(StoreError::DamagedJournal {
                offset: 100,
                bytes: 40,
                after: 6,
                ..
            })
        ));
        let at_the_end = scan_of(Some("a"), 9, vec![damage(None)]);
        assert!(verdict(marks(), Some(&at_the_end)).is_err());
    }

    #[test]
    fn two_new_stores_get_two_ids() {
        assert_ne!(new_store_id(), new_store_id());
        assert_eq!(new_store_id().len(), 32);
    }
}
