//! The Chair's summary draft as a Word document: the same skeleton as the Markdown draft, with
//! Word's own heading styles (so the navigation pane and a table of contents find them), real
//! tables and real lists, in a document Word and LibreOffice open without complaint.
//!
//! Every piece of user text goes through `text`, which drops the characters XML 1.0 forbids
//! (a stray control character would make Word refuse the whole file) and keeps tabs as tabs;
//! docx-rs escapes the rest.

use docx_rs::{
    AbstractNumbering, AlignmentType, BorderType, BreakType, Docx, IndentLevel, Level, LevelJc,
    LevelText, LineSpacing, LineSpacingType, NumberFormat, NumberingId, PageMargin, Paragraph, Run,
    RunFonts, Shading, ShdType, SpecialIndentType, Start, Style, StyleType, Table, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableRow, WidthType,
};

mod package;

use super::outline::{Block, Outline, Span, Table as OutlineTable};
use super::{Draft, ExportError};
use package::Body;

/// The style ids Word knows its built-in styles by; their names are set to Word's own
/// ("heading 1"), so Word treats them as its headings, not as look-alikes.
const TITLE: &str = "Title";
const HEADING_1: &str = "Heading1";
const HEADING_2: &str = "Heading2";
const HEADING_3: &str = "Heading3";

/// Arial, or a font with its metrics (Liberation Sans), is on every machine that opens the
/// file, so the tables lay out the same in Word and LibreOffice; it covers Arabic too.
const FONT: &str = "Arial";
/// Body text and table text, in half-points.
const BODY_SIZE: usize = 22;
const TABLE_SIZE: usize = 18;
const HEADING_COLOUR: &str = "1F3864";
const GREY: &str = "595959";
/// A4 with margins of 2.5 cm: the text is this many twentieths of a point wide.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
const MARGIN: i32 = 1418;
const TEXT_WIDTH: usize = PAGE_W as usize - 2 * MARGIN as usize;

/// Numbering definitions (id 1 is docx-rs's own default).
const BULLETS: usize = 2;
const NUMBERS: usize = 3;
/// The numbering of the first numbered list; each list has its own from there.
const FIRST_LIST: usize = 10;

/// Renders the draft as the bytes of a .docx file.
pub fn render(draft: &Draft) -> Result<Vec<u8>, ExportError> {
    let outline = Outline::of(draft);
    // The body is written into the file as it is made, after the parts that define the
    // lists: each numbered list's own numbering is defined first.
    let parts = (0..numbered_lists(&outline)).fold(document(draft), |doc, i| {
        doc.add_numbering(
            docx_rs::Numbering::new(FIRST_LIST + i, NUMBERS)
                .add_override(docx_rs::LevelOverride::new(0).start(1)),
        )
    });
    package::write(draft, parts, |doc| body(doc, &outline))
}

/// How many numbered lists the outline holds.
fn numbered_lists(outline: &Outline) -> usize {
    outline
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter(|b| matches!(b, Block::List { numbered: true, .. }))
        .count()
}

/// The empty document: page, fonts, styles and list definitions.
fn document(draft: &Draft) -> Docx {
    let fonts = || RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT);
    let stamp = draft.now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let heading = |id: &str, name: &str, size: usize, level: usize, before: u32| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .fonts(fonts())
            .size(size)
            .bold()
            .color(HEADING_COLOUR)
            .outline_lvl(level)
            .line_spacing(LineSpacing::new().before(before).after(120))
    };
    let list = |id: usize, format: &str, text: &str, indent: i32| {
        AbstractNumbering::new(id).add_level(
            Level::new(
                0,
                Start::new(1),
                NumberFormat::new(format),
                LevelText::new(text),
                LevelJc::new("left"),
            )
            .indent(
                Some(indent),
                Some(SpecialIndentType::Hanging(indent)),
                None,
                None,
            )
            .fonts(fonts()),
        )
    };
    Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN)
                .header(709)
                .footer(709)
                .gutter(0),
        )
        .default_fonts(fonts())
        .default_size(BODY_SIZE)
        .default_line_spacing(
            LineSpacing::new()
                .after(120)
                .line(264)
                .line_rule(LineSpacingType::Auto),
        )
        .default_tab_stop(720)
        .created_at(&stamp)
        .updated_at(&stamp)
        .add_style(
            Style::new(TITLE, StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .next("Normal")
                .fonts(fonts())
                .size(32)
                .bold()
                .color(HEADING_COLOUR)
                .line_spacing(LineSpacing::new().before(0).after(160)),
        )
        .add_style(heading(HEADING_1, "heading 1", 28, 0, 360))
        .add_style(heading(HEADING_2, "heading 2", 24, 1, 240))
        .add_style(heading(HEADING_3, "heading 3", 22, 2, 200).italic())
        .add_abstract_numbering(list(BULLETS, "bullet", "\u{2022}", 360))
        .add_numbering(docx_rs::Numbering::new(BULLETS, BULLETS))
        .add_abstract_numbering(list(NUMBERS, "decimal", "%1.", 567))
        .add_numbering(docx_rs::Numbering::new(NUMBERS, NUMBERS))
}

