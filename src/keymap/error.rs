//! What can be wrong with a keymap file, said for the person who has to fix it: the file,
//! the line and column of the offending key or value, and what to write instead.

use std::fmt;

use super::key::KeyError;
use super::suggest::{did_you_mean, did_you_mean_as};
use super::Context;

/// A keymap that could not be loaded. Nothing of the file is used: the app must not start
/// on a half-read keymap.
pub type KeymapError = crate::config_file::FileError<ProblemKind>;

/// One problem at one place in a keymap file.
pub type Problem = crate::config_file::Problem<ProblemKind>;

impl crate::config_file::Kind for ProblemKind {}

/// What is wrong. `key` is the key as the file writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// Not TOML at all; `message` is the TOML parser's.
    Toml {
        message: String,
    },
    UnknownContext {
        name: String,
        suggestions: Vec<String>,
    },
    /// `global = "quit"` at the top of the file instead of a `[global]` table.
    ContextNotATable {
        context: Context,
    },
    UnknownAction {
        name: String,
        context: Context,
        suggestions: Vec<String>,
    },
    UnknownKey {
        key: String,
        context: Context,
        error: KeyError,
    },
    /// A character without ctrl or alt in a context where it must type itself.
    PlainCharacter {
        key: String,
        context: Context,
        alternative: String,
    },
    /// The same key twice in one table, however it is spelled ("ctrl-Q" and "ctrl-q").
    DuplicateKey {
        key: String,
        context: Context,
        first: String,
        first_line: usize,
    },
    /// A value that is neither an action name nor a list of them; `found` says what it is.
    NotAnAction {
        key: String,
        context: Context,
        found: &'static str,
        in_list: bool,
    },
    EmptyList {
        key: String,
        context: Context,
    },
    NoopInList {
        key: String,
        context: Context,
    },
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProblemKind::Toml { message } => write!(f, "this is not valid TOML: {message}"),
            ProblemKind::UnknownContext { name, suggestions } => {
                write!(f, "unknown table [{name}]; ")?;
                match did_you_mean_as(suggestions, |s| format!("[{s}]")) {
                    Some(hint) => f.write_str(&hint),
                    None => {
                        let tables: Vec<String> = Context::ALL
                            .iter()
                            .map(|c| format!("[{}]", c.name()))
                            .collect();
                        write!(f, "the tables are {}", crate::export::and_list(&tables))
                    }
                }
            }
            ProblemKind::ContextNotATable { context } => write!(
                f,
                "\"{context}\" must be a table: write [{context}] on a line of its own, \
                 and its keys on the lines below"
            ),
            ProblemKind::UnknownAction {
                name,
                context,
                suggestions,
            } => {
                write!(f, "unknown action \"{name}\" in [{context}]; ")?;
                match did_you_mean(suggestions) {
                    Some(hint) => f.write_str(&hint),
                    None => f.write_str("`rapporteur keymap actions` lists them"),
                }
            }
            ProblemKind::UnknownKey {
                key,
                context,
                error,
            } => write!(f, "unknown key \"{key}\" in [{context}]: {error}"),
            ProblemKind::PlainCharacter {
                key,
                context,
                alternative,
            } => write!(
                f,
                "\"{key}\" cannot be bound in [{context}]: typing text always types text, so \
                 a character without ctrl or alt is bound only in [speakers] or [help]; \
                 use e.g. \"{alternative}\" or a function key"
            ),
            ProblemKind::DuplicateKey {
                key,
                context,
                first,
                first_line,
            } => write!(
                f,
                "\"{key}\" is bound twice in [{context}]: it is the same key as \"{first}\" \
                 on line {first_line}"
            ),
            ProblemKind::NotAnAction {
                key,
                context,
                found,
                in_list: false,
            } => write!(
                f,
                "\"{key}\" in [{context}] must be bound to an action name or a list of \
                 action names, not to {found}"
            ),
            ProblemKind::NotAnAction {
                key,
                context,
                found,
                in_list: true,
            } => write!(
                f,
                "the list for \"{key}\" in [{context}] must hold action names, not {found}"
            ),
            ProblemKind::EmptyList { key, context } => write!(
                f,
                "\"{key}\" in [{context}] is bound to an empty list; to unbind a key, bind it \
                 to \"noop\""
            ),
            ProblemKind::NoopInList { key, context } => write!(
                f,
                "\"noop\" cannot be part of the list for \"{key}\" in [{context}]: it unbinds \
                 a key, so it stands alone"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_on_its_own_line() {
        let problem = |line| Problem {
            file: "k.toml".into(),
            line,
            column: 1,
            kind: ProblemKind::EmptyList {
                key: "f5".into(),
                context: Context::Global,
            },
        };
        let error = KeymapError::Invalid(vec![problem(2), problem(3)]);
        let text = error.to_string();
        assert_eq!(text.lines().count(), 2);
        assert!(text.starts_with("k.toml:2:1: \"f5\" in [global] is bound to an empty list"));
        assert_eq!(error.problems().len(), 2);
    }
}
