//! The command line: `rapporteur` opens the screen; subcommands list, create and fill stores
//! and check key bindings.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{bail, Context as _};
use chrono::{NaiveDate, Utc};
use clap::{Parser, Subcommand};

mod abbreviations;
mod agenda;
mod conflicts;
pub mod correct;
mod export;
mod follow;
mod import;
pub(crate) mod limits;
mod meeting;
mod record_change;
mod roster;
mod session;
mod stream;
mod topics;

use crate::app::App;
use crate::domain::{AgendaItem, AgendaItemId, SessionId, SessionRecord};
use crate::keymap::Keymap;
use crate::store::{Change, Store};

#[derive(Debug, Parser)]
#[command(
    name = "rapporteur",
    version,
    about = "Keep the record of a live meeting: the list of speakers, speaking time, and what \
             each speaker said, saved as it is typed."
)]
pub struct Cli {
    /// The store to use, a directory (created if missing). Default: your data directory,
    /// e.g. ~/.local/share/rapporteur/store
    #[arg(long, value_name = "PATH", env = "RAPPORTEUR_DB", global = true)]
    pub db: Option<PathBuf>,

    /// A keymap file whose bindings override the defaults key by key
    #[arg(long, value_name = "FILE", global = true)]
    pub keymap: Option<PathBuf>,

