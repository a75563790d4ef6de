//! The relay: two rapporteurs log one session, one the morning and one the afternoon, and
//! both the afternoon meeting (the morning's as a backup, pressing its keys two seconds
//! late), each correcting notes on their own laptop. Their stores are exported to JSON and
//! imported into a third with `rapporteur import`, as the secretariat does. Merged, the
//! record has the true number of interventions and speaking time, nothing is dropped, and
//! the one real conflict is kept, listed, marked in every export and resolved.

mod common;

use common::{stderr, succeeds};

use std::path::Path;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use rapporteur::domain::{
    Attendance, Correction, Intervention, InterventionKind, SessionId, SessionRecord,
};
use rapporteur::store::Store;

fn fixed_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 16, 30, 0).unwrap()
}

fn rapporteur(dir: &Path, db: &str, args: &[&str]) -> std::process::Output {
    common::rapporteur_in(dir, &dir.join(db), args)
}

/// Saves `record` in a store of its own named `db` and exports it, with the binary, to
/// `db.json`, as a rapporteur hands in a laptop's record.
fn hand_in(dir: &Path, db: &str, record: &SessionRecord) -> String {
    Store::open(&dir.join(db))
        .unwrap()
        .save_record(record)
        .unwrap();
    let file = format!("{db}.json");
    succeeds(rapporteur(
        dir,
        db,
        &["export", "--format", "json", "-o", &file],
    ));
    file
}

fn load(dir: &Path, db: &str) -> SessionRecord {
    Store::open(&dir.join(db))
        .unwrap()
        .load(SessionId(1))
        .unwrap()
}

