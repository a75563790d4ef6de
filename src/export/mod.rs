//! Exports for drafting the Chair's summary. Every format is drawn from one read-only view of
//! the session, `Draft`, so that the Markdown, the Word document, the CSV and the page agree
//! with each other and with the statistics view to the second.

mod csv;
pub mod cues;
mod docx;
mod html;
pub mod json;
mod labels;
mod md;
pub mod outline;
pub mod safe;
mod srt;
mod vtt;
pub mod words;
mod write;
mod xlsx;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::domain::{
    AgendaItem, AgendaItemId, Attendance, Category, Intervention, InterventionKind, Participant,
    SessionRecord,
};
use crate::stats::{self, Statistics, StatsFilter};

pub use write::{write_atomic, write_atomic_with, write_export, Written};

/// The formats an export can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A draft to write the Chair's summary from.
    Md,
    /// The same draft as a Word document.
    Docx,
    /// One row per intervention.
    Csv,
    /// Everything, losslessly, to be imported again.
    Json,
    /// One self-contained page with a speaking-time chart.
    Html,
    /// A workbook for analysis: interventions, speaking time, participants.
    Xlsx,
    /// WebVTT chapters of one meeting's recording: who spoke when.
    Vtt,
    /// The same cues as SubRip subtitles.
    Srt,
    /// The same cues as an Audacity label track.
    Labels,
}

impl Format {
    pub const ALL: [Format; 9] = [
        Format::Md,
        Format::Docx,
        Format::Csv,
        Format::Json,
        Format::Html,
        Format::Xlsx,
        Format::Vtt,
        Format::Srt,
        Format::Labels,
    ];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Docx => "docx",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Html => "html",
            Format::Xlsx => "xlsx",
            Format::Vtt => "vtt",
            Format::Srt => "srt",
            // Audacity imports its labels from a text file.
            Format::Labels => "txt",
        }
    }

    /// The extensions a file name can end with, as a user reads them: ".md .docx … .txt".
    pub fn extensions_listed(separator: &str) -> String {
        Format::ALL
            .iter()
            .map(|f| format!(".{}", f.extension()))
            .collect::<Vec<_>>()
            .join(separator)
    }

    /// The name `--format` takes: the extension, but "labels" for Audacity's labels.
    pub fn name(self) -> &'static str {
        match self {
            Format::Labels => "labels",
            other => other.extension(),
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        let name = name.trim().trim_start_matches('.').to_lowercase();
        let name = match name.as_str() {
            "markdown" => "md",
            "word" => "docx",
            "htm" => "html",
            "excel" => "xlsx",
            "webvtt" => "vtt",
            "subrip" => "srt",
            "audacity" | "txt" => "labels",
            other => other,
        };
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The format a file name's extension asks for.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        Format::parse(path.extension()?.to_str()?)
    }

    /// Whether the format places one meeting's interventions in its recording.
    pub fn is_cues(self) -> bool {
        matches!(self, Format::Vtt | Format::Srt | Format::Labels)
    }

    /// Whether the format is text a terminal can show (a Word document or a workbook is not).
    pub fn is_text(self) -> bool {
        !matches!(self, Format::Docx | Format::Xlsx)
    }
}

/// Why an export could not be written. Each message says what happened, to which path, and
/// what to do next; none leaves a half-written file under the name asked for.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("the disk is full: nothing was written to {}; free some space and export again", .path.display())]
    DiskFull { path: PathBuf },
    #[error(
        "the folder {} does not exist: nothing was written to {}; create it or choose another folder",
        .folder.display(),
        .path.display()
    )]
    NoFolder { path: PathBuf, folder: PathBuf },
    #[error(
        "{} is a file, not a folder: nothing was written to {}; choose another path",
        .file.display(),
        .path.display()
    )]
    NotAFolder { path: PathBuf, file: PathBuf },
    #[error(
        "permission denied: cannot write in the folder {}, so nothing was written to {}; choose a folder you can write to",
        .folder.display(),
        .path.display()
    )]
    PermissionDenied { path: PathBuf, folder: PathBuf },
    #[error("{} is a folder: name a file to export to", .path.display())]
    IsAFolder { path: PathBuf },
    #[error("cannot write {} ({source}): nothing was written; a file already there is left as it was", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The format's writer is not part of this build yet.
    #[error("export to {} is not available yet; choose md, csv or html", .0.extension())]
    NotYet(Format),
    #[error("{0}")]
    Other(String),
}

