//! The text exports (Markdown, CSV, HTML) of a fixed session full of tricky text, compared
//! with the reviewed files in tests/golden (`RAPPORTEUR_BLESS=1 cargo test --test
//! export_text` rewrites them: review the diff before committing); the CSV read back as a
//! spreadsheet would; the HTML checked for anything that could run or fetch; the atomic
//! write; and `rapporteur export` end to end.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use serde_json::json;

use rapporteur::domain::*;
use rapporteur::export::outline::{self, Block, Outline, Span};
use rapporteur::export::{self, Draft, ExportError, Format, Scope};
use rapporteur::stats::{Statistics, StatsFilter};

/// The fake clock: seconds after 10:00 in Vienna (08:00 UTC) on 2 July 2024.
fn t(secs: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap() + TimeDelta::seconds(secs)
}

const DAY: i64 = 86_400;

/// When the exports are made: the next day, 10:30 in Vienna, while UNICEF has the floor.
fn now() -> DateTime<Utc> {
    t(DAY + 1800)
}

const NGO: &str = "=SUM(A1) \"Network\", Inc.";
const SCRIPT: &str = "<script>alert(1)</script>";

/// One intervention, made from its stored form so that fields added later take defaults.
#[allow(clippy::too_many_arguments)]
fn iv(
    id: u64,
    meeting: u32,
    item: u32,
    speaker: u32,
    kind: &str,
    (from, to): (i64, Option<i64>),
    limit: Option<u32>,
    note: &str,
) -> Intervention {
    let mut iv: Intervention = serde_json::from_value(json!({
        "id": id,
        "meeting": meeting,
        "agenda_item": item,
        "speaker": speaker,
        "kind": kind,
        "started_at": t(from),
        "ended_at": to.map(t),
        "time_limit_secs": limit,
    }))
    .unwrap();
    iv.set_note(note.to_string());
    iv
}

