//! The finder's ranking: which speakers and groups match what was typed, best first.
//!
//! Matching compares names in their search form (`search_key`: no case, no accents, no dots
//! or apostrophes), so "cote divoire", "U.K." and "turkiye" all find their delegation. An
//! exact name, alias or ISO code comes first, then names starting with what was typed, then
//! names with words starting so ("korea", "rep korea"), then names whose initials were typed
//! ("unodc"), then whole names mistyped by a letter or two ("grmany"), then names containing
//! it ("stan"), then the fuzzy matches of `nucleo-matcher`
//! by score ("grmany"); at equal rank the session's own participants come before the shipped
//! roster.
//!
//! The first five are good matches: what was typed plainly names the entry. The others are
//! weak — letters found scattered across a long name ("Terre des Hommes" in the Office of the
//! High Commissioner for Refugees) — and Enter never takes a weak match on its own: the offer
//! to add the typed name as a new participant comes before them (`Fit`).

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::HashSet;
use std::sync::OnceLock;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::chairs::chairs_to_add;
use super::{search_key, RosterEntry};
use crate::domain::{Category, ParticipantId, SessionRecord};

/// How many matches (and group suggestions) the finder shows.
pub const SHOWN: usize = 8;

/// Who was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Speaker {
    /// Someone already on the session's roster.
    Existing(ParticipantId),
    /// Someone to add to the session's roster: from the shipped roster, or typed.
    New {
        name: String,
        category: Category,
        organisation: Option<String>,
    },
}

/// A group the speaker may speak for, as suggested under the "On behalf of" field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupSuggestion {
    pub name: String,
    /// Someone already spoke (or is inscribed) on behalf of it in this session.
    pub used_in_session: bool,
}

/// Where a candidate comes from: the session's roster ranks before the shipped one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Origin {
    Session,
    Shipped,
}

/// How a name matched what was typed, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    Exact,
    Prefix,
    /// Every typed word begins a word of the name, in order: "korea", "arab", "rep korea".
    WordPrefix,
    /// The initials of the name's words, with or without its small words: "unodc", "icpo".
    Acronym,
    /// A whole name mistyped by a letter (two in a long name): "grmany", "philipines".
    Typo,
    /// What was typed appears as it is inside the name: "stan", "land".
    Substring,
    Fuzzy,
}

impl Tier {
    /// Whether what was typed plainly names the entry, so that Enter may take it.
    fn is_good(self) -> bool {
        self <= Tier::Typo
    }
}

/// How well the best of the matches fits what was typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// A name, short form or code typed whole: nothing new to offer.
    Exact,
    /// The first `n` matches name what was typed plainly; those after them are weak.
    Good(usize),
    /// No match names what was typed plainly (or there is none): the typed name is offered
    /// first, as a new participant.
    Weak,
}

/// The speakers matching what was typed, best first, and how well they fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub matches: Vec<(String, Speaker)>,
    pub fit: Fit,
}

/// Whether `typed` plainly names `name` (or one of its short forms, or its ISO code, when it
/// is on the shipped roster) by the finder's rules: the whole name, its start, the starts of
/// its words in order, its initials — never letters scattered across it.
pub fn names_plainly(typed: &str, name: &str) -> bool {
    let query = search_key(typed);
    if query.is_empty() {
        return false;
    }
    let keys = Keys::of(name);
    let pattern = Pattern::parse(&query, CaseMatching::Ignore, Normalization::Smart);
    MATCHER.with_borrow_mut(|matcher| {
        best_hit(&query, &pattern, &keys, matcher, &mut Vec::new())
            .is_some_and(|hit| hit.tier.is_good())
    })
}

/// The search forms a candidate is found by: its names and aliases, and the code that finds
/// it only when typed whole.
#[derive(Debug, Clone, Default)]
struct Keys {
    names: Vec<String>,
    code: Option<String>,
}

