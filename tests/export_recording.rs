//! The record tied to the recording: a meeting's recording start and typing lag, set from the
//! command line, and the interventions exported as WebVTT chapters, SubRip subtitles and an
//! Audacity label track. Every file is read back by a strict parser written here, and by
//! ffmpeg where it is installed.

mod common;

use std::path::{Path, PathBuf};

use chrono::{NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Utc};
use common::{fails, rapporteur_in, succeeds};
use proptest::prelude::*;
use rapporteur::domain::{
    Intervention, InterventionId, InterventionKind, ParticipantId, Recording, SessionRecord,
};
use rapporteur::export::{render, Format, Scope};

/// A cue as read back: start and end in milliseconds, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cue {
    start: u64,
    end: u64,
    text: String,
}

/// `HH:MM:SS<sep>mmm`, two or more digits of hours, minutes and seconds below 60.
fn timestamp(t: &str, sep: char) -> Result<u64, String> {
    let bad = || format!("{t:?} is not a timestamp HH:MM:SS{sep}mmm");
    let (hms, ms) = t.split_once(sep).ok_or_else(bad)?;
    let parts: Vec<&str> = hms.split(':').collect();
    let [h, m, s] = parts.as_slice() else {
        return Err(bad());
    };
    let digits = |x: &str, n: usize, exact: bool| {
        x.bytes().all(|b| b.is_ascii_digit()) && if exact { x.len() == n } else { x.len() >= n }
    };
    if !(digits(h, 2, false) && digits(m, 2, true) && digits(s, 2, true) && digits(ms, 3, true)) {
        return Err(bad());
    }
    let (h, m, s, ms): (u64, u64, u64, u64) = (
        h.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        s.parse().map_err(|_| bad())?,
        ms.parse().map_err(|_| bad())?,
    );
    if m >= 60 || s >= 60 {
        return Err(bad());
    }
    Ok(((h * 60 + m) * 60 + s) * 1000 + ms)
}

/// `START --> END`, nothing else on the line.
fn timings(line: &str, sep: char) -> Result<(u64, u64), String> {
    let (a, b) = line
        .split_once(" --> ")
        .ok_or_else(|| format!("{line:?} is not a cue's timings"))?;
    let (start, end) = (timestamp(a, sep)?, timestamp(b, sep)?);
    if end <= start {
        return Err(format!("{line:?}: the cue ends before it starts"));
    }
    Ok((start, end))
}

/// A WebVTT file read as strictly as the specification writes it: the header, blocks split by
/// one blank line, timings, text with no `-->`, no raw `<` and only the entities we write;
/// starts in order, and chapters that nest or follow each other.
fn parse_vtt(file: &str) -> Result<Vec<Cue>, String> {
    let body = file
        .strip_prefix("WEBVTT\n")
        .ok_or("no WEBVTT header line")?;
    if file.contains('\r') {
        return Err("a carriage return".into());
    }
    let mut cues = Vec::new();
    if body.is_empty() {
        return Ok(cues);
    }
    let body = body
        .strip_prefix('\n')
        .ok_or("no blank line after the header")?;
    let body = body
        .strip_suffix('\n')
        .ok_or("the last line is not ended")?;
    for block in body.split("\n\n") {
        let lines: Vec<&str> = block.split('\n').collect();
        let [time, text @ ..] = lines.as_slice() else {
            return Err(format!("an empty block: {block:?}"));
        };
        let (start, end) = timings(time, '.')?;
        if text.is_empty() || text.iter().any(|l| l.trim().is_empty()) {
            return Err(format!("a cue without text: {block:?}"));
        }
        for line in text {
            if line.contains("-->") || line.contains('<') || line.contains('>') {
                return Err(format!("markup or an arrow in a cue's text: {line:?}"));
            }
            let mut rest = *line;
            while let Some(at) = rest.find('&') {
                rest = &rest[at..];
                let entity = ["&amp;", "&lt;", "&gt;"]
                    .into_iter()
                    .find(|e| rest.starts_with(e))
                    .ok_or_else(|| format!("a bare & in {line:?}"))?;
                rest = &rest[entity.len()..];
            }
        }
        cues.push(Cue {
            start,
            end,
            text: text.join("\n"),
        });
    }
    let mut open: Vec<u64> = Vec::new();
    for (i, c) in cues.iter().enumerate() {
        if i > 0 && c.start < cues[i - 1].start {
            return Err(format!("cue {} starts before the one before it", i + 1));
        }
        while open.last().is_some_and(|&e| e <= c.start) {
            open.pop();
        }
        if open.last().is_some_and(|&e| c.end > e) {
            return Err(format!("cue {} overlaps the chapter it starts in", i + 1));
        }
        open.push(c.end);
    }
    Ok(cues)
}

