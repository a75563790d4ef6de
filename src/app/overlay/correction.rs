//! The correction of an earlier intervention, opened from the log on the one selected: one
//! line naming what to put right, `speaker Brazil; kind q; start -20s`, read as the command
//! line's `rapporteur correct` reads its options.

use crate::domain::InterventionId;

use super::input::{self, Edit};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrectionForm {
    pub intervention: InterventionId,
    /// The intervention as the record has it now, for the form's first line.
    pub as_recorded: String,
    pub input: String,
    /// Why the last answer was not taken.
    pub error: Option<String>,
}

impl CorrectionForm {
    pub fn edit(&mut self, e: Edit) {
        input::edit(&mut self.input, e);
        self.error = None;
    }
}
