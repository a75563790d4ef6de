//! The lossless export: the whole record of a session as JSON, to be read back by
//! `rapporteur import` (on this laptop or a colleague's) and merged with what is there.
//!
//! The file is an envelope around the session's record, exactly as the domain serialises it:
//!
//! ```json
//! {
//!   "format": "rapporteur",
//!   "schema_version": 1,
//!   "session": { "session": …, "meetings": […], "agenda": […], "participants": […],
//!                "interventions": […], "lists": […] }
//! }
//! ```
//!
//! Keys come in the domain's field order and maps are `BTreeMap`s; meetings, agenda items,
//! participants, interventions and lists are written sorted by their number or id, as the
//! store holds them. So the same record always gives the same bytes, and export → import →
//! export gives the same file.
//!
//! There is deliberately no `exported_at`: a time of export would make two exports of the
//! same record differ, which breaks that round trip and makes a `diff` of two exports noisy.
//! When a file was written is the file's own modification time.
//!
//! An export with a scope (one meeting, one agenda item, or both) holds only the
//! interventions in scope, and everything else of the session whole: the session, every
//! meeting, the agenda, the roster and the lists of speakers. The envelope then says so with
//! `"scope": {"meeting": 2, "agenda_item": 3}` (the item by its id in the file). A point of
//! order whose interrupted intervention is out of scope loses its `interrupts`, so that the
//! file never names an intervention it does not hold. Importing such a file merges its
//! interventions into the session like any other.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::{ExportError, Scope};
use crate::domain::{BudgetHolder, SessionRecord};
use crate::stats::StatsFilter;

/// What a rapporteur JSON file says it is.
pub const JSON_FORMAT: &str = "rapporteur";

/// The layout of the JSON export. Raise it whenever the file changes in a way an older
/// rapporteur would misread; an older rapporteur then refuses the file instead.
pub const JSON_SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Envelope<'a> {
    format: &'static str,
    schema_version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<ScopeOut>,
    session: &'a SessionRecord,
}

#[derive(Serialize)]
struct ScopeOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    meeting: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    agenda_item: Option<u32>,
}

/// The session's record as pretty-printed JSON with a trailing newline (see the module's
/// documentation for the layout and what a scope leaves out).
pub fn render(record: &SessionRecord, scope: Scope) -> Result<Vec<u8>, ExportError> {
    let mut record = record.clone();
    let filter = StatsFilter {
        meeting: scope.meeting,
        agenda_item: scope.agenda_item,
    };
    if filter != StatsFilter::default() {
        record.interventions.retain(|iv| filter.includes(iv));
        let kept: HashSet<_> = record.interventions.iter().map(|iv| iv.id).collect();
        for iv in &mut record.interventions {
            iv.interrupts = iv.interrupts.filter(|id| kept.contains(id));
        }
    }
    record.meetings.sort_by_key(|m| m.number);
    record.agenda.sort_by_key(|a| a.id);
    record.participants.sort_by_key(|p| p.id);
    record.interventions.sort_by_key(|iv| iv.id);
    record.lists.sort_by_key(|l| l.agenda_item);
    // The file spells out each ended intervention's live record, corrected or not, for
    // whoever reads it without rapporteur.
    for iv in &mut record.interventions {
        if iv.live_record.is_none() {
            iv.live_record = iv.live_record().map(str::to_owned);
        }
    }

    let envelope = Envelope {
        format: JSON_FORMAT,
        schema_version: JSON_SCHEMA_VERSION,
        scope: (filter != StatsFilter::default()).then_some(ScopeOut {
            meeting: scope.meeting,
            agenda_item: scope.agenda_item.map(|a| a.0),
        }),
        session: &record,
    };
    let mut out = serde_json::to_vec_pretty(&envelope)
        .map_err(|e| ExportError::Other(format!("cannot write the session as JSON: {e}")))?;
    out.push(b'\n');
    Ok(out)
}

