//! The agenda and the roster in the app: what their keys do, and the questions they ask.
//! Every change goes through `change_setup`, so it is saved as one batch and undone by the
//! undo key; the rules themselves are the domain's, the command line's too.

use chrono::{DateTime, Utc};

use super::overlay::agenda::AgendaView;
use super::overlay::roster::RosterView;
use super::{App, FinderPurpose, Overlay, Prompt, Question, SetupQuestion};
use crate::action::Action;
use crate::domain::{Attendance, Category, ParticipantId};

/// "4 (a): Adoption of the report" → ("4 (a)", "Adoption of the report"); without a colon,
/// the whole is the title and the number is `number`'s.
fn number_and_title(answer: &str) -> (Option<&str>, &str) {
    match answer.split_once(':') {
        // The question proposes the next number; one typed after it ("4: 2: Organ removal")
        // is the one meant, not part of the title.
        Some((n, t)) => match typed_number(t) {
            Some((typed, title)) => (Some(typed), title),
            None => (Some(n.trim()), t.trim()),
        },
        None => (None, answer.trim()),
    }
}

/// "2: Organ removal" → ("2", "Organ removal"), when what comes before the colon reads as an
/// item number ("2", "4 (a)").
fn typed_number(text: &str) -> Option<(&str, &str)> {
    let (n, t) = text.split_once(':')?;
    let n = n.trim();
    let number_like = n.len() <= 8 && n.starts_with(|c: char| c.is_ascii_digit());
    number_like.then(|| (n, t.trim()))
}

/// A refusal as the status line or a question shows it: a sentence, capital first.
pub(super) fn sentence(reason: impl ToString) -> String {
    let reason = reason.to_string();
    let mut chars = reason.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => reason,
    }
}

impl App {
    /// An action while the agenda or the roster is on top, or one that opens them; whether
    /// it was taken.
    pub(super) fn answer_setup_view(&mut self, action: Action) -> bool {
        // Only the small views are copied out of the stack, not the finder.
        let top = match self.top() {
            Some(Overlay::Agenda(v)) => Some(Overlay::Agenda(*v)),
            Some(Overlay::Roster(v)) => Some(Overlay::Roster(*v)),
            Some(Overlay::Abbreviations(v)) => Some(Overlay::Abbreviations(*v)),
            _ => None,
        };
        let in_finder = matches!(self.top(), Some(Overlay::Finder(_)));
        match (top, action) {
            (_, Action::AgendaView) => {
                let here = self
                    .record
                    .agenda
                    .iter()
                    .position(|a| a.id == self.agenda_item)
                    .unwrap_or(0);
                self.toggle(Overlay::Agenda(AgendaView { selected: here }));
            }
            (_, Action::RosterView) => self.toggle(Overlay::Roster(RosterView::default())),
            (_, Action::AbbreviationsView) => self.toggle_abbreviations(),
            (_, Action::EditParticipant) if in_finder => {
                let Some(Overlay::Finder(f)) = self.top() else {
                    return false;
                };
                let found = f
                    .chosen_name()
                    .and_then(|name| self.record.find_participant(name))
                    .map(|p| p.id);
                match found {
                    Some(id) => self.open_roster_on(id),
                    None => self.warn(
                        "Only a participant already on this session's roster can be edited: \
                         highlight one, or inscribe the new name first",
                    ),
                }
            }
            (Some(Overlay::Agenda(view)), action) => return self.agenda_key(view, action),
            (Some(Overlay::Roster(view)), action) => return self.roster_key(view, action),
            (Some(Overlay::Abbreviations(view)), action) => {
                return self.abbreviations_key(view, action)
            }
            _ => return false,
        }
        true
    }

    fn open_roster_on(&mut self, id: ParticipantId) {
        self.overlays.pop();
        let selected = self
            .record
            .participants
            .iter()
            .position(|p| p.id == id)
            .unwrap_or(0);
        self.open(Overlay::Roster(RosterView { selected }));
    }

    pub(super) fn ask(&mut self, question: SetupQuestion, text: String, input: String) {
        self.open(Overlay::Prompt(Prompt::new(
            Question::Setup(question),
            text,
            input,
        )));
    }

