//! The meeting, in its own words. Pure data and rules: nothing here knows of the
//! terminal, the disk or the clock on the wall (time is always passed in).

mod agenda;
mod agenda_setup;
mod bounds;
pub mod conflict;
mod correction;
mod dialogue;
mod duration;
#[cfg(test)]
pub(crate) mod fixtures;
mod intervention;
mod limits;
mod meeting;
mod participant;
mod patch;
mod record;
mod recording;
mod roster_setup;
mod session;
mod session_details;
mod sitting;
mod speakers;
mod topics;

pub use agenda::{AgendaItem, AgendaItemId};
pub use agenda_setup::AgendaError;
pub use bounds::{implausible, Implausible};
pub use conflict::{Conflict, ConflictId};
pub use correction::{kind_named, Correction, CorrectionError, Facts, FactsVersion};
pub use dialogue::{next_inscribed_kind, usual_kind, INSCRIBED_KINDS};
pub use duration::{check_secs, parse_duration, DurationError, LONGEST_SECS};
pub use intervention::{
    recommendations_in, tags_in, Intervention, InterventionId, InterventionKind, NoteVersion, Pause,
};
pub use limits::{BudgetHolder, Phase, TimeBudget, TimeLimits, TimerReading};
pub use meeting::{ordinal, Meeting};
pub use participant::{Attendance, Category, Participant, ParticipantId};
pub use patch::{Patch, SetupChange};
pub use record::{next_free_id, SessionRecord};
pub use recording::{
    at_the_venue, lag_words, parse_recording_start, parse_typing_lag, recording_clock,
    set_recording, start_local, Offset, Recording, LONGEST_LAG_SECS,
};
pub use roster_setup::{RosterError, RosterMerge, Unmerged};
pub use session::{Session, SessionId};
pub use session_details::{
    check_time_zone, edit_session, parse_chairs, parse_day, SessionEdit, SetupError,
};
pub use sitting::{
    add_meeting, edit_meeting, first_morning, next_usual_slot, outside_the_session,
    parse_time_of_day, remove_meeting, Sitting,
};
pub use speakers::{Inscription, ListError, SpeakersList};
pub use topics::{label_topic, tag_named, topics, unlabel_topic, Topic, TopicError};

/// Formats a number of seconds as `mm:ss`, or `h:mm:ss` past the hour, as a timer shows it.
pub fn clock_face(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.unsigned_abs();
    if s >= 3600 {
        format!("{sign}{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
    } else {
        format!("{sign}{:02}:{:02}", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::clock_face;

    #[test]
    fn clock_face_reads_like_a_timer() {
        assert_eq!(clock_face(0), "00:00");
        assert_eq!(clock_face(134), "02:14");
        assert_eq!(clock_face(-5), "-00:05");
        assert_eq!(clock_face(3725), "1:02:05");
    }
}
