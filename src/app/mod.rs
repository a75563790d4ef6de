//! The app's state and its one place of change: `update(Action)`. Key presses become actions
//! through the keymap; what the keymap does not want goes to the editor. Every change to
//! the record is queued in `outbox` for the store; the loop in `run` hands it to the saver,
//! so nothing here waits on the disk and everything here runs in tests without a terminal.

mod finder;
mod floor;
mod list;
mod log;
mod notes;
mod outbox;
mod prompt;
pub mod run;

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::{TextArea, WrapMode};

use crate::action::Action;
use crate::domain::{AgendaItemId, Inscription, Intervention, InterventionId, SessionRecord};
use crate::keymap::{Context, Keymap};
use crate::store::{Change, SaveReport};

pub use finder::{Field, Finder, FinderOutcome, FinderPurpose, Speaker};
pub use notes::{snippet, HistoryView, SearchView};
pub use prompt::{parse_limit, ExportJob, LimitTarget, Prompt, Question};

/// Which pane takes the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Speakers,
    Notes,
}

/// What fills the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// The three panes: list of speakers, timer, note.
    #[default]
    Main,
    /// The chair's full-screen timer.
    Chair,
    /// The speaking-time statistics.
    Statistics,
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

/// What `undo_floor` takes back: the last floor given, and the place on the list it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FloorGiven {
    pub intervention: InterventionId,
    pub agenda_item: AgendaItemId,
    pub inscription: Inscription,
}

