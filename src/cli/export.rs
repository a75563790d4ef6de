//! `rapporteur export`: the session's record as a draft for the Chair's summary, a Word
//! document, a table, lossless JSON or a self-contained page.

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use chrono::{NaiveDate, Utc};
use clap::Args;

use crate::domain::{SessionId, SessionRecord};
use crate::export::{self, Format, Progress, Scope, Written};
use crate::store::Store;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The session (default: the one `rapporteur` opens)
    #[arg(long)]
    pub session: Option<u64>,
    /// Only this meeting (by number)
    #[arg(long)]
    pub meeting: Option<u32>,
    /// Only this agenda item (by its number on the agenda)
    #[arg(long)]
    pub agenda_item: Option<String>,
    /// Only this day, in the venue's time zone (YYYY-MM-DD)
    #[arg(long, conflicts_with_all = ["from", "to"])]
    pub day: Option<String>,
    /// Only from this day on, in the venue's time zone (YYYY-MM-DD)
    #[arg(long)]
    pub from: Option<String>,
    /// Only up to this day, included, in the venue's time zone (YYYY-MM-DD)
    #[arg(long)]
    pub to: Option<String>,
    /// md, docx, csv, json, html or xlsx; for one meeting's recording, vtt, srt or labels
    /// (Audacity)
    #[arg(long, short)]
    pub format: String,
    /// Between the cells of a CSV: comma (the default) or semicolon, for a spreadsheet set to
    /// a decimal comma
    #[arg(long, value_name = "comma|semicolon")]
    pub separator: Option<String>,
    /// Write to this file, `-` for standard output (the default). A symbolic link is
    /// followed; a device or a pipe (`/dev/stdout`) is written directly
    #[arg(long, short)]
    pub output: Option<std::path::PathBuf>,
}

/// Above this many interventions, an export to a terminal shows how far it has gone.
const PROGRESS_ABOVE: usize = 2000;

pub fn run(db: Option<PathBuf>, args: ExportArgs) -> anyhow::Result<()> {
    let format = Format::parse(&args.format).with_context(|| {
        format!(
            "unknown format {:?}: choose one of {}",
            args.format,
            Format::ALL.map(Format::name).join(", ")
        )
    })?;
    let output = args.output.as_deref().filter(|p| *p != Path::new("-"));
    if output.is_none() && !format.is_text() && std::io::stdout().is_terminal() {
        bail!(
            "a {} file cannot be shown in the terminal: name a file with -o, e.g. -o summary.{}",
            format.extension(),
            format.extension()
        );
    }

    let store = open_store(db)?;
    let id = match args.session {
        Some(id) => SessionId(id),
        None => store.most_recent_session()?.with_context(|| {
            format!(
                "the store at {} holds no session yet: nothing to export",
                store.path().display()
            )
        })?,
    };
    let mut record = store.load(id)?;
    let scope = scope(&record, args.meeting, args.agenda_item.as_deref())?;
    let separator = separator(format, args.separator.as_deref())?;
    if let Some(days) = Days::asked(
        args.day.as_deref(),
        args.from.as_deref(),
        args.to.as_deref(),
    )? {
        days.keep_only(&mut record)?;
    }

    let now = Utc::now();
    let interventions = record
        .interventions
        .iter()
        .filter(|iv| scope.includes(iv))
        .count();
    let show_progress = interventions > PROGRESS_ABOVE && std::io::stderr().is_terminal();
    let mut progress = |p: Progress| {
        if show_progress {
            eprint!("\r\x1b[2KExporting… {}% ({})", p.percent, p.stage);
        }
    };
    let bytes = match separator {
        Some(separator) => export::render_csv(&record, scope, now, separator)?,
        None => export::render_with_progress(&record, scope, format, now, &mut progress)?,
    };
    let written = match output {
        Some(path) => export::write_export(path, |file| file.write_all(&bytes))
            .map(Some)
            .map_err(anyhow::Error::from),
        None => write_stdout(&bytes).map(|()| None),
    };
    if show_progress {
        eprint!("\r\x1b[2K");
    }
    let written = written?;

    if let (Some(path), Some(written)) = (output, written) {
        let cues = format
            .is_cues()
            .then(|| export::cues::Cues::of(&record, scope, now).ok())
            .flatten();
        let what = match cues {
            Some(cues) => format!(
                "the {} meeting's recording, {}{}",
                crate::domain::ordinal(cues.meeting),
                export::plural(cues.cues.len(), "cue", "cues"),
                match cues.before_the_recording {
                    0 => String::new(),
                    n => format!(
                        "; {} before the recording started",
                        export::plural(n, "intervention", "interventions")
                    ),
                }
            ),
            None => format!(
                "{}, {}",
                export::plural(
                    items_in_scope(&record, scope),
                    "agenda item",
                    "agenda items"
                ),
                export::plural(interventions, "intervention", "interventions")
            ),
        };
        crate::tell!(
            "Wrote {} ({}, {what}, {})",
            where_written(path, &written),
            format.name(),
            size(bytes.len())
        );
    }
    Ok(())
}

