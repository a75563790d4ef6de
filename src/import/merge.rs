//! Merging a session read from a JSON export into the store: two rapporteurs who logged the
//! same session on two laptops (one the morning, one the afternoon, or both the same meeting
//! as a backup) bring their records together. Pure: the caller reads and writes the store.
//!
//! The rules:
//! - A session is the same as one in the store when body, number and first day match
//!   (ignoring case and runs of spaces); otherwise the file becomes a new session, kept as
//!   it is but for its id (`as_new`).
//! - The session's own details (venue, chairs, dates, time zone, limits): the store's are
//!   kept, and a difference is reported. Time budgets missing from the store are added.
//! - Meetings by number, agenda items by number (ignoring case and spaces), participants by
//!   name (`roster::search_key`): the union. Where both have one and they differ (scheduled
//!   times, title, category…), the store's is kept and the difference reported. A meeting
//!   note the store lacks is taken from the file. New agenda items and participants get
//!   new ids, and everything in the file that names them is remapped.
//! - Interventions are the same when meeting, agenda item number, speaker name and start
//!   match. One identical to one in the store (same end, pauses, kind, note, corrections…)
//!   is not doubled. One with the same identity but other content is a conflict: both are
//!   kept side by side, and the conflict reported; nothing is ever dropped.
//! - When interventions were added, all the session's interventions are numbered again by
//!   start time, so that ids stay the order the floor was given; `interrupts` follows.
//! - Lists of speakers: the store's; for an agenda item the store has no list for, the file's.

use std::collections::{HashMap, HashSet};
use std::fmt;

use chrono::{DateTime, Utc};

use crate::domain::{
    next_free_id, AgendaItem, AgendaItemId, BudgetHolder, Intervention, InterventionId, Meeting,
    Participant, ParticipantId, Session, SessionId, SessionRecord,
};
use crate::roster::search_key;
use crate::store::Change;

/// Lower case, runs of white space made one space, none at the ends.
fn squash(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// An agenda item's number as compared: "4 (a)", "4(a)" and "4 (A)" are one item.
fn item_key(number: &str) -> String {
    number
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether two records are of the same session: same body, number and first day.
pub fn same_session(a: &Session, b: &Session) -> bool {
    a.first_day == b.first_day
        && squash(&a.body) == squash(&b.body)
        && squash(&a.number) == squash(&b.number)
}

/// The first of `sessions` that is the same session as `incoming`.
pub fn find_same<'a>(
    sessions: impl IntoIterator<Item = &'a Session>,
    incoming: &Session,
) -> Option<SessionId> {
    sessions
        .into_iter()
        .find(|s| same_session(s, incoming))
        .map(|s| s.id)
}

/// A file's session taken as a new one in the store, under `id`: nothing else changes.
pub fn as_new(incoming: &SessionRecord, id: SessionId) -> SessionRecord {
    let mut record = incoming.clone();
    record.session.id = id;
    record
}

/// Two versions of one intervention, both kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub meeting: u32,
    /// The agenda item's number.
    pub item: String,
    pub speaker: String,
    pub started_at: DateTime<Utc>,
    /// The start in the venue's time, "15:04:05".
    pub local_start: String,
    /// What differs, e.g. `note (store: "…", file: "…")`.
    pub differences: Vec<String>,
    /// The store's version and the file's, as numbered after the merge.
    pub kept_as: (InterventionId, InterventionId),
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "meeting {}, item {}, {}, started {}: {} (kept as interventions {} and {})",
            self.meeting,
            self.item,
            self.speaker,
            self.local_start,
            self.differences.join("; "),
            self.kept_as.0 .0,
            self.kept_as.1 .0
        )
    }
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeReport {
    pub session: SessionId,
    pub title: String,
    /// Interventions of the file added to the session (conflicting versions included).
    pub added: usize,
    /// Interventions of the file the session already held, identical.
    pub already_there: usize,
    pub conflicts: Vec<Conflict>,
    pub meetings_added: usize,
    pub items_added: usize,
    pub participants_added: usize,
    pub budgets_added: usize,
    /// Lists of speakers taken from the file, for items the store had none for.
    pub lists_taken: usize,
    /// Meeting notes taken from the file, where the store's were empty.
    pub notes_taken: usize,
    /// Where the store and the file differ and the store's was kept.
    pub kept: Vec<String>,
}

