//! The Word document as a file: the zip package around the body, its parts deflated, the
//! document's title, author and language set, page numbers in the footer, and the body
//! streamed into the package paragraph by paragraph, so that a session of 100,000
//! interventions never stands whole in memory as a tree of paragraphs.
//!
//! docx-rs builds the small parts (styles, numbering, footer, relationships) from a `Docx`
//! with an empty body; its `document.xml` is then cut at the body, and each paragraph and
//! table the draft gives is written between the two halves as it comes.

use std::io::{self, Cursor, Write};

use docx_rs::{
    AlignmentType, BuildXML as _, Docx, FieldCharType, Footer, InstrNUMPAGES, InstrPAGE, InstrText,
    Paragraph, Run, Table,
};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::super::{Draft, ExportError};

/// The language the drafts are written in, as Word's spelling checker and LibreOffice's
/// hyphenation read it (UN English follows British spelling).
pub const LANGUAGE: &str = "en-GB";
/// The footer's text size, in half-points.
const FOOTER_SIZE: usize = 16;

/// The body of the document, written into the package as it is given.
pub struct Body {
    zip: ZipWriter<Cursor<Vec<u8>>>,
    failed: Option<io::Error>,
}

impl Body {
    pub fn add_paragraph(self, paragraph: Paragraph) -> Self {
        self.write(&paragraph.build())
    }

    /// A table whose first row is its header: Word and LibreOffice repeat it at the top of
    /// each page the table runs onto.
    pub fn add_table(self, table: Table) -> Self {
        self.write(&with_header_row(table.build()))
    }

    fn write(mut self, xml: &[u8]) -> Self {
        if self.failed.is_none() {
            if let Err(e) = self.zip.write_all(xml) {
                self.failed = Some(e);
            }
        }
        self
    }
}

/// Writes the package: `parts` gives the page, styles and lists, `fill` the body.
pub fn write(
    draft: &Draft,
    parts: Docx,
    fill: impl FnOnce(Body) -> Body,
) -> Result<Vec<u8>, ExportError> {
    let xml = parts.footer(page_numbers()).build();
    let (head, tail) = split_at_body(&xml.document)?;
    let failed = |e: &dyn std::fmt::Display| {
        ExportError::Other(format!("could not write the Word document: {e}"))
    };

    // Deflated, a draft is about a tenth of its XML; a first guess at its size saves copies.
    let guess = 64 * 1024 + 200 * draft.stats.total.interventions;
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(guess)));
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .unix_permissions(0o644);
    let core = core_properties(draft);
    let styles = with_language(&xml.styles);
    let before: [(&str, &[u8]); 6] = [
        ("[Content_Types].xml", &xml.content_type),
        ("_rels/.rels", &xml.rels),
        ("docProps/app.xml", &xml.doc_props.app),
        ("docProps/core.xml", core.as_bytes()),
        ("docProps/custom.xml", &xml.doc_props.custom),
        ("word/_rels/document.xml.rels", &xml.document_rels),
    ];
    for (name, bytes) in before {
        zip.start_file(name, deflated).map_err(|e| failed(&e))?;
        zip.write_all(bytes).map_err(|e| failed(&e))?;
    }

    zip.start_file("word/document.xml", deflated)
        .map_err(|e| failed(&e))?;
    zip.write_all(head).map_err(|e| failed(&e))?;
    let body = fill(Body { zip, failed: None });
    if let Some(e) = body.failed {
        return Err(failed(&e));
    }
    let mut zip = body.zip;
    zip.write_all(tail).map_err(|e| failed(&e))?;

    let mut after: Vec<(String, &[u8])> = vec![
        ("word/styles.xml".into(), &styles),
        ("word/settings.xml".into(), &xml.settings),
        ("word/fontTable.xml".into(), &xml.font_table),
        ("word/comments.xml".into(), &xml.comments),
        ("word/numbering.xml".into(), &xml.numberings),
        ("word/commentsExtended.xml".into(), &xml.comments_extended),
        ("word/footnotes.xml".into(), &xml.footnotes),
    ];
    for (i, footer) in xml.footers.iter().enumerate() {
        after.push((format!("word/footer{}.xml", i + 1), footer));
        if let Some(rels) = xml.footer_rels.get(i) {
            after.push((format!("word/_rels/footer{}.xml.rels", i + 1), rels));
        }
    }
    for (name, bytes) in after {
        zip.start_file(name, deflated).map_err(|e| failed(&e))?;
        zip.write_all(bytes).map_err(|e| failed(&e))?;
    }
    Ok(zip.finish().map_err(|e| failed(&e))?.into_inner())
}

/// "Page 3 of 41", centred at the foot of every page.
fn page_numbers() -> Footer {
    let field = |instr: InstrText| {
        Run::new()
            .size(FOOTER_SIZE)
            .add_field_char(FieldCharType::Begin, false)
            .add_instr_text(instr)
            .add_field_char(FieldCharType::Separate, false)
            .add_text("1")
            .add_field_char(FieldCharType::End, false)
    };
    let words = |s: &str| Run::new().size(FOOTER_SIZE).add_text(s);
    Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(words("Page "))
            .add_run(field(InstrText::PAGE(InstrPAGE::new())))
            .add_run(words(" of "))
            .add_run(field(InstrText::NUMPAGES(InstrNUMPAGES::new()))),
    )
}

