//! The set-up forms: the session's details, the next sitting, a meeting's date and hours, the
//! session's limits. Each is a list of fields (`overlay::form`) and what saving it does; every
//! save goes through `change_setup`, so it is whole or nothing, saved as one batch, and undone
//! by the undo key.

use chrono::{DateTime, Utc};

use super::overlay::form::{Form, FormField, FormPurpose};
use super::{App, NoteTarget, Overlay};
use crate::action::Action;
use crate::domain::{
    self, check_time_zone, clock_face, ordinal, parse_chairs, parse_day, parse_time_of_day,
    SessionEdit, SessionRecord, SetupError, Sitting,
};

fn day_check(t: &str) -> Result<(), String> {
    parse_day(t).map(|_| ()).map_err(|e| e.to_string())
}

fn time_check(t: &str) -> Result<(), String> {
    parse_time_of_day(t).map(|_| ()).map_err(|e| e.to_string())
}

fn sitting_fields(s: Sitting) -> Vec<FormField> {
    vec![
        FormField::new("Date", s.date.format("%Y-%m-%d").to_string(), "YYYY-MM-DD")
            .checked(day_check),
        FormField::new(
            "Opens",
            s.start.format("%H:%M").to_string(),
            "HH:MM, the venue's time",
        )
        .checked(time_check),
        FormField::new(
            "Closes",
            s.end.format("%H:%M").to_string(),
            "HH:MM, after it opens",
        )
        .checked(time_check),
    ]
}

fn sitting_of(form: &Form) -> Result<Sitting, SetupError> {
    Ok(Sitting {
        date: parse_day(form.value("Date"))?,
        start: parse_time_of_day(form.value("Opens"))?,
        end: parse_time_of_day(form.value("Closes"))?,
    })
}

/// The session form's fields, filled with the session's details.
pub fn session_form(record: &SessionRecord, first_run: bool) -> Form {
    let s = &record.session;
    // A first run's body is a placeholder: typed over, not after.
    let body = if first_run {
        String::new()
    } else {
        s.body.clone()
    };
    let fields = vec![
        FormField::new("Body", body, "the body that meets").checked(|t| {
            if t.trim().is_empty() {
                Err("name the body that meets, e.g. Working Group on Trafficking in Persons".into())
            } else {
                Ok(())
            }
        }),
        FormField::new(
            "Session",
            s.number.clone(),
            "which session, e.g. Fourteenth session",
        ),
        FormField::new("Venue", s.venue.clone(), "e.g. Vienna, Conference Room 3"),
        FormField::new(
            "First day",
            s.first_day.format("%Y-%m-%d").to_string(),
            "YYYY-MM-DD",
        )
        .checked(day_check),
        FormField::new(
            "Last day",
            s.last_day.format("%Y-%m-%d").to_string(),
            "YYYY-MM-DD",
        )
        .checked(day_check),
        FormField::new(
            "Time zone",
            s.time_zone.clone(),
            "the venue's, e.g. Europe/Vienna",
        )
        .checked(|t| check_time_zone(t).map(|_| ()).map_err(|e| e.to_string())),
        FormField::new(
            "Chairs",
            s.chairs.join("; "),
            "the chair, or co-chairs separated by ;",
        )
        .typed_on(),
    ];
    let mut form = Form::new(FormPurpose::Session { first_run }, " The session ", fields);
    if first_run {
        form.intro = Some(
            "A new store: name the session, its days and the venue's time zone (Esc skips; \
             they can be set later)"
                .into(),
        );
    }
    form
}

fn session_edit(form: &Form) -> Result<SessionEdit, SetupError> {
    Ok(SessionEdit {
        body: Some(form.value("Body").into()),
        number: Some(form.value("Session").into()),
        venue: Some(form.value("Venue").into()),
        first_day: Some(parse_day(form.value("First day"))?),
        last_day: Some(parse_day(form.value("Last day"))?),
        time_zone: Some(form.value("Time zone").into()),
        chairs: Some(parse_chairs(form.value("Chairs"))),
    })
}

