//! Helpers for the rapporteur's notes: the speaker's time stamped at the cursor, the history
//! of a corrected note, and searching every note of the session.

use super::{App, Focus, HistoryView, LogView, NoteTarget, Overlay};
use crate::domain::clock_face;
use chrono::{DateTime, Utc};

/// What the editor highlights as a tag: a `#` starting a word, then letters, digits, `-`, `_`.
pub const TAG_PATTERN: &str = r"\B#[\p{L}\p{N}][\p{L}\p{N}_-]*";

/// The line around the first match of `query` in `note`, for a search result.
pub fn snippet(note: &str, query: &str, width: usize) -> String {
    let lower = note.to_lowercase();
    let q = query.trim().to_lowercase();
    let line = note
        .lines()
        .zip(lower.lines())
        .find(|(_, l)| !q.is_empty() && l.contains(&q))
        .map(|(line, _)| line)
        .unwrap_or_else(|| note.lines().next().unwrap_or(""));
    let chars: Vec<char> = line.chars().collect();
    let at = line
        .to_lowercase()
        .find(&q)
        .map(|byte| line.to_lowercase()[..byte].chars().count())
        .unwrap_or(0);
    let start = if chars.len() <= width {
        0
    } else {
        at.saturating_sub(width / 3)
    };
    let mut out: String = chars.iter().skip(start).take(width).collect();
    if start > 0 {
        out.insert(0, '…');
    }
    out
}

impl App {
    /// Inserts the elapsed speaking time of the speaker on the floor, as `[02:14] `.
    pub(super) fn insert_timestamp(&mut self, now: DateTime<Utc>) {
        let Some(elapsed) = self
            .record
            .floor()
            .map(|iv| iv.speaking_time(now).num_seconds())
        else {
            self.warn("No one has the floor: there is no speaking time to stamp");
            return;
        };
        self.focus = Focus::Notes;
        if self
            .editor
            .insert_str(format!("[{}] ", clock_face(elapsed)))
        {
            self.note_changed(now);
        }
    }

    /// Shows the history of the note selected in the log, or else of the note in the editor.
    pub(super) fn toggle_history(&mut self) {
        if matches!(self.top(), Some(Overlay::History(_))) {
            self.overlays.pop();
            return;
        }
        let from_log = self
            .log_selection()
            .and_then(|p| self.meeting_log().get(p).map(|iv| iv.id));
        let id = match (from_log, self.note_target) {
            (Some(id), _) | (None, NoteTarget::Intervention(id)) => id,
            (None, NoteTarget::Meeting(_)) => {
                self.warn("A meeting's own note has no history: choose an intervention in the log");
                return;
            }
        };
        let Some(iv) = self.record.interventions.iter().find(|i| i.id == id) else {
            return;
        };
        let fact_versions = match iv.fact_corrections.len() {
            0 => 0,
            n => n + 1,
        };
        let versions =
            usize::from(iv.live_record().is_some()) + iv.corrections.len() + fact_versions;
        if versions == 0 {
            let name = self.speaker_of(id);
            self.say(format!(
                "{name} still has the floor: the note has no history until the intervention ends"
            ));
            return;
        }
        self.open(Overlay::History(HistoryView {
            intervention: id,
            versions,
            selected: versions - 1,
        }));
    }

    /// Opens the note found, to read or correct it.
    pub(super) fn open_search_result(&mut self) {
        let Some(&id) = self
            .search()
            .and_then(|search| search.results.get(search.selected))
        else {
            return;
        };
        self.overlays.pop();
        self.close_all(&Overlay::Log(LogView::default()));
        self.edit_note(NoteTarget::Intervention(id));
        self.focus = Focus::Notes;
        let name = self.speaker_of(id);
        let back = self.key_hint(crate::action::Action::Cancel);
        self.say(format!(
            "The note of {name}; {back} goes back to the live note"
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snippet_shows_the_match_in_its_line() {
        assert_eq!(
            snippet("First line\nSecond line with Victims", "victims", 40),
            "Second line with Victims"
        );
        assert_eq!(
            snippet("First line\nSecond line with Victims here", "victims", 20),
            "… with Victims here"
        );
        let long = format!("{} needle", "x".repeat(100));
        assert!(snippet(&long, "needle", 30).starts_with('…'));
        assert!(snippet(&long, "needle", 30).contains("needle"));
    }
}
