//! Keeping the agenda true as the session goes: items added ("Other matters"), renamed,
//! renumbered, moved, removed while nothing was said under them, or merged into another.
//!
//! The agenda is shown, stored and exported in the order of its items' ids, so a move hands
//! the ids out again in the new order, and everything that names an item follows it.

use std::collections::HashMap;

use super::{AgendaItem, AgendaItemId, SessionRecord};

/// Why a change to the agenda was refused, said so that the reader knows what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgendaError {
    #[error("no agenda item {asked:?}: the agenda has {agenda}")]
    Unknown { asked: String, agenda: String },
    #[error("an agenda item needs a number, as printed on the agenda: \"5\", \"4 (a)\"")]
    NoNumber,
    #[error("an agenda item needs a title, e.g. \"Other matters\"")]
    NoTitle,
    #[error("item {number} is already on the agenda ({title}): choose another number, or rename that item first")]
    NumberTaken { number: String, title: String },
    #[error("item {number} has {what}: rename it, or merge it into another item, which takes them with it")]
    NotEmpty { number: String, what: String },
    #[error("item {0} is the agenda's only item: add another before removing it")]
    LastItem(String),
    #[error("item {0} cannot be merged into itself: name two different items")]
    IntoItself(String),
    #[error("there are {len} items on the agenda: give a place from 1 to {len}")]
    NoSuchPlace { len: usize },
}