fn speaking_secs(record: &SessionRecord) -> i64 {
    record
        .interventions
        .iter()
        .map(|iv| iv.speaking_time(fixed_now()).num_seconds())
        .sum()
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn at(minutes: i64) -> DateTime<Utc> {
    fixed_now() + TimeDelta::minutes(minutes)
}

/// The same intervention logged independently, its keys pressed `secs` late all through.
fn logged_late(iv: &Intervention, secs: i64) -> Intervention {
    let late = TimeDelta::seconds(secs);
    let mut copy = iv.clone();
    copy.started_at += late;
    copy.ended_at = copy.ended_at.map(|t| t + late);
    for pause in &mut copy.pauses {
        pause.from += late;
        pause.until = pause.until.map(|t| t + late);
    }
    copy
}

/// The true record, and the two laptops' records of it.
struct Relay {
    truth: SessionRecord,
    morning: SessionRecord,
    afternoon: SessionRecord,
    /// Notes as each laptop finally holds them, the true record's afterwards.
    expected_notes: Vec<String>,
    /// The note the backup wrote differently, as the afternoon wrote it and as the backup did.
    conflicting: (String, String),
}

fn relay() -> Relay {
    let mut truth = rapporteur::demo::demo_record(SessionId(1), fixed_now());
    // Both laptops began from the session set up the same way; the afternoon rapporteur took
    // over the morning's record at lunch, so both hold the morning as it was then.
    let first_afternoon = truth
        .interventions
        .iter()
        .position(|iv| iv.meeting != 1)
        .expect("the demonstration has an afternoon");
    let mut morning = truth.clone();
    let mut afternoon = truth.clone();

    // The morning rapporteur, after the hand-over: a correction only they made, and the
    // delegation a speaker spoke for, put right.
    let one_sided = "Stressed the need for victim-centred approaches. #victims";
    morning.interventions[0].correct_note(one_sided.into(), at(10), true);
    truth.interventions[0].correct_note(one_sided.into(), at(10), true);
    let group = Correction {
        on_behalf_of: Some(Some("Group of Latin American and Caribbean States".into())),
        ..Default::default()
    };
    morning.interventions[1].correct(&group, at(11)).unwrap();
    truth.interventions[1].correct(&group, at(11)).unwrap();
    // The afternoon rapporteur's own correction of a morning note.
    let theirs = "Asked about the timeline of the review. #review";
    afternoon.interventions[2].correct_note(theirs.into(), at(20), true);
    truth.interventions[2].correct_note(theirs.into(), at(20), true);
    // Both put the same slip right, at different times.
    let both = "Supported the draft recommendations as revised. #recommendation";
    morning.interventions[3].correct_note(both.into(), at(12), true);
    afternoon.interventions[3].correct_note(both.into(), at(25), true);
    truth.interventions[3].correct_note(both.into(), at(12), true);
    // The morning rapporteur added a line to the morning's note after the hand-over.
    morning.meetings[0]
        .note
        .push_str("\nThe meeting rose at 13:02.");
    truth.meetings[0].note = morning.meetings[0].note.clone();

    // The afternoon meeting: the morning rapporteur stayed as a backup and logged it too, two
    // seconds late, with the same words but the spacing of their own typing, and one
    // statement written up differently: the one real conflict.
    let backup: Vec<Intervention> = afternoon.interventions[first_afternoon..]
        .iter()
        .map(|iv| {
            let mut copy = logged_late(iv, 2);
            copy.set_note(format!("{}  ", iv.note.replace(". ", ".  ")));
            copy
        })
        .collect();
    morning.interventions.truncate(first_afternoon);
    morning.interventions.extend(backup);
    let differs = morning
        .interventions
        .iter()
        .position(|iv| iv.meeting != 1 && iv.kind == InterventionKind::Statement)
        .unwrap();
    let backup_note = "Called for a review of the mechanism by 2028. #review".to_string();
    let afternoon_note = morning.interventions[differs].note.trim().to_string();
    morning.interventions[differs].set_note(backup_note.clone());
    // The backup wrote no meeting note of the afternoon: the afternoon rapporteur's stands.
    for m in &mut morning.meetings[1..] {
        m.note.clear();
    }

    let expected_notes = truth
        .interventions
        .iter()
        .map(|iv| squash(&iv.note))
        .collect();
    Relay {
        truth,
        morning,
        afternoon,
        expected_notes,
        conflicting: (afternoon_note, backup_note),
    }
}

#[test]
fn the_relay_merges_to_the_true_record_with_its_one_conflict_shown() {
    let relay = relay();
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let morning = hand_in(dir, "morning", &relay.morning);
    let afternoon = hand_in(dir, "afternoon", &relay.afternoon);

    let out = succeeds(rapporteur(
        dir,
        "secretariat",
        &["import", &morning, &afternoon],
    ));
    let merged = load(dir, "secretariat");

    assert_eq!(
        merged.interventions.len(),
        relay.truth.interventions.len(),
        "the number of interventions is the true record's:\n{out}"
    );
    assert_eq!(
        speaking_secs(&merged),
        speaking_secs(&relay.truth),
        "the speaking time is the true record's:\n{out}"
    );
    // Nothing dropped: every note of the true record is in the merged one, the afternoon's
    // version of the conflicting one kept beside the record's.
    let held: Vec<String> = merged
        .interventions
        .iter()
        .map(|iv| squash(&iv.note))
        .collect();
    for note in &relay.expected_notes {
        let in_conflict = merged.session.conflicts.iter().any(|c| {
            matches!(&c.disputed, rapporteur::domain::conflict::Disputed::Intervention { other, .. }
                if squash(&other.note) == *note)
        });
        assert!(
            held.contains(note) || in_conflict,
            "dropped: {note:?}\n{out}"
        );
    }
    assert_eq!(
        merged.meetings, relay.truth.meetings,
        "meeting notes:\n{out}"
    );
    // The one-sided corrections are the record, with no conflict; corrected on both sides
    // alike, one version.
    for i in 0..4 {
        assert_eq!(
            squash(&merged.interventions[i].note),
            squash(&relay.truth.interventions[i].note),
            "intervention {}:\n{out}",
            i + 1
        );
    }
    assert_eq!(
        merged.interventions[1].on_behalf_of,
        relay.truth.interventions[1].on_behalf_of
    );
    assert_eq!(merged.interventions[3].corrections.len(), 1, "one version");

    assert_eq!(
        merged.session.conflicts.len(),
        1,
        "one real conflict:\n{out}"
    );
    let (afternoon_note, backup_note) = &relay.conflicting;
    assert!(out.contains("1 conflict"), "{out}");
    assert!(
        out.contains("Matched as the same intervention, logged a few seconds apart:\n"),
        "the report names what it matched:\n{out}"
    );
    let notes_of_conflict: Vec<String> = {
        let c = &merged.session.conflicts[0];
        let rapporteur::domain::conflict::Disputed::Intervention { id, other } = &c.disputed else {
            panic!("the conflict is about an intervention: {c:?}")
        };
        let held = merged.interventions.iter().find(|iv| iv.id == *id).unwrap();
        vec![squash(&held.note), squash(&other.note)]
    };
    assert!(notes_of_conflict.contains(&squash(afternoon_note)));
    assert!(notes_of_conflict.contains(&squash(backup_note)));
    // The point of order is one, and interrupts the one statement it interrupted.
    let points: Vec<&Intervention> = merged
        .interventions
        .iter()
        .filter(|iv| iv.kind == InterventionKind::PointOfOrder)
        .collect();
    let true_points = relay
        .truth
        .interventions
        .iter()
        .filter(|iv| iv.kind == InterventionKind::PointOfOrder)
        .count();
    assert_eq!(points.len(), true_points);
    for p in points {
        let target = p.interrupts.expect("still interrupts");
        assert!(merged.interventions.iter().any(|iv| iv.id == target));
    }

    // Importing both again changes nothing.
    let again = succeeds(rapporteur(
        dir,
        "secretariat",
        &["import", &morning, &afternoon],
    ));
    assert_eq!(load(dir, "secretariat"), merged, "{again}");
}

#[test]
fn a_conflict_is_marked_in_every_export_and_listed_and_kept() {
    let relay = relay();
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let morning = hand_in(dir, "morning", &relay.morning);
    let afternoon = hand_in(dir, "afternoon", &relay.afternoon);
    succeeds(rapporteur(
        dir,
        "secretariat",
        &["import", &morning, &afternoon],
    ));

    for format in ["md", "html", "docx", "csv"] {
        let file = format!("draft.{format}");
        succeeds(rapporteur(
            dir,
            "secretariat",
            &["export", "--format", format, "-o", &file],
        ));
        let bytes = std::fs::read(dir.join(&file)).unwrap();
        let text = if format == "docx" {
            docx_text(&bytes)
        } else {
            String::from_utf8_lossy(&bytes).into_owned()
        };
        assert_eq!(
            text.matches("conflict 1").count(),
            1,
            "{format} marks the one intervention in conflict"
        );
    }

    let log = succeeds(rapporteur(dir, "secretariat", &["log"]));
    assert_eq!(
        log.matches("[\u{26a0} conflict 1]").count(),
        1,
        "`rapporteur log` marks the one intervention in conflict:\n{log}"
    );

    let listed = succeeds(rapporteur(dir, "secretariat", &["conflicts", "list"]));
    let (afternoon_note, backup_note) = &relay.conflicting;
    assert!(listed.starts_with("1 conflict in session 1"), "{listed}");
    assert!(listed.contains(&afternoon_note[..30]), "{listed}");
    assert!(listed.contains(&backup_note[..30]), "{listed}");

    // Bad ids and versions are refused, saying what to do; nothing changes.
    let before = load(dir, "secretariat");
    common::refused(
        dir,
        &dir.join("secretariat"),
        [
            (&["conflicts", "keep", "9", "1"][..], "no conflict 9"),
            (&["conflicts", "keep", "x", "1"][..], "invalid value 'x'"),
            (
                &["conflicts", "keep", "1", "3"][..],
                "1 (the version in the record) or 2",
            ),
        ],
    );
    assert_eq!(load(dir, "secretariat"), before);

    // The other version kept: it is the record, and the mark goes.
    let line_of = |note: &str| {
        listed
            .lines()
            .find(|l| l.contains(&note[..30]))
            .map(|l| l.trim_start().chars().next())
    };
    assert_ne!(line_of(backup_note), line_of(afternoon_note));
    let which = match line_of(backup_note) {
        Some(Some('2')) => "2",
        _ => "1",
    };
    let kept = succeeds(rapporteur(
        dir,
        "secretariat",
        &["conflicts", "keep", "1", which],
    ));
    assert!(kept.starts_with("Kept version"), "{kept}");
    let after = load(dir, "secretariat");
    assert!(after.session.conflicts.is_empty());
    assert!(after
        .interventions
        .iter()
        .any(|iv| squash(&iv.note) == squash(backup_note)));
    assert_eq!(after.interventions.len(), relay.truth.interventions.len());
    let listed = succeeds(rapporteur(dir, "secretariat", &["conflicts", "list"]));
    assert!(listed.starts_with("No conflicts in session 1"), "{listed}");
    let log = succeeds(rapporteur(dir, "secretariat", &["log"]));
    assert!(!log.contains("conflict"), "{log}");
}

/// The text of a Word document's body, its runs run together.
fn docx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    xml
}