/// A session of two meetings on two days with co-chairs, three agenda items spoken on (and
/// one not), a statement on behalf of a group, a point of order interrupting a speaker, a
/// right of reply over time, a floor given by mistake, a speaker still on the floor, and
/// names and notes full of what breaks tables, spreadsheets and pages.
fn session() -> SessionRecord {
    let mut record = SessionRecord::starter(SessionId(7), t(0), "Europe/Vienna");
    let s = &mut record.session;
    s.body = "Working Group on Trafficking in Persons".into();
    s.number = "Fourteenth session".into();
    s.venue = "Vienna International Centre, Vienna".into();
    s.first_day = chrono::NaiveDate::from_ymd_opt(2024, 7, 2).unwrap();
    s.last_day = chrono::NaiveDate::from_ymd_opt(2024, 7, 5).unwrap();
    s.chairs = vec!["Ms. Ana \"Chair\" Pérez".into(), "Mr. 李明".into()];
    s.topic_labels
        .insert("victim-centred".into(), "Victim-centred approach".into());
    record.meetings[0].note =
        "The Chair opened the session.\n# The agenda was adopted, as \"orally amended\".".into();
    let mut second = record.meetings[0].clone();
    second.number = 2;
    second.date = second.date.succ_opt().unwrap();
    second.note = String::new();
    record.meetings.push(second);
    record.agenda = vec![
        AgendaItem {
            id: AgendaItemId(1),
            number: "1".into(),
            title: "General discussion".into(),
        },
        AgendaItem {
            id: AgendaItemId(2),
            number: "2".into(),
            title: "Child trafficking, \"online\" | platforms".into(),
        },
        AgendaItem {
            id: AgendaItemId(3),
            number: "4 (a)".into(),
            title: "Other matters".into(),
        },
        AgendaItem {
            id: AgendaItemId(4),
            number: "5".into(),
            title: "Adoption of the report".into(),
        },
    ];
    for (i, (name, category, attendance)) in [
        ("France", "member_state", "in_room"),
        ("Côte d'Ivoire", "member_state", "online"),
        ("Hungary", "member_state", "in_room"),
        (NGO, "ngo", "online"),
        ("Russian Federation", "member_state", "in_room"),
        (SCRIPT, "academia", "in_room"),
        ("المملكة العربية السعودية", "member_state", "in_room"),
        ("中国", "member_state", "in_room"),
        ("@x Youth 🌍", "ngo", "online"),
        ("|pipes| Institute", "private_sector", "in_room"),
        (
            "\tTabbed Organization",
            "intergovernmental_organization",
            "in_room",
        ),
        ("UNICEF", "un_entity", "in_room"),
    ]
    .into_iter()
    .enumerate()
    {
        record.participants.push(
            serde_json::from_value(json!({
                "id": i + 1, "name": name, "category": category, "attendance": attendance,
            }))
            .unwrap(),
        );
    }

    let mut hungary = iv(
        2,
        1,
        1,
        3,
        "statement",
        (200, Some(480)),
        Some(300),
        "Speaking on behalf of the EU, said:\n- first, \"protection\";\n- second, prosecution, \
         with 中文 text\n\n# not a heading\n> not a quotation\n#victim-centred",
    );
    hungary.on_behalf_of = Some("European Union".into());
    let mut ivoire = iv(
        3,
        1,
        1,
        2,
        "statement",
        (480, Some(760)),
        Some(180),
        "Les États de la région : coopération renforcée.\n=SUM(A1)\nR: Créer un réseau \
         régional, avec « points focaux ». #international-cooperation",
    );
    ivoire.pauses.push(Pause {
        from: t(550),
        until: Some(t(610)),
    });
    let mut point = iv(
        4,
        1,
        1,
        5,
        "point_of_order",
        (550, Some(610)),
        Some(30),
        "Interpretation was not available online. #procedure",
    );
    point.interrupts = Some(InterventionId(3));
    let mut mistake = iv(5, 1, 1, 9, "statement", (760, Some(765)), Some(180), "oops");
    mistake.given_by_mistake = true;
    let mut ngo = iv(
        6,
        1,
        1,
        4,
        "statement",
        (800, Some(960)),
        Some(180),
        "+cmd\n-1\n@x\n\tA leading tab\n<script>alert(1)</script>\n|pipes|, \"quotes\", \
         commas\n🎉 Emoji and العربية. #online-exploitation #victim-centred",
    );
    ngo.corrections.push(NoteVersion {
        at: t(2000),
        text: ngo.note.clone(),
    });
    ngo.live_record = Some("+cmd".into());
    let reply = iv(
        10,
        2,
        2,
        2,
        "right_of_reply",
        (DAY + 1000, Some(DAY + 1150)),
        Some(120),
        "Rejected the figures cited. #data-collection",
    );
    let mut youth = iv(
        11,
        2,
        3,
        9,
        "statement",
        (DAY + 1200, Some(DAY + 1300)),
        Some(180),
        "R: Hear young people, \"not only adults\". #recommendation #youth",
    );
    youth.on_behalf_of = Some("+cmd, \"Youth Caucus\"".into());
    record.interventions = vec![
        iv(
            1,
            1,
            1,
            1,
            "statement",
            (0, Some(200)),
            Some(180),
            "Welcomed the \"comprehensive\" report, and the Secretariat's work.\n\
             See [the plan](javascript:alert(1)) and ![](//tracker.example/p.png) \
             `<b>x</b>`{=html}\u{7} \u{202E}fdp.exe\n\
             R: Adopt national action plans, by 2026. #action-plans\n#victim-centred",
        ),
        hungary,
        ivoire,
        point,
        mistake,
        ngo,
        iv(
            7,
            2,
            2,
            8,
            "statement",
            (DAY, Some(DAY + 170)),
            Some(180),
            "我们支持 #international-cooperation。\nR: 加强数据收集 #data-collection",
        ),
        iv(
            8,
            2,
            2,
            7,
            "statement",
            (DAY + 200, Some(DAY + 400)),
            Some(180),
            "أكد على أهمية التعاون الدولي.\nR: إنشاء قاعدة بيانات إقليمية #data-collection",
        ),
        iv(
            9,
            2,
            2,
            6,
            "statement",
            (DAY + 420, Some(DAY + 590)),
            Some(180),
            "<script>alert(1)</script> was the title of the talk; <img src=x onerror=alert(1)> \
             too. #online-exploitation",
        ),
        reply,
        youth,
        iv(
            12,
            2,
            3,
            12,
            "statement",
            (DAY + 1600, None),
            Some(180),
            "Still speaking: every child is a child first. #victim-centred",
        ),
    ];
    record
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Compares with the golden file, or writes it when `RAPPORTEUR_BLESS=1`.
fn golden(name: &str, actual: &[u8]) {
    let path = golden_dir().join(name);
    if std::env::var("RAPPORTEUR_BLESS").as_deref() == Ok("1") {
        std::fs::create_dir_all(golden_dir()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {} ({e}): run `RAPPORTEUR_BLESS=1 cargo test --test export_text` \
             and review the file",
            path.display()
        )
    });
    if expected != actual {
        let (a, e) = (
            String::from_utf8_lossy(actual),
            String::from_utf8_lossy(&expected),
        );
        let line = a
            .lines()
            .zip(e.lines())
            .position(|(a, e)| a != e)
            .unwrap_or_else(|| a.lines().count().min(e.lines().count()));
        panic!(
            "{name} differs from {} at line {}:\n  expected: {:?}\n    actual: {:?}\n\
             If the change is intended, run `RAPPORTEUR_BLESS=1 cargo test --test export_text` \
             and review the diff.",
            path.display(),
            line + 1,
            e.lines().nth(line).unwrap_or("(end of file)"),
            a.lines().nth(line).unwrap_or("(end of file)"),
        );
    }
}

