//! The Chair's summary draft as one self-contained page: the same sections as the Markdown
//! draft, and a speaking-time chart per delegation drawn with CSS bars. No script, no font,
//! no image, nothing fetched: the page opens the same without a network.
//!
//! Every piece of user text goes through `esc`, which escapes `& < > " '`, so it is safe in
//! text and in attribute values alike.

use std::fmt::Write as _;

use super::outline::{Block, Outline, Span, Table};
use super::Draft;

const STYLE: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;\
max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#1b1b1b}\
h1{font-size:1.6rem;margin-bottom:.3rem}h2{border-bottom:1px solid #ccc;margin-top:2.2rem}\
header p{margin:.2rem 0}.exported{color:#555;font-size:.9rem}\
.scope{background:#fff4ce;padding:.4rem .6rem;border-left:4px solid #e0b000}\
table{border-collapse:collapse;margin:.6rem 0}th,td{border:1px solid #ccc;padding:.25rem .5rem;\
text-align:left;vertical-align:top}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\
p.statement{margin:.9rem 0 .2rem}tr.total th{background:#f3f5f8}\
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
    render_outline(&Outline::of(draft), draft.stats.total.interventions)
}

/// The outline as a page; `interventions` only sizes the buffer.
pub fn render_outline(outline: &Outline, interventions: usize) -> String {
    let mut out = String::with_capacity(8192 + 600 * interventions);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} — draft for the Chair's summary</title>\n<style>{STYLE}</style>\n\
         </head>\n<body>\n",
        esc(&outline.title)
    );
    let _ = writeln!(out, "<header>\n<h1>{}</h1>", esc(&outline.title));
    for line in &outline.header {
        let _ = writeln!(out, "<p>{}</p>", esc(line));
    }
    let _ = writeln!(out, "<p class=\"exported\">{}</p>", esc(&outline.exported));
    if let Some(scope) = &outline.scope {
        let _ = writeln!(out, "<p class=\"scope\">{}</p>", esc(scope));
    }
    out.push_str("</header>\n");
    for section in &outline.sections {
        let _ = writeln!(
            out,
            "<section id=\"{}\">\n<h2>{}</h2>",
            esc(&section.id),
            esc(&section.heading)
        );
        for block in &section.blocks {
            self::block(block, &mut out);
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn block(block: &Block, out: &mut String) {
    match block {
        Block::Heading { level, text } => {
            let _ = writeln!(out, "<h{n}>{}</h{n}>", esc(text), n = level + 1);
        }
        Block::Paragraph(spans) => {
            let class = if spans.first().is_some_and(|s| s.strong) {
                " class=\"statement\""
            } else {
                ""
            };
            let _ = writeln!(out, "<p{class}>{}</p>", spans_html(spans));
        }
        Block::Meeting(text) => {
            let _ = writeln!(out, "<p class=\"meeting\">{}</p>", esc(text));
        }
        Block::Quote(lines) => {
            let _ = writeln!(
                out,
                "<blockquote class=\"note\" dir=\"auto\">{}</blockquote>",
                esc(&lines.join("\n"))
            );
        }
        Block::List { numbered, items } => {
            let tag = if *numbered { "ol" } else { "ul" };
            let _ = writeln!(out, "<{tag}>");
            for item in items {
                let _ = writeln!(out, "<li>{}</li>", spans_html(item));
            }
            let _ = writeln!(out, "</{tag}>");
        }
        Block::Table(t) => table(t, out),
    }
}

fn spans_html(spans: &[Span]) -> String {
    let mut out = String::new();
    for span in spans {
        if span.strong {
            let _ = write!(out, "<strong>{}</strong>", esc(&span.text));
        } else {
            out.push_str(&esc(&span.text));
        }
    }
    out
}

/// A table; one with bars gets a chart column, its legend above it.
fn table(t: &Table, out: &mut String) {
    let chart = !t.bars.is_empty();
    if chart {
        out.push_str(
            "<p class=\"legend\"><span style=\"background:#2b6cb0\"></span>within the limit\
             <span style=\"background:#c53030\"></span>over the limit</p>\n",
        );
    }
    let class = |figures: bool| if figures { " class=\"n\"" } else { "" };
    let _ = write!(
        out,
        "<table{}>\n<thead><tr>",
        if chart { " class=\"chart\"" } else { "" }
    );
    for c in &t.columns {
        let _ = write!(out, "<th{}>{}</th>", class(c.figures), esc(&c.name));
    }
    if chart {
        out.push_str("<th>Chart</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (i, row) in t.rows.iter().enumerate() {
        out.push_str("<tr>");
        for (cell, c) in row.iter().zip(&t.columns) {
            let _ = write!(out, "<td{}>{}</td>", class(c.figures), esc(cell));
        }
        if let Some(bar) = t.bars.get(i) {
            let _ = write!(
                out,
                "<td class=\"bar\"><div class=\"track\" role=\"img\" aria-label=\"{}\">\
                 <span class=\"spoken\" style=\"width:{:.1}%\"></span>\
                 <span class=\"overtime\" style=\"width:{:.1}%\"></span></div></td>",
                esc(&bar.label),
                bar.within_percent,
                bar.over_percent
            );
        }
        out.push_str("</tr>\n");
    }
    if let Some(total) = &t.total {
        out.push_str("<tr class=\"total\">");
        for (cell, c) in total.iter().zip(&t.columns) {
            let _ = write!(out, "<th{}>{}</th>", class(c.figures), esc(cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
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
            // Control characters other than tab and line breaks are not allowed in HTML; the
            // characters that reorder text are hidden traps (see `safe`).
            c if c.is_control() && !matches!(c, '\t' | '\n') => {}
            c if super::safe::reorders_text(c) => {}
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