/// A SubRip file: blocks numbered from 1, timings with a comma, at least one line of text.
fn parse_srt(file: &str) -> Result<Vec<Cue>, String> {
    let mut cues = Vec::new();
    if file.is_empty() {
        return Ok(cues);
    }
    let body = file
        .strip_suffix('\n')
        .ok_or("the last line is not ended")?;
    for (i, block) in body.split("\n\n").enumerate() {
        let lines: Vec<&str> = block.split('\n').collect();
        let [number, time, text @ ..] = lines.as_slice() else {
            return Err(format!("a short block: {block:?}"));
        };
        if *number != (i + 1).to_string() {
            return Err(format!("block {} is numbered {number:?}", i + 1));
        }
        let (start, end) = timings(time, ',')?;
        if text.is_empty()
            || text
                .iter()
                .any(|l| l.trim().is_empty() || l.contains("-->"))
        {
            return Err(format!("a cue without text, or an arrow in it: {block:?}"));
        }
        cues.push(Cue {
            start,
            end,
            text: text.join("\n"),
        });
    }
    Ok(cues)
}

/// Audacity's label track: `start<TAB>end<TAB>text`, seconds with six decimals, start ≤ end,
/// no line that Audacity would read as a label's frequencies.
fn parse_labels(file: &str) -> Result<Vec<Cue>, String> {
    let seconds = |t: &str| -> Result<u64, String> {
        let (s, frac) = t
            .split_once('.')
            .ok_or_else(|| format!("{t:?}: no decimals"))?;
        if s.is_empty()
            || frac.len() != 6
            || !s.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
        {
            return Err(format!("{t:?} is not seconds with six decimals"));
        }
        let f: f64 = t.parse().map_err(|_| format!("{t:?} is not a number"))?;
        Ok((f * 1000.0).round() as u64)
    };
    file.lines()
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let [a, b, text] = fields.as_slice() else {
                return Err(format!("{line:?} has not three fields"));
            };
            let (start, end) = (seconds(a)?, seconds(b)?);
            if end < start || text.starts_with('\\') || text.contains('\r') {
                return Err(format!("{line:?} is not a label"));
            }
            Ok(Cue {
                start,
                end,
                text: text.to_string(),
            })
        })
        .collect()
}

/// The cue count ffmpeg reads from `file` when it converts it to the other subtitle format,
/// or `None` when ffmpeg is not installed.
fn ffmpeg_cues(file: &Path, to: &str) -> Option<usize> {
    let out = file.with_extension(format!("ffmpeg.{to}"));
    let run = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-nostdin", "-y", "-i"])
        .arg(file)
        .arg(&out)
        .output();
    let run = match run {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            println!("skipped: ffmpeg not installed");
            return None;
        }
        other => other.expect("ffmpeg runs"),
    };
    assert!(
        run.status.success() && run.stderr.is_empty(),
        "ffmpeg refused {}: {}",
        file.display(),
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(&out).unwrap();
    Some(text.matches(" --> ").count())
}

/// A store with a demonstration session spread over several meetings.
fn demo_store() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["demo", "--interventions", "120"],
    ));
    (dir, db)
}