    fn agenda_key(&mut self, view: AgendaView, action: Action) -> bool {
        let Some(item) = self.record.agenda.get(view.selected).cloned() else {
            if action == Action::AddEntry {
                self.ask(SetupQuestion::AddItem, "New item: ".into(), String::new());
                return true;
            }
            return false;
        };
        match action {
            Action::AddEntry => {
                let next = self.record.agenda.len() + 1;
                let proposed = (next..)
                    .map(|n| n.to_string())
                    .find(|n| self.record.item_numbered(n).is_err())
                    .unwrap_or_default();
                self.ask(
                    SetupQuestion::AddItem,
                    "New item: ".into(),
                    format!("{proposed}: "),
                );
            }
            Action::RenameEntry => self.ask(
                SetupQuestion::RenameItem(item.id),
                format!("Item {} becomes ", item.number),
                format!("{}: {}", item.number, item.title),
            ),
            Action::MergeEntry => self.ask(
                SetupQuestion::MergeItem(item.id),
                format!("Merge item {} into item: ", item.number),
                String::new(),
            ),
            Action::RemoveEntry => {
                let what = format!("Item {} removed", item.number);
                if self.change_setup(what, |r| r.remove_agenda_item(item.id).map_err(sentence)) {
                    self.select_in_top(0);
                }
            }
            Action::MoveUp | Action::MoveDown => {
                let up = action == Action::MoveUp;
                let what = format!(
                    "Item {} moved {}",
                    item.number,
                    if up { "up" } else { "down" }
                );
                let mut moved = item.id;
                if self.change_setup(what, |r| {
                    moved = r.shift_agenda_item(item.id, up).map_err(sentence)?;
                    Ok::<_, String>(())
                }) {
                    let place = self.record.agenda.iter().position(|a| a.id == moved);
                    self.select_in_top(place.unwrap_or(0));
                }
            }
            Action::Confirm => {
                self.overlays.pop();
                self.agenda_item = item.id;
                self.selected = 0;
                self.say(item.heading());
            }
            Action::Cancel => {
                self.overlays.pop();
            }
            _ => return false,
        }
        true
    }

    fn roster_key(&mut self, view: RosterView, action: Action) -> bool {
        let Some(p) = self.record.participants.get(view.selected).cloned() else {
            return matches!(action, Action::Cancel) && self.overlays.pop().is_some();
        };
        match action {
            Action::RenameEntry => self.ask(
                SetupQuestion::RenameParticipant(p.id),
                format!("Rename {}: ", p.name),
                p.name.clone(),
            ),
            Action::ChangeCategory => self.ask(
                SetupQuestion::Category(p.id),
                format!("Category of {} (now {}): ", p.name, p.category.label()),
                String::new(),
            ),
            Action::MergeEntry => {
                self.open_finder(FinderPurpose::MergeInto(p.id));
                self.say(format!(
                    "Merging {}: choose the entry that stays; it takes every intervention, \
                     inscription and budget",
                    p.name
                ));
            }
            Action::UnmergeEntry => self.unmerge_into(&p),
            Action::SwitchAttendance => {
                let to = match p.attendance {
                    Attendance::InRoom => Attendance::Online,
                    Attendance::Online => Attendance::InRoom,
                };
                let what = format!("{}: {}", p.name, to.label());
                self.change_setup(what, |r| r.set_attendance(p.id, to));
            }
            Action::Cancel => {
                self.overlays.pop();
            }
            _ => return false,
        }
        true
    }

    /// The answer to a question of the agenda or the roster: the change is made, or the
    /// question stays open with the reason it was refused.
    pub(super) fn answer_setup(&mut self, question: SetupQuestion, mut prompt: Prompt) {
        let answer = prompt.input.trim().to_string();
        let refused = match question {
            SetupQuestion::AddAbbreviation | SetupQuestion::ChangeAbbreviation(_) => {
                self.answer_abbreviation(question, &answer)
            }
            SetupQuestion::AddItem => {
                let (number, title) = number_and_title(&answer);
                let number = number.unwrap_or_default().to_string();
                let mut added = None;
                let made = self.try_setup(format!("Item {number} added"), |r| {
                    added = Some(
                        r.add_agenda_item(&number, title)
                            .map_err(|e| e.to_string())?,
                    );
                    Ok(())
                });
                if let (Ok(()), Some(id)) = (&made, added) {
                    let place = self.record.agenda.iter().position(|a| a.id == id);
                    self.select_in_top(place.unwrap_or(0));
                }
                made
            }
            SetupQuestion::RenameItem(id) => {
                let (number, title) = number_and_title(&answer);
                let what = format!("Item {} renamed", number.unwrap_or_default());
                self.try_setup(what, |r| {
                    r.rename_agenda_item(id, number, Some(title))
                        .map_err(|e| e.to_string())
                })
            }
            SetupQuestion::MergeItem(from) => {
                let gone = self.record.agenda_item(from).map(|a| a.number.clone());
                let what = format!(
                    "Item {} merged into item {answer}",
                    gone.unwrap_or_default()
                );
                let made = self.try_setup(what, |r| {
                    let into = r.item_numbered(&answer).map_err(|e| e.to_string())?;
                    r.merge_agenda_item(from, into).map_err(|e| e.to_string())
                });
                if made.is_ok() {
                    self.select_in_top(0);
                }
                made
            }
            SetupQuestion::RenameParticipant(id) => {
                let what = format!("{} is now {answer}", self.record.speaker_name(id));
                self.try_setup(what, |r| {
                    r.rename_participant(id, &answer).map_err(|e| e.to_string())
                })
            }
            SetupQuestion::Category(id) => match Category::parse(&answer) {
                Some(c) => {
                    let what = format!("{}: {}", self.record.speaker_name(id), c.label());
                    self.try_setup(what, |r| r.set_category(id, c).map_err(|e| e.to_string()))
                }
                None => Err(format!(
                    "{answer:?} is not a category: choose Member State, observer State, IGO, UN \
                     entity, NGO, academia, private sector, panellist, Chair, secretariat or other"
                )),
            },
        };
        if let Err(reason) = refused {
            prompt.error = Some(reason);
            self.open(Overlay::Prompt(prompt));
        }
    }

