//! The app's state and its one place of change: `update(Action)`. Key presses become actions
//! through the keymap of what is on top (the last of `overlays`, or else the pane in use);
//! what the keymap does not want goes to the text on top: an overlay's line, or the note
//! editor. Every change to the record is queued in `outbox` for the store; the loop in `run`
//! hands it to the saver, so nothing here waits on the disk and everything here runs in
//! tests without a terminal.

mod abbreviations;
mod correction_form;
mod floor;
mod forms;
mod kind;
mod list;
mod log;
mod names;
mod notes;
mod outbox;
pub mod overlay;
mod position;
mod prompt;
mod quit;
mod recording;
pub mod run;
mod setup;
mod setup_views;
mod slips;

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::{TextArea, WrapMode};

use crate::action::Action;
use crate::domain::{AgendaItemId, Intervention, InterventionId, SessionRecord};
use crate::keymap::{Context, Keymap};
use crate::store::{Change, SaveReport};

pub use floor::FloorAction;
pub use notes::snippet;
pub use overlay::chair::ChairView;
pub use overlay::finder::{Field, Finder, FinderOutcome, FinderPurpose, Speaker};
pub use overlay::help::HelpView;
pub use overlay::history::HistoryView;
pub use overlay::log::LogView;
pub use overlay::prompt::{LimitTarget, Prompt, Question, SetupQuestion};
pub use overlay::quit::QuitQuestion;
pub use overlay::search::SearchView;
pub use overlay::statistics::StatisticsView;
pub use overlay::{Overlay, Pasted};
pub use prompt::{parse_limit, ExportJob};

/// Which pane takes the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Speakers,
    Notes,
}

/// What the note editor is editing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteTarget {
    /// The note of an intervention.
    Intervention(InterventionId),
    /// The meeting's own note, for what is said while no one has the floor.
    Meeting(u32),
}

/// Whether what was typed is on disk, as the status line tells it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaveState {
    /// Number of the last change handed to the saver.
    pub sent: u64,
    /// Number of the last change known to be on disk.
    pub durable: u64,
    /// The last failure, until a later write succeeds.
    pub error: Option<String>,
}

impl SaveState {
    pub fn all_on_disk(&self) -> bool {
        self.error.is_none() && self.durable >= self.sent
    }
}

/// A line for the status bar: what just happened, or what went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub warning: bool,
}

pub struct App {
    pub record: SessionRecord,
    /// What is open over the three panes, bottom first: the last one gets the keys.
    pub overlays: Vec<Overlay>,
    /// The meeting being logged.
    pub meeting: u32,
    /// The agenda item whose list of speakers is shown.
    pub agenda_item: AgendaItemId,
    pub focus: Focus,
    /// Whether the next change to the note in the editor starts a new correction.
    new_version_due: bool,
    /// Set when the terminal bell should ring (a limit near or passed); the loop rings it.
    pub bell: bool,
    /// The phase of the floor's clock at the last tick, to ring on a change only.
    last_phase: Option<(InterventionId, crate::domain::Phase)>,
    /// A plain letter typed in the list of speakers, waiting to see whether a word follows.
    held: Option<slips::Held>,
    /// Position of the selection on the list of speakers.
    pub selected: usize,
    pub editor: TextArea<'static>,
    pub note_target: NoteTarget,
    pub keymap: Keymap,
    pub save: SaveState,
    pub message: Option<Message>,
    pub should_quit: bool,
    /// The last floor given, while it can still be undone.
    pub last_floor: Option<FloorAction>,
    /// Set-up changes made from the app, the latest last, while they can be undone.
    setup_changes: Vec<crate::domain::SetupChange>,
    /// Whether the last floor action came after the last set-up change (undo takes the later).
    floor_after_setup: bool,
    /// Changes for the store, in the order they happened.
    pub outbox: Vec<Change>,
    /// Exports asked for, for the loop to write off the screen's thread (`ExportJob::run`),
    /// handing the outcome back to `on_export_done`.
    pub exports: Vec<ExportJob>,
    /// The export being written, as it was asked for: reopened with the reason if it fails.
    exporting: Option<Prompt>,
    /// The user's abbreviations, and the last expansion while it can be taken back.
    abbreviations: abbreviations::Typing,
}

