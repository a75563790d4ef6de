//! The session as a workbook for analysis: one sheet of interventions, speaking time by
//! delegation, by category and by agenda item, and the participants. Times are Excel dates
//! and durations are Excel durations (fractions of a day shown as `[h]:mm:ss`), so that a
//! spreadsheet or pandas sums, sorts and charts them; nothing is a number written as text.
//!
//! Each sheet is written row by row in rust_xlsxwriter's constant-memory mode, so a session
//! of 100,000 interventions is never held twice.

use chrono::{DateTime, Datelike as _, Timelike as _};
use chrono_tz::Tz;
use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, Workbook, Worksheet, XlsxError};

use super::{capitalised, Draft, ExportError};
use crate::domain::Attendance;
use crate::stats::SpeakingTime;

/// Excel's limit on the characters of one cell; a longer note is cut there, and says so.
const CELL_LIMIT: usize = 32_767;
const CUT: &str = " [cut: the note is longer than a spreadsheet cell holds]";
const SECONDS_A_DAY: f64 = 86_400.0;

struct Formats {
    header: CellFormat,
    datetime: CellFormat,
    duration: CellFormat,
}

pub fn render(draft: &Draft) -> Result<Vec<u8>, ExportError> {
    let failed = |e: XlsxError| ExportError::Other(format!("could not write the workbook: {e}"));
    let formats = Formats {
        header: CellFormat::new().set_bold(),
        datetime: CellFormat::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
        duration: CellFormat::new().set_num_format("[h]:mm:ss"),
    };
    let mut book = Workbook::new();
    interventions(sheet(&mut book, "Interventions")?, draft, &formats).map_err(failed)?;
    by_delegation(sheet(&mut book, "By delegation")?, draft, &formats).map_err(failed)?;
    let by_category: Vec<(String, SpeakingTime)> = draft
        .stats
        .by_category
        .iter()
        .map(|(c, t)| (capitalised(c.label()), *t))
        .collect();
    time_sheet(
        sheet(&mut book, "By category")?,
        "Category",
        &by_category,
        &formats,
    )
    .map_err(failed)?;
    time_sheet(
        sheet(&mut book, "By agenda item")?,
        "Agenda item",
        &draft.stats.by_agenda_item,
        &formats,
    )
    .map_err(failed)?;
    participants(sheet(&mut book, "Participants")?, draft, &formats).map_err(failed)?;
    book.save_to_buffer().map_err(failed)
}

fn sheet<'b>(book: &'b mut Workbook, name: &str) -> Result<&'b mut Worksheet, ExportError> {
    let failed = |e: XlsxError| ExportError::Other(format!("could not write the workbook: {e}"));
    let sheet = book.add_worksheet_with_constant_memory().map_err(failed)?;
    sheet.set_name(name).map_err(failed)?;
    Ok(sheet)
}

fn header(sheet: &mut Worksheet, columns: &[&str], f: &Formats) -> Result<(), XlsxError> {
    for (c, title) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *title, &f.header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn interventions(sheet: &mut Worksheet, draft: &Draft, f: &Formats) -> Result<(), XlsxError> {
    let tz = draft.tz.name();
    let start = format!("Start ({tz})");
    let end = format!("End ({tz})");
    header(
        sheet,
        &[
            "Meeting",
            "Agenda item",
            "Order",
            "Speaker",
            "Category",
            "On behalf of",
            "Kind",
            &start,
            &end,
            "Recording offset",
            "Speaking time",
            "Time limit",
            "Overtime",
            "In the room / online",
            "Tags",
            "Note",
        ],
        f,
    )?;
    let mut r = 1;
    for item in &draft.items {
        for row in &item.rows {
            let iv = row.intervention;
            sheet.write_number(r, 0, iv.meeting)?;
            sheet.write_string(r, 1, &item.item.number)?;
            sheet.write_number(r, 2, row.order as f64)?;
            sheet.write_string(r, 3, row.speaker)?;
            sheet.write_string(r, 4, capitalised(row.category.label()))?;
            if let Some(group) = &iv.on_behalf_of {
                sheet.write_string(r, 5, group)?;
            }
            sheet.write_string(r, 6, row.kind())?;
            sheet.write_datetime_with_format(r, 7, excel_time(&row.start)?, &f.datetime)?;
            if let Some(end) = &row.end {
                sheet.write_datetime_with_format(r, 8, excel_time(end)?, &f.datetime)?;
            }
            if let Some(offset) = row.recording_offset {
                sheet.write_string(r, 9, offset.describe())?;
            }
            sheet.write_number_with_format(r, 10, days(row.duration_secs), &f.duration)?;
            if let Some(limit) = iv.time_limit_secs {
                sheet.write_number_with_format(r, 11, days(i64::from(limit)), &f.duration)?;
            }
            sheet.write_number_with_format(r, 12, days(row.overtime_secs), &f.duration)?;
            sheet.write_string(r, 13, attendance(row.attendance))?;
            sheet.write_string(r, 14, iv.tags.join("; "))?;
            sheet.write_string(r, 15, cell_text(&iv.note))?;
            r += 1;
        }
    }
    Ok(())
}

fn by_delegation(sheet: &mut Worksheet, draft: &Draft, f: &Formats) -> Result<(), XlsxError> {
    header(
        sheet,
        &[
            "Delegation",
            "Category",
            "Interventions",
            "Speaking time",
            "Over the limit",
            "Overtime",
        ],
        f,
    )?;
    for (i, (name, category, t)) in draft.stats.by_delegation.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, name)?;
        sheet.write_string(r, 1, capitalised(category.label()))?;
        time_cells(sheet, r, 2, t, f)?;
    }
    Ok(())
}

