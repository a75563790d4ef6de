//! The correction of an earlier intervention, opened from the log on the one selected: a form
//! of its facts as recorded (speaker, on behalf of, kind, item, meeting, start, end, struck),
//! each to be typed over. Only the fields changed are corrected, read as the command line's
//! `rapporteur correct` reads its options, and the correction is kept as a version.

use chrono::{DateTime, Utc};

use super::overlay::form::{Form, FormField, FormPurpose};
use super::{App, Overlay};
use crate::cli::correct::{self, CorrectionRequest};
use crate::domain::{kind_named, InterventionId, SessionRecord};

const SPEAKER: &str = "Speaker";
const ON_BEHALF_OF: &str = "On behalf of";
const KIND: &str = "Kind";
const ITEM: &str = "Item";
const MEETING: &str = "Meeting";
const START: &str = "Start";
const END: &str = "End";
const STRUCK: &str = "Struck";

fn yes_or_no(t: &str) -> Result<bool, String> {
    match t.trim().to_lowercase().as_str() {
        "yes" | "y" => Ok(true),
        "no" | "n" | "" => Ok(false),
        _ => Err("write yes (the floor was given by mistake) or no".into()),
    }
}

/// The form on intervention `id`, its fields holding the facts as recorded; `None` when the
/// record has no such intervention.
pub fn correction_form(record: &SessionRecord, id: InterventionId) -> Option<Form> {
    let iv = record.interventions.iter().find(|i| i.id == id)?;
    let time = |t| record.venue_clock(t);
    let item = record
        .agenda_item(iv.agenda_item)
        .map(|a| a.number.clone())
        .unwrap_or_default();
    let fields = vec![
        FormField::new(
            SPEAKER,
            record.speaker_name(iv.speaker),
            "who really spoke: a name or short form, as the finder takes it",
        ),
        FormField::new(
            ON_BEHALF_OF,
            iv.on_behalf_of.clone().unwrap_or_default(),
            "the group they spoke for; empty: for themselves",
        ),
        FormField::new(
            KIND,
            iv.kind.label(),
            "statement, right of reply, point of order, panel presentation, question, answer",
        )
        .checked(|t| {
            kind_named(t).map(|_| ()).ok_or_else(|| {
                format!(
                    "{:?} is not a kind: statement, reply, order, panel, question or answer",
                    t.trim()
                )
            })
        }),
        FormField::new(ITEM, item, "the agenda item's number"),
        FormField::new(MEETING, iv.meeting.to_string(), "the meeting's number").checked(|t| {
            t.trim()
                .parse::<u32>()
                .map(|_| ())
                .map_err(|_| format!("{:?}: give the meeting's number, e.g. 2", t.trim()))
        }),
        FormField::new(
            START,
            time(iv.started_at),
            "HH:MM:SS (the venue's time), or a shift such as -20s",
        ),
        FormField::new(
            END,
            iv.ended_at.map(time).unwrap_or_default(),
            "HH:MM:SS, or a shift such as +1m; empty while on the floor",
        ),
        FormField::new(
            STRUCK,
            if iv.given_by_mistake { "yes" } else { "no" },
            "yes: the floor was given by mistake (kept, flagged, not counted)",
        )
        .checked(|t| yes_or_no(t).map(|_| ())),
    ];
    let mut form = Form::new(
        FormPurpose::Correction(id),
        " Correct the intervention ",
        fields,
    );
    form.intro = Some(format!(
        "As recorded: {} — type over what was wrong",
        correct::one_line(record, id)
    ));
    Some(form)
}

/// What the form asks to correct: each field whose text differs from the facts as recorded
/// (`recorded`, the same form built from the record).
fn request_from(form: &Form, recorded: &Form) -> Result<CorrectionRequest, String> {
    let changed = |label: &str| {
        let typed = form.value(label);
        (typed != recorded.value(label)).then(|| typed.to_string())
    };
    let was_struck = yes_or_no(recorded.value(STRUCK)).unwrap_or(false);
    let strike = yes_or_no(form.value(STRUCK))?;
    if was_struck && !strike {
        return Err(
            "a struck intervention stays struck: its floor was taken back; correct its facts \
             if it was struck by mistake, and say so in the meeting's note"
                .into(),
        );
    }
    Ok(CorrectionRequest {
        speaker: changed(SPEAKER),
        // Emptied: they spoke for themselves.
        on_behalf_of: changed(ON_BEHALF_OF).map(|g| if g.is_empty() { "-".into() } else { g }),
        kind: changed(KIND),
        item: changed(ITEM),
        meeting: changed(MEETING).and_then(|m| m.parse().ok()),
        start: changed(START),
        end: changed(END),
        strike: strike && !was_struck,
    })
}

