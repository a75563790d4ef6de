//! A form: labelled single-line fields, each typed through the one input (`input.rs`), tab and
//! shift-tab between them, each with its own check and its message under it. What a form is
//! for (`FormPurpose`) says what saving it does; the app saves it through `change_setup`, so
//! a later form is only a list of fields and a save.

use super::input::{self, Edit};

/// Checks a field's text as typed; the message says what to write instead.
pub type Check = fn(&str) -> Result<(), String>;

/// One labelled line of a form.
#[derive(Debug, Clone)]
pub struct FormField {
    pub label: &'static str,
    pub value: String,
    /// Where the cursor is: this many characters before the end of `value`.
    pub back: usize,
    /// What to write, shown under the field while it is the one being typed in.
    pub hint: &'static str,
    pub check: Check,
    /// Why its text was not taken, under it until it is typed in again.
    pub error: Option<String>,
    /// Whether it was typed in (or its cursor moved) since the form opened. Until then what
    /// is typed replaces the text the form proposed, as a date typed over a date proposed:
    /// added to it, it made "2026-12-022026-12-04".
    pub typed_in: bool,
}

impl FormField {
    pub fn new(label: &'static str, value: impl Into<String>, hint: &'static str) -> Self {
        FormField {
            label,
            value: value.into(),
            back: 0,
            hint,
            check: |_| Ok(()),
            error: None,
            typed_in: false,
        }
    }

    /// A list (chairs, categories) is typed on, not over: one more is added to it.
    pub fn typed_on(mut self) -> Self {
        self.typed_in = true;
        self
    }

    pub fn checked(mut self, check: Check) -> Self {
        self.check = check;
        self
    }

    /// Whether what is typed now replaces the text the form proposed.
    pub fn typing_replaces(&self) -> bool {
        input::typing_replaces(&self.value, self.typed_in)
    }

    fn run_check(&mut self) -> bool {
        self.error = (self.check)(&self.value).err();
        self.error.is_none()
    }
}

/// What saving the form does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormPurpose {
    /// The session's details; `first_run` when the app opened on it with a new store.
    Session { first_run: bool },
    /// The next sitting, in the slot proposed.
    NextSitting,
    /// A meeting's date and hours, by its number.
    Sitting(u32),
    /// The session's time limits, the warning and the bell.
    Limits,
    /// The facts of an earlier intervention put right (see `correction_form`): saved as a
    /// correction, not as a set-up change.
    Correction(crate::domain::InterventionId),
}

#[derive(Debug, Clone)]
pub struct Form {
    pub purpose: FormPurpose,
    pub title: String,
    /// A line above the fields saying what the form is for, when its title is not enough.
    pub intro: Option<String>,
    pub fields: Vec<FormField>,
    /// The field being typed in.
    pub focused: usize,
    /// Why the last save was refused, for the form as a whole.
    pub error: Option<String>,
}

impl Form {
    pub fn new(purpose: FormPurpose, title: impl Into<String>, fields: Vec<FormField>) -> Self {
        Form {
            purpose,
            title: title.into(),
            intro: None,
            fields,
            focused: 0,
            error: None,
        }
    }

    pub fn edit(&mut self, e: Edit) {
        if let Some(field) = self.fields.get_mut(self.focused) {
            input::edit_proposed(&mut field.value, &mut field.back, &mut field.typed_in, e);
            field.error = None;
        }
        self.error = None;
    }

    /// Tab: the field left is checked, so its message shows as soon as it is left.
    pub fn next_field(&mut self) {
        self.leave_field();
        self.focused = (self.focused + 1) % self.fields.len().max(1);
    }

    pub fn previous_field(&mut self) {
        self.leave_field();
        let n = self.fields.len().max(1);
        self.focused = (self.focused + n - 1) % n;
    }

    fn leave_field(&mut self) {
        if let Some(field) = self.fields.get_mut(self.focused) {
            field.run_check();
        }
    }