/// The file written, as the user named it, or the file their link leads to.
fn where_written(asked: &Path, written: &Written) -> String {
    match written {
        Written::File(file) if file != asked => format!(
            "{} (the file the link {} leads to)",
            file.display(),
            asked.display()
        ),
        Written::File(_) | Written::Directly => asked.display().to_string(),
    }
}

/// The CSV separator asked for, if other than the comma.
fn separator(format: Format, asked: Option<&str>) -> anyhow::Result<Option<u8>> {
    let Some(asked) = asked else {
        return Ok(None);
    };
    if format != Format::Csv {
        bail!(
            "--separator is for CSV files, not {}: leave it out, or export with --format csv",
            format.extension()
        );
    }
    match asked.trim().to_lowercase().as_str() {
        "comma" | "," => Ok(None),
        "semicolon" | ";" => Ok(Some(b';')),
        other => bail!("unknown separator {other:?}: choose comma or semicolon"),
    }
}

/// The days an export covers, both included, in the venue's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Days {
    first: NaiveDate,
    last: NaiveDate,
}

impl Days {
    /// `--day`, or `--from` and `--to` (either may be left open); `None` for every day.
    fn asked(
        day: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
    ) -> anyhow::Result<Option<Days>> {
        if let Some(day) = day {
            let day = date("--day", day)?;
            return Ok(Some(Days {
                first: day,
                last: day,
            }));
        }
        if from.is_none() && to.is_none() {
            return Ok(None);
        }
        let first = from
            .map(|d| date("--from", d))
            .transpose()?
            .unwrap_or(NaiveDate::MIN);
        let last = to
            .map(|d| date("--to", d))
            .transpose()?
            .unwrap_or(NaiveDate::MAX);
        if first > last {
            bail!("--from {first} is after --to {last}: the range has no day in it; swap them");
        }
        Ok(Some(Days { first, last }))
    }

    fn contains(self, day: NaiveDate) -> bool {
        (self.first..=self.last).contains(&day)
    }

    /// "2 July 2024", "1 to 3 July 2024", "from 2 July 2024", "up to 3 July 2024".
    fn describe(self) -> String {
        let d = |day: NaiveDate| day.format("%-d %B %Y").to_string();
        match (self.first == NaiveDate::MIN, self.last == NaiveDate::MAX) {
            _ if self.first == self.last => d(self.first),
            (false, false) => format!("{} to {}", d(self.first), d(self.last)),
            (false, true) => format!("from {}", d(self.first)),
            _ => format!("up to {}", d(self.last)),
        }
    }

    /// Leaves in the record only the meetings held and the interventions begun on these
    /// days, in the venue's time, and narrows the session's dates to them, so that the
    /// draft's heading gives the dates it covers. Nothing recorded on those days is an error
    /// that names the days that have something.
    fn keep_only(self, record: &mut SessionRecord) -> anyhow::Result<()> {
        let tz = record.session.tz();
        let day_of =
            |iv: &crate::domain::Intervention| iv.started_at.with_timezone(&tz).date_naive();
        let mut recorded: Vec<NaiveDate> = record
            .interventions
            .iter()
            .map(day_of)
            .chain(record.meetings.iter().map(|m| m.date))
            .collect();
        recorded.sort();
        recorded.dedup();
        if !recorded.iter().any(|d| self.contains(*d)) {
            let days: Vec<String> = recorded.iter().map(|d| d.to_string()).collect();
            bail!(
                "session {} has nothing recorded on {} ({} time): {}",
                record.session.id,
                self.describe(),
                tz.name(),
                if days.is_empty() {
                    "it has nothing recorded yet".to_string()
                } else {
                    format!("its days are {}", days.join(", "))
                }
            );
        }
        record.interventions.retain(|iv| self.contains(day_of(iv)));
        record.meetings.retain(|m| self.contains(m.date));
        let kept: Vec<NaiveDate> = recorded.into_iter().filter(|d| self.contains(*d)).collect();
        if let (Some(first), Some(last)) = (kept.first(), kept.last()) {
            record.session.first_day = *first;
            record.session.last_day = *last;
        }
        Ok(())
    }
}

