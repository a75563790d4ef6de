//! A one-line question: the time limit of one speaker, or where to write an export.

use crate::domain::{AgendaItemId, InterventionId};

use super::input::{self, Edit};

/// Whose time limit is being set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitTarget {
    /// A speaker waiting on a list, by position.
    Inscription {
        agenda_item: AgendaItemId,
        position: usize,
    },
    /// The speaker on the floor, while they speak.
    Floor(InterventionId),
}

/// What a prompt's answer is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    TimeLimit(LimitTarget),
    /// The file to export the session to; its extension says the format.
    ExportTo,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub purpose: Question,
    pub question: String,
    pub input: String,
    /// Why the last answer was not taken.
    pub error: Option<String>,
}

impl Prompt {
    pub fn edit(&mut self, e: Edit) {
        input::edit(&mut self.input, e);
    }
}