/// The outline as the document's paragraphs and tables.
fn body(mut doc: Body, outline: &Outline) -> Body {
    doc = doc.add_paragraph(styled(TITLE, &outline.title));
    let mut line = Paragraph::new();
    for (i, text_line) in outline.header.iter().enumerate() {
        if i > 0 {
            line = line.add_run(Run::new().add_break(BreakType::TextWrapping));
        }
        line = line.add_run(text(text_line));
    }
    doc = doc
        .add_paragraph(line)
        .add_paragraph(Paragraph::new().add_run(text(&outline.exported).italic().color(GREY)));
    if let Some(scope) = &outline.scope {
        doc = doc.add_paragraph(Paragraph::new().add_run(text(scope).bold()));
    }
    let mut lists = Lists(FIRST_LIST);
    for section in &outline.sections {
        doc = doc.add_paragraph(styled(HEADING_1, &section.heading));
        for block in &section.blocks {
            doc = self::block(doc, block, &mut lists);
        }
    }
    doc
}

/// The numbering of each numbered list: its own, so that each list counts from 1 (Word
/// carries one numbering on across every list that shares it).
struct Lists(usize);

impl Lists {
    /// The numbering of the next numbered list (defined in `render`).
    fn numbered(&mut self) -> usize {
        let id = self.0;
        self.0 += 1;
        id
    }
}

fn block(doc: Body, block: &Block, lists: &mut Lists) -> Body {
    match block {
        Block::Heading { level, text } => {
            let style = if *level <= 2 { HEADING_2 } else { HEADING_3 };
            doc.add_paragraph(styled(style, text))
        }
        // A statement's line stays with its note.
        Block::Paragraph(spans) if spans.first().is_some_and(|s| s.strong) => doc.add_paragraph(
            spans_paragraph(spans)
                .keep_next(true)
                .line_spacing(LineSpacing::new().before(200).after(80)),
        ),
        Block::Paragraph(spans) => doc.add_paragraph(spans_paragraph(spans)),
        Block::Meeting(line) => doc.add_paragraph(
            Paragraph::new()
                .keep_next(true)
                .add_run(text(line).italic().color(GREY)),
        ),
        Block::Quote(lines) => lines.iter().fold(doc, |doc, line| {
            doc.add_paragraph(para(line).indent(Some(360), None, None, None))
        }),
        Block::List { numbered, items } => {
            let list = if *numbered { lists.numbered() } else { BULLETS };
            items.iter().fold(doc, |doc, item| {
                doc.add_paragraph(
                    spans_paragraph(item).numbering(NumberingId::new(list), IndentLevel::new(0)),
                )
            })
        }
        Block::Table(t) => doc.add_table(outline_table(t)),
    }
}

fn spans_paragraph(spans: &[Span]) -> Paragraph {
    spans.iter().fold(Paragraph::new(), |p, span| {
        let run = text(&span.text);
        p.add_run(if span.strong { run.bold() } else { run })
    })
}

