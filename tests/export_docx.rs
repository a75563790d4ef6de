//! The Word version of the Chair's summary draft: rendered from a fixed session with tricky
//! text, opened again as a zip, its XML read back.

use std::io::Read;

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use serde_json::json;

use rapporteur::domain::{AgendaItem, AgendaItemId, Intervention, SessionId, SessionRecord};
use rapporteur::export::{render, Format, Scope};

/// 10:00 in Vienna on the second day, plus `secs`.
fn t(secs: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap() + TimeDelta::seconds(secs)
}

const SCRIPT_NOTE: &str = "She said \"no\" & <script>alert('x')</script> in the room\n\
=SUM(A1)\n\
\n\
الاتجار بالأشخاص جريمة\n\
儿童拐卖问题 😀\n\
bell\u{1}here\n\
col1\tcol2 #child-trafficking\n\
R: Strengthen <cooperation> & share data";

fn intervention(
    id: u64,
    speaker: u32,
    item: u32,
    (from, to): (i64, i64),
    limit: Option<u32>,
    note: &str,
) -> Intervention {
    let mut iv: Intervention = serde_json::from_value(json!({
        "id": id,
        "meeting": 1,
        "agenda_item": item,
        "speaker": speaker,
        "kind": "statement",
        "started_at": t(from),
        "ended_at": t(to),
        "time_limit_secs": limit,
    }))
    .expect("a valid intervention");
    iv.set_note(note.to_string());
    iv
}

/// A session of two items and five participants, with quotes, ampersands, markup, a formula,
/// Arabic, Chinese, an emoji, a control character and a tab in what the rapporteur typed.
fn tricky_session() -> SessionRecord {
    let mut record = SessionRecord::starter(SessionId(7), t(0), "Europe/Vienna");
    let s = &mut record.session;
    s.body = "Working Group on Trafficking in Persons".into();
    s.number = "Fourteenth session".into();
    s.venue = "Vienna International Centre, Vienna".into();
    s.first_day = NaiveDate::from_ymd_opt(2024, 7, 1).unwrap();
    s.last_day = NaiveDate::from_ymd_opt(2024, 7, 4).unwrap();
    s.chairs = vec!["Ms. Ana \"Chair\" Pérez".into(), "Mr. Li & Co".into()];
    record.agenda = vec![
        AgendaItem {
            id: AgendaItemId(1),
            number: "2".into(),
            title: "Child trafficking & \"online\" exploitation".into(),
        },
        AgendaItem {
            id: AgendaItemId(2),
            number: "3".into(),
            title: "Smuggling of migrants".into(),
        },
    ];
    for (i, (name, category, attendance)) in [
        ("Côte d'Ivoire", "member_state", "in_room"),
        ("جمهورية مصر العربية", "member_state", "online"),
        ("中国", "member_state", "in_room"),
        ("\"Survivors' Voices\" & <script>", "ngo", "online"),
        ("University =SUM(A1)", "academia", "in_room"),
    ]
    .into_iter()
    .enumerate()
    {
        record.participants.push(
            serde_json::from_value(json!({
                "id": i + 1, "name": name, "category": category, "attendance": attendance,
            }))
            .expect("a valid participant"),
        );
    }
    let mut egypt = intervention(
        2,
        2,
        1,
        (200, 530),
        Some(300),
        "On the #child-trafficking item: قلق بالغ\nR: Adopt the guidelines",
    );
    egypt.on_behalf_of = Some("Group of 77 & China".into());
    record.interventions = vec![
        intervention(1, 1, 1, (0, 200), Some(180), SCRIPT_NOTE),
        egypt,
        intervention(3, 3, 1, (530, 650), Some(180), "中国代表团 #organ-removal"),
        intervention(4, 4, 2, (700, 900), Some(180), "No note & <b>bold</b>"),
        intervention(5, 5, 2, (900, 960), None, ""),
    ];
    record
}