    /// An abbreviations file to use instead of yours (~/.config/rapporteur/abbreviations.toml)
    #[arg(long, value_name = "FILE", global = true)]
    pub abbreviations: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the screen on the most recent session (what `rapporteur` alone does)
    Open {
        /// Open this session instead (see `rapporteur sessions`)
        #[arg(long)]
        session: Option<u64>,
    },
    /// List the sessions the store holds; remove one, or choose the one `rapporteur` opens
    Sessions {
        #[command(subcommand)]
        command: Option<session::SessionsCommand>,
    },
    /// Add a demonstration session (a working group with agenda items, delegations, NGOs and
    /// notes) to try the app on, and make it the one `rapporteur` opens
    Demo {
        /// Generate a large session with this many interventions instead (for load tests)
        #[arg(long, value_name = "N")]
        interventions: Option<usize>,
        /// Participants in the large session (with --interventions)
        #[arg(
            long,
            value_name = "N",
            default_value_t = 200,
            requires = "interventions"
        )]
        speakers: usize,
    },
    /// Create a new session and make it the one `rapporteur` opens
    New {
        /// The body that meets, e.g. "Working Group on Trafficking in Persons"
        #[arg(long)]
        body: String,
        /// Which session, e.g. "Fourteenth session"
        #[arg(long, default_value = "")]
        number: String,
        #[arg(long, default_value = "")]
        venue: String,
        /// First day, YYYY-MM-DD (default: today)
        #[arg(long, value_name = "DATE")]
        from: Option<NaiveDate>,
        /// Last day, YYYY-MM-DD (default: the first day)
        #[arg(long, value_name = "DATE")]
        to: Option<NaiveDate>,
        /// The venue's time zone, e.g. Europe/Vienna (default: this computer's)
        #[arg(long, value_name = "ZONE")]
        time_zone: Option<String>,
        /// The chair (repeat for co-chairs)
        #[arg(long = "chair", value_name = "NAME")]
        chairs: Vec<String>,
        /// An agenda item, "TITLE" or "NUMBER: TITLE" (repeat, in order)
        #[arg(long = "item", value_name = "ITEM")]
        items: Vec<String>,
    },
    /// Export the record for drafting: md (Chair's summary draft), docx, csv, json, html
    Export(export::ExportArgs),
    /// Read a JSON export into the store, merging it with what is there (nothing is doubled;
    /// versions that truly differ are both kept, reported and marked: see `conflicts`)
    Import(import::ImportArgs),
    /// What two rapporteurs' records said differently: list it, keep one version
    Conflicts(conflicts::ConflictsArgs),
    /// Rebuild a store that will not open from its journal (kept in its folder) and from what
    /// it holds, keeping the larger of each; the store as it is is moved aside, never deleted
    Recover,
    /// Key bindings: check a keymap file, show the bindings in force, list the actions
    Keymap {
        #[command(subcommand)]
        command: KeymapCommand,
    },
    /// Show or set the session's time limits (per kind of speaker and category), the warning
    /// and the bell
    Limits(limits::LimitsArgs),
    /// Time budgets: a total of speaking time for a delegation, group or category on an item
    Budget {
        /// The session (default: the one `rapporteur` opens)
        #[arg(long, global = true)]
        session: Option<u64>,
        #[command(subcommand)]
        command: limits::BudgetCommand,
    },
    /// Put right an earlier intervention: its speaker, on behalf of, kind, agenda item,
    /// meeting, start or end time, or strike it; each correction is kept as a version
    Correct {
        /// The intervention's id, as `rapporteur log` lists it
        #[arg(
            value_name = "ID",
            required_unless_present = "intervention",
            conflicts_with = "intervention"
        )]
        id: Option<u64>,
        /// The same, named: `--intervention ID`
        #[arg(long, value_name = "ID")]
        intervention: Option<u64>,
        /// The session (default: the one `rapporteur` opens)
        #[arg(long)]
        session: Option<u64>,
        #[command(flatten)]
        request: correct::CorrectionRequest,
    },
    /// List the interventions of a session with their ids, kinds, speakers and times
    Log {
        /// The session (default: the one `rapporteur` opens)
        #[arg(long)]
        session: Option<u64>,
        /// Only this meeting
        #[arg(long, value_name = "N")]
        meeting: Option<u32>,
    },
    /// The session's details: `session edit --body … --time-zone …`
    Session {
        #[command(subcommand)]
        command: session::SessionCommand,
    },
    /// The session's meetings: add the next sitting, put a date or hours right, remove an
    /// empty one, list them
    Meeting {
        /// The session (default: the one `rapporteur` opens)
        #[arg(long, global = true)]
        session: Option<u64>,
        #[command(subcommand)]
        command: meeting::MeetingCommand,
    },
    /// The session's roster: import the secretariat's list of participants, show the roster
    Roster {
        #[command(subcommand)]
        command: RosterCommand,
    },
    /// Show the live record of a store the app has open, read-only, in another terminal (a
    /// projector's window, or over SSH): the chair's view by default; c, s, l change views
    Follow(follow::FollowArgs),
    /// Write the store's changes to standard output as they are saved, for `rapporteur
    /// mirror` on another computer: `ssh laptop rapporteur stream --from N | rapporteur
    /// mirror --db COPY`
    Stream(stream::StreamArgs),
    /// Keep a live copy of a store in the store at --db COPY, from `rapporteur stream` on
    /// standard input; resumes where it stopped
    Mirror(stream::MirrorArgs),
    /// The session's agenda: list, add, rename, move, remove or merge items
    Agenda(agenda::AgendaArgs),
    /// The topics statements are tagged with (#organ-removal), and their headings in the
    /// Chair's summary: list them, label one, take a label off
    Topics(topics::TopicsArgs),
    /// Abbreviations that expand as you type: check a file, show those in force, print the
    /// shipped example
    Abbreviations {
        #[command(subcommand)]
        command: abbreviations::AbbreviationsCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum RosterCommand {
    /// Import the secretariat's list of participants (CSV) into a session's roster: nothing
    /// is written unless every row is good; participants already there are updated, never
    /// removed
    Import {
        /// The CSV file: a header row naming the columns name and category, and optionally
        /// attendance and organisation, in any order; UTF-8, separated by , or ;
        file: PathBuf,
        /// Import into this session (default: the one `rapporteur` opens; see `rapporteur
        /// sessions`)
        #[arg(long)]
        session: Option<u64>,
    },
    /// Print a session's roster: id, name, category, attendance, organisation
    Show {
        /// Show this session (default: the one `rapporteur` opens; see `rapporteur sessions`)
        #[arg(long)]
        session: Option<u64>,
    },
    #[command(flatten)]
    Edit(roster::RosterEdit),
}

#[derive(Debug, Subcommand)]
pub enum KeymapCommand {
    /// Check a keymap file and report every problem with its line and column
    Check { file: PathBuf },
    /// Print the bindings in force (the defaults, your keymap, and --keymap)
    Show,
    /// List the actions a keymap can bind, one line each
    Actions,
}

/// Carries out the command line.
pub fn execute(cli: Cli) -> anyhow::Result<()> {
    match cli.command.unwrap_or(Command::Open { session: None }) {
        Command::Open { session } => {
            // The keymap first: the app never starts on a half-read keymap.
            let keymap = load_keymap(cli.keymap.as_deref())?;
            let store = open_store(cli.db)?;
            let (record, first_run) = session_to_open(&store, session.map(SessionId))?;
            let mut app = App::new(record, keymap);
            // A bad abbreviations file is said on the status line: the app starts without it.
            app.use_abbreviations(crate::abbreviations::load_user(
                cli.abbreviations.as_deref(),
            ));
            if first_run {
                app.open_session_form(true);
            }
            app.tell_on_start(store.notices());
            crate::app::run::run(app, Arc::new(store))
        }
        Command::Sessions { command } => {
            use session::SessionsCommand as S;
            let store = open_store(cli.db)?;
            let text = match command.unwrap_or(S::List) {
                S::List => list_sessions(&store)?,
                S::Remove {
                    id,
                    yes,
                    with_interventions,
                } => session::remove(&store, SessionId(id), yes, with_interventions)?,
                S::Open { id } => session::open(&store, SessionId(id))?,
            };
            print!("{text}");
            Ok(())
        }
        Command::Session {
            command: session::SessionCommand::Edit(args),
        } => {
            let store = open_store(cli.db)?;
            let id = existing_session(&store, args.session.map(SessionId))?;
            print!("{}", session::edit(&store, id, &args)?);
            Ok(())
        }
        Command::Meeting { session, command } => {
            let store = open_store(cli.db)?;
            let id = existing_session(&store, session.map(SessionId))?;
            print!("{}", meeting::run(&store, id, &command)?);
            Ok(())
        }
        Command::Demo {
            interventions,
            speakers,
        } => {
            let store = open_store(cli.db)?;
            let id = store.next_session_id()?;
            let record = match interventions {
                Some(n) => crate::demo::large_record(id, Utc::now(), n, speakers),
                None => crate::demo::demo_record(id, Utc::now()),
            };
            store.save_record(&record)?;
            make_current(&store, id)?;
            println!(
                "Added the demonstration session {id}: {} ({} participants, {} interventions).\n\
                 Open it with `rapporteur{}`.",
                record.session.title(),
                record.participants.len(),
                record.interventions.len(),
                db_hint(&store)
            );
            Ok(())
        }
        Command::New {
            body,
            number,
            venue,
            from,
            to,
            time_zone,
            chairs,
            items,
        } => {
            let time_zone = match time_zone {
                Some(tz) => {
                    if tz.parse::<chrono_tz::Tz>().is_err() {
                        bail!("unknown time zone {tz:?}: use an IANA name such as Europe/Vienna or America/New_York");
                    }
                    tz
                }
                None => local_time_zone(),
            };
            let store = open_store(cli.db)?;
            let id = store.next_session_id()?;
            let mut record = SessionRecord::starter(id, Utc::now(), &time_zone);
            let s = &mut record.session;
            s.body = body;
            s.number = number;
            s.venue = venue;
            s.chairs = chairs;
            if let Some(from) = from {
                s.first_day = from;
                // Set up on another day than its first: the first meeting sits in that day's
                // usual morning, not at the hour the command was typed.
                let first = &mut record.meetings[0];
                if from != first.date {
                    let sitting = crate::domain::first_morning(from);
                    first.scheduled_start = sitting.start;
                    first.scheduled_end = sitting.end;
                }
                first.date = from;
            }
            s.last_day = to.unwrap_or(s.first_day);
            if s.last_day < s.first_day {
                bail!(
                    "the last day ({}) is before the first ({})",
                    s.last_day,
                    s.first_day
                );
            }
            if !items.is_empty() {
                record.agenda = agenda_from(&items);
            }
            crate::roster::put_chairs_on_roster(&mut record);
            store.save_record(&record)?;
            make_current(&store, id)?;
            println!(
                "Created session {id}: {}. Open it with `rapporteur{}`.",
                record.session.title(),
                db_hint(&store)
            );
            Ok(())
        }
        Command::Limits(args) => {
            let store = open_store(cli.db)?;
            let id = existing_session(&store, args.session.map(SessionId))?;
            let mut record = store.load(id)?;
            if limits::apply_limits(&mut record, &args)? {
                store.apply(&Change::Session(record.session.clone()))?;
                store.flush_durable()?;
            }
            print!("{}", limits::describe_limits(&record));
            Ok(())
        }
        Command::Budget { session, command } => {
            let store = open_store(cli.db)?;
            let id = existing_session(&store, session.map(SessionId))?;
            let mut record = store.load(id)?;
            let (text, changes) = limits::budget(&mut record, &command, Utc::now())?;
            for change in &changes {
                store.apply(change)?;
            }
            if !changes.is_empty() {
                store.flush_durable()?;
            }
            print!("{text}");
            Ok(())
        }
        Command::Correct {
            id: given,
            intervention,
            session,
            request,
        } => {
            let intervention = given.or(intervention).context(
                "give the intervention's id, as `rapporteur log` lists it: `rapporteur correct \
                 ID …`",
            )?;
            let store = open_store(cli.db)?;
            let id = existing_session(&store, session.map(SessionId))?;
            let mut record = store.load(id)?;
            let (text, changes) = correct::correct(
                &mut record,
                crate::domain::InterventionId(intervention),
                &request,
                Utc::now(),
            )?;
            for change in &changes {
                store.apply(change)?;
            }
            store.flush_durable()?;
            println!("{text}");
            Ok(())
        }
        Command::Log { session, meeting } => {
            let store = open_store(cli.db)?;
            let id = existing_session(&store, session.map(SessionId))?;
            let record = store.load(id)?;
            if let Some(number) = meeting.filter(|&n| record.meeting(n).is_none()) {
                bail!("{}", record.no_meeting(number));
            }
            print!("{}", correct::log(&record, meeting));
            Ok(())
        }
        Command::Export(args) => export::run(cli.db, args),
        Command::Follow(args) => follow::run(cli.db, cli.keymap, args),
        Command::Stream(args) => stream::run_stream(cli.db, args),
        Command::Mirror(args) => stream::run_mirror(cli.db, args),
        Command::Import(args) => import::run(cli.db, args),
        Command::Conflicts(args) => conflicts::run(cli.db, args),
        Command::Recover => {
            // Not opened first: a store that needs recovering may not open, and recovery
            // refuses a store that anyone, this process included, has open.
            let report = crate::store::recover(&store_path(cli.db)?)?;
            print!("{report}");
            Ok(())
        }
        Command::Keymap { command } => match command {
            KeymapCommand::Check { file } => {
                crate::keymap::check_file(&file).map_err(|e| anyhow::anyhow!("{e}"))?;
                println!("{}: no problems found", file.display());
                Ok(())
            }
            KeymapCommand::Show => {
                let keymap = load_keymap(cli.keymap.as_deref())?;
                print!("{}", crate::keymap::render_show(&keymap));
                Ok(())
            }
            KeymapCommand::Actions => {
                print!("{}", crate::keymap::render_actions());
                Ok(())
            }
        },
        Command::Agenda(args) => agenda::run(cli.db, args),
        Command::Topics(args) => topics::run(cli.db, args),
        Command::Abbreviations { command } => {
            abbreviations::run(cli.db, cli.abbreviations.as_deref(), command)
        }
        Command::Roster { command } => match command {
            RosterCommand::Edit(command) => roster::run(cli.db, command),
            RosterCommand::Import { file, session } => {
                import_roster(cli.db, &file, session.map(SessionId))
            }
            RosterCommand::Show { session } => {
                let store = open_store(cli.db)?;
                let record = store.load(existing_session(&store, session.map(SessionId))?)?;
                let count = record.participants.len();
                if count == 0 {
                    println!(
                        "Session {} ({}) has no participants yet: \
                         `rapporteur roster import FILE.csv{}` adds them.",
                        record.session.id,
                        record.session.title(),
                        db_hint(&store)
                    );
                } else {
                    println!(
                        "Session {} ({}): {count} participant{}\n",
                        record.session.id,
                        record.session.title(),
                        if count == 1 { "" } else { "s" }
                    );
                    print!("{}", crate::roster::import::render_roster(&record));
                }
                Ok(())
            }
        },
    }
}

/// Reads and checks the whole file before opening the store: a file with any problem leaves
/// the store untouched.
fn import_roster(
    db: Option<PathBuf>,
    file: &std::path::Path,
    asked: Option<SessionId>,
) -> anyhow::Result<()> {
    use crate::roster::import as roster_import;

    let label = file.display().to_string();
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {label}"))?;
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => text,
        Err(e) => {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            bail!(
                "{label}:{line}: the file is not UTF-8 text; nothing was imported.\n\
                 In Excel, save it as \"CSV UTF-8 (Comma delimited)\"; in LibreOffice, choose \
                 the character set \"Unicode (UTF-8)\" when saving as CSV."
            );
        }
    };
    let parsed = match roster_import::parse(text, &label) {
        Ok(parsed) => parsed,
        Err(errors) => {
            crate::tell!("{errors}");
            let n = errors.problems.len();
            bail!(
                "{label}: {n} problem{} found; nothing was imported. Correct the file and run \
                 the import again.",
                if n == 1 { "" } else { "s" }
            );
        }
    };

    let store = open_store(db)?;
    let id = existing_session(&store, asked)?;
    let record = store.load(id)?;
    let merge = roster_import::merge(&record, &parsed.rows);
    for p in merge.to_write() {
        store.apply(&Change::Participant(id, p.clone()))?;
    }
    store.flush_durable()?;

    println!(
        "Imported {label} into session {id} ({}): {} added, {} updated, {} unchanged.",
        record.session.title(),
        merge.added.len(),
        merge.updated.len(),
        merge.unchanged
    );
    if !merge.changes.is_empty() {
        println!("Updated:");
        for change in &merge.changes {
            println!("  {change}");
        }
    }
    if !parsed.notes.is_empty() {
        println!("Notes:");
        for note in &parsed.notes {
            println!("  {note}");
        }
    }
    Ok(())
}

