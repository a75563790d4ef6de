//! Reading one abbreviations file into a table, with every problem placed at its line and
//! column. A file is read whole before anything of it is used.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::error::{AbbreviationsError, Problem, ProblemKind};
use super::{is_short_form_char, Table};
use crate::config_file::Kind as _;

/// A table read from a file, with what looked doubtful in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub table: Table,
    pub warnings: Vec<Problem>,
}

/// Words typed on their own in any record: a short form that is one of them expands where
/// the word was meant. Lower case.
const COMMON_WORDS: &[&str] = &[
    "a", "i", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me", "my",
    "no", "of", "on", "or", "so", "to", "up", "us", "we", "all", "and", "any", "are", "but", "can",
    "did", "for", "had", "has", "her", "him", "his", "how", "its", "may", "new", "not", "now",
    "one", "our", "out", "per", "she", "the", "two", "was", "who", "why", "yes", "also", "been",
    "from", "have", "into", "more", "most", "must", "only", "some", "such", "than", "that", "them",
    "then", "they", "this", "very", "were", "what", "when", "will", "with", "said", "says", "made",
    "make", "should", "would", "could", "which", "there", "their", "these", "those", "other",
    "where", "while", "about", "after", "under", "over",
];

/// Whether `short` is a word people type on its own.
pub fn is_common_word(short: &str) -> bool {
    COMMON_WORDS.contains(&short.to_lowercase().as_str())
}

/// The table of a file, or every problem it has. `file` names the file in messages.
pub fn parse_file(text: &str, file: &str) -> Result<Parsed, AbbreviationsError> {
    let mut reader = Reader {
        text,
        file,
        problems: Vec::new(),
        warnings: Vec::new(),
    };
    let table = match DeTable::parse(text) {
        Ok(document) => reader.document(document.get_ref()),
        Err(error) => {
            reader.toml_error(&error);
            Table::default()
        }
    };
    if reader.problems.is_empty() {
        Ok(Parsed {
            table,
            warnings: reader.warnings,
        })
    } else {
        Err(AbbreviationsError::Invalid(reader.problems))
    }
}

struct Reader<'a> {
    text: &'a str,
    file: &'a str,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
}