#[test]
fn meeting_notes_venue_and_attendance_that_truly_differ_are_both_kept() {
    let truth = rapporteur::demo::demo_record(SessionId(1), fixed_now());
    let mut one = truth.clone();
    let mut two = truth.clone();
    one.meetings[0].note = "Opened at 10:05 by the Chair.".into();
    two.meetings[0].note = "The Chair opened the meeting and recalled the agenda.".into();
    two.session.venue = "Conference Room M3, Vienna International Centre".into();
    two.participants[4].attendance = match one.participants[4].attendance {
        Attendance::InRoom => Attendance::Online,
        Attendance::Online => Attendance::InRoom,
    };
    // Only the spacing differs: one version.
    two.meetings[1].note = format!(" {}\n", one.meetings[1].note.replace(' ', "  "));
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let a = hand_in(dir, "one", &one);
    let b = hand_in(dir, "two", &two);

    let out = succeeds(rapporteur(dir, "secretariat", &["import", &a, &b]));
    let merged = load(dir, "secretariat");
    assert_eq!(merged.session.conflicts.len(), 3, "{out}");
    assert!(out.contains("3 conflicts"), "{out}");
    let listed = succeeds(rapporteur(dir, "secretariat", &["conflicts", "list"]));
    for text in [
        "Opened at 10:05 by the Chair.",
        "The Chair opened the meeting and recalled the agenda.",
        "Conference Room M3",
        &truth.session.venue,
        &truth.participants[4].name,
    ] {
        assert!(listed.contains(text), "{text} in:\n{listed}");
    }
    // The file's versions are one `keep` away.
    for id in ["1", "2", "3"] {
        succeeds(rapporteur(
            dir,
            "secretariat",
            &["conflicts", "keep", id, "2"],
        ));
    }
    let after = load(dir, "secretariat");
    assert_eq!(after.meetings[0].note, two.meetings[0].note);
    assert_eq!(after.session.venue, two.session.venue);
    assert_eq!(
        after.participants[4].attendance,
        two.participants[4].attendance
    );
    assert!(after.session.conflicts.is_empty());
}

