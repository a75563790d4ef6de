//! The finder's ranking: which speakers and groups match what was typed, best first.
//!
//! Matching compares names in their search form (`search_key`: no case, no accents, no dots
//! or apostrophes), so "cote divoire", "U.K." and "turkiye" all find their delegation. An
//! exact name or alias comes first, then names starting with what was typed, then names with
//! words starting so ("korea"), then names containing it ("stan"), then the fuzzy matches of
//! `nucleo-matcher` by score ("grmany"); at equal rank the session's own participants come
//! before the shipped roster.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::HashSet;
use std::sync::OnceLock;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

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
    /// Every typed word begins a word of the name: "korea", "arab", "united kingdom".
    WordPrefix,
    /// What was typed appears as it is inside the name: "stan", "land".
    Substring,
    Fuzzy,
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

/// The search forms of every name and alias of the shipped roster, computed once.
fn shipped_keys() -> &'static [Vec<String>] {
    static KEYS: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    KEYS.get_or_init(|| {
        super::builtin()
            .iter()
            .map(|e| e.names().map(search_key).collect())
            .collect()
    })
}

/// The best way any of `keys` matches the typed `query` (in search form).
fn best_hit(
    query: &str,
    pattern: &Pattern,
    keys: &[String],
    matcher: &mut Matcher,
    buf: &mut Vec<char>,
) -> Option<Hit> {
    // Two letters inside a name mean little ("nl" in "Finland"); as initials they do.
    let long_enough = query.chars().count() >= 3;
    keys.iter()
        .filter_map(|key| {
            let score = pattern.score(Utf32Str::new(key, buf), matcher);
            let tier = if key == query {
                Tier::Exact
            } else if key.starts_with(query) {
                Tier::Prefix
            } else if words_begin_words(query, key) {
                Tier::WordPrefix
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
        .min_by_key(|hit| hit.sort_key(Origin::Session))
}

/// The speakers matching `typed`, best first, and whether one matched a name exactly.
pub fn find_speakers(typed: &str, record: &SessionRecord) -> (Vec<(String, Speaker)>, bool) {
    let query = search_key(typed);
    if query.is_empty() {
        return (recent_participants(record), false);
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
            let mut keys = vec![search_key(&p.name)];
            if let Some(entry) = entry_of(&p.name) {
                keys.extend(entry.names().map(search_key));
            }
            if let Some(hit) = best_hit(&query, &pattern, &keys, matcher, &mut buf) {
                found.push((
                    hit.sort_key(Origin::Session),
                    p.name.clone(),
                    Speaker::Existing(p.id),
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
    let exact = found
        .first()
        .is_some_and(|(key, _, _)| key.0 == Tier::Exact);
    let matches = found
        .into_iter()
        .take(SHOWN)
        .map(|(_, name, speaker)| (name, speaker))
        .collect();
    (matches, exact)
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
        .take(SHOWN)
        .map(|p| (p.name.clone(), Speaker::Existing(p.id)))
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