fn now() -> DateTime<Utc> {
    t(3600)
}

/// The parts of the package, by name.
fn unzip(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut parts = std::collections::BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        if file.is_dir() {
            continue;
        }
        let mut text = String::new();
        file.read_to_string(&mut text).expect("UTF-8 XML");
        parts.insert(file.name().to_string(), text);
    }
    parts
}

/// The paragraphs of document.xml, each as its raw XML.
fn paragraphs(xml: &str) -> Vec<&str> {
    xml.split("</w:p>").collect()
}

fn rendered() -> (Vec<u8>, std::collections::BTreeMap<String, String>) {
    let bytes =
        render(&tricky_session(), Scope::default(), Format::Docx, now()).expect("it renders");
    let parts = unzip(&bytes);
    (bytes, parts)
}

#[test]
fn the_package_has_its_parts() {
    let (bytes, parts) = rendered();
    assert!(bytes.starts_with(b"PK"));
    for part in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/styles.xml",
        "word/numbering.xml",
        "word/_rels/document.xml.rels",
    ] {
        assert!(parts.contains_key(part), "{part} is missing");
    }
    assert!(parts["[Content_Types].xml"].contains("word/document.xml"));
}

#[test]
fn every_piece_of_text_is_there_escaped() {
    let (_, parts) = rendered();
    let xml = &parts["word/document.xml"];
    for expected in [
        // Heading block
        "Working Group on Trafficking in Persons, Fourteenth session",
        "Vienna International Centre, Vienna, 1–4 July 2024",
        "Co-Chairs: Ms. Ana &quot;Chair&quot; Pérez and Mr. Li &amp; Co",
        "Draft for the Chair&apos;s summary, exported 2 July 2024, 11:00 (Europe/Vienna)",
        // Participation
        "The roster lists 5 participants: 3 Member States, 1 NGO and 1 from academia; 3 in the room and 2 online.",
        // Items and interventions
        "Item 2: Child trafficking &amp; &quot;online&quot; exploitation",
        "Item 3: Smuggling of migrants",
        ">1. Côte d&apos;Ivoire<",
        "> — statement, 10:00, 3 min 20 s, 20 s over the limit of 3 min<",
        ">2. جمهورية مصر العربية<",
        ">, on behalf of the Group of 77 &amp; China — statement, 10:03, 5 min 30 s, 30 s over the limit of 5 min — online<",
        "She said &quot;no&quot; &amp; &lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; in the room",
        "=SUM(A1)",
        "الاتجار بالأشخاص جريمة",
        "儿童拐卖问题 😀",
        "bellhere",
        "col1",
        ">col2<",
        "&quot;Survivors&apos; Voices&quot; &amp; &lt;script&gt;",
        "No note &amp; &lt;b&gt;bold&lt;/b&gt;",
        ">2. University =SUM(A1)<",
        "> — statement, 10:15, 1 min<",
        // Topics and recommendations
        "The statements mainly focused on the following topics:",
        ">Child trafficking<",
        " (2 speakers): Côte d&apos;Ivoire, جمهورية مصر العربية",
        ">Organ removal<",
        " (1 speaker): 中国",
        "Strengthen &lt;cooperation&gt; &amp; share data",
        "Adopt the guidelines",
        // Speaking time
        "Speaking time",
        "5 interventions in all, 15 min 10 s spoken; 3 over the limit, by 1 min 10 s in all.",
        "By delegation",
        "By category",
        "Over the limit",
    ] {
        assert!(xml.contains(expected), "missing: {expected}");
    }
    assert!(
        !xml.contains("#child-trafficking"),
        "tags are topics, not prose"
    );
    assert!(!xml.contains("<script>"), "markup in user text is escaped");
    assert!(!xml.contains("<b>"), "markup in user text is escaped");
}

