//! No name is silently taken for someone else: the full name of a new participant, typed and
//! confirmed, goes to the choice of its category, never to a roster entry that only looks like
//! it; and every roster entry is still found first by each of its names. Then how few letters
//! bring each Member State first.

use chrono::{TimeZone, Utc};
use proptest::prelude::*;

use rapporteur::app::{Finder, FinderPurpose, Speaker};
use rapporteur::domain::{Category, SessionId, SessionRecord};
use rapporteur::roster::ranking::names_plainly;
use rapporteur::roster::{builtin, iso_code, search_key};

fn empty() -> SessionRecord {
    let now = Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap();
    SessionRecord::starter(SessionId(1), now, "Europe/Vienna")
}

/// What Enter does with `typed`: the speaker chosen, or `None` when it goes on to the choice
/// of a new name's category.
fn enter(typed: &str, record: &SessionRecord) -> Option<Speaker> {
    let mut finder = Finder::new(FinderPurpose::Inscribe, record);
    finder.query = typed.to_string();
    finder.refresh(record);
    finder.confirm(record).map(|outcome| outcome.speaker)
}

fn corpus() -> Vec<&'static str> {
    include_str!("fixtures/roster/new_participants.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

#[test]
fn the_corpus_is_of_real_new_names_and_large_enough() {
    let names = corpus();
    assert!(names.len() >= 300, "only {} names", names.len());
    for name in &names {
        assert!(
            rapporteur::roster::lookup_exact(name).is_none(),
            "{name:?} is on the built-in roster: it does not belong in the corpus"
        );
    }
}

#[test]
fn a_new_participants_full_name_is_never_taken_for_another_entry() {
    let record = empty();
    let taken: Vec<String> = corpus()
        .into_iter()
        .filter_map(|typed| enter(typed, &record).map(|other| format!("{typed:?} → {other:?}")))
        .collect();
    assert!(
        taken.is_empty(),
        "{} typed names were taken for someone else:\n{}",
        taken.len(),
        taken.join("\n")
    );
}

#[test]
fn terre_des_hommes_and_ecpat_are_added_as_new() {
    let record = empty();
    assert_eq!(enter("Terre des Hommes", &record), None, "not the UNHCR");
    assert_eq!(enter("ECPAT International", &record), None, "not INTERPOL");
    let mut finder = Finder::new(FinderPurpose::Inscribe, &record);
    finder.query = "Terre des Hommes".into();
    finder.refresh(&record);
    assert!(
        finder.new_name_selected(),
        "the offer to add the name is highlighted"
    );
    let rows = finder.speaker_list(&record);
    assert!(rows[0].new_name, "the offer comes first");
    assert!(rows.len() > 1, "the weak matches are still shown below it");
}

#[test]
fn every_roster_entry_is_found_first_by_each_of_its_names() {
    let record = empty();
    for entry in builtin() {
        let codes = iso_code(entry.name).into_iter();
        for name in entry.names().chain(codes) {
            match enter(name, &record) {
                Some(Speaker::New {
                    name: found,
                    category,
                    ..
                }) => {
                    assert_eq!(found, entry.name, "{name:?}");
                    assert_eq!(category, entry.category, "{name:?}");
                }
                other => panic!("{name:?} → {other:?}, not {:?}", entry.name),
            }
        }
    }
}

/// The fewest letters of `text` (in search form, spaces counted) that make Enter inscribe
/// `expected`; `None` if even the whole text does not.
fn letters_to_first(text: &str, expected: &str, record: &SessionRecord) -> Option<usize> {
    let key = search_key(text);
    let chars: Vec<char> = key.chars().collect();
    (1..=chars.len()).find(|&n| {
        let typed: String = chars[..n].iter().collect();
        matches!(enter(&typed, record), Some(Speaker::New { ref name, .. }) if name == expected)
    })
}

#[test]
fn every_member_state_is_first_within_four_letters() {
    let record = empty();
    let mut by_any: Vec<(usize, &str)> = Vec::new();
    let mut by_name: Vec<(usize, &str)> = Vec::new();
    for entry in builtin()
        .iter()
        .filter(|e| e.category == Category::MemberState)
    {
        let codes = iso_code(entry.name).into_iter();
        let fewest = entry
            .names()
            .chain(codes)
            .filter_map(|name| letters_to_first(name, entry.name, &record))
            .min()
            .unwrap_or(usize::MAX);
        by_any.push((fewest, entry.name));
        let own = letters_to_first(entry.name, entry.name, &record).unwrap_or(usize::MAX);
        by_name.push((own, entry.name));
    }
    assert_eq!(by_any.len(), 193);
    let report = |what: &str, counts: &mut Vec<(usize, &str)>| -> (usize, usize) {
        counts.sort();
        let median = counts[counts.len() / 2].0;
        let worst = counts.last().unwrap().0;
        let mut histogram = std::collections::BTreeMap::new();
        for (n, _) in counts.iter() {
            *histogram.entry(*n).or_insert(0) += 1;
        }
        println!("{what}: worst {worst}, median {median}; letters → States: {histogram:?}");
        let slowest: Vec<String> = counts
            .iter()
            .rev()
            .take(10)
            .map(|(n, s)| format!("{s} {n}"))
            .collect();
        println!("  slowest: {}", slowest.join(", "));
        (worst, median)
    };
    report("by its name alone", &mut by_name);
    let (worst, median) = report("by its name or a short form", &mut by_any);
    assert!(worst <= 4, "worst {worst}: {:?}", by_any.last());
    assert!(median <= 2, "median {median}");
}

proptest! {
    /// Whatever is typed — words of names, letters, punctuation — Enter takes a match only
    /// when what was typed plainly names it, by the one rule `budget set` uses too.
    #[test]
    fn enter_takes_only_a_plain_match(
        words in prop::collection::vec(
            prop_oneof![
                "[a-zA-Zéü'.-]{1,9}",
                prop::sample::select(vec![
                    "United", "Nations", "Republic", "of", "the", "Korea", "South", "Guinea",
                    "International", "Organization", "Office", "Saint", "Islands", "Union",
                    "des", "Hommes", "Terre", "aus", "uk", "Rep", "Dominica", "Sudan",
                ]).prop_map(str::to_string),
            ],
            1..5,
        )
    ) {
        let typed = words.join(" ");
        let record = empty();
        if let Some(Speaker::New { name, .. }) = enter(&typed, &record) {
            prop_assert!(names_plainly(&typed, &name), "{typed:?} taken for {name:?}");
        }
    }
}