/// The starts (venue's time) and recording offsets of meeting `n`'s interventions in the CSV,
/// but those whose floor was taken back.
fn csv_starts(dir: &Path, db: &Path, n: &str) -> Vec<(NaiveDateTime, String)> {
    let csv = succeeds(rapporteur_in(
        dir,
        db,
        &["export", "-f", "csv", "--meeting", n],
    ));
    let mut reader = ::csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (start, offset, kind) = (col("Start"), col("Recording offset"), col("Kind"));
    reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| !r[kind].contains("taken back") && !r[kind].contains("struck"))
        .map(|r| {
            let at = chrono::DateTime::parse_from_rfc3339(&r[start]).unwrap();
            (at.naive_local(), r[offset].to_string())
        })
        .collect()
}

#[test]
fn a_meetings_recording_is_set_from_the_command_line_and_exported_to_every_reader() {
    let (dir, db) = demo_store();
    let (dir, db) = (dir.path(), db.as_path());
    let no_start = fails(rapporteur_in(
        dir,
        db,
        &["export", "-f", "vtt", "--meeting", "1"],
    ));
    assert!(
        no_start.contains("has no recording start")
            && no_start.contains("rapporteur meeting edit 1 --recording-start"),
        "{no_start}"
    );

    let said = succeeds(rapporteur_in(
        dir,
        db,
        &[
            "meeting",
            "edit",
            "--meeting",
            "1",
            "--recording-start",
            "09:58:07",
            "--typing-lag",
            "4s",
        ],
    ));
    assert!(said.starts_with("Changed the 1st meeting"), "{said}");
    let list = succeeds(rapporteur_in(dir, db, &["meeting", "list"]));
    let first = list
        .lines()
        .find(|l| l.trim_start().starts_with("1 "))
        .unwrap();
    assert!(
        first.contains("09:58:07") && first.trim_end().ends_with("4s"),
        "{list}"
    );

    let starts = csv_starts(dir, db, "1");
    assert!(
        starts.len() > 3,
        "the demo's first meeting has interventions"
    );
    let expected: Vec<u64> = {
        let mut v: Vec<u64> = starts
            .iter()
            .map(|(at, _)| {
                let since = *at
                    - at.date()
                        .and_time(NaiveTime::from_hms_opt(9, 58, 7).unwrap());
                (since.num_seconds() - 4) as u64
            })
            .collect();
        v.sort();
        v
    };
    for ((_, offset), secs) in starts.iter().zip(starts.iter().map(|(at, _)| {
        (*at - at
            .date()
            .and_time(NaiveTime::from_hms_opt(9, 58, 7).unwrap()))
        .num_seconds()
            - 4
    })) {
        let s = secs as u64;
        assert_eq!(
            offset,
            &format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
        );
    }

    for (format, parse) in [
        ("vtt", parse_vtt as fn(&str) -> Result<Vec<Cue>, String>),
        ("srt", parse_srt),
        ("labels", parse_labels),
    ] {
        let file = dir.join(format!("meeting1.{format}"));
        // With no --meeting, the one meeting that has a recording.
        let out = rapporteur_in(
            dir,
            db,
            &["export", "-f", format, "-o", file.to_str().unwrap()],
        );
        let said = common::stderr(&out);
        succeeds(out);
        let text = std::fs::read_to_string(&file).unwrap();
        let cues = parse(&text).unwrap_or_else(|e| panic!("{format}: {e}\n{text}"));
        assert!(
            said.contains(&format!(
                "({format}, the 1st meeting's recording, {} cues",
                cues.len()
            )),
            "{said}"
        );
        let mut got: Vec<u64> = cues.iter().map(|c| c.start / 1000).collect();
        got.sort();
        assert_eq!(
            got, expected,
            "{format}: one cue per intervention, at its offset"
        );
        assert!(
            cues.iter().all(|c| c.text.contains(" \u{2014} ")),
            "{format}"
        );
        match format {
            "vtt" => {
                if let Some(n) = ffmpeg_cues(&file, "srt") {
                    assert_eq!(n, cues.len(), "ffmpeg reads every WebVTT cue");
                }
            }
            "srt" => {
                if let Some(n) = ffmpeg_cues(&file, "vtt") {
                    assert_eq!(n, cues.len(), "ffmpeg reads every SubRip cue");
                }
            }
            _ => {}
        }
    }

    succeeds(rapporteur_in(
        dir,
        db,
        &["meeting", "edit", "2", "--recording-start", "15:00"],
    ));
    let which = fails(rapporteur_in(dir, db, &["export", "-f", "vtt"]));
    assert!(which.contains("--meeting"), "{which}");
    succeeds(rapporteur_in(
        dir,
        db,
        &["export", "-f", "srt", "--meeting", "2"],
    ));
    succeeds(rapporteur_in(
        dir,
        db,
        &["meeting", "edit", "1", "--recording-start", "none"],
    ));
    let csv = succeeds(rapporteur_in(
        dir,
        db,
        &["export", "-f", "csv", "--meeting", "1"],
    ));
    assert!(
        csv_starts(dir, db, "1").iter().all(|(_, o)| o.is_empty()),
        "no recording, no offset: {csv}"
    );
}

