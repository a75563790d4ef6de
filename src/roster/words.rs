//! The finder's words, read once from `words.toml` (embedded in the binary): the words that
//! tell a new name's category, and the groups delegations speak for.

use std::sync::OnceLock;

use serde::Deserialize;

use super::search_key;
use crate::domain::Category;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Words {
    category_words: CategoryWords,
    groups: Vec<Group>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryWords {
    ngo: Vec<String>,
    academia: Vec<String>,
    academia_beginnings: Vec<String>,
    private_sector: Vec<String>,
}

/// A group one speaks for, with the short forms people type.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub name: String,
    pub aliases: Vec<String>,
}

const WORDS: &str = include_str!("words.toml");

fn read(text: &str) -> Result<Words, toml::de::Error> {
    toml::from_str(text)
}

fn words() -> &'static Words {
    static WORDS_READ: OnceLock<Words> = OnceLock::new();
    // The file is part of the binary and a test reads it: it cannot fail here.
    WORDS_READ.get_or_init(|| read(WORDS).expect("src/roster/words.toml parses (see its test)"))
}

/// The groups delegations speak for at UN meetings, in the order they are suggested.
pub fn common_groups() -> &'static [Group] {
    &words().groups
}

/// The category a new name most likely has, from the words in it: an NGO for a "Network" or
/// a "Foundation", academia for a "University" or an "Institute", the private sector for a
/// "Ltd", otherwise "other". The first telling word decides.
pub fn likely_category(name: &str) -> Category {
    let telling = &words().category_words;
    for word in search_key(name).split(' ') {
        // Plurals too: "Networks", "Universities" (whose beginning "universit" is enough).
        let is = |list: &[String]| {
            list.iter()
                .any(|w| word == w || word.strip_suffix('s') == Some(w.as_str()))
        };
        if is(&telling.ngo) {
            return Category::Ngo;
        }
        if is(&telling.academia)
            || telling
                .academia_beginnings
                .iter()
                .any(|b| word.starts_with(b.as_str()))
        {
            return Category::Academia;
        }
        if is(&telling.private_sector) {
            return Category::PrivateSector;
        }
    }
    Category::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_words_parse_and_are_in_search_form() {
        let words = read(WORDS).unwrap_or_else(|e| panic!("src/roster/words.toml: {e}"));
        let telling = &words.category_words;
        for word in telling
            .ngo
            .iter()
            .chain(&telling.academia)
            .chain(&telling.academia_beginnings)
            .chain(&telling.private_sector)
        {
            assert_eq!(&search_key(word), word, "a word not in search form");
        }
        assert_eq!(words.groups.len(), 22);
        assert_eq!(
            words.groups[0],
            Group {
                name: "European Union".into(),
                aliases: vec!["EU".into()]
            }
        );
    }

    #[test]
    fn a_word_list_with_a_mistake_is_refused_with_where() {
        let e = read("[category_words]\nngo = [\"network\"]\nacademia = 3\n")
            .expect_err("a number is not a list of words");
        assert!(e.to_string().contains("line 3"), "{e}");
    }
}
