//! `rapporteur import`: JSON exports read back into a store, merged with what is there.
//!
//! Every file is read and checked before the store is opened: a file with any problem
//! leaves the store untouched. Then each file in turn is merged into the session it is of
//! (see `crate::import::merge`) or added as a new session, and written as one batch: the journal
//! holds it whole or not at all, so an import cut short never leaves half a file.

use std::path::PathBuf;

use anyhow::{bail, Context as _};
use clap::Args;

use crate::domain::conflict::Disputed;
use crate::domain::{implausible, SessionRecord};
use crate::export::json;
use crate::import::merge::{self, plural};
use crate::store::Store;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The JSON files written by `rapporteur export --format json` (e.g. one from each
    /// rapporteur's laptop); all are checked before anything is written
    #[arg(required = true, value_name = "FILE.json")]
    pub files: Vec<PathBuf>,
}

pub fn run(db: Option<PathBuf>, args: ImportArgs) -> anyhow::Result<()> {
    let mut parsed: Vec<(String, SessionRecord)> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    for file in &args.files {
        let label = file.display().to_string();
        match std::fs::read(file) {
            Ok(bytes) => match json::parse(&bytes, &label) {
                Ok(record) => match out_of_bounds(&label, &record) {
                    None => parsed.push((label, record)),
                    Some(problem) => problems.push(problem),
                },
                Err(e) => problems.push(e.to_string()),
            },
            Err(e) => problems.push(format!("{label}: cannot read the file ({e})")),
        }
    }
    match problems.as_slice() {
        [] => {}
        [one] => bail!("{one}\nNothing was imported."),
        many => {
            for problem in many {
                crate::tell!("{problem}");
            }
            bail!(
                "{} of the {} files cannot be imported; nothing was imported.",
                many.len(),
                args.files.len()
            );
        }
    }

    let store = open_store(db)?;
    for (label, incoming) in &parsed {
        print!("{}", import_one(&store, label, incoming)?);
    }
    Ok(())
}

/// What in a file's session the app could not hold (times of another age, limits past a
/// day, ids at their counter's maximum), each value named, with what to do; `None` if all is
/// well. Such a value would wrap, or bring the screen down at every start, once stored.
fn out_of_bounds(label: &str, record: &SessionRecord) -> Option<String> {
    // The other versions its conflicts hold may become the record (`conflicts keep`): they
    // are checked as its interventions are.
    let mut with_others = record.clone();
    with_others
        .interventions
        .extend(
            record
                .session
                .conflicts
                .iter()
                .filter_map(|c| match &c.disputed {
                    Disputed::Intervention { other, .. } => Some(other.as_ref().clone()),
                    _ => None,
                }),
        );
    let found = implausible(&with_others);
    if found.is_empty() {
        return None;
    }
    let mut out = format!(
        "{label}: {} cannot be imported:
",
        if found.len() == 1 {
            "a value".to_string()
        } else {
            format!("{} values", found.len())
        }
    );
    for problem in found.iter().take(10) {
        out.push_str(&format!(
            "  {problem}
"
        ));
    }
    if found.len() > 10 {
        out.push_str(&format!(
            "  … and {} more
",
            found.len() - 10
        ));
    }
    out.push_str(
        "Correct these values in the file (times between 1970 and 2199, time limits between \
         1 second and 24 hours, ids numbered from 1) and import it again",
    );
    Some(out)
}

/// Merges one file's session into the store, or adds it; returns what to tell the user.
fn import_one(store: &Store, label: &str, incoming: &SessionRecord) -> anyhow::Result<String> {
    let sessions: Vec<_> = store.sessions()?.into_iter().map(|s| s.session).collect();
    match merge::find_same(&sessions, &incoming.session) {
        Some(id) => {
            let base = store.load(id)?;
            let merged = merge::merge(&base, incoming, label);
            let changes = merge::changes(Some(&base), &merged.record);
            if !changes.is_empty() {
                store
                    .write_batch(&changes)
                    .with_context(|| format!("cannot write {label} into the store"))?;
            }
            let report = &merged.report;
            if changes.is_empty() {
                let mut out = format!(
                    "Nothing new in {label}: session {id} ({}) already holds all of it \
                     ({} interventions).\n",
                    report.title, report.already_there
                );
                out.push_str(&report.describe_choices());
                out.push_str(&report.describe_kept());
                Ok(out)
            } else {
                Ok(report.describe(label))
            }
        }
        None => {
            let id = store.next_session_id()?;
            let record = merge::as_new(incoming, id);
            store
                .write_batch(&merge::changes(None, &record))
                .with_context(|| format!("cannot write {label} into the store"))?;
            Ok(format!(
                "Imported {label} as session {id} ({}): {}, {}, {}, {}.\n",
                record.session.title(),
                plural(record.meetings.len(), "meeting"),
                plural(record.agenda.len(), "agenda item"),
                plural(record.participants.len(), "participant"),
                plural(record.interventions.len(), "intervention")
            ))
        }
    }
}

fn open_store(db: Option<PathBuf>) -> anyhow::Result<Store> {
    super::open_store(db)
}
