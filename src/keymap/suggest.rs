//! "Did you mean …?" for names a keymap file got slightly wrong.

/// How many single-character edits (insert, delete, substitute, swap two neighbours) turn
/// `a` into `b`: the optimal string alignment distance, counted in characters, so that a
/// swapped pair ("giev") is one slip and an accent ("énd") one letter.
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// Up to three candidates close to `input`: a few edits away (more edits allowed for longer
/// names), or containing it ("floor" finds "give_floor"). Best first.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let input = input.to_lowercase();
    let allowed = (input.chars().count() / 3).max(1);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|candidate| {
            let distance = edit_distance(&input, candidate);
            if distance <= allowed {
                Some((distance, candidate))
            } else if input.chars().count() >= 3 && candidate.contains(input.as_str()) {
                Some((allowed + 1, candidate))
            } else {
                None
            }
        })
        .collect();
    scored.sort();
    scored.dedup();
    scored
        .into_iter()
        .take(3)
        .map(|(_, c)| c.to_string())
        .collect()
}

/// `did you mean "a"?`, `did you mean "a" or "b"?`; `None` when there is nothing to offer.
pub fn did_you_mean(suggestions: &[String]) -> Option<String> {
    did_you_mean_as(suggestions, |s| format!("\"{s}\""))
}

/// The same, writing each suggestion with `show` (e.g. as a table, "[speakers]").
pub fn did_you_mean_as(suggestions: &[String], show: impl Fn(&str) -> String) -> Option<String> {
    let shown: Vec<String> = suggestions.iter().map(|s| show(s)).collect();
    let list = match shown.as_slice() {
        [] => return None,
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    };
    Some(format!("did you mean {list}?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("give_floor", "give_floor"), 0);
        assert_eq!(edit_distance("giv_floor", "give_floor"), 1);
        assert_eq!(edit_distance("giev_floor", "give_floor"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("crtl", "ctrl"), 1);
        assert_eq!(edit_distance("énd", "end"), 1);
    }

    #[test]
    fn closest_names() {
        let names = [
            "give_floor",
            "end_intervention",
            "toggle_help",
            "inscribe",
            "quit",
        ];
        assert_eq!(closest("giv_floor", names), ["give_floor"]);
        assert_eq!(closest("Give_Floor", names), ["give_floor"]);
        assert_eq!(closest("floor", names), ["give_floor"]);
        assert_eq!(closest("help", names), ["toggle_help"]);
        assert_eq!(closest("qit", names), ["quit"]);
        assert!(closest("zzzzzz", names).is_empty());
        let items = ["next_agenda_item", "previous_agenda_item"];
        assert_eq!(
            closest("item", items),
            ["next_agenda_item", "previous_agenda_item"]
        );
    }

    #[test]
    fn suggestions_as_a_sentence() {
        assert_eq!(did_you_mean(&[]), None);
        assert_eq!(did_you_mean(&["a".into()]).unwrap(), "did you mean \"a\"?");
        assert_eq!(
            did_you_mean(&["a".into(), "b".into(), "c".into()]).unwrap(),
            "did you mean \"a\", \"b\" or \"c\"?"
        );
        assert_eq!(
            did_you_mean_as(&["speakers".into()], |s| format!("[{s}]")).unwrap(),
            "did you mean [speakers]?"
        );
    }
}
