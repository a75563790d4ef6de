//! Reading one keymap file into bindings, with every problem placed at its line and column.
//! A file is read whole before anything of it is used.

use std::collections::HashMap;
use std::ops::Range;

use toml::de::{DeString, DeTable, DeValue};
use toml::Spanned;

use super::error::{KeymapError, Problem, ProblemKind};
use super::key::Key;
use super::{suggest, Context};
use crate::action::Action;

/// One `"key" = "action"` line of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Entry {
    pub context: Context,
    pub key: Key,
    pub actions: Vec<Action>,
    /// Where the key is in the file, to keep the file's order.
    pub offset: usize,
}

/// The bindings of a file, in the order of the file, or every problem it has.
pub(super) fn parse_file(text: &str, file: &str) -> Result<Vec<Entry>, KeymapError> {
    let mut reader = Reader {
        text,
        file,
        problems: Vec::new(),
    };
    let entries = match DeTable::parse(text) {
        Ok(document) => reader.document(document.get_ref()),
        Err(error) => {
            reader.toml_error(&error);
            Vec::new()
        }
    };
    if reader.problems.is_empty() {
        Ok(entries)
    } else {
        Err(KeymapError::Invalid(reader.problems))
    }
}

struct Reader<'a> {
    text: &'a str,
    file: &'a str,
    problems: Vec<Problem>,
}

type Item<'t, 'i> = (&'t Spanned<DeString<'i>>, &'t Spanned<DeValue<'i>>);

/// The entries of a table in the order the file writes them (the parser sorts them by name).
fn in_file_order<'t, 'i>(table: &'t DeTable<'i>) -> Vec<Item<'t, 'i>> {
    let mut items: Vec<Item<'t, 'i>> = table.iter().collect();
    items.sort_by_key(|(key, _)| key.span().start);
    items
}