#[test]
fn an_intervention_logged_two_seconds_late_and_the_point_of_order_that_interrupted_it_are_matched()
{
    let truth = rapporteur::demo::demo_record(SessionId(1), fixed_now());
    // A backup rapporteur logged the whole morning, two seconds late all through.
    let mut backup = truth.clone();
    for iv in &mut backup.interventions {
        if iv.meeting == 1 {
            *iv = logged_late(iv, 2);
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let a = hand_in(dir, "rapporteur", &truth);
    let b = hand_in(dir, "backup", &backup);

    let out = succeeds(rapporteur(dir, "secretariat", &["import", &a, &b]));
    let merged = load(dir, "secretariat");
    assert_eq!(merged, load(dir, "rapporteur"), "nothing doubled:\n{out}");
    let point = merged
        .interventions
        .iter()
        .find(|iv| iv.kind == InterventionKind::PointOfOrder)
        .expect("the demonstration has a point of order");
    let matched = merged
        .interventions
        .iter()
        .filter(|iv| iv.meeting == 1)
        .count();
    assert!(
        out.contains(&format!(
            "already holds all of it ({} interventions)",
            truth.interventions.len()
        )),
        "{out}"
    );
    assert_eq!(
        out.matches(": 2 s later in the file").count(),
        matched,
        "each named as matched, the point of order too:\n{out}"
    );
    assert!(out.contains("point of order at"), "{out}");
    assert!(point.interrupts.is_some());
}

#[test]
fn conflicts_and_the_choice_of_a_version_survive_a_power_cut() {
    let relay = relay();
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let morning = hand_in(dir, "morning", &relay.morning);
    let afternoon = hand_in(dir, "afternoon", &relay.afternoon);
    succeeds(rapporteur(
        dir,
        "secretariat",
        &["import", &morning, &afternoon],
    ));
    let merged = load(dir, "secretariat");
    assert_eq!(merged.session.conflicts.len(), 1);

    let store = dir.join("secretariat");
    common::power_cut(&store);
    rapporteur::store::recover(&store).unwrap();
    assert_eq!(
        load(dir, "secretariat"),
        merged,
        "the conflict is in the store"
    );

    succeeds(rapporteur(
        dir,
        "secretariat",
        &["conflicts", "keep", "1", "2"],
    ));
    let kept = load(dir, "secretariat");
    common::power_cut(&store);
    rapporteur::store::recover(&store).unwrap();
    assert_eq!(load(dir, "secretariat"), kept, "the choice is in the store");
    assert!(kept.session.conflicts.is_empty());
}

#[test]
fn a_merged_session_exported_and_imported_again_keeps_its_conflict() {
    let relay = relay();
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let morning = hand_in(dir, "morning", &relay.morning);
    let afternoon = hand_in(dir, "afternoon", &relay.afternoon);
    succeeds(rapporteur(
        dir,
        "secretariat",
        &["import", &morning, &afternoon],
    ));
    let merged = load(dir, "secretariat");
    succeeds(rapporteur(
        dir,
        "secretariat",
        &["export", "--format", "json", "-o", "merged.json"],
    ));

    // Into an empty store, as it is; into the morning's, the conflict carried over once.
    succeeds(rapporteur(dir, "copy", &["import", "merged.json"]));
    assert_eq!(load(dir, "copy"), merged);
    let out = succeeds(rapporteur(dir, "morning", &["import", "merged.json"]));
    let morning_now = load(dir, "morning");
    assert_eq!(morning_now.session.conflicts.len(), 1, "{out}");
    assert_eq!(
        morning_now.interventions.len(),
        relay.truth.interventions.len(),
        "{out}"
    );
    let again = succeeds(rapporteur(dir, "morning", &["import", "merged.json"]));
    assert!(again.starts_with("Nothing new in merged.json"), "{again}");
}

#[test]
fn conflicts_in_an_empty_store_say_how_to_begin() {
    let dir = tempfile::tempdir().unwrap();
    let out = rapporteur(dir.path(), "empty", &["conflicts"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("holds no session yet"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_conflict_s_other_version_of_another_age_is_refused_like_the_record() {
    use rapporteur::domain::conflict::Disputed;
    use rapporteur::domain::{Conflict, ConflictId};
    let mut record = rapporteur::demo::demo_record(SessionId(1), fixed_now());
    let mut other = record.interventions[0].clone();
    other.started_at = Utc.with_ymd_and_hms(1900, 1, 1, 0, 0, 0).unwrap();
    record.session.conflicts.push(Conflict {
        id: ConflictId(1),
        from: "backup.json".into(),
        disputed: Disputed::Intervention {
            id: other.id,
            other: Box::new(other),
        },
    });
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let bytes =
        rapporteur::export::json::render(&record, rapporteur::export::Scope::default()).unwrap();
    std::fs::write(dir.join("old.json"), bytes).unwrap();
    let out = rapporteur(dir, "store", &["import", "old.json"]);
    assert!(!out.status.success());
    let said = stderr(&out);
    assert!(said.contains("is not between 1970 and 2199"), "{said}");
    assert!(said.contains("Nothing was imported."), "{said}");
}

/// The backup gave one afternoon statement to the delegation next to the speaker on the
/// list. Merged, it is one intervention, not two at once: who spoke is a conflict, listed
/// with both names, and the secretariat keeps the right one (here the backup's).
#[test]
fn a_floor_logged_under_two_names_is_one_intervention_and_a_conflict_over_who_spoke() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let truth = rapporteur::demo::demo_record(SessionId(1), fixed_now());
    let mut backup = truth.clone();
    let (at, iv) = backup
        .interventions
        .iter_mut()
        .enumerate()
        .find(|(_, iv)| iv.meeting != 1 && iv.kind == InterventionKind::Statement)
        .unwrap();
    let right = truth.speaker_name(iv.speaker).to_string();
    let wrong_id = truth
        .participants
        .iter()
        .find(|p| p.id != iv.speaker && p.category == rapporteur::domain::Category::MemberState)
        .unwrap()
        .id;
    let wrong = truth.speaker_name(wrong_id).to_string();
    *iv = logged_late(iv, 3);
    iv.speaker = wrong_id;
    let first = hand_in(dir, "afternoon", &truth);
    let second = hand_in(dir, "backup", &backup);
    let said = succeeds(rapporteur(dir, "secretariat", &["import", &first, &second]));
    let merged = load(dir, "secretariat");
    assert_eq!(
        merged.interventions.len(),
        truth.interventions.len(),
        "never two interventions for one floor:\n{said}"
    );
    assert!(
        said.contains(&format!("speaker (store: {right}, file: {wrong})")),
        "{said}"
    );
    let listed = succeeds(rapporteur(dir, "secretariat", &["conflicts", "list"]));
    assert!(
        listed.contains(&format!("1 (in the record): {right}, statement, item"))
            && listed.contains(&format!("2 (from backup.json): {wrong}, statement, item")),
        "{listed}"
    );
    // The afternoon's file came first: its speaker stands until someone chooses.
    assert_eq!(merged.speaker_name(merged.interventions[at].speaker), right);
    succeeds(rapporteur(
        dir,
        "secretariat",
        &["conflicts", "keep", "1", "2"],
    ));
    let kept = load(dir, "secretariat");
    assert_eq!(kept.speaker_name(kept.interventions[at].speaker), wrong);
    assert!(kept.session.conflicts.is_empty());
}

/// A roster merge found wrong after a merge of logs numbered the interventions again: taken
/// back, it gives back the interventions the entry spoke, not those that now carry their
/// old numbers.
#[test]
fn a_roster_merge_is_taken_back_after_a_merge_of_logs_numbered_the_floor_again() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let truth = rapporteur::demo::demo_record(SessionId(1), fixed_now());
    let mut late = truth.clone();
    late.interventions.remove(0);
    let first = hand_in(dir, "late", &late);
    let whole = hand_in(dir, "whole", &truth);
    succeeds(rapporteur(dir, "secretariat", &["import", &first]));
    let spoke = |r: &SessionRecord, name: &str| -> Vec<String> {
        r.interventions
            .iter()
            .filter(|iv| r.speaker_name(iv.speaker) == name)
            .map(|iv| format!("{} {}", iv.kind.label(), iv.started_at))
            .collect()
    };
    let egypt = spoke(&truth, "Egypt");
    assert!(!egypt.is_empty());
    let said = succeeds(rapporteur(
        dir,
        "secretariat",
        &["roster", "merge", "Egypt", "--into", "Morocco"],
    ));
    assert!(
        said.contains(
            "Merged (`rapporteur roster unmerge NAME` takes one back):\n  Egypt into Morocco"
        ),
        "{said}"
    );
    // The whole file still says Egypt: the store's merge says Egypt is Morocco, so it is
    // matched as Morocco, not added again beside it, and no conflict.
    succeeds(rapporteur(dir, "secretariat", &["import", &whole]));
    let merged = load(dir, "secretariat");
    assert!(merged.find_participant("Egypt").is_none());
    assert!(merged.session.conflicts.is_empty());
    assert_eq!(merged.interventions.len(), truth.interventions.len());
    let said = succeeds(rapporteur(
        dir,
        "secretariat",
        &["roster", "unmerge", "egypt"],
    ));
    assert!(
        said.starts_with(&format!(
            "Egypt is on the roster again, no longer merged into Morocco: {} intervention",
            egypt.len()
        )),
        "{said}"
    );
    let back = load(dir, "secretariat");
    assert_eq!(spoke(&back, "Egypt"), egypt);
    assert_eq!(spoke(&back, "Morocco"), spoke(&truth, "Morocco"));
    assert!(back.session.roster_merges.is_empty());
    let out = rapporteur(dir, "secretariat", &["roster", "unmerge", "Egypt"]);
    assert!(
        stderr(&out).contains("was not merged into another entry"),
        "{}",
        stderr(&out)
    );
}
