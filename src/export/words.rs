//! How the draft words what the record holds as data: durations, categories, topics, the
//! groups delegations speak for, and notes without the tags they were filed under. One
//! wording for every format.

use crate::domain::{Category, Participant};

/// A length of time in words, never to be taken for a time of day: "45 s", "3 min",
/// "4 min 5 s", "1 h 2 min 5 s".
pub fn duration(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.unsigned_abs();
    let (h, m, s) = (s / 3600, (s / 60) % 60, s % 60);
    let mut parts = Vec::new();
    if h > 0 {
        parts.push(format!("{h} h"));
    }
    if m > 0 || (h > 0 && s > 0) {
        parts.push(format!("{m} min"));
    }
    if s > 0 || parts.is_empty() {
        parts.push(format!("{s} s"));
    }
    format!("{sign}{}", parts.join(" "))
}

/// A category as a table or a list names it, the same in every format: "Member State",
/// "Academia", "UN entity", "NGO".
pub fn category_name(category: Category) -> String {
    super::capitalised(category.label())
}

/// A category as the heading of its participants: "Member States", "Academia".
pub fn category_heading(category: Category) -> &'static str {
    match category {
        Category::MemberState => "Member States",
        Category::ObserverState => "Observer States",
        Category::IntergovernmentalOrganization => "Intergovernmental organizations",
        Category::UnEntity => "UN entities",
        Category::Ngo => "NGOs",
        Category::Academia => "Academia",
        Category::PrivateSector => "Private sector",
        Category::Panellist => "Panellists",
        Category::Chair => "Chairs",
        Category::Secretariat => "Secretariat",
        Category::Other => "Other participants",
    }
}

/// A topic's name from its tag: the label the session gives it, or the slug's words,
/// "organ-removal" → "Organ removal".
pub fn topic_name(tag: &str, labels: &std::collections::BTreeMap<String, String>) -> String {
    if let Some(label) = labels.get(tag).map(|l| l.trim()).filter(|l| !l.is_empty()) {
        return label.to_string();
    }
    super::capitalised(&slug_words(tag))
}

/// A slug's words as prose writes them: a slug joins words with hyphens where prose has
/// spaces ("organ-removal", "data-collection"), and keeps the hyphens English writes
/// anyway, before a participle ("victim-centred", "trauma-informed") and after a prefix
/// ("non-punishment", "cross-border").
pub fn slug_words(slug: &str) -> String {
    const PREFIXES: [&str; 11] = [
        "non", "anti", "co", "cross", "self", "multi", "pre", "post", "inter", "counter", "e",
    ];
    // Each word with whether a hyphen (rather than an underscore) follows it.
    let words: Vec<(&str, bool)> = slug
        .split_inclusive(['-', '_'])
        .map(|piece| (piece.trim_end_matches(['-', '_']), piece.ends_with('-')))
        .filter(|(word, _)| !word.is_empty())
        .collect();
    let mut out = String::with_capacity(slug.len());
    for (i, &(word, hyphen)) in words.iter().enumerate() {
        out.push_str(word);
        let Some(&(next, _)) = words.get(i + 1) else {
            break;
        };
        let kept =
            hyphen && (PREFIXES.contains(&word.to_lowercase().as_str()) || next.ends_with("ed"));
        out.push(if kept { '-' } else { ' ' });
    }
    out
}

/// "on behalf of the European Union" after a speaker's name: `None` when the speaker speaks
/// for itself under its own name.
///
/// The rule: a group takes "the" ("the Group of African States", "the European Union"),
/// unless it already has an article, is known by an acronym ("CARICOM", "MERCOSUR"), is a
/// State on the roster ("on behalf of Liechtenstein"), or does not start with a capital
/// letter (a name typed as it came). When a group repeats the speaker's name
/// ("European Union" for "European Union and its member States"), the name is said once:
/// "on behalf of its member States".
pub fn on_behalf_of(speaker: &str, group: &str, roster: &[Participant]) -> Option<String> {
    let group = group.trim();
    let speaker = speaker.trim();
    if group.is_empty() || group.eq_ignore_ascii_case(speaker) {
        return None;
    }
    if let Some(rest) = strip_prefix_ignoring_case(group, speaker)
        .and_then(|rest| strip_prefix_ignoring_case(rest, " and "))
    {
        return Some(format!("on behalf of {}", rest.trim()));
    }
    Some(format!("on behalf of {}", with_article(group, roster)))
}

/// A group's name as it reads after "on behalf of"; see `on_behalf_of` for the rule.
pub fn with_article(group: &str, roster: &[Participant]) -> String {
    let group = group.trim();
    let first_word = group.split_whitespace().next().unwrap_or_default();
    if let Some(rest) = strip_prefix_ignoring_case(group, "the ") {
        return format!("the {rest}");
    }
    let acronym = first_word.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && first_word
            .chars()
            .all(|c| !c.is_alphabetic() || c.is_uppercase());
    let state = roster.iter().any(|p| {
        matches!(p.category, Category::MemberState | Category::ObserverState)
            && p.name.trim().eq_ignore_ascii_case(group)
    });
    let capital = group.chars().next().is_some_and(char::is_uppercase);
    if acronym || state || !capital {
        group.to_string()
    } else {
        format!("the {group}")
    }
}

fn strip_prefix_ignoring_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// A line of a note as prose: the tags it was filed under at its end are gone, and a tag
/// written inside a sentence reads as the word it is ("a #victim-centred approach" → "a
/// victim-centred approach"). A line of tags only becomes empty.
pub fn prose(line: &str) -> String {
    let mut text = line.trim_end();
    if !text.contains('#') {
        return text.to_string();
    }
    loop {
        let start = text
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        if !is_tag(&text[start..]) {
            break;
        }
        text = text[..start].trim_end();
    }
    untagged(text)
}

