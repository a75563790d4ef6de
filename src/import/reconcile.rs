//! Two versions of one intervention, the store's and a file's (its ids already the store's):
//! which the merged record holds.
//!
//! A note, like the facts (speaker, group, kind, item, meeting, times), is a live record and
//! the corrections made to it since. So:
//! - the same text (ignoring runs of spaces and the ends) is one version;
//! - a version that is an earlier one of the other (its live record, or one of its
//!   corrections), or where the other starts (written further on one laptop, or left
//!   empty), gives way to the other: a correction made on one side only wins;
//! - two versions corrected on both sides from the same live record merge to the later
//!   correction, the other side's correction kept in the history beside it;
//! - two live records written independently (a backup rapporteur's) that truly differ are a
//!   conflict: the store's stands, the file's is kept beside it until someone chooses.
//!
//! Facts logged independently are the same when they differ only in times a few seconds
//! apart (`WINDOW`): the store's times stand.

use chrono::{DateTime, TimeDelta, Utc};

use crate::domain::{Facts, FactsVersion, Intervention, NoteVersion};

/// How far apart two rapporteurs' starts (and ends) of one intervention may be: pressing a
/// key at the same moment, a few seconds late.
pub const WINDOW: TimeDelta = TimeDelta::seconds(10);

/// What the merged record holds of two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The store's version, as it is.
    Same,
    /// The store's version brought up to date with the file's: why, in words.
    Updated {
        merged: Box<Intervention>,
        why: Vec<String>,
    },
    /// No rule can choose: the store's stands, the file's is kept beside it.
    Conflict,
}