#[test]
fn a_bad_recording_start_or_lag_is_refused_and_says_what_to_write() {
    let (dir, db) = demo_store();
    let (dir, db) = (dir.path(), db.as_path());
    let before = succeeds(rapporteur_in(dir, db, &["meeting", "list"]));
    common::refused(
        dir,
        db,
        [
            (
                vec!["meeting", "edit", "1", "--recording-start", "25:00"],
                "write the venue's time as HH:MM:SS",
            ),
            (
                vec!["meeting", "edit", "1", "--typing-lag", "11m"],
                "more than 10 minutes",
            ),
            (
                vec!["meeting", "edit", "1", "--typing-lag=-3s"],
                "is not a typing lag",
            ),
            (
                vec!["meeting", "edit", "1", "--typing-lag", "soon"],
                "is not a typing lag",
            ),
            (
                vec!["meeting", "edit", "99", "--typing-lag", "4"],
                "no meeting 99",
            ),
            (vec!["meeting", "edit", "1"], "--recording-start"),
        ],
    );
    assert_eq!(
        succeeds(rapporteur_in(dir, db, &["meeting", "list"])),
        before,
        "nothing changed"
    );
}

/// A session in UTC whose recording started at 08:00:10 with a lag of 4 seconds: a statement
/// before the recording, one whose lag would take it before the start, a statement interrupted
/// by a point of order, a right of reply, and a floor taken back.
fn recorded_session() -> SessionRecord {
    let mut record = common::typing::four_delegations();
    let t0 = Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap();
    record.meetings[0].recording = Recording {
        started_at: Some(t0 + TimeDelta::seconds(10)),
        typing_lag_secs: 4,
    };
    let iv = |id: u64, who: u32, kind, from: i64, to: i64| Intervention {
        ended_at: Some(t0 + TimeDelta::seconds(to)),
        ..Intervention::new(
            InterventionId(id),
            record.meetings[0].number,
            record.agenda[0].id,
            ParticipantId(who),
            kind,
            t0 + TimeDelta::seconds(from),
        )
    };
    let mut taken_back = iv(6, 4, InterventionKind::Statement, 400, 410);
    taken_back.given_by_mistake = true;
    let mut group = iv(2, 2, InterventionKind::Statement, 12, 100);
    group.on_behalf_of = Some("the <Group> of 77 & China --> all".into());
    record.interventions = vec![
        iv(1, 1, InterventionKind::Statement, 0, 9),
        group,
        iv(3, 3, InterventionKind::Statement, 100, 300),
        iv(4, 4, InterventionKind::PointOfOrder, 150, 170),
        iv(5, 1, InterventionKind::RightOfReply, 300, 360),
        taken_back,
    ];
    record
}

