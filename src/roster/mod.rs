//! Who can take the floor, and how a name is found, one file per reason to change: the roster
//! that ships with the app (`shipped`), the one form names are compared in (`key`), a
//! session's roster read from a CSV file (`import`), the finder's ranking of speakers and
//! groups (`ranking`), the words and groups the finder knows, kept as data in `words.toml`
//! (`words`), the States' ISO codes (`codes`), and the session's chairs as Chair (`chairs`).

mod chairs;
mod codes;
pub mod import;
mod key;
pub mod ranking;
mod shipped;
mod words;

pub use chairs::put_chairs_on_roster;
pub use codes::iso_code;
pub use key::search_key;
pub use shipped::{builtin, lookup_exact, RosterEntry};
pub use words::{common_groups, likely_category, Group};
