//! An edit of a note as the journal records it: what a keystroke changed, not the whole note,
//! so that a keystroke in a note of a megabyte is journaled in a few bytes, as in a note of a
//! line. The app still hands over the whole note; the store finds what changed against the
//! text it journaled last (their common start and end).
//!
//! An edit names the text it applies to (its length and CRC-32) and the text it makes: it is
//! applied only to that text, never to another, so that a record lost in between shows as a
//! refusal instead of a note rebuilt wrong.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::journal::crc32;
use super::Change;
use crate::domain::{InterventionId, SessionId};

/// A note is journaled whole again after this many edits, so that no note hangs on a long
/// chain of them.
pub const FULL_COPY_EVERY: u32 = 1000;

/// Replaces `removed` bytes at byte `at` of the note by `inserted`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteEdit {
    pub base_len: u64,
    pub base_crc: u32,
    pub at: u64,
    pub removed: u64,
    pub inserted: String,
    /// The length and CRC-32 of the note once edited: a store found holding that text already
    /// has the edit (sled came back from a stop holding the note of a later batch than its
    /// mark says).
    pub len: u64,
    pub crc: u32,
}

/// What applying an edit to a note found.
#[derive(Debug, PartialEq, Eq)]
pub enum Applied {
    Edited(String),
    /// The note is already the edit's outcome.
    Already,
    /// The note is neither the text the edit applies to nor its outcome.
    OtherText,
}

impl NoteEdit {
    /// The edit that turns `base` into `new`, or `None` when they are the same text. `base_crc`
    /// is the CRC-32 of `base`, known already; the outcome's is worked out here.
    pub fn between(base: &str, base_crc: u32, new: &str) -> Option<NoteEdit> {
        let (at, removed, inserted) = splice(base, new)?;
        // Typing at the end, the most common edit by far, continues the CRC instead of
        // reading the whole note again.
        let crc = if at == base.len() && removed == 0 {
            let mut hasher = crc32fast::Hasher::new_with_initial(base_crc);
            hasher.update(inserted.as_bytes());
            hasher.finalize()
        } else {
            crc32(&[new.as_bytes()])
        };
        Some(NoteEdit {
            base_len: base.len() as u64,
            base_crc,
            at: at as u64,
            removed: removed as u64,
            inserted: inserted.to_owned(),
            len: new.len() as u64,
            crc,
        })
    }

    /// The bytes the edit writes or removes: what it costs against a copy of the note.
    pub fn size(&self) -> u64 {
        self.removed + self.inserted.len() as u64
    }

    /// Applies the edit to `note` if it is the text the edit was made against.
    pub fn apply_to(&self, note: &str) -> Applied {
        let is = |len: u64, crc: u32| note.len() as u64 == len && crc32(&[note.as_bytes()]) == crc;
        if is(self.base_len, self.base_crc) {
            match self.splice_into(note) {
                Some(edited) => Applied::Edited(edited),
                None => Applied::OtherText,
            }
        } else if is(self.len, self.crc) {
            Applied::Already
        } else {
            Applied::OtherText
        }
    }

    /// Applies the edit in place to `note`, the text it was made against (the caller knows it
    /// is); `false`, and `note` untouched, if its bounds do not fit.
    pub fn apply_in_place(&self, note: &mut String) -> bool {
        let (at, end) = (self.at as usize, (self.at + self.removed) as usize);
        if end > note.len() || !note.is_char_boundary(at) || !note.is_char_boundary(end) {
            return false;
        }
        note.replace_range(at..end, &self.inserted);
        true
    }

    fn splice_into(&self, note: &str) -> Option<String> {
        let mut edited = note.to_owned();
        self.apply_in_place(&mut edited).then_some(edited)
    }
}

/// The text of each note as the journal holds it, so that the next change of it can be
/// journaled as an edit of that text.
#[derive(Default)]
pub struct JournaledNotes {
    notes: HashMap<(SessionId, InterventionId), Journaled>,
}

struct Journaled {
    text: String,
    crc: u32,
    edits_since_copy: u32,
    /// Whether the next change may be journaled as an edit of `text` (see `checkpoint`).
    edits_allowed: bool,
    /// Whether `text` is newer than the store's: notes are written to the store when it is
    /// flushed, not at every keystroke (sled writing a large note costs milliseconds).
    unwritten: bool,
}

