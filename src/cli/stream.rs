//! `rapporteur stream` and `rapporteur mirror`: a live copy of a store on another computer,
//! `ssh laptop rapporteur stream --from N | rapporteur mirror --db COPY` (see `crate::live`).

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::bail;
use clap::Args;

use crate::live::ending::{self, WholeBatches};
use crate::live::{mirror, stream};

#[derive(Debug, Args)]
pub struct StreamArgs {
    /// The first change to send, as the copy's `rapporteur mirror --db COPY --resume-point`
    /// prints it (default: everything)
    #[arg(long, value_name = "SEQ", conflicts_with = "from_copy")]
    pub from: Option<u64>,
    /// Start where the copy at this folder stopped (for a copy on the same computer)
    #[arg(long, value_name = "COPY")]
    pub from_copy: Option<PathBuf>,
    /// Stop once everything saved so far is sent, instead of following the store
    #[arg(long)]
    pub until_idle: bool,
}

#[derive(Debug, Args)]
pub struct MirrorArgs {
    /// Print the change the copy's stream is to start from (for `rapporteur stream --from`),
    /// and stop
    #[arg(long)]
    pub resume_point: bool,
}

/// How the two are used together, for a user who ran one of them alone at a terminal.
const PIPED: &str =
    "`ssh laptop rapporteur stream --from-copy COPY | rapporteur mirror --db COPY` \
     on the computer that keeps the copy, or `rapporteur stream --from-copy COPY | rapporteur \
     mirror --db COPY` on one computer";

pub fn run_stream(db: Option<PathBuf>, args: StreamArgs) -> anyhow::Result<()> {
    if std::io::stdout().is_terminal() {
        bail!(
            "the stream is written for `rapporteur mirror` to read, not for a terminal: pipe it \
             into a mirror, e.g. {PIPED}. To watch the record live, use `rapporteur follow`"
        );
    }
    // Not opened: opening takes the store's lock, which the app holds.
    let store = super::store_path(db)?;
    let from = match (&args.from_copy, args.from) {
        (Some(copy), _) => mirror::resume_point(copy)?,
        (None, from) => from.unwrap_or(1),
    };
    // The stream only reads: a signal may end it at any point, even in the middle of a
    // batch, which the copy then leaves out and asks for again.
    ending::end_on_signal(WholeBatches::default(), || {
        "the stream only reads the store; run it again (--from-copy) to go on where the copy \
         stopped"
            .to_string()
    })?;
    let until = if args.until_idle {
        stream::Until::Idle
    } else {
        stream::Until::ReaderGone(&ending::stdout_reader_gone)
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    stream::stream(&store, from, &mut out, until)?;
    Ok(())
}

pub fn run_mirror(db: Option<PathBuf>, args: MirrorArgs) -> anyhow::Result<()> {
    let Some(copy) = db else {
        bail!(
            "give the copy's folder with --db COPY: a copy is a store of its own, never the \
             one rapporteur uses by default"
        );
    };
    if args.resume_point {
        println!("{}", mirror::resume_point(&copy)?);
        return Ok(());
    }
    if std::io::stdin().is_terminal() {
        bail!(
            "the mirror reads the output of `rapporteur stream` on its standard input, not \
             from a terminal: pipe the stream into it, e.g. {PIPED}"
        );
    }
    let batches = WholeBatches::default();
    let said = copy.clone();
    ending::end_on_signal(batches.clone(), move || match mirror::resume_point(&said) {
        Ok(next) => format!(
            "the copy at {} holds every change up to {} whole: run the stream again with \
                 --from {next} (or --from-copy) to resume",
            said.display(),
            next - 1
        ),
        Err(e) => format!("the copy at {} was being started: {e}", said.display()),
    })?;
    let held = mirror::mirror(&copy, &mut std::io::stdin().lock(), &batches)?;
    crate::tell!(
        "rapporteur: the stream ended; the copy at {} holds every change of the store {} up \
         to {}",
        copy.display(),
        held.store_id,
        held.through
    );
    Ok(())
}