#[test]
fn a_control_character_is_dropped_and_a_tab_kept() {
    let (_, parts) = rendered();
    let xml = &parts["word/document.xml"];
    assert!(!xml.contains('\u{1}'));
    assert!(!xml.contains("&#x1;") && !xml.contains("&#1;"));
    assert!(xml
        .chars()
        .all(|c| c >= ' ' || matches!(c, '\t' | '\n' | '\r')));
    let tabbed = paragraphs(xml)
        .into_iter()
        .find(|p| p.contains("col1"))
        .expect("the tabbed line");
    assert!(tabbed.contains("<w:tab />") || tabbed.contains("<w:tab/>"));
    assert!(
        tabbed.find("col1") < tabbed.find("<w:tab") && tabbed.find("<w:tab") < tabbed.find("col2")
    );
}

#[test]
fn each_line_of_a_note_is_its_own_paragraph_blank_lines_kept() {
    let (_, parts) = rendered();
    let xml = &parts["word/document.xml"];
    let ps = paragraphs(xml);
    let formula = ps
        .iter()
        .position(|p| p.contains("=SUM(A1)</w:t>"))
        .unwrap();
    assert!(!ps[formula].contains("She said"), "one line, one paragraph");
    assert!(
        !ps[formula + 1].contains("<w:t"),
        "the blank line is an empty paragraph"
    );
    assert!(ps[formula + 2].contains("الاتجار"));
}

#[test]
fn headings_use_words_heading_styles_and_styles_xml_defines_them() {
    let (_, parts) = rendered();
    let xml = &parts["word/document.xml"];
    let style_of = |text: &str| -> String {
        let p = paragraphs(xml)
            .into_iter()
            .find(|p| p.contains(&format!(">{text}</w:t>")))
            .unwrap_or_else(|| panic!("no paragraph {text}"));
        let at = p.find("<w:pStyle w:val=\"").expect("a paragraph style") + 17;
        p[at..].split('"').next().unwrap().to_string()
    };
    assert_eq!(
        style_of("Working Group on Trafficking in Persons, Fourteenth session"),
        "Title"
    );
    for heading in [
        "Participation",
        "Item 2: Child trafficking &amp; &quot;online&quot; exploitation",
        "Item 3: Smuggling of migrants",
        "Topics raised",
        "Recommendations",
        "List of speakers",
        "Speaking time",
        "Annex: List of participants",
    ] {
        assert_eq!(style_of(heading), "Heading1", "{heading}");
    }
    for heading in [
        "Child trafficking",
        "Who took the floor",
        "By delegation",
        "By category",
        "By agenda item",
        "Statements on behalf of groups",
    ] {
        assert_eq!(style_of(heading), "Heading2", "{heading}");
    }

    let styles = &parts["word/styles.xml"];
    for (id, name) in [
        ("Title", "Title"),
        ("Heading1", "heading 1"),
        ("Heading2", "heading 2"),
        ("Heading3", "heading 3"),
    ] {
        let at = styles
            .find(&format!("w:styleId=\"{id}\""))
            .unwrap_or_else(|| panic!("style {id} is not defined"));
        let style = &styles[at..at + styles[at..].find("</w:style>").unwrap()];
        assert!(
            style.contains(&format!("<w:name w:val=\"{name}\"")),
            "{id} is named {name}"
        );
    }
    assert!(styles.contains("w:ascii=\"Arial\""), "a sans font");
}

#[test]
fn tables_and_lists_are_real_ones() {
    let (_, parts) = rendered();
    let xml = &parts["word/document.xml"];
    // Participation and who took the floor; speaking time by delegation, category, kind,
    // agenda item and group.
    assert_eq!(xml.matches("<w:tbl>").count(), 7);
    assert!(xml.contains("By kind of intervention"));
    assert!(xml.contains("<w:tblBorders>"));
    assert!(xml.contains("Delegation") && xml.contains("Interventions"));
    // Topics as bullets, recommendations numbered.
    assert!(xml.contains("<w:numPr>"));
    let numbering = &parts["word/numbering.xml"];
    assert!(numbering.contains("w:val=\"bullet\""));
}

