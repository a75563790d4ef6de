//! Fuzzing the JSON import (`rapporteur::export::json::parse`): arbitrary bytes, and the demo
//! session's export with bytes flipped, inserted, deleted, digits changed and the end cut off.
//! It never panics; it either refuses the file with a message that names it (and a place
//! within the text, when it gives one), or reads a record that renders back to JSON and parses
//! again to the same record, and renders to the same bytes the second time.
//!
//! The same goes for an export that holds conflicts of every kind (a merged session's), and
//! whatever of it reads is merged into the demo session without a panic.
//!
//! The number of cases is `PROPTEST_CASES` when set, else a modest default.

use std::sync::OnceLock;

use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;
use rapporteur::domain::{SessionId, SessionRecord};
use rapporteur::export::json::{self, ImportError};
use rapporteur::export::Scope;

const FILE: &str = "fuzzed-export.json";

fn config(default_cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = default_cases;
    }
    // Failures are reported with their minimal input; no regression files in the tree.
    config.failure_persistence = None;
    config
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 14, 30, 0).unwrap()
}

/// The demo session's export, made once.
fn demo_export() -> &'static [u8] {
    static EXPORT: OnceLock<Vec<u8>> = OnceLock::new();
    EXPORT.get_or_init(|| {
        let record = rapporteur::demo::demo_record(SessionId(1), t0());
        json::render(&record, Scope::default()).unwrap()
    })
}

/// The demo session as a merge leaves it: a conflict of every kind.
fn demo_with_conflicts() -> SessionRecord {
    use rapporteur::domain::conflict::Disputed;
    use rapporteur::domain::{Attendance, Conflict, ConflictId};
    let mut record = rapporteur::demo::demo_record(SessionId(1), t0());
    let mut other = record.interventions[2].clone();
    other.set_note("Written otherwise by the backup.".into());
    let disputed = [
        Disputed::Intervention {
            id: other.id,
            other: Box::new(other),
        },
        Disputed::MeetingNote {
            meeting: 1,
            other: "Opened at 10:05.".into(),
        },
        Disputed::Venue {
            other: "Room M3".into(),
        },
        Disputed::Attendance {
            participant: record.participants[3].id,
            other: Attendance::Online,
        },
    ];
    for (i, disputed) in disputed.into_iter().enumerate() {
        record.session.conflicts.push(Conflict {
            id: ConflictId(i as u32 + 1),
            from: "backup.json".into(),
            disputed,
        });
    }
    record
}

fn conflicted_export() -> &'static [u8] {
    static EXPORT: OnceLock<Vec<u8>> = OnceLock::new();
    EXPORT.get_or_init(|| json::render(&demo_with_conflicts(), Scope::default()).unwrap())
}

/// The record sorted as `render` writes it, to compare records read from different files.
fn canonical(mut record: SessionRecord) -> SessionRecord {
    record.meetings.sort_by_key(|m| m.number);
    record.agenda.sort_by_key(|a| a.id);
    record.participants.sort_by_key(|p| p.id);
    record.interventions.sort_by_key(|iv| iv.id);
    record.lists.sort_by_key(|l| l.agenda_item);
    record
}

/// Line and column (1-based) of the last position of `bytes`: no error may point past it.
fn end_position(bytes: &[u8]) -> (usize, usize) {
    let lines = bytes.split(|b| *b == b'\n').count();
    let last = bytes.rsplit(|b| *b == b'\n').next().unwrap_or_default();
    (lines.max(1), last.len() + 1)
}

fn check_error(bytes: &[u8], error: &ImportError) -> Result<(), TestCaseError> {
    let message = error.to_string();
    prop_assert!(!message.trim().is_empty());
    prop_assert!(
        message.starts_with(FILE),
        "the error does not name the file: {message}"
    );
    let place = match error {
        ImportError::NotJson { line, column, .. }
        | ImportError::Truncated { line, column, .. }
        | ImportError::Invalid { line, column, .. } => Some((*line, *column)),
        ImportError::NotRapporteur { .. }
        | ImportError::NewerSchema { .. }
        | ImportError::Inconsistent { .. } => None,
    };
    if let Some((line, column)) = place {
        let (last_line, last_column) = end_position(bytes);
        // serde_json counts columns in bytes; an error at the very start says 0.
        prop_assert!(
            line >= 1 && line <= last_line,
            "{message} (the text has {last_line} lines)"
        );
        if line == last_line {
            prop_assert!(
                column <= last_column,
                "{message} (the last line ends at {last_column})"
            );
        }
        prop_assert!(
            message.starts_with(&format!("{FILE}:{line}:{column}: ")),
            "{message}"
        );
    }
    Ok(())
}

fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    match json::parse(bytes, FILE) {
        Err(error) => check_error(bytes, &error),
        Ok(record) => {
            let rendered = json::render(&record, Scope::default()).map_err(|e| {
                TestCaseError::fail(format!("an imported record does not render: {e}"))
            })?;
            let again = json::parse(&rendered, FILE).map_err(|e| {
                TestCaseError::fail(format!("a rendered record does not parse again: {e}"))
            })?;
            prop_assert_eq!(canonical(again.clone()), canonical(record));
            let rendered_again = json::render(&again, Scope::default()).unwrap();
            prop_assert!(rendered == rendered_again, "render is not stable");
            Ok(())
        }
    }
}

/// One change to a file; positions are fractions of its length, so they fit any length.
#[derive(Debug, Clone)]
enum Mutation {
    Flip {
        at: f64,
        bit: u8,
    },
    Insert {
        at: f64,
        byte: u8,
    },
    Delete {
        at: f64,
        len: usize,
    },
    /// A digit becomes another: the likeliest way to a file that is JSON but inconsistent.
    Digit {
        nth: usize,
        digit: u8,
    },
    /// A structural byte (quote, brace, bracket, comma, colon) becomes another.
    Structure {
        nth: usize,
        byte: u8,
    },
    Truncate {
        at: f64,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = 0.0..1.0f64;
    prop_oneof![
        (at.clone(), 0..8u8).prop_map(|(at, bit)| Mutation::Flip { at, bit }),
        (at.clone(), any::<u8>()).prop_map(|(at, byte)| Mutation::Insert { at, byte }),
        (at.clone(), 1..16usize).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), 0..10u8).prop_map(|(nth, digit)| Mutation::Digit { nth, digit }),
        (
            any::<usize>(),
            prop::sample::select(b"\"{}[],:0n-".to_vec())
        )
            .prop_map(|(nth, byte)| Mutation::Structure { nth, byte }),
        at.prop_map(|at| Mutation::Truncate { at }),
    ]
}

fn index(at: f64, len: usize) -> usize {
    ((at * len as f64) as usize).min(len.saturating_sub(1))
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    if bytes.is_empty() {
        return;
    }
    match *m {
        Mutation::Flip { at, bit } => {
            let i = index(at, bytes.len());
            bytes[i] ^= 1 << bit;
        }
        Mutation::Insert { at, byte } => {
            let i = index(at, bytes.len() + 1);
            bytes.insert(i, byte);
        }
        Mutation::Delete { at, len } => {
            let i = index(at, bytes.len());
            let end = (i + len).min(bytes.len());
            bytes.drain(i..end);
        }
        Mutation::Digit { nth, digit } => {
            let digits: Vec<usize> = (0..bytes.len())
                .filter(|&i| bytes[i].is_ascii_digit())
                .collect();
            if !digits.is_empty() {
                bytes[digits[nth % digits.len()]] = b'0' + digit;
            }
        }
        Mutation::Structure { nth, byte } => {
            let places: Vec<usize> = (0..bytes.len())
                .filter(|&i| b"\"{}[],:".contains(&bytes[i]))
                .collect();
            if !places.is_empty() {
                bytes[places[nth % places.len()]] = byte;
            }
        }
        Mutation::Truncate { at } => {
            let i = index(at, bytes.len());
            bytes.truncate(i);
        }
    }
}

#[test]
fn the_demo_export_round_trips() {
    let bytes = demo_export();
    let record = json::parse(bytes, FILE).unwrap();
    assert_eq!(
        record,
        rapporteur::demo::demo_record(SessionId(1), t0()),
        "the demo export does not read back as the demo record"
    );
    check(bytes).unwrap();
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check(&bytes)?;
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
        check(text.as_bytes())?;
    }

    #[test]
    fn an_envelope_around_junk_never_panics(
        version in prop_oneof![Just("1".to_string()), Just("2".to_string()), "-?[0-9]{1,20}(\\.[0-9])?", Just("null".to_string())],
        session in prop_oneof![Just("{}".to_string()), Just("[]".to_string()), Just("null".to_string()), "\\PC{0,60}"],
    ) {
        let text = format!("{{\"format\":\"rapporteur\",\"schema_version\":{version},\"session\":{session}}}");
        check(text.as_bytes())?;
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn a_mutated_export_is_refused_clearly_or_round_trips(
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let mut bytes = demo_export().to_vec();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        check(&bytes)?;
    }
}

#[test]
fn an_export_with_conflicts_round_trips() {
    let record = json::parse(conflicted_export(), FILE).unwrap();
    assert_eq!(record, demo_with_conflicts());
    check(conflicted_export()).unwrap();
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn a_mutated_export_with_conflicts_is_refused_clearly_or_merges(
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let mut bytes = conflicted_export().to_vec();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        check(&bytes)?;
        if let Ok(incoming) = json::parse(&bytes, FILE) {
            let base = rapporteur::demo::demo_record(SessionId(1), t0());
            let merged = rapporteur::import::merge::merge(&base, &incoming, FILE);
            prop_assert!(
                merged.record.interventions.len()
                    <= base.interventions.len() + incoming.interventions.len()
            );
        }
    }
}