fn text_of(record: &SessionRecord, format: Format) -> String {
    let now = Utc.with_ymd_and_hms(2024, 7, 2, 12, 0, 0).unwrap();
    String::from_utf8(render(record, Scope::default(), format, now).unwrap()).unwrap()
}

#[test]
fn points_of_order_and_replies_are_cues_and_a_floor_taken_back_is_not() {
    let record = recorded_session();
    let vtt = text_of(&record, Format::Vtt);
    let cues = parse_vtt(&vtt).unwrap_or_else(|e| panic!("{e}\n{vtt}"));
    let got: Vec<(u64, u64)> = cues.iter().map(|c| (c.start, c.end)).collect();
    assert_eq!(
        got,
        [
            (0, 86_000),
            (86_000, 286_000),
            (136_000, 156_000),
            (286_000, 346_000)
        ],
        "before the recording: no cue; the lag clamped at the start; the point of order \
         inside the statement it interrupted\n{vtt}"
    );
    assert_eq!(
        cues[0].text,
        "China (on behalf of the &lt;Group&gt; of 77 &amp; China --&gt; all) \u{2014} statement"
    );
    assert!(cues[2].text.ends_with("point of order"), "{vtt}");
    assert!(cues[3].text.ends_with("right of reply"), "{vtt}");
    let srt = parse_srt(&text_of(&record, Format::Srt)).unwrap();
    assert_eq!(srt.len(), 4);
    assert!(!srt[0].text.contains("-->"));
    let labels = text_of(&record, Format::Labels);
    assert!(
        labels.starts_with("0.000000\t86.000000\tChina (on behalf of the <Group>"),
        "{labels}"
    );
    assert_eq!(parse_labels(&labels).unwrap().len(), 4);

    let md = text_of(&record, Format::Md);
    // Markdown escapes the brackets.
    assert!(md.contains("before the recording"), "{md}");
    assert!(
        md.contains("rec 0:00:00") && md.contains("rec 0:01:26"),
        "{md}"
    );
}