/// How far an export has gone, for a progress line in the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub percent: u8,
    /// "arranging the record", "rendering", …
    pub stage: &'static str,
}

/// Renders the part of the session in `scope` in `format`, as spoken up to `now`.
pub fn render(
    record: &SessionRecord,
    scope: Scope,
    format: Format,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, ExportError> {
    render_with_progress(record, scope, format, now, &mut |_| {})
}

/// `render`, reporting each stage to `progress` (a long export shows how far it has gone).
pub fn render_with_progress(
    record: &SessionRecord,
    scope: Scope,
    format: Format,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<u8>, ExportError> {
    progress(Progress {
        percent: 0,
        stage: "arranging the record",
    });
    let rendering = Progress {
        percent: 40,
        stage: "rendering",
    };
    let mut drafted = |render: fn(&Draft) -> Result<Vec<u8>, ExportError>| {
        let draft = Draft::of(record, scope, now);
        progress(rendering);
        render(&draft)
    };
    let bytes = match format {
        Format::Md => drafted(|d| Ok(md::render(d).into_bytes()))?,
        Format::Html => drafted(|d| Ok(html::render(d).into_bytes()))?,
        Format::Csv => drafted(csv::render)?,
        Format::Docx => drafted(docx::render)?,
        Format::Xlsx => drafted(xlsx::render)?,
        // Lossless: from the record itself, not from the draft.
        Format::Json => {
            progress(rendering);
            json::render(record, scope)?
        }
        Format::Vtt | Format::Srt | Format::Labels => {
            let cues = cues::Cues::of(record, scope, now)?;
            progress(rendering);
            match format {
                Format::Vtt => vtt::render(&cues),
                Format::Srt => srt::render(&cues),
                _ => labels::render(&cues),
            }
            .into_bytes()
        }
    };
    progress(Progress {
        percent: 90,
        stage: "writing",
    });
    Ok(bytes)
}

/// The CSV export with `separator` between cells (`b';'` for a spreadsheet set to a decimal
/// comma).
pub fn render_csv(
    record: &SessionRecord,
    scope: Scope,
    now: DateTime<Utc>,
    separator: u8,
) -> Result<Vec<u8>, ExportError> {
    csv::render_with_separator(&Draft::of(record, scope, now), separator)
}

/// Renders the session in `format` and writes it to `path` atomically: a temporary file
/// beside it, synced, then renamed into place.
pub fn export_to_file(
    record: &SessionRecord,
    scope: Scope,
    format: Format,
    path: &Path,
    now: DateTime<Utc>,
) -> Result<(), ExportError> {
    let bytes = render(record, scope, format, now)?;
    write_atomic(path, &bytes)
}

/// What part of the session an export covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scope {
    pub meeting: Option<u32>,
    pub agenda_item: Option<AgendaItemId>,
}

impl Scope {
    fn filter(self) -> StatsFilter {
        StatsFilter {
            meeting: self.meeting,
            agenda_item: self.agenda_item,
        }
    }

    /// Whether an intervention is in scope and counts (one given the floor by mistake does
    /// not), as the exports and the statistics see it.
    pub fn includes(self, iv: &Intervention) -> bool {
        self.filter().includes(iv) && stats::counts(iv)
    }

    pub fn is_whole_session(self) -> bool {
        self == Scope::default()
    }
}

/// One intervention as the exports show it.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    pub intervention: &'a Intervention,
    /// 1-based order within its agenda item (in scope).
    pub order: usize,
    pub speaker: &'a str,
    pub category: Category,
    pub attendance: Attendance,
    /// Start and end in the venue's time zone.
    pub start: DateTime<Tz>,
    pub end: Option<DateTime<Tz>>,
    pub duration_secs: i64,
    pub overtime_secs: i64,
    /// The mark of an intervention still in conflict after a merge (`domain::conflict`).
    pub conflict: Option<String>,
    /// Where it starts in its meeting's recording; `None` when the meeting has no recording
    /// start.
    pub recording_offset: Option<crate::domain::Offset>,
}