    /// Takes back the latest merge into `into`, as `rapporteur roster unmerge` does, as one
    /// set-up change the undo key takes back.
    fn unmerge_into(&mut self, into: &crate::domain::Participant) {
        let merge = self
            .record
            .session
            .roster_merges
            .iter()
            .rev()
            .find(|m| m.into == into.id);
        let Some(merge) = merge else {
            self.warn(format!(
                "No entry was merged into {} in this session: nothing to take back",
                into.name
            ));
            return;
        };
        let gone = merge.gone.name.clone();
        let moving = merge.moving_back(&self.record).len();
        let what = format!(
            "{gone} is on the roster again, no longer merged into {}: {moving} intervention{} \
             moved back (inscriptions and budgets stay)",
            into.name,
            if moving == 1 { "" } else { "s" }
        );
        // Refused (the name on the roster again), the reason is said and nothing changes.
        let _ = self.try_setup(what, |r| {
            r.unmerge_participant(&gone)
                .map(drop)
                .map_err(|e| e.to_string())
        });
    }

    /// Enter in the finder of the entry that stays: `from` is merged into the participant
    /// highlighted, with everything it holds, as one set-up change the undo key takes back.
    /// Only someone on the session's roster can be chosen; the finder stays open otherwise.
    pub(super) fn merge_into_chosen(&mut self, from: ParticipantId, now: DateTime<Utc>) {
        let Some(Overlay::Finder(finder)) = self.top() else {
            return;
        };
        let gone = self.record.speaker_name(from).to_string();
        let Some(into) = finder.chosen_on_roster() else {
            self.warn(format!(
                "Choose the entry that stays among those on the session's roster: {gone} is \
                 merged into someone already on it"
            ));
            return;
        };
        if into == from {
            self.warn(format!(
                "{gone} cannot be merged into itself: choose the other entry, the one that stays"
            ));
            return;
        }
        self.overlays.pop();
        let kept = self.record.speaker_name(into).to_string();
        let moved = self
            .record
            .interventions
            .iter()
            .filter(|iv| iv.speaker == from)
            .count();
        let what = format!(
            "{gone} merged into {kept}: {moved} intervention{} moved",
            if moved == 1 { "" } else { "s" }
        );
        let made = self.try_setup(what, |r| {
            r.merge_participant(from, into, now)
                .map(|_| ())
                .map_err(|e| e.to_string())
        });
        match made {
            Ok(()) => {
                let place = self.record.participants.iter().position(|p| p.id == into);
                self.select_in_top(place.unwrap_or(0));
            }
            Err(reason) => self.warn(format!("{gone} not merged: {reason}")),
        }
    }

    /// `change_setup`, keeping the reason of a refusal for the question to show.
    pub(super) fn try_setup(
        &mut self,
        what: String,
        change: impl FnOnce(&mut crate::domain::SessionRecord) -> Result<(), String>,
    ) -> Result<(), String> {
        let mut reason = None;
        self.change_setup(what, |r| {
            change(r).inspect_err(|e| reason = Some(sentence(e)))
        });
        match reason {
            Some(reason) => {
                self.message = None;
                Err(reason)
            }
            None => Ok(()),
        }
    }

    /// Selects a row of the agenda or the roster on top.
    fn select_in_top(&mut self, row: usize) {
        let rows = |n: usize| row.min(n.saturating_sub(1));
        let (agenda, roster) = (self.record.agenda.len(), self.record.participants.len());
        match self.overlays.last_mut() {
            Some(Overlay::Agenda(v)) => v.selected = rows(agenda),
            Some(Overlay::Roster(v)) => v.selected = rows(roster),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::number_and_title;

    #[test]
    fn a_number_typed_after_the_one_proposed_is_the_items_number() {
        assert_eq!(
            number_and_title("4: 2: Organ removal"),
            (Some("2"), "Organ removal")
        );
        assert_eq!(
            number_and_title("4: 4 (a): Adoption of the report"),
            (Some("4 (a)"), "Adoption of the report")
        );
        assert_eq!(
            number_and_title("4: Adoption of the report"),
            (Some("4"), "Adoption of the report")
        );
        assert_eq!(
            number_and_title("4: Follow-up: 2030 agenda"),
            (Some("4"), "Follow-up: 2030 agenda")
        );
    }
}
