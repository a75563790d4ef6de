//! One row per intervention, for Excel: RFC 4180 (CRLF line ends, quotes doubled), UTF-8 with
//! a byte order mark so that Excel reads accents and scripts correctly, and safe against
//! formula injection: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
//! return is prefixed with `'`, as OWASP advises, so Excel shows it as text and runs nothing.
//! Control characters and the characters that reorder text go, as in every format (`safe`).

use super::{Draft, ExportError};
use crate::domain::Attendance;

/// Excel needs the byte order mark to read a CSV file as UTF-8.
pub const BOM: &str = "\u{FEFF}";

pub const HEADER: [&str; 18] = [
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
    "Conflict",
];

pub fn render(draft: &Draft) -> Result<Vec<u8>, ExportError> {
    render_with_separator(draft, b',')
}

/// The CSV with `separator` between cells: `;` for a spreadsheet set to a decimal comma,
/// which reads a comma as part of a number.
pub fn render_with_separator(draft: &Draft, separator: u8) -> Result<Vec<u8>, ExportError> {
    let mut bytes = Vec::with_capacity(1024 + 250 * draft.stats.total.interventions);
    bytes.extend_from_slice(BOM.as_bytes());
    let mut out = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .delimiter(separator)
        .from_writer(bytes);
    let failed = |e: ::csv::Error| ExportError::Other(format!("cannot write the CSV: {e}"));
    out.write_record(HEADER).map_err(failed)?;

    let session = text(&draft.record.session.title());
    for item in &draft.items {
        let number = text(&item.item.number);
        for row in &item.rows {
            let iv = row.intervention;
            let iso = "%Y-%m-%dT%H:%M:%S%:z";
            let record: [String; 18] = [
                session.clone(),
                iv.meeting.to_string(),
                number.clone(),
                row.order.to_string(),
                text(row.speaker),
                text(&super::words::category_name(row.category)),
                iv.on_behalf_of.as_deref().map(text).unwrap_or_default(),
                text(&row.kind()),
                row.start.format(iso).to_string(),
                row.end
                    .map(|end| end.format(iso).to_string())
                    .unwrap_or_default(),
                row.recording_offset
                    .map(|o| o.describe())
                    .unwrap_or_default(),
                row.duration_secs.to_string(),
                iv.time_limit_secs
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
                row.overtime_secs.to_string(),
                match row.attendance {
                    Attendance::InRoom => "in room".to_string(),
                    Attendance::Online => "online".to_string(),
                },
                text(&iv.tags.join("; ")),
                text(&iv.note),
                row.conflict.as_deref().map(text).unwrap_or_default(),
            ];
            out.write_record(&record).map_err(failed)?;
        }
    }
    out.into_inner()
        .map_err(|e| ExportError::Other(format!("cannot write the CSV: {}", e.error())))
}

/// A text cell as it is safe to open in a spreadsheet: clean (see `safe`: tabs and line
/// breaks stay), and one that a spreadsheet would read as a formula gets a leading `'`.
pub fn text(cell: &str) -> String {
    let cell = super::safe::clean(cell);
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn cells_a_spreadsheet_would_run_are_neutralised() {
        for cell in ["=SUM(A1)", "+cmd", "-1", "@x", "\tx"] {
            assert_eq!(text(cell), format!("'{cell}"));
        }
        assert_eq!(text("\rx"), "\nx", "a lone carriage return is a line break");
        for cell in ["France", "", "'quoted", "a=b", "مرحبا", "1"] {
            assert_eq!(text(cell), cell);
        }
    }

    #[test]
    fn controls_and_reordering_characters_leave_a_cell() {
        assert_eq!(text("bell\u{7}here"), "bellhere");
        assert_eq!(text("evil\u{202E}txt.exe"), "eviltxt.exe");
        assert_eq!(text("\u{1b}=cmd"), "'=cmd", "nothing hides a formula");
    }
}