impl MergeReport {
    /// "Merged FILE into session N (title): 12 interventions added, 30 already there, …".
    pub fn describe(&self, file: &str) -> String {
        let mut out = format!(
            "Merged {file} into session {} ({}): {} added, {} already there",
            self.session,
            self.title,
            plural(self.added, "intervention"),
            self.already_there
        );
        let extras = [
            (self.meetings_added, "meeting"),
            (self.items_added, "agenda item"),
            (self.participants_added, "participant"),
            (self.budgets_added, "time budget"),
            (self.lists_taken, "list of speakers"),
            (self.notes_taken, "meeting note"),
        ];
        for (n, what) in extras.into_iter().filter(|(n, _)| *n > 0) {
            out.push_str(&format!(", {} added", plural(n, what)));
        }
        match self.conflicts.len() {
            0 => out.push_str(".\n"),
            n => {
                out.push_str(&format!(", {} kept side by side:\n", plural(n, "conflict")));
                for c in &self.conflicts {
                    out.push_str(&format!("  {c}\n"));
                }
            }
        }
        out.push_str(&self.describe_kept());
        out
    }

    /// The differences where the store's version was kept, one a line, under a heading;
    /// nothing if there are none.
    pub fn describe_kept(&self) -> String {
        let mut out = String::new();
        if !self.kept.is_empty() {
            out.push_str("Kept the store's version where the file differs:\n");
            for k in &self.kept {
                out.push_str(&format!("  {k}\n"));
            }
        }
        out
    }

    /// Whether the file brought nothing new.
    pub fn nothing_new(&self) -> bool {
        self.added
            + self.meetings_added
            + self.items_added
            + self.participants_added
            + self.budgets_added
            + self.lists_taken
            + self.notes_taken
            == 0
    }
}

/// "1 intervention", "12 interventions".
pub(crate) fn plural(n: usize, what: &str) -> String {
    match (n, what) {
        (1, _) => format!("1 {what}"),
        (_, "list of speakers") => format!("{n} lists of speakers"),
        _ => format!("{n} {what}s"),
    }
}

/// The session after a merge, and what the merge did.
#[derive(Debug, Clone)]
pub struct Merged {
    pub record: SessionRecord,
    pub report: MergeReport,
}

/// Who an intervention is: meeting, agenda item number, speaker name, start.
type Identity = (u32, String, String, DateTime<Utc>);

/// Who spoke when, as recorded live: an intervention corrected afterwards (its speaker, item
/// or start) is still the same one.
fn identity(record: &SessionRecord, iv: &Intervention) -> Identity {
    let live = iv.live_facts();
    (
        live.meeting,
        record
            .agenda_item(live.agenda_item)
            .map(|a| item_key(&a.number))
            .unwrap_or_else(|| format!("#{}", live.agenda_item.0)),
        search_key(record.speaker_name(live.speaker)),
        live.started_at,
    )
}

