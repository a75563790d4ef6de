//! Speaking-time statistics and the forecast of when a list of speakers will end. Pure: no
//! terminal, no disk, time passed in.
//!
//! The statistics view and the exports count speaking time with the functions of this module
//! (`counts`, `speaking_secs`, `overtime_secs`), so the two never disagree by a second.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Timelike, Utc};

use crate::domain::{
    AgendaItemId, Category, Intervention, InterventionKind, ParticipantId, SessionRecord,
};

/// Speaking time added up over some interventions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SpeakingTime {
    pub interventions: usize,
    /// Seconds spoken, pauses left out.
    pub total_secs: i64,
    /// How many of the interventions went over their time limit.
    pub over_time: usize,
    /// Seconds spoken past the limits, added up.
    pub overtime_secs: i64,
}

impl SpeakingTime {
    /// Adds one intervention, as spoken up to `now`.
    pub fn add(&mut self, iv: &Intervention, now: DateTime<Utc>) {
        let over = overtime_secs(iv, now);
        self.interventions += 1;
        // Saturating: a store can hold times no meeting ever took, and a sum of them must
        // not bring the statistics down.
        self.total_secs = self.total_secs.saturating_add(speaking_secs(iv, now));
        self.over_time += usize::from(over > 0);
        self.overtime_secs = self.overtime_secs.saturating_add(over);
    }
}

/// Whether an intervention counts in speaking time: one given the floor by mistake and taken
/// back does not.
pub fn counts(iv: &Intervention) -> bool {
    !iv.given_by_mistake
}

/// Seconds an intervention has been spoken at `now` (to its end, or to `now` while it has the
/// floor).
pub fn speaking_secs(iv: &Intervention, now: DateTime<Utc>) -> i64 {
    iv.speaking_time(now).num_seconds()
}

/// Seconds past the limit at `now`. A point of order is decided at once and has no limit, so
/// it is never over time, even if a limit was set on it.
pub fn overtime_secs(iv: &Intervention, now: DateTime<Utc>) -> i64 {
    if iv.kind == InterventionKind::PointOfOrder {
        0
    } else {
        iv.overtime_secs(now)
    }
}

/// Which interventions the statistics cover; the default is the whole session.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatsFilter {
    /// Only this meeting (by number).
    pub meeting: Option<u32>,
    /// Only this agenda item.
    pub agenda_item: Option<AgendaItemId>,
}

impl StatsFilter {
    pub fn includes(&self, iv: &Intervention) -> bool {
        self.meeting.is_none_or(|m| iv.meeting == m)
            && self.agenda_item.is_none_or(|a| iv.agenda_item == a)
    }

    /// "whole session", "1st meeting, 10:00–13:00", "Item 2: …", or both.
    pub fn describe(&self, record: &SessionRecord) -> String {
        let meeting = self.meeting.map(|n| {
            record
                .meeting(n)
                .map(|m| m.title())
                .unwrap_or_else(|| format!("meeting {n}"))
        });
        let item = self.agenda_item.map(|id| item_heading(record, id));
        match (meeting, item) {
            (None, None) => "whole session".to_string(),
            (Some(m), None) => m,
            (None, Some(i)) => i,
            (Some(m), Some(i)) => format!("{m}, {i}"),
        }
    }
}

/// Speaking time per delegation, category, agenda item and group, each sorted by total time
/// (longest first), then by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Statistics {
    /// Per speaker on the roster, across all their interventions, whoever they spoke for.
    pub by_delegation: Vec<(String, Category, SpeakingTime)>,
    pub by_category: Vec<(Category, SpeakingTime)>,
    /// Per agenda item, named by its heading ("Item 2: …").
    pub by_agenda_item: Vec<(String, SpeakingTime)>,
    /// Statements on behalf of a group, per group (they also count for the speaker's
    /// delegation).
    pub by_group: Vec<(String, SpeakingTime)>,
    /// Per kind of intervention (statements, panel presentations, questions, answers…), in
    /// the order of `InterventionKind::ALL`, only the kinds made.
    pub by_kind: Vec<(InterventionKind, SpeakingTime)>,
    pub total: SpeakingTime,
}

