//! `rapporteur limits` and `rapporteur budget`: the chair's time limits and time budgets for a
//! session, set before the meeting (or between two of its sittings).

use anyhow::{bail, Context as _};
use clap::{Args, Subcommand};

use crate::app::{Finder, FinderPurpose, Speaker};
use crate::domain::{
    clock_face, parse_duration, BudgetHolder, Category, Participant, ParticipantId, SessionRecord,
    TimeBudget, LONGEST_SECS,
};
use crate::store::Change;

#[derive(Debug, Args)]
pub struct LimitsArgs {
    /// The session (default: the one `rapporteur` opens)
    #[arg(long)]
    pub session: Option<u64>,
    /// Limit for a statement, e.g. 3 or 3:00
    #[arg(long, value_name = "TIME")]
    pub statement: Option<String>,
    /// Limit for a statement on behalf of a group, e.g. 5
    #[arg(long, value_name = "TIME")]
    pub group: Option<String>,
    /// Limit for a right of reply, e.g. 2
    #[arg(long, value_name = "TIME")]
    pub reply: Option<String>,
    /// A limit of its own for a category, e.g. ngo=4 or panellist=7:00 (repeat); CAT=none
    /// removes it
    #[arg(long = "category", value_name = "CAT=TIME")]
    pub categories: Vec<String>,
    /// Seconds before the limit when the clock warns
    #[arg(long, value_name = "SECONDS")]
    pub warn: Option<u32>,
    /// Ring the terminal bell at the warning and at the limit: on or off
    #[arg(long, value_name = "on|off")]
    pub bell: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum BudgetCommand {
    /// Give a delegation, a group or a category a total of speaking time on an agenda item
    Set {
        /// The agenda item, by its number on the agenda ("3", "4 (a)")
        #[arg(long)]
        item: String,
        /// A delegation or speaker on the roster
        #[arg(long, conflicts_with_all = ["group", "category"])]
        delegation: Option<String>,
        /// Statements on behalf of this group, e.g. "European Union"
        #[arg(long, conflicts_with = "category")]
        group: Option<String>,
        /// A category of speakers, e.g. ngo
        #[arg(long)]
        category: Option<String>,
        /// The total, e.g. 15 or 15:00
        time: String,
    },
    /// List the session's budgets with the time left
    List,
    /// Remove every budget of an agenda item
    Clear {
        #[arg(long)]
        item: String,
    },
}

/// Applies the options to the session's limits; `Ok(false)` when there were none to apply.
pub fn apply_limits(record: &mut SessionRecord, args: &LimitsArgs) -> anyhow::Result<bool> {
    let limits = &mut record.session.time_limits;
    let mut changed = false;
    let required = |text: &str, what: &str| -> anyhow::Result<u32> {
        parse_duration(text)
            .with_context(|| format!("the limit for {what}"))?
            .with_context(|| format!("the limit for {what} cannot be empty"))
    };
    if let Some(t) = &args.statement {
        limits.statement = required(t, "a statement")?;
        changed = true;
    }
    if let Some(t) = &args.group {
        limits.on_behalf_of_group = required(t, "a statement on behalf of a group")?;
        changed = true;
    }
    if let Some(t) = &args.reply {
        limits.right_of_reply = required(t, "a right of reply")?;
        changed = true;
    }
    for c in &args.categories {
        let (name, time) = c
            .split_once('=')
            .with_context(|| format!("--category {c}: write CATEGORY=TIME, e.g. ngo=4"))?;
        let category = parse_category(name)?;
        match parse_duration(time).with_context(|| format!("--category {c}"))? {
            Some(secs) => limits.by_category.insert(category, secs),
            None => limits.by_category.remove(&category),
        };
        changed = true;
    }
    if let Some(w) = args.warn {
        if w > LONGEST_SECS {
            bail!("--warn {w}: the clock warns at most 24 hours ({LONGEST_SECS} s) before the limit; give fewer seconds, e.g. --warn 30");
        }
        limits.warn_before = w;
        changed = true;
    }
    if let Some(b) = &args.bell {
        limits.bell = match b.to_lowercase().as_str() {
            "on" | "yes" | "true" => true,
            "off" | "no" | "false" => false,
            _ => bail!("--bell {b}: write on or off"),
        };
        changed = true;
    }
    Ok(changed)
}

pub fn describe_limits(record: &SessionRecord) -> String {
    let l = &record.session.time_limits;
    let mut out = format!(
        "Time limits of {}:\n  statement                     {}\n  on behalf of a group          {}\n  right of reply                {}\n",
        record.session.title(),
        clock_face(i64::from(l.statement)),
        clock_face(i64::from(l.on_behalf_of_group)),
        clock_face(i64::from(l.right_of_reply)),
    );
    for (c, secs) in &l.by_category {
        out.push_str(&format!(
            "  {:<30}{}\n",
            c.label(),
            clock_face(i64::from(*secs))
        ));
    }
    out.push_str(&format!(
        "  point of order                none\nThe clock warns {} s before the limit; the bell is {}.\n",
        l.warn_before,
        if l.bell { "on" } else { "off" }
    ));
    out
}

fn parse_category(name: &str) -> anyhow::Result<Category> {
    Category::parse(name).with_context(|| {
        format!(
            "unknown category {name:?}: one of {}",
            Category::ALL
                .iter()
                .map(|c| c.label())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

/// The participant `typed` names, as Enter in the app's finder takes it: a name, a short form
/// ("UK"), an ISO code ("AUS"), the start of a name; someone on the built-in roster not yet on
/// the session's is added to it, and the change that adds them is handed back. What the finder
/// would offer to add as a new name first — letters scattered across a long name included —
/// is refused: a budget is for someone who speaks.
pub fn participant_named(
    record: &mut SessionRecord,
    typed: &str,
) -> anyhow::Result<(ParticipantId, Option<Change>)> {
    let mut finder = Finder::new(FinderPurpose::Inscribe, record);
    finder.query = typed.trim().to_string();
    finder.refresh(record);
    let nearest: Vec<String> = finder
        .matches
        .iter()
        .take(3)
        .map(|(name, _)| name.clone())
        .collect();
    let not_found = || {
        let nearest = if nearest.is_empty() {
            String::new()
        } else {
            format!("; the nearest: {}", nearest.join(", "))
        };
        anyhow::anyhow!(
            "{typed:?} is not on the session's roster (`rapporteur roster show`) nor the built-in one{nearest}"
        )
    };
    match finder.confirm(record).map(|outcome| outcome.speaker) {
        Some(Speaker::Existing(id)) => Ok((id, None)),
        Some(Speaker::New {
            name,
            category,
            organisation,
        }) => {
            if let Some(p) = record.find_participant(&name) {
                return Ok((p.id, None));
            }
            let participant = Participant {
                id: record.next_participant_id(),
                name,
                category,
                attendance: Default::default(),
                organisation,
            };
            let id = participant.id;
            record.participants.push(participant.clone());
            Ok((
                id,
                Some(Change::Participant(record.session.id, participant)),
            ))
        }
        None => Err(not_found()),
    }
}

/// Carries out a budget command on the record; returns what to print and the changes to
/// store (none when nothing changed): a participant added to the roster, then the session.
pub fn budget(
    record: &mut SessionRecord,
    command: &BudgetCommand,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<(String, Vec<Change>)> {
    let item_id = |record: &SessionRecord, number: &str| {
        record
            .agenda
            .iter()
            .find(|a| a.number.trim() == number.trim())
            .map(|a| a.id)
            .with_context(|| {
                format!(
                    "no agenda item {number:?}; the agenda has {}",
                    record
                        .agenda
                        .iter()
                        .map(|a| a.number.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
    };
    match command {
        BudgetCommand::Set {
            item,
            delegation,
            group,
            category,
            time,
        } => {
            let agenda_item = item_id(record, item)?;
            // The time is read before anyone is added to the roster, so that a refused
            // command changes nothing.
            let secs = parse_duration(time)
                .context("the budget's total")?
                .context("a budget cannot be empty")?;
            let mut changes = Vec::new();
            let holder = match (delegation, group, category) {
                (Some(d), _, _) => {
                    let (id, added) = participant_named(record, d)?;
                    changes.extend(added);
                    BudgetHolder::Delegation(id)
                }
                (_, Some(g), _) => BudgetHolder::Group(g.trim().to_string()),
                (_, _, Some(c)) => BudgetHolder::Category(parse_category(c)?),
                _ => bail!("say whose budget it is: --delegation, --group or --category"),
            };
            let budgets = &mut record.session.budgets;
            budgets.retain(|b| !(b.agenda_item == agenda_item && b.holder == holder));
            budgets.push(TimeBudget {
                agenda_item,
                holder,
                secs,
            });
            changes.push(Change::Session(record.session.clone()));
            Ok((list_budgets(record, now), changes))
        }
        BudgetCommand::List => Ok((list_budgets(record, now), Vec::new())),
        BudgetCommand::Clear { item } => {
            let agenda_item = item_id(record, item)?;
            record
                .session
                .budgets
                .retain(|b| b.agenda_item != agenda_item);
            let changes = vec![Change::Session(record.session.clone())];
            Ok((list_budgets(record, now), changes))
        }
    }
}

fn list_budgets(record: &SessionRecord, now: chrono::DateTime<chrono::Utc>) -> String {
    if record.session.budgets.is_empty() {
        return "No time budgets in this session.\n".into();
    }
    let mut out = String::from("Time budgets:\n");
    for b in &record.session.budgets {
        let item = record
            .agenda_item(b.agenda_item)
            .map(|a| format!("item {}", a.number))
            .unwrap_or_default();
        let holder = match &b.holder {
            BudgetHolder::Delegation(id) => record.speaker_name(*id).to_string(),
            BudgetHolder::Group(g) => format!("on behalf of {g}"),
            BudgetHolder::Category(c) => c.label().to_string(),
        };
        let left = b.left(record, now);
        out.push_str(&format!(
            "  {item:<10} {holder:<40} {}  {}\n",
            clock_face(i64::from(b.secs)),
            if left < 0 {
                format!("{} OVER", clock_face(-left))
            } else {
                format!("{} left", clock_face(left))
            }
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::SessionId;
    use chrono::TimeZone;

    fn session() -> SessionRecord {
        let now = chrono::Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap();
        let mut record = SessionRecord::starter(SessionId(1), now, "UTC");
        record.participants.push(Participant {
            id: ParticipantId(1),
            name: "Observatory on Transplant Ethics".into(),
            category: Category::Ngo,
            attendance: Default::default(),
            organisation: None,
        });
        record
    }

    #[test]
    fn a_participant_is_named_as_the_finder_finds_them_and_never_by_scattered_letters() {
        let mut record = session();
        let (uk, added) = participant_named(&mut record, "UK").unwrap();
        assert!(
            matches!(added, Some(Change::Participant(_, ref p)) if p.name.starts_with("United Kingdom"))
        );
        assert_eq!(
            participant_named(&mut record, "united kingdom").unwrap(),
            (uk, None),
            "added once"
        );
        let (observatory, _) = participant_named(&mut record, "observatory").unwrap();
        assert_eq!(observatory, ParticipantId(1));
        let (australia, _) = participant_named(&mut record, "AUS").unwrap();
        assert_eq!(record.speaker_name(australia), "Australia");
        let roster = record.participants.len();
        let refused = participant_named(&mut record, "Atlantis")
            .unwrap_err()
            .to_string();
        assert!(
            refused.contains("\"Atlantis\" is not on the session's roster"),
            "{refused}"
        );
        assert_eq!(record.participants.len(), roster, "a refusal adds no one");
        // The finder's one rule: what it would not take on Enter, the command refuses too.
        for typed in ["Terre des Hommes", "ECPAT International", "trnsplnt"] {
            let refused = participant_named(&mut record, typed)
                .unwrap_err()
                .to_string();
            assert!(
                refused.contains("is not on the session's roster"),
                "{refused}"
            );
        }
        assert_eq!(record.participants.len(), roster);
    }
}