/// The limits form's fields, as `rapporteur limits` takes them.
pub fn limits_form(record: &SessionRecord) -> Form {
    let l = &record.session.time_limits;
    let face = |s: u32| clock_face(i64::from(s));
    let categories: Vec<String> = l
        .by_category
        .iter()
        .map(|(c, s)| format!("{}={}", c.short(), face(*s)))
        .collect();
    let duration = |t: &str| -> Result<(), String> {
        match domain::parse_duration(t) {
            Ok(Some(_)) => Ok(()),
            Ok(None) => Err("give a time, e.g. 3 or 2:30".into()),
            Err(e) => Err(e.to_string()),
        }
    };
    let fields =
        vec![
            FormField::new("Statement", face(l.statement), "minutes (3), 2:30 or 90s")
                .checked(duration),
            FormField::new(
                "For a group",
                face(l.on_behalf_of_group),
                "on behalf of a group",
            )
            .checked(duration),
            FormField::new("Reply", face(l.right_of_reply), "a right of reply").checked(duration),
            FormField::new(
                "Categories",
                categories.join("; "),
                "limits of their own, e.g. ngo=4; panellist=7:00",
            )
            .typed_on(),
            FormField::new(
                "Warn before",
                l.warn_before.to_string(),
                "seconds before the limit",
            )
            .checked(|t| {
                t.trim()
                    .parse::<u32>()
                    .map(|_| ())
                    .map_err(|_| format!("\"{}\": give a number of seconds, e.g. 30", t.trim()))
            }),
            FormField::new("Bell", if l.bell { "on" } else { "off" }, "on or off").checked(|t| {
                match t.trim().to_lowercase().as_str() {
                    "on" | "off" | "yes" | "no" => Ok(()),
                    _ => Err("write on or off".into()),
                }
            }),
        ];
    Form::new(FormPurpose::Limits, " Time limits ", fields)
}

/// The limits as `rapporteur limits` sets them; the categories listed are the only ones with
/// limits of their own afterwards.
fn save_limits(form: &Form, record: &mut SessionRecord) -> anyhow::Result<()> {
    let args = crate::cli::limits::LimitsArgs {
        session: None,
        statement: Some(form.value("Statement").into()),
        group: Some(form.value("For a group").into()),
        reply: Some(form.value("Reply").into()),
        categories: form
            .value("Categories")
            .split(';')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(String::from)
            .collect(),
        warn: form.value("Warn before").parse().ok(),
        bell: Some(form.value("Bell").into()),
    };
    record.session.time_limits.by_category.clear();
    crate::cli::limits::apply_limits(record, &args)?;
    Ok(())
}

impl App {
    /// The session form, filled with the session's details.
    pub fn open_session_form(&mut self, first_run: bool) {
        self.open(Overlay::Form(session_form(&self.record, first_run)));
    }

    pub(super) fn open_limits_form(&mut self) {
        self.open(Overlay::Form(limits_form(&self.record)));
    }

    /// The next sitting, proposed in its usual slot; Enter accepts it.
    pub(super) fn ask_next_sitting(&mut self, now: DateTime<Utc>) {
        let local = now.with_timezone(&self.record.session.tz()).naive_local();
        let slot = domain::next_usual_slot(&self.record, local);
        let next = self
            .record
            .meetings
            .iter()
            .map(|m| m.number)
            .max()
            .unwrap_or(0)
            + 1;
        let mut form = Form::new(
            FormPurpose::NextSitting,
            format!(" The {} meeting ", ordinal(next)),
            sitting_fields(slot),
        );
        form.intro = Some(format!(
            "Opens the {} meeting in the next usual slot: {} accepts it, {} leaves",
            ordinal(next),
            self.key_hint_in(Action::Confirm),
            self.key_hint_in(Action::Cancel)
        ));
        self.open(Overlay::Form(form));
    }

    /// The date and hours of the meeting in view, and its recording.
    pub(super) fn edit_sitting(&mut self) {
        if let Some(form) = self.sitting_form() {
            self.open(Overlay::Form(form));
        }
    }

    /// The form of the meeting in view: its date and hours, when its recording started and
    /// the typing lag.
    pub(super) fn sitting_form(&self) -> Option<Form> {
        let m = self.record.meeting(self.meeting)?;
        let mut fields = sitting_fields(Sitting {
            date: m.date,
            start: m.scheduled_start,
            end: m.scheduled_end,
        });
        fields.extend(super::recording::recording_fields(
            &m.recording,
            self.record.session.tz(),
        ));
        Some(Form::new(
            FormPurpose::Sitting(m.number),
            format!(" The {} meeting ", ordinal(m.number)),
            fields,
        ))
    }

