//! The Word draft as a file a secretariat can send on: deflated, numbered pages, its title,
//! author and language set, table headers repeated on each page, and whole when LibreOffice
//! turns the 10,000-intervention draft into a PDF.

use std::io::Read as _;
use std::path::Path;
use std::process::Command;

use chrono::{DateTime, TimeZone, Utc};

use rapporteur::demo::{demo_record, large_record};
use rapporteur::domain::SessionId;
use rapporteur::export::outline::{Block, Outline};
use rapporteur::export::{render, Draft, Format, Scope};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 16, 30, 0).unwrap()
}

fn demo_docx() -> Vec<u8> {
    let record = demo_record(SessionId(1), now());
    render(&record, Scope::default(), Format::Docx, now()).expect("it renders")
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} is in the package"))
        .read_to_string(&mut text)
        .expect("UTF-8 XML");
    text
}

#[test]
fn every_part_is_deflated_and_the_body_shrinks() {
    let bytes = demo_docx();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    for i in 0..archive.len() {
        let file = archive.by_index(i).unwrap();
        if file.is_dir() {
            continue;
        }
        assert_eq!(
            file.compression(),
            zip::CompressionMethod::Deflated,
            "{} is stored uncompressed",
            file.name()
        );
    }
    let body = archive.by_name("word/document.xml").unwrap();
    assert!(
        body.compressed_size() * 3 < body.size(),
        "document.xml: {} bytes deflated from {}",
        body.compressed_size(),
        body.size()
    );
}

#[test]
fn every_page_has_its_number_in_the_footer() {
    let bytes = demo_docx();
    let document = part(&bytes, "word/document.xml");
    assert!(
        document.contains("<w:footerReference w:type=\"default\""),
        "the section names its footer"
    );
    let footer = part(&bytes, "word/footer1.xml");
    assert!(footer.contains(">PAGE<"), "{footer}");
    assert!(footer.contains(">NUMPAGES<"), "{footer}");
    assert!(part(&bytes, "[Content_Types].xml").contains("/word/footer1.xml"));
    assert!(part(&bytes, "word/_rels/document.xml.rels").contains("footer1.xml"));
}

#[test]
fn title_author_and_language_are_set() {
    let bytes = demo_docx();
    let record = demo_record(SessionId(1), now());
    let core = part(&bytes, "docProps/core.xml");
    let title = record.session.title().replace('&', "&amp;");
    assert!(
        core.contains(&format!(
            "<dc:title>Draft Chair's summary: {title}</dc:title>"
        )),
        "{core}"
    );
    let chair = record.session.chairs.first().expect("the demo has a chair");
    assert!(core.contains(&format!("<dc:creator>{chair}")), "{core}");
    assert!(core.contains("<dc:language>en-GB</dc:language>"), "{core}");
    assert!(!core.contains("unknown"), "{core}");
    let styles = part(&bytes, "word/styles.xml");
    assert!(
        styles.contains("<w:lang w:val=\"en-GB\""),
        "the text's language"
    );
}

#[test]
fn every_table_repeats_its_header_row_on_each_page() {
    let bytes = demo_docx();
    let document = part(&bytes, "word/document.xml");
    let tables: Vec<&str> = document.split("<w:tbl>").skip(1).collect();
    assert!(tables.len() >= 3, "the demo draft has its tables");
    for table in tables {
        let rows: Vec<&str> = table.split("</w:tr>").collect();
        assert!(rows[0].contains("<w:tblHeader />"), "the first row repeats");
        assert!(
            rows[1..].iter().all(|r| !r.contains("<w:tblHeader")),
            "only the first row repeats"
        );
    }
}

/// Whether the program can be started (pdftotext has no `--version` that exits with 0).
fn installed(program: &str) -> bool {
    Command::new(program).arg("-v").output().is_ok()
}

/// How many interventions the LibreOffice test drafts: LibreOffice takes minutes over the
/// 10,000 of the large session, so the whole of it runs in the soak runs
/// (`RAPPORTEUR_SOAK=1`) and a draft of some hundred pages otherwise.
fn libreoffice_interventions() -> usize {
    if std::env::var_os("RAPPORTEUR_SOAK").is_some() {
        10_000
    } else {
        400
    }
}

/// The large draft, through LibreOffice to a PDF, ends with its last section on its last
/// page. LibreOffice's PDF of the 10,000-intervention draft once stopped at page 3,605
/// without an error.
#[test]
fn libreoffice_renders_the_large_draft_whole() {
    let (office, pdftotext) = ("soffice", "pdftotext");
    for program in [office, pdftotext] {
        if !installed(program) {
            eprintln!("skipped: {program} is not installed, so the PDF cannot be made or read");
            return;
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let interventions = libreoffice_interventions();
    eprintln!("drafting {interventions} interventions through LibreOffice");
    let record = large_record(SessionId(1), now(), interventions, 200);
    let bytes = render(&record, Scope::default(), Format::Docx, now()).expect("it renders");
    let docx = dir.path().join("large.docx");
    std::fs::write(&docx, bytes).unwrap();

    let converted = Command::new(office)
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&docx)
        // A profile of its own, so that a LibreOffice already open does not take the job.
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .output()
        .expect("LibreOffice runs");
    let pdf = dir.path().join("large.pdf");
    assert!(
        pdf.exists(),
        "no PDF: {}",
        String::from_utf8_lossy(&converted.stderr)
    );

    let whole = pdf_text(pdftotext, &pdf, None);
    let pages = whole.matches('\u{c}').count();
    assert!(
        pages > 1,
        "a draft of {interventions} interventions has pages"
    );
    // Words as a table cell wraps them, one space between.
    let last_page = pdf_text(pdftotext, &pdf, Some(pages))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // The draft's last words, as its outline has them: the end of its last section.
    let draft = Draft::of(&record, Scope::default(), now());
    let outline = Outline::of(&draft);
    let last_words = match outline.sections.last().and_then(|s| s.blocks.last()) {
        Some(Block::List { items, .. }) => items
            .last()
            .map(|spans| spans.iter().map(|s| s.text.as_str()).collect::<String>()),
        Some(Block::Paragraph(spans)) => {
            Some(spans.iter().map(|s| s.text.as_str()).collect::<String>())
        }
        Some(Block::Table(t)) => t.rows.last().and_then(|r| r.first().cloned()),
        Some(Block::Quote(lines)) => lines.last().cloned(),
        Some(Block::Heading { text, .. } | Block::Meeting(text)) => Some(text.clone()),
        None => None,
    }
    .expect("the draft ends with something");
    let last_words = last_words.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [last_words, format!("Page {pages} of {pages}")] {
        assert!(
            last_page.contains(&expected),
            "the last page ({pages}) lacks {expected:?}: {last_page:.600}"
        );
    }
}

/// The text of the PDF, or of one of its pages (from 1).
fn pdf_text(pdftotext: &str, pdf: &Path, page: Option<usize>) -> String {
    let mut command = Command::new(pdftotext);
    if let Some(n) = page {
        command.args(["-f", &n.to_string(), "-l", &n.to_string()]);
    }
    let out = command.arg(pdf).arg("-").output().expect("pdftotext runs");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}