pub fn same_text(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

/// The texts a note has been, oldest first: its live record, then each correction.
fn note_versions(iv: &Intervention) -> Vec<&str> {
    let mut out = vec![iv.live_record().unwrap_or(&iv.note)];
    out.extend(iv.corrections.iter().map(|c| c.text.as_str()));
    out
}

fn facts_versions(iv: &Intervention) -> Vec<Facts> {
    let mut out = vec![iv.live_facts()];
    out.extend(iv.fact_corrections.iter().map(|v| v.facts.clone()));
    out
}

fn near(a: DateTime<Utc>, b: DateTime<Utc>) -> bool {
    (a - b).abs() <= WINDOW
}

/// The same facts, times a few seconds apart allowed.
pub fn same_facts(a: &Facts, b: &Facts) -> bool {
    let ends = match (a.ended_at, b.ended_at) {
        (Some(x), Some(y)) => near(x, y),
        (x, y) => x == y,
    };
    ends && near(a.started_at, b.started_at)
        && Facts {
            started_at: b.started_at,
            ended_at: b.ended_at,
            ..a.clone()
        } == *b
}

enum Pick {
    Ours,
    Theirs,
    /// Both corrected since the same live record.
    Joined,
    Conflict,
}

/// Which version stands, `earlier(a, b)` saying whether `a` is `b` or an earlier form of it.
fn pick<T>(ours: &[T], theirs: &[T], earlier: impl Fn(&T, &T) -> bool) -> Pick {
    let (Some(our_now), Some(their_now)) = (ours.last(), theirs.last()) else {
        return Pick::Ours;
    };
    if ours.iter().any(|v| earlier(their_now, v)) {
        Pick::Ours
    } else if theirs.iter().any(|v| earlier(our_now, v)) {
        Pick::Theirs
    } else if earlier(&ours[0], &theirs[0]) && earlier(&theirs[0], &ours[0]) {
        Pick::Joined
    } else {
        Pick::Conflict
    }
}

/// Whether note `a` is `b`, or where `b` starts (the same words, `b` going on): a note
/// written further on one laptop, or left empty on one.
fn continued_by(a: &str, b: &str) -> bool {
    let mut b = b.split_whitespace();
    a.split_whitespace().all(|word| b.next() == Some(word))
}

/// Both histories in one, by time; a version the other side made too is kept once, at
/// the earlier time.
fn joined<T: Clone>(
    ours: &[T],
    theirs: &[T],
    at: impl Fn(&T) -> DateTime<Utc>,
    same: impl Fn(&T, &T) -> bool,
) -> Vec<T> {
    let mut all: Vec<T> = ours.to_vec();
    for v in theirs {
        match all.iter_mut().find(|o| same(o, v)) {
            Some(o) if at(v) < at(o) => *o = v.clone(),
            Some(_) => {}
            None => all.push(v.clone()),
        }
    }
    all.sort_by_key(|v| at(v));
    all
}

/// Which version of one intervention the merged record holds.
pub fn reconcile(ours: &Intervention, theirs: &Intervention) -> Outcome {
    let notes = pick(&note_versions(ours), &note_versions(theirs), |a, b| {
        continued_by(a, b)
    });
    let facts = pick(&facts_versions(ours), &facts_versions(theirs), same_facts);
    if matches!(notes, Pick::Conflict) || matches!(facts, Pick::Conflict) {
        return Outcome::Conflict;
    }
    let mut merged = ours.clone();
    let mut why = Vec::new();
    match notes {
        Pick::Theirs => {
            merged.live_record = theirs.live_record.clone();
            merged.corrections = theirs.corrections.clone();
            merged.set_note(theirs.note.clone());
            why.push("the file's correction of the note".to_string());
        }
        Pick::Joined => {
            let same = |a: &NoteVersion, b: &NoteVersion| same_text(&a.text, &b.text);
            merged.corrections = joined(&ours.corrections, &theirs.corrections, |v| v.at, same);
            let latest = merged.corrections.last().map(|v| v.text.clone());
            if let Some(text) = latest {
                merged.set_note(text);
            }
            if !same_text(&merged.note, &ours.note) {
                why.push(
                    "the later correction of the note (the file's; the store's kept in its history)"
                        .to_string(),
                );
            } else if merged.corrections != ours.corrections {
                why.push("the file's correction of the note, kept in its history".to_string());
            }
        }
        Pick::Ours | Pick::Conflict => {}
    }
    let take_facts = |merged: &mut Intervention, facts: &Facts| {
        merged.speaker = facts.speaker;
        merged.on_behalf_of = facts.on_behalf_of.clone();
        merged.kind = facts.kind;
        merged.agenda_item = facts.agenda_item;
        merged.meeting = facts.meeting;
        merged.started_at = facts.started_at;
        merged.ended_at = facts.ended_at;
        merged.given_by_mistake = facts.struck;
    };
    match facts {
        Pick::Theirs => {
            take_facts(&mut merged, &theirs.facts());
            merged.live_facts = theirs.live_facts.clone();
            merged.fact_corrections = theirs.fact_corrections.clone();
            merged.pauses = theirs.pauses.clone();
            why.push("the file's correction of the speaker, kind, item or times".to_string());
        }
        Pick::Joined => {
            let same = |a: &FactsVersion, b: &FactsVersion| same_facts(&a.facts, &b.facts);
            merged.fact_corrections = joined(
                &ours.fact_corrections,
                &theirs.fact_corrections,
                |v| v.at,
                same,
            );
            if let Some(latest) = merged.fact_corrections.last().map(|v| v.facts.clone()) {
                take_facts(&mut merged, &latest);
            }
            if merged.fact_corrections != ours.fact_corrections {
                why.push(
                    "the later correction of the speaker, kind, item or times, both kept in its history"
                        .to_string(),
                );
            }
        }
        Pick::Ours | Pick::Conflict => {}
    }
    if merged.time_limit_secs.is_none() && theirs.time_limit_secs.is_some() {
        merged.time_limit_secs = theirs.time_limit_secs;
        why.push("the file's time limit".to_string());
    }
    if why.is_empty() {
        Outcome::Same
    } else {
        Outcome::Updated {
            merged: Box::new(merged),
            why,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AgendaItemId, InterventionId, InterventionKind, ParticipantId};
    use chrono::TimeZone;

    fn at(secs: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap() + TimeDelta::seconds(secs)
    }

    fn said(note: &str) -> Intervention {
        let mut iv = Intervention::new(
            InterventionId(1),
            1,
            AgendaItemId(1),
            ParticipantId(1),
            InterventionKind::Statement,
            at(0),
        );
        iv.set_note(note.into());
        iv.end(at(90));
        iv
    }

    #[test]
    fn a_correction_on_one_side_wins_and_is_no_conflict() {
        let live = said("Supports the draft");
        let mut corrected = live.clone();
        corrected.correct_note("Supports the revised draft".into(), at(600), true);
        assert_eq!(reconcile(&corrected, &live), Outcome::Same);
        let Outcome::Updated { merged, .. } = reconcile(&live, &corrected) else {
            panic!("the file's correction is taken")
        };
        assert_eq!(*merged, corrected);
    }

    #[test]
    fn the_same_correction_at_two_times_is_one_version() {
        let live = said("Supports the draft");
        let mut one = live.clone();
        one.correct_note("Supports the revised draft".into(), at(600), true);
        let mut two = live.clone();
        two.correct_note("Supports the  revised draft ".into(), at(900), true);
        assert_eq!(reconcile(&one, &two), Outcome::Same);
        assert_eq!(reconcile(&two, &one), Outcome::Same);
    }

    #[test]
    fn corrections_on_both_sides_merge_to_the_later_one_and_keep_both() {
        let live = said("Supports the draft");
        let mut one = live.clone();
        one.correct_note("Supports the draft strongly".into(), at(600), true);
        let mut two = live.clone();
        two.correct_note("Supports the draft as revised".into(), at(900), true);
        for (ours, theirs) in [(&one, &two), (&two, &one)] {
            let merged = match reconcile(ours, theirs) {
                Outcome::Updated { merged, .. } => *merged,
                Outcome::Same => ours.clone(),
                Outcome::Conflict => panic!("not a conflict"),
            };
            assert_eq!(merged.note, "Supports the draft as revised");
            assert_eq!(merged.corrections.len(), 2);
            assert_eq!(merged.live_record(), Some("Supports the draft"));
        }
    }

    #[test]
    fn two_live_records_that_truly_differ_are_a_conflict_and_spacing_is_not() {
        let ours = said("Supports the draft.");
        assert_eq!(
            reconcile(&ours, &said("Opposes the draft.")),
            Outcome::Conflict
        );
        assert_eq!(
            reconcile(&ours, &said("  Supports  the\ndraft. ")),
            Outcome::Same
        );
        // Written further on the other laptop: that one.
        let further = said("Supports the draft. Asked for a vote.");
        assert!(matches!(
            reconcile(&ours, &further),
            Outcome::Updated { .. }
        ));
        assert_eq!(reconcile(&further, &ours), Outcome::Same);
    }

    #[test]
    fn an_intervention_logged_seconds_apart_is_the_same_and_the_store_s_times_stand() {
        let ours = said("Supports the draft.");
        let mut theirs = ours.clone();
        theirs.started_at = at(2);
        theirs.ended_at = Some(at(93));
        assert_eq!(reconcile(&ours, &theirs), Outcome::Same);
        theirs.ended_at = Some(at(200));
        assert_eq!(reconcile(&ours, &theirs), Outcome::Conflict);
    }
}
