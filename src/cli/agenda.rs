//! `rapporteur agenda`: the session's agenda kept true as the session goes, items named by
//! their number as printed ("4 (a)").

use clap::{Args, Subcommand};

use super::record_change::change_record;
use crate::domain::{SessionId, SessionRecord};

#[derive(Debug, Args)]
pub struct AgendaArgs {
    /// The session (default: the one `rapporteur` opens)
    #[arg(long, global = true)]
    pub session: Option<u64>,
    #[command(subcommand)]
    pub command: AgendaCommand,
}

#[derive(Debug, Subcommand)]
pub enum AgendaCommand {
    /// Print the agenda in order, with the interventions made and speakers waiting on each item
    List,
    /// Add an item at the end of the agenda (move it elsewhere with `agenda move`)
    Add {
        /// Its number as printed on the agenda, e.g. 5 or "4 (a)"
        number: String,
        /// Its title, e.g. "Adoption of the report"
        title: String,
    },
    /// Give an item a new title, a new number, or both
    Rename {
        /// The item, by its number
        item: String,
        /// The new title
        #[arg(long)]
        title: Option<String>,
        /// The new number
        #[arg(long)]
        number: Option<String>,
    },
    /// Move an item to another place on the agenda (1 is the first)
    Move {
        /// The item, by its number
        item: String,
        /// Its new place: 1 for the first, or the place of the item it should take
        #[arg(value_parser = agenda_place)]
        place: usize,
    },
    /// Take an item off the agenda: only one with no interventions and no one on its list
    Remove {
        /// The item, by its number
        item: String,
    },
    /// Merge an item into another: its interventions and its list of speakers move with it,
    /// then it goes
    Merge {
        /// The item that goes, by its number
        item: String,
        /// The item that takes its interventions and speakers
        #[arg(long)]
        into: String,
    },
}

pub fn run(db: Option<std::path::PathBuf>, args: AgendaArgs) -> anyhow::Result<()> {
    let store = super::open_store(db)?;
    let id = super::existing_session(&store, args.session.map(SessionId))?;
    let (said, record) = change_record(&store, id, |r| Ok(change(r, &args.command)?))?;
    match args.command {
        AgendaCommand::List => print!("{}", list(&record)),
        _ => println!("{said}\n\n{}", list(&record).trim_end()),
    }
    Ok(())
}

/// Makes the change asked for; what to tell the user.
fn change(
    r: &mut SessionRecord,
    command: &AgendaCommand,
) -> Result<String, crate::domain::AgendaError> {
    Ok(match command {
        AgendaCommand::List => String::new(),
        AgendaCommand::Add { number, title } => {
            let id = r.add_agenda_item(number, title)?;
            format!("Added {}.", heading(r, id))
        }
        AgendaCommand::Rename {
            item,
            title,
            number,
        } => {
            let id = r.item_numbered(item)?;
            let was = heading(r, id);
            r.rename_agenda_item(id, number.as_deref(), title.as_deref())?;
            format!("Renamed {was}: now {}.", heading(r, id))
        }
        AgendaCommand::Move { item, place } => {
            let id = r.item_numbered(item)?;
            let id = r.move_agenda_item(id, *place)?;
            format!("Moved {} to place {place}.", heading(r, id))
        }
        AgendaCommand::Remove { item } => {
            let id = r.item_numbered(item)?;
            let was = heading(r, id);
            r.remove_agenda_item(id)?;
            format!("Removed {was}.")
        }
        AgendaCommand::Merge { item, into } => {
            let from = r.item_numbered(item)?;
            let into = r.item_numbered(into)?;
            let was = heading(r, from);
            let moved = r.interventions_under(from);
            let waiting = r.list(from).map_or(0, |l| l.len());
            r.merge_agenda_item(from, into)?;
            format!(
                "Merged {} into {}: {moved} intervention{} and {waiting} waiting speaker{} moved.",
                was,
                heading(r, into),
                if moved == 1 { "" } else { "s" },
                if waiting == 1 { "" } else { "s" },
            )
        }
    })
}

/// "item 5 (Adoption of the report)", in the middle of a sentence.
fn heading(r: &SessionRecord, id: crate::domain::AgendaItemId) -> String {
    r.agenda_item(id)
        .map(|a| format!("item {} ({})", a.number, a.title))
        .unwrap_or_default()
}

/// The agenda in its order: place, number, interventions, speakers waiting, title. The title
/// comes last so that a long one is printed whole.
pub fn list(r: &SessionRecord) -> String {
    let mut out = format!(
        "Agenda of session {} ({}):\n{:>5}  {:<8}  {:>13}  {:>7}  {}\n",
        r.session.id,
        r.session.title(),
        "PLACE",
        "ITEM",
        "INTERVENTIONS",
        "WAITING",
        "TITLE"
    );
    for (place, item) in r.agenda.iter().enumerate() {
        out.push_str(&format!(
            "{:>5}  {:<8}  {:>13}  {:>7}  {}\n",
            place + 1,
            item.number,
            r.interventions_under(item.id),
            r.list(item.id).map_or(0, |l| l.len()),
            item.title
        ));
    }
    out
}

/// A place on the agenda, as typed: a number (which places there are, the agenda says).
fn agenda_place(typed: &str) -> Result<usize, String> {
    typed.trim().parse::<usize>().map_err(|_| {
        format!(
            "\"{typed}\" is not a place on the agenda: give the number of the place the item is \
             to take, 1 for the first (`rapporteur agenda list` shows the places)"
        )
    })
}
