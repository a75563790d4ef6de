//! The vocabulary of things a user can ask for. Keymap files name these actions in
//! snake_case; `description()` is the line the help and `keymap actions` show for each.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    ToggleHelp,
    FocusNext,
    FocusSpeakers,
    FocusNotes,
    Inscribe,
    GiveFloor,
    GiveFloorSelected,
    EndIntervention,
    PauseTimer,
    SelectNext,
    SelectPrevious,
    RemoveSpeaker,
    NextAgendaItem,
    PreviousAgendaItem,
    Confirm,
    Cancel,
    RightOfReply,
    PointOfOrder,
    MoveUp,
    MoveDown,
    CloseList,
    UndoFloor,
    ReinscribeLast,
    ShowLog,
    NextField,
    ChairView,
    Statistics,
    SetTimeLimit,
    InsertTimestamp,
    InsertSpeakerName,
    InsertName,
    NoteHistory,
    Search,
    Export,
    NextMeeting,
    PreviousMeeting,
    ClearInput,
    DeleteWord,
    LeaveClockRunning,
    ChooseKind,
    CorrectIntervention,
    EditSession,
    EditMeeting,
    RemoveMeeting,
    EditLimits,
    PreviousField,
    AgendaView,
    RosterView,
    AddEntry,
    RenameEntry,
    RemoveEntry,
    MergeEntry,
    /// Take back the latest merge into the selected roster entry.
    UnmergeEntry,
    ChangeCategory,
    SwitchAttendance,
    EditParticipant,
    MarkRecordingStart,
    TakeBackExpansion,
    AbbreviationsView,
    Noop,
}

impl Action {
    /// Every action a keymap can name, in the order the help lists them.
    pub const ALL: [Action; 61] = [
        Action::Quit,
        Action::ToggleHelp,
        Action::FocusNext,
        Action::FocusSpeakers,
        Action::FocusNotes,
        Action::Inscribe,
        Action::GiveFloor,
        Action::GiveFloorSelected,
        Action::EndIntervention,
        Action::PauseTimer,
        Action::SelectNext,
        Action::SelectPrevious,
        Action::RemoveSpeaker,
        Action::NextAgendaItem,
        Action::PreviousAgendaItem,
        Action::Confirm,
        Action::Cancel,
        Action::RightOfReply,
        Action::PointOfOrder,
        Action::MoveUp,
        Action::MoveDown,
        Action::CloseList,
        Action::UndoFloor,
        Action::ReinscribeLast,
        Action::ShowLog,
        Action::NextField,
        Action::ChairView,
        Action::Statistics,
        Action::SetTimeLimit,
        Action::InsertTimestamp,
        Action::InsertSpeakerName,
        Action::InsertName,
        Action::NoteHistory,
        Action::Search,
        Action::Export,
        Action::NextMeeting,
        Action::PreviousMeeting,
        Action::ClearInput,
        Action::DeleteWord,
        Action::LeaveClockRunning,
        Action::ChooseKind,
        Action::CorrectIntervention,
        Action::EditSession,
        Action::EditMeeting,
        Action::RemoveMeeting,
        Action::EditLimits,
        Action::PreviousField,
        Action::AgendaView,
        Action::RosterView,
        Action::AddEntry,
        Action::RenameEntry,
        Action::RemoveEntry,
        Action::MergeEntry,
        Action::UnmergeEntry,
        Action::ChangeCategory,
        Action::SwitchAttendance,
        Action::EditParticipant,
        Action::MarkRecordingStart,
        Action::TakeBackExpansion,
        Action::AbbreviationsView,
        Action::Noop,
    ];