fn render(format: Format, scope: Scope) -> Vec<u8> {
    export::render(&session(), scope, format, now()).unwrap()
}

#[test]
fn markdown_matches_its_golden_file() {
    golden("session.md", &render(Format::Md, Scope::default()));
}

#[test]
fn markdown_of_one_agenda_item_says_so() {
    let scope = Scope {
        meeting: None,
        agenda_item: Some(AgendaItemId(2)),
    };
    let md = String::from_utf8(render(Format::Md, scope)).unwrap();
    assert!(md.contains(
        "**This draft covers only: Item 2: Child trafficking, \"online\" \\| platforms, \
         Wednesday 3 July 2024.**"
    ));
    assert!(!md.contains("## Item 1"));
    golden("item-2.md", md.as_bytes());
}

#[test]
fn csv_matches_its_golden_file() {
    golden("session.csv", &render(Format::Csv, Scope::default()));
}

#[test]
fn html_matches_its_golden_file() {
    golden("session.html", &render(Format::Html, Scope::default()));
}

/// The words of the Markdown as a reader sees them: backslash escapes removed.
fn unescape(cell: &str) -> String {
    let mut out = String::new();
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The cells of a Markdown table row, split on unescaped `|`.
fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|');
    let mut out = vec![String::new()];
    let mut escaped = false;
    for c in inner.chars() {
        match c {
            '|' if !escaped => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
        escaped = c == '\\' && !escaped;
    }
    out.pop(); // after the closing `|`
    out.iter().map(|c| unescape(c.trim())).collect()
}

/// "1 h 2 min 5 s" or "3 min 20 s" as seconds.
fn seconds(words: &str) -> i64 {
    let parts: Vec<&str> = words.split(' ').collect();
    parts
        .chunks(2)
        .map(|pair| {
            let n: i64 = pair[0].parse().unwrap();
            match pair[1] {
                "h" => n * 3600,
                "min" => n * 60,
                "s" => n,
                unit => panic!("not a unit of time: {unit} in {words:?}"),
            }
        })
        .sum()
}

/// The rows of the table under `### {title}` in the Markdown.
fn table(md: &str, title: &str) -> Vec<Vec<String>> {
    let start = md
        .find(&format!("### {title}\n"))
        .expect("the table's heading");
    md[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(cells)
        .collect()
}

#[test]
fn the_speaking_time_tables_are_the_statistics() {
    let record = session();
    let md = String::from_utf8(render(Format::Md, Scope::default())).unwrap();
    let stats = Statistics::of(&record, now(), StatsFilter::default());

    let rows = table(&md, "By delegation");
    assert_eq!(rows.len(), stats.by_delegation.len());
    for (row, (name, category, time)) in rows.iter().zip(&stats.by_delegation) {
        assert_eq!(row[0], name.trim(), "{row:?}");
        assert_eq!(row[1], rapporteur::export::words::category_name(*category));
        assert_eq!(row[2].parse::<usize>().unwrap(), time.interventions);
        assert_eq!(seconds(&row[3]), time.total_secs, "{row:?}");
        assert_eq!(row[4].parse::<usize>().unwrap(), time.over_time);
        assert_eq!(seconds(&row[5]), time.overtime_secs, "{row:?}");
    }

    let rows = table(&md, "By category");
    assert_eq!(rows.len(), stats.by_category.len() + 1, "and a total row");
    for (row, (category, time)) in rows.iter().zip(&stats.by_category) {
        assert_eq!(row[0].to_lowercase(), category.label().to_lowercase());
        assert_eq!(row[1].parse::<usize>().unwrap(), time.interventions);
        assert_eq!(seconds(&row[2]), time.total_secs);
        assert_eq!(row[3].parse::<usize>().unwrap(), time.over_time);
        assert_eq!(seconds(&row[4]), time.overtime_secs);
    }
    // The floor given by mistake does not count; UNICEF's time runs to `now`.
    assert_eq!(stats.total.interventions, 11);
    assert!(md.contains(&format!(
        "{} interventions in all, {} spoken",
        stats.total.interventions,
        rapporteur::export::words::duration(stats.total.total_secs)
    )));
}

#[test]
fn markdown_keeps_notes_line_for_line_and_its_structure_whole() {
    let md = String::from_utf8(render(Format::Md, Scope::default())).unwrap();
    // Every line of a note is quoted; the lines a note would turn into structure are escaped.
    assert!(md.contains("> \\# not a heading  \n> \\> not a quotation\n"));
    assert!(md.contains("> \\<script>alert(1)\\</script>  \n"));
    assert!(md.contains("> - first, \"protection\";  \n"));
    // No line of user text starts a heading of its own: the headings are ours.
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with('#')).collect();
    assert!(headings.iter().all(|h| h.starts_with("# Working Group")
        || h.starts_with("## ")
        || h.starts_with("### ")));
    assert!(
        !md.contains("#victim-centred"),
        "tags are topics, not prose"
    );
    // Tables keep their columns whatever the names hold: every row as wide as its header.
    let mut header_width = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            header_width = None;
            continue;
        }
        let width = cells(line).len();
        assert_eq!(*header_width.get_or_insert(width), width, "{line}");
    }
    assert!(md.contains("The statements mainly focused on the following topics:"));
    assert!(md.contains(
        "**2\\. Hungary**, on behalf of the European Union — statement, 10:03, 4 min 40 s\n"
    ));
    assert!(md.contains("right of reply, 10:16, 2 min 30 s, 30 s over the limit of 2 min"));
    assert!(md.contains("point of order, 10:09, 1 min\n"));
    assert!(md.contains("3 min 20 s so far (has the floor), 20 s over the limit of 3 min"));
}