#[test]
fn the_recording_goes_to_json_and_comes_back() {
    let record = recorded_session();
    let json = text_of(&record, Format::Json);
    assert!(json.contains("\"typing_lag_secs\": 4") || json.contains("\"typing_lag_secs\":4"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("session.json");
    std::fs::write(&file, &json).unwrap();
    let db = dir.path().join("store");
    succeeds(rapporteur_in(
        dir.path(),
        &db,
        &["import", file.to_str().unwrap()],
    ));
    let list = succeeds(rapporteur_in(dir.path(), &db, &["meeting", "list"]));
    assert!(list.contains("08:00:10") && list.contains("4s"), "{list}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_starts_ends_and_lag_give_well_formed_cues(
        start in -100_000i64..100_000,
        lag in 0u32..=600,
        spans in proptest::collection::vec((-50_000i64..200_000, -10_000i64..50_000, 0u8..4), 0..30),
    ) {
        let mut record = common::typing::four_delegations();
        let t0 = Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap();
        record.meetings[0].recording = Recording {
            started_at: Some(t0 + TimeDelta::milliseconds(start)),
            typing_lag_secs: lag,
        };
        let kinds = [
            InterventionKind::Statement,
            InterventionKind::PointOfOrder,
            InterventionKind::RightOfReply,
            InterventionKind::Statement,
        ];
        for (i, (from, length, kind)) in spans.iter().enumerate() {
            let at = t0 + TimeDelta::milliseconds(*from);
            let mut iv = Intervention::new(
                InterventionId(i as u64 + 1),
                record.meetings[0].number,
                record.agenda[0].id,
                ParticipantId(i as u32 % 4 + 1),
                kinds[*kind as usize],
                at,
            );
            // Some still on the floor, some ended before they began (times put right by hand).
            iv.ended_at = (*kind != 3).then(|| at + TimeDelta::milliseconds(*length));
            record.interventions.push(iv);
        }
        record.interventions.sort_by_key(|iv| (iv.started_at, iv.id));
        let vtt = parse_vtt(&text_of(&record, Format::Vtt));
        prop_assert!(vtt.is_ok(), "{:?}", vtt);
        let srt = parse_srt(&text_of(&record, Format::Srt));
        prop_assert!(srt.is_ok(), "{:?}", srt);
        let labels = parse_labels(&text_of(&record, Format::Labels));
        prop_assert!(labels.is_ok(), "{:?}", labels);
        let n = vtt.unwrap().len();
        prop_assert_eq!(srt.unwrap().len(), n);
        prop_assert_eq!(labels.unwrap().len(), n);
    }
}

/// Through the binary in a pseudo-terminal: the key marks the recording's start, a speaker has
/// the floor and is ended, and the exported WebVTT has their cue where the store places it.
#[test]
fn the_key_marks_the_recording_and_the_cue_is_where_the_floor_was_given() {
    use common::WAIT;
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut app = common::start_app(&store, 110, 32);
    app.send("\x1bv"); // alt-v
    app.wait_for("Recording of the 1st meeting marked as started", WAIT)
        .unwrap();
    app.wait_for("rec 0:00:0", WAIT).unwrap();
    common::give_floor_to(&mut app, "France");
    app.send("Supported the draft.");
    app.wait_for("Supported the draft.", WAIT).unwrap();
    common::end_and_quit(&mut app);

    let (started, spoken, ended) = {
        let s = rapporteur::store::Store::open(&store).unwrap();
        let record = s.load(s.most_recent_session().unwrap().unwrap()).unwrap();
        let iv = &record.interventions[0];
        (
            record.meetings[0].recording.started_at.unwrap(),
            iv.started_at,
            iv.ended_at.unwrap(),
        )
    };
    let vtt = succeeds(rapporteur_in(
        dir.path(),
        &store,
        &["export", "-f", "vtt", "-o", "-"],
    ));
    let cues = parse_vtt(&vtt).unwrap_or_else(|e| panic!("{e}\n{vtt}"));
    let ms = |t: chrono::DateTime<Utc>| (t - started).num_milliseconds() as u64;
    assert_eq!(
        cues,
        [Cue {
            start: ms(spoken),
            end: ms(ended).max(ms(spoken) + 1),
            text: "France \u{2014} statement".into()
        }],
        "{vtt}"
    );
}

/// Two rapporteurs' files of one meeting that give it different recording starts: the merge
/// keeps the store's, lists the other as a conflict, and keeping the other puts it in.
#[test]
fn two_recording_starts_of_one_meeting_are_a_conflict_to_settle() {
    let dir = tempfile::tempdir().unwrap();
    let (dir, db) = (dir.path(), dir.path().join("store"));
    let morning = recorded_session();
    let mut other = morning.clone();
    other.meetings[0].recording.started_at =
        Some(Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 20).unwrap());
    for (name, record) in [("a.json", &morning), ("b.json", &other)] {
        std::fs::write(dir.join(name), text_of(record, Format::Json)).unwrap();
    }
    succeeds(rapporteur_in(dir, &db, &["import", "a.json"]));
    succeeds(rapporteur_in(dir, &db, &["import", "b.json"]));
    let list = succeeds(rapporteur_in(dir, &db, &["conflicts", "list"]));
    assert!(
        list.contains("the recording start of meeting 1")
            && list.contains("started 08:00:10, typing lag 4s")
            && list.contains("started 08:00:20, typing lag 4s"),
        "{list}"
    );
    let meetings = succeeds(rapporteur_in(dir, &db, &["meeting", "list"]));
    assert!(
        meetings.contains("08:00:10"),
        "the store's is kept: {meetings}"
    );
    // The only conflict: number 1.
    succeeds(rapporteur_in(dir, &db, &["conflicts", "keep", "1", "2"]));
    let meetings = succeeds(rapporteur_in(dir, &db, &["meeting", "list"]));
    assert!(meetings.contains("08:00:20"), "{meetings}");
}
