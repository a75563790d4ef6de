//! `rapporteur roster list|rename|merge|unmerge|set`: the roster kept true as the session
//! goes, participants named as the finder takes them.

use anyhow::bail;
use clap::Subcommand;

use super::record_change::change_record;
use crate::domain::{Attendance, Category, RosterError, SessionId, SessionRecord};

#[derive(Debug, Subcommand)]
pub enum RosterEdit {
    /// Print a session's roster (as `roster show`)
    List {
        /// The session (default: the one `rapporteur` opens)
        #[arg(long)]
        session: Option<u64>,
    },
    /// Rename a participant; statements made on behalf of the old name follow
    Rename {
        /// The participant's name as it is on the roster
        name: String,
        /// The new name
        new_name: String,
        /// The session (default: the one `rapporteur` opens)
        #[arg(long)]
        session: Option<u64>,
    },
    /// Merge a participant entered twice into the other entry: every intervention,
    /// inscription and budget follows the surviving one
    Merge {
        /// The entry that goes
        name: String,
        /// The entry that stays
        #[arg(long)]
        into: String,
        /// The session (default: the one `rapporteur` opens)
        #[arg(long)]
        session: Option<u64>,
    },
    /// Take back a merge found wrong (two delegations taken for one): the entry that went is
    /// on the roster again, and the interventions it spoke, and those on its behalf, name it
    Unmerge {
        /// The entry that went, as it was named
        name: String,
        /// The session (default: the one `rapporteur` opens)
        #[arg(long)]
        session: Option<u64>,
    },
    /// Change a participant's category, or where they attend from
    Set {
        /// The participant's name as it is on the roster
        name: String,
        /// The category, e.g. "Member State", NGO, IGO, panellist
        #[arg(long)]
        category: Option<String>,
        /// Attending online
        #[arg(long, conflicts_with = "in_room")]
        online: bool,
        /// Attending in the room
        #[arg(long)]
        in_room: bool,
        /// The session (default: the one `rapporteur` opens)
        #[arg(long)]
        session: Option<u64>,
    },
}

pub fn run(db: Option<std::path::PathBuf>, command: RosterEdit) -> anyhow::Result<()> {
    let session = match &command {
        RosterEdit::List { session }
        | RosterEdit::Rename { session, .. }
        | RosterEdit::Merge { session, .. }
        | RosterEdit::Unmerge { session, .. }
        | RosterEdit::Set { session, .. } => *session,
    };
    let store = super::open_store(db)?;
    let id = super::existing_session(&store, session.map(SessionId))?;
    let (said, record) = change_record(&store, id, |r| change(r, &command))?;
    if !said.is_empty() {
        println!("{said}\n");
    }
    print!("{}", crate::roster::import::render_roster(&record));
    print!("{}", merges(&record));
    Ok(())
}

/// The merges that can be taken back, the latest last; nothing when there are none.
fn merges(r: &SessionRecord) -> String {
    if r.session.roster_merges.is_empty() {
        return String::new();
    }
    let lines: String = r
        .session
        .roster_merges
        .iter()
        .map(|m| {
            format!(
                "\n  {} into {}, {} {}",
                m.gone.name,
                r.speaker_name(m.into),
                m.at.with_timezone(&r.session.tz()).format("%Y-%m-%d"),
                r.venue_clock(m.at)
            )
        })
        .collect();
    format!("\nMerged (`rapporteur roster unmerge NAME` takes one back):{lines}\n")
}

fn unknown(r: &SessionRecord, e: RosterError) -> anyhow::Error {
    match e {
        RosterError::Unknown(name) => anyhow::anyhow!(
            "no one named {name:?} on the roster of session {}: `rapporteur roster list` shows who is on it",
            r.session.id
        ),
        e => e.into(),
    }
}

/// Makes the change asked for; what to tell the user.
fn change(r: &mut SessionRecord, command: &RosterEdit) -> anyhow::Result<String> {
    let named =
        |r: &SessionRecord, name: &str| r.participant_named(name).map_err(|e| unknown(r, e));
    Ok(match command {
        RosterEdit::List { .. } => String::new(),
        RosterEdit::Rename { name, new_name, .. } => {
            let id = named(r, name)?;
            let was = r.speaker_name(id).to_string();
            r.rename_participant(id, new_name).map_err(|e| match e {
                RosterError::NameTaken(other) => anyhow::anyhow!(
                    "{other} is already on the roster: if {was} and {other} are the same, merge them with `rapporteur roster merge {was:?} --into {other:?}`"
                ),
                e => e.into(),
            })?;
            format!("Renamed {was}: now {}.", r.speaker_name(id))
        }
        RosterEdit::Merge { name, into, .. } => {
            let from = named(r, name)?;
            let into = named(r, into)?;
            let was = r.speaker_name(from).to_string();
            let moving: Vec<_> = r
                .interventions
                .iter()
                .filter(|iv| iv.speaker == from)
                .map(|iv| iv.id)
                .collect();
            let moved = r.merge_participant(from, into, chrono::Utc::now())?;
            // The interventions as `rapporteur log` now lists them, under the surviving name.
            let lines: String = moving
                .iter()
                .map(|id| format!("\n  {}", super::correct::log_line(r, *id)))
                .collect();
            format!(
                "Merged {was} into {}: {moved} intervention{} moved.{lines}",
                r.speaker_name(into),
                if moved == 1 { "" } else { "s" }
            )
        }
        RosterEdit::Unmerge { name, .. } => {
            let done = r.unmerge_participant(name)?;
            let back = r.speaker_name(done.back).to_string();
            let lines: String = done
                .moved_back
                .iter()
                .map(|id| format!("\n  {}", super::correct::log_line(r, *id)))
                .collect();
            let n = done.moved_back.len();
            let mut said = format!(
                "{back} is on the roster again, no longer merged into {}: {n} intervention{} \
                 moved back.{lines}",
                done.from,
                if n == 1 { "" } else { "s" }
            );
            if !done.left.is_empty() {
                let ids: Vec<String> = done.left.iter().map(|id| id.0.to_string()).collect();
                said.push_str(&format!(
                    "\nLeft as they are, naming someone else since: {} (`rapporteur correct ID \
                     --speaker {back:?}` puts one right).",
                    ids.join(", ")
                ));
            }
            said.push_str(&format!(
                "\nInscriptions and time budgets stay with {}.",
                done.from
            ));
            said
        }
        RosterEdit::Set {
            name,
            category,
            online,
            in_room,
            ..
        } => {
            let id = named(r, name)?;
            if category.is_none() && !online && !in_room {
                bail!("say what to set: --category CATEGORY, --online or --in-room");
            }
            if let Some(c) = category {
                let Some(c) = Category::parse(c) else {
                    bail!(
                        "unknown category {c:?}: choose one of {}",
                        Category::ALL.map(Category::label).join(", ")
                    );
                };
                r.set_category(id, c)?;
            }
            if *online || *in_room {
                let at = if *online {
                    Attendance::Online
                } else {
                    Attendance::InRoom
                };
                r.set_attendance(id, at)?;
            }
            let p = r.participant(id).expect("just set");
            format!(
                "{}: {}, {}.",
                p.name,
                p.category.label(),
                p.attendance.label()
            )
        }
    })
}
