//! The Chair's summary draft in Markdown: the session's heading, participation, each agenda
//! item's list of speakers and interventions with their notes, the topics raised, the
//! recommendations and the speaking time.
//!
//! User text is escaped only where it would break the structure (a `|` in a table cell, a
//! leading `#` or `>`, raw HTML); notes otherwise stay as they were typed, line for line.

use std::fmt::Write as _;

use super::outline::{Block, Outline, Span, Table};
use super::Draft;

pub fn render(draft: &Draft) -> String {
    render_outline(&Outline::of(draft), draft.stats.total.interventions)
}

/// The outline in Markdown; `interventions` only sizes the buffer.
pub fn render_outline(outline: &Outline, interventions: usize) -> String {
    // About 300 bytes an intervention with its note: one allocation for most sessions.
    let mut out = String::with_capacity(4096 + 300 * interventions);
    let _ = writeln!(out, "# {}\n", inline(&outline.title));
    for line in &outline.header {
        let _ = writeln!(out, "{}  ", inline(line));
    }
    let _ = writeln!(out, "{}", inline(&outline.exported));
    if let Some(scope) = &outline.scope {
        let _ = writeln!(out, "\n**{}**", inline(scope));
    }
    out.push('\n');
    for section in &outline.sections {
        let _ = writeln!(out, "## {}\n", inline(&section.heading));
        for block in &section.blocks {
            self::block(block, &mut out);
        }
    }
    out
}

fn block(block: &Block, out: &mut String) {
    match block {
        Block::Heading { level, text } => {
            let hashes = "#".repeat(usize::from(*level) + 1);
            let _ = writeln!(out, "{hashes} {}\n", inline(text));
        }
        Block::Paragraph(spans) => {
            let _ = writeln!(out, "{}\n", spans_line(spans));
        }
        Block::Meeting(text) => {
            let _ = writeln!(out, "*{}*\n", inline(text));
        }
        Block::Quote(lines) => {
            quote(lines, out);
            out.push('\n');
        }
        Block::List { numbered, items } => {
            for (i, item) in items.iter().enumerate() {
                if *numbered {
                    let _ = writeln!(out, "{}. {}", i + 1, spans_line(item));
                } else {
                    let _ = writeln!(out, "- {}", spans_line(item));
                }
            }
            out.push('\n');
        }
        Block::Table(t) => table(t, out),
    }
}

/// Spans on one line: strong ones in `**`, the first escaped as a line's start, the others
/// as the middle of one (their spaces kept).
fn spans_line(spans: &[Span]) -> String {
    let mut line = String::new();
    for (i, span) in spans.iter().enumerate() {
        let text = if i == 0 {
            inline(&span.text)
        } else {
            escaped(&span.text)
        };
        if span.strong {
            let _ = write!(line, "**{text}**");
        } else {
            line.push_str(&text);
        }
    }
    line
}