impl JournaledNotes {
    /// `changes` as the journal is to record them, `None` if as they are: each note as an
    /// edit of the text journaled last, when there is one and the edit is much smaller than
    /// the note; whole otherwise, and then every `FULL_COPY_EVERY` edits. Takes them as
    /// journaled: should the journal not take them after all, `forget` must be called.
    pub fn journal_form(&mut self, changes: &[Change]) -> Option<Vec<Change>> {
        if !changes.iter().any(|c| {
            matches!(
                c,
                Change::Note(..) | Change::RemoveIntervention(..) | Change::RemoveSession(..)
            )
        }) {
            return None;
        }
        Some(changes.iter().map(|c| self.journal_one(c)).collect())
    }

    fn journal_one(&mut self, change: &Change) -> Change {
        match change {
            Change::Note(s, i, text) => {
                if let Some(edit) = self.edit_of(*s, *i, text) {
                    return Change::NoteEdit(*s, *i, edit);
                }
                let copy = Journaled {
                    text: text.clone(),
                    crc: crc32(&[text.as_bytes()]),
                    edits_since_copy: 0,
                    edits_allowed: true,
                    unwritten: true,
                };
                self.notes.insert((*s, *i), copy);
                change.clone()
            }
            Change::RemoveIntervention(s, i) => {
                self.notes.remove(&(*s, *i));
                change.clone()
            }
            Change::RemoveSession(s) => {
                self.notes.retain(|(session, _), _| session != s);
                change.clone()
            }
            other => other.clone(),
        }
    }

    /// The edit that brings the journaled note to `text`, and takes it as journaled, if
    /// it is worth journaling instead of `text`.
    fn edit_of(&mut self, s: SessionId, i: InterventionId, text: &str) -> Option<NoteEdit> {
        let journaled = self.notes.get_mut(&(s, i))?;
        if !journaled.edits_allowed || journaled.edits_since_copy >= FULL_COPY_EVERY {
            return None;
        }
        let edit = NoteEdit::between(&journaled.text, journaled.crc, text).unwrap_or(NoteEdit {
            base_len: text.len() as u64,
            base_crc: journaled.crc,
            at: text.len() as u64,
            removed: 0,
            inserted: String::new(),
            len: text.len() as u64,
            crc: journaled.crc,
        });
        // An edit that writes about as much as the note saves nothing, and a copy starts a
        // new chain. (What it removes is only a number in it.)
        if edit.inserted.len().saturating_mul(2) >= text.len() {
            return None;
        }
        if !edit.apply_in_place(&mut journaled.text) {
            return None;
        }
        journaled.crc = edit.crc;
        journaled.edits_since_copy += 1;
        journaled.unwritten = true;
        Some(edit)
    }

    /// The next change of every note is journaled whole. For when the journal did not take
    /// what `journal_form` gave it: the texts kept are the newest typed, to be written still.
    pub fn forget(&mut self) {
        self.notes.retain(|_, journaled| journaled.unwritten);
        for journaled in self.notes.values_mut() {
            journaled.edits_allowed = false;
        }
    }

    /// The notes newer than the store's, to be written to it.
    pub fn unwritten(&self) -> impl Iterator<Item = (SessionId, InterventionId, &str)> {
        self.notes
            .iter()
            .filter(|(_, journaled)| journaled.unwritten)
            .map(|((s, i), journaled)| (*s, *i, journaled.text.as_str()))
    }

    /// The store holds every note and says how far it holds the journal: from here on each
    /// note is journaled whole first. A replay starts after the store's mark, with a whole
    /// copy of each note, whatever text of it the store came back with from a stop.
    pub fn checkpoint(&mut self) {
        self.notes.clear();
    }
}

/// Where `base` and `new` differ: the byte at which they start to, how many bytes of `base`
/// go from there, and what comes in their place; `None` if they are the same. Cut on
/// character boundaries.
fn splice<'a>(base: &str, new: &'a str) -> Option<(usize, usize, &'a str)> {
    let (b, n) = (base.as_bytes(), new.as_bytes());
    let mut prefix = common_prefix(b, n);
    if prefix == b.len() && prefix == n.len() {
        return None;
    }
    while !base.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let room = b.len().min(n.len()) - prefix;
    let mut suffix = common_suffix(&b[b.len() - room..], &n[n.len() - room..]);
    while !base.is_char_boundary(b.len() - suffix) || !new.is_char_boundary(n.len() - suffix) {
        suffix -= 1;
    }
    Some((
        prefix,
        b.len() - suffix - prefix,
        &new[prefix..n.len() - suffix],
    ))
}