impl Keys {
    fn of(name: &str) -> Keys {
        let mut keys = Keys {
            names: vec![search_key(name)],
            code: None,
        };
        if let Some(entry) = super::lookup_exact(name) {
            keys.names.extend(entry.names().map(search_key));
            keys.code = super::iso_code(entry.name).map(search_key);
        }
        keys
    }

    fn of_entry(entry: &RosterEntry) -> Keys {
        Keys {
            names: entry.names().map(search_key).collect(),
            code: super::iso_code(entry.name).map(search_key),
        }
    }
}

/// How well one candidate matched: its best name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hit {
    tier: Tier,
    score: u32,
    /// Length of the name that matched: at equal rank the shorter is the closer.
    len: usize,
}

/// What the matches are sorted by: tier, fuzzy score (in the fuzzy tier only), origin, score,
/// length of the name that matched.
type RankKey = (Tier, Reverse<u32>, Origin, Reverse<u32>, usize);

impl Hit {
    /// The order of the list. A fuzzy score is part of the rank; among exact names and
    /// among prefixes only the origin and length tell them apart.
    fn sort_key(&self, origin: Origin) -> RankKey {
        let fuzzy = if self.tier == Tier::Fuzzy {
            self.score
        } else {
            0
        };
        (
            self.tier,
            Reverse(fuzzy),
            origin,
            Reverse(self.score),
            self.len,
        )
    }
}

thread_local! {
    /// The matcher allocates its scratch space once; every keystroke reuses it.
    static MATCHER: RefCell<Matcher> = RefCell::new(Matcher::new(Config::DEFAULT));
}

/// The search forms of every name, alias and code of the shipped roster, computed once.
fn shipped_keys() -> &'static [Keys] {
    static KEYS: OnceLock<Vec<Keys>> = OnceLock::new();
    KEYS.get_or_init(|| super::builtin().iter().map(Keys::of_entry).collect())
}

/// The best way any of `keys` matches the typed `query` (in search form).
fn best_hit(
    query: &str,
    pattern: &Pattern,
    keys: &Keys,
    matcher: &mut Matcher,
    buf: &mut Vec<char>,
) -> Option<Hit> {
    // Two letters inside a name mean little ("nl" in "Finland"); as initials they do.
    let long_enough = query.chars().count() >= 3;
    let code = keys
        .code
        .as_deref()
        .filter(|code| *code == query)
        .map(|code| Hit {
            tier: Tier::Exact,
            score: 0,
            len: code.chars().count(),
        });
    keys.names
        .iter()
        .filter_map(|key| {
            let score = pattern.score(Utf32Str::new(key, buf), matcher);
            let tier = if key == query {
                Tier::Exact
            } else if key.starts_with(query) {
                Tier::Prefix
            } else if words_begin_words_in_order(query, key) {
                Tier::WordPrefix
            } else if is_acronym_of(query, key) {
                Tier::Acronym
            } else if is_typo_of(query, key) {
                Tier::Typo
            } else if long_enough && key.contains(query) {
                Tier::Substring
            } else {
                score?;
                Tier::Fuzzy
            };
            Some(Hit {
                tier,
                score: score.unwrap_or(0),
                len: key.chars().count(),
            })
        })
        .chain(code)
        .min_by_key(|hit| hit.sort_key(Origin::Session))
}

/// Words an acronym may leave out: "UNODC" is the United Nations Office on Drugs and Crime.
const SMALL_WORDS: &[&str] = &[
    "of", "the", "on", "and", "for", "in", "to", "de", "des", "du", "la", "le", "les", "et",
];

/// Whether `query`, one word of two letters or more, is the initials of `key`'s words, all of
/// them or those left when the small words are left out.
fn is_acronym_of(query: &str, key: &str) -> bool {
    if query.len() < 2 || query.contains(' ') {
        return false;
    }
    let initials = |words: &mut dyn Iterator<Item = &str>| -> String {
        words.filter_map(|w| w.chars().next()).collect()
    };
    initials(&mut key.split(' ')) == query
        || initials(&mut key.split(' ').filter(|w| !SMALL_WORDS.contains(w))) == query
}