impl Row<'_> {
    /// When the floor was given, in the venue's time: "10:05".
    pub fn start_local(&self) -> String {
        self.start.format("%H:%M").to_string()
    }

    /// How long it lasted and whether over time, in words that no one takes for a time of
    /// day: "3 min 20 s, 20 s over the limit of 3 min", "2 min 40 s", "1 min 10 s so far
    /// (has the floor)". No user text.
    pub fn timing(&self) -> String {
        let mut out = words::duration(self.duration_secs);
        if self.end.is_none() {
            out.push_str(" so far (has the floor)");
        }
        if self.overtime_secs > 0 {
            out.push_str(&format!(", {} over", words::duration(self.overtime_secs)));
            if let Some(limit) = self.intervention.time_limit_secs {
                out.push_str(&format!(
                    " the limit of {}",
                    words::duration(i64::from(limit))
                ));
            }
        }
        out
    }

    /// "statement", "right of reply", "point of order"…; "statement (floor taken back)" for
    /// one undone after something was written in its note.
    pub fn kind(&self) -> String {
        let label = self.intervention.kind.label();
        let struck_later = self
            .intervention
            .live_facts
            .as_ref()
            .is_some_and(|live| !live.struck);
        if self.intervention.given_by_mistake && struck_later {
            format!("{label} (struck from the record)")
        } else if self.intervention.given_by_mistake {
            format!("{label} (floor taken back)")
        } else {
            label.to_string()
        }
    }

    /// " — speaker and kind corrected afterwards": what of the facts was put right after the
    /// intervention was recorded, if anything, for the drafter to know. No user text.
    pub fn facts_corrected(&self) -> Option<String> {
        let iv = self.intervention;
        if iv.fact_corrections.is_empty() {
            return None;
        }
        let (live, now) = (iv.live_facts(), iv.facts());
        let mut what = Vec::new();
        if live.speaker != now.speaker {
            what.push("speaker");
        }
        if live.on_behalf_of != now.on_behalf_of {
            what.push("group spoken for");
        }
        if live.kind != now.kind {
            what.push("kind");
        }
        if live.agenda_item != now.agenda_item {
            what.push("agenda item");
        }
        if live.meeting != now.meeting {
            what.push("meeting");
        }
        if live.started_at != now.started_at || live.ended_at != now.ended_at {
            what.push("times");
        }
        if what.is_empty() {
            return None;
        }
        let what: Vec<String> = what.into_iter().map(String::from).collect();
        Some(format!(
            " \u{2014} {} corrected afterwards",
            and_list(&what)
        ))
    }

    pub fn is_point_of_order(&self) -> bool {
        self.intervention.kind == InterventionKind::PointOfOrder
    }
}

/// An agenda item with the interventions made under it, in order.
#[derive(Debug, Clone)]
pub struct ItemDraft<'a> {
    pub item: &'a AgendaItem,
    pub rows: Vec<Row<'a>>,
}

/// A topic raised, from the tags of the notes, with who raised it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    pub tag: String,
    /// As the draft names it: "Organ removal", or the session's label for the tag.
    pub name: String,
    /// In the order they first raised it.
    pub speakers: Vec<String>,
}

/// A recommendation made, from a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recommendation {
    pub speaker: String,
    pub on_behalf_of: Option<String>,
    pub item: String,
    pub text: String,
}

/// How many took part, by category and by where they sat.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Participation {
    /// Categories in their usual order, with how many of each are on the roster.
    pub by_category: Vec<(Category, usize)>,
    pub in_room: usize,
    pub online: usize,
    pub total: usize,
}