impl App {
    pub fn new(record: SessionRecord, keymap: Keymap) -> App {
        let floor = record.floor().cloned();
        let last = record.interventions.last();
        let meeting = floor
            .as_ref()
            .or(last)
            .map(|i| i.meeting)
            .or_else(|| record.meetings.last().map(|m| m.number))
            .unwrap_or(1);
        let agenda_item = floor
            .as_ref()
            .or(last)
            .map(|i| i.agenda_item)
            .or_else(|| record.agenda.first().map(|a| a.id))
            .unwrap_or(AgendaItemId(1));
        let mut app = App {
            record,
            overlays: Vec::new(),
            meeting,
            agenda_item,
            focus: Focus::Speakers,
            new_version_due: false,
            bell: false,
            last_phase: None,
            held: None,
            selected: 0,
            editor: TextArea::default(),
            note_target: NoteTarget::Meeting(meeting),
            keymap,
            save: SaveState::default(),
            message: None,
            should_quit: false,
            last_floor: None,
            setup_changes: Vec::new(),
            floor_after_setup: false,
            outbox: Vec::new(),
            exports: Vec::new(),
            exporting: None,
            abbreviations: Default::default(),
        };
        app.edit_note(app.live_note());
        if let Some(floor) = floor {
            // Whoever has the floor is being written about: straight back to typing.
            app.focus = Focus::Notes;
            app.point_out_a_running_clock(&floor);
        }
        app.point_out_open_conflicts();
        app
    }

    /// A clock that ran on while the app was closed (left running on leaving, or the app
    /// killed) is said at the start, with the keys to stop it: overnight it makes an
    /// intervention hours long.
    /// A merge kept two versions of some facts and no one has chosen yet: said on opening,
    /// before anything else, as the record shown may not be the one the secretariat keeps.
    fn point_out_open_conflicts(&mut self) {
        let open = self.record.session.conflicts.len();
        if open == 0 {
            return;
        }
        let earlier = self.message.take().map(|m| format!("; {}", m.text));
        self.warn(format!(
            "{} from merging another rapporteur's log {} open: the log ({}) marks {}; `rapporteur conflicts list` shows both versions{}",
            crate::export::plural(open, "conflict", "conflicts"),
            if open == 1 { "is" } else { "are" },
            self.key_hint(Action::ShowLog),
            if open == 1 { "it" } else { "them" },
            earlier.unwrap_or_default()
        ));
    }

    fn point_out_a_running_clock(&mut self, floor: &Intervention) {
        if floor.is_paused() {
            return;
        }
        let since = floor
            .started_at
            .with_timezone(&self.record.session.tz())
            .format("%-d %b %H:%M");
        self.warn(format!(
            "{} has had the floor since {since}, and the clock ran on while the app was closed: {} pauses it, {} ends the intervention",
            self.record.speaker_name(floor.speaker),
            self.key_hint(Action::PauseTimer),
            self.key_hint(Action::EndIntervention),
        ));
    }

    /// The context whose bindings apply now: the top overlay's, or the pane's.
    pub fn context(&self) -> Context {
        match self.overlays.last() {
            Some(top) => top.context(),
            None => match self.focus {
                Focus::Speakers => Context::Speakers,
                Focus::Notes => Context::Notes,
            },
        }
    }

    /// The overlay on top, which gets the keys and the pastes.
    pub fn top(&self) -> Option<&Overlay> {
        self.overlays.last()
    }

    /// Puts `overlay` on top. One of a kind: an older one of the same kind under it goes.
    pub fn open(&mut self, overlay: Overlay) {
        self.overlays.retain(|o| !o.same_kind(&overlay));
        self.overlays.push(overlay);
    }

    /// Shows `overlay`, or hides it if one of its kind is on top: the keys that show the log,
    /// the help, the chair's view and the statistics also hide them.
    fn toggle(&mut self, overlay: Overlay) {
        if self.top().is_some_and(|top| top.same_kind(&overlay)) {
            self.overlays.pop();
        } else {
            self.open(overlay);
        }
    }

    /// Closes every overlay of `kind`'s kind, wherever it is in the stack.
    fn close_all(&mut self, kind: &Overlay) {
        self.overlays.retain(|o| !o.same_kind(kind));
    }

    /// The finder, when it is on top.
    pub fn finder(&self) -> Option<&Finder> {
        match self.top() {
            Some(Overlay::Finder(f)) => Some(f),
            _ => None,
        }
    }

    /// The question, when it is on top.
    pub fn prompt(&self) -> Option<&Prompt> {
        match self.top() {
            Some(Overlay::Prompt(p)) => Some(p),
            _ => None,
        }
    }

    pub fn prompt_mut(&mut self) -> Option<&mut Prompt> {
        match self.overlays.last_mut() {
            Some(Overlay::Prompt(p)) => Some(p),
            _ => None,
        }
    }

    /// The search, when it is on top.
    pub fn search(&self) -> Option<&SearchView> {
        match self.top() {
            Some(Overlay::Search(s)) => Some(s),
            _ => None,
        }
    }

