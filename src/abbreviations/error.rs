//! What can be wrong with an abbreviations file, said for the person who has to fix it: the
//! file, the line and column, and what to write instead. Some things are only doubtful (a
//! short form that is also a common word): those are warnings, and the file is still used.

use std::fmt;

/// An abbreviations file that could not be used. Nothing of it is used: a half-read table
/// would expand some short forms and not others.
pub type AbbreviationsError = crate::config_file::FileError<ProblemKind>;

/// One problem, or one warning, at one place in an abbreviations file.
pub type Problem = crate::config_file::Problem<ProblemKind>;

/// What is wrong. `short` is the short form as the file writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// Not TOML at all; `message` is the TOML parser's, or ours for a duplicate.
    Toml {
        message: String,
    },
    /// A key at the top of the file other than `prefix` and `[abbreviations]`.
    UnknownKey {
        name: String,
    },
    /// `abbreviations = "…"` instead of a `[abbreviations]` table.
    NotATable {
        found: &'static str,
    },
    PrefixNotText {
        found: &'static str,
    },
    /// A prefix that is not exactly one character.
    PrefixLength {
        prefix: String,
    },
    /// A prefix that would start a word or a tag itself, or is a space.
    PrefixCharacter {
        prefix: char,
    },
    /// A short form with a space, or with a character that ends a word.
    ShortFormCharacters {
        short: String,
    },
    EmptyShortForm,
    ExpansionNotText {
        short: String,
        found: &'static str,
    },
    EmptyExpansion {
        short: String,
    },
    /// A short form that is also a word typed on its own: it would expand where it was meant.
    CommonWord {
        short: String,
    },
}

impl crate::config_file::Kind for ProblemKind {
    /// A short form that is a common word is a doubt: the file is still used.
    fn is_warning(&self) -> bool {
        matches!(self, ProblemKind::CommonWord { .. })
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProblemKind::Toml { message } => write!(f, "this is not valid TOML: {message}"),
            ProblemKind::UnknownKey { name } => write!(
                f,
                "unknown key \"{name}\": the file holds `prefix = \"…\"` (optional) and an \
                 [abbreviations] table of short forms"
            ),
            ProblemKind::NotATable { found } => write!(
                f,
                "\"abbreviations\" must be a table, not {found}: write [abbreviations] on a \
                 line of its own, and its short forms on the lines below (ms = \"Member States\")"
            ),
            ProblemKind::PrefixNotText { found } => write!(
                f,
                "the prefix must be one character in quotes (prefix = \";\"), not {found}"
            ),
            ProblemKind::PrefixLength { prefix } => write!(
                f,
                "the prefix \"{prefix}\" must be exactly one character, such as \";\" or \"/\""
            ),
            ProblemKind::PrefixCharacter { prefix } => write!(
                f,
                "the prefix {prefix:?} cannot be used: it must be a sign that does not start \
                 a word or a tag, such as \";\" or \"/\" (not a letter, a digit, a space or #)"
            ),
            ProblemKind::ShortFormCharacters { short } => write!(
                f,
                "the short form \"{short}\" must be one word of letters and digits (- and _ \
                 allowed), with no spaces or punctuation: a space or a sign ends the word \
                 and expands it"
            ),
            ProblemKind::EmptyShortForm => f.write_str("a short form cannot be empty"),
            ProblemKind::ExpansionNotText { short, found } => write!(
                f,
                "the expansion of \"{short}\" must be a text in quotes, not {found}"
            ),
            ProblemKind::EmptyExpansion { short } => write!(
                f,
                "the expansion of \"{short}\" is empty: write what it stands for, or remove \
                 the line"
            ),
            ProblemKind::CommonWord { short } => write!(
                f,
                "the short form \"{short}\" is also a common word: typed on its own it will \
                 expand; choose a form you never type as a word (or set a prefix)"
            ),
        }
    }
}