impl Participation {
    /// "The roster lists 60 participants: 32 Member States, 12 NGOs and 5 from academia; 48
    /// in the room and 12 online." No user text.
    pub fn sentence(&self) -> String {
        if self.total == 0 {
            return "The roster lists no participants.".to_string();
        }
        let parts: Vec<String> = self
            .by_category
            .iter()
            .map(|&(c, n)| count_of(c, n))
            .collect();
        format!(
            "The roster lists {}: {}; {} in the room and {} online.",
            plural(self.total, "participant", "participants"),
            and_list(&parts),
            self.in_room,
            self.online
        )
    }
}

/// "1 participant", "3 participants".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "32 Member States", "1 UN entity", "5 from academia".
pub fn count_of(category: Category, n: usize) -> String {
    match category {
        Category::MemberState => plural(n, "Member State", "Member States"),
        Category::ObserverState => plural(n, "observer State", "observer States"),
        Category::IntergovernmentalOrganization => plural(
            n,
            "intergovernmental organization",
            "intergovernmental organizations",
        ),
        Category::UnEntity => plural(n, "UN entity", "UN entities"),
        Category::Ngo => plural(n, "NGO", "NGOs"),
        Category::Academia => format!("{n} from academia"),
        Category::PrivateSector => format!("{n} from the private sector"),
        Category::Panellist => plural(n, "panellist", "panellists"),
        Category::Chair => plural(n, "Chair", "Chairs"),
        Category::Secretariat => format!("{n} from the secretariat"),
        Category::Other => plural(n, "other", "others"),
    }
}

/// "Member State", "Private sector": a label at the start of a table row.
pub fn capitalised(label: &str) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "a", "a and b", "a, b and c".
pub fn and_list(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The session's record arranged for drafting: the skeleton of a Chair's summary.
#[derive(Debug, Clone)]
pub struct Draft<'a> {
    pub record: &'a SessionRecord,
    pub scope: Scope,
    pub now: DateTime<Utc>,
    pub tz: Tz,
    pub participation: Participation,
    pub items: Vec<ItemDraft<'a>>,
    pub topics: Vec<Topic>,
    pub recommendations: Vec<Recommendation>,
    pub stats: Statistics,
}

impl<'a> Draft<'a> {
    pub fn of(record: &'a SessionRecord, scope: Scope, now: DateTime<Utc>) -> Draft<'a> {
        let tz = record.session.tz();
        // A floor taken back stays in the rows, flagged (its note may be all that was written
        // of what was said); it adds nothing to the topics, recommendations or counts.
        let in_scope: Vec<&Intervention> = record
            .interventions
            .iter()
            .filter(|iv| scope.filter().includes(iv))
            .collect();

        let mut items: Vec<ItemDraft> = Vec::new();
        for item in &record.agenda {
            let rows: Vec<Row> = in_scope
                .iter()
                .filter(|iv| iv.agenda_item == item.id)
                .enumerate()
                .map(|(i, iv)| row(record, iv, i + 1, tz, now))
                .collect();
            // Every item of the agenda, even one no one spoke under ("Adoption of the report"):
            // the summary says so rather than leave it out.
            if scope.agenda_item.is_none_or(|id| id == item.id) {
                items.push(ItemDraft { item, rows });
            }
        }

        let mut topics: Vec<Topic> = Vec::new();
        let mut recommendations = Vec::new();
        for iv in in_scope.iter().filter(|iv| stats::counts(iv)) {
            let speaker = record.speaker_name(iv.speaker).to_string();
            for tag in &iv.tags {
                if tag == "recommendation" {
                    continue;
                }
                match topics.iter_mut().find(|t| &t.tag == tag) {
                    Some(t) if !t.speakers.contains(&speaker) => t.speakers.push(speaker.clone()),
                    Some(_) => {}
                    None => topics.push(Topic {
                        tag: tag.clone(),
                        name: words::topic_name(tag, &record.session.topic_labels),
                        speakers: vec![speaker.clone()],
                    }),
                }
            }
            for text in iv.recommendations() {
                recommendations.push(Recommendation {
                    speaker: speaker.clone(),
                    on_behalf_of: iv.on_behalf_of.clone(),
                    item: record
                        .agenda_item(iv.agenda_item)
                        .map(|a| a.number.clone())
                        .unwrap_or_default(),
                    text: words::prose(text),
                });
            }
        }
        // The topics most raised first; at equal count, as first raised.
        topics.sort_by_key(|t| std::cmp::Reverse(t.speakers.len()));

        Draft {
            record,
            scope,
            now,
            tz,
            participation: participation(&record.participants),
            items,
            topics,
            recommendations,
            stats: Statistics::of(record, now, scope.filter()),
        }
    }

    /// "1–4 July 2024", "30 June – 2 July 2024", "3 July 2024".
    pub fn dates(&self) -> String {
        let s = &self.record.session;
        let (a, b) = (s.first_day, s.last_day);
        if a == b {
            a.format("%-d %B %Y").to_string()
        } else if a.format("%Y-%m").to_string() == b.format("%Y-%m").to_string() {
            format!("{}–{}", a.format("%-d"), b.format("%-d %B %Y"))
        } else if a.format("%Y").to_string() == b.format("%Y").to_string() {
            format!("{} – {}", a.format("%-d %B"), b.format("%-d %B %Y"))
        } else {
            format!("{} – {}", a.format("%-d %B %Y"), b.format("%-d %B %Y"))
        }
    }

    /// What the export covers, for its title: "whole session", "3rd meeting, …", "Item 2: …".
    pub fn scope_description(&self) -> String {
        self.scope.filter().describe(self.record)
    }

    /// Every row in scope, item by item.
    pub fn rows(&self) -> impl Iterator<Item = &Row<'a>> {
        self.items.iter().flat_map(|i| i.rows.iter())
    }

