//! The overlays stacked over the three panes, as helix's compositor stacks its layers: the
//! one on top gets every key and paste first, and drawing goes from the bottom up. Each
//! overlay owns its state and answers for itself what context its keys are looked up in,
//! what a typed key or a paste does to it, and how far its selection moves; what confirming
//! or cancelling it does to the meeting is the app's (`App::confirm`, `App::cancel`). A new
//! form is a new overlay here, never a new field of `App`.

pub mod abbreviations;
pub mod agenda;
pub mod chair;
pub mod finder;
pub mod form;
pub mod help;
pub mod history;
pub mod input;
pub mod kind;
pub mod log;
pub mod prompt;
pub mod quit;
pub mod roster;
pub mod search;
pub mod statistics;

use ratatui::crossterm::event::KeyEvent;

use crate::action::Action;
use crate::domain::SessionRecord;
use crate::keymap::Context;

use abbreviations::AbbreviationsView;
use agenda::AgendaView;
use chair::ChairView;
use finder::Finder;
use form::Form;
use help::HelpView;
use history::HistoryView;
use input::Edit;
use kind::KindChooser;
use log::LogView;
use prompt::Prompt;
use quit::QuitQuestion;
use roster::RosterView;
use search::SearchView;
use statistics::StatisticsView;

/// One layer over the panes.
#[derive(Debug, Clone)]
pub enum Overlay {
    Finder(Finder),
    Prompt(Prompt),
    Search(SearchView),
    History(HistoryView),
    Log(LogView),
    Help(HelpView),
    Chair(ChairView),
    Statistics(StatisticsView),
    Quit(QuitQuestion),
    Kind(KindChooser),
    Form(Form),
    Agenda(AgendaView),
    Roster(RosterView),
    Abbreviations(AbbreviationsView),
}

/// What became of a paste.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pasted {
    Taken,
    /// The overlay on top takes no text; the paste went nowhere.
    Refused,
}

impl Overlay {
    /// The context whose bindings apply while it is on top.
    pub fn context(&self) -> Context {
        match self {
            Overlay::Finder(_) => Context::Finder,
            Overlay::Prompt(_) => Context::Prompt,
            Overlay::Search(_) => Context::Search,
            Overlay::History(_) => Context::History,
            Overlay::Log(_) => Context::Log,
            Overlay::Help(_) => Context::Help,
            Overlay::Chair(_) => Context::Chair,
            Overlay::Statistics(_) => Context::Statistics,
            Overlay::Quit(_) => Context::Quit,
            // One-line answers: Enter takes, Esc leaves; the kind's letters fall to it.
            Overlay::Kind(_) | Overlay::Form(_) => Context::Prompt,
            Overlay::Agenda(_) => Context::Agenda,
            Overlay::Roster(_) => Context::Roster,
            Overlay::Abbreviations(_) => Context::Abbreviations,
        }
    }

