//! The Chair's summary draft in Markdown: the session's heading, participation, each agenda
//! item's list of speakers and interventions with their notes, the topics raised, the
//! recommendations and the speaking time.
//!
//! User text is escaped only where it would break the structure (a `|` in a table cell, a
//! leading `#` or `>`, raw HTML); notes otherwise stay as they were typed, line for line.

use std::fmt::Write as _;

use super::{capitalised, plural, Draft, ItemDraft, Row};
use crate::domain::{clock_face, Attendance};
use crate::stats::SpeakingTime;

pub fn render(draft: &Draft) -> String {
    // About 300 bytes an intervention with its note: one allocation for most sessions.
    let mut out = String::with_capacity(4096 + 300 * draft.stats.total.interventions);
    heading(draft, &mut out);
    participation(draft, &mut out);
    meetings(draft, &mut out);
    for item in &draft.items {
        agenda_item(item, draft, &mut out);
    }
    topics(draft, &mut out);
    recommendations(draft, &mut out);
    speaking_time(draft, &mut out);
    out
}

fn heading(draft: &Draft, out: &mut String) {
    let session = &draft.record.session;
    let _ = writeln!(out, "# {}\n", inline(&session.title()));
    let mut place = Vec::new();
    if !session.venue.trim().is_empty() {
        place.push(inline(&session.venue));
    }
    place.push(draft.dates());
    let _ = writeln!(out, "{}  ", place.join(", "));
    if let Some(chairs) = draft.chairs() {
        let _ = writeln!(out, "{}  ", inline(&chairs));
    }
    let _ = writeln!(
        out,
        "Draft for the Chair's summary, exported {}",
        draft.exported_at()
    );
    if !draft.scope.is_whole_session() {
        let _ = writeln!(
            out,
            "\n**This draft covers only: {}.**",
            inline(&draft.scope_description())
        );
    }
    out.push('\n');
}

fn participation(draft: &Draft, out: &mut String) {
    let p = &draft.participation;
    out.push_str("## Participation\n\n");
    let _ = writeln!(out, "{}\n", p.sentence());
    if p.total == 0 {
        return;
    }
    out.push_str("| Participants | Number |\n|---|---:|\n");
    for &(category, n) in &p.by_category {
        let _ = writeln!(out, "| {} | {n} |", capitalised(category.label()));
    }
    let _ = writeln!(out, "| In the room | {} |", p.in_room);
    let _ = writeln!(out, "| Online | {} |", p.online);
    let _ = writeln!(out, "| **Total** | **{}** |\n", p.total);
}

/// The meetings covered, with what was written while no one had the floor.
fn meetings(draft: &Draft, out: &mut String) {
    let noted: Vec<_> = draft
        .meetings()
        .filter(|m| !m.note.trim().is_empty())
        .collect();
    if noted.is_empty() {
        return;
    }
    out.push_str("## Proceedings\n\n");
    for m in noted {
        let _ = writeln!(
            out,
            "**{}, {}**\n",
            m.title(),
            m.date.format("%A %-d %B %Y")
        );
        quote(&m.note, out);
        out.push('\n');
    }
}

fn agenda_item(item: &ItemDraft, draft: &Draft, out: &mut String) {
    let _ = writeln!(out, "## {}\n", inline(&item.item.heading()));
    if item.rows.is_empty() {
        out.push_str("No interventions were recorded under this item.\n\n");
        return;
    }
    out.push_str("### List of speakers\n\n");
    for (i, name) in item.list_of_speakers().iter().enumerate() {
        let _ = writeln!(out, "{}. {}", i + 1, inline(name));
    }
    out.push_str("\n### Interventions\n\n");
    let mut meeting = None;
    for row in &item.rows {
        if meeting != Some(row.intervention.meeting) {
            meeting = Some(row.intervention.meeting);
            let _ = writeln!(out, "*{}*\n", meeting_line(draft, row));
        }
        intervention(row, out);
    }
}

/// "1st meeting, 10:00–13:00, Tuesday 2 July 2024".
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

/// "**3. Hungary**, on behalf of European Union — statement, 10:03 — 04:40, 01:40 over the
/// limit of 03:00 — online", then the note as a quotation.
fn intervention(row: &Row, out: &mut String) {
    let iv = row.intervention;
    let _ = write!(out, "**{}. {}**", row.order, inline(row.speaker));
    if let Some(group) = &iv.on_behalf_of {
        let _ = write!(out, ", on behalf of {}", inline(group));
    }
    let _ = write!(
        out,
        " — {}, {} — {}",
        row.kind(),
        row.start_local(),
        row.timing()
    );
    if row.attendance == Attendance::Online {
        out.push_str(" — online");
    }
    if let Some(said) = row.facts_corrected() {
        out.push_str(&said);
    }
    if !iv.corrections.is_empty() {
        out.push_str(" — note corrected after the meeting");
    }
    if let Some(mark) = &row.conflict {
        let _ = write!(out, " — **{}**", inline(mark));
    }
    out.push_str("\n\n");
    if !iv.note.trim().is_empty() {
        quote(&iv.note, out);
        out.push('\n');
    }
}

fn topics(draft: &Draft, out: &mut String) {
    if draft.topics.is_empty() {
        return;
    }
    out.push_str("## Topics raised\n\n");
    out.push_str("The statements mainly focused on the following topics:\n\n");
    for topic in &draft.topics {
        let speakers: Vec<String> = topic.speakers.iter().map(|s| inline(s)).collect();
        let _ = writeln!(
            out,
            "- **{}** ({}): {}",
            inline(&topic.tag),
            plural(topic.speakers.len(), "speaker", "speakers"),
            speakers.join(", ")
        );
    }
    out.push('\n');
}