impl App {
    /// Opens the correction form on the intervention selected in the log.
    pub(super) fn open_correction(&mut self) {
        let Some(position) = self.log_selection() else {
            self.warn(format!(
                "Choose the intervention to correct in the log ({})",
                self.key_hint(crate::action::Action::ShowLog)
            ));
            return;
        };
        let Some(id) = self.meeting_log().get(position).map(|i| i.id) else {
            self.warn("Nothing in the log of this meeting yet");
            return;
        };
        if let Some(form) = correction_form(&self.record, id) {
            self.open(Overlay::Form(form));
        }
    }

    /// Enter in the correction form: the fields changed are corrected and kept as a version,
    /// or the form stays open and says what is wrong.
    pub(super) fn save_correction(
        &mut self,
        mut form: Form,
        id: InterventionId,
        now: DateTime<Utc>,
    ) {
        let Some(recorded) = correction_form(&self.record, id) else {
            self.warn("That intervention is no longer in the record: nothing was corrected");
            return;
        };
        let request = request_from(&form, &recorded);
        if request
            .as_ref()
            .is_ok_and(|r| *r == CorrectionRequest::default())
        {
            self.say("Nothing corrected: the form held the facts as recorded");
            return;
        }
        let outcome = request
            .map_err(anyhow::Error::msg)
            .and_then(|request| correct::correct(&mut self.record, id, &request, now));
        match outcome {
            Ok((line, changes)) => {
                self.outbox.extend(changes);
                self.say(line);
            }
            Err(e) => {
                form.error = Some(e.to_string());
                self.open(Overlay::Form(form));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::overlay::input::Edit;
    use crate::domain::{AgendaItemId, Intervention, InterventionKind, ParticipantId, SessionId};
    use chrono::TimeZone;

    fn record() -> SessionRecord {
        let at = Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap();
        let mut r = SessionRecord::starter(SessionId(1), at, "Europe/Vienna");
        r.participants
            .push(crate::domain::fixtures::member_state(1, "Brazil"));
        let mut iv = Intervention::new(
            InterventionId(1),
            1,
            AgendaItemId(1),
            ParticipantId(1),
            InterventionKind::Statement,
            at,
        );
        iv.on_behalf_of = Some("Group of 77 and China".into());
        iv.end(at + chrono::TimeDelta::seconds(90));
        r.interventions.push(iv);
        r
    }

    fn set(form: &mut Form, label: &str, text: &str) {
        form.focused = form.fields.iter().position(|f| f.label == label).unwrap();
        form.edit(Edit::Clear);
        form.edit(Edit::Paste(text));
    }

    #[test]
    fn the_form_holds_the_facts_as_recorded_in_the_venue_s_time() {
        let form = correction_form(&record(), InterventionId(1)).unwrap();
        assert_eq!(form.value(SPEAKER), "Brazil");
        assert_eq!(form.value(ON_BEHALF_OF), "Group of 77 and China");
        assert_eq!(form.value(KIND), "statement");
        assert_eq!(form.value(START), "10:00:00");
        assert_eq!(form.value(END), "10:01:30");
        assert_eq!(form.value(STRUCK), "no");
        assert!(form.intro.unwrap().contains("Brazil"));
    }

    #[test]
    fn only_the_fields_typed_over_are_corrected() {
        let r = record();
        let recorded = correction_form(&r, InterventionId(1)).unwrap();
        let mut form = recorded.clone();
        assert_eq!(
            request_from(&form, &recorded),
            Ok(CorrectionRequest::default())
        );
        set(&mut form, KIND, "q");
        set(&mut form, START, "-20s");
        set(&mut form, ON_BEHALF_OF, "");
        assert_eq!(
            request_from(&form, &recorded),
            Ok(CorrectionRequest {
                kind: Some("q".into()),
                start: Some("-20s".into()),
                on_behalf_of: Some("-".into()),
                ..Default::default()
            })
        );
        set(&mut form, STRUCK, "yes");
        assert!(request_from(&form, &recorded).unwrap().strike);
    }

    #[test]
    fn a_struck_intervention_is_not_unstruck_by_the_form() {
        let mut r = record();
        r.interventions[0].given_by_mistake = true;
        let recorded = correction_form(&r, InterventionId(1)).unwrap();
        let mut form = recorded.clone();
        set(&mut form, STRUCK, "no");
        assert!(request_from(&form, &recorded)
            .unwrap_err()
            .contains("stays struck"));
    }

    #[test]
    fn a_kind_or_meeting_that_is_not_one_is_caught_in_its_field() {
        let mut form = correction_form(&record(), InterventionId(1)).unwrap();
        set(&mut form, KIND, "speech");
        set(&mut form, MEETING, "two");
        assert!(!form.check_all());
        assert_eq!(form.fields[form.focused].label, KIND);
        assert!(form.fields[form.focused]
            .error
            .as_ref()
            .unwrap()
            .contains("not a kind"));
    }
}