/// Compared a block at a time (`memcmp`), then byte by byte within the block that differs:
/// a note of a megabyte is compared in tens of microseconds, not a millisecond.
const BLOCK: usize = 4096;

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let len = a.len().min(b.len());
    let mut same = 0;
    while same + BLOCK <= len && a[same..same + BLOCK] == b[same..same + BLOCK] {
        same += BLOCK;
    }
    same + a[same..len]
        .iter()
        .zip(&b[same..len])
        .take_while(|(x, y)| x == y)
        .count()
}

fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let len = a.len().min(b.len());
    let (a, b) = (&a[a.len() - len..], &b[b.len() - len..]);
    let mut same = 0;
    while same + BLOCK <= len
        && a[len - same - BLOCK..len - same] == b[len - same - BLOCK..len - same]
    {
        same += BLOCK;
    }
    same + a[..len - same]
        .iter()
        .rev()
        .zip(b[..len - same].iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn edit(base: &str, new: &str) -> NoteEdit {
        NoteEdit::between(base, crc32(&[base.as_bytes()]), new).expect("they differ")
    }

    #[test]
    fn a_keystroke_at_the_end_of_a_long_note_is_an_edit_of_one_character() {
        let base = "Austria aligned itself with the EU. ".repeat(30_000);
        let new = format!("{base}é");
        let e = edit(&base, &new);
        assert_eq!(
            (e.at, e.removed, e.inserted.as_str()),
            (base.len() as u64, 0, "é")
        );
        assert_eq!(
            e.crc,
            crc32(&[new.as_bytes()]),
            "the CRC continued is the CRC"
        );
        assert_eq!(e.apply_to(&base), Applied::Edited(new.clone()));
        assert_eq!(e.apply_to(&new), Applied::Already);
    }

    #[test]
    fn an_edit_is_refused_on_any_other_text_of_the_same_length() {
        let e = edit("Brazil: point of order", "Brazil: a point of order");
        assert_eq!(e.apply_to("Brazil: point of ordex"), Applied::OtherText);
        assert_eq!(e.apply_to("Brazil"), Applied::OtherText);
    }

    #[test]
    fn a_change_inside_a_character_is_cut_on_its_boundaries() {
        // é and è share their first byte: the edit must not start between the two.
        let e = edit("café au lait", "cafè au lait");
        assert_eq!((e.at, e.removed, e.inserted.as_str()), (3, 2, "è"));
    }

    #[test]
    fn texts_longer_than_a_block_are_compared_across_its_edges() {
        let base = "ab".repeat(BLOCK * 3);
        for at in [
            0,
            1,
            BLOCK - 1,
            BLOCK,
            BLOCK + 1,
            2 * BLOCK,
            base.len() - 1,
            base.len(),
        ] {
            let mut new = base.clone();
            new.insert(at, 'Z');
            let e = edit(&base, &new);
            assert_eq!(e.apply_to(&base), Applied::Edited(new.clone()), "at {at}");
            assert_eq!((e.removed, e.inserted.len()), (0, 1), "at {at}");
            let mut shorter = base.clone();
            shorter.remove(at.min(base.len() - 1));
            let e = edit(&base, &shorter);
            assert_eq!(e.apply_to(&base), Applied::Edited(shorter), "at {at}");
        }
    }

    proptest! {
        #[test]
        fn the_edit_between_two_texts_turns_one_into_the_other(
            base in "[aé日🙂 \n]{0,40}",
            new in "[aé日🙂 \n]{0,40}",
        ) {
            match NoteEdit::between(&base, crc32(&[base.as_bytes()]), &new) {
                None => prop_assert_eq!(&base, &new),
                Some(e) => {
                    prop_assert_eq!(e.apply_to(&base), Applied::Edited(new.clone()));
                    prop_assert_eq!(e.crc, crc32(&[new.as_bytes()]));
                    prop_assert!(e.size() <= (base.len() + new.len()) as u64);
                }
            }
        }
    }
}