/// Whether `query` is `key` with a letter wrong, missing, extra or two swapped — two such
/// slips in a name of eight letters or more; a short name is never guessed from a slip.
fn is_typo_of(query: &str, key: &str) -> bool {
    let len = key.chars().count();
    let allowed = match len {
        0..=4 => return false,
        5..=7 => 1,
        _ => 2,
    };
    query.chars().count().abs_diff(len) <= allowed && strsim::osa_distance(query, key) <= allowed
}

/// Whether each word of `query` begins a word of `key`, in the order typed, each on a word of
/// its own: "rep korea", "united kingdom", "saudi".
fn words_begin_words_in_order(query: &str, key: &str) -> bool {
    let mut words = key.split(' ');
    query
        .split(' ')
        .all(|q| words.by_ref().any(|w| w.starts_with(q)))
}

/// The speakers matching `typed`, best first, and how well they fit it.
pub fn find_speakers(typed: &str, record: &SessionRecord) -> Found {
    let query = search_key(typed);
    if query.is_empty() {
        return Found {
            matches: recent_participants(record),
            fit: Fit::Weak,
        };
    }
    // A shipped entry already on the session's roster (under its name or an alias) is found
    // as that participant, by all the entry's names.
    let entry_of = |name: &str| super::lookup_exact(name);
    let on_session: HashSet<&'static str> = record
        .participants
        .iter()
        .filter_map(|p| entry_of(&p.name).map(|e| e.name))
        .collect();
    let pattern = Pattern::parse(&query, CaseMatching::Ignore, Normalization::Smart);
    let mut found: Vec<(RankKey, String, Speaker)> = Vec::new();
    MATCHER.with_borrow_mut(|matcher| {
        let mut buf = Vec::new();
        for p in &record.participants {
            let keys = Keys::of(&p.name);
            if let Some(hit) = best_hit(&query, &pattern, &keys, matcher, &mut buf) {
                found.push((
                    hit.sort_key(Origin::Session),
                    p.name.clone(),
                    Speaker::Existing(p.id),
                ));
            }
        }
        for chair in chairs_to_add(record) {
            let keys = Keys {
                names: vec![search_key(&chair)],
                code: None,
            };
            if let Some(hit) = best_hit(&query, &pattern, &keys, matcher, &mut buf) {
                found.push((
                    hit.sort_key(Origin::Session),
                    chair.clone(),
                    as_chair(chair),
                ));
            }
        }
        for (entry, keys) in super::builtin().iter().zip(shipped_keys()) {
            if on_session.contains(entry.name) {
                continue;
            }
            if let Some(hit) = best_hit(&query, &pattern, keys, matcher, &mut buf) {
                found.push((
                    hit.sort_key(Origin::Shipped),
                    entry.name.to_string(),
                    shipped(entry),
                ));
            }
        }
    });
    found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    let good = found
        .iter()
        .take(SHOWN)
        .take_while(|(key, _, _)| key.0.is_good())
        .count();
    let fit = match found.first() {
        Some((key, _, _)) if key.0 == Tier::Exact => Fit::Exact,
        _ if good > 0 => Fit::Good(good),
        _ => Fit::Weak,
    };
    let matches = found
        .into_iter()
        .take(SHOWN)
        .map(|(_, name, speaker)| (name, speaker))
        .collect();
    Found { matches, fit }
}

fn as_chair(name: String) -> Speaker {
    Speaker::New {
        name,
        category: Category::Chair,
        organisation: None,
    }
}

fn shipped(entry: &RosterEntry) -> Speaker {
    Speaker::New {
        name: entry.name.to_string(),
        category: entry.category,
        organisation: None,
    }
}