pub struct App {
    pub record: SessionRecord,
    pub view: View,
    /// Which table of the statistics is shown, and how far it is scrolled.
    pub stats_tab: usize,
    pub stats_scroll: u16,
    /// The meeting being logged.
    pub meeting: u32,
    /// The agenda item whose list of speakers is shown.
    pub agenda_item: AgendaItemId,
    pub focus: Focus,
    pub help_visible: bool,
    /// How far the help is scrolled, in lines.
    pub help_scroll: u16,
    pub finder: Option<Finder>,
    /// The history of a note, when shown.
    pub history: Option<HistoryView>,
    /// The search of the notes, when open.
    pub search: Option<SearchView>,
    /// Whether the next change to the note in the editor starts a new correction.
    new_version_due: bool,
    /// A one-line question waiting for its answer.
    pub prompt: Option<Prompt>,
    /// Set when the terminal bell should ring (a limit near or passed); the loop rings it.
    pub bell: bool,
    /// The phase of the floor's clock at the last tick, to ring on a change only.
    last_phase: Option<(InterventionId, crate::domain::Phase)>,
    /// The log of the meeting, when shown: the position selected in it.
    pub log: Option<usize>,
    /// Position of the selection on the list of speakers.
    pub selected: usize,
    pub editor: TextArea<'static>,
    pub note_target: NoteTarget,
    pub keymap: Keymap,
    pub save: SaveState,
    pub message: Option<Message>,
    pub should_quit: bool,
    /// The last floor given, while it can still be undone.
    pub last_floor: Option<FloorGiven>,
    /// Changes for the store, in the order they happened.
    pub outbox: Vec<Change>,
    /// Exports asked for, for the loop to write off the screen's thread (`ExportJob::run`),
    /// handing the outcome back to `on_export_done`.
    pub exports: Vec<ExportJob>,
    /// The export being written, as it was asked for: reopened with the reason if it fails.
    exporting: Option<Prompt>,
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
            view: View::Main,
            stats_tab: 0,
            stats_scroll: 0,
            meeting,
            agenda_item,
            focus: Focus::Speakers,
            help_visible: false,
            help_scroll: 0,
            finder: None,
            prompt: None,
            history: None,
            search: None,
            new_version_due: false,
            bell: false,
            last_phase: None,
            log: None,
            selected: 0,
            editor: TextArea::default(),
            note_target: NoteTarget::Meeting(meeting),
            keymap,
            save: SaveState::default(),
            message: None,
            should_quit: false,
            last_floor: None,
            outbox: Vec::new(),
            exports: Vec::new(),
            exporting: None,
        };
        app.edit_note(app.live_note());
        if floor.is_some() {
            // Whoever has the floor is being written about: straight back to typing.
            app.focus = Focus::Notes;
        }
        app
    }

    /// The context whose bindings apply now.
    pub fn context(&self) -> Context {
        if self.help_visible {
            Context::Help
        } else if self.prompt.is_some() {
            Context::Prompt
        } else if self.search.is_some() {
            Context::Search
        } else if self.history.is_some() {
            Context::History
        } else if self.finder.is_some() {
            Context::Finder
        } else if self.view == View::Chair {
            Context::Chair
        } else if self.view == View::Statistics {
            Context::Statistics
        } else if self.log.is_some() {
            Context::Log
        } else {
            match self.focus {
                Focus::Speakers => Context::Speakers,
                Focus::Notes => Context::Notes,
            }
        }
    }

    /// A key press: the keymap first, then the editor or the finder's input.
    pub fn handle_key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        // A message answers the last key; the next one clears it.
        self.message = None;
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
        match context {
            Context::Finder => {
                if let Some(f) = &mut self.finder {
                    f.input(key, &self.record);
                }
            }
            Context::Notes => {
                if self.editor.input(key) {
                    self.note_changed(now);
                }
            }
            Context::Prompt => {
                if let Some(p) = &mut self.prompt {
                    p.input(key);
                }
            }
            Context::Search => {
                if let Some(s) = &mut self.search {
                    s.input(key, &self.record);
                }
            }
            Context::Speakers
            | Context::Help
            | Context::Global
            | Context::Log
            | Context::Chair
            | Context::Statistics
            | Context::History => {}
        }
    }

    /// Text pasted into the terminal, taken in one go; line ends of any platform become new
    /// lines.
    pub fn handle_paste(&mut self, text: &str, now: DateTime<Utc>) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        if let Some(f) = &mut self.finder {
            f.paste(&text, &self.record);
            return;
        }
        self.focus = Focus::Notes;
        self.log = None;
        if self.editor.insert_str(&text) {
            self.note_changed(now);
        }
    }

    pub fn update(&mut self, action: Action, now: DateTime<Utc>) {
        match action {
            Action::Quit => self.should_quit = true,
            Action::ToggleHelp => {
                self.help_visible = !self.help_visible;
                self.help_scroll = 0;
            }
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
            Action::EndIntervention => self.end_intervention(now),
            Action::PauseTimer => self.pause_timer(now),
            Action::UndoFloor => self.undo_floor(now),
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
                if let Some(f) = &mut self.finder {
                    f.next_field(&self.record);
                } else if self.view == View::Statistics {
                    self.stats_tab += 1;
                    self.stats_scroll = 0;
                }
            }
            Action::ChairView => self.switch_view(View::Chair),
            Action::Statistics => self.switch_view(View::Statistics),
            Action::SetTimeLimit => self.ask_time_limit(),
            Action::InsertTimestamp => self.insert_timestamp(now),
            Action::NoteHistory => self.toggle_history(),
            Action::Search => self.search = Some(SearchView::default()),
            Action::Export => self.ask_export_path(),
            Action::NextMeeting => self.switch_meeting(1, now),
            Action::PreviousMeeting => self.switch_meeting(-1, now),
            Action::Confirm => {
                if self.prompt.is_some() {
                    self.answer_prompt(now);
                } else if self.search.is_some() {
                    self.open_search_result();
                } else if self.finder.is_some() {
                    self.confirm_finder(now);
                } else if self.log.is_some() {
                    self.open_logged_note();
                }
            }
            Action::Cancel => {
                if self.prompt.take().is_none() && self.search.take().is_none() {
                    self.finder = None;
                }
            }
            Action::Noop => {}
        }
    }

    /// The clock moved on: rings the bell, if the chair wants it, when the speaker on the
    /// floor comes within the warning of their limit and when they pass it.
    pub fn tick(&mut self, now: DateTime<Utc>) {
        let limits = &self.record.session.time_limits;
        let phase = self.record.floor().map(|iv| {
            (
                iv.id,
                crate::domain::TimerReading::of(iv, now, limits.warn_before).phase,
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

    /// Switches to `view`, or back to the three panes if it is already shown.
    fn switch_view(&mut self, view: View) {
        self.view = if self.view == view { View::Main } else { view };
        self.stats_scroll = 0;
    }

    fn select(&mut self, step: isize) {
        if self.view == View::Statistics && self.finder.is_none() && !self.help_visible {
            self.stats_scroll = self.stats_scroll.saturating_add_signed(step as i16);
            return;
        }
        if self.help_visible {
            // The drawing clips the scroll to the length of the help.
            self.help_scroll = self.help_scroll.saturating_add_signed(step as i16);
            return;
        }
        if let Some(s) = &mut self.search {
            s.selected = s
                .selected
                .saturating_add_signed(step)
                .min(s.results.len().saturating_sub(1));
            return;
        }
        if let Some(h) = &mut self.history {
            h.selected = h
                .selected
                .saturating_add_signed(step)
                .min(h.versions.saturating_sub(1));
            return;
        }
        if let Some(f) = &mut self.finder {
            if step > 0 {
                f.select_next()
            } else {
                f.select_previous()
            }
            return;
        }
        let (position, len) = match self.log {
            Some(p) => (p, self.meeting_log().len()),
            None => (self.selected, self.current_list_len()),
        };
        let moved = position
            .saturating_add_signed(step)
            .min(len.saturating_sub(1));
        match &mut self.log {
            Some(p) => *p = moved,
            None => self.selected = moved,
        }
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
mod tests;