fn recommendations(draft: &Draft, out: &mut String) {
    if draft.recommendations.is_empty() {
        return;
    }
    out.push_str("## Recommendations\n\n");
    for (i, r) in draft.recommendations.iter().enumerate() {
        let _ = write!(out, "{}. **{}**", i + 1, inline(&r.speaker));
        if let Some(group) = &r.on_behalf_of {
            let _ = write!(out, ", on behalf of {}", inline(group));
        }
        let _ = writeln!(out, " (item {}): {}", inline(&r.item), inline(&r.text));
    }
    out.push('\n');
}

fn speaking_time(draft: &Draft, out: &mut String) {
    let stats = &draft.stats;
    out.push_str("## Speaking time\n\n");
    let t = &stats.total;
    let _ = writeln!(
        out,
        "{} in all, {} spoken; {} over the limit, by {} in all.\n",
        plural(t.interventions, "intervention", "interventions"),
        clock_face(t.total_secs),
        t.over_time,
        clock_face(t.overtime_secs)
    );
    if t.interventions == 0 {
        return;
    }
    out.push_str("### By delegation\n\n");
    out.push_str(
        "| Delegation | Category | Interventions | Speaking time | Over the limit | Overtime |\n\
         |---|---|---:|---:|---:|---:|\n",
    );
    for (name, category, time) in &stats.by_delegation {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            inline(name),
            category.label(),
            numbers(time)
        );
    }
    out.push_str("\n### By category\n\n");
    out.push_str(
        "| Category | Interventions | Speaking time | Over the limit | Overtime |\n\
         |---|---:|---:|---:|---:|\n",
    );
    for (category, time) in &stats.by_category {
        let _ = writeln!(
            out,
            "| {} | {} |",
            capitalised(category.label()),
            numbers(time)
        );
    }
    if !stats.by_kind.is_empty() {
        out.push_str("\n### By kind of intervention\n\n");
        out.push_str(
            "| Kind | Interventions | Speaking time | Over the limit | Overtime |\n\
             |---|---:|---:|---:|---:|\n",
        );
        for (kind, time) in &stats.by_kind {
            let _ = writeln!(out, "| {} | {} |", capitalised(kind.label()), numbers(time));
        }
    }
    if stats.by_agenda_item.len() > 1 {
        out.push_str("\n### By agenda item\n\n");
        out.push_str(
            "| Agenda item | Interventions | Speaking time | Over the limit | Overtime |\n\
             |---|---:|---:|---:|---:|\n",
        );
        for (item, time) in &stats.by_agenda_item {
            let _ = writeln!(out, "| {} | {} |", inline(item), numbers(time));
        }
    }
    if !stats.by_group.is_empty() {
        out.push_str("\n### Statements on behalf of groups\n\n");
        out.push_str(
            "| Group | Interventions | Speaking time | Over the limit | Overtime |\n\
             |---|---:|---:|---:|---:|\n",
        );
        for (group, time) in &stats.by_group {
            let _ = writeln!(out, "| {} | {} |", inline(group), numbers(time));
        }
    }
    out.push('\n');
}

/// The four number cells of a speaking-time row: interventions, speaking time, how many over
/// the limit, and by how much, as the statistics view shows them.
fn numbers(time: &SpeakingTime) -> String {
    format!(
        "{} | {} | {} | {}",
        time.interventions,
        clock_face(time.total_secs),
        time.over_time,
        clock_face(time.overtime_secs)
    )
}

/// User text on one line of Markdown (a heading, a list item, a table cell): line breaks
/// become spaces; what Markdown would read as emphasis, a link, a table's column or HTML is
/// escaped, and so is a start that would make the line a heading, a list or a rule.
pub(crate) fn inline(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let flat = flat.trim();
    let mut out = String::with_capacity(flat.len() + 8);
    // (The characters escaped below anyway need no second backslash.)
    if starts_a_block(flat) && !flat.starts_with(['`', '*', '_']) {
        out.push('\\');
    }
    for c in flat.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    // "1. x" or "1) x" at the start of a line would begin a numbered list.
    if let Some(at) = list_number_end(&out) {
        out.insert(at, '\\');
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
fn quote(note: &str, out: &mut String) {
    let note = note.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = note.trim_matches('\n').lines().collect();
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

/// One line of a note: kept as typed (lists, links, emphasis, `#tags`), except what would
/// break out of the quotation or become a heading, a rule, a fence or HTML.
fn note_line(line: &str, out: &mut String) {
    let body = line.trim_start();
    let indent = &line[..line.len() - body.len()];
    out.push_str(indent);
    let first = body.chars().next();
    let leading = match first {
        Some('#' | '>' | '`' | '~') => starts_a_block(body),
        Some('-' | '=' | '*' | '_') => is_rule(body),
        _ => false,
    };
    if leading {
        out.push('\\');
    }
    for c in body.chars() {
        match c {
            '<' => out.push_str("\\<"),
            c if c.is_control() && c != '\t' => out.push(' '),
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
        quote(
            "first\n- a point\n\n# heading\n#tag\n> quote\n<b>x</b>\n---",
            &mut out,
        );
        assert_eq!(
            out,
            "> first  \n> - a point\n>\n> \\# heading  \n> #tag  \n> \\> quote  \n> \\<b>x\\</b>  \n> \\---\n"
        );
    }
}