/// The session asked for, or the one `rapporteur` opens; unlike opening the screen, never a
/// new one.
fn existing_session(store: &Store, asked: Option<SessionId>) -> anyhow::Result<SessionId> {
    match asked {
        Some(id) => Ok(id),
        None => store.most_recent_session()?.with_context(|| {
            format!(
                "the store at {} holds no session yet: run `rapporteur{hint}` or \
                 `rapporteur new{hint} --body \"…\"` first to create one",
                store.path().display(),
                hint = db_hint(store)
            )
        }),
    }
}

fn load_keymap(explicit: Option<&std::path::Path>) -> anyhow::Result<Keymap> {
    let user = crate::keymap::user_keymap_path();
    Keymap::load(user.as_deref(), explicit).map_err(|e| anyhow::anyhow!("{e}"))
}

fn store_path(db: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    match db {
        Some(p) => Ok(p),
        None => Store::default_path().context(
            "cannot find your data directory (is HOME set?): choose a store with --db PATH",
        ),
    }
}

/// Opens the store, and tells its user what opening did that they should know of.
pub(super) fn open_store(db: Option<PathBuf>) -> anyhow::Result<Store> {
    let store = Store::open(&store_path(db)?)?;
    for notice in store.notices() {
        crate::tell!("rapporteur: {notice}.");
    }
    Ok(store)
}