/// With nothing typed: the session's participants, the latest to speak or be inscribed
/// first (who spoke is likely to ask again), then the others, latest added first.
fn recent_participants(record: &SessionRecord) -> Vec<(String, Speaker)> {
    let mut order: Vec<ParticipantId> = Vec::new();
    let mut seen = HashSet::new();
    let listed = record
        .lists
        .iter()
        .flat_map(|l| l.in_order().rev())
        .map(|i| i.speaker);
    let spoke = record.interventions.iter().rev().map(|i| i.speaker);
    let added = record.participants.iter().rev().map(|p| p.id);
    for id in spoke.chain(listed).chain(added) {
        if seen.insert(id) {
            order.push(id);
        }
    }
    order
        .into_iter()
        .filter_map(|id| record.participant(id))
        .map(|p| (p.name.clone(), Speaker::Existing(p.id)))
        .chain(
            chairs_to_add(record)
                .into_iter()
                .map(|c| (c.clone(), as_chair(c))),
        )
        .take(SHOWN)
        .collect()
}

/// A group as a candidate: its name, the search forms of its name and aliases.
struct GroupCandidate {
    name: String,
    keys: Vec<String>,
    used_in_session: bool,
}

/// Every group one can speak for: those used in this session (latest first, under the
/// common name when they are a common group), then the other common groups.
fn group_candidates(record: &SessionRecord) -> Vec<GroupCandidate> {
    let common: Vec<GroupCandidate> = super::words::common_groups()
        .iter()
        .map(|g| GroupCandidate {
            name: g.name.clone(),
            keys: std::iter::once(g.name.as_str())
                .chain(g.aliases.iter().map(String::as_str))
                .map(search_key)
                .collect(),
            used_in_session: false,
        })
        .collect();
    let used = record
        .interventions
        .iter()
        .rev()
        .filter_map(|i| i.on_behalf_of.as_deref())
        .chain(
            record
                .lists
                .iter()
                .flat_map(|l| l.in_order().rev())
                .filter_map(|i| i.on_behalf_of.as_deref()),
        );
    let mut candidates: Vec<GroupCandidate> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for text in used {
        let key = search_key(text);
        if key.is_empty() {
            continue;
        }
        let candidate = match common.iter().find(|g| g.keys.contains(&key)) {
            Some(g) => GroupCandidate {
                name: g.name.clone(),
                keys: g.keys.clone(),
                used_in_session: true,
            },
            None => GroupCandidate {
                name: collapse_spaces(text.trim()),
                keys: vec![key],
                used_in_session: true,
            },
        };
        if seen.insert(search_key(&candidate.name)) {
            candidates.push(candidate);
        }
    }
    for g in common {
        if seen.insert(search_key(&g.name)) {
            candidates.push(g);
        }
    }
    candidates
}

/// The groups matching `typed`, best first, and whether one matched exactly. Groups match
/// by whole words or their beginnings ("afr", "g77", "latin"), never loosely: free text such
/// as "Friends of the Chair" must not turn into a group that only looks like it.
pub fn find_groups(typed: &str, record: &SessionRecord) -> (Vec<GroupSuggestion>, bool) {
    let query = search_key(typed);
    let mut found: Vec<(Tier, usize, GroupCandidate)> = group_candidates(record)
        .into_iter()
        .enumerate()
        .filter_map(|(order, g)| {
            let tier = if query.is_empty() {
                Tier::WordPrefix
            } else {
                g.keys.iter().filter_map(|k| group_tier(&query, k)).min()?
            };
            Some((tier, order, g))
        })
        .collect();
    found.sort_by_key(|(tier, order, _)| (*tier, *order));
    let exact = found
        .first()
        .is_some_and(|(tier, _, _)| *tier == Tier::Exact);
    let groups = found
        .into_iter()
        .take(SHOWN)
        .map(|(_, _, g)| GroupSuggestion {
            name: g.name,
            used_in_session: g.used_in_session,
        })
        .collect();
    (groups, exact)
}

