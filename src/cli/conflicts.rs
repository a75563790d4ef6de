//! `rapporteur conflicts`: what two rapporteurs' records said differently and a merge could
//! not decide (see `domain::conflict`), listed with both versions, and one version kept.

use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Args, Subcommand};

use crate::domain::conflict::{self, Disputed, Version};
use crate::domain::{ConflictId, Intervention, SessionId, SessionRecord};
use crate::import::merge;

#[derive(Debug, Args)]
pub struct ConflictsArgs {
    /// The session (default: the one `rapporteur` opens)
    #[arg(long, global = true)]
    pub session: Option<u64>,
    #[command(subcommand)]
    pub command: Option<ConflictsCommand>,
}

#[derive(Debug, Subcommand)]
pub enum ConflictsCommand {
    /// Each conflict with its number and both versions, short (what `conflicts` alone does)
    List,
    /// Keep one version and close the conflict: 1, the version in the record, or 2, the other
    Keep {
        /// The conflict's number, as `rapporteur conflicts list` shows it
        id: u32,
        /// 1 (the version in the record) or 2 (the other)
        #[arg(value_parser = version)]
        version: Version,
    },
}

fn version(word: &str) -> Result<Version, String> {
    Version::named(word).ok_or_else(|| {
        "give 1 (the version in the record) or 2 (the other), as `rapporteur conflicts list` \
         numbers them"
            .to_string()
    })
}

pub fn run(db: Option<PathBuf>, args: ConflictsArgs) -> anyhow::Result<()> {
    let store = super::open_store(db)?;
    let id = super::existing_session(&store, args.session.map(SessionId))?;
    let mut record = store.load(id)?;
    match args.command.unwrap_or(ConflictsCommand::List) {
        ConflictsCommand::List => print!("{}", list(&record)),
        ConflictsCommand::Keep { id, version } => {
            let before = record.clone();
            let what = before
                .session
                .conflicts
                .iter()
                .find(|c| c.id == ConflictId(id))
                .map(|c| subject(&before, &c.disputed));
            conflict::keep(&mut record, ConflictId(id), version)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            store
                .write_batch(&merge::changes(Some(&before), &record))
                .context("cannot write the choice into the store")?;
            println!(
                "Kept version {} of conflict {id} ({}): {}.",
                match version {
                    Version::InRecord => 1,
                    Version::Other => 2,
                },
                what.unwrap_or_default(),
                match version {
                    Version::InRecord => "the record stays as it was",
                    Version::Other => "it is now the record",
                }
            );
        }
    }
    Ok(())
}

/// Every conflict of the session with its two versions, a few lines each.
pub fn list(record: &SessionRecord) -> String {
    let title = record.session.title();
    let conflicts = &record.session.conflicts;
    if conflicts.is_empty() {
        return format!("No conflicts in session {} ({title}).\n", record.session.id);
    }
    let mut out = format!(
        "{} in session {} ({title}):\n",
        merge::plural(conflicts.len(), "conflict"),
        record.session.id
    );
    for c in conflicts {
        out.push_str(&format!(
            "conflict {}: {}\n",
            c.id.0,
            subject(record, &c.disputed)
        ));
        let (ours, theirs) = versions(record, &c.disputed);
        out.push_str(&format!("  1 (in the record): {ours}\n"));
        out.push_str(&format!("  2 (from {}): {theirs}\n", c.from));
    }
    out.push_str("Keep one version with `rapporteur conflicts keep ID 1` or `… ID 2`.\n");
    out
}

/// What a conflict is about, in words.
fn subject(record: &SessionRecord, disputed: &Disputed) -> String {
    match disputed {
        Disputed::Intervention { id, .. } => {
            match record.interventions.iter().find(|iv| iv.id == *id) {
                Some(iv) => format!(
                    "intervention {} (meeting {}, item {}, {})",
                    id.0,
                    iv.meeting,
                    record
                        .agenda_item(iv.agenda_item)
                        .map(|a| a.number.as_str())
                        .unwrap_or("?"),
                    record.speaker_name(iv.speaker)
                ),
                None => format!("intervention {} (no longer in the record)", id.0),
            }
        }
        Disputed::MeetingNote { meeting, .. } => format!("the note of meeting {meeting}"),
        Disputed::Recording { meeting, .. } => {
            format!("the recording start of meeting {meeting}")
        }
        Disputed::Venue { .. } => "the venue".to_string(),
        Disputed::Attendance { participant, .. } => {
            format!("the attendance of {}", record.speaker_name(*participant))
        }
    }
}

/// The version in the record and the other, one line each.
fn versions(record: &SessionRecord, disputed: &Disputed) -> (String, String) {
    match disputed {
        Disputed::Intervention { id, other } => {
            let held = record.interventions.iter().find(|iv| iv.id == *id);
            (
                held.map_or("(none)".to_string(), |iv| intervention(record, iv)),
                intervention(record, other),
            )
        }
        Disputed::MeetingNote { meeting, other } => (
            short(record.meeting(*meeting).map_or("", |m| m.note.as_str())),
            short(other),
        ),
        Disputed::Recording { meeting, other } => (
            record
                .meeting(*meeting)
                .map_or("(none)".to_string(), |m| recording(record, &m.recording)),
            recording(record, other),
        ),
        Disputed::Venue { other } => (short(&record.session.venue), short(other)),
        Disputed::Attendance { participant, other } => (
            record
                .participant(*participant)
                .map_or("(none)", |p| p.attendance.label())
                .to_string(),
            other.label().to_string(),
        ),
    }
}

/// "started 10:02:13, typing lag 4s".
fn recording(record: &SessionRecord, r: &crate::domain::Recording) -> String {
    let start = crate::domain::start_local(r, record.session.tz());
    format!(
        "started {}, typing lag {}",
        if start.is_empty() {
            "(not known)"
        } else {
            &start
        },
        crate::domain::lag_words(r)
    )
}

/// "Hungary, statement on behalf of European Union, item 3, 10:03:05–10:06:10: "Supports the
/// draft…"": who spoke first, as two rapporteurs may have put one floor under two names.
fn intervention(record: &SessionRecord, iv: &Intervention) -> String {
    let time = |t| record.venue_clock(t);
    let mut out = format!("{}, {}", record.speaker_name(iv.speaker), iv.kind.label());
    if let Some(group) = &iv.on_behalf_of {
        out.push_str(&format!(" on behalf of {group}"));
    }
    if let Some(item) = record.agenda_item(iv.agenda_item) {
        out.push_str(&format!(", item {}", item.number));
    }
    out.push_str(&format!(", {}", time(iv.started_at)));
    if let Some(end) = iv.ended_at {
        out.push_str(&format!("–{}", time(end)));
    }
    out.push_str(&format!(": {}", short(&iv.note)));
    out
}

/// A text on one line, quoted, cut after a hundred characters.
fn short(text: &str) -> String {
    const MAX: usize = 100;
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut shown: String = flat.chars().take(MAX).collect();
    if flat.chars().count() > MAX {
        shown.push('…');
    }
    format!("\"{shown}\"")
}