fn table(t: &Table, out: &mut String) {
    let names: Vec<String> = t.columns.iter().map(|c| inline(&c.name)).collect();
    let _ = writeln!(out, "| {} |", names.join(" | "));
    let rules: Vec<&str> = t
        .columns
        .iter()
        .map(|c| if c.figures { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "|{}|", rules.join("|"));
    for row in &t.rows {
        let cells: Vec<String> = row.iter().map(|c| inline(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    if let Some(total) = &t.total {
        let cells: Vec<String> = total.iter().map(|c| format!("**{}**", inline(c))).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

/// User text on one line of Markdown (a heading, a list item, a table cell): line breaks
/// become spaces; what Markdown would read as emphasis, a link, a table's column or HTML is
/// escaped, and so is a start that would make the line a heading, a list or a rule.
pub(crate) fn inline(text: &str) -> String {
    let flat = super::safe::clean_line(text);
    let mut out = String::with_capacity(flat.len() + 8);
    // (The characters escaped below anyway need no second backslash.)
    if starts_a_block(&flat) && !flat.starts_with(['`', '*', '_']) {
        out.push('\\');
    }
    out.push_str(&escaped(&flat));
    // "1. x" or "1) x" at the start of a line would begin a numbered list.
    if let Some(at) = list_number_end(&out) {
        out.insert(at, '\\');
    }
    out
}

/// Text inside a line of Markdown: what would read as emphasis, a link, an image, code, a
/// table's column or HTML is escaped; line breaks and tabs become spaces.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // The outline's text is clean already (see `safe`).
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '|' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether a line starting with `text` would be a heading, a quotation, a list item, a rule
/// or a fence rather than text (the first character is then escaped).
fn starts_a_block(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest = chars.as_str();
    let hashes = text.chars().take_while(|&c| c == '#').count();
    let after_marker = |n: usize| text[n..].chars().next().is_none_or(char::is_whitespace);
    match first {
        '#' => hashes <= 6 && after_marker(hashes),
        '>' => true,
        '-' | '+' | '*' => after_marker(1) || is_rule(text),
        '=' | '_' => is_rule(text),
        '`' | '~' => rest.starts_with(first) && rest[1..].starts_with(first),
        _ => false,
    }
}

/// "---", "===", "* * *": a line Markdown reads as a rule or a heading's underline.
fn is_rule(text: &str) -> bool {
    let first = text.chars().next();
    text.chars().filter(|c| !c.is_whitespace()).count() >= 3
        && text.chars().all(|c| Some(c) == first || c == ' ')
}

/// Where the `.` or `)` of a leading "12. " / "12) " is, if the text starts a numbered list.
fn list_number_end(text: &str) -> Option<usize> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    let bytes = text.as_bytes();
    match (bytes.get(digits), bytes.get(digits + 1)) {
        (Some(b'.' | b')'), None | Some(b' ' | b'\t')) => Some(digits),
        _ => None,
    }
}

/// A note as a block quotation, line for line: each line ends in a hard break so that the
/// rendered text keeps the lines as typed; blank lines stay paragraphs.
fn quote(lines: &[String], out: &mut String) {
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim_end();
        if line.is_empty() {
            out.push_str(">\n");
            continue;
        }
        out.push_str("> ");
        note_line(line, out);
        let next_has_text = lines.get(i + 1).is_some_and(|l| !l.trim().is_empty());
        if next_has_text {
            out.push_str("  ");
        }
        out.push('\n');
    }
}

/// One line of a note: kept as typed (lists, emphasis), except what would break out of the
/// quotation or become a heading, a rule, a fence, code, HTML, a link or an image: a note
/// is text from a meeting room, and nothing in it may turn live where the draft is opened.
fn note_line(line: &str, out: &mut String) {
    let body = line.trim_start();
    let indent = &line[..line.len() - body.len()];
    out.push_str(indent);
    let first = body.chars().next();
    let leading = match first {
        Some('#' | '>' | '~') => starts_a_block(body),
        Some('-' | '=' | '*' | '_') => is_rule(body),
        _ => false,
    };
    if leading {
        out.push('\\');
    }
    for c in body.chars() {
        match c {
            // A backslash of the note's own would escape ours.
            '\\' | '<' | '[' | ']' | '`' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_text_cannot_break_a_table_or_start_a_heading() {
        assert_eq!(inline("|pipes|"), "\\|pipes\\|");
        assert_eq!(inline("# not a heading"), "\\# not a heading");
        assert_eq!(inline("#tag"), "#tag");
        assert_eq!(inline("- item"), "\\- item");
        assert_eq!(inline("---"), "\\---");
        assert_eq!(inline("-1"), "-1");
        assert_eq!(inline("=SUM(A1)"), "=SUM(A1)");
        assert_eq!(inline("1. first"), "1\\. first");
        assert_eq!(inline("1.5 million"), "1.5 million");
        assert_eq!(inline("a\nb"), "a b");
        assert_eq!(inline("<script>"), "\\<script>");
        assert_eq!(inline("```"), "\\`\\`\\`");
        assert_eq!(inline("* * *"), "\\* \\* \\*");
        assert_eq!(inline("Côte d'Ivoire"), "Côte d'Ivoire");
    }

    #[test]
    fn a_note_keeps_its_lines_lists_and_tags_but_not_headings_or_html() {
        let mut out = String::new();
        let lines = super::super::outline::note_lines(
            "first\n- a point\n\n# heading\n#tag\n> quote\n<b>x</b>\n---",
        );
        quote(&lines, &mut out);
        assert_eq!(
            out,
            "> first  \n> - a point\n>\n> \\# heading  \n> \\> quote  \n> \\<b>x\\</b>  \n> \\---\n"
        );
    }

    #[test]
    fn links_images_and_code_in_a_note_stay_text() {
        let mut out = String::new();
        let lines = vec![
            "[x](javascript:alert(1)) and ![](http://t.example/p.png)".to_string(),
            "`<img src=x>`{=html}".to_string(),
        ];
        quote(&lines, &mut out);
        assert_eq!(
            out,
            "> \\[x\\](javascript:alert(1)) and !\\[\\](http://t.example/p.png)  \n\
             > \\`\\<img src=x>\\`{=html}\n"
        );
    }
}
