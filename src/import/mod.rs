//! Records brought in from outside the app's own typing: a JSON export read back (its reading
//! and checks are `export::json::parse` and `rapporteur import`, `cli::import`) is merged
//! into the session it is of here (`merge`; two versions of one intervention are settled by
//! `reconcile`, and what no rule can settle is kept as a conflict, `domain::conflict`). The
//! roster's CSV import lives with the roster (`roster::import`).

pub mod merge;
pub mod reconcile;
