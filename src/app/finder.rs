//! The inscription finder: a few letters find a speaker on the session's roster or the
//! roster that ships with the app; a name found nowhere can be added on the spot.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::{Category, ParticipantId, SessionRecord};

/// How many matches the finder shows.
const SHOWN: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FinderChoice {
    /// Someone already on the session's roster.
    Participant(ParticipantId),
    /// An entry of the shipped roster, added to the session's roster when chosen.
    Roster { name: String, category: Category },
    /// A name found nowhere, added as typed.
    New { name: String, category: Category },
}

#[derive(Debug, Clone, Default)]
pub struct Finder {
    pub query: String,
    /// Matches, best first, each with the label to show.
    pub matches: Vec<(String, FinderChoice)>,
    pub selected: usize,
}

impl Finder {
    pub fn input(&mut self, key: KeyEvent) {
        match key.code {
            KeyCode::Char(c)
                if !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                self.query.push(c)
            }
            KeyCode::Backspace => {
                self.query.pop();
            }
            _ => {}
        }
    }

    pub fn select_next(&mut self) {
        if !self.matches.is_empty() {
            self.selected = (self.selected + 1).min(self.matches.len() - 1);
        }
    }

    pub fn select_previous(&mut self) {
        self.selected = self.selected.saturating_sub(1);
    }

    pub fn chosen(&self) -> Option<FinderChoice> {
        self.matches.get(self.selected).map(|(_, c)| c.clone())
    }

    /// Recomputes the matches for the query.
    pub fn refresh(&mut self, record: &SessionRecord) {
        let query = fold(self.query.trim());
        let mut scored: Vec<(u8, String, FinderChoice)> = Vec::new();
        for p in &record.participants {
            if let Some(score) = score(&query, &[p.name.as_str()]) {
                scored.push((
                    score,
                    format!("{} ({})", p.name, p.category.label()),
                    FinderChoice::Participant(p.id),
                ));
            }
        }
        for entry in crate::roster::builtin() {
            if record.find_participant(entry.name).is_some() {
                continue;
            }
            let names: Vec<&str> = std::iter::once(entry.name)
                .chain(entry.aliases.iter().copied())
                .collect();
            if let Some(score) = score(&query, &names) {
                scored.push((
                    score + 1,
                    format!("{} ({})", entry.name, entry.category.label()),
                    FinderChoice::Roster {
                        name: entry.name.to_string(),
                        category: entry.category,
                    },
                ));
            }
        }
        scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        // A name matched exactly (score 0 on the session, 1 on the shipped roster) needs no
        // offer to add it again.
        let exact = scored.first().is_some_and(|(score, _, _)| *score <= 1);
        self.matches = scored
            .into_iter()
            .take(SHOWN)
            .map(|(_, label, choice)| (label, choice))
            .collect();
        let typed = self.query.trim();
        if !typed.is_empty() && !exact {
            self.matches.push((
                format!("+ add \"{typed}\" to the roster (other)"),
                FinderChoice::New {
                    name: typed.to_string(),
                    category: Category::Other,
                },
            ));
        }
        self.selected = self.selected.min(self.matches.len().saturating_sub(1));
    }
}

/// Lower-case, with the accents of Latin letters taken off, so "turkiye" finds "Türkiye".
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            c => c,
        })
        .collect()
}

/// Lower is better: an exact name, then a name starting with the query, then a word
/// starting with it, then anywhere in it. `None` when nothing matches.
fn score(query: &str, names: &[&str]) -> Option<u8> {
    if query.is_empty() {
        return Some(50);
    }
    names
        .iter()
        .filter_map(|name| {
            let name = fold(name);
            if name == query {
                Some(0)
            } else if name.starts_with(query) {
                Some(10)
            } else if name
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w.starts_with(query))
            {
                Some(20)
            } else if name.contains(query) {
                Some(30)
            } else {
                None
            }
        })
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_fold_away() {
        assert_eq!(fold("Türkiye"), "turkiye");
        assert_eq!(fold("Côte d'Ivoire"), "cote d'ivoire");
    }

    #[test]
    fn better_matches_score_lower() {
        assert_eq!(score("france", &["France"]), Some(0));
        assert_eq!(score("fra", &["France"]), Some(10));
        assert_eq!(score("kingdom", &["United Kingdom"]), Some(20));
        assert_eq!(score("ngdo", &["United Kingdom"]), Some(30));
        assert_eq!(score("xyz", &["France"]), None);
        assert_eq!(score("uk", &["United Kingdom", "UK"]), Some(0));
    }
}
