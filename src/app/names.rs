//! Names at the cursor: the name of the speaker on the floor, or of anyone the finder finds,
//! typed into the note as the record and the exports write it ("responding to Kenya, …").

use chrono::{DateTime, Utc};

use super::{App, Focus, Overlay};
use crate::action::Action;
use crate::app::FinderPurpose;

impl App {
    /// The speaker on the floor's name, as the log names them; the group they speak for is
    /// not part of it.
    pub(super) fn insert_speaker_name(&mut self, now: DateTime<Utc>) {
        if self.names_wait_for_an_overlay() {
            return;
        }
        let Some(speaker) = self.record.floor().map(|iv| iv.speaker) else {
            self.warn(format!(
                "No one has the floor: there is no speaker's name to insert ({} finds anyone's)",
                self.key_hint(Action::InsertName)
            ));
            return;
        };
        let name = self.record.speaker_name(speaker).to_owned();
        self.insert_in_note(&name, now);
    }

    /// Opens the finder for a name to insert in the note.
    pub(super) fn find_name_for_note(&mut self) {
        if self.names_wait_for_an_overlay() {
            return;
        }
        self.open_finder(FinderPurpose::NameForNote);
    }

    /// Enter in the finder of a name: the name goes in at the cursor, where it was when the
    /// finder opened.
    ///
    /// A name found nowhere goes in as typed, and nobody is added to the session's roster.
    /// The rapporteur is writing what was said, and a name in a sentence ("thanked the
    /// Friends of the Chair") is not a participant: the roster is who takes the floor, and it
    /// feeds the lists of speakers, the statistics and the finder's ranking. Adding from here
    /// would also stop the typing with the question of a category, mid-sentence. Whoever
    /// takes the floor later is added then, through the inscription, as always.
    pub(super) fn insert_chosen_name(&mut self, now: DateTime<Utc>) {
        let Some(Overlay::Finder(finder)) = self.top() else {
            return;
        };
        let Some(name) = finder.name_for_note(&self.record) else {
            // Nothing typed that names anyone yet: the finder stays open.
            return;
        };
        self.overlays.pop();
        self.insert_in_note(&name, now);
    }

    /// Text put in the note as if typed: into the record, the journal and the store.
    fn insert_in_note(&mut self, text: &str, now: DateTime<Utc>) {
        self.focus = Focus::Notes;
        if self.editor.insert_str(text) {
            self.note_changed(now);
        }
    }

