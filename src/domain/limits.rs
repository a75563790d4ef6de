//! Speaking time as the chair sets it: time limits per kind of speaker, and optional time
//! budgets for a delegation, a group or a category of speakers on an agenda item.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{
    AgendaItemId, Category, Inscription, Intervention, InterventionKind, ParticipantId,
    SessionRecord,
};

/// The session's time limits, in seconds. UN practice: 3 minutes for a delegation, 5 for a
/// statement on behalf of a group, a few for NGOs and panellists as the chair sets them, and
/// shorter for replies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TimeLimits {
    /// For a speaker whose category has no limit of its own.
    pub statement: u32,
    /// For a statement on behalf of a group, whatever the speaker's category.
    pub on_behalf_of_group: u32,
    pub right_of_reply: u32,
    /// Limits of their own for some categories (e.g. panellists, NGOs).
    pub by_category: BTreeMap<Category, u32>,
    /// When the clock warns that the limit nears.
    pub warn_before: u32,
    /// Ring the terminal bell at the warning and at the limit.
    pub bell: bool,
}

impl Default for TimeLimits {
    fn default() -> Self {
        TimeLimits {
            statement: 180,
            on_behalf_of_group: 300,
            right_of_reply: 120,
            by_category: BTreeMap::from([(Category::Panellist, 420)]),
            warn_before: 30,
            bell: false,
        }
    }
}

impl TimeLimits {
    /// The limit for an inscription: its own if the chair set one, else the session's for its
    /// kind and speaker. A point of order is decided at once and has none.
    pub fn for_inscription(&self, category: Category, inscription: &Inscription) -> Option<u32> {
        if let Some(own) = inscription.time_limit_secs {
            return Some(own);
        }
        match inscription.kind {
            InterventionKind::PointOfOrder => None,
            InterventionKind::RightOfReply => Some(self.right_of_reply),
            _ if inscription.on_behalf_of.is_some() => Some(self.on_behalf_of_group),
            _ => Some(
                self.by_category
                    .get(&category)
                    .copied()
                    .unwrap_or(self.statement),
            ),
        }
    }
}

/// Who a time budget belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BudgetHolder {
    Delegation(ParticipantId),
    /// Statements on behalf of this group, e.g. "European Union".
    Group(String),
    Category(Category),
}

/// A total of speaking time for a delegation, a group or a category on one agenda item,
/// drawn down by each of their interventions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeBudget {
    pub agenda_item: AgendaItemId,
    pub holder: BudgetHolder,
    pub secs: u32,
}

impl TimeBudget {
    /// Who it belongs to, as the screen names them: "Brazil", "European Union", "NGO".
    pub fn holder_label(&self, record: &SessionRecord) -> String {
        match &self.holder {
            BudgetHolder::Delegation(id) => record.speaker_name(*id).to_string(),
            BudgetHolder::Group(group) => group.clone(),
            BudgetHolder::Category(c) => c.label().to_string(),
        }
    }

    /// Whether `iv`'s speaking time is drawn from this budget.
    pub fn draws_on(&self, record: &SessionRecord, iv: &Intervention) -> bool {
        iv.agenda_item == self.agenda_item
            && iv.kind != InterventionKind::PointOfOrder
            && match &self.holder {
                BudgetHolder::Delegation(id) => iv.speaker == *id,
                BudgetHolder::Group(group) => iv.on_behalf_of.as_deref() == Some(group.as_str()),
                BudgetHolder::Category(c) => {
                    record.participant(iv.speaker).map(|p| p.category) == Some(*c)
                }
            }
    }

    /// Seconds left of the budget at `now`; below zero once overspent.
    pub fn left(&self, record: &SessionRecord, now: DateTime<Utc>) -> i64 {
        let used = record
            .interventions
            .iter()
            .filter(|iv| self.draws_on(record, iv))
            .map(|iv| iv.speaking_time(now).num_seconds())
            .fold(0i64, i64::saturating_add);
        i64::from(self.secs).saturating_sub(used)
    }

    /// Whether this budget is the one of a waiting or speaking inscription.
    pub fn covers(
        &self,
        record: &SessionRecord,
        speaker: ParticipantId,
        group: Option<&str>,
    ) -> bool {
        match &self.holder {
            BudgetHolder::Delegation(id) => *id == speaker,
            BudgetHolder::Group(g) => group == Some(g.as_str()),
            BudgetHolder::Category(c) => {
                record.participant(speaker).map(|p| p.category) == Some(*c)
            }
        }
    }
}

/// Where the clock of an intervention stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Speaking, the limit not near.
    Running,
    /// Speaking, within the warning of the limit.
    Warning,
    /// Speaking past the limit.
    Over,
    Paused,
    Ended,
}