    /// "Chair: Ms. A" or "Co-Chairs: Ms. A and Mr. B"; `None` when no chair is recorded.
    pub fn chairs(&self) -> Option<String> {
        let chairs: Vec<String> = self
            .record
            .session
            .chairs
            .iter()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect();
        match chairs.len() {
            0 => None,
            1 => Some(format!("Chair: {}", chairs[0])),
            _ => Some(format!("Co-Chairs: {}", and_list(&chairs))),
        }
    }

    /// When the export was made, in the venue's time: "23 November 2026, 17:30 (Europe/Vienna)".
    pub fn exported_at(&self) -> String {
        format!(
            "{} ({})",
            self.now.with_timezone(&self.tz).format("%-d %B %Y, %H:%M"),
            self.tz.name()
        )
    }

    /// The meetings the export covers, in order, with the notes typed between speakers: the
    /// one asked for, or for one agenda item those it was spoken on in, or all.
    pub fn meetings(&self) -> impl Iterator<Item = &'a crate::domain::Meeting> + '_ {
        let meeting = self.scope.meeting;
        let item_only = self.scope.agenda_item.is_some();
        let spoken: HashSet<u32> = if item_only {
            self.rows().map(|r| r.intervention.meeting).collect()
        } else {
            HashSet::new()
        };
        self.record.meetings.iter().filter(move |m| {
            meeting.is_none_or(|n| m.number == n) && (!item_only || spoken.contains(&m.number))
        })
    }
}

fn row<'a>(
    record: &'a SessionRecord,
    iv: &'a Intervention,
    order: usize,
    tz: Tz,
    now: DateTime<Utc>,
) -> Row<'a> {
    let participant = record.participant(iv.speaker);
    Row {
        intervention: iv,
        order,
        speaker: record.speaker_name(iv.speaker),
        category: participant.map(|p| p.category).unwrap_or(Category::Other),
        attendance: participant.map(|p| p.attendance).unwrap_or_default(),
        start: iv.started_at.with_timezone(&tz),
        end: iv.ended_at.map(|e| e.with_timezone(&tz)),
        duration_secs: stats::speaking_secs(iv, now),
        overtime_secs: stats::overtime_secs(iv, now),
        conflict: crate::domain::conflict::mark(record, iv.id),
        recording_offset: record
            .meeting(iv.meeting)
            .and_then(|m| m.recording.offset_of(iv.started_at)),
    }
}

