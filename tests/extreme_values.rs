//! No value a store can hold brings the app or an export down: times from the ends of the
//! calendar, thousands of pauses, limits at their counter's maximum, ids at theirs. The
//! import refuses such values (tests/values_from_outside.rs), but a store written before it
//! did, or by hand, may hold them; speaking time, the forecast, the statistics and every
//! export must still answer.

mod common;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use proptest::prelude::*;
use rapporteur::domain::*;
use rapporteur::export::{render, Format, Scope};
use rapporteur::stats::{list_forecast, Statistics, StatsFilter};

fn meeting_day() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap()
}

/// A time: one of the calendar's ends, near them, an ordinary one, or any at all.
fn any_time() -> impl Strategy<Value = DateTime<Utc>> {
    let min = DateTime::<Utc>::MIN_UTC.timestamp();
    let max = DateTime::<Utc>::MAX_UTC.timestamp();
    prop_oneof![
        Just(DateTime::<Utc>::MIN_UTC),
        Just(DateTime::<Utc>::MAX_UTC),
        (0i64..86_400).prop_map(|s| meeting_day() + TimeDelta::seconds(s)),
        (0i64..1_000_000).prop_map(move |s| DateTime::from_timestamp(min + s, 0).unwrap()),
        (0i64..1_000_000).prop_map(move |s| DateTime::from_timestamp(max - s, 0).unwrap()),
        (min..=max).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap()),
    ]
}

fn any_limit() -> impl Strategy<Value = u32> {
    prop_oneof![
        Just(0),
        Just(1),
        Just(u32::MAX),
        Just(u32::MAX - 1),
        any::<u32>()
    ]
}

fn any_id() -> impl Strategy<Value = u64> {
    prop_oneof![
        Just(0),
        Just(1),
        Just(u64::MAX),
        Just(u64::MAX - 1),
        any::<u64>()
    ]
}

fn any_pauses() -> impl Strategy<Value = Vec<Pause>> {
    prop_oneof![
        proptest::collection::vec(
            (any_time(), proptest::option::of(any_time()))
                .prop_map(|(from, until)| Pause { from, until }),
            0..6,
        ),
        // Many pauses across the whole calendar: their sum passes what a TimeDelta holds.
        (1usize..2000).prop_map(|n| vec![
            Pause {
                from: DateTime::<Utc>::MIN_UTC,
                until: Some(DateTime::<Utc>::MAX_UTC),
            };
            n
        ]),
    ]
}

prop_compose! {
    fn any_intervention()(
        id in any_id(),
        speaker in prop_oneof![Just(1u32), Just(2), Just(u32::MAX)],
        kind in proptest::sample::select(InterventionKind::ALL.to_vec()),
        started_at in any_time(),
        ended_at in proptest::option::of(any_time()),
        pauses in any_pauses(),
        limit in proptest::option::of(any_limit()),
        interrupts in proptest::option::of(any_id()),
    ) -> Intervention {
        Intervention {
            ended_at,
            pauses,
            time_limit_secs: limit,
            interrupts: interrupts.map(InterventionId),
            note: "R: keep the record whole #recommendation".into(),
            ..Intervention::new(
                InterventionId(id),
                1,
                AgendaItemId(1),
                ParticipantId(speaker),
                kind,
                started_at,
            )
        }
    }
}

prop_compose! {
    fn any_record()(
        interventions in proptest::collection::vec(any_intervention(), 0..6),
        limits in proptest::collection::vec(any_limit(), 5),
        waiting in proptest::collection::vec(proptest::option::of(any_limit()), 0..4),
        budget in any_limit(),
    ) -> SessionRecord {
        let mut record = SessionRecord::starter(SessionId(1), meeting_day(), "Pacific/Kiritimati");
        for (id, name) in [(1, "Egypt"), (2, "China"), (u32::MAX, "India")] {
            record.participants.push(Participant {
                id: ParticipantId(id),
                name: name.into(),
                category: Category::MemberState,
                attendance: Attendance::InRoom,
                organisation: None,
            });
        }
        let l = &mut record.session.time_limits;
        l.statement = limits[0];
        l.on_behalf_of_group = limits[1];
        l.right_of_reply = limits[2];
        l.warn_before = limits[3];
        l.by_category.insert(Category::MemberState, limits[4]);
        record.session.budgets.push(TimeBudget {
            agenda_item: AgendaItemId(1),
            holder: BudgetHolder::Category(Category::MemberState),
            secs: budget,
        });
        let list = record.list_mut(AgendaItemId(1));
        for (n, limit) in waiting.into_iter().enumerate() {
            list.speakers.push(Inscription {
                time_limit_secs: limit,
                ..Inscription::statement(ParticipantId(n as u32 % 2 + 1))
            });
        }
        record.interventions = interventions;
        record
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn speaking_time_forecast_statistics_and_exports_never_panic(
        record in any_record(),
        now in prop_oneof![
            Just(meeting_day()),
            (0i64..100 * 366 * 86_400).prop_map(|s| meeting_day() + TimeDelta::seconds(s)),
        ],
    ) {
        for iv in &record.interventions {
            let spoken = iv.speaking_time(now);
            prop_assert!(spoken >= TimeDelta::zero());
            let _ = TimerReading::of(iv, now, record.session.time_limits.warn_before);
        }
        for budget in &record.session.budgets {
            let _ = budget.left(&record, now);
        }
        let stats = Statistics::of(&record, now, StatsFilter::default());
        prop_assert!(stats.total.total_secs >= 0);
        if let Some(forecast) = list_forecast(&record, AgendaItemId(1), 1, now) {
            prop_assert!(forecast.ends_at >= now);
            let _ = forecast.sentence(record.session.tz());
        }
        let _ = record.next_intervention_id();
        let _ = record.next_participant_id();
        for format in [Format::Md, Format::Html, Format::Csv, Format::Docx, Format::Json] {
            let _ = render(&record, Scope::default(), format, now);
        }
    }
}