    /// Checks every field; on the first that fails, the form moves to it.
    pub fn check_all(&mut self) -> bool {
        let mut first_bad = None;
        for (i, field) in self.fields.iter_mut().enumerate() {
            if !field.run_check() && first_bad.is_none() {
                first_bad = Some(i);
            }
        }
        if let Some(i) = first_bad {
            self.focused = i;
        }
        first_bad.is_none()
    }

    /// The text of the field labelled `label` (empty if the form has none).
    pub fn value(&self, label: &str) -> &str {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .map(|f| f.value.trim())
            .unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> Form {
        Form::new(
            FormPurpose::NextSitting,
            "Next sitting",
            vec![
                FormField::new("Date", "2026-12-01", "YYYY-MM-DD").checked(|t| {
                    crate::domain::parse_day(t)
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                }),
                FormField::new("Start", "10:00", "HH:MM"),
            ],
        )
    }

    #[test]
    fn tab_moves_between_fields_and_checks_the_one_left() {
        let mut f = form();
        f.edit(Edit::Clear);
        f.edit(Edit::Paste("1 December"));
        f.next_field();
        assert_eq!(f.focused, 1);
        assert!(f.fields[0].error.as_ref().unwrap().contains("YYYY-MM-DD"));
        f.next_field();
        assert_eq!(f.focused, 0, "round again");
        f.previous_field();
        assert_eq!(f.focused, 1);
    }

    #[test]
    fn saving_goes_to_the_first_field_that_is_wrong() {
        let mut f = form();
        f.focused = 1;
        f.fields[0].value = "tomorrow".into();
        assert!(!f.check_all());
        assert_eq!(f.focused, 0);
        f.edit(Edit::Clear);
        assert!(f.fields[0].error.is_none(), "typing clears the message");
        f.edit(Edit::Paste("2026-12-02"));
        assert!(f.check_all());
        assert_eq!(f.value("Date"), "2026-12-02");
    }

    #[test]
    fn typing_replaces_a_proposed_value_until_the_field_is_typed_in() {
        let mut f = form();
        assert!(f.fields[0].typing_replaces());
        for c in "2026-12-04".chars() {
            f.edit(Edit::Type(c));
        }
        assert_eq!(f.value("Date"), "2026-12-04", "typed over, not after");
        f.next_field();
        f.edit(Edit::Paste("15:00"));
        assert_eq!(f.value("Start"), "15:00", "a paste too");
        // Typed in once, a field is text like any other: back to it, typing adds.
        f.previous_field();
        f.edit(Edit::Backspace);
        f.edit(Edit::Type('5'));
        assert_eq!(f.value("Date"), "2026-12-05");

        // A key that moves or deletes keeps the proposed text, and makes it text to edit.
        let mut f = form();
        f.edit(Edit::Backspace);
        f.edit(Edit::Type('2'));
        assert_eq!(f.value("Date"), "2026-12-02");
        let mut f = form();
        f.edit(Edit::Left);
        f.edit(Edit::Type('9'));
        assert_eq!(f.value("Date"), "2026-12-091");

        // A list is typed on: one more chair is added to those there.
        let mut chairs = Form::new(
            FormPurpose::Session { first_run: false },
            "The session",
            vec![FormField::new("Chairs", "Ms. A", "co-chairs separated by ;").typed_on()],
        );
        chairs.edit(Edit::Paste("; Mr. B"));
        assert_eq!(chairs.value("Chairs"), "Ms. A; Mr. B");
    }

    #[test]
    fn a_field_is_put_right_in_the_middle_and_each_keeps_its_cursor() {
        let mut f = form();
        f.edit(Edit::Home);
        f.edit(Edit::Right);
        f.edit(Edit::Delete);
        f.edit(Edit::Type('1'));
        assert_eq!(f.value("Date"), "2126-12-01");
        f.next_field();
        f.edit(Edit::End);
        f.edit(Edit::Backspace);
        assert_eq!(f.value("Start"), "10:0");
        f.previous_field();
        f.edit(Edit::Type('0'));
        assert_eq!(
            f.value("Date"),
            "21026-12-01",
            "typed where its cursor was left"
        );
    }
}
