//! The app's state and its one place of change: `update(Action)`. Key presses become actions
//! through the keymap; what the keymap does not want goes to the editor. Every change to
//! the record is queued in `outbox` for the store; the loop in `run` hands it to the saver,
//! so nothing here waits on the disk and everything here runs in tests without a terminal.

mod finder;
pub mod run;

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::{TextArea, WrapMode};

use crate::action::Action;
use crate::domain::{
    AgendaItemId, Category, Inscription, Intervention, InterventionId, InterventionKind,
    SessionRecord,
};
use crate::keymap::{Context, Keymap};
use crate::store::{Change, SaveReport};

pub use finder::{Finder, FinderChoice};

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

/// Default time limits, until the chair sets them per session and category.
pub fn default_time_limit_secs(category: Category, inscription: &Inscription) -> u32 {
    match inscription.kind {
        InterventionKind::RightOfReply => 120,
        InterventionKind::PointOfOrder => 60,
        _ if inscription.on_behalf_of.is_some() => 300,
        _ => match category {
            Category::Panellist => 420,
            _ => 180,
        },
    }
}

pub struct App {
    pub record: SessionRecord,
    /// The meeting being logged.
    pub meeting: u32,
    /// The agenda item whose list of speakers is shown.
    pub agenda_item: AgendaItemId,
    pub focus: Focus,
    pub help_visible: bool,
    pub finder: Option<Finder>,
    /// Position of the selection on the list of speakers.
    pub selected: usize,
    pub editor: TextArea<'static>,
    pub note_target: NoteTarget,
    pub keymap: Keymap,
    pub save: SaveState,
    pub message: Option<Message>,
    pub should_quit: bool,
    /// Changes for the store, in the order they happened.
    pub outbox: Vec<Change>,
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
            meeting,
            agenda_item,
            focus: Focus::Speakers,
            help_visible: false,
            finder: None,
            selected: 0,
            editor: TextArea::default(),
            note_target: NoteTarget::Meeting(meeting),
            keymap,
            save: SaveState::default(),
            message: None,
            should_quit: false,
            outbox: Vec::new(),
        };
        match floor {
            Some(iv) => {
                app.edit_note(NoteTarget::Intervention(iv.id));
                // Whoever has the floor is being written about: straight back to typing.
                app.focus = Focus::Notes;
            }
            None => app.edit_note(NoteTarget::Meeting(meeting)),
        }
        app
    }

    /// The context whose bindings apply now.
    pub fn context(&self) -> Context {
        if self.help_visible {
            Context::Help
        } else if self.finder.is_some() {
            Context::Finder
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
                    f.input(key);
                    f.refresh(&self.record);
                }
            }
            Context::Notes => {
                if self.editor.input(key) {
                    self.note_changed();
                }
            }
            Context::Speakers | Context::Help | Context::Global => {}
        }
    }

    /// Text pasted into the terminal, taken in one go; line ends of any platform become new
    /// lines.
    pub fn handle_paste(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        if let Some(f) = &mut self.finder {
            f.query.push_str(text.lines().next().unwrap_or(""));
            f.refresh(&self.record);
            return;
        }
        self.focus = Focus::Notes;
        if self.editor.insert_str(&text) {
            self.note_changed();
        }
    }

    pub fn update(&mut self, action: Action, now: DateTime<Utc>) {
        match action {
            Action::Quit => self.should_quit = true,
            Action::ToggleHelp => self.help_visible = !self.help_visible,
            Action::FocusNext => {
                self.focus = match self.focus {
                    Focus::Speakers => Focus::Notes,
                    Focus::Notes => Focus::Speakers,
                }
            }
            Action::FocusSpeakers => self.focus = Focus::Speakers,
            Action::FocusNotes => self.focus = Focus::Notes,
            Action::Inscribe => {
                let mut f = Finder::default();
                f.refresh(&self.record);
                self.finder = Some(f);
            }
            Action::GiveFloor => self.give_floor(now),
            Action::EndIntervention => self.end_intervention(now),
            Action::PauseTimer => self.pause_timer(now),
            Action::SelectNext => match &mut self.finder {
                Some(f) => f.select_next(),
                None => {
                    let len = self.current_list_len();
                    if len > 0 {
                        self.selected = (self.selected + 1).min(len - 1);
                    }
                }
            },
            Action::SelectPrevious => match &mut self.finder {
                Some(f) => f.select_previous(),
                None => self.selected = self.selected.saturating_sub(1),
            },
            Action::RemoveSpeaker => self.remove_speaker(),
            Action::NextAgendaItem => self.switch_agenda_item(1),
            Action::PreviousAgendaItem => self.switch_agenda_item(-1),
            Action::Confirm => self.confirm_finder(),
            Action::Cancel => self.finder = None,
            Action::Noop => {}
        }
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

    fn current_list_len(&self) -> usize {
        self.record
            .list(self.agenda_item)
            .map(|l| l.len())
            .unwrap_or(0)
    }

    fn save_list(&mut self) {
        let list = self.record.list_mut(self.agenda_item).clone();
        self.outbox.push(Change::List(self.sid(), list));
    }

    fn save_intervention(&mut self, id: InterventionId) {
        if let Some(iv) = self.record.interventions.iter().find(|i| i.id == id) {
            self.outbox
                .push(Change::Intervention(self.sid(), iv.clone()));
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
        editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
        editor.move_cursor(ratatui_textarea::CursorMove::End);
        self.editor = editor;
        self.note_target = target;
    }

    /// The editor's text changed: it goes into the record and to the store at once.
    fn note_changed(&mut self) {
        let text = self.editor.lines().join("\n");
        let sid = self.sid();
        match self.note_target {
            NoteTarget::Intervention(id) => {
                if let Some(iv) = self.record.interventions.iter_mut().find(|i| i.id == id) {
                    iv.set_note(text.clone());
                    self.outbox.push(Change::Note(sid, id, text));
                }
            }
            NoteTarget::Meeting(n) => {
                if let Some(m) = self.record.meetings.iter_mut().find(|m| m.number == n) {
                    m.note = text;
                    self.outbox.push(Change::Meeting(sid, m.clone()));
                }
            }
        }
    }

    fn end_floor(&mut self, now: DateTime<Utc>) -> Option<InterventionId> {
        let id = self.record.floor()?.id;
        if let Some(iv) = self.record.interventions.iter_mut().find(|i| i.id == id) {
            iv.end(now);
        }
        self.save_intervention(id);
        Some(id)
    }

    fn end_intervention(&mut self, now: DateTime<Utc>) {
        match self.end_floor(now) {
            Some(id) => {
                let name = self.speaker_of(id);
                self.say(format!("{name}: intervention ended"));
                self.edit_note(NoteTarget::Meeting(self.meeting));
            }
            None => self.warn("No one has the floor"),
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

    /// Ends the current intervention and opens the next speaker's — the head of the list, or
    /// the speaker selected in the list pane — with the editor ready for typing.
    fn give_floor(&mut self, now: DateTime<Utc>) {
        let position = if self.focus == Focus::Speakers {
            self.selected
        } else {
            0
        };
        let item = self.agenda_item;
        let Ok(inscription) = self.record.list_mut(item).take(position) else {
            let heading = self
                .record
                .agenda_item(item)
                .map(|a| format!("item {}", a.number))
                .unwrap_or_else(|| "this item".into());
            self.warn(format!(
                "The list of speakers of {heading} is empty: inscribe a speaker first ({})",
                self.key_hint(Action::Inscribe)
            ));
            return;
        };
        self.end_floor(now);
        let category = self
            .record
            .participant(inscription.speaker)
            .map(|p| p.category)
            .unwrap_or(Category::Other);
        let limit = inscription
            .time_limit_secs
            .unwrap_or_else(|| default_time_limit_secs(category, &inscription));
        let intervention = Intervention {
            id: self.record.next_intervention_id(),
            meeting: self.meeting,
            agenda_item: item,
            speaker: inscription.speaker,
            on_behalf_of: inscription.on_behalf_of.clone(),
            kind: inscription.kind,
            started_at: now,
            ended_at: None,
            pauses: Vec::new(),
            time_limit_secs: Some(limit),
            note: String::new(),
            tags: Vec::new(),
            interrupts: None,
        };
        let id = intervention.id;
        self.record.interventions.push(intervention);
        self.save_intervention(id);
        self.save_list();
        self.selected = self.selected.min(self.current_list_len().saturating_sub(1));
        self.edit_note(NoteTarget::Intervention(id));
        self.focus = Focus::Notes;
        let name = self.speaker_of(id);
        self.say(format!("{name} has the floor"));
    }

    fn pause_timer(&mut self, now: DateTime<Utc>) {
        let Some(id) = self.record.floor().map(|i| i.id) else {
            self.warn("No one has the floor: there is no timer to pause");
            return;
        };
        let iv = self
            .record
            .interventions
            .iter_mut()
            .find(|i| i.id == id)
            .expect("the floor is an intervention of the record");
        if iv.is_paused() {
            iv.resume(now);
        } else {
            iv.pause(now);
        }
        let paused = iv.is_paused();
        self.save_intervention(id);
        self.say(if paused {
            "Timer paused"
        } else {
            "Timer resumed"
        });
    }

    fn remove_speaker(&mut self) {
        let item = self.agenda_item;
        match self.record.list_mut(item).take(self.selected) {
            Ok(removed) => {
                let name = self.record.speaker_name(removed.speaker).to_string();
                self.save_list();
                self.selected = self.selected.min(self.current_list_len().saturating_sub(1));
                self.say(format!("{name} taken off the list"));
            }
            Err(_) => self.warn("No speaker selected"),
        }
    }

    fn switch_agenda_item(&mut self, step: isize) {
        let agenda = &self.record.agenda;
        if agenda.is_empty() {
            return;
        }
        let here = agenda
            .iter()
            .position(|a| a.id == self.agenda_item)
            .unwrap_or(0) as isize;
        let next = (here + step).rem_euclid(agenda.len() as isize) as usize;
        self.agenda_item = agenda[next].id;
        self.selected = 0;
        let heading = agenda[next].heading();
        self.say(heading);
    }

    fn confirm_finder(&mut self) {
        let Some(finder) = self.finder.take() else {
            return;
        };
        let Some(choice) = finder.chosen() else {
            self.finder = Some(finder);
            return;
        };
        let sid = self.sid();
        let speaker = match choice {
            FinderChoice::Participant(id) => id,
            FinderChoice::Roster { name, category } | FinderChoice::New { name, category } => {
                let participant = crate::domain::Participant {
                    id: self.record.next_participant_id(),
                    name,
                    category,
                    attendance: Default::default(),
                    organisation: None,
                };
                let id = participant.id;
                self.outbox
                    .push(Change::Participant(sid, participant.clone()));
                self.record.participants.push(participant);
                id
            }
        };
        let item = self.agenda_item;
        let already = self.record.list_mut(item).is_inscribed(speaker);
        let name = self.record.speaker_name(speaker).to_string();
        match self
            .record
            .list_mut(item)
            .inscribe(Inscription::statement(speaker))
        {
            Ok(()) => {
                self.save_list();
                if already {
                    self.warn(format!("{name} inscribed again: already on this list"));
                } else {
                    self.say(format!("{name} inscribed"));
                }
            }
            Err(e) => self.warn(format!("{name} not inscribed: {e}")),
        }
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