/// Merges `incoming` (a file's session) into `base` (the store's). See the module's rules.
pub fn merge(base: &SessionRecord, incoming: &SessionRecord) -> Merged {
    let mut record = base.clone();
    let mut report = MergeReport {
        session: base.session.id,
        title: base.session.title(),
        added: 0,
        already_there: 0,
        conflicts: Vec::new(),
        meetings_added: 0,
        items_added: 0,
        participants_added: 0,
        budgets_added: 0,
        lists_taken: 0,
        notes_taken: 0,
        kept: Vec::new(),
    };
    merge_session(&mut record.session, &incoming.session, &mut report);
    merge_meetings(&mut record.meetings, &incoming.meetings, &mut report);
    let items = merge_agenda(&mut record.agenda, &incoming.agenda, &mut report);
    let people = merge_participants(&mut record, &incoming.participants, &mut report);
    // A file checked by `export::json::parse` names only what it holds; were it not, an
    // unknown id would be kept as it is rather than panic.
    let item = |id: AgendaItemId| items.get(&id).copied().unwrap_or(id);
    let person = |id: ParticipantId| people.get(&id).copied().unwrap_or(id);
    let remap_holder = |holder: &BudgetHolder| match holder {
        BudgetHolder::Delegation(id) => BudgetHolder::Delegation(person(*id)),
        other => other.clone(),
    };
    for budget in &incoming.session.budgets {
        let mut budget = budget.clone();
        budget.agenda_item = item(budget.agenda_item);
        budget.holder = remap_holder(&budget.holder);
        let budgets = &mut record.session.budgets;
        match budgets
            .iter()
            .find(|b| b.agenda_item == budget.agenda_item && b.holder == budget.holder)
        {
            Some(b) if b.secs != budget.secs => report.kept.push(format!(
                "a time budget on item id {}: {} s in the store, {} s in the file",
                b.agenda_item.0, b.secs, budget.secs
            )),
            Some(_) => {}
            None => {
                budgets.push(budget);
                report.budgets_added += 1;
            }
        }
    }
    merge_interventions(&mut record, base, incoming, &item, &person, &mut report);
    for list in &incoming.lists {
        if record.list(item(list.agenda_item)).is_none() {
            let mut list = list.clone();
            list.agenda_item = item(list.agenda_item);
            for i in list.speakers.iter_mut().chain(list.replies.iter_mut()) {
                i.speaker = person(i.speaker);
            }
            record.lists.push(list);
            report.lists_taken += 1;
        }
    }
    record.lists.sort_by_key(|l| l.agenda_item);
    Merged { record, report }
}

fn merge_session(ours: &mut Session, theirs: &Session, report: &mut MergeReport) {
    let mut differs = |what: &str, a: String, b: String| {
        if a != b {
            report.kept.push(format!(
                "the session's {what}: {a:?} in the store, {b:?} in the file"
            ));
        }
    };
    differs("venue", ours.venue.clone(), theirs.venue.clone());
    differs("chairs", ours.chairs.join("; "), theirs.chairs.join("; "));
    differs(
        "last day",
        ours.last_day.to_string(),
        theirs.last_day.to_string(),
    );
    differs(
        "time zone",
        ours.time_zone.clone(),
        theirs.time_zone.clone(),
    );
    if ours.time_limits != theirs.time_limits {
        report
            .kept
            .push("the session's time limits differ in the file".to_string());
    }
}

fn merge_meetings(ours: &mut Vec<Meeting>, theirs: &[Meeting], report: &mut MergeReport) {
    for m in theirs {
        match ours.iter_mut().find(|o| o.number == m.number) {
            None => {
                ours.push(m.clone());
                report.meetings_added += 1;
            }
            Some(o) => {
                let when = |m: &Meeting| {
                    format!(
                        "{}, {}–{}",
                        m.date,
                        m.scheduled_start.format("%H:%M"),
                        m.scheduled_end.format("%H:%M")
                    )
                };
                if when(o) != when(m) {
                    report.kept.push(format!(
                        "meeting {}: scheduled {} in the store, {} in the file",
                        m.number,
                        when(o),
                        when(m)
                    ));
                }
                if o.note != m.note && !m.note.trim().is_empty() {
                    if o.note.trim().is_empty() {
                        o.note = m.note.clone();
                        report.notes_taken += 1;
                    } else {
                        let (a, b) = excerpts(&o.note, &m.note);
                        report.kept.push(format!(
                            "meeting {}: its note differs (store: {a}, file: {b})",
                            m.number
                        ));
                    }
                }
            }
        }
    }
    ours.sort_by_key(|m| m.number);
}

