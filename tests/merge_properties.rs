//! The merge of two rapporteurs' records, on random relays of the demonstration session: each
//! laptop holds some of its interventions, logged up to five seconds late, their notes left
//! as they were, respaced, written further, corrected or written otherwise. Whatever the
//! mix, the merge doubles nothing, drops nothing, numbers the floor in order, and a second
//! merge of the same file brings nothing new.
//!
//! The number of cases is `PROPTEST_CASES` when set, else a modest default.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;
use rapporteur::domain::conflict::Disputed;
use rapporteur::domain::{Intervention, InterventionId, SessionId, SessionRecord};
use rapporteur::import::merge::{changes, merge};

fn config(default_cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = default_cases;
    }
    config.failure_persistence = None;
    config
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 16, 30, 0).unwrap()
}

/// What one laptop did with one intervention of the true record.
#[derive(Debug, Clone, Copy)]
struct Logged {
    held: bool,
    late_secs: i64,
    /// 0 as it was, 1 respaced, 2 written further, 3 corrected, 4 written otherwise.
    note: u8,
}

fn logged() -> impl Strategy<Value = Logged> {
    (any::<bool>(), 0i64..=5, 0u8..5).prop_map(|(held, late_secs, note)| Logged {
        held,
        late_secs,
        note,
    })
}

fn laptop(truth: &SessionRecord, plan: &[Logged], who: &str) -> SessionRecord {
    let mut record = truth.clone();
    record.interventions.clear();
    for (iv, how) in truth.interventions.iter().zip(plan) {
        if !how.held {
            continue;
        }
        let late = TimeDelta::seconds(how.late_secs);
        let mut iv = iv.clone();
        iv.started_at += late;
        iv.ended_at = iv.ended_at.map(|t| t + late);
        for p in &mut iv.pauses {
            p.from += late;
            p.until = p.until.map(|t| t + late);
        }
        match how.note {
            1 => iv.set_note(format!(" {} ", iv.note.replace(' ', "  "))),
            2 => iv.set_note(format!("{} Written further by {who}.", iv.note)),
            3 => iv.correct_note(
                format!("Corrected by {who}: {}", iv.note),
                now() + TimeDelta::minutes(i64::from(who == "b")),
                true,
            ),
            4 => iv.set_note(format!("Written otherwise by {who}.")),
            _ => {}
        }
        record.interventions.push(iv);
    }
    // Each laptop numbers the interventions it holds from 1, points of order following.
    let ids: Vec<(InterventionId, InterventionId)> = record
        .interventions
        .iter()
        .enumerate()
        .map(|(i, iv)| (iv.id, InterventionId(i as u64 + 1)))
        .collect();
    let new_id = |old: InterventionId| ids.iter().find(|(o, _)| *o == old).map(|(_, n)| *n);
    for iv in &mut record.interventions {
        iv.interrupts = iv.interrupts.and_then(new_id);
        iv.id = new_id(iv.id).unwrap();
    }
    record
}

fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

/// Every text the merged record holds of its interventions, in any version.
fn texts_held(record: &SessionRecord) -> Vec<String> {
    let of = |iv: &Intervention| {
        let mut out = vec![iv.note.clone()];
        out.extend(iv.live_record().map(str::to_string));
        out.extend(iv.corrections.iter().map(|c| c.text.clone()));
        out
    };
    let mut out: Vec<String> = record.interventions.iter().flat_map(of).collect();
    for c in &record.session.conflicts {
        if let Disputed::Intervention { other, .. } = &c.disputed {
            out.extend(of(other));
        }
    }
    out
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn a_relay_merges_with_nothing_doubled_or_dropped(
        plan_a in prop::collection::vec(logged(), 28),
        plan_b in prop::collection::vec(logged(), 28),
    ) {
        let truth = rapporteur::demo::demo_record(SessionId(1), now());
        prop_assume!(truth.interventions.len() == 28);
        let a = laptop(&truth, &plan_a, "a");
        let b = laptop(&truth, &plan_b, "b");
        let merged = merge(&a, &b, "b.json");
        let record = &merged.record;

        let held = plan_a.iter().zip(&plan_b).filter(|(x, y)| x.held || y.held).count();
        prop_assert_eq!(record.interventions.len(), held, "{}", merged.report.describe("b.json"));

        let texts = texts_held(record);
        for iv in a.interventions.iter().chain(&b.interventions) {
            let note = words(&iv.note);
            let kept = texts.iter().any(|t| words(t).starts_with(&note));
            prop_assert!(kept, "dropped {:?}\n{}", iv.note, merged.report.describe("b.json"));
        }
        for (i, iv) in record.interventions.iter().enumerate() {
            prop_assert_eq!(iv.id, InterventionId(i as u64 + 1));
            if let Some(target) = iv.interrupts {
                prop_assert!(target < iv.id, "a point of order follows what it interrupts");
            }
        }
        prop_assert!(record.interventions.windows(2).all(|w| w[0].started_at <= w[1].started_at));

        let again = merge(record, &b, "b.json");
        prop_assert!(again.report.nothing_new(), "{}", again.report.describe("b.json"));
        prop_assert!(changes(Some(record), &again.record).is_empty());
    }
}