/// What the speaking timer shows, read off the stored timestamps at `now`: nothing in it is
/// counted by ticks, so a restart or a crash leaves it exactly as a wall clock would.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimerReading {
    pub elapsed: i64,
    pub limit: Option<u32>,
    /// Seconds left before the limit; negative once over.
    pub remaining: Option<i64>,
    /// Seconds past the limit (zero within it).
    pub overtime: i64,
    pub phase: Phase,
    /// The budget (its place in the session's budgets) that runs out before the time limit,
    /// and so is what `remaining` counts down to; `None` when the limit comes first.
    pub budget: Option<usize>,
}

impl TimerReading {
    pub fn of(iv: &Intervention, now: DateTime<Utc>, warn_before: u32) -> TimerReading {
        let elapsed = iv.speaking_time(now).num_seconds();
        let remaining = iv.remaining_secs(now);
        TimerReading {
            elapsed,
            limit: iv.time_limit_secs,
            remaining,
            overtime: iv.overtime_secs(now),
            phase: Self::phase(iv, remaining, warn_before),
            budget: None,
        }
    }

    /// The reading of `iv` in its session: the clock counts down to whichever comes first,
    /// the time limit or what is left of a budget the intervention draws on, and warns and
    /// goes over by that — a speaker whose delegation has 3 s of its budget left does not
    /// see minutes left on a green clock.
    pub fn in_session(record: &SessionRecord, iv: &Intervention, now: DateTime<Utc>) -> Self {
        let warn_before = record.session.time_limits.warn_before;
        let mut reading = Self::of(iv, now, warn_before);
        for (i, budget) in record.session.budgets.iter().enumerate() {
            if !budget.draws_on(record, iv) {
                continue;
            }
            let left = budget.left(record, now);
            if reading.remaining.is_none_or(|r| left < r) {
                reading.remaining = Some(left);
                reading.budget = Some(i);
            }
        }
        if reading.budget.is_some() {
            reading.overtime = reading.overtime.max(reading.remaining.map_or(0, |r| -r));
            reading.phase = Self::phase(iv, reading.remaining, warn_before);
        }
        reading
    }