fn participation(roster: &[Participant]) -> Participation {
    let by_category = Category::ALL
        .into_iter()
        .map(|c| (c, roster.iter().filter(|p| p.category == c).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    Participation {
        by_category,
        in_room: roster
            .iter()
            .filter(|p| p.attendance == Attendance::InRoom)
            .count(),
        online: roster
            .iter()
            .filter(|p| p.attendance == Attendance::Online)
            .count(),
        total: roster.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_demo_session_drafts_with_topics_recommendations_and_counts() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 16, 30, 0).unwrap();
        let record = crate::demo::demo_record(crate::domain::SessionId(1), now);
        let draft = Draft::of(&record, Scope::default(), now);
        assert_eq!(draft.participation.total, record.participants.len());
        assert_eq!(
            draft.participation.in_room + draft.participation.online,
            draft.participation.total
        );
        let rows = draft.rows().count();
        assert_eq!(rows, draft.stats.total.interventions);
        let spoken: i64 = draft.rows().map(|r| r.duration_secs).sum();
        assert_eq!(
            spoken, draft.stats.total.total_secs,
            "the same seconds as the statistics"
        );
        assert!(!draft.topics.is_empty());
        assert!(!draft.recommendations.is_empty());
        assert!(draft
            .topics
            .windows(2)
            .all(|w| w[0].speakers.len() >= w[1].speakers.len()));
    }

    #[test]
    fn a_floor_taken_back_stays_in_the_csv_and_the_markdown_flagged() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 16, 30, 0).unwrap();
        let mut record = crate::demo::demo_record(crate::domain::SessionId(1), now);
        let counted = Draft::of(&record, Scope::default(), now)
            .stats
            .total
            .interventions;
        let undone = &mut record.interventions[0];
        undone.given_by_mistake = true;
        undone.set_note("Welcomed the panel, taken back #undone-floor".into());
        let draft = Draft::of(&record, Scope::default(), now);
        assert_eq!(draft.stats.total.interventions, counted - 1, "not counted");
        let csv = String::from_utf8(csv::render(&draft).unwrap()).unwrap();
        let md = md::render(&draft);
        for (name, text) in [("CSV", &csv), ("Markdown", &md)] {
            assert!(
                text.contains("Welcomed the panel, taken back"),
                "{name} keeps the note"
            );
            assert!(text.contains("(floor taken back)"), "{name} flags it");
        }
        assert!(
            !draft.topics.iter().any(|t| t.tag == "undone-floor"),
            "nor a topic"
        );
    }

    #[test]
    fn recommendations_are_quoted_without_tags() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 16, 30, 0).unwrap();
        let mut record = crate::demo::demo_record(crate::domain::SessionId(1), now);
        record.interventions[0].set_note(
            "R: Train #judges and prosecutors, with follow-up.  #recommendation #data-collection"
                .into(),
        );
        let draft = Draft::of(&record, Scope::default(), now);
        assert_eq!(
            draft.recommendations[0].text,
            "Train judges and prosecutors, with follow-up."
        );
    }

    #[test]
    fn a_scope_keeps_only_its_meeting_or_item() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 16, 30, 0).unwrap();
        let record = crate::demo::demo_record(crate::domain::SessionId(1), now);
        let item = record.interventions[0].agenda_item;
        let draft = Draft::of(
            &record,
            Scope {
                meeting: None,
                agenda_item: Some(item),
            },
            now,
        );
        assert_eq!(draft.items.len(), 1);
        assert!(draft.rows().all(|r| r.intervention.agenda_item == item));
        assert!(draft.items[0]
            .rows
            .iter()
            .enumerate()
            .all(|(i, r)| r.order == i + 1));
    }

    #[test]
    fn participation_reads_as_a_sentence() {
        let p = Participation {
            by_category: vec![
                (Category::MemberState, 32),
                (Category::UnEntity, 1),
                (Category::Academia, 5),
            ],
            in_room: 30,
            online: 8,
            total: 38,
        };
        assert_eq!(
            p.sentence(),
            "The roster lists 38 participants: 32 Member States, 1 UN entity and 5 from \
             academia; 30 in the room and 8 online."
        );
    }
}
