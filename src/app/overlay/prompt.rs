//! A one-line question: the time limit of one speaker, or where to write an export.

use crate::domain::{AgendaItemId, InterventionId, ParticipantId};

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
    Setup(SetupQuestion),
}

/// A question asked from the agenda or the roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupQuestion {
    /// "NUMBER: TITLE" of a new item.
    AddItem,
    /// "NUMBER: TITLE" for this item.
    RenameItem(AgendaItemId),
    /// The number of the item this one merges into.
    MergeItem(AgendaItemId),
    RenameParticipant(ParticipantId),
    Category(ParticipantId),
    /// "SHORT = EXPANSION" for the session's own list.
    AddAbbreviation,
    /// "SHORT = EXPANSION" in place of the abbreviation on this row of the view.
    ChangeAbbreviation(usize),
}

impl Question {
    /// Whether the answer proposed is a whole one, typed over to give another (a name, an
    /// item's title), rather than a start to complete or a text to edit ("4: " for a new
    /// item, "ms = Member States", a file's path).
    fn proposes_whole_answer(self) -> bool {
        matches!(
            self,
            Question::Setup(SetupQuestion::RenameItem(_) | SetupQuestion::RenameParticipant(_))
        )
    }
}

impl SetupQuestion {
    /// The line under the question: how to answer it.
    pub fn hint(self) -> &'static str {
        match self {
            SetupQuestion::AddItem | SetupQuestion::RenameItem(_) => {
                "NUMBER: TITLE, e.g. 4 (a): Adoption of the report"
            }
            SetupQuestion::MergeItem(_) => "the number of the item that takes its interventions",
            SetupQuestion::RenameParticipant(_) => "the name as it should appear in the record",
            SetupQuestion::Category(_) => {
                "Member State, observer State, IGO, UN entity, NGO, academia, private sector, panellist, Chair, secretariat, other"
            }
            SetupQuestion::AddAbbreviation | SetupQuestion::ChangeAbbreviation(_) => {
                "SHORT = EXPANSION, e.g. tip = trafficking in persons"
            }
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            SetupQuestion::AddItem => " New agenda item ",
            SetupQuestion::RenameItem(_) => " Rename the item ",
            SetupQuestion::MergeItem(_) => " Merge the item ",
            SetupQuestion::RenameParticipant(_) => " Rename ",
            SetupQuestion::Category(_) => " Category ",
            SetupQuestion::AddAbbreviation => " New abbreviation for this session ",
            SetupQuestion::ChangeAbbreviation(_) => " Change the abbreviation ",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub purpose: Question,
    pub question: String,
    pub input: String,
    /// Where the cursor is: this many characters before the end of `input`.
    pub back: usize,
    /// Why the last answer was not taken.
    pub error: Option<String>,
    /// Whether the answer was typed in yet: until then what is typed replaces the answer
    /// proposed (a name to rename someone).
    pub typed_in: bool,
}

impl Prompt {
    /// A question with `proposed` as its answer so far (see `Question::proposes_whole_answer`
    /// for whether typing replaces it or goes on from it).
    pub fn new(purpose: Question, question: String, proposed: String) -> Prompt {
        Prompt {
            purpose,
            question,
            input: proposed,
            back: 0,
            error: None,
            typed_in: !purpose.proposes_whole_answer(),
        }
    }

    pub fn edit(&mut self, e: Edit) {
        input::edit_proposed(&mut self.input, &mut self.back, &mut self.typed_in, e);
    }

    /// Whether what is typed now replaces the answer proposed.
    pub fn typing_replaces(&self) -> bool {
        input::typing_replaces(&self.input, self.typed_in)
    }
}
