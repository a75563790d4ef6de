//! The Chair's summary draft as one self-contained page: the same sections as the Markdown
//! draft, and a speaking-time chart per delegation drawn with CSS bars. No script, no font,
//! no image, nothing fetched: the page opens the same without a network.
//!
//! Every piece of user text goes through `esc`, which escapes `& < > " '`, so it is safe in
//! text and in attribute values alike.

use std::fmt::Write as _;

use super::{capitalised, plural, Draft, ItemDraft, Row};
use crate::domain::{clock_face, Attendance};
use crate::stats::SpeakingTime;

const STYLE: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;\
max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#1b1b1b}\
h1{font-size:1.6rem;margin-bottom:.3rem}h2{border-bottom:1px solid #ccc;margin-top:2.2rem}\
header p{margin:.2rem 0}.exported{color:#555;font-size:.9rem}\
.scope{background:#fff4ce;padding:.4rem .6rem;border-left:4px solid #e0b000}\
table{border-collapse:collapse;margin:.6rem 0}th,td{border:1px solid #ccc;padding:.25rem .5rem;\
text-align:left;vertical-align:top}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\
ol.interventions{list-style:none;padding-left:0}ol.interventions>li{margin:.9rem 0}\
.who{margin:0}.kind,.timing{color:#444}.over{color:#b00020;font-weight:600}\
blockquote.note{margin:.3rem 0 0 1rem;padding:.2rem .8rem;border-left:3px solid #9bb;\
white-space:pre-wrap;overflow-wrap:anywhere}\
.meeting{font-style:italic;color:#333}\
table.chart td.bar{width:50%;min-width:10rem}\
.track{display:flex;height:1rem;background:#eef1f4}\
.track .spoken{background:#2b6cb0}.track .overtime{background:#c53030}\
.legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem;\
vertical-align:middle}\
@media print{body{max-width:none}.track{print-color-adjust:exact;-webkit-print-color-adjust:exact}}";

pub fn render(draft: &Draft) -> String {
    let mut out = String::with_capacity(8192 + 600 * draft.stats.total.interventions);
    let title = draft.record.session.title();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} — draft for the Chair's summary</title>\n<style>{STYLE}</style>\n\
         </head>\n<body>\n",
        esc(&title)
    );
    heading(draft, &mut out);
    participation(draft, &mut out);
    meetings(draft, &mut out);
    for (i, item) in draft.items.iter().enumerate() {
        agenda_item(i, item, draft, &mut out);
    }
    topics(draft, &mut out);
    recommendations(draft, &mut out);
    speaking_time(draft, &mut out);
    out.push_str("</body>\n</html>\n");
    out
}

fn heading(draft: &Draft, out: &mut String) {
    let session = &draft.record.session;
    let _ = writeln!(out, "<header>\n<h1>{}</h1>", esc(&session.title()));
    let mut place = Vec::new();
    if !session.venue.trim().is_empty() {
        place.push(esc(&session.venue));
    }
    place.push(draft.dates());
    let _ = writeln!(out, "<p>{}</p>", place.join(", "));
    if let Some(chairs) = draft.chairs() {
        let _ = writeln!(out, "<p>{}</p>", esc(&chairs));
    }
    let _ = writeln!(
        out,
        "<p class=\"exported\">Draft for the Chair's summary, exported {}</p>",
        esc(&draft.exported_at())
    );
    if !draft.scope.is_whole_session() {
        let _ = writeln!(
            out,
            "<p class=\"scope\">This draft covers only: {}.</p>",
            esc(&draft.scope_description())
        );
    }
    out.push_str("</header>\n");
}

fn participation(draft: &Draft, out: &mut String) {
    let p = &draft.participation;
    out.push_str("<section id=\"participation\">\n<h2>Participation</h2>\n");
    let _ = writeln!(out, "<p>{}</p>", esc(&p.sentence()));
    if p.total > 0 {
        out.push_str(
            "<table>\n<thead><tr><th>Participants</th><th class=\"n\">Number</th></tr></thead>\n<tbody>\n",
        );
        for &(category, n) in &p.by_category {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"n\">{n}</td></tr>",
                esc(&capitalised(category.label()))
            );
        }
        let _ = writeln!(
            out,
            "<tr><td>In the room</td><td class=\"n\">{}</td></tr>\n\
             <tr><td>Online</td><td class=\"n\">{}</td></tr>\n\
             <tr><th>Total</th><th class=\"n\">{}</th></tr>",
            p.in_room, p.online, p.total
        );
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");
}

fn meetings(draft: &Draft, out: &mut String) {
    let noted: Vec<_> = draft
        .meetings()
        .filter(|m| !m.note.trim().is_empty())
        .collect();
    if noted.is_empty() {
        return;
    }
    out.push_str("<section id=\"proceedings\">\n<h2>Proceedings</h2>\n");
    for m in noted {
        let _ = writeln!(
            out,
            "<p class=\"meeting\">{}, {}</p>\n<blockquote class=\"note\" dir=\"auto\">{}</blockquote>",
            esc(&m.title()),
            m.date.format("%A %-d %B %Y"),
            esc(m.note.trim())
        );
    }
    out.push_str("</section>\n");
}

fn agenda_item(index: usize, item: &ItemDraft, draft: &Draft, out: &mut String) {
    let _ = writeln!(
        out,
        "<section class=\"item\" id=\"item-{}\">\n<h2>{}</h2>",
        index + 1,
        esc(&item.item.heading())
    );
    if item.rows.is_empty() {
        out.push_str("<p>No interventions were recorded under this item.</p>\n</section>\n");
        return;
    }
    out.push_str("<h3>List of speakers</h3>\n<ol>\n");
    for name in item.list_of_speakers() {
        let _ = writeln!(out, "<li>{}</li>", esc(&name));
    }
    out.push_str("</ol>\n<h3>Interventions</h3>\n");
    let mut meeting = None;
    let mut open = false;
    for row in &item.rows {
        if meeting != Some(row.intervention.meeting) {
            meeting = Some(row.intervention.meeting);
            if open {
                out.push_str("</ol>\n");
            }
            let _ = writeln!(
                out,
                "<p class=\"meeting\">{}</p>\n<ol class=\"interventions\">",
                esc(&meeting_line(draft, row))
            );
            open = true;
        }
        intervention(row, out);
    }
    if open {
        out.push_str("</ol>\n");
    }
    out.push_str("</section>\n");
}

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

fn intervention(row: &Row, out: &mut String) {
    let iv = row.intervention;
    let _ = write!(
        out,
        "<li><p class=\"who\">{}. <strong>{}</strong>",
        row.order,
        esc(row.speaker)
    );
    if let Some(group) = &iv.on_behalf_of {
        let _ = write!(out, ", on behalf of {}", esc(group));
    }
    let over = if row.overtime_secs > 0 { " over" } else { "" };
    let _ = write!(
        out,
        " — <span class=\"kind\">{}</span>, <time datetime=\"{}\">{}</time> — \
         <span class=\"timing{over}\">{}</span>",
        row.kind(),
        row.start.format("%Y-%m-%dT%H:%M:%S%:z"),
        row.start_local(),
        esc(&row.timing())
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
        let _ = write!(out, " — <strong class=\"conflict\">{}</strong>", esc(mark));
    }
    out.push_str("</p>");
    let note = iv.note.trim();
    if !note.is_empty() {
        let _ = write!(
            out,
            "\n<blockquote class=\"note\" dir=\"auto\">{}</blockquote>",
            esc(note)
        );
    }
    out.push_str("</li>\n");
}

fn topics(draft: &Draft, out: &mut String) {
    if draft.topics.is_empty() {
        return;
    }
    out.push_str(
        "<section id=\"topics\">\n<h2>Topics raised</h2>\n\
         <p>The statements mainly focused on the following topics:</p>\n<ul>\n",
    );
    for topic in &draft.topics {
        let speakers: Vec<String> = topic.speakers.iter().map(|s| esc(s)).collect();
        let _ = writeln!(
            out,
            "<li><strong>{}</strong> ({}): {}</li>",
            esc(&topic.tag),
            plural(topic.speakers.len(), "speaker", "speakers"),
            speakers.join(", ")
        );
    }
    out.push_str("</ul>\n</section>\n");
}

fn recommendations(draft: &Draft, out: &mut String) {
    if draft.recommendations.is_empty() {
        return;
    }
    out.push_str("<section id=\"recommendations\">\n<h2>Recommendations</h2>\n<ol>\n");
    for r in &draft.recommendations {
        let _ = write!(out, "<li><strong>{}</strong>", esc(&r.speaker));
        if let Some(group) = &r.on_behalf_of {
            let _ = write!(out, ", on behalf of {}", esc(group));
        }
        let _ = writeln!(out, " (item {}): {}</li>", esc(&r.item), esc(&r.text));
    }
    out.push_str("</ol>\n</section>\n");
}

fn speaking_time(draft: &Draft, out: &mut String) {
    let stats = &draft.stats;
    let t = &stats.total;
    out.push_str("<section id=\"speaking-time\">\n<h2>Speaking time</h2>\n");
    let _ = writeln!(
        out,
        "<p>{} in all, {} spoken; {} over the limit, by {} in all.</p>",
        plural(t.interventions, "intervention", "interventions"),
        clock_face(t.total_secs),
        t.over_time,
        clock_face(t.overtime_secs)
    );
    if t.interventions == 0 {
        out.push_str("</section>\n");
        return;
    }

    out.push_str(
        "<h3>By delegation</h3>\n<p class=\"legend\">\
         <span style=\"background:#2b6cb0\"></span>within the limit\
         <span style=\"background:#c53030\"></span>over the limit</p>\n\
         <table class=\"chart\">\n<thead><tr><th>Delegation</th><th>Category</th>\
         <th class=\"n\">Interventions</th><th class=\"n\">Speaking time</th>\
         <th class=\"n\">Over the limit</th><th class=\"n\">Overtime</th><th>Chart</th></tr></thead>\n<tbody>\n",
    );
    let longest = stats
        .by_delegation
        .iter()
        .map(|(_, _, time)| time.total_secs)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    for (name, category, time) in &stats.by_delegation {
        let within = (time.total_secs - time.overtime_secs).max(0) as f64 / longest * 100.0;
        let over = time.overtime_secs.min(time.total_secs).max(0) as f64 / longest * 100.0;
        let _ = writeln!(
            out,
            "<tr><td>{name}</td><td>{}</td>{}<td class=\"bar\">\
             <div class=\"track\" role=\"img\" aria-label=\"{name}: {}\">\
             <span class=\"spoken\" style=\"width:{within:.1}%\"></span>\
             <span class=\"overtime\" style=\"width:{over:.1}%\"></span></div></td></tr>",
            esc(category.label()),
            number_cells(time),
            clock_face(time.total_secs),
            name = esc(name),
        );
    }
    out.push_str("</tbody>\n</table>\n");

    table(
        out,
        "By category",
        "Category",
        stats
            .by_category
            .iter()
            .map(|(c, time)| (capitalised(c.label()), time)),
    );
    if !stats.by_kind.is_empty() {
        table(
            out,
            "By kind of intervention",
            "Kind",
            stats
                .by_kind
                .iter()
                .map(|(k, time)| (capitalised(k.label()), time)),
        );
    }
    if stats.by_agenda_item.len() > 1 {
        table(
            out,
            "By agenda item",
            "Agenda item",
            stats
                .by_agenda_item
                .iter()
                .map(|(i, time)| (i.clone(), time)),
        );
    }
    if !stats.by_group.is_empty() {
        table(
            out,
            "Statements on behalf of groups",
            "Group",
            stats.by_group.iter().map(|(g, time)| (g.clone(), time)),
        );
    }
    out.push_str("</section>\n");
}

fn table<'t>(
    out: &mut String,
    title: &str,
    first: &str,
    rows: impl Iterator<Item = (String, &'t SpeakingTime)>,
) {
    let _ = writeln!(
        out,
        "<h3>{title}</h3>\n<table>\n<thead><tr><th>{first}</th><th class=\"n\">Interventions</th>\
         <th class=\"n\">Speaking time</th><th class=\"n\">Over the limit</th>\
         <th class=\"n\">Overtime</th></tr></thead>\n<tbody>"
    );
    for (name, time) in rows {
        let _ = writeln!(
            out,
            "<tr><td>{}</td>{}</tr>",
            esc(&name),
            number_cells(time)
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn number_cells(time: &SpeakingTime) -> String {
    format!(
        "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>",
        time.interventions,
        clock_face(time.total_secs),
        time.over_time,
        clock_face(time.overtime_secs)
    )
}

/// Escapes text for HTML, in element content and in attribute values alike.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and line breaks are not allowed in HTML.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn user_text_is_escaped_for_text_and_attributes() {
        assert_eq!(
            esc("<script>alert('x' & \"y\")</script>"),
            "&lt;script&gt;alert(&#39;x&#39; &amp; &quot;y&quot;)&lt;/script&gt;"
        );
        assert_eq!(esc("مرحبا 你好 🎉"), "مرحبا 你好 🎉");
    }
}