#[test]
fn the_csv_reads_back_as_written_and_runs_nothing() {
    let bytes = render(Format::Csv, Scope::default());
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "the byte order mark");
    let header_end = bytes.windows(2).position(|w| w == b"\r\n").unwrap();
    assert!(!bytes[..header_end].contains(&b'\n'), "CRLF line ends");

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(&bytes[3..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "Session",
            "Meeting",
            "Agenda item",
            "Order",
            "Speaker",
            "Category",
            "On behalf of",
            "Kind",
            "Start",
            "End",
            "Recording offset",
            "Duration (s)",
            "Time limit (s)",
            "Overtime (s)",
            "In room / online",
            "Tags",
            "Note",
            "Conflict"
        ]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(
        rows.len(),
        12,
        "one row per intervention, the floor taken back too"
    );
    assert!(
        rows.iter()
            .any(|r| r[7] == "statement (floor taken back)" && r[16] == "oops"),
        "the floor taken back is flagged, its note kept"
    );

    let france = &rows[0];
    assert_eq!(
        france,
        &[
            "Working Group on Trafficking in Persons, Fourteenth session",
            "1",
            "1",
            "1",
            "France",
            "Member State",
            "",
            "statement",
            "2024-07-02T10:00:00+02:00",
            "2024-07-02T10:03:20+02:00",
            "",
            "200",
            "180",
            "20",
            "in room",
            "action-plans; victim-centred",
            "Welcomed the \"comprehensive\" report, and the Secretariat's work.\n\
             See [the plan](javascript:alert(1)) and ![](//tracker.example/p.png) \
             `<b>x</b>`{=html} fdp.exe\n\
             R: Adopt national action plans, by 2026. #action-plans\n#victim-centred",
            "",
        ]
    );
    let ngo = rows.iter().find(|r| r[4].contains("Network")).unwrap();
    assert_eq!(ngo[4], format!("'{NGO}"));
    assert_eq!(ngo[5], "NGO");
    assert_eq!(ngo[14], "online");
    assert_eq!(ngo[15], "online-exploitation; victim-centred");
    assert_eq!(
        ngo[16],
        "'+cmd\n-1\n@x\n\tA leading tab\n<script>alert(1)</script>\n|pipes|, \"quotes\", \
         commas\n🎉 Emoji and العربية. #online-exploitation #victim-centred"
    );
    let point = rows.iter().find(|r| r[7] == "point of order").unwrap();
    assert_eq!(
        (&point[11][..], &point[12][..], &point[13][..]),
        ("60", "30", "0")
    );
    let ivoire = rows.iter().find(|r| r[4] == "Côte d'Ivoire").unwrap();
    assert_eq!(
        ivoire[11], "220",
        "the pause for the point of order left out"
    );
    let youth = rows
        .iter()
        .find(|r| r[4].contains("Youth") && !r[7].contains("taken back"))
        .unwrap();
    assert_eq!(youth[4], "'@x Youth 🌍");
    assert_eq!(youth[6], "'+cmd, \"Youth Caucus\"");
    assert_eq!(youth[2], "4 (a)");
    let unicef = rows.last().unwrap();
    assert_eq!(unicef[4], "UNICEF");
    assert_eq!(unicef[9], "", "still on the floor: no end");
    assert_eq!(unicef[11], "200");
    assert_eq!(unicef[13], "20");

    // No text cell anywhere starts as a formula would.
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell a spreadsheet would run: {cell:?}"
            );
        }
    }
}