/// Returns where each of the file's agenda items now is.
fn merge_agenda(
    ours: &mut Vec<AgendaItem>,
    theirs: &[AgendaItem],
    report: &mut MergeReport,
) -> HashMap<AgendaItemId, AgendaItemId> {
    let mut map = HashMap::new();
    for item in theirs {
        let key = item_key(&item.number);
        let id = match ours.iter().find(|o| item_key(&o.number) == key) {
            Some(o) => {
                if squash(&o.title) != squash(&item.title) {
                    report.kept.push(format!(
                        "agenda item {}: titled {:?} in the store, {:?} in the file",
                        o.number, o.title, item.title
                    ));
                }
                o.id
            }
            None => {
                let taken = ours.iter().map(|o| u64::from(o.id.0));
                let id = AgendaItemId(next_free_id(taken, u64::from(u32::MAX)) as u32);
                ours.push(AgendaItem { id, ..item.clone() });
                report.items_added += 1;
                id
            }
        };
        map.insert(item.id, id);
    }
    ours.sort_by_key(|a| a.id);
    map
}

/// Returns who each of the file's participants now is.
fn merge_participants(
    record: &mut SessionRecord,
    theirs: &[Participant],
    report: &mut MergeReport,
) -> HashMap<ParticipantId, ParticipantId> {
    let mut map = HashMap::new();
    for p in theirs {
        let key = search_key(&p.name);
        let id = match record
            .participants
            .iter()
            .find(|o| search_key(&o.name) == key)
        {
            Some(o) => {
                let describe = |p: &Participant| {
                    format!(
                        "{}, {}{}",
                        p.category.label(),
                        p.attendance.label(),
                        p.organisation
                            .as_deref()
                            .map(|org| format!(", {org}"))
                            .unwrap_or_default()
                    )
                };
                if describe(o) != describe(p) {
                    report.kept.push(format!(
                        "participant {}: {} in the store, {} in the file",
                        o.name,
                        describe(o),
                        describe(p)
                    ));
                }
                o.id
            }
            None => {
                let id = record.next_participant_id();
                record.participants.push(Participant { id, ..p.clone() });
                report.participants_added += 1;
                id
            }
        };
        map.insert(p.id, id);
    }
    record.participants.sort_by_key(|p| p.id);
    map
}

/// Where an intervention of the merged session comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Origin {
    /// The store's, by its id before the merge.
    Store(InterventionId),
    /// The file's, added, by its id in the file.
    File(InterventionId),
}