#[test]
fn each_numbered_list_counts_from_one() {
    let (_, parts) = rendered();
    let xml = &parts["word/document.xml"];
    let mut lists: Vec<&str> = xml
        .split("<w:numId w:val=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .filter(|id| *id != "2") // the bullets
        .collect();
    lists.dedup();
    // The recommendations, and the list of speakers of each of the two items.
    assert_eq!(lists.len(), 3, "{lists:?}");
    let numbering = &parts["word/numbering.xml"];
    for id in &lists {
        let at = numbering
            .find(&format!("<w:num w:numId=\"{id}\""))
            .unwrap_or_else(|| panic!("numbering {id} is not defined"));
        let num = &numbering[at..at + numbering[at..].find("</w:num>").unwrap()];
        assert!(num.contains("<w:startOverride w:val=\"1\""), "{num}");
    }
}

#[test]
fn the_document_reads_back_with_a_docx_reader() {
    let (bytes, _) = rendered();
    let doc = docx_rs::read_docx(&bytes).expect("the document parses again");
    let texts: Vec<String> = doc
        .document
        .children
        .iter()
        .filter_map(|c| match c {
            docx_rs::DocumentChild::Paragraph(p) => Some(p.raw_text()),
            _ => None,
        })
        .collect();
    assert!(texts
        .iter()
        .any(|t| t.contains("<script>alert('x')</script>")));
    assert!(texts.iter().any(|t| t == "儿童拐卖问题 😀"));
    assert!(texts.iter().any(|t| t == "Recommendations"));
}

#[test]
fn a_scope_and_an_empty_item_render() {
    let scope = Scope {
        meeting: Some(2),
        agenda_item: Some(AgendaItemId(2)),
    };
    let parts = unzip(&render(&tricky_session(), scope, Format::Docx, now()).unwrap());
    let xml = &parts["word/document.xml"];
    assert!(xml.contains("This draft covers only: "));
    assert!(xml.contains("This draft covers only: meeting 2, Item 3: Smuggling of migrants."));
    assert!(xml.contains(
        "No statements were made under this item in the part of the session this draft covers."
    ));
    assert!(!xml.contains("Topics raised"), "no topics, no section");
}

/// Writes the demonstration session's draft to /tmp/demo.docx, and the tricky session's to
/// /tmp/tricky.docx, to open in Word or LibreOffice.
#[test]
#[ignore]
fn write_the_demo_docx() {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 16, 30, 0).unwrap();
    let record = rapporteur::demo::demo_record(SessionId(1), now);
    let bytes = render(&record, Scope::default(), Format::Docx, now).unwrap();
    std::fs::write("/tmp/demo.docx", bytes).unwrap();
    let tricky = render(&tricky_session(), Scope::default(), Format::Docx, t(3600)).unwrap();
    std::fs::write("/tmp/tricky.docx", tricky).unwrap();
}

/// Renders a 10,000-intervention session made of the demo's interventions, repeated, and says
/// how long it took (run in release mode; a manual check, not a timed test).
#[test]
#[ignore]
fn ten_thousand_interventions() {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 16, 30, 0).unwrap();
    let mut record = rapporteur::demo::demo_record(SessionId(1), now);
    let base = record.interventions.clone();
    record.interventions = (0..10_000)
        .map(|i| {
            let mut iv = base[i % base.len()].clone();
            iv.id = rapporteur::domain::InterventionId(i as u64 + 1);
            iv
        })
        .collect();
    let started = std::time::Instant::now();
    let bytes = render(&record, Scope::default(), Format::Docx, now).unwrap();
    eprintln!(
        "10,000 interventions: docx in {:?}, {} bytes",
        started.elapsed(),
        bytes.len()
    );
    std::fs::write("/tmp/demo-10k.docx", bytes).unwrap();
}
