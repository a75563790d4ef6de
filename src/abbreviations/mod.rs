//! Abbreviations: short forms that expand as they are typed ("ms" → "Member States"), as
//! court reporters' briefs and text expanders do. Two lists are in force: the user's file
//! (`~/.config/rapporteur/abbreviations.toml`, or `--abbreviations FILE`) and the session's
//! own, held in the record; the session's entry wins over the user's for the same short form.
//!
//! Case, as in court reporters' glossaries: the short form as the table writes it expands as
//! written ("ms" → "Member States"); typed with a capital first letter, the expansion gets one
//! ("Tip" → "Trafficking in persons"); typed in capitals, it stays as typed ("MS") unless the
//! table has that form itself.

mod error;
mod expand;
mod parse;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use error::{AbbreviationsError, Problem, ProblemKind};
pub use expand::{is_boundary, word_before, Found};
pub use parse::{is_common_word, parse_file, Parsed};

/// The shipped example, built into the binary: `rapporteur abbreviations example` prints it.
pub const EXAMPLE: &str = include_str!("../../abbreviations/example.toml");

/// How errors in the built-in example name it (there are none: a test makes sure).
pub const EXAMPLE_FILE: &str = "abbreviations/example.toml (built in)";

/// A table of short forms and what they stand for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// When set, a short form expands only when typed right after this character (";ms").
    pub prefix: Option<char>,
    pub entries: BTreeMap<String, String>,
}

/// The characters a short form is made of: a word, so that anything else ends it.
pub fn is_short_form_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

/// Why a short form cannot be one; `None` when it can. For the app's question, which
/// takes one short form at a time.
pub fn short_form_problem(short: &str) -> Option<String> {
    if short.is_empty() {
        return Some(ProblemKind::EmptyShortForm.to_string());
    }
    (!short.chars().all(is_short_form_char)).then(|| {
        ProblemKind::ShortFormCharacters {
            short: short.to_string(),
        }
        .to_string()
    })
}

/// Where an abbreviation in force comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The user's file (or `--abbreviations FILE`).
    UserFile,
    /// The session's own list, kept in the record.
    Session,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::UserFile => "your file",
            Source::Session => "this session",
        }
    }
}

/// One abbreviation in force, for the view and `abbreviations show`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub short: String,
    pub expansion: String,
    pub source: Source,
    /// A user's entry that the session's own entry for the same short form replaces.
    pub replaced: bool,
}

/// The user's table and the session's own list, as they apply together.
#[derive(Debug, Clone, Copy)]
pub struct InForce<'a> {
    pub user: &'a Table,
    pub session: &'a BTreeMap<String, String>,
}

impl<'a> InForce<'a> {
    pub fn new(user: &'a Table, session: &'a BTreeMap<String, String>) -> Self {
        InForce { user, session }
    }

    pub fn prefix(&self) -> Option<char> {
        self.user.prefix
    }

    /// What `typed` (a short form without its prefix) expands to, by the case rules.
    pub fn expansion(&self, typed: &str) -> Option<String> {
        let exact = |t: &str| {
            self.session
                .get(t)
                .or_else(|| self.user.entries.get(t))
                .cloned()
        };
        if let Some(found) = exact(typed) {
            return Some(found);
        }
        let mut chars = typed.chars();
        let first = chars.next()?;
        let capitalised = first.is_uppercase() && !chars.any(char::is_uppercase);
        if !capitalised {
            return None;
        }
        exact(&typed.to_lowercase()).map(|e| capitalise(&e))
    }

    /// Every abbreviation in force, by short form; a user's entry the session replaces is
    /// listed too, marked.
    pub fn listed(&self) -> Vec<Listed> {
        let mut all: Vec<Listed> = self
            .user
            .entries
            .iter()
            .map(|(short, expansion)| Listed {
                short: short.clone(),
                expansion: expansion.clone(),
                source: Source::UserFile,
                replaced: self.session.contains_key(short),
            })
            .chain(self.session.iter().map(|(short, expansion)| Listed {
                short: short.clone(),
                expansion: expansion.clone(),
                source: Source::Session,
                replaced: false,
            }))
            .collect();
        all.sort_by(|a, b| {
            (a.short.to_lowercase(), &a.short, a.replaced).cmp(&(
                b.short.to_lowercase(),
                &b.short,
                b.replaced,
            ))
        });
        all
    }
}

