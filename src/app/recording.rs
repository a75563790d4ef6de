//! The meeting's recording from the app: a key marks that it started now, and the meeting's
//! form shows and edits its start and the typing lag. Every change is a set-up change: saved
//! as one batch, and taken back by the undo key.

use chrono::{DateTime, Timelike, Utc};

use super::overlay::form::{Form, FormField};
use super::{App, Overlay};
use crate::action::Action;
use crate::domain::{self, ordinal, Recording, SessionRecord, SetupError};

const STARTED: &str = "Recording started";
const LAG: &str = "Typing lag";

/// The meeting form's fields for its recording.
pub(super) fn recording_fields(recording: &Recording, tz: chrono_tz::Tz) -> Vec<FormField> {
    vec![
        FormField::new(
            STARTED,
            domain::start_local(recording, tz),
            "HH:MM:SS, the venue's time; empty if not known",
        )
        .checked(|t| {
            if t.trim().is_empty() || t.trim().eq_ignore_ascii_case("none") {
                return Ok(());
            }
            domain::parse_time_of_day(t).map(|_| ()).map_err(|_| {
                format!(
                    "\"{}\": write the time as HH:MM:SS, e.g. 10:02:13",
                    t.trim()
                )
            })
        }),
        FormField::new(
            LAG,
            domain::lag_words(recording),
            "how far your typing runs behind the speech, e.g. 4s",
        )
        .checked(|t| {
            domain::parse_typing_lag(t)
                .map(|_| ())
                .map_err(|e| e.to_string())
        }),
    ]
}

/// Puts the form's recording fields into meeting `number`. A start left as the form showed it
/// keeps its instant, so a meeting that ran past midnight is not moved a day.
pub(super) fn save_recording(
    form: &Form,
    record: &mut SessionRecord,
    number: u32,
) -> Result<(), SetupError> {
    let tz = record.session.tz();
    let Some(m) = record.meeting(number) else {
        return Ok(());
    };
    let typed = form.value(STARTED);
    let start = if typed.trim() == domain::start_local(&m.recording, tz) {
        None
    } else {
        Some(domain::parse_recording_start(typed, m.date, tz)?)
    };
    let lag = domain::parse_typing_lag(form.value(LAG))?;
    domain::set_recording(record, number, start, Some(lag))
}