    /// The history of a note, when it is on top.
    pub fn history(&self) -> Option<&HistoryView> {
        match self.top() {
            Some(Overlay::History(h)) => Some(h),
            _ => None,
        }
    }

    /// The position selected in the log of the meeting, while the log is open.
    pub fn log_selection(&self) -> Option<usize> {
        self.overlays.iter().rev().find_map(|o| match o {
            Overlay::Log(l) => Some(l.selected),
            _ => None,
        })
    }

    /// Whether the list of speakers is where the user is: no overlay over it, and its pane
    /// has the keys.
    fn in_the_list(&self) -> bool {
        self.overlays.is_empty() && self.focus == Focus::Speakers
    }

    /// A key press: the keymap first, then the text of what is on top (an overlay's line, or
    /// the note). In the list of speakers, plain letters that make a word go to the note
    /// (`slips`).
    pub fn handle_key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        // A message answers the last key; the next one clears it.
        self.message = None;
        if self.slip_guard(key, now) {
            return;
        }
        let context = self.context();
        if let Some(actions) = self
            .keymap
            .action_for(context, &key)
            .map(<[Action]>::to_vec)
        {
            for action in actions {
                self.update(action, now);
            }
            return;
        }
        match self.overlays.last_mut() {
            Some(top) => {
                top.key(key, &self.record);
                self.kind_chosen_by_letter();
            }
            None if self.focus == Focus::Notes => self.type_in_note(key, now),
            None => {}
        }
    }

    /// Text pasted into the terminal, taken in one go by what is on top; line ends of any
    /// platform become new lines. An overlay without a line of text refuses it, and says so:
    /// a paste never falls through to the note under it.
    pub fn handle_paste(&mut self, text: &str, now: DateTime<Utc>) {
        self.flush_held(now);
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        if let Some(top) = self.overlays.last_mut() {
            if top.paste(&text, &self.record) == Pasted::Refused {
                let (what, close) = (top.what(), top.close_action());
                self.warn(format!(
                    "The paste was not put anywhere: {what} takes no text ({} closes it)",
                    self.key_hint(close)
                ));
            }
            return;
        }
        // In the list of speakers a paste is text all the same: it goes to the note.
        self.focus = Focus::Notes;
        if self.editor.insert_str(&text) {
            self.note_changed(now);
        }
    }

    pub fn update(&mut self, action: Action, now: DateTime<Utc>) {
        if matches!(self.top(), Some(Overlay::Quit(_))) && self.answer_quit(action, now) {
            return;
        }
        if self.answer_setup_view(action) {
            return;
        }
        match action {
            Action::Quit => self.quit(),
            Action::LeaveClockRunning => {}
            Action::ChooseKind => self.choose_kind(),
            Action::CorrectIntervention => self.open_correction(),
            Action::EditSession => self.open_session_form(false),
            Action::EditMeeting => self.edit_sitting(),
            Action::MarkRecordingStart => self.mark_recording_start(now),
            Action::RemoveMeeting => self.remove_sitting(),
            Action::EditLimits => self.open_limits_form(),
            Action::PreviousField => {
                if let Some(top) = self.overlays.last_mut() {
                    top.previous_field();
                }
            }
            Action::ToggleHelp => self.toggle(Overlay::Help(HelpView::default())),
            Action::FocusNext => {
                self.focus = match self.focus {
                    Focus::Speakers => Focus::Notes,
                    Focus::Notes => Focus::Speakers,
                }
            }
            Action::FocusSpeakers => {
                self.focus = Focus::Speakers;
                // A correction of an earlier note is done: the editor goes back to the live one.
                let live = self.live_note();
                if self.note_target != live {
                    self.edit_note(live);
                }
            }
            Action::FocusNotes => self.focus = Focus::Notes,
            Action::Inscribe => self.open_finder(FinderPurpose::Inscribe),
            Action::RightOfReply => self.open_finder(FinderPurpose::RightOfReply),
            Action::PointOfOrder => self.open_finder(FinderPurpose::PointOfOrder),
            Action::GiveFloor => self.give_floor(now),
            Action::GiveFloorSelected => self.give_floor_selected(now),
            Action::EndIntervention => self.end_intervention(now),
            Action::PauseTimer => self.pause_timer(now),
            Action::UndoFloor => self.undo(now),
            Action::SelectNext => self.select(1),
            Action::SelectPrevious => self.select(-1),
            Action::RemoveSpeaker => self.remove_speaker(),
            Action::MoveUp => self.move_speaker(true),
            Action::MoveDown => self.move_speaker(false),
            Action::CloseList => self.close_list(),
            Action::ReinscribeLast => self.reinscribe_last(),
            Action::NextAgendaItem => self.switch_agenda_item(1),
            Action::PreviousAgendaItem => self.switch_agenda_item(-1),
            Action::ShowLog => self.toggle_log(),
            Action::NextField => {
                if let Some(top) = self.overlays.last_mut() {
                    top.next_field(&self.record);
                }
            }
            Action::ChairView => self.toggle(Overlay::Chair(ChairView)),
            Action::Statistics => self.toggle(Overlay::Statistics(StatisticsView::default())),
            Action::SetTimeLimit => self.ask_time_limit(),
            Action::InsertTimestamp => self.insert_timestamp(now),
            Action::InsertSpeakerName => self.insert_speaker_name(now),
            Action::InsertName => self.find_name_for_note(),
            Action::NoteHistory => self.toggle_history(),
            Action::Search => self.open(Overlay::Search(SearchView::default())),
            Action::Export => self.ask_export_path(),
            Action::NextMeeting => self.switch_meeting(1, now),
            Action::PreviousMeeting => self.switch_meeting(-1, now),
            Action::ClearInput => self.edit_top(overlay::input::Edit::Clear),
            Action::DeleteWord => self.edit_top(overlay::input::Edit::DeleteWord),
            Action::Confirm => self.confirm(now),
            Action::Cancel => self.cancel(),
            // Taken by the agenda and the roster (`answer_setup_view`) when they are open.
            Action::AgendaView
            | Action::RosterView
            | Action::AbbreviationsView
            | Action::AddEntry
            | Action::RenameEntry
            | Action::RemoveEntry
            | Action::MergeEntry
            | Action::UnmergeEntry
            | Action::ChangeCategory
            | Action::SwitchAttendance
            | Action::EditParticipant => {}
            Action::TakeBackExpansion => self.take_back_expansion(now),
            Action::Noop => {}
        }
    }

    fn edit_top(&mut self, e: overlay::input::Edit) {
        if let Some(top) = self.overlays.last_mut() {
            top.edit(e, &self.record);
        }
    }

    /// Enter on what is on top.
    fn confirm(&mut self, now: DateTime<Utc>) {
        match self.top() {
            Some(Overlay::Prompt(_)) => self.answer_prompt(now),
            Some(Overlay::Search(_)) => self.open_search_result(),
            Some(Overlay::Finder(f)) if f.purpose == FinderPurpose::NameForNote => {
                self.insert_chosen_name(now)
            }
            Some(Overlay::Finder(f)) => match f.purpose {
                FinderPurpose::MergeInto(from) => self.merge_into_chosen(from, now),
                _ => self.confirm_finder(now),
            },
            Some(Overlay::Log(_)) => self.open_logged_note(),
            Some(Overlay::Kind(_)) => self.apply_kind(),
            Some(Overlay::Form(_)) => self.save_form(now),
            _ => {}
        }
    }

    /// Esc: closes what is on top. In the note nothing is left: a correction goes back to
    /// the live note, and the keys stay with the note (tab goes to the list).
    fn cancel(&mut self) {
        if self.overlays.pop().is_some() {
            return;
        }
        if self.focus == Focus::Notes {
            let live = self.live_note();
            if self.note_target != live {
                self.edit_note(live);
                self.say("Back to the live note");
            } else {
                self.say(format!(
                    "Still in the note; {} goes to the list of speakers",
                    self.key_hint(Action::FocusNext)
                ));
            }
        }
    }

    /// The clock moved on: a letter held in the list of speakers with no word after it is
    /// taken as the command it is bound to; the bell rings, if the chair wants it, when the
    /// speaker on the floor comes within the warning of their limit and when they pass it.
    pub fn tick(&mut self, now: DateTime<Utc>) {
        self.flush_expired(now);
        let limits = &self.record.session.time_limits;
        let phase = self.record.floor().map(|iv| {
            (
                iv.id,
                crate::domain::TimerReading::in_session(&self.record, iv, now).phase,
            )
        });
        if let (Some((id, p)), Some((last_id, last))) = (phase, self.last_phase) {
            use crate::domain::Phase::{Over, Warning};
            let crossed = id == last_id && p != last && matches!(p, Warning | Over);
            if crossed && limits.bell {
                self.bell = true;
            }
        }
        self.last_phase = phase;
    }

    pub fn on_save_report(&mut self, report: SaveReport) {
        match report {
            SaveReport::Durable { through } => {
                self.save.durable = self.save.durable.max(through);
                self.save.error = None;
            }
            SaveReport::Failed { through, error } => {
                self.save.durable = self.save.durable.max(through);
                self.save.error = Some(error);
            }
        }
    }

    /// What opening the store did that the user must know of (a journal moved in, a damaged
    /// one set aside): on the status line at the start, before anything else said there, since
    /// the lines printed before the screen took over are hidden behind it.
    pub fn tell_on_start(&mut self, notices: &[String]) {
        if notices.is_empty() {
            return;
        }
        let mut text = notices.join("; ");
        if let Some(earlier) = self.message.take() {
            text = format!("{text}; {}", earlier.text);
        }
        self.warn(text);
    }

    fn say(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            warning: false,
        });
    }

    fn warn(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            warning: true,
        });
    }

    fn sid(&self) -> crate::domain::SessionId {
        self.record.session.id
    }

    fn select(&mut self, step: isize) {
        let log_rows = self.meeting_log().len();
        if let Some(top) = self.overlays.last_mut() {
            top.select(step, log_rows, &self.record);
            return;
        }
        self.selected = self
            .selected
            .saturating_add_signed(step)
            .min(self.current_list_len().saturating_sub(1));
    }

    fn save_intervention(&mut self, id: InterventionId) {
        if let Some(iv) = self.record.interventions.iter().find(|i| i.id == id) {
            self.outbox
                .push(Change::Intervention(self.sid(), iv.clone()));
        }
    }

    fn intervention_mut(&mut self, id: InterventionId) -> Option<&mut Intervention> {
        self.record.interventions.iter_mut().find(|i| i.id == id)
    }

    /// The note being written live: the floor's, or the meeting's while no one has the floor.
    pub fn live_note(&self) -> NoteTarget {
        match self.record.floor() {
            Some(iv) => NoteTarget::Intervention(iv.id),
            None => NoteTarget::Meeting(self.meeting),
        }
    }

    /// Puts a note in the editor. The text already there has been saved keystroke by
    /// keystroke, so switching loses nothing.
    fn edit_note(&mut self, target: NoteTarget) {
        let text = match target {
            NoteTarget::Intervention(id) => self
                .record
                .interventions
                .iter()
                .find(|i| i.id == id)
                .map(|i| i.note.clone()),
            NoteTarget::Meeting(n) => self.record.meeting(n).map(|m| m.note.clone()),
        }
        .unwrap_or_default();
        let mut editor = TextArea::new(text.split('\n').map(String::from).collect());
        editor.set_wrap_mode(WrapMode::WordOrGlyph);
        // Tags stand out as they are typed: a `#` that starts a word, and the word after it.
        let _ = editor.set_search_pattern(notes::TAG_PATTERN);
        editor.set_search_style(
            ratatui::style::Style::new()
                .fg(ratatui::style::Color::Cyan)
                .add_modifier(ratatui::style::Modifier::BOLD),
        );
        editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
        editor.move_cursor(ratatui_textarea::CursorMove::End);
        self.editor = editor;
        self.note_target = target;
        // The first change to an ended intervention's note opens a new correction.
        self.new_version_due = true;
    }

    /// The editor's text changed: it goes into the record and to the store at once. A change
    /// to the note of an intervention that has ended is a correction, kept as a version beside
    /// the live record.
    fn note_changed(&mut self, now: DateTime<Utc>) {
        let text = self.editor.lines().join("\n");
        let sid = self.sid();
        match self.note_target {
            NoteTarget::Intervention(id) => {
                let new_version = std::mem::take(&mut self.new_version_due);
                let Some(iv) = self.intervention_mut(id) else {
                    return;
                };
                if iv.has_floor() {
                    iv.set_note(text.clone());
                } else {
                    iv.correct_note(text.clone(), now, new_version);
                    self.save_intervention(id);
                }
                self.outbox.push(Change::Note(sid, id, text));
            }
            NoteTarget::Meeting(n) => {
                if let Some(m) = self.record.meetings.iter_mut().find(|m| m.number == n) {
                    m.note = text;
                    self.outbox.push(Change::Meeting(sid, m.clone()));
                }
            }
        }
    }

    fn speaker_of(&self, id: InterventionId) -> String {
        self.record
            .interventions
            .iter()
            .find(|i| i.id == id)
            .map(|i| self.record.speaker_name(i.speaker).to_string())
            .unwrap_or_default()
    }

    /// The first key bound to `action` where the user is now, for hints in messages.
    pub fn key_hint(&self, action: Action) -> String {
        self.keymap
            .keys_for(self.context(), action)
            .into_iter()
            .next()
            .unwrap_or_else(|| action.name().to_string())
    }
}

#[cfg(test)]
mod dialogue_tests;
#[cfg(test)]
mod tests;