#[test]
fn the_page_escapes_every_user_text_and_fetches_nothing() {
    let html = String::from_utf8(render(Format::Html, Scope::default())).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    let lower = html.to_lowercase();
    assert!(
        !lower.contains("<script"),
        "no script, from user text or ours"
    );
    assert!(!lower.contains("<img"));
    assert!(!lower.contains("http:") && !lower.contains("https:"));
    // Every tag is ours (user text has no `<` left): none fetches or links anything.
    for tag in html
        .split('<')
        .skip(1)
        .map(|rest| rest.split('>').next().unwrap())
    {
        let tag = tag.to_lowercase();
        assert!(
            !tag.contains("src=") && !tag.contains("href=") && !tag.contains("url("),
            "<{tag}>"
        );
    }
    assert!(!lower.contains("@import") && !lower.contains("url("));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("aria-label=\"&lt;script&gt;alert(1)&lt;/script&gt;: 2 min 50 s\""));
    assert!(html.contains("=SUM(A1) &quot;Network&quot;, Inc."));
    assert!(html.contains("Côte d&#39;Ivoire"));
    assert!(
        html.contains("المملكة العربية السعودية") && html.contains("中国") && html.contains("🌍")
    );
    // A bar per delegation in the chart.
    let stats = Statistics::of(&session(), now(), StatsFilter::default());
    assert_eq!(
        html.matches("class=\"track\"").count(),
        stats.by_delegation.len()
    );
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect()
}