/// The session asked for, or the most recent one; on a first run, a new one to log in at once
/// (and `true`, for the app to open on the session's form).
fn session_to_open(
    store: &Store,
    asked: Option<SessionId>,
) -> anyhow::Result<(SessionRecord, bool)> {
    let mut first_run = false;
    let id = match asked {
        Some(id) => id,
        None => match store.most_recent_session()? {
            Some(id) => id,
            None => {
                let id = store.next_session_id()?;
                store.save_record(&SessionRecord::starter(id, Utc::now(), &local_time_zone()))?;
                first_run = true;
                id
            }
        },
    };
    let record = store.load(id)?;
    make_current(store, id)?;
    Ok((record, first_run))
}

fn make_current(store: &Store, id: SessionId) -> anyhow::Result<()> {
    store.apply(&Change::LastSession(id))?;
    store.flush_durable()?;
    Ok(())
}

fn local_time_zone() -> String {
    iana_time_zone::get_timezone()
        .ok()
        .filter(|tz| tz.parse::<chrono_tz::Tz>().is_ok())
        .unwrap_or_else(|| "UTC".into())
}

fn db_hint(store: &Store) -> String {
    match Store::default_path() {
        Some(p) if p == store.path() => String::new(),
        _ => format!(" --db {}", store.path().display()),
    }
}