fn merge_interventions(
    record: &mut SessionRecord,
    base: &SessionRecord,
    incoming: &SessionRecord,
    item: &dyn Fn(AgendaItemId) -> AgendaItemId,
    person: &dyn Fn(ParticipantId) -> ParticipantId,
    report: &mut MergeReport,
) {
    let tz = base.session.tz();
    let base_by_id: HashMap<InterventionId, &Intervention> =
        base.interventions.iter().map(|iv| (iv.id, iv)).collect();
    let file_by_id: HashMap<InterventionId, &Intervention> = incoming
        .interventions
        .iter()
        .map(|iv| (iv.id, iv))
        .collect();
    let mut in_store: HashMap<Identity, Vec<&Intervention>> = HashMap::new();
    for iv in &base.interventions {
        in_store.entry(identity(base, iv)).or_default().push(iv);
    }
    // Who an `interrupts` points at, for comparing two versions across the two records.
    let interrupted = |record: &SessionRecord,
                       by_id: &HashMap<InterventionId, &Intervention>,
                       iv: &Intervention| {
        iv.interrupts
            .and_then(|id| by_id.get(&id))
            .map(|target| identity(record, target))
    };

    // The file's interventions found in the store, by file id → store id.
    let mut found: HashMap<InterventionId, InterventionId> = HashMap::new();
    let mut added: Vec<&Intervention> = Vec::new();
    // (store id, file id, differences) of each conflict.
    let mut conflicts: Vec<(InterventionId, InterventionId, Vec<String>)> = Vec::new();
    for iv in &incoming.interventions {
        let candidates = in_store
            .get(&identity(incoming, iv))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let theirs_interrupts = interrupted(incoming, &file_by_id, iv);
        let diffs: Vec<(InterventionId, Vec<String>)> = candidates
            .iter()
            .map(|ours| {
                let mut d = differences(ours, iv, tz);
                if interrupted(base, &base_by_id, ours) != theirs_interrupts {
                    d.push("what it interrupts".to_string());
                }
                (ours.id, d)
            })
            .collect();
        if let Some((id, _)) = diffs.iter().find(|(_, d)| d.is_empty()) {
            found.insert(iv.id, *id);
            report.already_there += 1;
            continue;
        }
        if let Some((id, d)) = diffs.into_iter().next() {
            conflicts.push((id, iv.id, d));
        }
        added.push(iv);
    }
    report.added = added.len();
    if added.is_empty() {
        return;
    }

    // Everything in start order; at the same instant, the store's first, in their order.
    let mut all: Vec<(DateTime<Utc>, Origin, Intervention)> = base
        .interventions
        .iter()
        .map(|iv| (iv.started_at, Origin::Store(iv.id), iv.clone()))
        .collect();
    for iv in &added {
        let mut new = (*iv).clone();
        new.rename_ids(person, item);
        all.push((iv.started_at, Origin::File(iv.id), new));
    }
    all.sort_by_key(|a| (a.0, a.1));
    let renumbered: HashMap<Origin, InterventionId> = all
        .iter()
        .enumerate()
        .map(|(i, (_, origin, _))| (*origin, InterventionId(i as u64 + 1)))
        .collect();
    let from_store = |id: InterventionId| renumbered.get(&Origin::Store(id)).copied();
    let from_file = |id: InterventionId| match found.get(&id) {
        Some(store_id) => from_store(*store_id),
        None => renumbered.get(&Origin::File(id)).copied(),
    };
    record.interventions = all
        .into_iter()
        .map(|(_, origin, mut iv)| {
            iv.id = renumbered[&origin];
            iv.interrupts = match origin {
                Origin::Store(_) => iv.interrupts.and_then(from_store),
                Origin::File(_) => iv.interrupts.and_then(from_file),
            };
            iv
        })
        .collect();

    for (store_id, file_id, differences) in conflicts {
        let iv = file_by_id[&file_id];
        report.conflicts.push(Conflict {
            meeting: iv.meeting,
            item: incoming
                .agenda_item(iv.agenda_item)
                .map(|a| a.number.clone())
                .unwrap_or_default(),
            speaker: incoming.speaker_name(iv.speaker).to_string(),
            started_at: iv.started_at,
            local_start: iv
                .started_at
                .with_timezone(&tz)
                .format("%H:%M:%S")
                .to_string(),
            differences,
            kept_as: (
                renumbered[&Origin::Store(store_id)],
                renumbered[&Origin::File(file_id)],
            ),
        });
    }
}