impl Statistics {
    pub fn of(record: &SessionRecord, now: DateTime<Utc>, filter: StatsFilter) -> Statistics {
        let mut delegations: BTreeMap<ParticipantId, SpeakingTime> = BTreeMap::new();
        let mut categories: BTreeMap<Category, SpeakingTime> = BTreeMap::new();
        let mut items: BTreeMap<AgendaItemId, SpeakingTime> = BTreeMap::new();
        let mut groups: BTreeMap<&str, SpeakingTime> = BTreeMap::new();
        let mut kinds = [SpeakingTime::default(); InterventionKind::ALL.len()];
        let mut total = SpeakingTime::default();
        for iv in record
            .interventions
            .iter()
            .filter(|iv| counts(iv) && filter.includes(iv))
        {
            let category = category_of(record, iv.speaker);
            delegations.entry(iv.speaker).or_default().add(iv, now);
            categories.entry(category).or_default().add(iv, now);
            items.entry(iv.agenda_item).or_default().add(iv, now);
            if let Some(group) = &iv.on_behalf_of {
                groups.entry(group.as_str()).or_default().add(iv, now);
            }
            if let Some(i) = InterventionKind::ALL.iter().position(|k| *k == iv.kind) {
                kinds[i].add(iv, now);
            }
            total.add(iv, now);
        }
        let by_kind = InterventionKind::ALL
            .into_iter()
            .zip(kinds)
            .filter(|(_, time)| time.interventions > 0)
            .collect();

        let mut by_delegation: Vec<(String, Category, SpeakingTime)> = delegations
            .into_iter()
            .map(|(id, time)| {
                let name = record.speaker_name(id).to_string();
                (name, category_of(record, id), time)
            })
            .collect();
        by_delegation.sort_by(|a, b| longest_first(&a.2, &b.2).then_with(|| a.0.cmp(&b.0)));
        let mut by_category: Vec<(Category, SpeakingTime)> = categories.into_iter().collect();
        by_category.sort_by(|a, b| longest_first(&a.1, &b.1).then_with(|| a.0.cmp(&b.0)));
        let by_agenda_item = sorted(
            items
                .into_iter()
                .map(|(id, time)| (item_heading(record, id), time)),
        );
        let by_group = sorted(
            groups
                .into_iter()
                .map(|(group, time)| (group.to_string(), time)),
        );
        Statistics {
            by_delegation,
            by_category,
            by_agenda_item,
            by_group,
            by_kind,
            total,
        }
    }
}

fn category_of(record: &SessionRecord, id: ParticipantId) -> Category {
    record
        .participant(id)
        .map(|p| p.category)
        .unwrap_or(Category::Other)
}

fn item_heading(record: &SessionRecord, id: AgendaItemId) -> String {
    record
        .agenda_item(id)
        .map(|a| a.heading())
        .unwrap_or_else(|| format!("Item {} (not on the agenda)", id.0))
}

fn longest_first(a: &SpeakingTime, b: &SpeakingTime) -> std::cmp::Ordering {
    b.total_secs.cmp(&a.total_secs)
}

fn sorted(rows: impl Iterator<Item = (String, SpeakingTime)>) -> Vec<(String, SpeakingTime)> {
    let mut rows: Vec<(String, SpeakingTime)> = rows.collect();
    rows.sort_by(|a, b| longest_first(&a.1, &b.1).then_with(|| a.0.cmp(&b.0)));
    rows
}

/// When a list of speakers is expected to end, against the close of the meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Forecast {
    pub ends_at: DateTime<Utc>,
    /// When the meeting is scheduled to close, if known.
    pub scheduled_end: Option<DateTime<Utc>>,
    /// Seconds between the end of the list and the close: positive when the list ends before
    /// the close, negative when it runs past it.
    pub margin_secs: Option<i64>,
    /// How many inscriptions still wait on the list.
    pub waiting: usize,
}

impl Forecast {
    /// "List ends about 12:47, 13 minutes before the close", "List runs 22 minutes past the
    /// close (13:00)", or "List ends about 12:47" when the close is not known; in the venue's
    /// local time.
    pub fn sentence(&self, tz: chrono_tz::Tz) -> String {
        let ends = nearest_minute(self.ends_at);
        let ends_local = ends.with_timezone(&tz).format("%H:%M");
        let Some(close) = self.scheduled_end else {
            return format!("List ends about {ends_local}");
        };
        // The minutes are counted between the times the sentence shows, so they add up.
        let minutes = (nearest_minute(close) - ends).num_minutes();
        let close_local = close.with_timezone(&tz).format("%H:%M");
        match minutes {
            0 => format!("List ends about {ends_local}, at the close"),
            m if m > 0 => format!(
                "List ends about {ends_local}, {} before the close",
                duration_words(m)
            ),
            m => format!(
                "List runs {} past the close ({close_local})",
                duration_words(-m)
            ),
        }
    }
}