impl Reader<'_> {
    fn problem(&mut self, span: Range<usize>, kind: ProblemKind) {
        let problem = Problem::at(self.file, self.text, span.start, kind);
        if problem.kind.is_warning() {
            self.warnings.push(problem);
        } else {
            self.problems.push(problem);
        }
    }

    fn toml_error(&mut self, error: &toml::de::Error) {
        let span = error.span().unwrap_or(0..0);
        let mut message = error.message().to_string();
        if message == "duplicate key" {
            // The parser does not say which: the span covers it.
            let written = self
                .text
                .get(span.clone())
                .unwrap_or_default()
                .trim_matches('"');
            message = format!(
                "the short form \"{written}\" is written twice: keep one of the two lines \
                 (each short form, and the [abbreviations] table, is written once)"
            );
        }
        self.problem(span, ProblemKind::Toml { message });
    }

    fn document(&mut self, document: &DeTable<'_>) -> Table {
        let mut table = Table::default();
        let mut entries = None;
        let mut items: Vec<_> = document.iter().collect();
        items.sort_by_key(|(key, _)| key.span().start);
        for (name, value) in items {
            match name.get_ref().as_ref() {
                "prefix" => table.prefix = self.prefix(value.get_ref(), value.span()),
                "abbreviations" => match value.get_ref() {
                    DeValue::Table(t) => entries = Some(t),
                    other => self.problem(
                        name.span(),
                        ProblemKind::NotATable {
                            found: crate::config_file::what_value(other),
                        },
                    ),
                },
                other => self.problem(
                    name.span(),
                    ProblemKind::UnknownKey {
                        name: other.to_string(),
                    },
                ),
            }
        }
        if let Some(entries) = entries {
            table.entries = self.entries(entries, table.prefix.is_some());
        }
        table
    }

    fn prefix(&mut self, value: &DeValue<'_>, span: Range<usize>) -> Option<char> {
        let DeValue::String(text) = value else {
            self.problem(
                span,
                ProblemKind::PrefixNotText {
                    found: crate::config_file::what_value(value),
                },
            );
            return None;
        };
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_alphanumeric() || c.is_whitespace() || c == '#' => {
                self.problem(span, ProblemKind::PrefixCharacter { prefix: c });
                None
            }
            (Some(c), None) => Some(c),
            _ => {
                let prefix = text.to_string();
                self.problem(span, ProblemKind::PrefixLength { prefix });
                None
            }
        }
    }

    fn entries(&mut self, entries: &DeTable<'_>, prefixed: bool) -> BTreeMap<String, String> {
        let mut table = BTreeMap::new();
        let mut items: Vec<_> = entries.iter().collect();
        items.sort_by_key(|(key, _)| key.span().start);
        for (short, value) in items {
            let span = short.span();
            let short = short.get_ref().to_string();
            if short.is_empty() {
                self.problem(span, ProblemKind::EmptyShortForm);
                continue;
            }
            let short_ok = short.chars().all(is_short_form_char);
            if !short_ok {
                let kind = ProblemKind::ShortFormCharacters {
                    short: short.clone(),
                };
                self.problem(span.clone(), kind);
            }
            let expansion = match value.get_ref() {
                DeValue::String(s) if s.trim().is_empty() => {
                    let kind = ProblemKind::EmptyExpansion {
                        short: short.clone(),
                    };
                    self.problem(value.span(), kind);
                    continue;
                }
                DeValue::String(s) => s.to_string(),
                other => {
                    let kind = ProblemKind::ExpansionNotText {
                        short: short.clone(),
                        found: crate::config_file::what_value(other),
                    };
                    self.problem(value.span(), kind);
                    continue;
                }
            };
            if !short_ok {
                continue;
            }
            if !prefixed && is_common_word(&short) {
                let kind = ProblemKind::CommonWord {
                    short: short.clone(),
                };
                self.problem(span, kind);
            }
            table.insert(short, expansion);
        }
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        match parse_file(text, "a.toml") {
            Ok(_) => Vec::new(),
            Err(e) => e.problems().iter().map(|p| p.to_string()).collect(),
        }
    }

    fn warnings(text: &str) -> Vec<String> {
        let parsed = parse_file(text, "a.toml").unwrap();
        parsed.warnings.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn a_good_file_is_read_whole() {
        let parsed = parse_file(
            "# mine\nprefix = \";\"\n[abbreviations]\nms = \"Member States\"\ntip = \"trafficking in persons\"\n",
            "a.toml",
        )
        .unwrap();
        assert_eq!(parsed.table.prefix, Some(';'));
        assert_eq!(parsed.table.entries["ms"], "Member States");
        assert_eq!(parsed.table.entries.len(), 2);
        assert!(parsed.warnings.is_empty());
    }

    #[test]
    fn a_short_form_with_a_space_or_a_sign_is_refused_where_it_is() {
        let found = problems("[abbreviations]\nok = \"fine\"\n\"m s\" = \"Member States\"\n\"e.g\" = \"for example\"\n");
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].starts_with("a.toml:3:1: the short form \"m s\" must be one word"));
        assert!(found[1].starts_with("a.toml:4:1: the short form \"e.g\""));
    }

    #[test]
    fn an_empty_expansion_or_short_form_is_refused() {
        let found = problems("[abbreviations]\nms = \"\"\n\"\" = \"x\"\nsr = 3\n");
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].starts_with("a.toml:2:6: the expansion of \"ms\" is empty"));
        assert!(found[1].starts_with("a.toml:3:1: a short form cannot be empty"));
        assert!(found[2].starts_with("a.toml:4:6: the expansion of \"sr\" must be a text"));
    }

    #[test]
    fn a_duplicate_is_named_in_our_words() {
        let found = problems("[abbreviations]\nms = \"Member States\"\nms = \"Ms.\"\n");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with(
                "a.toml:3:1: this is not valid TOML: the short form \"ms\" is written twice"
            ),
            "{found:?}"
        );
    }

    #[test]
    fn a_common_word_is_a_warning_not_a_refusal() {
        let found =
            warnings("[abbreviations]\nin = \"international\"\nsr = \"Special Rapporteur\"\n");
        assert_eq!(
            found,
            ["a.toml:2:1: warning: the short form \"in\" is also a common word: typed on its own it will expand; choose a form you never type as a word (or set a prefix)"]
        );
        // With a prefix, the word typed on its own never expands.
        assert!(warnings("prefix = \";\"\n[abbreviations]\nin = \"international\"\n").is_empty());
    }

    #[test]
    fn a_prefix_is_one_sign() {
        let found = problems("prefix = \";;\"\n");
        assert!(found[0].starts_with("a.toml:1:10: the prefix \";;\" must be exactly one"));
        assert!(problems("prefix = \"x\"\n")[0].contains("cannot be used"));
        assert!(problems("prefix = \"#\"\n")[0].contains("cannot be used"));
        assert!(problems("prefix = \"\"\n")[0].contains("exactly one"));
        assert!(problems("prefix = 1\n")[0].contains("not a number"));
    }

    #[test]
    fn unknown_keys_and_misplaced_tables_are_named() {
        let found = problems("prefx = \";\"\nabbreviations = \"ms\"\n");
        assert_eq!(found.len(), 2);
        assert!(found[0].starts_with("a.toml:1:1: unknown key \"prefx\""));
        assert!(found[1].starts_with("a.toml:2:1: \"abbreviations\" must be a table"));
    }

    #[test]
    fn broken_toml_says_where() {
        let found = problems("[abbreviations]\nms = Member States\n");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with("a.toml:2:6: this is not valid TOML: "),
            "{found:?}"
        );
    }
}