fn time_sheet(
    sheet: &mut Worksheet,
    first: &str,
    rows: &[(String, SpeakingTime)],
    f: &Formats,
) -> Result<(), XlsxError> {
    header(
        sheet,
        &[
            first,
            "Interventions",
            "Speaking time",
            "Over the limit",
            "Overtime",
        ],
        f,
    )?;
    for (i, (name, t)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, name)?;
        time_cells(sheet, r, 1, t, f)?;
    }
    Ok(())
}

fn participants(sheet: &mut Worksheet, draft: &Draft, f: &Formats) -> Result<(), XlsxError> {
    header(
        sheet,
        &["Name", "Category", "In the room / online", "Organisation"],
        f,
    )?;
    for (i, p) in draft.record.participants.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, &p.name)?;
        sheet.write_string(r, 1, capitalised(p.category.label()))?;
        sheet.write_string(r, 2, attendance(p.attendance))?;
        if let Some(organisation) = &p.organisation {
            sheet.write_string(r, 3, organisation)?;
        }
    }
    Ok(())
}

fn time_cells(
    sheet: &mut Worksheet,
    r: u32,
    c: u16,
    t: &SpeakingTime,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_number(r, c, t.interventions as f64)?;
    sheet.write_number_with_format(r, c + 1, days(t.total_secs), &f.duration)?;
    sheet.write_number(r, c + 2, t.over_time as f64)?;
    sheet.write_number_with_format(r, c + 3, days(t.overtime_secs), &f.duration)?;
    Ok(())
}

/// A duration as Excel counts it: a fraction of a day.
fn days(secs: i64) -> f64 {
    secs as f64 / SECONDS_A_DAY
}

/// The venue's wall-clock time (a workbook has no time zones; the column says which).
fn excel_time(t: &DateTime<Tz>) -> Result<ExcelDateTime, XlsxError> {
    let year = u16::try_from(t.year()).map_err(|_| {
        XlsxError::ParameterError(format!("the year {} is outside Excel's dates", t.year()))
    })?;
    ExcelDateTime::from_ymd(year, t.month() as u8, t.day() as u8)?.and_hms(
        t.hour() as u16,
        t.minute() as u8,
        t.second(),
    )
}

fn attendance(a: Attendance) -> &'static str {
    match a {
        Attendance::InRoom => "in the room",
        Attendance::Online => "online",
    }
}

/// A note as a cell holds it: cut, and said to be, at Excel's limit.
fn cell_text(note: &str) -> String {
    if note.chars().count() <= CELL_LIMIT {
        return note.to_string();
    }
    let keep = CELL_LIMIT - CUT.chars().count();
    let mut cut: String = note.chars().take(keep).collect();
    cut.push_str(CUT);
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_longer_than_a_cell_is_cut_and_says_so() {
        let long = "a".repeat(CELL_LIMIT + 10);
        let cut = cell_text(&long);
        assert_eq!(cut.chars().count(), CELL_LIMIT);
        assert!(cut.ends_with(CUT));
        assert_eq!(cell_text("short"), "short");
    }

    #[test]
    fn durations_are_fractions_of_a_day() {
        assert_eq!(days(86_400), 1.0);
        assert_eq!(days(3_600) * 24.0, 1.0);
    }
}
