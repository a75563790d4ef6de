//! `rapporteur session edit` and `rapporteur sessions remove|open`: the session's details as
//! the app's session form changes them, and the store's sessions themselves.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use chrono::{NaiveDate, Utc};
use clap::{Args, Subcommand};

use crate::domain::{edit_session, SessionEdit, SessionId, SessionRecord};
use crate::store::{Change, Store};

#[derive(Debug, Subcommand)]
pub enum SessionCommand {
    /// Change the session's details: only the ones given change
    Edit(EditArgs),
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The session (default: the one `rapporteur` opens)
    #[arg(long)]
    pub session: Option<u64>,
    /// The body that meets, e.g. "Working Group on Trafficking in Persons"
    #[arg(long)]
    pub body: Option<String>,
    /// Which session, e.g. "Fourteenth session"
    #[arg(long)]
    pub number: Option<String>,
    #[arg(long)]
    pub venue: Option<String>,
    /// First day, YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub first_day: Option<String>,
    /// Last day, YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub last_day: Option<String>,
    /// The venue's time zone, e.g. Europe/Vienna
    #[arg(long, value_name = "ZONE")]
    pub time_zone: Option<String>,
    /// The chair (repeat for co-chairs); replaces the chairs there were
    #[arg(long = "chair", value_name = "NAME")]
    pub chairs: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum SessionsCommand {
    /// List the sessions the store holds (what `rapporteur sessions` alone does)
    List,
    /// Remove a session and everything in it; one with interventions only with
    /// --with-interventions, after writing its JSON export beside the store
    Remove {
        /// The session's id, as `rapporteur sessions` lists it
        id: u64,
        /// Do not ask first
        #[arg(long)]
        yes: bool,
        /// Remove it even though interventions were recorded in it (its JSON export is
        /// written first)
        #[arg(long)]
        with_interventions: bool,
    },
    /// Make a session the one `rapporteur` opens next
    Open {
        /// The session's id, as `rapporteur sessions` lists it
        id: u64,
    },
}

fn day(text: &Option<String>, option: &str) -> anyhow::Result<Option<NaiveDate>> {
    text.as_deref()
        .map(|t| crate::domain::parse_day(t).with_context(|| format!("--{option}")))
        .transpose()
}

pub fn edit(store: &Store, id: SessionId, args: &EditArgs) -> anyhow::Result<String> {
    let changes = SessionEdit {
        body: args.body.clone(),
        number: args.number.clone(),
        venue: args.venue.clone(),
        first_day: day(&args.first_day, "first-day")?,
        last_day: day(&args.last_day, "last-day")?,
        time_zone: args.time_zone.clone(),
        chairs: (!args.chairs.is_empty()).then(|| args.chairs.clone()),
    };
    if changes.is_empty() {
        bail!(
            "nothing to change: give one or more of --body, --number, --venue, --first-day, \
             --last-day, --time-zone, --chair"
        );
    }
    let before = store.load(id)?;
    let mut after = before.clone();
    edit_session(&mut after, &changes)?;
    crate::roster::put_chairs_on_roster(&mut after);
    super::record_change::save(store, &before, &after)?;
    let s = &after.session;
    Ok(format!(
        "Session {id}: {}\n  venue      {}\n  days       {} to {}\n  time zone  {}\n  chairs     {}\n",
        s.title(),
        if s.venue.is_empty() { "—" } else { &s.venue },
        s.first_day,
        s.last_day,
        s.time_zone,
        if s.chairs.is_empty() {
            "—".to_string()
        } else {
            s.chairs.join("; ")
        }
    ))
}

pub fn open(store: &Store, id: SessionId) -> anyhow::Result<String> {
    let record = known(store, id)?;
    store.apply(&Change::LastSession(id))?;
    store.flush_durable()?;
    Ok(format!(
        "`rapporteur` now opens session {id}: {}.\n",
        record.session.title()
    ))
}

/// The session with that id, or an error that lists the ones there are.
fn known(store: &Store, id: SessionId) -> anyhow::Result<SessionRecord> {
    let sessions = store.sessions()?;
    if !sessions.iter().any(|s| s.session.id == id) {
        let ids: Vec<String> = sessions.iter().map(|s| s.session.id.to_string()).collect();
        bail!(
            "there is no session {id} in the store at {}: its sessions are {} \
             (`rapporteur sessions` lists them)",
            store.path().display(),
            if ids.is_empty() {
                "none".into()
            } else {
                ids.join(", ")
            }
        );
    }
    Ok(store.load(id)?)
}

pub fn remove(
    store: &Store,
    id: SessionId,
    yes: bool,
    with_interventions: bool,
) -> anyhow::Result<String> {
    let record = known(store, id)?;
    let held = record.interventions.len();
    if held > 0 && !with_interventions {
        bail!(
            "session {id} ({}) holds {held} intervention{}: it is not removed. To remove it \
             all the same, add --with-interventions (its JSON export is written beside the \
             store first)",
            record.session.title(),
            if held == 1 { "" } else { "s" }
        );
    }
    let what = format!(
        "session {id} ({}), its {} meeting{} and {held} intervention{}",
        record.session.title(),
        record.meetings.len(),
        if record.meetings.len() == 1 { "" } else { "s" },
        if held == 1 { "" } else { "s" }
    );
    if !yes {
        if !std::io::stdin().is_terminal() {
            bail!("{what} would be removed: add --yes to remove it without being asked");
        }
        eprint!("Remove {what}? [y/N] ");
        std::io::stderr().flush().ok();
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim().to_lowercase().as_str(), "y" | "yes") {
            return Ok(format!("Nothing removed: {what} stays.\n"));
        }
    }
    let mut out = String::new();
    if held > 0 {
        let path = export_path(store.path(), &record);
        crate::export::export_to_file(
            &record,
            crate::export::Scope::default(),
            crate::export::Format::Json,
            &path,
            Utc::now(),
        )
        .with_context(|| format!("session {id} is not removed: its export could not be written"))?;
        out.push_str(&format!(
            "Wrote its export to {} (`rapporteur import` reads it back).\n",
            path.display()
        ));
    }
    store.write_batch(&[Change::RemoveSession(id)])?;
    store.flush_durable()?;
    out.push_str(&format!("Removed {what}.\n"));
    Ok(out)
}

/// Beside the store's folder, never over a file there.
fn export_path(store: &Path, record: &SessionRecord) -> PathBuf {
    let dir = store.parent().unwrap_or(Path::new("."));
    let stem = format!(
        "removed-session-{}-{}",
        record.session.id,
        record.session.first_day.format("%Y-%m-%d")
    );
    (1..)
        .map(|n| match n {
            1 => dir.join(format!("{stem}.json")),
            n => dir.join(format!("{stem}-{n}.json")),
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| dir.join(format!("{stem}.json")))
}