/// `document.xml` of the empty body, cut after `<w:body>` and before the section's
/// properties, where the paragraphs go.
fn split_at_body(document: &[u8]) -> Result<(&[u8], &[u8]), ExportError> {
    let open = b"<w:body>";
    let head_end = find(document, open).map(|i| i + open.len());
    let tail_start = find(document, b"<w:sectPr");
    match (head_end, tail_start) {
        (Some(h), Some(t)) if h <= t => Ok((&document[..h], &document[t..])),
        _ => Err(ExportError::Other(
            "could not write the Word document: its empty body has an unexpected shape".into(),
        )),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The table's XML with its first row marked as the header row (docx-rs has no way to say
/// so). The row's properties may come in any order, so the mark goes first.
fn with_header_row(table: Vec<u8>) -> Vec<u8> {
    let open = b"<w:trPr>";
    let empty = b"<w:trPr />";
    let first_row = find(&table, b"<w:tr>").unwrap_or(0);
    let rest = &table[first_row..];
    let (at, replaced, insert): (usize, usize, &[u8]) =
        match (find(rest, open), find(rest, b"</w:tr>")) {
            (Some(i), Some(end)) if i < end => (i + open.len(), 0, b"<w:tblHeader />"),
            _ => match (find(rest, empty), find(rest, b"</w:tr>")) {
                (Some(i), Some(end)) if i < end => {
                    (i, empty.len(), b"<w:trPr><w:tblHeader /></w:trPr>")
                }
                _ => return table,
            },
        };
    let at = first_row + at;
    let mut out = Vec::with_capacity(table.len() + insert.len());
    out.extend_from_slice(&table[..at]);
    out.extend_from_slice(insert);
    out.extend_from_slice(&table[at + replaced..]);
    out
}

/// Styles with the language of the text set in the document's defaults, so that Word and
/// LibreOffice check spelling and hyphenate in English (and Arabic text as Arabic).
fn with_language(styles: &[u8]) -> Vec<u8> {
    let lang = format!(r#"<w:lang w:val="{LANGUAGE}" w:eastAsia="zh-CN" w:bidi="ar-SA" />"#);
    let mut out = Vec::with_capacity(styles.len() + lang.len());
    let (at, open) = match find(styles, b"<w:rPrDefault><w:rPr>") {
        Some(i) => (i + "<w:rPrDefault><w:rPr>".len(), false),
        None => match find(styles, b"<w:docDefaults>") {
            Some(i) => (i + "<w:docDefaults>".len(), true),
            None => return styles.to_vec(),
        },
    };
    out.extend_from_slice(&styles[..at]);
    if open {
        out.extend_from_slice(
            format!("<w:rPrDefault><w:rPr>{lang}</w:rPr></w:rPrDefault>").as_bytes(),
        );
    } else {
        out.extend_from_slice(lang.as_bytes());
    }
    out.extend_from_slice(&styles[at..]);
    out
}

/// `docProps/core.xml`: the title, author and language Word's file properties and a PDF's
/// metadata show.
fn core_properties(draft: &Draft) -> String {
    let session = &draft.record.session;
    let stamp = draft.now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let title = format!("Draft Chair's summary: {}", session.title());
    let chairs: Vec<&str> = session
        .chairs
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    // The Chair's summary is the Chair's; without a chair recorded, the body's secretariat.
    let author = if chairs.is_empty() {
        format!("Secretariat, {}", session.body.trim())
    } else {
        chairs.join("; ")
    };
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title>",
            "<dc:subject>{subject}</dc:subject>",
            "<dc:creator>{author}</dc:creator>",
            "<dc:language>{lang}</dc:language>",
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>"#,
            "</cp:coreProperties>"
        ),
        title = escape(&title),
        subject = escape(&draft.scope_description()),
        author = escape(&author),
        lang = LANGUAGE,
        stamp = stamp,
    )
}

/// Text as XML character data: markup escaped, characters XML forbids dropped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c < ' ' && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_row_of_a_table_is_marked_as_its_header() {
        let table = b"<w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr><w:tc /></w:tr><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl>".to_vec();
        let marked = String::from_utf8(with_header_row(table)).unwrap();
        assert_eq!(marked.matches("<w:tblHeader />").count(), 1);
        assert!(marked.starts_with("<w:tbl><w:tr><w:trPr><w:tblHeader /><w:cantSplit />"));

        let bare = b"<w:tbl><w:tr><w:trPr /><w:tc /></w:tr></w:tbl>".to_vec();
        let marked = String::from_utf8(with_header_row(bare)).unwrap();
        assert_eq!(
            marked,
            "<w:tbl><w:tr><w:trPr><w:tblHeader /></w:trPr><w:tc /></w:tr></w:tbl>"
        );
    }

    #[test]
    fn file_properties_escape_what_the_user_typed() {
        assert_eq!(
            escape("A & \"B\" <c>\u{1}"),
            "A &amp; &quot;B&quot; &lt;c&gt;"
        );
    }
}