impl App {
    /// Marks the recording of the meeting in view as started now. An earlier start is not
    /// replaced on one key: the meeting's form opens with the new one, for Enter to confirm,
    /// since a slip would move every offset of the meeting.
    pub(super) fn mark_recording_start(&mut self, now: DateTime<Utc>) {
        let now = now.with_nanosecond(0).unwrap_or(now);
        let number = self.meeting;
        let tz = self.record.session.tz();
        let Some(earlier) = self.record.meeting(number).map(|m| m.recording) else {
            return;
        };
        let marked = Recording {
            started_at: Some(now),
            ..earlier
        };
        let at = domain::start_local(&marked, tz);
        if earlier.started_at.is_none() {
            self.change_setup(
                format!(
                    "Recording of the {} meeting marked as started at {at}",
                    ordinal(number)
                ),
                |r| domain::set_recording(r, number, Some(Some(now)), None),
            );
            return;
        }
        let Some(mut form) = self.sitting_form() else {
            return;
        };
        if let Some(field) = form.fields.iter_mut().find(|f| f.label == STARTED) {
            field.value = at.clone();
        }
        if let Some(i) = form.fields.iter().position(|f| f.label == STARTED) {
            form.focused = i;
        }
        form.intro = Some(format!(
            "The recording already started at {}: {} replaces it with {at}, {} keeps it",
            domain::start_local(&earlier, tz),
            self.key_hint_in(Action::Confirm),
            self.key_hint_in(Action::Cancel)
        ));
        self.open(Overlay::Form(form));
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::app::tests::app_with_list;

    fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 7, 2, h, m, s).unwrap()
    }

    fn form(app: &App) -> &Form {
        match app.top() {
            Some(Overlay::Form(f)) => f,
            other => panic!("no form on top: {other:?}"),
        }
    }

    #[test]
    fn the_key_marks_the_start_saves_it_and_undo_takes_it_back() {
        let mut app = app_with_list(&["Kenya"]);
        app.outbox.clear();
        app.update(Action::MarkRecordingStart, at(8, 2, 13));
        let m = app.record.meeting(app.meeting).unwrap();
        assert_eq!(m.recording.started_at, Some(at(8, 2, 13)));
        let said = app.message.clone().unwrap().text;
        assert!(
            said.contains("Recording of the 1st meeting marked as started at 10:02:13")
                && said.contains("undoes it"),
            "{said}"
        );
        assert!(!app.outbox.is_empty(), "saved");
        app.update(Action::UndoFloor, at(8, 3, 0));
        let m = app.record.meeting(app.meeting).unwrap();
        assert_eq!(m.recording.started_at, None);
    }

    #[test]
    fn marking_again_asks_before_replacing_the_earlier_start() {
        let mut app = app_with_list(&["Kenya"]);
        app.update(Action::MarkRecordingStart, at(8, 2, 13));
        app.update(Action::MarkRecordingStart, at(8, 40, 0));
        let f = form(&app);
        assert_eq!(f.value(STARTED), "10:40:00");
        assert!(f
            .intro
            .as_ref()
            .unwrap()
            .contains("already started at 10:02:13"));
        assert_eq!(
            app.record.meeting(1).unwrap().recording.started_at,
            Some(at(8, 2, 13)),
            "not replaced before it is confirmed"
        );
        app.update(Action::Cancel, at(8, 40, 1));
        assert_eq!(
            app.record.meeting(1).unwrap().recording.started_at,
            Some(at(8, 2, 13))
        );
        app.update(Action::MarkRecordingStart, at(8, 40, 0));
        app.update(Action::Confirm, at(8, 40, 1));
        assert!(app.top().is_none(), "{:?}", app.message);
        assert_eq!(
            app.record.meeting(1).unwrap().recording.started_at,
            Some(at(8, 40, 0))
        );
        app.update(Action::UndoFloor, at(8, 41, 0));
        assert_eq!(
            app.record.meeting(1).unwrap().recording.started_at,
            Some(at(8, 2, 13)),
            "undo brings the earlier start back"
        );
    }

    #[test]
    fn an_export_of_cues_from_the_app_is_of_the_meeting_in_view() {
        let mut app = app_with_list(&["Kenya"]);
        for (path, meeting) in [("/tmp/x.vtt", Some(1)), ("/tmp/x.md", None)] {
            app.update(Action::Export, at(8, 0, 0));
            app.update(Action::ClearInput, at(8, 0, 0));
            app.handle_paste(path, at(8, 0, 0));
            app.update(Action::Confirm, at(8, 0, 0));
            let job = app.exports.pop().expect("an export asked for");
            assert_eq!(job.scope.meeting, meeting, "{path}");
            app.exporting = None;
        }
    }

    #[test]
    fn the_meeting_form_sets_the_typing_lag_and_refuses_a_slip() {
        let mut app = app_with_list(&["Kenya"]);
        app.update(Action::EditMeeting, at(8, 0, 0));
        let lag = form(&app)
            .fields
            .iter()
            .position(|f| f.label == LAG)
            .unwrap();
        for _ in 0..lag {
            app.update(Action::NextField, at(8, 0, 0));
        }
        app.update(Action::ClearInput, at(8, 0, 0));
        app.handle_paste("40m", at(8, 0, 0));
        app.update(Action::Confirm, at(8, 0, 0));
        assert!(app.top().is_some(), "a lag of 40 minutes is refused");
        app.update(Action::ClearInput, at(8, 0, 0));
        app.handle_paste("1m 20s", at(8, 0, 0));
        app.update(Action::Confirm, at(8, 0, 0));
        assert!(app.top().is_none(), "{:?}", app.message);
        assert_eq!(app.record.meeting(1).unwrap().recording.typing_lag_secs, 80);
    }
}