/// `text` with its first letter in capitals.
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The user's abbreviations file: `abbreviations.toml` in the config folder.
pub fn user_file_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "rapporteur")
        .map(|dirs| dirs.config_dir().join("abbreviations.toml"))
}

/// Reads and checks the file at `path`; the errors name it as `path` is written.
pub fn read_file(path: &Path) -> Result<Parsed, AbbreviationsError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| AbbreviationsError::Read {
        file: file.clone(),
        what: "abbreviations",
        source,
    })?;
    parse_file(&text, &file)
}

/// The user's table for the app: `--abbreviations FILE` when given, else the user's file if
/// there is one (none is no abbreviations, and nothing to say).
pub fn load_user(explicit: Option<&Path>) -> Result<Parsed, AbbreviationsError> {
    match explicit {
        Some(path) => read_file(path),
        None => match user_file_path() {
            Some(path) if path.exists() => read_file(&path),
            _ => Ok(Parsed::default()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(pairs: &[(&str, &str)]) -> Table {
        Table {
            prefix: None,
            entries: pairs
                .iter()
                .map(|(s, e)| (s.to_string(), e.to_string()))
                .collect(),
        }
    }

    #[test]
    fn case_follows_the_glossary_rule() {
        let user = table(&[("ms", "Member States"), ("tip", "trafficking in persons")]);
        let none = BTreeMap::new();
        let in_force = InForce::new(&user, &none);
        assert_eq!(in_force.expansion("ms").unwrap(), "Member States");
        assert_eq!(in_force.expansion("Ms").unwrap(), "Member States");
        assert_eq!(in_force.expansion("tip").unwrap(), "trafficking in persons");
        assert_eq!(in_force.expansion("Tip").unwrap(), "Trafficking in persons");
        // Capitals stay as typed: "MS" may be meant as it is.
        assert_eq!(in_force.expansion("MS"), None);
        assert_eq!(in_force.expansion("TIP"), None);
        assert_eq!(in_force.expansion("tIp"), None);
        assert_eq!(in_force.expansion("tips"), None);
    }

    #[test]
    fn a_form_the_table_writes_in_capitals_expands_as_written() {
        let user = table(&[
            ("HRC", "Human Rights Council"),
            ("hrc", "human rights council"),
        ]);
        let none = BTreeMap::new();
        let in_force = InForce::new(&user, &none);
        assert_eq!(in_force.expansion("HRC").unwrap(), "Human Rights Council");
        assert_eq!(in_force.expansion("hrc").unwrap(), "human rights council");
        assert_eq!(in_force.expansion("Hrc").unwrap(), "Human rights council");
    }

    #[test]
    fn the_sessions_own_entry_wins_over_the_users() {
        let user = table(&[("sr", "Special Rapporteur"), ("ms", "Member States")]);
        let session: BTreeMap<String, String> =
            [("sr".to_string(), "Special Representative".to_string())].into();
        let in_force = InForce::new(&user, &session);
        assert_eq!(in_force.expansion("sr").unwrap(), "Special Representative");
        assert_eq!(in_force.expansion("Sr").unwrap(), "Special Representative");
        let listed = in_force.listed();
        assert_eq!(listed.len(), 3);
        assert_eq!(listed[0].short, "ms");
        // The entry in force first, the one it replaces after it.
        assert!(!listed[1].replaced && listed[1].source == Source::Session);
        assert!(listed[2].replaced && listed[2].source == Source::UserFile);
    }

    #[test]
    fn the_shipped_example_parses_with_no_warnings() {
        let parsed = parse_file(EXAMPLE, EXAMPLE_FILE).unwrap();
        assert!(parsed.warnings.is_empty(), "{:#?}", parsed.warnings);
        let n = parsed.table.entries.len();
        assert!((30..=60).contains(&n), "{n} short forms");
        assert_eq!(parsed.table.entries["ms"], "Member States");
        assert_eq!(parsed.table.entries["tip"], "trafficking in persons");
    }

    #[test]
    fn a_short_form_from_the_app_is_checked_as_in_a_file() {
        assert!(short_form_problem("ms").is_none());
        assert!(short_form_problem("m s").unwrap().contains("one word"));
        assert!(short_form_problem("").unwrap().contains("empty"));
    }
}
