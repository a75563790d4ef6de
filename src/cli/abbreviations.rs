//! `rapporteur abbreviations check|show|example`: the user's abbreviations file checked with
//! every problem at its line and column, the table in force with where each entry comes
//! from, and the shipped example to start a file from.

use std::path::{Path, PathBuf};

use anyhow::bail;
use clap::Subcommand;

use super::record_change::change_record;
use crate::abbreviations::{self as abbr, InForce, Listed, Parsed, Source};
use crate::domain::SessionId;

#[derive(Debug, Subcommand)]
pub enum AbbreviationsCommand {
    /// Check an abbreviations file (default: yours) and report every problem with its line
    /// and column; warnings are printed, and only problems fail
    Check { file: Option<PathBuf> },
    /// Print the abbreviations in force: your file (or --abbreviations FILE) and the
    /// session's own, with where each comes from
    Show {
        /// The session (default: the one `rapporteur` opens)
        #[arg(long)]
        session: Option<u64>,
    },
    /// Give the session its own abbreviation (replacing one it has for the same short form);
    /// it is kept in the session's record, wins over your file's, and travels in its export
    Set {
        /// The short form, one word: letters and digits (- and _ allowed)
        short: String,
        /// What it stands for
        expansion: String,
        /// The session (default: the one `rapporteur` opens)
        #[arg(long)]
        session: Option<u64>,
    },
    /// Take one of the session's own abbreviations away
    Remove {
        short: String,
        /// The session (default: the one `rapporteur` opens)
        #[arg(long)]
        session: Option<u64>,
    },
    /// Print the shipped example file, to start your own from:
    /// `rapporteur abbreviations example > ~/.config/rapporteur/abbreviations.toml`
    Example,
}

pub fn run(
    db: Option<PathBuf>,
    explicit: Option<&Path>,
    command: AbbreviationsCommand,
) -> anyhow::Result<()> {
    match command {
        AbbreviationsCommand::Check { file } => {
            let file = match file.or_else(|| explicit.map(Path::to_path_buf)) {
                Some(file) => file,
                None => user_file()?,
            };
            let parsed = abbr::read_file(&file).map_err(|e| anyhow::anyhow!("{e}"))?;
            print!("{}", checked(&file, &parsed));
            Ok(())
        }
        AbbreviationsCommand::Show { session } => {
            let user = match abbr::load_user(explicit) {
                Ok(parsed) => parsed,
                Err(e) => {
                    crate::tell!(
                        "rapporteur: {e}\nrapporteur: abbreviations from the file are off."
                    );
                    Parsed::default()
                }
            };
            let store = super::open_store(db)?;
            let id = match session {
                Some(id) => Some(SessionId(id)),
                None => store.most_recent_session()?,
            };
            let record = id.map(|id| store.load(id)).transpose()?;
            let none = Default::default();
            let own = record.as_ref().map_or(&none, |r| &r.session.abbreviations);
            let from = explicit
                .map(Path::to_path_buf)
                .or_else(abbr::user_file_path)
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            let title = record
                .as_ref()
                .map(|r| format!("session {} ({})", r.session.id, r.session.title()));
            print!(
                "{}",
                render_show(&InForce::new(&user.table, own), &from, title.as_deref())
            );
            Ok(())
        }
        AbbreviationsCommand::Set {
            short,
            expansion,
            session,
        } => {
            if let Some(problem) = abbr::short_form_problem(&short) {
                bail!("{problem}");
            }
            let expansion = expansion.trim().to_string();
            if expansion.is_empty() {
                bail!("{}", abbr::ProblemKind::EmptyExpansion { short });
            }
            if abbr::is_common_word(&short) {
                crate::tell!(
                    "rapporteur: warning: {}",
                    abbr::ProblemKind::CommonWord {
                        short: short.clone()
                    }
                );
            }
            let store = super::open_store(db)?;
            let id = super::existing_session(&store, session.map(SessionId))?;
            let (old, _) = change_record(&store, id, |r| {
                Ok(r.session
                    .abbreviations
                    .insert(short.clone(), expansion.clone()))
            })?;
            match old {
                Some(old) if old != expansion => {
                    println!("{short} = {expansion} (was {old}) in session {id}")
                }
                _ => println!("{short} = {expansion} in session {id}"),
            }
            Ok(())
        }
        AbbreviationsCommand::Remove { short, session } => {
            let store = super::open_store(db)?;
            let id = super::existing_session(&store, session.map(SessionId))?;
            change_record(&store, id, |r| {
                match r.session.abbreviations.remove(&short) {
                    Some(_) => Ok(()),
                    None => bail!(
                        "session {id} has no abbreviation \"{short}\" of its own \
                     (`rapporteur abbreviations show` lists those in force)"
                    ),
                }
            })?;
            println!("{short} removed from session {id}");
            Ok(())
        }
        AbbreviationsCommand::Example => {
            print!("{}", abbr::EXAMPLE);
            Ok(())
        }
    }
}

fn user_file() -> anyhow::Result<PathBuf> {
    let Some(path) = abbr::user_file_path() else {
        bail!("cannot find your config folder (is HOME set?): name the file to check");
    };
    if !path.exists() {
        bail!(
            "there is no abbreviations file at {0}: start one from the example with \
             `rapporteur abbreviations example > {0}`, or name the file to check",
            path.display()
        );
    }
    Ok(path)
}

/// The report of a check that found no problem: its warnings, then a line for the file.
fn checked(file: &Path, parsed: &Parsed) -> String {
    let mut out = String::new();
    for warning in &parsed.warnings {
        out.push_str(&format!("{warning}\n"));
    }
    let n = parsed.table.entries.len();
    let w = parsed.warnings.len();
    out.push_str(&format!(
        "{}: no problems found ({n} abbreviation{}{}{})\n",
        file.display(),
        if n == 1 { "" } else { "s" },
        parsed
            .table
            .prefix
            .map(|p| format!(", typed after \"{p}\""))
            .unwrap_or_default(),
        match w {
            0 => String::new(),
            1 => ", 1 warning".to_string(),
            w => format!(", {w} warnings"),
        }
    ));
    out
}

/// The table in force, one line each: short form, expansion, where it comes from.
pub fn render_show(in_force: &InForce<'_>, file: &str, session: Option<&str>) -> String {
    let listed = in_force.listed();
    let mut out = String::new();
    if let Some(p) = in_force.prefix() {
        out.push_str(&format!("Short forms expand when typed after \"{p}\".\n"));
    }
    if listed.is_empty() {
        out.push_str(&format!(
            "No abbreviations: none in {file}{}.\n",
            session
                .map(|s| format!(" and none in {s}"))
                .unwrap_or_default()
        ));
        return out;
    }
    let width = listed
        .iter()
        .map(|l| l.short.chars().count())
        .max()
        .unwrap_or(0);
    let long = listed
        .iter()
        .map(|l| l.expansion.chars().count())
        .max()
        .unwrap_or(0)
        .min(60);
    for Listed {
        short,
        expansion,
        source,
        replaced,
    } in &listed
    {
        let from = match (source, replaced) {
            (Source::Session, _) => session.unwrap_or("this session").to_string(),
            (Source::UserFile, false) => file.to_string(),
            (Source::UserFile, true) => format!("{file} (replaced by the session's)"),
        };
        out.push_str(&format!("{short:<width$}  {expansion:<long$}  {from}\n"));
    }
    out
}