    fn phase(iv: &Intervention, remaining: Option<i64>, warn_before: u32) -> Phase {
        if iv.ended_at.is_some() {
            Phase::Ended
        } else if iv.is_paused() {
            Phase::Paused
        } else {
            match remaining {
                Some(r) if r < 0 => Phase::Over,
                Some(r) if r <= i64::from(warn_before) => Phase::Warning,
                _ => Phase::Running,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{InterventionId, Participant, SessionId};
    use chrono::{TimeDelta, TimeZone};

    /// The fake clock: seconds after 10:00 UTC on a meeting day.
    fn at(secs: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 7, 2, 10, 0, 0).unwrap() + TimeDelta::seconds(secs)
    }

    fn statement(limit: u32) -> Intervention {
        Intervention {
            time_limit_secs: Some(limit),
            ..Intervention::new(
                InterventionId(1),
                1,
                AgendaItemId(1),
                ParticipantId(1),
                InterventionKind::Statement,
                at(0),
            )
        }
    }

    /// What the store would give back after a restart: the same intervention, read again from
    /// its serialised form.
    fn restarted(iv: &Intervention) -> Intervention {
        serde_json::from_str(&serde_json::to_string(iv).unwrap()).unwrap()
    }

    #[test]
    fn the_clock_runs_warns_and_goes_over() {
        let iv = statement(180);
        let r = TimerReading::of(&iv, at(100), 30);
        assert_eq!(
            (r.elapsed, r.remaining, r.phase),
            (100, Some(80), Phase::Running)
        );
        assert_eq!(TimerReading::of(&iv, at(150), 30).phase, Phase::Warning);
        assert_eq!(TimerReading::of(&iv, at(180), 30).phase, Phase::Warning);
        let over = TimerReading::of(&iv, at(200), 30);
        assert_eq!(
            (over.phase, over.overtime, over.remaining),
            (Phase::Over, 20, Some(-20))
        );
    }

    #[test]
    fn a_pause_stops_the_clock_and_resuming_goes_on_from_there() {
        let mut iv = statement(180);
        iv.pause(at(60));
        let paused = TimerReading::of(&iv, at(500), 30);
        assert_eq!((paused.elapsed, paused.phase), (60, Phase::Paused));
        iv.resume(at(500));
        assert_eq!(TimerReading::of(&iv, at(530), 30).elapsed, 90);
    }

    #[test]
    fn a_restart_shows_what_a_wall_clock_would() {
        let iv = statement(180);
        let before = TimerReading::of(&iv, at(75), 30);
        let after = TimerReading::of(&restarted(&iv), at(75), 30);
        assert_eq!(before, after);
        assert_eq!(TimerReading::of(&restarted(&iv), at(240), 30).overtime, 60);
    }

    #[test]
    fn a_pause_across_a_restart_is_still_a_pause() {
        let mut iv = statement(180);
        iv.pause(at(60));
        // The app is killed during the pause and comes back ten minutes later.
        let mut back = restarted(&iv);
        let r = TimerReading::of(&back, at(660), 30);
        assert_eq!((r.elapsed, r.phase), (60, Phase::Paused));
        back.resume(at(660));
        assert_eq!(TimerReading::of(&back, at(700), 30).elapsed, 100);
        back.end(at(800));
        let ended = TimerReading::of(&back, at(5000), 30);
        assert_eq!((ended.elapsed, ended.phase), (200, Phase::Ended));
    }

    #[test]
    fn limits_follow_the_kind_and_category_unless_set_for_the_speaker() {
        let limits = TimeLimits::default();
        let p = |kind, group: Option<&str>, own| Inscription {
            speaker: ParticipantId(1),
            on_behalf_of: group.map(String::from),
            kind,
            time_limit_secs: own,
        };
        use InterventionKind::*;
        assert_eq!(
            limits.for_inscription(Category::MemberState, &p(Statement, None, None)),
            Some(180)
        );
        assert_eq!(
            limits.for_inscription(Category::MemberState, &p(Statement, Some("EU"), None)),
            Some(300)
        );
        assert_eq!(
            limits.for_inscription(Category::Panellist, &p(Statement, None, None)),
            Some(420)
        );
        assert_eq!(
            limits.for_inscription(Category::Ngo, &p(RightOfReply, None, None)),
            Some(120)
        );
        assert_eq!(
            limits.for_inscription(Category::Ngo, &p(PointOfOrder, None, None)),
            None
        );
        assert_eq!(
            limits.for_inscription(Category::Ngo, &p(Statement, None, Some(90))),
            Some(90)
        );
    }

    #[test]
    fn a_budget_is_drawn_down_by_each_intervention_and_goes_below_zero() {
        let mut record = SessionRecord::starter(SessionId(1), at(0), "UTC");
        for (i, category) in [Category::Ngo, Category::Ngo, Category::MemberState]
            .into_iter()
            .enumerate()
        {
            record.participants.push(Participant {
                id: ParticipantId(i as u32 + 1),
                name: format!("P{i}"),
                category,
                attendance: Default::default(),
                organisation: None,
            });
        }
        let mut speak = |id: u64, speaker: u32, from: i64, to: i64| {
            let mut iv = statement(180);
            iv.id = InterventionId(id);
            iv.speaker = ParticipantId(speaker);
            iv.started_at = at(from);
            iv.end(at(to));
            record.interventions.push(iv);
        };
        speak(1, 1, 0, 200);
        speak(2, 3, 200, 400);
        speak(3, 2, 400, 700);
        let ngos = TimeBudget {
            agenda_item: AgendaItemId(1),
            holder: BudgetHolder::Category(Category::Ngo),
            secs: 450,
        };
        assert_eq!(ngos.left(&record, at(900)), 450 - 200 - 300);
        assert!(ngos.covers(&record, ParticipantId(2), None));
        assert!(!ngos.covers(&record, ParticipantId(3), None));
    }

    #[test]
    fn a_budget_that_runs_out_first_drives_the_clock() {
        let mut record = SessionRecord::starter(SessionId(1), at(0), "UTC");
        record.participants.push(Participant {
            id: ParticipantId(1),
            name: "Brazil".into(),
            category: Category::MemberState,
            attendance: Default::default(),
            organisation: None,
        });
        // Brazil spoke 250 s earlier under the item, and has the floor again from 1000 s.
        let mut earlier = statement(180);
        earlier.end(at(250));
        let mut now_speaking = statement(180);
        now_speaking.id = InterventionId(2);
        now_speaking.started_at = at(1000);
        record.interventions = vec![earlier, now_speaking.clone()];
        let reading = |record: &SessionRecord, secs| {
            TimerReading::in_session(record, &record.interventions[1], at(secs))
        };

        // No budget: the limit.
        let r = reading(&record, 1023);
        assert_eq!(
            (r.remaining, r.phase, r.budget),
            (Some(157), Phase::Running, None)
        );

        // A budget of 5 minutes: 50 s left when the floor is given.
        record.session.budgets.push(TimeBudget {
            agenda_item: AgendaItemId(1),
            holder: BudgetHolder::Delegation(ParticipantId(1)),
            secs: 300,
        });
        let r = reading(&record, 1010);
        assert_eq!(
            (r.remaining, r.phase, r.budget),
            (Some(40), Phase::Running, Some(0))
        );
        let r = reading(&record, 1023);
        assert_eq!(
            (r.remaining, r.phase),
            (Some(27), Phase::Warning),
            "warns by the budget, the limit far off"
        );
        let r = reading(&record, 1053);
        assert_eq!(
            (r.remaining, r.overtime, r.phase),
            (Some(-3), 3, Phase::Over),
            "over the budget while within the limit"
        );

        // A generous budget: the limit comes first again.
        record.session.budgets[0].secs = 3000;
        let r = reading(&record, 1023);
        assert_eq!((r.remaining, r.budget), (Some(157), None));

        // A point of order draws on no budget.
        record.session.budgets[0].secs = 10;
        record.interventions[1].kind = InterventionKind::PointOfOrder;
        record.interventions[1].time_limit_secs = None;
        let r = reading(&record, 1023);
        assert_eq!((r.remaining, r.budget), (None, None));
    }
}