/// A table of the outline: text columns share what the figures leave of the page's width.
fn outline_table(t: &OutlineTable) -> Table {
    // Wide enough for "Participants" or "Interventions" in bold on one line.
    const FIGURES: usize = 1500;
    let figures = t.columns.iter().filter(|c| c.figures).count();
    let texts = (t.columns.len() - figures).max(1);
    let text_width = TEXT_WIDTH.saturating_sub(FIGURES * figures) / texts;
    let columns = Columns(
        t.columns
            .iter()
            .map(|c| {
                let width = if c.figures { FIGURES } else { text_width };
                (c.name.clone(), width, c.figures)
            })
            .collect(),
    );
    let mut rows = vec![columns.header()];
    rows.extend(t.rows.iter().map(|r| columns.row(r, false)));
    rows.extend(t.total.iter().map(|r| columns.row(r, true)));
    table(rows, &columns)
}

/// Whether XML 1.0 allows the character (tab, newline and carriage return are the only
/// control characters it does; U+FFFE and U+FFFF are not characters).
fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// A run of user text: characters XML forbids dropped, tabs kept as Word tabs, a line break
/// (which only a note may carry, and notes are split into lines first) read as a space.
fn text(s: &str) -> Run {
    let clean: String = s
        .chars()
        .filter(|c| allowed_in_xml(*c) && *c != '\r' && !super::safe::reorders_text(*c))
        .map(|c| if c == '\n' { ' ' } else { c })
        .collect();
    let mut run = Run::new();
    for (i, piece) in clean.split('\t').enumerate() {
        if i > 0 {
            run = run.add_tab();
        }
        if !piece.is_empty() {
            run = run.add_text(piece);
        }
    }
    run
}

fn para(s: &str) -> Paragraph {
    Paragraph::new().add_run(text(s))
}

fn styled(style: &str, s: &str) -> Paragraph {
    let p = para(s).style(style);
    if style == TITLE {
        p
    } else {
        p.keep_next(true)
    }
}

fn cell(s: &str, width: usize, bold: bool, right: bool) -> TableCell {
    let run = text(s).size(TABLE_SIZE);
    let run = if bold { run.bold() } else { run };
    let p = Paragraph::new()
        .add_run(run)
        .line_spacing(LineSpacing::new().before(20).after(20));
    let p = if right {
        p.align(AlignmentType::Right)
    } else {
        p
    };
    TableCell::new()
        .width(width, WidthType::Dxa)
        .add_paragraph(p)
}

/// A table's columns: heading, width in twentieths of a point, and whether it holds figures
/// (right-aligned).
struct Columns(Vec<(String, usize, bool)>);

impl Columns {
    /// The first row: bold on a tint, and never split from the row after it; the package
    /// marks it as the header row, repeated on each page.
    fn header(&self) -> TableRow {
        TableRow::new(
            self.0
                .iter()
                .map(|(label, w, right)| {
                    cell(label, *w, true, *right).shading(
                        Shading::new()
                            .shd_type(ShdType::Clear)
                            .color("auto")
                            .fill("D9E2F3"),
                    )
                })
                .collect(),
        )
        .cant_split()
    }

    fn row(&self, cells: &[String], bold: bool) -> TableRow {
        TableRow::new(
            cells
                .iter()
                .zip(&self.0)
                .map(|(s, (_, w, right))| cell(s, *w, bold, *right))
                .collect(),
        )
        .cant_split()
    }

    fn widths(&self) -> Vec<usize> {
        self.0.iter().map(|c| c.1).collect()
    }
}

fn table(rows: Vec<TableRow>, columns: &Columns) -> Table {
    let widths = columns.widths();
    let border = |p: TableBorderPosition| {
        TableBorder::new(p)
            .border_type(BorderType::Single)
            .size(4)
            .color("808080")
    };
    Table::new(rows)
        .set_grid(widths.clone())
        .width(widths.iter().sum::<usize>().min(TEXT_WIDTH), WidthType::Dxa)
        .set_borders(
            TableBorders::new()
                .set(border(TableBorderPosition::Top))
                .set(border(TableBorderPosition::Left))
                .set(border(TableBorderPosition::Bottom))
                .set(border(TableBorderPosition::Right))
                .set(border(TableBorderPosition::InsideH))
                .set(border(TableBorderPosition::InsideV)),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_characters_xml_allows_are_kept() {
        assert!(allowed_in_xml('\t') && allowed_in_xml('é') && allowed_in_xml('😀'));
        assert!(!allowed_in_xml('\u{1}') && !allowed_in_xml('\u{1b}'));
        assert!(!allowed_in_xml('\u{FFFF}'));
    }
}