fn plural(n: usize, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

impl SessionRecord {
    /// "1, 2, 3, 4 (a)": the agenda as an error lists it.
    pub fn agenda_numbers(&self) -> String {
        if self.agenda.is_empty() {
            return "no items yet".into();
        }
        self.agenda
            .iter()
            .map(|a| a.number.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The item with this number as printed ("4 (a)", "4(a)" and "4 (A)" alike).
    pub fn item_numbered(&self, number: &str) -> Result<AgendaItemId, AgendaError> {
        let squash = |s: &str| {
            s.chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        };
        // "item 3" is item 3, as people say it.
        let trimmed = number.trim();
        let bare = match trimmed.get(..5) {
            Some(head) if head.eq_ignore_ascii_case("item ") => &trimmed[5..],
            _ => trimmed,
        };
        self.agenda
            .iter()
            .find(|a| squash(&a.number) == squash(trimmed) || squash(&a.number) == squash(bare))
            .map(|a| a.id)
            .ok_or_else(|| AgendaError::Unknown {
                asked: number.trim().to_string(),
                agenda: self.agenda_numbers(),
            })
    }

    /// How many interventions were made under an item, struck ones included.
    pub fn interventions_under(&self, item: AgendaItemId) -> usize {
        self.interventions
            .iter()
            .filter(|iv| iv.agenda_item == item)
            .count()
    }

    fn item(&self, id: AgendaItemId) -> Result<&AgendaItem, AgendaError> {
        self.agenda_item(id).ok_or_else(|| AgendaError::Unknown {
            asked: format!("with id {}", id.0),
            agenda: self.agenda_numbers(),
        })
    }

    fn number_is_free(
        &self,
        number: &str,
        besides: Option<AgendaItemId>,
    ) -> Result<(), AgendaError> {
        match self.item_numbered(number) {
            Ok(id) if Some(id) != besides => {
                let taken = self.item(id)?;
                Err(AgendaError::NumberTaken {
                    number: taken.number.clone(),
                    title: taken.title.clone(),
                })
            }
            _ => Ok(()),
        }
    }

    /// Adds an item at the end of the agenda; its id, for the view to go to it.
    pub fn add_agenda_item(
        &mut self,
        number: &str,
        title: &str,
    ) -> Result<AgendaItemId, AgendaError> {
        let (number, title) = (number.trim(), title.trim());
        if number.is_empty() {
            return Err(AgendaError::NoNumber);
        }
        if title.is_empty() {
            return Err(AgendaError::NoTitle);
        }
        self.number_is_free(number, None)?;
        let ids = self.agenda.iter().map(|a| u64::from(a.id.0));
        let id = AgendaItemId(super::next_free_id(ids, u64::from(u32::MAX)) as u32);
        self.agenda.push(AgendaItem {
            id,
            number: number.to_string(),
            title: title.to_string(),
        });
        self.agenda.sort_by_key(|a| a.id);
        Ok(id)
    }

    /// Gives an item a new title, a new number, or both (`None` keeps it as it is).
    pub fn rename_agenda_item(
        &mut self,
        id: AgendaItemId,
        number: Option<&str>,
        title: Option<&str>,
    ) -> Result<(), AgendaError> {
        self.item(id)?;
        let number = number.map(str::trim);
        let title = title.map(str::trim);
        if number == Some("") {
            return Err(AgendaError::NoNumber);
        }
        if title == Some("") {
            return Err(AgendaError::NoTitle);
        }
        if let Some(n) = number {
            self.number_is_free(n, Some(id))?;
        }
        let item = self
            .agenda
            .iter_mut()
            .find(|a| a.id == id)
            .expect("checked");
        if let Some(n) = number {
            item.number = n.to_string();
        }
        if let Some(t) = title {
            item.title = t.to_string();
        }
        Ok(())
    }

    /// Moves an item to `place` on the agenda (1 is the first); its id there, which the
    /// move changes as it changes the ids of the items it passes.
    pub fn move_agenda_item(
        &mut self,
        id: AgendaItemId,
        place: usize,
    ) -> Result<AgendaItemId, AgendaError> {
        self.item(id)?;
        let len = self.agenda.len();
        if place == 0 || place > len {
            return Err(AgendaError::NoSuchPlace { len });
        }
        let mut order: Vec<AgendaItemId> = self.agenda.iter().map(|a| a.id).collect();
        let from = order.iter().position(|a| *a == id).expect("checked");
        let moved = order.remove(from);
        order.insert(place - 1, moved);
        // The ids in their order are the places: the k-th item in the new order takes the
        // k-th id.
        let mut slots: Vec<AgendaItemId> = self.agenda.iter().map(|a| a.id).collect();
        slots.sort();
        let renamed: HashMap<AgendaItemId, AgendaItemId> =
            order.iter().copied().zip(slots.iter().copied()).collect();
        self.rename_agenda_ids(&renamed);
        Ok(renamed[&id])
    }

    /// Moves an item one place up (towards the start) or down; its id there.
    pub fn shift_agenda_item(
        &mut self,
        id: AgendaItemId,
        up: bool,
    ) -> Result<AgendaItemId, AgendaError> {
        self.item(id)?;
        let at = 1 + self
            .agenda
            .iter()
            .position(|a| a.id == id)
            .expect("checked");
        let place = if up {
            at.saturating_sub(1).max(1)
        } else {
            (at + 1).min(self.agenda.len())
        };
        self.move_agenda_item(id, place)
    }

    /// Takes an item off the agenda, if nothing was said under it and no one waits on its
    /// list; its time budgets go with it.
    pub fn remove_agenda_item(&mut self, id: AgendaItemId) -> Result<(), AgendaError> {
        let item = self.item(id)?.clone();
        let spoken = self.interventions_under(id);
        let waiting = self.list(id).map_or(0, |l| l.len());
        if spoken > 0 || waiting > 0 {
            let mut what = Vec::new();
            if spoken > 0 {
                what.push(plural(spoken, "intervention"));
            }
            if waiting > 0 {
                what.push(format!("{} on its list", plural(waiting, "speaker")));
            }
            return Err(AgendaError::NotEmpty {
                number: item.number,
                what: what.join(" and "),
            });
        }
        if self.agenda.len() == 1 {
            return Err(AgendaError::LastItem(item.number));
        }
        self.agenda.retain(|a| a.id != id);
        self.lists.retain(|l| l.agenda_item != id);
        self.session.budgets.retain(|b| b.agenda_item != id);
        Ok(())
    }

    /// Merges item `from` into item `into`: its interventions (in every version of their
    /// facts), the speakers waiting on its list (after those on the other's) and its time
    /// budgets (where the other has none for the same holder) move, then it goes.
    pub fn merge_agenda_item(
        &mut self,
        from: AgendaItemId,
        into: AgendaItemId,
    ) -> Result<(), AgendaError> {
        let gone = self.item(from)?.number.clone();
        self.item(into)?;
        if from == into {
            return Err(AgendaError::IntoItself(gone));
        }
        let renamed = HashMap::from([(from, into)]);
        for iv in &mut self.interventions {
            iv.rename_ids(|p| p, |a| *renamed.get(&a).unwrap_or(&a));
        }
        if let Some(at) = self.lists.iter().position(|l| l.agenda_item == from) {
            let moving = self.lists.remove(at);
            let list = self.list_mut(into);
            list.speakers.extend(moving.speakers);
            list.replies.extend(moving.replies);
        }
        let kept: Vec<_> = self
            .session
            .budgets
            .iter()
            .filter(|b| b.agenda_item == into)
            .map(|b| b.holder.clone())
            .collect();
        self.session
            .budgets
            .retain(|b| b.agenda_item != from || !kept.contains(&b.holder));
        for b in &mut self.session.budgets {
            if b.agenda_item == from {
                b.agenda_item = into;
            }
        }
        self.agenda.retain(|a| a.id != from);
        Ok(())
    }

    /// Gives items new ids, and everything that names them (interventions in every version
    /// of their facts, lists, budgets) the new ones.
    fn rename_agenda_ids(&mut self, renamed: &HashMap<AgendaItemId, AgendaItemId>) {
        let new = |a: AgendaItemId| *renamed.get(&a).unwrap_or(&a);
        for item in &mut self.agenda {
            item.id = new(item.id);
        }
        self.agenda.sort_by_key(|a| a.id);
        for iv in &mut self.interventions {
            iv.rename_ids(|p| p, new);
        }
        for list in &mut self.lists {
            list.agenda_item = new(list.agenda_item);
        }
        self.lists.sort_by_key(|l| l.agenda_item);
        for b in &mut self.session.budgets {
            b.agenda_item = new(b.agenda_item);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{member_state, statement_made};
    use crate::domain::{
        BudgetHolder, Inscription, InterventionKind, ParticipantId, SessionId, TimeBudget,
    };
    use chrono::{TimeZone, Utc};

    /// Items 1 Opening, 2 Trafficking (two interventions, Kenya waiting), 3 Other matters.
    fn record() -> SessionRecord {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let mut r = SessionRecord::starter(SessionId(1), now, "Europe/Vienna");
        r.agenda.clear();
        for (n, t) in [
            ("1", "Opening"),
            ("2", "Trafficking"),
            ("3", "Other matters"),
        ] {
            r.add_agenda_item(n, t).unwrap();
        }
        for (id, name) in [(1, "Kenya"), (2, "Brazil")] {
            r.participants.push(member_state(id, name));
        }
        for id in 1..=2 {
            r.interventions
                .push(statement_made(id, AgendaItemId(2), ParticipantId(2), now));
        }
        r.list_mut(AgendaItemId(2))
            .inscribe(Inscription::statement(ParticipantId(1)))
            .unwrap();
        r.session.budgets.push(TimeBudget {
            agenda_item: AgendaItemId(2),
            holder: BudgetHolder::Delegation(ParticipantId(2)),
            secs: 600,
        });
        r
    }

    fn titles(r: &SessionRecord) -> Vec<&str> {
        r.agenda.iter().map(|a| a.title.as_str()).collect()
    }

    #[test]
    fn an_item_is_added_at_the_end_and_a_number_in_use_is_refused() {
        let mut r = record();
        let id = r
            .add_agenda_item("4 (a)", "Adoption of the report")
            .unwrap();
        assert_eq!(id, AgendaItemId(4));
        assert_eq!(r.item_numbered("4(A)"), Ok(id));
        let err = r.add_agenda_item("3", "Anything").unwrap_err();
        assert_eq!(
            err.to_string(),
            "item 3 is already on the agenda (Other matters): choose another number, or rename that item first"
        );
        assert_eq!(r.add_agenda_item(" ", "x"), Err(AgendaError::NoNumber));
        assert_eq!(r.add_agenda_item("5", ""), Err(AgendaError::NoTitle));
    }

    #[test]
    fn an_unknown_item_is_named_with_the_agenda() {
        let r = record();
        assert_eq!(
            r.item_numbered("7").unwrap_err().to_string(),
            "no agenda item \"7\": the agenda has 1, 2, 3"
        );
    }

    #[test]
    fn an_item_is_renamed_and_renumbered() {
        let mut r = record();
        r.rename_agenda_item(AgendaItemId(3), Some("5"), Some("Any other business"))
            .unwrap();
        assert_eq!(r.agenda[2].heading(), "Item 5: Any other business");
        r.rename_agenda_item(AgendaItemId(3), None, Some("Other matters"))
            .unwrap();
        assert_eq!(r.agenda[2].number, "5");
        assert!(matches!(
            r.rename_agenda_item(AgendaItemId(1), Some("5"), None),
            Err(AgendaError::NumberTaken { .. })
        ));
        // Its own number is not taken from it.
        r.rename_agenda_item(AgendaItemId(3), Some("5"), None)
            .unwrap();
    }

    #[test]
    fn a_move_carries_the_items_interventions_list_and_budgets() {
        let mut r = record();
        let id = r.move_agenda_item(AgendaItemId(2), 3).unwrap();
        assert_eq!(titles(&r), ["Opening", "Other matters", "Trafficking"]);
        assert_eq!(id, AgendaItemId(3));
        assert!(r.interventions.iter().all(|iv| iv.agenda_item == id));
        assert_eq!(r.list(id).unwrap().len(), 1);
        assert!(r.list(AgendaItemId(2)).is_none());
        assert_eq!(r.session.budgets[0].agenda_item, id);

        let back = r.shift_agenda_item(id, true).unwrap();
        assert_eq!(back, AgendaItemId(2));
        assert_eq!(titles(&r), ["Opening", "Trafficking", "Other matters"]);
        assert_eq!(r, record(), "moved there and back, the record is as it was");
        assert_eq!(
            r.shift_agenda_item(AgendaItemId(1), true),
            Ok(AgendaItemId(1))
        );
        assert_eq!(
            r.move_agenda_item(AgendaItemId(1), 4),
            Err(AgendaError::NoSuchPlace { len: 3 })
        );
    }

    #[test]
    fn an_item_with_interventions_or_speakers_is_not_removed() {
        let mut r = record();
        let err = r.remove_agenda_item(AgendaItemId(2)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "item 2 has 2 interventions and 1 speaker on its list: rename it, or merge it into \
             another item, which takes them with it"
        );
        r.remove_agenda_item(AgendaItemId(3)).unwrap();
        assert_eq!(titles(&r), ["Opening", "Trafficking"]);
        r.remove_agenda_item(AgendaItemId(1)).unwrap();
        r.interventions.clear();
        r.lists.clear();
        assert_eq!(
            r.remove_agenda_item(AgendaItemId(2)),
            Err(AgendaError::LastItem("2".into()))
        );
    }

    #[test]
    fn a_merge_moves_everything_and_the_item_goes() {
        let mut r = record();
        r.list_mut(AgendaItemId(3))
            .inscribe(Inscription::statement(ParticipantId(2)))
            .unwrap();
        r.interventions[0]
            .correct(
                &crate::domain::Correction {
                    kind: Some(InterventionKind::Question),
                    ..Default::default()
                },
                Utc::now(),
            )
            .unwrap();
        r.merge_agenda_item(AgendaItemId(2), AgendaItemId(3))
            .unwrap();
        assert_eq!(titles(&r), ["Opening", "Other matters"]);
        assert!(r
            .interventions
            .iter()
            .all(|iv| iv.agenda_item == AgendaItemId(3)));
        let first = &r.interventions[0];
        assert_eq!(first.live_facts().agenda_item, AgendaItemId(3));
        assert_eq!(first.fact_corrections[0].facts.agenda_item, AgendaItemId(3));
        let waiting: Vec<_> = r
            .list(AgendaItemId(3))
            .unwrap()
            .in_order()
            .map(|i| i.speaker)
            .collect();
        assert_eq!(waiting, [ParticipantId(2), ParticipantId(1)]);
        assert!(r.list(AgendaItemId(2)).is_none());
        assert_eq!(r.session.budgets[0].agenda_item, AgendaItemId(3));
        assert_eq!(
            r.merge_agenda_item(AgendaItemId(3), AgendaItemId(3)),
            Err(AgendaError::IntoItself("3".into()))
        );
    }
}
