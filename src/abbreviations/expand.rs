//! Where a short form ends and what it becomes: pure rules on the text before a word
//! boundary, so the editor only has to swap the characters.

use super::{is_short_form_char, InForce};

/// Whether typing `c` ends a word, and so expands a short form just before it.
pub fn is_boundary(c: char) -> bool {
    c.is_whitespace() || ".,;:!?)]}\"'”’»".contains(c)
}

/// What may stand right before a short form (or its prefix): nothing, a space, or an opening
/// sign. Anything else ("tips", "#tip", "un.org/tip", "a@tip") makes it part of something
/// else, never to be expanded.
fn may_precede(c: char) -> bool {
    c.is_whitespace() || "([{\"'“‘«—–".contains(c)
}

/// A short form found at the end of a text, and what replaces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Where the short form starts (its prefix, if one is required), in characters.
    pub start: usize,
    /// The short form as typed, with its prefix.
    pub typed: String,
    pub expansion: String,
}

/// The short form that ends `before` (the text of a line up to a boundary just typed), if
/// the abbreviations in force expand it there.
pub fn word_before(before: &str, in_force: &InForce<'_>) -> Option<Found> {
    let chars: Vec<char> = before.chars().collect();
    let end = chars.len();
    let word_start = chars
        .iter()
        .rposition(|c| !is_short_form_char(*c))
        .map_or(0, |i| i + 1);
    if word_start == end {
        return None;
    }
    let start = match in_force.prefix() {
        Some(prefix) if word_start > 0 && chars[word_start - 1] == prefix => word_start - 1,
        Some(_) => return None,
        None => word_start,
    };
    if start > 0 && !may_precede(chars[start - 1]) {
        return None;
    }
    // Not in a link or an address, whatever signs open it.
    let token_start = chars[..start]
        .iter()
        .rposition(|c| c.is_whitespace())
        .map_or(0, |i| i + 1);
    let token: String = chars[token_start..end].iter().collect();
    if token.contains("://") || token.contains("www.") || token.contains('@') {
        return None;
    }
    let word: String = chars[word_start..end].iter().collect();
    let expansion = in_force.expansion(&word)?;
    let typed: String = chars[start..end].iter().collect();
    (expansion != typed).then_some(Found {
        start,
        typed,
        expansion,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abbreviations::Table;
    use std::collections::BTreeMap;

    fn user(prefix: Option<char>) -> Table {
        Table {
            prefix,
            entries: [("ms", "Member States"), ("tip", "trafficking in persons")]
                .iter()
                .map(|(s, e)| (s.to_string(), e.to_string()))
                .collect(),
        }
    }

    fn expanded(before: &str, prefix: Option<char>) -> Option<(usize, String, String)> {
        let user = user(prefix);
        let none = BTreeMap::new();
        word_before(before, &InForce::new(&user, &none)).map(|f| (f.start, f.typed, f.expansion))
    }

    #[test]
    fn a_short_form_at_the_end_expands() {
        assert_eq!(
            expanded("agreed on tip", None),
            Some((10, "tip".into(), "trafficking in persons".into()))
        );
        assert_eq!(expanded("ms", None).unwrap().0, 0);
        assert_eq!(expanded("(ms", None).unwrap().0, 1);
        assert_eq!(expanded("said “ms", None).unwrap().2, "Member States");
        assert_eq!(expanded("Ms", None).unwrap().2, "Member States");
    }

    #[test]
    fn never_inside_a_word_a_tag_or_a_link() {
        for before in [
            "tips",
            "atip",
            "#tip",
            "#ms",
            "un.org/tip",
            "https://tip",
            "www.(tip",
            "me@ms",
            "x.ms",
            "x-ms",
            "",
            "agreed ",
        ] {
            assert_eq!(expanded(before, None), None, "{before:?}");
        }
    }

    #[test]
    fn with_a_prefix_only_the_prefixed_form_expands() {
        assert_eq!(expanded("agreed on tip", Some(';')), None);
        assert_eq!(
            expanded("agreed on ;tip", Some(';')),
            Some((10, ";tip".into(), "trafficking in persons".into()))
        );
        assert_eq!(expanded(";ms", Some(';')).unwrap().0, 0);
        assert_eq!(expanded("x;ms", Some(';')), None);
        assert_eq!(expanded("#;ms", Some(';')), None);
    }

    #[test]
    fn boundaries_are_spaces_and_closing_signs() {
        for c in [' ', '\n', '.', ',', ';', ':', '!', '?', ')', '"'] {
            assert!(is_boundary(c), "{c:?}");
        }
        for c in ['a', '1', '-', '_', '#', '/', '('] {
            assert!(!is_boundary(c), "{c:?}");
        }
    }

    proptest::proptest! {
        /// Any text from outside, any table: no panic, and what is found is the end of the
        /// text, where the short form was typed.
        #[test]
        fn what_is_found_is_the_end_of_the_text(
            before in "\\PC{0,40}",
            entries in proptest::collection::btree_map("\\PC{1,4}", "\\PC{0,8}", 0..4),
            prefix in proptest::option::of(proptest::char::any()),
        ) {
            let user = Table { prefix, entries };
            let none = BTreeMap::new();
            if let Some(found) = word_before(&before, &InForce::new(&user, &none)) {
                let chars: Vec<char> = before.chars().collect();
                let tail: String = chars[found.start..].iter().collect();
                proptest::prop_assert_eq!(tail, found.typed);
            }
        }
    }
}