    /// The name a keymap file uses.
    pub fn name(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::ToggleHelp => "toggle_help",
            Action::FocusNext => "focus_next",
            Action::FocusSpeakers => "focus_speakers",
            Action::FocusNotes => "focus_notes",
            Action::Inscribe => "inscribe",
            Action::GiveFloor => "give_floor",
            Action::GiveFloorSelected => "give_floor_selected",
            Action::EndIntervention => "end_intervention",
            Action::PauseTimer => "pause_timer",
            Action::SelectNext => "select_next",
            Action::SelectPrevious => "select_previous",
            Action::RemoveSpeaker => "remove_speaker",
            Action::NextAgendaItem => "next_agenda_item",
            Action::PreviousAgendaItem => "previous_agenda_item",
            Action::Confirm => "confirm",
            Action::Cancel => "cancel",
            Action::RightOfReply => "right_of_reply",
            Action::PointOfOrder => "point_of_order",
            Action::MoveUp => "move_up",
            Action::MoveDown => "move_down",
            Action::CloseList => "close_list",
            Action::UndoFloor => "undo_floor",
            Action::ReinscribeLast => "reinscribe_last",
            Action::ShowLog => "show_log",
            Action::NextField => "next_field",
            Action::ChairView => "chair_view",
            Action::Statistics => "statistics",
            Action::SetTimeLimit => "set_time_limit",
            Action::InsertTimestamp => "insert_timestamp",
            Action::InsertSpeakerName => "insert_speaker_name",
            Action::InsertName => "insert_name",
            Action::NoteHistory => "note_history",
            Action::Search => "search",
            Action::Export => "export",
            Action::NextMeeting => "next_meeting",
            Action::PreviousMeeting => "previous_meeting",
            Action::ClearInput => "clear_input",
            Action::DeleteWord => "delete_word",
            Action::LeaveClockRunning => "leave_clock_running",
            Action::ChooseKind => "choose_kind",
            Action::CorrectIntervention => "correct_intervention",
            Action::EditSession => "edit_session",
            Action::EditMeeting => "edit_meeting",
            Action::RemoveMeeting => "remove_meeting",
            Action::EditLimits => "edit_limits",
            Action::PreviousField => "previous_field",
            Action::AgendaView => "agenda_view",
            Action::RosterView => "roster_view",
            Action::AddEntry => "add_entry",
            Action::RenameEntry => "rename_entry",
            Action::RemoveEntry => "remove_entry",
            Action::MergeEntry => "merge_entry",
            Action::UnmergeEntry => "unmerge_entry",
            Action::ChangeCategory => "change_category",
            Action::SwitchAttendance => "switch_attendance",
            Action::EditParticipant => "edit_participant",
            Action::MarkRecordingStart => "mark_recording_start",
            Action::TakeBackExpansion => "take_back_expansion",
            Action::AbbreviationsView => "abbreviations_view",
            Action::Noop => "noop",
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }

    /// One line on what it does, for the help overlay and `keymap actions`.
    pub fn description(self) -> &'static str {
        match self {
            Action::Quit => "Leave the app (everything typed is saved first)",
            Action::ToggleHelp => "Show or hide the list of keys",
            Action::FocusNext => "Move to the next pane",
            Action::FocusSpeakers => "Go to the list of speakers",
            Action::FocusNotes => "Go to the note editor",
            Action::Inscribe => "Inscribe a speaker on the list of the current agenda item",
            Action::GiveFloor => {
                "Give the floor to the next in the list's order; ends a point of order"
            }
            Action::GiveFloorSelected => {
                "Give the floor to the selected speaker, out of order if not the next"
            }
            Action::EndIntervention => "End the current intervention",
            Action::PauseTimer => "Pause or resume the speaking timer",
            Action::SelectNext => "Move the selection down (list of speakers, finder)",
            Action::SelectPrevious => "Move the selection up (list of speakers, finder)",
            Action::RemoveSpeaker => "Take the selected speaker off the list",
            Action::NextAgendaItem => "Switch to the next agenda item and its list of speakers",
            Action::PreviousAgendaItem => {
                "Switch to the previous agenda item and its list of speakers"
            }
            Action::Confirm => "Confirm what is being entered",
            Action::Cancel => "Close what is on top; in a note, back to the live note",
            Action::RightOfReply => "Inscribe a right of reply, in its own section after the list",
            Action::PointOfOrder => {
                "Interrupt the speaker for a point of order (their time is kept)"
            }
            Action::MoveUp => "Move the selected speaker up the list (in the agenda, the item)",
            Action::MoveDown => "Move the selected speaker down the list (in the agenda, the item)",
            Action::CloseList => "Close the list of speakers, or reopen it",
            Action::UndoFloor => "Undo the last floor action or set-up change, as it was before",
            Action::ReinscribeLast => "Inscribe the last speaker again, at the end of the list",
            Action::ShowLog => "Show or hide the log of this meeting (to go back to a note)",
            Action::NextField => "Move to the next field of the form",
            Action::ChairView => "Switch to the chair's view (large timer, next speakers) and back",
            Action::Statistics => "Show or hide the speaking-time statistics",
            Action::SetTimeLimit => {
                "Set the time limit of the selected speaker, or of the one speaking"
            }
            Action::InsertTimestamp => {
                "Insert the speaker's elapsed time, e.g. [02:14], at the cursor"
            }
            Action::InsertSpeakerName => {
                "Insert the name of the speaker on the floor at the cursor in the note"
            }
            Action::InsertName => {
                "Find anyone by name and insert the name at the cursor (\"responding to Kenya\")"
            }
            Action::NoteHistory => {
                "Show the history of a note: the live record and each later correction"
            }
            Action::Search => "Search the notes of the session and jump to the intervention found",
            Action::Export => "Export the session for drafting (Markdown, Word, CSV, JSON, HTML)",
            Action::NextMeeting => {
                "Go to the next meeting of the session; after the last, ask the date and hours of a new one"
            }
            Action::PreviousMeeting => "Go back to the previous meeting of the session",
            Action::ClearInput => "Clear the line being typed (finder, question, search)",
            Action::DeleteWord => "Delete the last word of the line being typed",
            Action::LeaveClockRunning => "On leaving, leave the speaker's clock running",
            Action::ChooseKind => {
                "Choose the kind (statement, panel presentation, question, answer…): in the \
                 finder for the speaker being inscribed, else for the speaker on the floor"
            }
            Action::CorrectIntervention => {
                "Correct the intervention selected in the log: speaker, on behalf of, kind, \
                 item, meeting, start, end, or strike it"
            }
            Action::EditSession => {
                "Edit the session's details: body, session, venue, days, time zone, chairs"
            }
            Action::EditMeeting => "Edit the date and hours of the meeting in view",
            Action::RemoveMeeting => {
                "Remove the meeting in view, if nothing was recorded in it (undo brings it back)"
            }
            Action::EditLimits => {
                "Edit the session's time limits per kind and category, the warning and the bell"
            }
            Action::PreviousField => "Move to the previous field of the form",
            Action::AgendaView => {
                "Show or hide the agenda: add, rename, move, remove or merge items"
            }
            Action::RosterView => {
                "Show or hide the roster: rename, recategorise, room or online, merge"
            }
            Action::AddEntry => "Add an agenda item, as NUMBER: TITLE",
            Action::RenameEntry => {
                "Rename the selected agenda item (its number too) or participant"
            }
            Action::RemoveEntry => {
                "Remove the selected agenda item (only one nothing was said under)"
            }
            Action::MergeEntry => {
                "Merge the selected item or participant into another, with all it holds"
            }
            Action::UnmergeEntry => {
                "Take back the latest merge into the selected participant: the entry that went \
                 comes back with the interventions it spoke"
            }
            Action::ChangeCategory => "Change the selected participant's category",
            Action::SwitchAttendance => {
                "Switch the selected participant between in the room and online"
            }
            Action::EditParticipant => {
                "Open the roster on the participant highlighted in the finder"
            }
            Action::MarkRecordingStart => {
                "Mark that the meeting's recording started now (asks before replacing)"
            }
            Action::TakeBackExpansion => {
                "Take back the abbreviation just expanded: the short form as typed comes back"
            }
            Action::AbbreviationsView => {
                "Show or hide the abbreviations in force; add, change or remove the session's"
            }
            Action::Noop => "Do nothing: binds a key to nothing, removing a default binding",
        }
    }

    /// A short word for the status line's hints.
    pub fn hint(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::ToggleHelp => "help",
            Action::FocusNext => "next pane",
            Action::FocusSpeakers => "speakers",
            Action::FocusNotes => "notes",
            Action::Inscribe => "inscribe",
            Action::GiveFloor => "give floor",
            Action::GiveFloorSelected => "floor to selected",
            Action::EndIntervention => "end",
            Action::PauseTimer => "pause",
            Action::SelectNext => "down",
            Action::SelectPrevious => "up",
            Action::RemoveSpeaker => "remove",
            Action::NextAgendaItem => "next item",
            Action::PreviousAgendaItem => "prev item",
            Action::Confirm => "confirm",
            Action::Cancel => "cancel",
            Action::RightOfReply => "reply",
            Action::PointOfOrder => "point of order",
            Action::MoveUp => "move up",
            Action::MoveDown => "move down",
            Action::CloseList => "close list",
            Action::UndoFloor => "undo",
            Action::ReinscribeLast => "again",
            Action::ShowLog => "log",
            Action::NextField => "next field",
            Action::ChairView => "chair's view",
            Action::Statistics => "statistics",
            Action::SetTimeLimit => "time limit",
            Action::InsertTimestamp => "timestamp",
            Action::InsertSpeakerName => "speaker's name",
            Action::InsertName => "a name",
            Action::NoteHistory => "history",
            Action::Search => "search",
            Action::Export => "export",
            Action::NextMeeting => "next meeting",
            Action::PreviousMeeting => "previous meeting",
            Action::ClearInput => "clear",
            Action::DeleteWord => "delete word",
            Action::LeaveClockRunning => "leave, clock running",
            Action::ChooseKind => "kind",
            Action::CorrectIntervention => "correct",
            Action::EditSession => "session",
            Action::EditMeeting => "meeting's hours",
            Action::RemoveMeeting => "remove meeting",
            Action::EditLimits => "limits",
            Action::PreviousField => "previous field",
            Action::AgendaView => "agenda",
            Action::RosterView => "roster",
            Action::AddEntry => "add",
            Action::RenameEntry => "rename",
            Action::RemoveEntry => "remove",
            Action::MergeEntry => "merge",
            Action::UnmergeEntry => "unmerge",
            Action::ChangeCategory => "category",
            Action::SwitchAttendance => "room/online",
            Action::EditParticipant => "edit",
            Action::MarkRecordingStart => "recording started",
            Action::TakeBackExpansion => "take back",
            Action::AbbreviationsView => "abbreviations",
            Action::Noop => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_serde_and_all_is_complete() {
        for a in Action::ALL {
            let json = serde_json::to_string(&a).unwrap();
            assert_eq!(json, format!("\"{}\"", a.name()));
            assert_eq!(Action::from_name(a.name()), Some(a));
            assert!(!a.description().is_empty());
        }
        let mut names: Vec<_> = Action::ALL.iter().map(|a| a.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Action::ALL.len());
    }
}