impl Reader<'_> {
    fn problem(&mut self, span: Range<usize>, kind: ProblemKind) {
        self.problems
            .push(Problem::at(self.file, self.text, span.start, kind));
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
            message =
                format!("duplicate key \"{written}\" (a key, or a [table], is written only once)");
        }
        self.problem(span, ProblemKind::Toml { message });
    }

    fn document(&mut self, document: &DeTable<'_>) -> Vec<Entry> {
        let mut entries = Vec::new();
        for (name, value) in in_file_order(document) {
            let Some(context) = Context::from_name(name.get_ref()) else {
                let names = Context::ALL.map(Context::name);
                self.problem(
                    name.span(),
                    ProblemKind::UnknownContext {
                        name: name.get_ref().to_string(),
                        suggestions: suggest::closest(name.get_ref(), names),
                    },
                );
                continue;
            };
            match value.get_ref() {
                DeValue::Table(table) => self.table(context, table, &mut entries),
                _ => self.problem(name.span(), ProblemKind::ContextNotATable { context }),
            }
        }
        entries
    }

    fn table(&mut self, context: Context, table: &DeTable<'_>, entries: &mut Vec<Entry>) {
        // Each key already bound in this table, as written and on which line.
        let mut seen: HashMap<Key, (String, usize)> = HashMap::new();
        for (written, value) in in_file_order(table) {
            let span = written.span();
            let written = written.get_ref().to_string();
            if let DeValue::Table(_) = value.get_ref() {
                // `ctrl.n = …` or `[global.x]`: a dotted key, not a key name to read.
                let kind = ProblemKind::NotAnAction {
                    key: written,
                    context,
                    found: crate::config_file::what_value(value.get_ref()),
                    in_list: false,
                };
                self.problem(span, kind);
                continue;
            }
            let key = match Key::parse(&written) {
                Ok(key) => Some(key),
                Err(error) => {
                    let kind = ProblemKind::UnknownKey {
                        key: written.clone(),
                        context,
                        error,
                    };
                    self.problem(span.clone(), kind);
                    None
                }
            };
            let key = key.filter(|key| {
                if context.is_typing() && key.is_plain_character() {
                    let alternative = Key { alt: true, ..*key }.to_string();
                    let kind = ProblemKind::PlainCharacter {
                        key: written.clone(),
                        context,
                        alternative,
                    };
                    self.problem(span.clone(), kind);
                    return false;
                }
                true
            });
            let key = key.filter(|key| {
                if let Some((first, first_line)) = seen.get(key) {
                    let kind = ProblemKind::DuplicateKey {
                        key: written.clone(),
                        context,
                        first: first.clone(),
                        first_line: *first_line,
                    };
                    self.problem(span.clone(), kind);
                    return false;
                }
                true
            });
            if let Some(key) = key {
                let line = crate::config_file::line_column(self.text, span.start).0;
                seen.insert(key, (written.clone(), line));
            }
            let actions = self.actions(context, &written, value);
            if let (Some(key), Some(actions)) = (key, actions) {
                entries.push(Entry {
                    context,
                    key,
                    actions,
                    offset: span.start,
                });
            }
        }
    }

    /// The actions of one value: a name, or a list of names that run in order.
    fn actions(
        &mut self,
        context: Context,
        key: &str,
        value: &Spanned<DeValue<'_>>,
    ) -> Option<Vec<Action>> {
        match value.get_ref() {
            DeValue::String(name) => self.action(context, name, value.span()).map(|a| vec![a]),
            DeValue::Array(list) if list.is_empty() => {
                let kind = ProblemKind::EmptyList {
                    key: key.to_string(),
                    context,
                };
                self.problem(value.span(), kind);
                None
            }
            DeValue::Array(list) => {
                let mut actions = Some(Vec::new());
                for item in list.iter() {
                    let action = match item.get_ref() {
                        DeValue::String(name) => self.action(context, name, item.span()),
                        other => {
                            let kind = ProblemKind::NotAnAction {
                                key: key.to_string(),
                                context,
                                found: crate::config_file::what_value(other),
                                in_list: true,
                            };
                            self.problem(item.span(), kind);
                            None
                        }
                    };
                    if action == Some(Action::Noop) && list.len() > 1 {
                        let kind = ProblemKind::NoopInList {
                            key: key.to_string(),
                            context,
                        };
                        self.problem(item.span(), kind);
                        actions = None;
                    }
                    match (&mut actions, action) {
                        (Some(list), Some(action)) => list.push(action),
                        _ => actions = None,
                    }
                }
                actions
            }
            other => {
                let kind = ProblemKind::NotAnAction {
                    key: key.to_string(),
                    context,
                    found: crate::config_file::what_value(other),
                    in_list: false,
                };
                self.problem(value.span(), kind);
                None
            }
        }
    }

    fn action(&mut self, context: Context, name: &str, span: Range<usize>) -> Option<Action> {
        let action = Action::from_name(name);
        if action.is_none() {
            let names = Action::ALL.map(Action::name);
            let kind = ProblemKind::UnknownAction {
                name: name.to_string(),
                context,
                suggestions: suggest::closest(name, names),
            };
            self.problem(span, kind);
        }
        action
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        match parse_file(text, "k.toml") {
            Ok(_) => Vec::new(),
            Err(e) => e.problems().iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn entries_in_file_order_with_lists() {
        let text = "[speakers]\n\"z\" = \"quit\"\n\"a\" = [\"inscribe\", \"focus_notes\"]\n";
        let entries = parse_file(text, "k.toml").unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].key, Key::parse("z").unwrap());
        assert_eq!(entries[1].actions, [Action::Inscribe, Action::FocusNotes]);
        assert!(entries[0].offset < entries[1].offset);
    }

    #[test]
    fn every_problem_is_reported_in_file_order() {
        let text = "[speakers]\n\"x\" = \"giv_floor\"\n\"hyper-x\" = \"quit\"\n[notes]\n\"q\" = \"quit\"\n";
        let found = problems(text);
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].starts_with(
            "k.toml:2:7: unknown action \"giv_floor\" in [speakers]; did you mean \"give_floor\"?"
        ));
        assert!(found[1].starts_with("k.toml:3:1: unknown key \"hyper-x\""));
        assert!(found[2].starts_with("k.toml:5:1: \"q\" cannot be bound in [notes]"));
    }

    #[test]
    fn the_same_key_written_two_ways_is_a_duplicate() {
        let found = problems("[global]\n\"ctrl-q\" = \"quit\"\n\"Ctrl-Q\" = \"quit\"\n");
        assert_eq!(
            found,
            ["k.toml:3:1: \"Ctrl-Q\" is bound twice in [global]: it is the same key as \"ctrl-q\" on line 2"]
        );
        let found = problems("[speakers]\n\"shift-a\" = \"quit\"\nA = \"quit\"\n");
        assert_eq!(found.len(), 1);
        // The same key in two tables is fine.
        assert!(
            problems("[speakers]\n\"ctrl-q\" = \"quit\"\n[global]\n\"ctrl-q\" = \"quit\"\n")
                .is_empty()
        );
    }

    #[test]
    fn plain_characters_are_refused_only_where_text_is_typed() {
        for context in ["global", "notes", "finder"] {
            for key in ["q", "Q", "shift-q", "space", "?"] {
                let text = format!("[{context}]\n\"{key}\" = \"quit\"\n");
                assert_eq!(problems(&text).len(), 1, "{text}");
            }
            assert!(problems(&format!("[{context}]\n\"alt-q\" = \"quit\"\n")).is_empty());
        }
        for context in ["speakers", "help"] {
            assert!(problems(&format!(
                "[{context}]\n\"q\" = \"quit\"\nspace = \"quit\"\n"
            ))
            .is_empty());
        }
    }

    #[test]
    fn values_must_be_names_or_lists_of_names() {
        let found = problems(
            "[global]\nf5 = 5\nf6 = []\nf7 = [\"quit\", true]\nf8 = [\"noop\", \"quit\"]\n",
        );
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(
            found[0].starts_with("k.toml:2:6: \"f5\" in [global] must be bound to an action name")
        );
        assert!(found[0].ends_with("not to a number"));
        assert!(found[1].contains("empty list"));
        assert!(found[2].starts_with("k.toml:4:15: the list for \"f7\""));
        assert!(found[3].contains("\"noop\" cannot be part of the list"));
        assert!(problems("[global]\nf8 = [\"noop\"]\n").is_empty());
    }

    #[test]
    fn tables_must_be_contexts() {
        let found = problems("[speaker]\n\"x\" = \"quit\"\n");
        assert_eq!(
            found,
            ["k.toml:1:2: unknown table [speaker]; did you mean [speakers]?"]
        );
        let found = problems("global = \"quit\"\n");
        assert!(found[0].starts_with("k.toml:1:1: \"global\" must be a table"));
    }

    #[test]
    fn broken_toml_says_where() {
        let found = problems("[global]\n\"f5\" = give_floor\n");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with("k.toml:2:8: this is not valid TOML: "),
            "{found:?}"
        );
        let found = problems("[global]\nf5 = \"quit\"\nf5 = \"quit\"\n");
        assert!(found[0].starts_with("k.toml:3:1: this is not valid TOML: duplicate key \"f5\""));
    }
}
