//! `rapporteur follow`: the room's screen, read-only, beside the app (see `crate::live`).

use std::path::PathBuf;

use clap::Args;

use crate::live::follow::{self, View};

#[derive(Debug, Args)]
pub struct FollowArgs {
    /// What to show: the chair's view (the speaker's clock in large digits), the list of
    /// speakers, or the log
    #[arg(long, value_enum, default_value_t = View::Chair)]
    pub view: View,
}

/// Follows the store at `db` (or the default one) until the user quits.
pub fn run(db: Option<PathBuf>, keymap: Option<PathBuf>, args: FollowArgs) -> anyhow::Result<()> {
    let keymap = super::load_keymap(keymap.as_deref())?;
    // Not opened: opening takes the store's lock, which the app holds.
    let store = super::store_path(db)?;
    follow::run(&store, args.view, keymap)
}