    /// Removes the meeting in view, if nothing was recorded in it.
    pub(super) fn remove_sitting(&mut self) {
        let number = self.meeting;
        let what = format!("The {} meeting removed", ordinal(number));
        if self.change_setup(what, |r| domain::remove_meeting(r, number))
            && self.record.floor().is_none()
        {
            self.edit_note(NoteTarget::Meeting(self.meeting));
        }
    }

    /// Enter in a form: every field checked, then saved; a refusal keeps the form open with
    /// the reason.
    pub(super) fn save_form(&mut self, now: DateTime<Utc>) {
        let Some(Overlay::Form(mut form)) = self.overlays.pop() else {
            return;
        };
        if !form.check_all() {
            self.open(Overlay::Form(form));
            return;
        }
        if let FormPurpose::Correction(id) = form.purpose {
            self.save_correction(form, id, now);
            return;
        }
        let mut warning = None;
        let mut added = None;
        let saved = match form.purpose {
            FormPurpose::Session { .. } => {
                self.change_setup("The session's details changed", |r| {
                    domain::edit_session(r, &session_edit(&form)?)?;
                    crate::roster::put_chairs_on_roster(r);
                    Ok::<_, SetupError>(())
                })
            }
            FormPurpose::NextSitting => {
                let what = "A meeting added";
                self.change_setup(what, |r| {
                    let (number, w) = domain::add_meeting(r, sitting_of(&form)?)?;
                    added = Some(number);
                    warning = w;
                    Ok::<_, SetupError>(())
                })
            }
            FormPurpose::Sitting(n) => {
                self.change_setup(format!("The {} meeting changed", ordinal(n)), |r| {
                    let s = sitting_of(&form)?;
                    warning = domain::edit_meeting(r, n, Some(s.date), Some(s.start), Some(s.end))?;
                    super::recording::save_recording(&form, r, n)
                })
            }
            FormPurpose::Limits => self.change_setup("The time limits changed", |r| {
                save_limits(&form, r).map_err(|e| format!("{e:#}"))
            }),
            FormPurpose::Correction(_) => unreachable!("saved as a correction above"),
        };
        if !saved {
            form.error = self.message.as_ref().map(|m| m.text.clone());
            self.open(Overlay::Form(form));
            return;
        }
        if self
            .message
            .as_ref()
            .is_some_and(|m| m.text.ends_with(": nothing to change"))
        {
            self.say("Nothing changed: the form held what was there already");
            return;
        }
        if let Some(number) = added {
            self.meeting = number;
            if self.record.floor().is_none() {
                self.edit_note(NoteTarget::Meeting(number));
            }
            let title = self.record.meeting(number).map(|m| m.title());
            let said = self.message.take().map(|m| m.text).unwrap_or_default();
            self.say(format!("{}: {said}", title.unwrap_or_default()));
        }
        if let Some(w) = warning {
            let said = self.message.take().map(|m| m.text).unwrap_or_default();
            self.warn(format!("{said}; {w}"));
        }
    }

