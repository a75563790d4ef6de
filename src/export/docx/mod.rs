//! The Chair's summary draft as a Word document: the same skeleton as the Markdown draft, with
//! Word's own heading styles (so the navigation pane and a table of contents find them), real
//! tables and real lists, in a document Word and LibreOffice open without complaint.
//!
//! Every piece of user text goes through `text`, which drops the characters XML 1.0 forbids
//! (a stray control character would make Word refuse the whole file) and keeps tabs as tabs;
//! docx-rs escapes the rest.

mod package;

use docx_rs::{
    AbstractNumbering, AlignmentType, BorderType, BreakType, Docx, IndentLevel, Level, LevelJc,
    LevelText, LineSpacing, LineSpacingType, NumberFormat, NumberingId, PageMargin, Paragraph, Run,
    RunFonts, Shading, ShdType, SpecialIndentType, Start, Style, StyleType, Table, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableRow, WidthType,
};

use super::{capitalised, plural, Draft, ExportError, ItemDraft, Row};
use crate::domain::{clock_face, Attendance};
use crate::stats::SpeakingTime;
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

/// Renders the draft as the bytes of a .docx file.
pub fn render(draft: &Draft) -> Result<Vec<u8>, ExportError> {
    package::write(draft, document(draft), |doc| {
        let mut doc = heading_block(doc, draft);
        doc = participation(doc, draft);
        doc = proceedings(doc, draft);
        for item in &draft.items {
            doc = agenda_item(doc, item, draft);
        }
        doc = topics(doc, draft);
        doc = recommendations(doc, draft);
        speaking_time(doc, draft)
    })
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

/// Title, then venue and dates, the chair, when the draft was exported, and what part of the
/// session it covers.
fn heading_block(doc: Body, draft: &Draft) -> Body {
    let session = &draft.record.session;
    let mut doc = doc.add_paragraph(styled(TITLE, &session.title()));

    let mut place: Vec<String> = Vec::new();
    if !session.venue.trim().is_empty() {
        place.push(session.venue.trim().to_string());
    }
    place.push(draft.dates());
    let mut line = Paragraph::new().add_run(text(&place.join(", ")));
    if let Some(chairs) = draft.chairs() {
        line = line
            .add_run(Run::new().add_break(BreakType::TextWrapping))
            .add_run(text(&chairs));
    }
    doc = doc.add_paragraph(line).add_paragraph(
        Paragraph::new().add_run(
            text(&format!(
                "Draft for the Chair's summary, exported {}",
                draft.exported_at()
            ))
            .italic()
            .color(GREY),
        ),
    );

    if !draft.scope.is_whole_session() {
        doc = doc.add_paragraph(
            Paragraph::new().add_run(
                text(&format!(
                    "This draft covers only: {}.",
                    draft.scope_description()
                ))
                .bold(),
            ),
        );
    }
    doc
}

fn participation(doc: Body, draft: &Draft) -> Body {
    let p = &draft.participation;
    let mut doc = doc.add_paragraph(styled(HEADING_1, "Participation"));
    // Worded as in every other export, so the formats never disagree.
    doc = doc.add_paragraph(para(&p.sentence()));
    if p.total == 0 {
        return doc;
    }

    let roster = &draft.record.participants;
    let columns = Columns(&[
        ("Category", 3626, false),
        ("Participants", 1800, true),
        ("In the room", 1800, true),
        ("Online", 1800, true),
    ]);
    let mut rows = vec![columns.header()];
    for &(category, n) in &p.by_category {
        let of = |a: Attendance| {
            roster
                .iter()
                .filter(|x| x.category == category && x.attendance == a)
                .count()
                .to_string()
        };
        rows.push(columns.row(
            &[
                capitalised(category.label()),
                n.to_string(),
                of(Attendance::InRoom),
                of(Attendance::Online),
            ],
            false,
        ));
    }
    rows.push(columns.row(
        &[
            "Total".into(),
            p.total.to_string(),
            p.in_room.to_string(),
            p.online.to_string(),
        ],
        true,
    ));
    doc.add_table(table(rows, &columns))
}

/// What was written while no one had the floor, meeting by meeting.
fn proceedings(doc: Body, draft: &Draft) -> Body {
    let noted: Vec<_> = draft
        .meetings()
        .filter(|m| !m.note.trim().is_empty())
        .collect();
    if noted.is_empty() {
        return doc;
    }
    let mut doc = doc.add_paragraph(styled(HEADING_1, "Proceedings"));
    for m in noted {
        doc = doc.add_paragraph(styled(
            HEADING_2,
            &format!("{}, {}", m.title(), m.date.format("%A %-d %B %Y")),
        ));
        doc = note(doc, &m.note);
    }
    doc
}

fn agenda_item(doc: Body, item: &ItemDraft, draft: &Draft) -> Body {
    let mut doc = doc.add_paragraph(styled(HEADING_1, &item.item.heading()));
    if item.rows.is_empty() {
        return doc.add_paragraph(para("No interventions were recorded under this item."));
    }
    doc = doc
        .add_paragraph(styled(HEADING_2, "List of speakers"))
        .add_paragraph(para(&item.list_of_speakers().join(", ")))
        .add_paragraph(styled(HEADING_2, "Interventions"));
    let mut meeting = None;
    for row in &item.rows {
        if meeting != Some(row.intervention.meeting) {
            meeting = Some(row.intervention.meeting);
            doc = doc.add_paragraph(styled(HEADING_3, &meeting_line(draft, row)));
        }
        doc = doc.add_paragraph(
            Paragraph::new()
                .keep_next(true)
                .line_spacing(LineSpacing::new().before(200).after(80))
                .add_run(text(&intervention_line(row)).bold()),
        );
        doc = note(doc, &row.intervention.note);
    }
    doc
}

/// "1st meeting, Tuesday 2 July 2024".
fn meeting_line(draft: &Draft, row: &Row) -> String {
    match draft.record.meeting(row.intervention.meeting) {
        Some(m) => format!("{}, {}", m.title(), m.date.format("%A %-d %B %Y")),
        None => format!(
            "Meeting {}, {}",
            row.intervention.meeting,
            row.start.format("%A %-d %B %Y")
        ),
    }
}

/// "3. Hungary (on behalf of European Union), statement — 10:03, 04:40, 01:40 over the limit
/// of 03:00 — online".
fn intervention_line(row: &Row) -> String {
    let iv = row.intervention;
    let mut line = format!("{}. {}", row.order, row.speaker);
    if let Some(group) = &iv.on_behalf_of {
        line.push_str(&format!(" (on behalf of {group})"));
    }
    line.push_str(&format!(
        ", {} \u{2014} {}, {}",
        row.kind(),
        row.start_local(),
        row.timing()
    ));
    if row.attendance == Attendance::Online {
        line.push_str(" \u{2014} online");
    }
    if let Some(said) = row.facts_corrected() {
        line.push_str(&said);
    }
    if !iv.corrections.is_empty() {
        line.push_str(" \u{2014} note corrected after the meeting");
    }
    if let Some(mark) = &row.conflict {
        line.push_str(&format!(" \u{2014} {mark}"));
    }
    line
}

/// A note, one paragraph a line; blank lines inside it kept as empty paragraphs (spacing),
/// blank lines around it left out.
fn note(mut doc: Body, note: &str) -> Body {
    let lines: Vec<&str> = note.lines().collect();
    let blank = |l: &&str| l.trim().is_empty();
    let first = lines.iter().position(|l| !blank(l)).unwrap_or(lines.len());
    let last = lines
        .iter()
        .rposition(|l| !blank(l))
        .map_or(first, |i| i + 1);
    for line in &lines[first..last] {
        doc = doc.add_paragraph(para(line));
    }
    doc
}

fn topics(doc: Body, draft: &Draft) -> Body {
    let mut doc = doc.add_paragraph(styled(HEADING_1, "Topics raised"));
    if draft.topics.is_empty() {
        return doc.add_paragraph(para("No topics were tagged in the notes."));
    }
    doc = doc.add_paragraph(para(
        "The statements mainly focused on the following topics:",
    ));
    for topic in &draft.topics {
        doc = doc.add_paragraph(
            Paragraph::new()
                .numbering(NumberingId::new(BULLETS), IndentLevel::new(0))
                .add_run(text(&topic.tag).bold())
                .add_run(text(&format!(
                    " ({}): {}",
                    plural(topic.speakers.len(), "speaker", "speakers"),
                    topic.speakers.join(", ")
                ))),
        );
    }
    doc
}

fn recommendations(doc: Body, draft: &Draft) -> Body {
    let mut doc = doc.add_paragraph(styled(HEADING_1, "Recommendations"));
    if draft.recommendations.is_empty() {
        return doc.add_paragraph(para("No recommendations were recorded."));
    }
    for r in &draft.recommendations {
        let mut by = String::new();
        if let Some(group) = &r.on_behalf_of {
            by.push_str(&format!(", on behalf of {group}"));
        }
        by.push_str(&format!(" (item {}): ", r.item));
        doc = doc.add_paragraph(
            Paragraph::new()
                .numbering(NumberingId::new(NUMBERS), IndentLevel::new(0))
                .add_run(text(&r.speaker).bold())
                .add_run(text(&by))
                .add_run(text(&r.text)),
        );
    }
    doc
}

fn speaking_time(doc: Body, draft: &Draft) -> Body {
    let stats = &draft.stats;
    let total = &stats.total;
    let mut doc = doc.add_paragraph(styled(HEADING_1, "Speaking time"));
    doc = doc.add_paragraph(para(&format!(
        "{} in all, {} spoken; {} over the limit, by {} in all.",
        plural(total.interventions, "intervention", "interventions"),
        clock_face(total.total_secs),
        total.over_time,
        clock_face(total.overtime_secs)
    )));
    if total.interventions == 0 {
        return doc;
    }

    let columns = Columns(&[
        ("Delegation", 2226, false),
        ("Category", 2000, false),
        ("Interventions", 1500, true),
        ("Speaking time", 1100, true),
        ("Over the limit", 1100, true),
        ("Overtime", 1100, true),
    ]);
    let mut rows = vec![columns.header()];
    for (name, category, t) in &stats.by_delegation {
        let mut cells = vec![name.clone(), capitalised(category.label())];
        cells.extend(time_cells(t));
        rows.push(columns.row(&cells, false));
    }
    doc = doc
        .add_paragraph(styled(HEADING_2, "By delegation"))
        .add_table(table(rows, &columns));

    let by_category: Vec<(String, SpeakingTime)> = stats
        .by_category
        .iter()
        .map(|(c, t)| (capitalised(c.label()), *t))
        .collect();
    doc = time_table(doc, "By category", "Category", &by_category, Some(total));
    if !stats.by_kind.is_empty() {
        let by_kind: Vec<(String, SpeakingTime)> = stats
            .by_kind
            .iter()
            .map(|(k, t)| (capitalised(k.label()), *t))
            .collect();
        doc = time_table(doc, "By kind of intervention", "Kind", &by_kind, None);
    }
    if stats.by_agenda_item.len() > 1 {
        doc = time_table(
            doc,
            "By agenda item",
            "Agenda item",
            &stats.by_agenda_item,
            None,
        );
    }
    if !stats.by_group.is_empty() {
        doc = time_table(
            doc,
            "Statements on behalf of groups",
            "Group",
            &stats.by_group,
            None,
        );
    }
    doc
}

/// A heading and a table of speaking time by whatever the first column names, with a total
/// row when one is given.
fn time_table(
    doc: Body,
    heading: &str,
    first: &str,
    rows_of: &[(String, SpeakingTime)],
    total: Option<&SpeakingTime>,
) -> Body {
    let columns = Columns(&[
        (first, 3726, false),
        ("Interventions", 1500, true),
        ("Speaking time", 1200, true),
        ("Over the limit", 1300, true),
        ("Overtime", 1300, true),
    ]);
    let mut rows = vec![columns.header()];
    for (name, t) in rows_of {
        let mut cells = vec![name.clone()];
        cells.extend(time_cells(t));
        rows.push(columns.row(&cells, false));
    }
    if let Some(t) = total {
        let mut cells = vec!["Total".to_string()];
        cells.extend(time_cells(t));
        rows.push(columns.row(&cells, true));
    }
    doc.add_paragraph(styled(HEADING_2, heading))
        .add_table(table(rows, &columns))
}

fn time_cells(t: &SpeakingTime) -> [String; 4] {
    [
        t.interventions.to_string(),
        clock_face(t.total_secs),
        t.over_time.to_string(),
        clock_face(t.overtime_secs),
    ]
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
        .filter(|c| allowed_in_xml(*c) && *c != '\r')
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
struct Columns<'c>(&'c [(&'c str, usize, bool)]);

impl Columns<'_> {
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
                .zip(self.0)
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
