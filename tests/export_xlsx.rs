//! The workbook for analysis, read back by openpyxl (as pandas reads it): its sheets, real
//! dates and durations as numbers with formats, and the same seconds as the statistics.

use std::process::Command;

use chrono::{TimeZone, Utc};
use serde_json::Value;

use rapporteur::demo::demo_record;
use rapporteur::domain::SessionId;
use rapporteur::export::{render, Draft, Format, Scope};

/// Reads every sheet of the workbook at argv[1]: its name, and each cell as JSON: numbers as
/// numbers, dates as {"date": ISO}, durations as {"seconds": n}, text as text.
const READ_BACK: &str = r#"
import datetime, json, sys
import openpyxl
book = openpyxl.load_workbook(sys.argv[1], read_only=True)
def cell(c):
    v = c.value
    if isinstance(v, datetime.datetime):
        return {"date": v.isoformat(), "format": c.number_format}
    if isinstance(v, datetime.timedelta):
        return {"seconds": round(v.total_seconds()), "format": c.number_format}
    if isinstance(v, datetime.time):
        return {"seconds": v.hour * 3600 + v.minute * 60 + v.second, "format": c.number_format}
    return v
print(json.dumps({ws.title: [[cell(c) for c in row] for row in ws.iter_rows()] for ws in book.worksheets}))
"#;

fn openpyxl() -> Option<&'static str> {
    let ok = Command::new("python3")
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some("python3")
}

#[test]
fn the_workbook_reads_back_with_real_dates_and_durations() {
    let Some(python) = openpyxl() else {
        eprintln!(
            "skipped: python3 with openpyxl is not installed, so the workbook cannot be read back"
        );
        return;
    };
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 16, 30, 0).unwrap();
    let record = demo_record(SessionId(1), now);
    let bytes = render(&record, Scope::default(), Format::Xlsx, now).expect("it renders");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("session.xlsx");
    std::fs::write(&path, bytes).unwrap();

    let out = Command::new(python)
        .args(["-c", READ_BACK])
        .arg(&path)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let book: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let names: Vec<&str> = book
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for sheet in [
        "Interventions",
        "By delegation",
        "By category",
        "By agenda item",
        "Participants",
    ] {
        assert!(names.contains(&sheet), "no sheet {sheet}: {names:?}");
    }

    let draft = Draft::of(&record, Scope::default(), now);
    let rows = book["Interventions"].as_array().unwrap();
    assert_eq!(
        rows.len() - 1,
        draft.rows().count(),
        "one row per intervention"
    );
    let header: Vec<&str> = rows[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h.starts_with(name))
            .unwrap_or_else(|| panic!("no column {name}: {header:?}"))
    };
    for (row, drafted) in rows[1..].iter().zip(draft.rows()) {
        let start = &row[column("Start")];
        assert_eq!(
            start["date"].as_str(),
            Some(
                drafted
                    .start
                    .format("%Y-%m-%dT%H:%M:%S")
                    .to_string()
                    .as_str()
            ),
            "the venue's time, as a date: {row}"
        );
        assert_eq!(start["format"], "yyyy-mm-dd hh:mm:ss");
        let spoken = &row[column("Speaking time")];
        assert_eq!(
            spoken["seconds"].as_i64(),
            Some(drafted.duration_secs),
            "{row}"
        );
        assert_eq!(spoken["format"], "[h]:mm:ss");
        assert_eq!(row[column("Speaker")].as_str(), Some(drafted.speaker));
        assert_eq!(
            row[column("Meeting")].as_f64(),
            Some(f64::from(drafted.intervention.meeting))
        );
    }

    let by_delegation = book["By delegation"].as_array().unwrap();
    let seconds: i64 = by_delegation[1..]
        .iter()
        .map(|r| r[3]["seconds"].as_i64().expect("a duration"))
        .sum();
    assert_eq!(
        seconds, draft.stats.total.total_secs,
        "the statistics' seconds"
    );
    let interventions: f64 = by_delegation[1..]
        .iter()
        .map(|r| r[2].as_f64().expect("a number"))
        .sum();
    assert_eq!(interventions as usize, draft.stats.total.interventions);

    let participants = book["Participants"].as_array().unwrap();
    assert_eq!(participants.len() - 1, record.participants.len());
}