/// Whether a word is a `#tag` whole, as `domain::tags_in` reads them.
fn is_tag(word: &str) -> bool {
    tag_len(word).is_some_and(|n| n == word.len())
}

/// The length of the `#tag` at the start of `text`, `#` included, if it starts with one.
fn tag_len(text: &str) -> Option<usize> {
    let rest = text.strip_prefix('#')?;
    let len: usize = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
        .map(char::len_utf8)
        .sum();
    let tag = rest[..len].trim_end_matches(['-', '_']);
    (!tag.is_empty() && !tag.chars().all(|c| c.is_ascii_digit())).then_some(1 + len)
}

/// `text` with each tag in it read as its words: "#data-collection" → "data collection".
fn untagged(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev: Option<char> = None;
    let mut at = 0;
    while let Some(c) = text[at..].chars().next() {
        let starts_word = || prev.is_none_or(|p| !(p.is_alphanumeric() || p == '#' || p == '&'));
        match tag_len(&text[at..]).filter(|_| c == '#' && starts_word()) {
            Some(len) => {
                let tag = &text[at + 1..at + len];
                out.push_str(&slug_words(tag));
                // A hyphen or underscore closing the tag is punctuation, not part of it.
                out.push_str(&tag[tag.trim_end_matches(['-', '_']).len()..]);
                prev = text[..at + len].chars().next_back();
                at += len;
            }
            None => {
                out.push(c);
                prev = Some(c);
                at += c.len_utf8();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Attendance, ParticipantId};

    #[test]
    fn durations_read_as_lengths_of_time() {
        assert_eq!(duration(0), "0 s");
        assert_eq!(duration(45), "45 s");
        assert_eq!(duration(180), "3 min");
        assert_eq!(duration(245), "4 min 5 s");
        assert_eq!(duration(3600), "1 h");
        assert_eq!(duration(3605), "1 h 0 min 5 s");
        assert_eq!(duration(3720), "1 h 2 min");
        assert_eq!(duration(-20), "-20 s");
    }

    #[test]
    fn topics_read_as_words_or_as_the_session_labels_them() {
        let mut labels = std::collections::BTreeMap::new();
        assert_eq!(topic_name("organ-removal", &labels), "Organ removal");
        assert_eq!(topic_name("victim-centred", &labels), "Victim-centred");
        assert_eq!(topic_name("trauma-informed", &labels), "Trauma-informed");
        assert_eq!(topic_name("non-punishment", &labels), "Non-punishment");
        assert_eq!(
            topic_name("cross-border-cooperation", &labels),
            "Cross-border cooperation"
        );
        assert_eq!(
            topic_name("international-cooperation", &labels),
            "International cooperation"
        );
        assert_eq!(topic_name("data_collection", &labels), "Data collection");
        labels.insert("victim-centred".into(), "Victim-centred approach".into());
        assert_eq!(
            topic_name("victim-centred", &labels),
            "Victim-centred approach"
        );
    }

    fn roster() -> Vec<Participant> {
        let p = |id, name: &str, category| Participant {
            id: ParticipantId(id),
            name: name.into(),
            category,
            attendance: Attendance::InRoom,
            organisation: None,
        };
        vec![
            p(1, "Hungary", Category::MemberState),
            p(2, "European Union", Category::IntergovernmentalOrganization),
            p(3, "Liechtenstein", Category::MemberState),
        ]
    }

    #[test]
    fn every_group_of_the_roster_reads_with_its_article() {
        let roster = roster();
        for group in crate::roster::common_groups() {
            let said = on_behalf_of("Hungary", &group.name, &roster).unwrap();
            let expected = match group.name.as_str() {
                "CARICOM" | "MERCOSUR" => format!("on behalf of {}", group.name),
                name => format!("on behalf of the {name}"),
            };
            assert_eq!(said, expected);
        }
    }

    #[test]
    fn a_group_is_named_once_and_a_state_without_article() {
        let roster = roster();
        assert_eq!(
            on_behalf_of(
                "European Union",
                "European Union and its member States",
                &roster
            )
            .as_deref(),
            Some("on behalf of its member States")
        );
        assert_eq!(
            on_behalf_of("European Union", "European Union", &roster),
            None
        );
        assert_eq!(
            on_behalf_of("Switzerland", "Liechtenstein", &roster).as_deref(),
            Some("on behalf of Liechtenstein")
        );
        assert_eq!(
            on_behalf_of("Hungary", "The Nordic countries", &roster).as_deref(),
            Some("on behalf of the Nordic countries")
        );
        assert_eq!(
            on_behalf_of("x", "+cmd, \"Youth Caucus\"", &roster).as_deref(),
            Some("on behalf of +cmd, \"Youth Caucus\"")
        );
        assert_eq!(
            on_behalf_of("Peru", "GRULAC", &roster).as_deref(),
            Some("on behalf of GRULAC")
        );
    }

    #[test]
    fn tags_leave_the_prose() {
        assert_eq!(
            prose("We favour a #victim-centred approach. #recommendation #data-collection"),
            "We favour a victim-centred approach."
        );
        assert_eq!(prose("#victim-centred"), "");
        assert_eq!(prose("# not a tag"), "# not a tag");
        assert_eq!(prose("Item #3 and C# stay"), "Item #3 and C# stay");
        assert_eq!(
            prose("我们支持 #international-cooperation。"),
            "我们支持 international cooperation。"
        );
        assert_eq!(
            prose("Called for #technical-assistance, and #data_collection."),
            "Called for technical assistance, and data collection."
        );
    }
}
