//! Records brought in from outside the app's own typing: a JSON export read back (its reading
//! and checks are `export::json::parse` and `rapporteur import`, `cli::import`) is merged
//! into the session it is of here. The roster's CSV import lives with the roster
//! (`roster::import`).

pub mod merge;
pub mod reconcile;