#[test]
fn a_failed_write_leaves_the_existing_file_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("summary.md");
    std::fs::write(&path, "yesterday's summary").unwrap();

    // The disk fills up half-way through.
    let err = export::write_atomic_with(&path, |file| {
        use std::io::Write as _;
        file.write_all(b"# half of today's")?;
        Err(std::io::Error::from_raw_os_error(28))
    })
    .unwrap_err();
    assert!(matches!(err, ExportError::DiskFull { .. }), "{err:?}");
    assert!(err
        .to_string()
        .starts_with("the disk is full: nothing was written to "));
    assert!(err.to_string().contains("summary.md"));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "yesterday's summary"
    );
    assert!(leftovers(dir.path()).is_empty());

    // A folder that is a file (permissions would not stop root; this stops everyone).
    let not_a_folder = dir.path().join("notes.txt");
    std::fs::write(&not_a_folder, "a file").unwrap();
    let target = not_a_folder.join("summary.md");
    let err = export::export_to_file(&session(), Scope::default(), Format::Md, &target, now())
        .unwrap_err();
    assert!(matches!(err, ExportError::NotAFolder { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("notes.txt is a file, not a folder"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&not_a_folder).unwrap(), "a file");
    assert!(leftovers(dir.path()).is_empty());

    // And a successful export replaces the file whole.
    export::export_to_file(&session(), Scope::default(), Format::Md, &path, now()).unwrap();
    let md = std::fs::read(&path).unwrap();
    assert_eq!(md, render(Format::Md, Scope::default()));
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn a_session_of_ten_thousand_interventions_exports_quickly() {
    let mut record = session();
    let template = record.interventions.clone();
    record.interventions = (0..10_000u64)
        .map(|i| {
            let mut iv = template[(i % 12) as usize].clone();
            iv.id = InterventionId(i + 1);
            iv.given_by_mistake = false;
            iv.speaker = ParticipantId((i % 12) as u32 + 1);
            iv.started_at = t(i as i64 * 200);
            iv.ended_at = Some(t(i as i64 * 200 + 150));
            iv.pauses.clear();
            iv
        })
        .collect();
    for format in [Format::Md, Format::Csv, Format::Html] {
        let started = std::time::Instant::now();
        let bytes = export::render(&record, Scope::default(), format, now()).unwrap();
        let took = started.elapsed();
        eprintln!("{format:?}: {} bytes in {took:?}", bytes.len());
        assert!(bytes.len() > 1_000_000);
        // Generous for a debug build; a release build takes a small fraction of this. A
        // quadratic export would take minutes.
        assert!(took.as_secs_f64() < 5.0, "{format:?} took {took:?}");
    }
}

/// `rapporteur` with a store of its own, never the user's.
fn rapporteur(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapporteur"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("RAPPORTEUR_DB")
        .output()
        .unwrap()
}

#[test]
fn rapporteur_export_writes_files_and_standard_output_and_explains_mistakes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    let demo = rapporteur(&db, &["demo"]);
    assert!(demo.status.success(), "{demo:?}");

    let md_path = dir.path().join("x.md");
    let out = rapporteur(
        &db,
        &["export", "--format", "md", "-o", md_path.to_str().unwrap()],
    );
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with(&format!(
            "Wrote {} (md, 3 agenda items, 28 interventions, ",
            md_path.display()
        )),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
    let md = std::fs::read_to_string(&md_path).unwrap();
    assert!(md.starts_with("# Working Group on Trafficking in Persons, Thirteenth session\n"));
    assert!(md.contains("## Speaking time"));
    assert!(leftovers(dir.path()).is_empty());

    let out = rapporteur(&db, &["export", "--format", "csv"]);
    assert!(out.status.success(), "{out:?}");
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBF"));
    let rows = csv::Reader::from_reader(&out.stdout[3..])
        .records()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    assert_eq!(rows.len(), 28);

    let out = rapporteur(
        &db,
        &["export", "--format", "csv", "--agenda-item", "2", "-o", "-"],
    );
    assert!(out.status.success(), "{out:?}");
    let rows = csv::Reader::from_reader(&out.stdout[3..])
        .records()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    assert!(!rows.is_empty() && rows.iter().all(|r| &r[2] == "2"));

    let out = rapporteur(&db, &["export", "--format", "pdf"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("unknown format \"pdf\": choose one of md, docx, csv, json, html"),
        "{stderr}"
    );

    let out = rapporteur(&db, &["export", "--format", "md", "--agenda-item", "9"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no agenda item \"9\": the agenda's items are 1, 2, 3, 4, 5, 6"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());

    let out = rapporteur(&db, &["export", "--format", "md", "--meeting", "99"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no meeting 99"));

    let blocked = dir.path().join("x.md").join("y.md");
    let out = rapporteur(
        &db,
        &["export", "--format", "md", "-o", blocked.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a file, not a folder"));
    assert_eq!(std::fs::read_to_string(&md_path).unwrap(), md, "untouched");
}

/// The words of a rendering as a reader finds them, in order: Markdown without its escapes,
/// the page without its tags, the Word document's runs.
fn words_of(format: Format, bytes: &[u8]) -> String {
    match format {
        Format::Md => unescape(std::str::from_utf8(bytes).unwrap()),
        Format::Html => {
            let html = std::str::from_utf8(bytes).unwrap();
            let body = &html[html.find("<body>").unwrap()..];
            let mut text = String::new();
            let mut in_tag = false;
            for c in body.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' if in_tag => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            unentity(&text)
        }
        Format::Docx => {
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            let mut xml = String::new();
            std::io::Read::read_to_string(
                &mut archive.by_name("word/document.xml").unwrap(),
                &mut xml,
            )
            .unwrap();
            let mut text = String::new();
            for piece in xml.split('<').skip(1) {
                let (tag, after) = piece.split_once('>').unwrap();
                if tag.starts_with("w:tab") {
                    text.push('\t');
                } else if tag == "/w:p" {
                    text.push('\n');
                } else if tag.starts_with("w:t")
                    && !tag.starts_with("w:tbl")
                    && !tag.starts_with("w:tc")
                    && !tag.starts_with("w:tr")
                {
                    text.push_str(after);
                }
            }
            unentity(&text)
        }
        other => panic!("{other:?} is not a draft"),
    }
}

fn unentity(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[test]
fn the_three_drafts_say_the_same_things_in_the_same_order() {
    let record = session();
    for scope in [
        Scope::default(),
        Scope {
            meeting: None,
            agenda_item: Some(AgendaItemId(2)),
        },
        Scope {
            meeting: Some(2),
            agenda_item: None,
        },
    ] {
        let outline = Outline::of(&Draft::of(&record, scope, now()));
        let texts = outline.texts();
        assert!(texts.len() > 50, "{scope:?}: {} texts", texts.len());
        for format in [Format::Md, Format::Html, Format::Docx] {
            let words = words_of(format, &render(format, scope));
            let mut at = 0;
            for text in &texts {
                match words[at..].find(text.as_str()) {
                    Some(found) => at += found + text.len(),
                    None => panic!("{format:?} of {scope:?} lacks, or has out of order: {text:?}"),
                }
            }
        }
    }
}

#[test]
fn the_draft_has_every_agenda_item_and_its_sections() {
    let outline = Outline::of(&Draft::of(&session(), Scope::default(), now()));
    let headings: Vec<&str> = outline
        .sections
        .iter()
        .map(|s| s.heading.as_str())
        .collect();
    assert_eq!(
        headings,
        [
            "Participation",
            "Proceedings",
            "Item 1: General discussion",
            "Item 2: Child trafficking, \"online\" | platforms",
            "Item 4 (a): Other matters",
            "Item 5: Adoption of the report",
            "Topics raised",
            "Recommendations",
            "List of speakers",
            "Speaking time",
            "Annex: List of participants",
        ]
    );
    let adoption = &outline.sections[5];
    assert_eq!(
        adoption.blocks,
        [Block::Paragraph(vec![Span::plain(outline::NO_STATEMENTS)])]
    );
    let md = String::from_utf8(render(Format::Md, Scope::default())).unwrap();
    assert!(md
        .contains("## Item 5: Adoption of the report\n\nNo statements were made under this item."));
}

/// The figures of a table as numbers, its first column left out.
fn figures(row: &[String]) -> Vec<usize> {
    row[1..].iter().map(|c| c.parse().unwrap()).collect()
}

#[test]
fn participation_totals_add_up() {
    let record = session();
    let outline = Outline::of(&Draft::of(&record, Scope::default(), now()));
    let tables: Vec<&outline::Table> = outline.sections[0]
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(tables.len(), 2, "the roster, and who took the floor");
    for table in &tables {
        let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names[2..], ["In the room", "Online"]);
        let mut sums = vec![0; 3];
        for row in &table.rows {
            let n = figures(row);
            assert_eq!(
                n[0],
                n[1] + n[2],
                "each row: room and screen make the whole {row:?}"
            );
            for (sum, n) in sums.iter_mut().zip(n) {
                *sum += n;
            }
        }
        assert_eq!(figures(table.total.as_ref().unwrap()), sums);
    }
    assert_eq!(
        figures(tables[0].total.as_ref().unwrap())[0],
        record.participants.len()
    );
    // Ten spoke: the floor given by mistake to a speaker who spoke later is theirs anyway.
    assert_eq!(figures(tables[1].total.as_ref().unwrap()), [10, 7, 3]);
    // Categories named one way in every table of the draft.
    let md = String::from_utf8(render(Format::Md, Scope::default())).unwrap();
    assert!(md.contains("| Academia | 1 |") && !md.contains("| academia |"));
}

#[test]
fn tags_are_topics_with_readable_names_and_leave_the_prose() {
    for format in [Format::Md, Format::Html, Format::Docx] {
        let words = words_of(format, &render(format, Scope::default()));
        for tag in [
            "#victim-centred",
            "#data-collection",
            "#recommendation",
            "#youth",
        ] {
            assert!(!words.contains(tag), "{format:?} still says {tag}");
        }
        for name in [
            "Victim-centred approach",
            "Data collection",
            "International cooperation",
        ] {
            assert!(words.contains(name), "{format:?} lacks the topic {name}");
        }
        assert!(words.contains("Hear young people, \"not only adults\"."));
        assert!(words.contains("Hungary, on behalf of the European Union"));
        assert!(!words.contains("04:40") && words.contains("10:03, 4 min 40 s"));
    }
}

#[test]
fn links_images_controls_and_reordering_from_a_note_stay_inert_in_every_format() {
    let md = String::from_utf8(render(Format::Md, Scope::default())).unwrap();
    assert!(md.contains(
        "> See \\[the plan\\](javascript:alert(1)) and !\\[\\](//tracker.example/p.png) \
         \\`\\<b>x\\</b>\\`{=html} fdp.exe  \n"
    ));
    for format in [Format::Md, Format::Html, Format::Docx, Format::Csv] {
        let bytes = render(format, Scope::default());
        // The Word document is compressed: its text is read out of it.
        let text = match format {
            Format::Docx => words_of(format, &bytes),
            _ => String::from_utf8_lossy(&bytes).into_owned(),
        };
        assert!(
            !text.contains('\u{202E}'),
            "{format:?} keeps a reordering character"
        );
        assert!(
            !text.contains('\u{7}'),
            "{format:?} keeps a control character"
        );
    }
}

/// pandoc, where installed, reads the Markdown draft as the secretariat would convert it:
/// no link and no image may come out of a note.
#[test]
fn pandoc_makes_no_link_or_image_of_a_note() {
    let md = render(Format::Md, Scope::default());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.md");
    std::fs::write(&path, &md).unwrap();
    // pandoc's own Markdown, and GitHub's, which makes links of bare addresses too.
    for reader in ["markdown", "gfm"] {
        let run = Command::new("pandoc")
            .arg(&path)
            .args(["-f", reader, "-t", "html"])
            .output();
        let out = match run {
            Ok(out) => out,
            Err(e) => {
                eprintln!(
                    "skipped: pandoc could not be run ({e}); install pandoc to run this check"
                );
                return;
            }
        };
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let html = String::from_utf8(out.stdout).unwrap().to_lowercase();
        assert!(!html.contains("<a "), "{reader}: a link: {html}");
        assert!(!html.contains("<img"), "{reader}: an image: {html}");
        assert!(
            !html.contains("<b>x</b>"),
            "{reader}: raw HTML passed through"
        );
        assert!(
            html.contains("javascript:alert(1)"),
            "{reader}: the text itself stays"
        );
    }
}

#[test]
fn the_sessions_topic_labels_travel_in_its_json_and_older_files_read_without_them() {
    let record = session();
    let json = export::render(&record, Scope::default(), Format::Json, now()).unwrap();
    let back = export::json::parse(&json, "session.json").unwrap();
    assert_eq!(
        back.session
            .topic_labels
            .get("victim-centred")
            .map(String::as_str),
        Some("Victim-centred approach")
    );
    // A file written before sessions had labels.
    let mut older: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let removed = older["session"]["session"]
        .as_object_mut()
        .expect("the session in the file")
        .remove("topic_labels");
    assert!(removed.is_some(), "the labels were in the file");
    let bytes = serde_json::to_vec(&older).unwrap();
    let back = export::json::parse(&bytes, "older.json").unwrap();
    assert!(back.session.topic_labels.is_empty());
}