/// Exact, prefix, or every typed word the beginning of a word of the group.
fn group_tier(query: &str, key: &str) -> Option<Tier> {
    if key == query {
        Some(Tier::Exact)
    } else if key.starts_with(query) {
        Some(Tier::Prefix)
    } else if words_begin_words(query, key) {
        Some(Tier::WordPrefix)
    } else {
        None
    }
}

/// Whether each word of `query` begins some word of `key` (both in search form).
fn words_begin_words(query: &str, key: &str) -> bool {
    query
        .split(' ')
        .all(|q| key.split(' ').any(|w| w.starts_with(q)))
}

/// "Save  the   Children" → "Save the Children": a name goes on the roster tidy.
pub fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::domain::SessionId;

    fn empty() -> SessionRecord {
        let now = Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap();
        SessionRecord::starter(SessionId(1), now, "UTC")
    }

    #[test]
    fn whole_words_starts_initials_short_forms_and_slips_name_plainly() {
        for (typed, name) in [
            ("Brazil", "Brazil"),
            ("bra", "Brazil"),
            ("rep korea", "Republic of Korea"),
            ("korea", "Democratic People's Republic of Korea"),
            ("unodc", "United Nations Office on Drugs and Crime"),
            ("ICPO", "International Criminal Police Organization"),
            ("UK", "United Kingdom of Great Britain and Northern Ireland"),
            ("zaf", "South Africa"),
            ("grmany", "Germany"),
            ("philipines", "Philippines"),
        ] {
            assert!(names_plainly(typed, name), "{typed:?} names {name:?}");
        }
    }

    #[test]
    fn scattered_letters_and_words_out_of_place_do_not() {
        for (typed, name) in [
            (
                "Terre des Hommes",
                "Office of the United Nations High Commissioner for Refugees",
            ),
            (
                "ECPAT International",
                "International Criminal Police Organization",
            ),
            ("stan", "Pakistan"),
            ("korea rep", "Republic of Korea"),
            ("mar", "Malta"),
            ("mali", "Bali"),
            ("", "Brazil"),
        ] {
            assert!(!names_plainly(typed, name), "{typed:?} is not {name:?}");
        }
    }

    #[test]
    fn a_code_finds_its_state_only_typed_whole() {
        let found = find_speakers("aus", &empty());
        assert_eq!(found.matches[0].0, "Australia");
        assert_eq!(found.fit, Fit::Exact);
        let found = find_speakers("ma", &empty());
        assert_ne!(found.matches[0].0, "Morocco", "not through MAR");
    }

    #[test]
    fn only_the_plain_matches_come_before_the_weak_ones() {
        let found = find_speakers("Terre des Hommes", &empty());
        assert_eq!(found.fit, Fit::Weak);
        let found = find_speakers("nig", &empty());
        assert_eq!(found.fit, Fit::Good(2), "{:?}", found.matches);
        assert_eq!(found.matches[0].0, "Niger");
        assert_eq!(found.matches[1].0, "Nigeria");
    }

    #[test]
    fn the_sessions_chairs_are_found_as_chair() {
        let mut record = empty();
        record.session.chairs = vec!["Ana  Ruiz".into(), "Ana Ruiz".into()];
        let found = find_speakers("ruiz", &record);
        assert_eq!(
            found.matches[0],
            (
                "Ana Ruiz".to_string(),
                Speaker::New {
                    name: "Ana Ruiz".into(),
                    category: Category::Chair,
                    organisation: None,
                }
            )
        );
        assert_eq!(
            found.matches[1..]
                .iter()
                .filter(|m| m.0 == "Ana Ruiz")
                .count(),
            0
        );
        assert_eq!(found.fit, Fit::Good(1));
        let nothing_typed = find_speakers("", &record);
        assert_eq!(nothing_typed.matches[0].0, "Ana Ruiz");
    }
}