/// A day as the user typed it: YYYY-MM-DD.
fn date(option: &str, typed: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(typed.trim(), "%Y-%m-%d").map_err(|_| {
        anyhow::anyhow!("{option} {typed:?} is not a date: write it as YYYY-MM-DD, e.g. 2024-07-02")
    })
}

fn open_store(db: Option<PathBuf>) -> anyhow::Result<Store> {
    super::open_store(db)
}

/// The meeting and agenda item asked for, checked against the session.
fn scope(
    record: &SessionRecord,
    meeting: Option<u32>,
    agenda_item: Option<&str>,
) -> anyhow::Result<Scope> {
    if let Some(n) = meeting {
        if record.meeting(n).is_none() {
            let numbers: Vec<String> = record
                .meetings
                .iter()
                .map(|m| m.number.to_string())
                .collect();
            bail!(
                "session {} has no meeting {n}: its meetings are numbered {}",
                record.session.id,
                if numbers.is_empty() {
                    "(none yet)".to_string()
                } else {
                    numbers.join(", ")
                }
            );
        }
    }
    let agenda_item = match agenda_item {
        None => None,
        Some(asked) => {
            let wanted = normalise_item(asked);
            match record
                .agenda
                .iter()
                .find(|a| normalise_item(&a.number) == wanted)
            {
                Some(item) => Some(item.id),
                None => {
                    let numbers: Vec<&str> =
                        record.agenda.iter().map(|a| a.number.as_str()).collect();
                    bail!(
                        "session {} has no agenda item {asked:?}: the agenda's items are {}",
                        record.session.id,
                        if numbers.is_empty() {
                            "(none yet)".to_string()
                        } else {
                            numbers.join(", ")
                        }
                    );
                }
            }
        }
    };
    Ok(Scope {
        meeting,
        agenda_item,
    })
}

/// "Item 4 (a)", "4(a)" and "4 (A)" all name agenda item "4 (a)".
fn normalise_item(number: &str) -> String {
    let lower = number.trim().to_lowercase();
    let lower = lower.strip_prefix("item").unwrap_or(&lower);
    lower
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect()
}

/// How many agenda items the export shows (as the draft does: those with interventions in
/// scope, and the one asked for).
fn items_in_scope(record: &SessionRecord, scope: Scope) -> usize {
    let mut spoken: Vec<_> = record
        .interventions
        .iter()
        .filter(|iv| scope.includes(iv))
        .map(|iv| iv.agenda_item)
        .chain(scope.agenda_item)
        .collect();
    spoken.sort();
    spoken.dedup();
    record
        .agenda
        .iter()
        .filter(|a| spoken.binary_search(&a.id).is_ok())
        .count()
}

/// A closed pipe (`| head`) is not an error: the reader has what it wanted.
fn write_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}

/// "812 bytes", "41 KB", "3.2 MB".
fn size(bytes: usize) -> String {
    const KB: usize = 1024;
    if bytes < KB {
        format!("{bytes} bytes")
    } else if bytes < KB * KB {
        format!("{} KB", bytes.div_ceil(KB))
    } else {
        format!("{:.1} MB", bytes as f64 / (KB * KB) as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agenda_items_are_found_however_their_number_is_written() {
        assert_eq!(normalise_item("Item 4 (a)"), normalise_item("4(A)"));
        assert_eq!(normalise_item("2."), "2");
        assert_ne!(normalise_item("2"), normalise_item("3"));
    }

    #[test]
    fn days_are_read_and_bad_ones_explained() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let one = Days::asked(Some("2024-07-02"), None, None)
            .unwrap()
            .unwrap();
        assert_eq!(
            (one.first, one.last),
            (day("2024-07-02"), day("2024-07-02"))
        );
        assert_eq!(one.describe(), "2 July 2024");
        let open = Days::asked(None, Some("2024-07-02"), None)
            .unwrap()
            .unwrap();
        assert!(open.contains(day("2030-01-01")) && !open.contains(day("2024-07-01")));
        assert_eq!(Days::asked(None, None, None).unwrap(), None);

        let err = Days::asked(Some("2024-13-01"), None, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "--day \"2024-13-01\" is not a date: write it as YYYY-MM-DD, e.g. 2024-07-02"
        );
        let err = Days::asked(None, Some("2024-07-04"), Some("2024-07-02")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "--from 2024-07-04 is after --to 2024-07-02: the range has no day in it; swap them"
        );
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size(812), "812 bytes");
        assert_eq!(size(41 * 1024), "41 KB");
        assert_eq!(size(41 * 1024 + 1), "42 KB");
        assert_eq!(size(3_355_443), "3.2 MB");
    }
}