/// What differs between the store's version of an intervention and the file's, in words.
/// Ids, and the tags (drawn from the note), are not compared.
fn differences(ours: &Intervention, theirs: &Intervention, tz: chrono_tz::Tz) -> Vec<String> {
    let mut out = Vec::new();
    let time = |t: Option<DateTime<Utc>>| match t {
        Some(t) => t.with_timezone(&tz).format("%H:%M:%S").to_string(),
        None => "still speaking".to_string(),
    };
    let limit = |l: Option<u32>| l.map_or("none".to_string(), |s| format!("{s} s"));
    let group = |g: &Option<String>| g.clone().unwrap_or_else(|| "-".into());
    if ours.on_behalf_of != theirs.on_behalf_of {
        out.push(format!(
            "on behalf of (store: {}, file: {})",
            group(&ours.on_behalf_of),
            group(&theirs.on_behalf_of)
        ));
    }
    if ours.kind != theirs.kind {
        out.push(format!(
            "kind (store: {}, file: {})",
            ours.kind.label(),
            theirs.kind.label()
        ));
    }
    if ours.ended_at != theirs.ended_at {
        out.push(format!(
            "end (store: {}, file: {})",
            time(ours.ended_at),
            time(theirs.ended_at)
        ));
    }
    if ours.time_limit_secs != theirs.time_limit_secs {
        out.push(format!(
            "time limit (store: {}, file: {})",
            limit(ours.time_limit_secs),
            limit(theirs.time_limit_secs)
        ));
    }
    if ours.note != theirs.note {
        let (a, b) = excerpts(&ours.note, &theirs.note);
        out.push(format!("note (store: {a}, file: {b})"));
    }
    if ours.pauses != theirs.pauses {
        out.push(format!(
            "pauses (store: {}, file: {})",
            ours.pauses.len(),
            theirs.pauses.len()
        ));
    }
    if ours.given_by_mistake != theirs.given_by_mistake {
        out.push("given by mistake in one only".to_string());
    }
    if ours.live_record() != theirs.live_record() {
        out.push("the note as written live".to_string());
    }
    if ours.fact_corrections != theirs.fact_corrections {
        out.push(format!(
            "corrections of the speaker, kind, item or times (store: {}, file: {})",
            ours.fact_corrections.len(),
            theirs.fact_corrections.len()
        ));
    }
    if ours.corrections != theirs.corrections {
        out.push(format!(
            "corrections (store: {}, file: {})",
            ours.corrections.len(),
            theirs.corrections.len()
        ));
    }
    out
}

/// Two texts that differ, for a report: each quoted on one line, from a little before where
/// they part, cut after a few words.
fn excerpts(a: &str, b: &str) -> (String, String) {
    let flat = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let (a, b) = (flat(a), flat(b));
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    // From the start of a word a little before where they part.
    let back = common.saturating_sub(12);
    let from = a
        .chars()
        .take(back)
        .collect::<Vec<_>>()
        .iter()
        .rposition(|c| *c == ' ')
        .map_or(0, |space| space + 1);
    (excerpt_from(&a, from), excerpt_from(&b, from))
}

fn excerpt_from(text: &str, from: usize) -> String {
    const MAX: usize = 48;
    let mut shown: String = text.chars().skip(from).take(MAX).collect();
    if from > 0 {
        shown.insert(0, '…');
    }
    if text.chars().count() > from + MAX {
        shown.push('…');
    }
    format!("{shown:?}")
}