    /// The first key for `action` in the forms' keys (`[prompt]`, then `[global]`).
    pub(super) fn key_hint_in(&self, action: Action) -> String {
        self.keymap
            .keys_for(crate::keymap::Context::Prompt, action)
            .into_iter()
            .next()
            .unwrap_or_else(|| action.name().to_string())
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::app::tests::app_with_list;

    /// 2 July 2024, 11:30 in Vienna: the first meeting (10:00–13:00) sits.
    fn morning() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 7, 2, 9, 30, 0).unwrap()
    }

    fn form(app: &App) -> &Form {
        match app.top() {
            Some(Overlay::Form(f)) => f,
            other => panic!("no form on top: {other:?}"),
        }
    }

    fn retype(app: &mut App, text: &str) {
        app.update(Action::ClearInput, morning());
        app.handle_paste(text, morning());
    }

    #[test]
    fn the_next_sitting_is_asked_for_and_enter_takes_the_afternoon_proposed() {
        let mut app = app_with_list(&["Kenya"]);
        app.update(Action::NextMeeting, morning());
        app.update(Action::NextMeeting, morning());
        assert_eq!(
            app.record.meetings.len(),
            1,
            "pressed twice, nothing opened yet"
        );
        let f = form(&app);
        assert_eq!(
            (f.value("Date"), f.value("Opens"), f.value("Closes")),
            ("2024-07-02", "15:00", "18:00")
        );
        app.update(Action::Confirm, morning());
        assert!(app.top().is_none());
        assert_eq!(app.record.meetings.len(), 2);
        assert_eq!(app.meeting, 2);
        assert!(app
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("2nd meeting, 15:00–18:00"));
        app.update(Action::UndoFloor, morning());
        assert_eq!(app.record.meetings.len(), 1);
        assert_eq!(app.meeting, 1, "the view leaves the meeting taken back");
    }

    #[test]
    fn a_sitting_that_closes_before_it_opens_keeps_the_form_open_with_the_reason() {
        let mut app = app_with_list(&["Kenya"]);
        app.update(Action::NextMeeting, morning());
        app.update(Action::NextField, morning());
        app.update(Action::NextField, morning());
        retype(&mut app, "14");
        app.update(Action::Confirm, morning());
        let f = form(&app);
        assert!(
            f.error.as_ref().unwrap().contains("before it starts"),
            "{f:?}"
        );
        assert_eq!(app.record.meetings.len(), 1);
        app.update(Action::Cancel, morning());
        assert!(app.top().is_none());
        assert_eq!(app.record.meetings.len(), 1, "Esc leaves without a change");
    }

    #[test]
    fn the_session_form_renames_the_placeholder_and_undo_takes_it_back() {
        let mut app = app_with_list(&["Kenya"]);
        app.update(Action::EditSession, morning());
        retype(&mut app, "Working Group on Trafficking in Persons");
        for _ in 0..5 {
            app.update(Action::NextField, morning());
        }
        retype(&mut app, "Europe/Viena");
        app.update(Action::PreviousField, morning());
        app.update(Action::NextField, morning());
        let f = form(&app);
        assert!(
            f.fields[5]
                .error
                .as_ref()
                .unwrap()
                .contains("did you mean Europe/Vienna?"),
            "{f:?}"
        );
        app.update(Action::Confirm, morning());
        assert_eq!(
            form(&app).focused,
            5,
            "Enter goes to the field that is wrong"
        );
        app.handle_key(
            KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE),
            morning(),
        );
        retype(&mut app, "Europe/Vienna");
        app.update(Action::NextField, morning());
        retype(&mut app, "Ms. A; Mr. B");
        app.update(Action::Confirm, morning());
        assert!(app.top().is_none());
        assert_eq!(
            app.record.session.body,
            "Working Group on Trafficking in Persons"
        );
        assert_eq!(app.record.session.chairs, ["Ms. A", "Mr. B"]);
        app.update(Action::EditSession, morning());
        app.update(Action::Confirm, morning());
        assert_eq!(
            app.message.as_ref().unwrap().text,
            "Nothing changed: the form held what was there already"
        );
        assert!(
            app.record.find_participant("Mr. B").is_some(),
            "chairs join the roster"
        );
        app.update(Action::UndoFloor, morning());
        assert_eq!(app.record.session.body, "New meeting body");
        assert!(app.record.find_participant("Mr. B").is_none());
    }

    #[test]
    fn a_meeting_with_interventions_is_not_removed_and_says_why() {
        let mut app = app_with_list(&["Kenya"]);
        app.update(Action::GiveFloor, morning());
        app.update(Action::EndIntervention, morning());
        app.update(Action::RemoveMeeting, morning());
        let said = app.message.clone().unwrap();
        assert!(
            said.warning && said.text.contains("holds 1 intervention"),
            "{said:?}"
        );
        assert_eq!(app.record.meetings.len(), 1);

        app.update(Action::NextMeeting, morning());
        app.update(Action::Confirm, morning());
        app.update(Action::RemoveMeeting, morning());
        assert_eq!(app.record.meetings.len(), 1);
        assert_eq!(app.meeting, 1);
    }

    #[test]
    fn the_limits_form_sets_what_rapporteur_limits_sets() {
        let mut app = app_with_list(&["Kenya"]);
        app.update(Action::EditLimits, morning());
        retype(&mut app, "4");
        for _ in 0..3 {
            app.update(Action::NextField, morning());
        }
        retype(&mut app, "ngo=2:30");
        app.update(Action::NextField, morning());
        app.update(Action::NextField, morning());
        retype(&mut app, "on");
        app.update(Action::Confirm, morning());
        assert!(app.top().is_none(), "{:?}", app.message);
        let l = &app.record.session.time_limits;
        assert_eq!(l.statement, 240);
        assert!(l.bell);
        assert_eq!(
            l.by_category.iter().collect::<Vec<_>>(),
            [(&crate::domain::Category::Ngo, &150)],
            "the panellists' limit was taken out of the list, so it went"
        );
    }
}
