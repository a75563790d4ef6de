//! Exports of one day or a range of days, in the venue's time, and a CSV with semicolons for
//! spreadsheets set to a decimal comma. Through the real binary.

mod common;

use std::path::{Path, PathBuf};

use common::{rapporteur_in, stderr, succeeds};

/// A store with a large demonstration session, which spans several days.
fn store() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["demo", "--interventions", "300"],
    ));
    (dir, db)
}

/// The days of the Start column (`2024-07-02T10:03:00+02:00`) of a comma CSV, one per row.
fn start_days(csv: &str) -> Vec<String> {
    let mut reader = ::csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let start = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "Start")
        .expect("a Start column");
    reader
        .records()
        .map(|r| r.unwrap()[start][..10].to_string())
        .collect()
}

fn csv(dir: &Path, db: &Path, extra: &[&str]) -> String {
    let mut args = vec!["export", "-f", "csv"];
    args.extend_from_slice(extra);
    succeeds(rapporteur_in(dir, db, &args))
}

#[test]
fn one_day_and_a_range_keep_only_their_interventions() {
    let (dir, db) = store();
    let all = start_days(&csv(dir.path(), &db, &[]));
    let mut days = all.clone();
    days.dedup();
    assert!(days.len() >= 2, "the demo spans days: {days:?}");

    let first = csv(dir.path(), &db, &["--day", &days[0]]);
    let kept = start_days(&first);
    assert!(
        !kept.is_empty() && kept.iter().all(|d| d == &days[0]),
        "{kept:?}"
    );
    assert_eq!(kept.len(), all.iter().filter(|d| *d == &days[0]).count());

    let range = start_days(&csv(
        dir.path(),
        &db,
        &["--from", &days[1], "--to", &days[1]],
    ));
    assert!(range.iter().all(|d| d == &days[1]) && !range.is_empty());
    let open = start_days(&csv(dir.path(), &db, &["--from", &days[1]]));
    assert_eq!(open.len(), all.iter().filter(|d| *d >= &days[1]).count());

    let md = succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["export", "-f", "md", "--day", &days[0]],
    ));
    let day = chrono::NaiveDate::parse_from_str(&days[0], "%Y-%m-%d").unwrap();
    assert!(
        md.contains(&day.format("%-d %B %Y").to_string()),
        "the heading gives the day: {md:.400}"
    );
}

#[test]
fn bad_dates_and_an_empty_range_are_explained() {
    let (dir, db) = store();
    common::refused(
        dir.path(),
        &db,
        [
            (
                vec!["export", "-f", "md", "--day", "2024-02-30"],
                "--day \"2024-02-30\" is not a date: write it as YYYY-MM-DD, e.g. 2024-07-02",
            ),
            (
                vec![
                    "export",
                    "-f",
                    "md",
                    "--from",
                    "2024-07-04",
                    "--to",
                    "2024-07-01",
                ],
                "--from 2024-07-04 is after --to 2024-07-01",
            ),
            (
                vec!["export", "-f", "md", "--day", "1999-01-01"],
                "has nothing recorded on 1 January 1999",
            ),
        ],
    );
}

#[test]
fn a_csv_with_semicolons_for_a_decimal_comma() {
    let (dir, db) = store();
    let text = csv(dir.path(), &db, &["--separator", "semicolon"]);
    let header = text.lines().next().unwrap().trim_start_matches('\u{feff}');
    assert!(
        header.starts_with("Session;Meeting;Agenda item;Order;Speaker;"),
        "{header}"
    );
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let width = reader.headers().unwrap().len();
    assert!(reader.records().all(|r| r.unwrap().len() == width));

    let out = rapporteur_in(
        dir.path(),
        &db,
        &["export", "-f", "md", "--separator", "semicolon"],
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--separator is for CSV files, not md"));
}