    /// What it is, in a sentence of the status line ("the chair's view takes no text").
    pub fn what(&self) -> &'static str {
        match self {
            Overlay::Finder(f) if f.category_step().is_some() => "the choice of a category",
            Overlay::Finder(_) => "the finder",
            Overlay::Prompt(_) => "the question",
            Overlay::Search(_) => "the search",
            Overlay::History(_) => "the history of the note",
            Overlay::Log(_) => "the log",
            Overlay::Help(_) => "the help",
            Overlay::Chair(_) => "the chair's view",
            Overlay::Statistics(_) => "the statistics",
            Overlay::Quit(_) => "the question before leaving",
            Overlay::Kind(_) => "the choice of a kind",
            Overlay::Form(_) => "the form",
            Overlay::Agenda(_) => "the agenda",
            Overlay::Roster(_) => "the roster",
            Overlay::Abbreviations(_) => "the abbreviations",
        }
    }

    /// The action that closes it, for the hint of the status line: the key that shows a view
    /// also hides it.
    pub fn close_action(&self) -> Action {
        match self {
            Overlay::History(_) => Action::NoteHistory,
            Overlay::Log(_) => Action::ShowLog,
            Overlay::Help(_) => Action::ToggleHelp,
            Overlay::Chair(_) => Action::ChairView,
            Overlay::Statistics(_) => Action::Statistics,
            Overlay::Agenda(_) => Action::AgendaView,
            Overlay::Roster(_) => Action::RosterView,
            Overlay::Abbreviations(_) => Action::AbbreviationsView,
            Overlay::Finder(_)
            | Overlay::Prompt(_)
            | Overlay::Search(_)
            | Overlay::Quit(_)
            | Overlay::Kind(_)
            | Overlay::Form(_) => Action::Cancel,
        }
    }

    /// Whether it has a line of text to type into now: the finder has none while the
    /// category of a new name is chosen.
    pub fn takes_text(&self) -> bool {
        match self {
            Overlay::Finder(f) => f.category_step().is_none(),
            Overlay::Prompt(_) | Overlay::Search(_) | Overlay::Form(_) => true,
            _ => false,
        }
    }

    /// Whether it covers the whole screen above the status line.
    pub fn full_screen(&self) -> bool {
        matches!(self, Overlay::Chair(_) | Overlay::Statistics(_))
    }

    /// A key the keymap did not take. Overlays without text let it fall: a stray letter
    /// in the chair's view does nothing, and in particular types nothing into the note.
    pub fn key(&mut self, key: KeyEvent, record: &SessionRecord) {
        match self {
            Overlay::Finder(f) => f.input(key, record),
            Overlay::Kind(k) => k.key(key),
            _ => {
                if let Some(e) = Edit::from_key(&key) {
                    self.edit(e, record);
                }
            }
        }
    }

    /// An edit of its line of text, if it has one.
    pub fn edit(&mut self, e: Edit, record: &SessionRecord) {
        match self {
            Overlay::Finder(f) => f.edit(e, record),
            Overlay::Prompt(p) => p.edit(e),
            Overlay::Search(s) => s.edit(e, record),
            Overlay::Form(f) => f.edit(e),
            _ => {}
        }
    }

    /// Text pasted while it is on top: into its line, or refused.
    pub fn paste(&mut self, text: &str, record: &SessionRecord) -> Pasted {
        if !self.takes_text() {
            return Pasted::Refused;
        }
        self.edit(Edit::Paste(text), record);
        Pasted::Taken
    }

    /// Moves its selection (or scrolls it) by `step`; `log_rows` is the length of the
    /// meeting's log, which the log does not hold itself.
    pub fn select(&mut self, step: isize, log_rows: usize, record: &SessionRecord) {
        match self {
            Overlay::Agenda(a) => a.select(step, record.agenda.len()),
            Overlay::Roster(r) => r.select(step, record.participants.len()),
            Overlay::Abbreviations(a) => a.select(step, record.session.abbreviations.len()),
            Overlay::Finder(f) if step > 0 => f.select_next(),
            Overlay::Finder(f) => f.select_previous(),
            Overlay::Search(s) => s.select(step),
            Overlay::History(h) => h.select(step),
            Overlay::Log(l) => l.select(step, log_rows),
            Overlay::Help(h) => h.select(step),
            Overlay::Statistics(s) => s.select(step),
            Overlay::Kind(k) => k.select(step),
            Overlay::Prompt(_) | Overlay::Chair(_) | Overlay::Quit(_) | Overlay::Form(_) => {}
        }
    }

    /// Tab in a form: the finder's next field, the statistics' next table.
    pub fn next_field(&mut self, record: &SessionRecord) {
        match self {
            Overlay::Finder(f) => f.next_field(record),
            Overlay::Statistics(s) => s.next_tab(),
            Overlay::Form(f) => f.next_field(),
            _ => {}
        }
    }

    /// Shift-tab in a form: its previous field.
    pub fn previous_field(&mut self) {
        if let Overlay::Form(f) = self {
            f.previous_field();
        }
    }

    /// Whether it is the same kind of overlay as `other`, for the keys that show and hide one.
    pub fn same_kind(&self, other: &Overlay) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}
