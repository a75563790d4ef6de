//! The topics of a session: the `#tags` rapporteurs write in their notes, which the Chair's
//! summary groups statements by, and the headings the secretariat gives them there.

use super::{tags_in, SessionRecord};

/// A topic as the record has it: its tag, how many statements the draft groups under it
/// (those whose first topic it is) and how many mention it at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    pub tag: String,
    pub grouped: usize,
    pub mentioned: usize,
}

/// The tag every draft reads as a recommendation, not as a topic.
const RECOMMENDATION: &str = "recommendation";

/// The longest heading a label may be: a heading, not a paragraph.
pub const LONGEST_LABEL: usize = 120;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TopicError {
    #[error(
        "{0:?} is not a tag as notes write them: a tag is letters, digits, - or _ after a #, \
         e.g. #organ-removal"
    )]
    NotATag(String),
    #[error("#recommendation marks a recommendation, not a topic: it has no heading to label")]
    Recommendation,
    #[error("a topic's heading cannot be empty: to go back to the tag's own words, use `unlabel`")]
    EmptyLabel,
    #[error("a topic's heading is one line: {0:?} has a line break")]
    LabelOnTwoLines(String),
    #[error("a topic's heading is at most {LONGEST_LABEL} characters; this one has {0}")]
    LabelTooLong(usize),
    #[error("#{0} has no heading of its own to remove: the draft already reads it as its words")]
    NotLabelled(String),
}

/// The topics written in the session's counted statements, in the order they first appear.
pub fn topics(record: &SessionRecord) -> Vec<Topic> {
    let mut out: Vec<Topic> = Vec::new();
    for iv in record
        .interventions
        .iter()
        .filter(|iv| !iv.given_by_mistake)
    {
        let mut first = true;
        for tag in iv.tags.iter().filter(|t| *t != RECOMMENDATION) {
            let at = match out.iter().position(|t| &t.tag == tag) {
                Some(at) => at,
                None => {
                    out.push(Topic {
                        tag: tag.clone(),
                        grouped: 0,
                        mentioned: 0,
                    });
                    out.len() - 1
                }
            };
            out[at].mentioned += 1;
            if first {
                out[at].grouped += 1;
                first = false;
            }
        }
    }
    out
}

/// The tag as the record keeps it, from what a user typed: `#Organ-Removal` or
/// `organ-removal` both name `organ-removal`.
pub fn tag_named(typed: &str) -> Result<String, TopicError> {
    let bare = typed.trim().trim_start_matches('#');
    match tags_in(&format!("#{bare}")).as_slice() {
        [tag] if tag.chars().count() == bare.chars().count() => {
            if tag == RECOMMENDATION {
                Err(TopicError::Recommendation)
            } else {
                Ok(tag.clone())
            }
        }
        _ => Err(TopicError::NotATag(typed.to_string())),
    }
}

/// Gives topic `tag` the heading `label` in the drafts; the heading it had before, if any.
pub fn label_topic(
    record: &mut SessionRecord,
    tag: &str,
    label: &str,
) -> Result<Option<String>, TopicError> {
    let tag = tag_named(tag)?;
    let label = label.trim();
    if label.is_empty() {
        return Err(TopicError::EmptyLabel);
    }
    if label.contains(['\n', '\r']) {
        return Err(TopicError::LabelOnTwoLines(label.to_string()));
    }
    let length = label.chars().count();
    if length > LONGEST_LABEL {
        return Err(TopicError::LabelTooLong(length));
    }
    Ok(record.session.topic_labels.insert(tag, label.to_string()))
}

/// Takes the heading off topic `tag`: the drafts read the tag as its words again. The
/// heading it had.
pub fn unlabel_topic(record: &mut SessionRecord, tag: &str) -> Result<String, TopicError> {
    let tag = tag_named(tag)?;
    record
        .session
        .topic_labels
        .remove(&tag)
        .ok_or(TopicError::NotLabelled(tag))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::statement_made;
    use crate::domain::{AgendaItemId, ParticipantId, SessionId};
    use chrono::{TimeZone, Utc};

    fn record_with(notes: &[&str]) -> SessionRecord {
        let now = Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap();
        let mut record = SessionRecord::starter(SessionId(1), now, "UTC");
        for (i, note) in notes.iter().enumerate() {
            let mut iv = statement_made(i as u64 + 1, AgendaItemId(1), ParticipantId(1), now);
            iv.set_note(note.to_string());
            record.interventions.push(iv);
        }
        record
    }

    #[test]
    fn a_statement_is_grouped_under_its_first_topic_and_counted_under_each() {
        let record = record_with(&[
            "#recommendation #organ-removal data #victims",
            "#victims first",
            "no tags",
        ]);
        assert_eq!(
            topics(&record),
            vec![
                Topic {
                    tag: "organ-removal".into(),
                    grouped: 1,
                    mentioned: 1
                },
                Topic {
                    tag: "victims".into(),
                    grouped: 1,
                    mentioned: 2
                },
            ]
        );
    }

    #[test]
    fn a_floor_taken_back_has_no_topics() {
        let mut record = record_with(&["#victims"]);
        record.interventions[0].given_by_mistake = true;
        assert!(topics(&record).is_empty());
    }

    #[test]
    fn a_tag_is_named_as_notes_write_it() {
        assert_eq!(tag_named("#Organ-Removal").unwrap(), "organ-removal");
        assert_eq!(tag_named(" victims ").unwrap(), "victims");
        assert_eq!(
            tag_named("organ removal"),
            Err(TopicError::NotATag("organ removal".into()))
        );
        assert_eq!(tag_named("#"), Err(TopicError::NotATag("#".into())));
        assert_eq!(tag_named("42"), Err(TopicError::NotATag("42".into())));
        assert_eq!(
            tag_named("#recommendation"),
            Err(TopicError::Recommendation)
        );
    }

    #[test]
    fn a_label_is_one_short_line_and_replaces_the_one_before() {
        let mut record = record_with(&["#victims"]);
        assert_eq!(
            label_topic(&mut record, "#victims", "  Victims' rights "),
            Ok(None)
        );
        assert_eq!(record.session.topic_labels["victims"], "Victims' rights");
        assert_eq!(
            label_topic(&mut record, "victims", "The victims"),
            Ok(Some("Victims' rights".into()))
        );
        let before = record.clone();
        assert_eq!(
            label_topic(&mut record, "victims", "  "),
            Err(TopicError::EmptyLabel)
        );
        assert!(matches!(
            label_topic(&mut record, "victims", "a\nb"),
            Err(TopicError::LabelOnTwoLines(_))
        ));
        assert_eq!(
            label_topic(&mut record, "victims", &"x".repeat(LONGEST_LABEL + 1)),
            Err(TopicError::LabelTooLong(LONGEST_LABEL + 1))
        );
        assert_eq!(record, before, "a refused label changes nothing");
    }

    #[test]
    fn unlabelling_gives_back_the_heading_it_had() {
        let mut record = record_with(&["#victims"]);
        label_topic(&mut record, "victims", "Victims").unwrap();
        assert_eq!(unlabel_topic(&mut record, "#Victims"), Ok("Victims".into()));
        assert_eq!(
            unlabel_topic(&mut record, "victims"),
            Err(TopicError::NotLabelled("victims".into()))
        );
    }
}