/// "2: Child trafficking" → item 2; "Child trafficking" → numbered in order.
fn agenda_from(items: &[String]) -> Vec<AgendaItem> {
    items
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let (number, title) = match text.split_once(':') {
                Some((n, t)) if !n.trim().is_empty() && n.trim().len() <= 8 => {
                    (n.trim().to_string(), t.trim().to_string())
                }
                _ => ((i + 1).to_string(), text.trim().to_string()),
            };
            AgendaItem {
                id: AgendaItemId(i as u32 + 1),
                number,
                title,
            }
        })
        .collect()
}

/// The table `rapporteur sessions` prints; the session `rapporteur` opens is starred.
pub fn list_sessions(store: &Store) -> anyhow::Result<String> {
    let sessions = store.sessions()?;
    if sessions.is_empty() {
        return Ok(format!(
            "The store at {} holds no session yet: `rapporteur` starts one, `rapporteur demo` adds a demonstration.\n",
            store.path().display()
        ));
    }
    let current = store.most_recent_session()?;
    let mut out = format!(
        "  {:>3}  {:<60}  {:<23}  {:>8}  {:>13}\n",
        "ID", "SESSION", "DATES", "MEETINGS", "INTERVENTIONS"
    );
    for s in sessions {
        let mark = if Some(s.session.id) == current {
            '*'
        } else {
            ' '
        };
        let title: String = s.session.title().chars().take(60).collect();
        out.push_str(&format!(
            "{mark} {:>3}  {:<60}  {} – {}  {:>8}  {:>13}\n",
            s.session.id.0,
            title,
            s.session.first_day,
            s.session.last_day,
            s.meetings,
            s.interventions
        ));
    }
    out.push_str("* the session `rapporteur` opens\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agenda_items_take_their_numbers() {
        let items = agenda_from(&[
            "Organizational matters".into(),
            "4 (a): Child trafficking".into(),
        ]);
        assert_eq!(items[0].number, "1");
        assert_eq!(items[0].title, "Organizational matters");
        assert_eq!(items[1].number, "4 (a)");
        assert_eq!(items[1].title, "Child trafficking");
        assert_eq!(items[1].id, AgendaItemId(2));
    }
}