    /// A name goes into the note under everything: with a view or a form open, it would go
    /// where the user cannot see it. Says so and returns true then.
    fn names_wait_for_an_overlay(&mut self) -> bool {
        let Some(top) = self.top() else {
            return false;
        };
        let (what, close) = (top.what(), top.close_action());
        self.warn(format!(
            "A name goes into the note: close {what} first ({})",
            self.key_hint(close)
        ));
        true
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::app::tests::app_with_list;
    use crate::domain::SessionId;
    use crate::keymap::Keymap;
    use crate::store::Change;

    fn t(secs: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap() + chrono::TimeDelta::seconds(secs)
    }

    fn type_text(app: &mut App, text: &str) {
        for c in text.chars() {
            app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), t(5));
        }
    }

    fn note(app: &App) -> String {
        app.editor.lines().join("\n")
    }

    fn warning(app: &App) -> String {
        app.message
            .as_ref()
            .filter(|m| m.warning)
            .map(|m| m.text.clone())
            .unwrap_or_default()
    }

    /// Kenya on the floor, Mexico waiting, "thanked " typed in Kenya's note.
    fn kenya_speaking() -> App {
        let mut app = app_with_list(&["Kenya", "Mexico"]);
        app.update(Action::GiveFloor, t(0));
        type_text(&mut app, "thanked ");
        app
    }

    #[test]
    fn the_speakers_name_goes_in_at_the_cursor_and_to_the_store_like_typing() {
        let mut app = kenya_speaking();
        app.outbox.clear();
        app.update(Action::InsertSpeakerName, t(6));
        assert_eq!(note(&app), "thanked Kenya");
        assert_eq!(app.record.floor().unwrap().note, "thanked Kenya");
        assert!(app
            .outbox
            .iter()
            .any(|c| matches!(c, Change::Note(_, _, text) if text == "thanked Kenya")));
        // From the list of speakers too: the name goes into the note, which takes the keys.
        app.focus = Focus::Speakers;
        app.update(Action::InsertSpeakerName, t(7));
        assert_eq!(note(&app), "thanked KenyaKenya");
        assert_eq!(app.focus, Focus::Notes);
    }

    #[test]
    fn the_group_spoken_for_is_not_part_of_the_speakers_name() {
        let mut app = app_with_list(&["Hungary"]);
        let list = app.record.list_mut(app.agenda_item);
        list.speakers[0].on_behalf_of = Some("European Union".into());
        app.update(Action::GiveFloor, t(0));
        app.update(Action::InsertSpeakerName, t(1));
        assert_eq!(note(&app), "Hungary");
    }

    #[test]
    fn with_no_one_on_the_floor_nothing_is_inserted_and_the_status_line_says_why() {
        let mut app = app_with_list(&["Kenya"]);
        app.focus = Focus::Notes;
        type_text(&mut app, "Opening ");
        app.outbox.clear();
        app.update(Action::InsertSpeakerName, t(1));
        assert_eq!(note(&app), "Opening ");
        assert!(app.outbox.is_empty());
        let said = warning(&app);
        assert!(said.contains("No one has the floor"), "{said}");
        assert!(said.contains("alt-N"), "the key that finds anyone: {said}");
    }

    #[test]
    fn the_finder_inserts_the_chosen_participants_name_at_the_cursor() {
        let mut app = kenya_speaking();
        app.update(Action::InsertSpeakerName, t(6));
        type_text(&mut app, "; ");
        app.update(Action::InsertName, t(7));
        assert_eq!(
            app.finder().map(|f| f.purpose),
            Some(FinderPurpose::NameForNote)
        );
        type_text(&mut app, "mex");
        app.update(Action::Confirm, t(8));
        assert!(app.finder().is_none());
        assert_eq!(note(&app), "thanked Kenya; Mexico");
        assert_eq!(app.record.floor().unwrap().note, "thanked Kenya; Mexico");
        assert_eq!(
            app.record.list(app.agenda_item).unwrap().len(),
            1,
            "nobody is inscribed: Mexico is still waiting, once"
        );
        // Typing goes on after the name.
        type_text(&mut app, " and");
        assert_eq!(note(&app), "thanked Kenya; Mexico and");
    }

    #[test]
    fn esc_in_the_finder_inserts_nothing_and_leaves_the_cursor_where_it_was() {
        let mut app = kenya_speaking();
        app.editor.move_cursor(ratatui_textarea::CursorMove::Head);
        let cursor = app.editor.cursor();
        app.update(Action::InsertName, t(7));
        type_text(&mut app, "mex");
        app.update(Action::Cancel, t(8));
        assert!(app.top().is_none());
        assert_eq!(note(&app), "thanked ");
        assert_eq!(app.editor.cursor(), cursor);
        assert_eq!(app.focus, Focus::Notes);
        // The name goes where the cursor is.
        app.update(Action::InsertName, t(9));
        type_text(&mut app, "ken");
        app.update(Action::Confirm, t(10));
        assert_eq!(note(&app), "Kenyathanked ");
    }

    #[test]
    fn a_name_found_nowhere_goes_in_as_typed_and_nobody_is_added() {
        let mut app = kenya_speaking();
        let roster = app.record.participants.clone();
        app.outbox.clear();
        app.update(Action::InsertName, t(7));
        type_text(&mut app, "the Friends of Zorro");
        while !app.finder().unwrap().new_name_selected() {
            app.update(Action::SelectNext, t(7));
        }
        app.update(Action::Confirm, t(8));
        assert!(app.top().is_none(), "no category is asked");
        assert_eq!(note(&app), "thanked the Friends of Zorro");
        assert_eq!(app.record.participants, roster);
        assert!(!app
            .outbox
            .iter()
            .any(|c| matches!(c, Change::Participant(..) | Change::List(..))));
    }

    #[test]
    fn a_name_waits_for_an_open_view_to_close() {
        let mut app = kenya_speaking();
        app.update(Action::ShowLog, t(6));
        app.update(Action::InsertSpeakerName, t(6));
        assert_eq!(note(&app), "thanked ");
        assert!(
            warning(&app).contains("close the log first"),
            "{}",
            warning(&app)
        );
        app.update(Action::InsertName, t(6));
        assert!(app.finder().is_none());
    }

    #[test]
    fn a_name_inserted_is_in_the_store_after_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let store = std::sync::Arc::new(crate::store::Store::open(&dir.path().join("s")).unwrap());
        let mut app = app_with_list(&["Kenya", "Mexico"]);
        store.save_record(&app.record).unwrap();
        app.update(Action::GiveFloor, t(0));
        type_text(&mut app, "thanked ");
        app.update(Action::InsertSpeakerName, t(1));
        type_text(&mut app, "; ");
        app.update(Action::InsertName, t(2));
        type_text(&mut app, "mex");
        app.update(Action::Confirm, t(3));
        let mut saver = crate::store::Saver::start(store.clone(), |_| {});
        for change in app.outbox.drain(..) {
            saver.save(change);
        }
        saver.finish().unwrap();
        let reopened = App::new(store.load(SessionId(1)).unwrap(), Keymap::default_keymap());
        assert_eq!(
            reopened.record.floor().unwrap().note,
            "thanked Kenya; Mexico"
        );
    }
}