/// Why a file could not be read as a rapporteur export. Each names the file, and where in
/// it the problem lies: a line and column, or the record at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("{file}:{line}:{column}: the file is not JSON ({detail}); is it a rapporteur export?")]
    NotJson {
        file: String,
        line: usize,
        column: usize,
        detail: String,
    },
    #[error(
        "{file}:{line}:{column}: the file ends too soon ({detail}): it was cut short, \
         perhaps while being copied; export it again"
    )]
    Truncated {
        file: String,
        line: usize,
        column: usize,
        detail: String,
    },
    #[error(
        "{file}: not a rapporteur export ({found}); only files written by \
         `rapporteur export --format json` can be imported"
    )]
    NotRapporteur { file: String, found: String },
    #[error(
        "{file}: written by a newer rapporteur (JSON schema version {found}); this one reads \
         version {supported}. Update rapporteur to import it"
    )]
    NewerSchema {
        file: String,
        found: u64,
        supported: u32,
    },
    #[error("{file}:{line}:{column}: {detail}")]
    Invalid {
        file: String,
        line: usize,
        column: usize,
        detail: String,
    },
    #[error("{file}: {detail}")]
    Inconsistent { file: String, detail: String },
}

/// What is read first: what the file says it is, whatever the rest holds.
#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    schema_version: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct EnvelopeIn {
    session: SessionRecord,
}

/// Reads a JSON export. `file_label` names the file in the errors.
pub fn parse(bytes: &[u8], file_label: &str) -> Result<SessionRecord, ImportError> {
    let file = file_label.to_string();
    // Some editors on Windows start a UTF-8 file with a byte-order mark.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);

    let header: Header = serde_json::from_slice(bytes).map_err(|e| {
        let (line, column, detail) = (e.line(), e.column(), bare_message(&e));
        match e.classify() {
            serde_json::error::Category::Eof => ImportError::Truncated {
                file: file.clone(),
                line,
                column,
                detail,
            },
            serde_json::error::Category::Data => ImportError::NotRapporteur {
                file: file.clone(),
                found: "it holds JSON, but not an object".into(),
            },
            _ => ImportError::NotJson {
                file: file.clone(),
                line,
                column,
                detail,
            },
        }
    })?;
    match header.format {
        Some(serde_json::Value::String(f)) if f == JSON_FORMAT => {}
        Some(other) => {
            return Err(ImportError::NotRapporteur {
                file,
                found: format!("its \"format\" is {other}, not \"{JSON_FORMAT}\""),
            })
        }
        None => {
            return Err(ImportError::NotRapporteur {
                file,
                found: "it has no \"format\"".into(),
            })
        }
    }
    match header.schema_version {
        Some(serde_json::Value::Number(n)) if n.as_u64().is_some_and(|v| v >= 1) => {
            let found = n.as_u64().unwrap_or_default();
            if found > u64::from(JSON_SCHEMA_VERSION) {
                return Err(ImportError::NewerSchema {
                    file,
                    found,
                    supported: JSON_SCHEMA_VERSION,
                });
            }
        }
        other => {
            return Err(ImportError::NotRapporteur {
                file,
                found: match other {
                    Some(v) => format!("its \"schema_version\" is {v}, not a version number"),
                    None => "it has no \"schema_version\"".into(),
                },
            })
        }
    }

    let envelope: EnvelopeIn = serde_json::from_slice(bytes).map_err(|e| ImportError::Invalid {
        file: file.clone(),
        line: e.line(),
        column: e.column(),
        detail: bare_message(&e),
    })?;
    let mut record = envelope.session;
    check(&record).map_err(|detail| ImportError::Inconsistent { file, detail })?;
    for iv in &mut record.interventions {
        iv.settle_live_record();
    }
    Ok(record)
}

/// serde_json's message without the " at line L column C" it ends with: the errors put the
/// position first, as compilers do.
fn bare_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_string()
}