impl Forecast {
    /// "Ends ~12:47 · 13 min to close", "Ends ~17:36 · 2 h 23 min to close":
    /// the forecast in the few characters of a pane's border, its hours and minutes written
    /// out so that they are never read as a clock's minutes and seconds beside it.
    pub fn brief(&self, tz: chrono_tz::Tz) -> String {
        let ends = nearest_minute(self.ends_at);
        let ends_local = ends.with_timezone(&tz).format("%H:%M");
        let Some(close) = self.scheduled_end else {
            return format!("Ends ~{ends_local}");
        };
        match (nearest_minute(close) - ends).num_minutes() {
            0 => format!("Ends ~{ends_local} · at the close"),
            m if m > 0 => format!("Ends ~{ends_local} · {} to close", duration_brief(m)),
            m => format!("Ends ~{ends_local} · {} PAST close", duration_brief(-m)),
        }
    }
}

/// "13 min", "1 h", "2 h 23 min".
pub fn duration_brief(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// Rounds to the nearest whole minute, as "about 12:47" reads.
fn nearest_minute(t: DateTime<Utc>) -> DateTime<Utc> {
    let into = TimeDelta::seconds(i64::from(t.second()))
        + TimeDelta::nanoseconds(i64::from(t.nanosecond()));
    let floor = t - into;
    if into >= TimeDelta::seconds(30) {
        floor
            .checked_add_signed(TimeDelta::minutes(1))
            .unwrap_or(floor)
    } else {
        floor
    }
}

/// "1 minute", "13 minutes", "1 hour", "2 hours 5 minutes".
fn duration_words(minutes: i64) -> String {
    let plural = |n: i64, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    match (minutes / 60, minutes % 60) {
        (0, m) => plural(m, "minute"),
        (h, 0) => plural(h, "hour"),
        (h, m) => format!("{} {}", plural(h, "hour"), plural(m, "minute")),
    }
}

/// A century: as far ahead as a forecast goes.
const FARTHEST_FORECAST_SECS: i64 = 100 * 366 * 24 * 3600;

/// When the list of speakers of `item` is expected to end, if the speakers still inscribed
/// speak to their limits: the time left to whoever has the floor (an interrupted speaker
/// included, none below zero), plus the limit of every inscription still waiting, speakers
/// and rights of reply alike (a point of order, or no limit, counts nothing). Compared with
/// the scheduled close of `meeting`. `None` when no one has the floor and no one waits.
pub fn list_forecast(
    record: &SessionRecord,
    item: AgendaItemId,
    meeting: u32,
    now: DateTime<Utc>,
) -> Option<Forecast> {
    let open: Vec<&Intervention> = record
        .interventions
        .iter()
        .filter(|iv| iv.has_floor())
        .collect();
    let waiting: Vec<_> = record
        .list(item)
        .map(|l| l.in_order().collect())
        .unwrap_or_default();
    if open.is_empty() && waiting.is_empty() {
        return None;
    }
    // Saturating all the way, and no further than a century ahead: limits a store holds may
    // add up past any date the clock (or the venue's time zone) can show.
    let floor_left = open
        .iter()
        .filter_map(|iv| iv.remaining_secs(now))
        .map(|left| left.max(0))
        .fold(0i64, i64::saturating_add);
    let limits = &record.session.time_limits;
    let inscribed = waiting
        .iter()
        .filter_map(|ins| limits.for_inscription(category_of(record, ins.speaker), ins))
        .map(i64::from)
        .fold(0i64, i64::saturating_add);
    let ahead = floor_left
        .saturating_add(inscribed)
        .min(FARTHEST_FORECAST_SECS);
    let ends_at = now
        .checked_add_signed(TimeDelta::seconds(ahead))
        .unwrap_or(now);
    let scheduled_end = record
        .meeting(meeting)
        .and_then(|m| m.scheduled_end_utc(record.session.tz()));
    Some(Forecast {
        ends_at,
        scheduled_end,
        margin_secs: scheduled_end.map(|close| (close - ends_at).num_seconds()),
        waiting: waiting.len(),
    })
}

/// A known session for tests of the statistics and of the views drawn from them.
#[cfg(test)]
pub(crate) mod testing {
    use chrono::{DateTime, TimeDelta, TimeZone, Utc};
    use serde_json::json;

    use crate::domain::*;

    /// The fake clock: seconds after 10:00 in Vienna (08:00 UTC) on a meeting day.
    pub fn t(secs: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap() + TimeDelta::seconds(secs)
    }

    /// An intervention from `from` to `to` (still on the floor when `to` is `None`), made
    /// from its stored form so that fields added later take their defaults.
    pub fn intervention(
        id: u64,
        speaker: u32,
        item: u32,
        kind: &str,
        (from, to): (i64, Option<i64>),
        limit: Option<u32>,
    ) -> Intervention {
        serde_json::from_value(json!({
            "id": id,
            "meeting": 1,
            "agenda_item": item,
            "speaker": speaker,
            "kind": kind,
            "started_at": t(from),
            "ended_at": to.map(t),
            "time_limit_secs": limit,
        }))
        .expect("a valid intervention")
    }

    /// The 1st meeting (10:00–13:00 in Vienna) at 10:18:20 (`t(1100)`):
    /// - item 1: France 200 s (20 over), Hungary for the European Union 280 s, Brazil 160 s
    ///   (paused 60 s for a point of order by the Russian Federation, 60 s with a limit of
    ///   30 s set on it), the NGO given the floor by mistake for 5 s;
    /// - item 2: France 200 s (20 over), the NGO on the floor since `t(1000)`, limit 180 s;
    ///   waiting: Brazil, Hungary for the European Union, a right of reply of the Russian
    ///   Federation.
    pub fn known_session() -> SessionRecord {
        let mut record = SessionRecord::starter(SessionId(1), t(0), "Europe/Vienna");
        record.session.body = "Working Group on Trafficking in Persons".into();
        record.session.number = "Thirteenth session".into();
        record.agenda = vec![
            AgendaItem {
                id: AgendaItemId(1),
                number: "1".into(),
                title: "Child trafficking".into(),
            },
            AgendaItem {
                id: AgendaItemId(2),
                number: "2".into(),
                title: "Smuggling of migrants".into(),
            },
        ];
        for (i, (name, category)) in [
            ("France", "member_state"),
            ("Brazil", "member_state"),
            ("Hungary", "member_state"),
            ("Survivors' Voices Network", "ngo"),
            ("Russian Federation", "member_state"),
        ]
        .into_iter()
        .enumerate()
        {
            record.participants.push(
                serde_json::from_value(json!({"id": i + 1, "name": name, "category": category}))
                    .expect("a valid participant"),
            );
        }
        let mut hungary = intervention(2, 3, 1, "statement", (200, Some(480)), Some(300));
        hungary.on_behalf_of = Some("European Union".into());
        let mut brazil = intervention(3, 2, 1, "statement", (480, Some(700)), Some(180));
        brazil.pauses.push(Pause {
            from: t(550),
            until: Some(t(610)),
        });
        let mut point = intervention(4, 5, 1, "point_of_order", (550, Some(610)), Some(30));
        point.interrupts = Some(InterventionId(3));
        let mut mistake = intervention(5, 4, 1, "statement", (700, Some(705)), Some(180));
        mistake.given_by_mistake = true;
        record.interventions = vec![
            intervention(1, 1, 1, "statement", (0, Some(200)), Some(180)),
            hungary,
            brazil,
            point,
            mistake,
            intervention(6, 1, 2, "statement", (800, Some(1000)), Some(180)),
            intervention(7, 4, 2, "statement", (1000, None), Some(180)),
        ];
        let list = record.list_mut(AgendaItemId(2));
        list.inscribe(Inscription::statement(ParticipantId(2)))
            .unwrap();
        list.inscribe(Inscription {
            on_behalf_of: Some("European Union".into()),
            ..Inscription::statement(ParticipantId(3))
        })
        .unwrap();
        list.inscribe(Inscription {
            kind: InterventionKind::RightOfReply,
            ..Inscription::statement(ParticipantId(5))
        })
        .unwrap();
        record
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{known_session, t};
    use super::*;
    use crate::domain::{Inscription, Pause};

    fn time(interventions: usize, total: i64, over: usize, overtime: i64) -> SpeakingTime {
        SpeakingTime {
            interventions,
            total_secs: total,
            over_time: over,
            overtime_secs: overtime,
        }
    }

    #[test]
    fn totals_per_delegation_across_all_their_interventions() {
        let stats = Statistics::of(&known_session(), t(1100), StatsFilter::default());
        let rows: Vec<(&str, Category, SpeakingTime)> = stats
            .by_delegation
            .iter()
            .map(|(n, c, s)| (n.as_str(), *c, *s))
            .collect();
        use Category::{MemberState as Ms, Ngo};
        assert_eq!(
            rows,
            [
                ("France", Ms, time(2, 400, 2, 40)),
                ("Hungary", Ms, time(1, 280, 0, 0)),
                ("Brazil", Ms, time(1, 160, 0, 0)),
                ("Survivors' Voices Network", Ngo, time(1, 100, 0, 0)),
                ("Russian Federation", Ms, time(1, 60, 0, 0)),
            ]
        );
        assert_eq!(stats.total, time(6, 1000, 2, 40));
    }

    #[test]
    fn totals_per_category_item_and_group() {
        let stats = Statistics::of(&known_session(), t(1100), StatsFilter::default());
        assert_eq!(
            stats.by_category,
            [
                (Category::MemberState, time(5, 900, 2, 40)),
                (Category::Ngo, time(1, 100, 0, 0)),
            ]
        );
        assert_eq!(
            stats.by_agenda_item,
            [
                ("Item 1: Child trafficking".to_string(), time(4, 700, 1, 20)),
                (
                    "Item 2: Smuggling of migrants".to_string(),
                    time(2, 300, 1, 20)
                ),
            ]
        );
        assert_eq!(
            stats.by_group,
            [("European Union".to_string(), time(1, 280, 0, 0))]
        );
    }

    #[test]
    fn the_totals_add_up_whichever_way_they_are_cut() {
        let stats = Statistics::of(&known_session(), t(1234), StatsFilter::default());
        let sum = |rows: Vec<SpeakingTime>| {
            rows.into_iter().fold(SpeakingTime::default(), |mut a, s| {
                a.interventions += s.interventions;
                a.total_secs += s.total_secs;
                a.over_time += s.over_time;
                a.overtime_secs += s.overtime_secs;
                a
            })
        };
        assert_eq!(
            sum(stats.by_delegation.iter().map(|r| r.2).collect()),
            stats.total
        );
        assert_eq!(
            sum(stats.by_category.iter().map(|r| r.1).collect()),
            stats.total
        );
        assert_eq!(
            sum(stats.by_agenda_item.iter().map(|r| r.1).collect()),
            stats.total
        );
    }

    #[test]
    fn an_intervention_on_the_floor_counts_up_to_now_and_can_go_over() {
        let record = known_session();
        let ngo = |now| {
            Statistics::of(&record, now, StatsFilter::default())
                .by_delegation
                .into_iter()
                .find(|r| r.0 == "Survivors' Voices Network")
                .unwrap()
                .2
        };
        assert_eq!(ngo(t(1100)), time(1, 100, 0, 0));
        assert_eq!(ngo(t(1250)), time(1, 250, 1, 70));
    }

    #[test]
    fn a_paused_intervention_stops_counting() {
        let mut record = known_session();
        record.interventions[6].pauses.push(Pause {
            from: t(1050),
            until: None,
        });
        let stats = Statistics::of(&record, t(5000), StatsFilter::default());
        let ngo = stats
            .by_delegation
            .iter()
            .find(|r| r.0 == "Survivors' Voices Network")
            .unwrap();
        assert_eq!(ngo.2, time(1, 50, 0, 0));
    }

    #[test]
    fn a_point_of_order_counts_but_is_never_over_time() {
        let record = known_session();
        let point = &record.interventions[3];
        assert_eq!(point.overtime_secs(t(1100)), 30, "a limit was set on it");
        assert_eq!(overtime_secs(point, t(1100)), 0);
        let stats = Statistics::of(&record, t(1100), StatsFilter::default());
        let russia = stats
            .by_delegation
            .iter()
            .find(|r| r.0 == "Russian Federation")
            .unwrap();
        assert_eq!(russia.2, time(1, 60, 0, 0));
    }

    #[test]
    fn a_floor_given_by_mistake_is_left_out() {
        let mut record = known_session();
        let with = Statistics::of(&record, t(1100), StatsFilter::default());
        record.interventions[4].given_by_mistake = false;
        let without = Statistics::of(&record, t(1100), StatsFilter::default());
        assert_eq!(without.total.interventions, with.total.interventions + 1);
        assert_eq!(without.total.total_secs, with.total.total_secs + 5);
    }

    #[test]
    fn a_filter_keeps_one_item_or_one_meeting() {
        let record = known_session();
        let item2 = StatsFilter {
            meeting: None,
            agenda_item: Some(AgendaItemId(2)),
        };
        let stats = Statistics::of(&record, t(1100), item2);
        assert_eq!(stats.total, time(2, 300, 1, 20));
        let names: Vec<&str> = stats.by_delegation.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(names, ["France", "Survivors' Voices Network"]);
        assert_eq!(item2.describe(&record), "Item 2: Smuggling of migrants");
        assert_eq!(StatsFilter::default().describe(&record), "whole session");
        let other_meeting = StatsFilter {
            meeting: Some(2),
            agenda_item: None,
        };
        assert_eq!(
            Statistics::of(&record, t(1100), other_meeting),
            Statistics::default()
        );
        assert_eq!(other_meeting.describe(&record), "meeting 2");
        let first = StatsFilter {
            meeting: Some(1),
            agenda_item: Some(AgendaItemId(1)),
        };
        assert_eq!(
            first.describe(&record),
            "1st meeting, 10:00–13:00, Item 1: Child trafficking"
        );
    }

    #[test]
    fn the_list_ends_when_the_floor_and_the_waiting_limits_run_out() {
        let record = known_session();
        // The NGO has 80 s left; Brazil 180, Hungary for a group 300, a reply 120.
        let f = list_forecast(&record, AgendaItemId(2), 1, t(1100)).unwrap();
        assert_eq!(f.ends_at, t(1100 + 80 + 180 + 300 + 120));
        assert_eq!(f.waiting, 3);
        assert_eq!(f.scheduled_end, Some(t(3 * 3600)));
        assert_eq!(f.margin_secs, Some(3 * 3600 - 1780));
        assert_eq!(
            f.sentence(record.session.tz()),
            "List ends about 10:30, 2 hours 30 minutes before the close"
        );
    }

    #[test]
    fn the_brief_forecast_writes_hours_and_minutes_out() {
        let mut record = known_session();
        let tz = record.session.tz();
        let f = list_forecast(&record, AgendaItemId(2), 1, t(1100)).unwrap();
        assert_eq!(f.brief(tz), "Ends ~10:30 · 2 h 30 min to close");
        record.meetings[0].scheduled_end = chrono::NaiveTime::from_hms_opt(10, 43, 0).unwrap();
        let f = list_forecast(&record, AgendaItemId(2), 1, t(1100)).unwrap();
        assert_eq!(f.brief(tz), "Ends ~10:30 · 13 min to close");
        record.meetings[0].scheduled_end = chrono::NaiveTime::from_hms_opt(9, 8, 0).unwrap();
        let f = list_forecast(&record, AgendaItemId(2), 1, t(1100)).unwrap();
        assert_eq!(f.brief(tz), "Ends ~10:30 · 1 h 22 min PAST close");
        record.meetings[0].scheduled_end = chrono::NaiveTime::from_hms_opt(10, 30, 0).unwrap();
        let f = list_forecast(&record, AgendaItemId(2), 1, t(1100)).unwrap();
        assert_eq!(f.brief(tz), "Ends ~10:30 · at the close");
        assert_eq!(duration_brief(60), "1 h");
        assert_eq!(duration_brief(143), "2 h 23 min");
    }

    #[test]
    fn the_forecast_before_and_after_the_close() {
        let mut record = known_session();
        let tz = record.session.tz();
        record.meetings[0].scheduled_end = chrono::NaiveTime::from_hms_opt(10, 43, 0).unwrap();
        let before = list_forecast(&record, AgendaItemId(2), 1, t(1100)).unwrap();
        assert_eq!(before.margin_secs, Some(43 * 60 - 1780));
        assert_eq!(
            before.sentence(tz),
            "List ends about 10:30, 13 minutes before the close"
        );
        record.meetings[0].scheduled_end = chrono::NaiveTime::from_hms_opt(10, 8, 0).unwrap();
        let after = list_forecast(&record, AgendaItemId(2), 1, t(1100)).unwrap();
        assert_eq!(after.margin_secs, Some(8 * 60 - 1780));
        assert_eq!(
            after.sentence(tz),
            "List runs 22 minutes past the close (10:08)"
        );
        record.meetings[0].scheduled_end = chrono::NaiveTime::from_hms_opt(10, 30, 0).unwrap();
        let at_close = list_forecast(&record, AgendaItemId(2), 1, t(1100)).unwrap();
        assert_eq!(at_close.sentence(tz), "List ends about 10:30, at the close");
    }

    #[test]
    fn without_a_scheduled_close_the_forecast_only_tells_the_end() {
        let record = known_session();
        let f = list_forecast(&record, AgendaItemId(2), 9, t(1100)).unwrap();
        assert_eq!((f.scheduled_end, f.margin_secs), (None, None));
        assert_eq!(f.sentence(record.session.tz()), "List ends about 10:30");
    }

    #[test]
    fn a_speaker_over_time_and_a_point_of_order_add_nothing() {
        let mut record = known_session();
        let list = record.list_mut(AgendaItemId(2));
        list.speakers.push(Inscription {
            kind: InterventionKind::PointOfOrder,
            ..Inscription::statement(ParticipantId(5))
        });
        // At t(1300) the NGO is 120 s over: the floor adds nothing, not less than nothing.
        let f = list_forecast(&record, AgendaItemId(2), 1, t(1300)).unwrap();
        assert_eq!(f.ends_at, t(1300 + 180 + 300 + 120));
        assert_eq!(f.waiting, 4);
    }

    #[test]
    fn an_empty_list_ends_with_the_floor_or_not_at_all() {
        let mut record = known_session();
        // Item 1 has no list: only the floor is left.
        let f = list_forecast(&record, AgendaItemId(1), 1, t(1100)).unwrap();
        assert_eq!((f.ends_at, f.waiting), (t(1180), 0));
        record.interventions[6].end(t(1100));
        assert_eq!(list_forecast(&record, AgendaItemId(1), 1, t(1100)), None);
        record.list_mut(AgendaItemId(1));
        assert_eq!(list_forecast(&record, AgendaItemId(1), 1, t(1100)), None);
    }

    #[test]
    fn times_round_to_the_nearest_minute_in_words() {
        assert_eq!(nearest_minute(t(29)), t(0));
        assert_eq!(nearest_minute(t(30)), t(60));
        assert_eq!(duration_words(1), "1 minute");
        assert_eq!(duration_words(60), "1 hour");
        assert_eq!(duration_words(125), "2 hours 5 minutes");
    }

    #[test]
    fn each_kind_is_counted_as_the_record_stands_after_a_correction() {
        let mut record = known_session();
        let before = Statistics::of(&record, t(1100), StatsFilter::default());
        let kinds: Vec<InterventionKind> = before.by_kind.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            kinds,
            [InterventionKind::Statement, InterventionKind::PointOfOrder]
        );
        let statements = before.by_kind[0].1.interventions;
        // France's first statement was a question.
        let first = record.interventions[0].id;
        let iv = record
            .interventions
            .iter_mut()
            .find(|i| i.id == first)
            .unwrap();
        let spoken = iv.speaking_time(t(1100)).num_seconds();
        iv.correct(
            &crate::domain::Correction {
                kind: Some(InterventionKind::Question),
                ..Default::default()
            },
            t(1100),
        )
        .unwrap();
        let after = Statistics::of(&record, t(1100), StatsFilter::default());
        let question = after
            .by_kind
            .iter()
            .find(|(k, _)| *k == InterventionKind::Question)
            .map(|(_, time)| *time)
            .expect("the question is counted");
        assert_eq!((question.interventions, question.total_secs), (1, spoken));
        assert_eq!(after.by_kind[0].1.interventions, statements - 1);
        assert_eq!(after.total, before.total);
    }
}