/// The changes that turn the store's `before` (none for a new session) into `after`: only
/// the records that differ, an intervention always with its note, and the removal of any
/// intervention whose id is no longer used.
pub fn changes(before: Option<&SessionRecord>, after: &SessionRecord) -> Vec<Change> {
    let sid = after.session.id;
    let mut out = Vec::new();
    if before.map(|b| &b.session) != Some(&after.session) {
        out.push(Change::Session(after.session.clone()));
    }
    let had_meeting = |m: &Meeting| before.is_some_and(|b| b.meetings.contains(m));
    out.extend(
        after
            .meetings
            .iter()
            .filter(|m| !had_meeting(m))
            .map(|m| Change::Meeting(sid, m.clone())),
    );
    let had_item = |a: &AgendaItem| before.is_some_and(|b| b.agenda.contains(a));
    out.extend(
        after
            .agenda
            .iter()
            .filter(|a| !had_item(a))
            .map(|a| Change::AgendaItem(sid, a.clone())),
    );
    let had_participant = |p: &Participant| before.is_some_and(|b| b.participants.contains(p));
    out.extend(
        after
            .participants
            .iter()
            .filter(|p| !had_participant(p))
            .map(|p| Change::Participant(sid, p.clone())),
    );
    let before_ivs: HashMap<InterventionId, &Intervention> = before
        .map(|b| b.interventions.iter().map(|iv| (iv.id, iv)).collect())
        .unwrap_or_default();
    for iv in &after.interventions {
        if before_ivs.get(&iv.id) != Some(&iv) {
            out.push(Change::Intervention(sid, iv.clone()));
            out.push(Change::Note(sid, iv.id, iv.note.clone()));
        }
    }
    let kept: HashSet<InterventionId> = after.interventions.iter().map(|iv| iv.id).collect();
    let mut gone: Vec<InterventionId> = before_ivs
        .keys()
        .filter(|id| !kept.contains(id))
        .copied()
        .collect();
    gone.sort();
    out.extend(
        gone.into_iter()
            .map(|id| Change::RemoveIntervention(sid, id)),
    );
    let had_list = |l: &crate::domain::SpeakersList| before.is_some_and(|b| b.lists.contains(l));
    out.extend(
        after
            .lists
            .iter()
            .filter(|l| !had_list(l))
            .map(|l| Change::List(sid, l.clone())),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn demo() -> SessionRecord {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 16, 30, 0).unwrap();
        crate::demo::demo_record(SessionId(1), now)
    }

    #[test]
    fn sessions_match_ignoring_case_and_spaces() {
        let a = demo().session;
        let mut b = a.clone();
        b.id = SessionId(7);
        b.body = format!("  {} ", a.body.to_uppercase().replace(' ', "  "));
        assert!(same_session(&a, &b));
        b.first_day = b.first_day.succ_opt().unwrap();
        assert!(!same_session(&a, &b));
    }

    #[test]
    fn an_agenda_item_id_at_its_maximum_in_the_store_leaves_room_for_a_new_item() {
        let mut base = demo();
        base.agenda[0].id = AgendaItemId(u32::MAX);
        let mut incoming = demo();
        incoming.agenda.push(AgendaItem {
            id: AgendaItemId(99),
            number: "99".into(),
            title: "Other matters".into(),
        });
        let merged = merge(&base, &incoming);
        let mut ids: Vec<u32> = merged.record.agenda.iter().map(|a| a.id.0).collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "every agenda item keeps an id of its own");
        assert_eq!(merged.report.items_added, 1);
    }

    #[test]
    fn merging_a_session_into_itself_changes_nothing() {
        let record = demo();
        let merged = merge(&record, &record);
        assert_eq!(merged.record, record);
        assert!(merged.report.nothing_new());
        assert_eq!(merged.report.already_there, record.interventions.len());
        assert!(changes(Some(&record), &merged.record).is_empty());
    }

    #[test]
    fn the_halves_of_a_session_make_it_whole_again() {
        let record = demo();
        let n = record.interventions.len();
        let mut morning = record.clone();
        morning.interventions.truncate(n / 2 + 2);
        let mut afternoon = record.clone();
        afternoon.interventions.drain(..n / 2 - 2);
        // The afternoon laptop numbered its own interventions from 1, and knew its
        // participants under other ids.
        afternoon.participants.reverse();
        let count = afternoon.participants.len() as u32;
        let renumber = |id: ParticipantId| ParticipantId(count + 1 - id.0);
        for (i, p) in afternoon.participants.iter_mut().enumerate() {
            p.id = ParticipantId(i as u32 + 1);
        }
        let first = afternoon.interventions[0].id.0;
        for iv in &mut afternoon.interventions {
            iv.speaker = renumber(iv.speaker);
            iv.id = InterventionId(iv.id.0 - first + 1);
            iv.interrupts = iv
                .interrupts
                .filter(|i| i.0 >= first)
                .map(|i| InterventionId(i.0 - first + 1));
        }
        for list in &mut afternoon.lists {
            for i in list.speakers.iter_mut().chain(list.replies.iter_mut()) {
                i.speaker = renumber(i.speaker);
            }
        }
        let merged = merge(&morning, &afternoon);
        assert_eq!(merged.record, record);
        assert_eq!(merged.report.already_there, 4);
        assert!(merged.report.conflicts.is_empty());
    }
}