/// The checks serde cannot make: every id named is in the file, and no id is used twice.
fn check(record: &SessionRecord) -> Result<(), String> {
    fn unique<T: std::hash::Hash + Eq + Copy>(
        ids: impl Iterator<Item = T>,
        what: impl Fn(T) -> String,
    ) -> Result<HashSet<T>, String> {
        let mut seen = HashSet::new();
        for id in ids {
            if !seen.insert(id) {
                return Err(format!("{} appears twice", what(id)));
            }
        }
        Ok(seen)
    }
    let meetings = unique(record.meetings.iter().map(|m| m.number), |n| {
        format!("meeting {n}")
    })?;
    let items = unique(record.agenda.iter().map(|a| a.id), |id| {
        format!("agenda item id {}", id.0)
    })?;
    let people = unique(record.participants.iter().map(|p| p.id), |id| {
        format!("participant id {}", id.0)
    })?;
    let interventions = unique(record.interventions.iter().map(|iv| iv.id), |id| {
        format!("intervention {}", id.0)
    })?;
    unique(record.lists.iter().map(|l| l.agenda_item), |id| {
        format!("the list of speakers of agenda item id {}", id.0)
    })?;

    if let Some(m) = record
        .meetings
        .iter()
        .find(|m| m.recording.typing_lag_secs > crate::domain::LONGEST_LAG_SECS)
    {
        return Err(format!(
            "meeting {} has a typing lag of {} s, more than the 10 minutes a rapporteur can set: \
             put it right in the file (\"typing_lag_secs\") or leave it out",
            m.number, m.recording.typing_lag_secs
        ));
    }
    for iv in &record.interventions {
        let at = || {
            format!(
                "intervention {} (meeting {}, started {})",
                iv.id.0,
                iv.meeting,
                iv.started_at
                    .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
            )
        };
        if !people.contains(&iv.speaker) {
            return Err(format!(
                "{} names speaker id {}, who is not among the file's participants",
                at(),
                iv.speaker.0
            ));
        }
        if !items.contains(&iv.agenda_item) {
            return Err(format!(
                "{} is under agenda item id {}, which is not on the file's agenda",
                at(),
                iv.agenda_item.0
            ));
        }
        if !meetings.contains(&iv.meeting) {
            return Err(format!(
                "{} was made in meeting {}, which is not among the file's meetings",
                at(),
                iv.meeting
            ));
        }
        if let Some(other) = iv.interrupts.filter(|i| !interventions.contains(i)) {
            return Err(format!(
                "{} interrupts intervention {}, which is not in the file",
                at(),
                other.0
            ));
        }
    }
    for list in &record.lists {
        if !items.contains(&list.agenda_item) {
            return Err(format!(
                "a list of speakers is for agenda item id {}, which is not on the file's agenda",
                list.agenda_item.0
            ));
        }
        if let Some(i) = list.in_order().find(|i| !people.contains(&i.speaker)) {
            return Err(format!(
                "the list of speakers of agenda item id {} names speaker id {}, who is not \
                 among the file's participants",
                list.agenda_item.0, i.speaker.0
            ));
        }
    }
    for budget in &record.session.budgets {
        if !items.contains(&budget.agenda_item) {
            return Err(format!(
                "a time budget is for agenda item id {}, which is not on the file's agenda",
                budget.agenda_item.0
            ));
        }
        if let BudgetHolder::Delegation(id) = budget.holder {
            if !people.contains(&id) {
                return Err(format!(
                    "a time budget is for participant id {}, who is not among the file's \
                     participants",
                    id.0
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn demo() -> SessionRecord {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 16, 30, 0).unwrap();
        crate::demo::demo_record(crate::domain::SessionId(1), now)
    }

    #[test]
    fn render_then_parse_gives_the_record_back() {
        let record = demo();
        let bytes = render(&record, Scope::default()).unwrap();
        assert!(bytes.ends_with(b"}\n"));
        assert_eq!(parse(&bytes, "x.json").unwrap(), record);
        assert!(!String::from_utf8(bytes).unwrap().contains("exported_at"));
    }

    #[test]
    fn a_typing_lag_no_one_can_set_is_refused_with_the_meeting() {
        let mut record = demo();
        record.meetings[0].recording.typing_lag_secs = 4;
        let bytes = render(&record, Scope::default()).unwrap();
        assert_eq!(
            parse(&bytes, "x.json").unwrap(),
            record,
            "the lag comes back"
        );
        record.meetings[0].recording.typing_lag_secs = u32::MAX;
        let bytes = render(&record, Scope::default()).unwrap();
        let e = parse(&bytes, "x.json").unwrap_err().to_string();
        assert!(e.contains("typing lag of 4294967295 s"), "{e}");
    }

    #[test]
    fn a_scope_keeps_its_interventions_and_the_rest_whole() {
        let record = demo();
        let scope = Scope {
            meeting: Some(1),
            agenda_item: None,
        };
        let back = parse(&render(&record, scope).unwrap(), "x.json").unwrap();
        assert!(back.interventions.iter().all(|iv| iv.meeting == 1));
        assert!(back.interventions.len() < record.interventions.len());
        assert_eq!(back.participants, record.participants);
        assert_eq!(back.lists, record.lists);
    }
}
