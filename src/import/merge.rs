//! Merging a session read from a JSON export into the store: two rapporteurs who logged the
//! same session on two laptops (one the morning, one the afternoon, or both the same meeting
//! as a backup) bring their records together. Pure: the caller reads and writes the store.
//!
//! The rules:
//! - A session is the same as one in the store when body, number and first day match
//!   (ignoring case and runs of spaces); otherwise the file becomes a new session, kept as
//!   it is but for its id (`as_new`).
//! - The session's own details (chairs, dates, time zone, limits): the store's are kept, and
//!   a difference is reported. Time budgets missing from the store are added, and so are
//!   the session's own abbreviations (for a short form in both, the store's is kept).
//! - Meetings by number, agenda items by number (ignoring case and spaces), participants by
//!   name (`roster::search_key`): the union. Where both have one and they differ (scheduled
//!   times, title, category…), the store's is kept and the difference reported. New agenda
//!   items and participants get new ids, and everything in the file that names them is
//!   remapped.
//! - Meeting notes, the venue and a participant's attendance are merged like notes: one
//!   the store lacks is taken from the file; the same text (ignoring runs of spaces) is one
//!   version; a note that continues the other (the other is where it starts) wins; two that
//!   truly differ are a conflict, both kept (`domain::conflict`).
//! - Interventions are the same when meeting, agenda item number, speaker name and kind,
//!   as recorded live, match and they started at most `WINDOW` (10 s) apart: a second
//!   rapporteur presses keys a little late. When several of the store's fall in the window,
//!   the nearest start is taken, then the earlier; each is matched once. A point of order is
//!   matched the same way, and follows the intervention it interrupted.
//! - One the file has and the store lacks, that overlaps in time an intervention the store
//!   has and the file lacks, in the same meeting and starting within the window, is that
//!   intervention logged under another speaker, kind or item (`same_floor_in_store`): the
//!   floor is one at a time. Not two interventions at once, but one, and a conflict.
//! - Two versions of one intervention merge as `reconcile` says: a correction made on one
//!   side wins; corrections on both sides from the same live record merge to the later one,
//!   both kept in its history; independent versions that truly differ are a conflict: the
//!   store's is counted, the file's kept beside it until someone keeps one (`rapporteur
//!   conflicts`). So an intervention is never doubled and never dropped.
//! - When interventions were added, all the session's interventions are numbered again by
//!   start time, so that ids stay the order the floor was given; `interrupts` and the
//!   conflicts follow.
//! - Conflicts the file itself holds are carried over, unless the store holds them already.
//! - Lists of speakers: the store's; for an agenda item the store has no list for, the file's.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};

use super::reconcile::{reconcile, Outcome, WINDOW};
use crate::domain::conflict::{self, Disputed};
use crate::domain::{
    next_free_id, AgendaItem, AgendaItemId, BudgetHolder, Conflict, Intervention, InterventionId,
    InterventionKind, Meeting, Participant, ParticipantId, Patch, Session, SessionId,
    SessionRecord,
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
/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeReport {
    pub session: SessionId,
    pub title: String,
    /// Interventions of the file added to the session.
    pub added: usize,
    /// Interventions of the file the session already held as they are.
    pub already_there: usize,
    /// The file's interventions taken as the store's though they started a few seconds
    /// apart, one line each: which, and how far apart.
    pub matched: Vec<String>,
    /// Where the file's version brought the store's up to date (a later correction), one
    /// line each: which, and why.
    pub updated: Vec<String>,
    /// The conflicts this merge found, one line each, by their number in the session.
    pub conflicts: Vec<String>,
    pub meetings_added: usize,
    pub items_added: usize,
    pub participants_added: usize,
    pub budgets_added: usize,
    /// The file's session's own abbreviations the store's session did not have.
    pub abbreviations_added: usize,
    /// Lists of speakers taken from the file, for items the store had none for.
    pub lists_taken: usize,
    /// Meeting notes and the venue taken from the file, where the store's were empty or
    /// the file's continued them.
    pub notes_taken: usize,
    /// Where the store and the file differ and the store's was kept.
    pub kept: Vec<String>,
}

impl MergeReport {
    fn new(base: &SessionRecord) -> MergeReport {
        MergeReport {
            session: base.session.id,
            title: base.session.title(),
            added: 0,
            already_there: 0,
            matched: Vec::new(),
            updated: Vec::new(),
            conflicts: Vec::new(),
            meetings_added: 0,
            items_added: 0,
            participants_added: 0,
            budgets_added: 0,
            abbreviations_added: 0,
            lists_taken: 0,
            notes_taken: 0,
            kept: Vec::new(),
        }
    }

    /// "Merged FILE into session N (title): 12 interventions added, 30 already there, …",
    /// then what it matched, what it took from the file and what it kept both of, and why.
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
            (self.abbreviations_added, "abbreviation"),
            (self.lists_taken, "list of speakers"),
            (self.notes_taken, "meeting note or venue"),
        ];
        for (n, what) in extras.into_iter().filter(|(n, _)| *n > 0) {
            out.push_str(&format!(", {} added", plural(n, what)));
        }
        if !self.updated.is_empty() {
            out.push_str(&format!(
                ", {} brought up to date",
                plural(self.updated.len(), "intervention")
            ));
        }
        if !self.conflicts.is_empty() {
            out.push_str(&format!(
                ", {} kept for a decision",
                plural(self.conflicts.len(), "conflict")
            ));
        }
        out.push_str(".\n");
        out.push_str(&self.describe_choices());
        out.push_str(&self.describe_kept());
        out
    }

    /// What the merge matched, took from the file and kept both of, each under a heading;
    /// nothing if none.
    pub fn describe_choices(&self) -> String {
        let mut out = String::new();
        let sections = [
            (
                "Matched as the same intervention, logged a few seconds apart:",
                &self.matched,
            ),
            ("Took the file's version, the later one:", &self.updated),
            (
                "Kept both versions, truly different (the store's is counted; keep one with \
                 `rapporteur conflicts keep ID 1|2`):",
                &self.conflicts,
            ),
        ];
        for (heading, lines) in sections {
            if !lines.is_empty() {
                out.push_str(heading);
                out.push('\n');
                for line in lines {
                    out.push_str(&format!("  {line}\n"));
                }
            }
        }
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
            + self.updated.len()
            + self.conflicts.len()
            + self.meetings_added
            + self.items_added
            + self.participants_added
            + self.budgets_added
            + self.abbreviations_added
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
        (_, "meeting note or venue") => format!("{n} meeting notes or venues"),
        _ => format!("{n} {what}s"),
    }
}

/// The session after a merge, and what the merge did.
#[derive(Debug, Clone)]
pub struct Merged {
    pub record: SessionRecord,
    pub report: MergeReport,
}

/// Who an intervention is, but for when it started: meeting, agenda item number, speaker
/// name and kind, as recorded live (one corrected afterwards is still the same one).
type Identity = (u32, String, String, InterventionKind);

fn identity(record: &SessionRecord, iv: &Intervention) -> (Identity, DateTime<Utc>) {
    let live = iv.live_facts();
    let who = (
        live.meeting,
        record
            .agenda_item(live.agenda_item)
            .map(|a| item_key(&a.number))
            .unwrap_or_else(|| format!("#{}", live.agenda_item.0)),
        search_key(record.speaker_name(live.speaker)),
        live.kind,
    );
    (who, live.started_at)
}

/// Merges `incoming` (a file's session, read from `from`) into `base` (the store's). See
/// the module's rules.
pub fn merge(base: &SessionRecord, incoming: &SessionRecord, from: &str) -> Merged {
    let mut record = base.clone();
    let mut report = MergeReport::new(base);
    merge_session(&mut record, incoming, from, &mut report);
    merge_meetings(&mut record, &incoming.meetings, from, &mut report);
    let items = merge_agenda(&mut record.agenda, &incoming.agenda, &mut report);
    let people = merge_participants(&mut record, &incoming.participants, from, &mut report);
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
    let ids = Renaming {
        item: &item,
        person: &person,
    };
    merge_interventions(&mut record, base, incoming, &ids, from, &mut report);
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

/// Adds a conflict to the session, unless it holds the same one already; reports it.
fn add_conflict(
    record: &mut SessionRecord,
    from: &str,
    disputed: Disputed,
    what: String,
    report: &mut MergeReport,
) {
    if record
        .session
        .conflicts
        .iter()
        .any(|c| c.disputed == disputed)
    {
        return;
    }
    let id = conflict::next_id(&record.session.conflicts);
    record.session.conflicts.push(Conflict {
        id,
        from: from.to_string(),
        disputed,
    });
    report.conflicts.push(format!("conflict {}: {what}", id.0));
}

/// How two texts merged like notes compare.
enum Texts {
    /// One version: the same, or the file's empty or where the store's starts.
    Ours,
    /// The store's empty, or where the file's starts: the file's continues it.
    Theirs,
    Conflict,
}

fn compare_texts(ours: &str, theirs: &str) -> Texts {
    let flat = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let (a, b) = (flat(ours), flat(theirs));
    if a == b || b.is_empty() || a.starts_with(&b) {
        Texts::Ours
    } else if a.is_empty() || b.starts_with(&a) {
        Texts::Theirs
    } else {
        Texts::Conflict
    }
}

fn merge_session(
    record: &mut SessionRecord,
    incoming: &SessionRecord,
    from: &str,
    report: &mut MergeReport,
) {
    let (ours, theirs) = (&mut record.session, &incoming.session);
    let mut differs = |what: &str, a: String, b: String| {
        if a != b {
            report.kept.push(format!(
                "the session's {what}: {a:?} in the store, {b:?} in the file"
            ));
        }
    };
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
    match compare_texts(&ours.venue, &theirs.venue) {
        Texts::Ours => {}
        Texts::Theirs => {
            ours.venue = theirs.venue.clone();
            report.notes_taken += 1;
        }
        Texts::Conflict => {
            let what = format!(
                "the venue: {:?} in the store, {:?} in the file",
                ours.venue, theirs.venue
            );
            let other = theirs.venue.clone();
            add_conflict(record, from, Disputed::Venue { other }, what, report);
        }
    }
    merge_abbreviations(&mut record.session, &incoming.session, report);
}

/// The file's session's own abbreviations join the store's; for a short form both have
/// with different expansions, the store's is kept and the difference reported.
fn merge_abbreviations(ours: &mut Session, theirs: &Session, report: &mut MergeReport) {
    for (short, expansion) in &theirs.abbreviations {
        match ours.abbreviations.get(short) {
            None => {
                ours.abbreviations.insert(short.clone(), expansion.clone());
                report.abbreviations_added += 1;
            }
            Some(kept) if kept != expansion => report.kept.push(format!(
                "the session's abbreviation \"{short}\": {kept:?} in the store, {expansion:?} \
                 in the file"
            )),
            Some(_) => {}
        }
    }
}

fn merge_meetings(
    record: &mut SessionRecord,
    theirs: &[Meeting],
    from: &str,
    report: &mut MergeReport,
) {
    for m in theirs {
        let Some(o) = record.meetings.iter_mut().find(|o| o.number == m.number) else {
            record.meetings.push(m.clone());
            report.meetings_added += 1;
            continue;
        };
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
        match compare_texts(&o.note, &m.note) {
            Texts::Ours => {}
            Texts::Theirs => {
                o.note = m.note.clone();
                report.notes_taken += 1;
            }
            Texts::Conflict => {
                let (a, b) = excerpts(&o.note, &m.note);
                let what = format!("the note of meeting {} (store: {a}, file: {b})", m.number);
                let disputed = Disputed::MeetingNote {
                    meeting: m.number,
                    other: m.note.clone(),
                };
                add_conflict(record, from, disputed, what, report);
            }
        }
    }
    for m in theirs {
        merge_recording(record, m, from, report);
    }
    record.meetings.sort_by_key(|m| m.number);
}

/// A recording start (and typing lag) known to one side only is taken; two that differ are a
/// conflict: the store's is kept and marked until one is chosen, since every offset of the
/// meeting hangs on it.
fn merge_recording(record: &mut SessionRecord, m: &Meeting, from: &str, report: &mut MergeReport) {
    let Some(o) = record.meetings.iter_mut().find(|o| o.number == m.number) else {
        return;
    };
    if o.recording == m.recording || m.recording.is_unset() {
        return;
    }
    if o.recording.is_unset() {
        o.recording = m.recording;
        return;
    }
    let what = format!(
        "the recording start of meeting {} (store and file differ)",
        m.number
    );
    let disputed = Disputed::Recording {
        meeting: m.number,
        other: m.recording,
    };
    add_conflict(record, from, disputed, what, report);
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
    from: &str,
    report: &mut MergeReport,
) -> HashMap<ParticipantId, ParticipantId> {
    let mut map = HashMap::new();
    for p in theirs {
        let key = search_key(&p.name);
        let found = record
            .participants
            .iter()
            .find(|o| search_key(&o.name) == key)
            .or_else(|| merged_into(record, &key))
            .cloned();
        let id = match found {
            Some(o) => {
                let describe = |p: &Participant| {
                    format!(
                        "{}{}",
                        p.category.label(),
                        p.organisation
                            .as_deref()
                            .map(|org| format!(", {org}"))
                            .unwrap_or_default()
                    )
                };
                if describe(&o) != describe(p) {
                    report.kept.push(format!(
                        "participant {}: {} in the store, {} in the file",
                        o.name,
                        describe(&o),
                        describe(p)
                    ));
                }
                if o.attendance != p.attendance {
                    let what = format!(
                        "the attendance of {}: {} in the store, {} in the file",
                        o.name,
                        o.attendance.label(),
                        p.attendance.label()
                    );
                    let disputed = Disputed::Attendance {
                        participant: o.id,
                        other: p.attendance,
                    };
                    add_conflict(record, from, disputed, what, report);
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

/// The entry a name the store merged into another now stands for (the latest merge of it),
/// if that entry is still on the roster: the store's merge said the two are one.
fn merged_into<'r>(record: &'r SessionRecord, key: &str) -> Option<&'r Participant> {
    let merge = record
        .session
        .roster_merges
        .iter()
        .rev()
        .find(|m| search_key(&m.gone.name) == key)?;
    record.participant(merge.into)
}

/// How a file's ids become the store's.
struct Renaming<'a> {
    item: &'a dyn Fn(AgendaItemId) -> AgendaItemId,
    person: &'a dyn Fn(ParticipantId) -> ParticipantId,
}

impl Renaming<'_> {
    fn intervention(&self, iv: &Intervention) -> Intervention {
        let mut iv = iv.clone();
        iv.rename_ids(self.person, self.item);
        iv
    }
}

/// Where an intervention of the merged session comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Origin {
    /// The store's, by its id before the merge.
    Store(InterventionId),
    /// The file's, added, by its id in the file.
    File(InterventionId),
}

/// "meeting 2, item 3, Brazil, statement at 15:04:05".
fn describe_intervention(record: &SessionRecord, iv: &Intervention, tz: chrono_tz::Tz) -> String {
    format!(
        "meeting {}, item {}, {}, {} at {}",
        iv.meeting,
        record
            .agenda_item(iv.agenda_item)
            .map(|a| a.number.as_str())
            .unwrap_or("?"),
        record.speaker_name(iv.speaker),
        iv.kind.label(),
        iv.started_at.with_timezone(&tz).format("%H:%M:%S")
    )
}

/// The store's intervention the file's `iv` is, if any: same identity, the nearest start
/// within the window, then the earlier; one not matched yet. `iv` with the store's ids, named
/// as `record` (the merged roster and agenda) names them: a speaker the store merged into
/// another entry is that entry.
fn match_in_store(
    in_store: &HashMap<Identity, Vec<(DateTime<Utc>, usize)>>,
    taken: &[bool],
    record: &SessionRecord,
    iv: &Intervention,
) -> Option<(TimeDelta, usize)> {
    let (who, start) = identity(record, iv);
    in_store
        .get(&who)?
        .iter()
        .filter(|(_, i)| !taken[*i])
        .map(|(at, i)| ((*at - start).abs(), *at, *i))
        .filter(|(gap, ..)| *gap <= WINDOW)
        .min()
        .map(|(gap, _, i)| (gap, i))
}

/// The store's intervention the file's `iv` is though it names another speaker, kind or
/// item: one not matched otherwise, in the same meeting, starting within the window and
/// overlapping it in time. The floor is one at a time, so two rapporteurs' interventions
/// that overlap are one floor logged two ways, not two; a point of order, which overlaps
/// the statement it interrupts, is only ever another point of order. `by_start`: the
/// store's interventions by their live start, in order; only those within the window of
/// `iv`'s start are looked at.
fn same_floor_in_store(
    base: &SessionRecord,
    by_start: &[(DateTime<Utc>, usize)],
    taken: &[bool],
    iv: &Intervention,
) -> Option<(TimeDelta, usize)> {
    let theirs = iv.live_facts();
    let order = |kind| kind == InterventionKind::PointOfOrder;
    let until = |f: &crate::domain::Facts| f.ended_at.unwrap_or(DateTime::<Utc>::MAX_UTC);
    let earliest = theirs.started_at.checked_sub_signed(WINDOW);
    let latest = theirs.started_at.checked_add_signed(WINDOW);
    let from = by_start.partition_point(|(at, _)| earliest.is_some_and(|e| *at < e));
    let to = by_start.partition_point(|(at, _)| latest.is_none_or(|l| *at <= l));
    by_start[from..to.max(from)]
        .iter()
        .filter(|(_, i)| !taken[*i])
        .map(|(_, i)| (*i, base.interventions[*i].live_facts()))
        .filter(|(_, ours)| {
            ours.meeting == theirs.meeting
                && order(ours.kind) == order(theirs.kind)
                && ours.started_at < until(&theirs)
                && theirs.started_at < until(ours)
        })
        .map(|(i, ours)| {
            (
                (ours.started_at - theirs.started_at).abs(),
                ours.started_at,
                i,
            )
        })
        .min()
        .map(|(gap, _, i)| (gap, i))
}

fn merge_interventions(
    record: &mut SessionRecord,
    base: &SessionRecord,
    incoming: &SessionRecord,
    ids: &Renaming,
    from: &str,
    report: &mut MergeReport,
) {
    let tz = base.session.tz();
    let mut in_store: HashMap<Identity, Vec<(DateTime<Utc>, usize)>> = HashMap::new();
    for (i, iv) in base.interventions.iter().enumerate() {
        let (who, start) = identity(base, iv);
        in_store.entry(who).or_default().push((start, i));
    }
    let mut taken = vec![false; base.interventions.len()];
    let mut current = base.interventions.clone();
    // The file's interventions found in the store: file id → index in the store's.
    let mut found: HashMap<InterventionId, usize> = HashMap::new();
    let mut added: Vec<&Intervention> = Vec::new();
    // (index in the store's, the file's version with the store's ids, what differs).
    let mut conflicts: Vec<(usize, Intervention, Vec<String>)> = Vec::new();
    // In the order the floor was given, so that the earlier is matched first.
    let mut order: Vec<&Intervention> = incoming.interventions.iter().collect();
    order.sort_by_key(|iv| (iv.live_facts().started_at, iv.id));
    let mut pairs: Vec<(&Intervention, TimeDelta, usize)> = Vec::new();
    for iv in order {
        match match_in_store(&in_store, &taken, record, &ids.intervention(iv)) {
            Some((gap, i)) => {
                taken[i] = true;
                pairs.push((iv, gap, i));
            }
            None => added.push(iv),
        }
    }
    let mut by_start: Vec<(DateTime<Utc>, usize)> = base
        .interventions
        .iter()
        .enumerate()
        .map(|(i, iv)| (iv.live_facts().started_at, i))
        .collect();
    by_start.sort_unstable();
    added.retain(
        |iv| match same_floor_in_store(base, &by_start, &taken, iv) {
            Some((gap, i)) => {
                taken[i] = true;
                pairs.push((iv, gap, i));
                false
            }
            None => true,
        },
    );
    for (iv, gap, i) in pairs {
        found.insert(iv.id, i);
        let ours = &base.interventions[i];
        let which = describe_intervention(base, ours, tz);
        if gap > TimeDelta::zero() {
            let later = if identity(incoming, iv).1 > identity(base, ours).1 {
                "later"
            } else {
                "earlier"
            };
            report.matched.push(format!(
                "{which}: {} s {later} in the file",
                gap.num_seconds()
            ));
        }
        let theirs = ids.intervention(iv);
        // A version the store already keeps beside this one is not new.
        let kept_beside = conflict::of_intervention(base, ours.id).is_some_and(|c| {
            matches!(&c.disputed, Disputed::Intervention { other, .. }
                if reconcile(other, &theirs) == Outcome::Same)
        });
        if kept_beside {
            report.already_there += 1;
            continue;
        }
        match reconcile(&current[i], &theirs) {
            Outcome::Same => report.already_there += 1,
            Outcome::Updated { merged, why } => {
                current[i] = *merged;
                report.updated.push(format!("{which}: {}", why.join("; ")));
            }
            Outcome::Conflict => {
                let differences = differences(record, &current[i], &theirs, tz);
                conflicts.push((i, theirs, differences));
            }
        }
    }
    report.added = added.len();

    // Everything in start order; at the same instant, the store's first, in their order.
    // Ids stay as they are when nothing was added.
    let mut all: Vec<(DateTime<Utc>, Origin, Intervention)> = current
        .into_iter()
        .map(|iv| (iv.started_at, Origin::Store(iv.id), iv))
        .collect();
    for iv in &added {
        all.push((iv.started_at, Origin::File(iv.id), ids.intervention(iv)));
    }
    let renumbered: HashMap<Origin, InterventionId> = if added.is_empty() {
        all.iter().map(|(_, o, iv)| (*o, iv.id)).collect()
    } else {
        all.sort_by_key(|a| (a.0, a.1));
        all.iter()
            .enumerate()
            .map(|(i, (_, origin, _))| (*origin, InterventionId(i as u64 + 1)))
            .collect()
    };
    let from_store = |id: InterventionId| renumbered.get(&Origin::Store(id)).copied();
    let from_file = |id: InterventionId| match found.get(&id) {
        Some(i) => from_store(base.interventions[*i].id),
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

    // The store's conflicts follow their interventions' new numbers.
    for c in &mut record.session.conflicts {
        if let Disputed::Intervention { id, other } = &mut c.disputed {
            if let Some(new) = from_store(*id) {
                *id = new;
                other.id = new;
                other.interrupts = other.interrupts.and_then(from_store);
            }
        }
    }
    // So do the merges of the roster that can be taken back.
    for merge in &mut record.session.roster_merges {
        for id in merge.spoke.iter_mut().chain(merge.spoken_for.iter_mut()) {
            if let Some(new) = from_store(*id) {
                *id = new;
            }
        }
    }
    for (i, mut theirs, differences) in conflicts {
        let ours = &base.interventions[i];
        let id = from_store(ours.id).unwrap_or(ours.id);
        theirs.id = id;
        theirs.interrupts = theirs.interrupts.and_then(from_file);
        let what = format!(
            "{}: {}",
            describe_intervention(base, ours, tz),
            differences.join("; ")
        );
        let disputed = Disputed::Intervention {
            id,
            other: Box::new(theirs),
        };
        add_conflict(record, from, disputed, what, report);
    }
    carry_over_conflicts(record, incoming, ids, &from_file, report);
}

/// The conflicts the file itself holds (it was merged before), in the store's ids; one
/// whose other version is what the record now holds is settled already.
fn carry_over_conflicts(
    record: &mut SessionRecord,
    incoming: &SessionRecord,
    ids: &Renaming,
    from_file: &dyn Fn(InterventionId) -> Option<InterventionId>,
    report: &mut MergeReport,
) {
    for c in &incoming.session.conflicts {
        let disputed = match &c.disputed {
            Disputed::Intervention { id, other } => {
                let Some(id) = from_file(*id) else { continue };
                let mut other = ids.intervention(other);
                other.id = id;
                other.interrupts = other.interrupts.and_then(from_file);
                let held = record.interventions.iter().find(|iv| iv.id == id);
                if held.is_none_or(|held| reconcile(held, &other) == Outcome::Same) {
                    continue;
                }
                Disputed::Intervention {
                    id,
                    other: Box::new(other),
                }
            }
            Disputed::Attendance { participant, other } => Disputed::Attendance {
                participant: (ids.person)(*participant),
                other: *other,
            },
            other => other.clone(),
        };
        add_conflict(
            record,
            &c.from,
            disputed,
            "carried over from the file".to_string(),
            report,
        );
    }
}

/// What differs between the store's version of an intervention and the file's, in words,
/// names as `record` (the merged roster and agenda) gives them. Ids, and the tags (drawn
/// from the note), are not compared.
fn differences(
    record: &SessionRecord,
    ours: &Intervention,
    theirs: &Intervention,
    tz: chrono_tz::Tz,
) -> Vec<String> {
    let mut out = Vec::new();
    if ours.speaker != theirs.speaker {
        out.push(format!(
            "speaker (store: {}, file: {})",
            record.speaker_name(ours.speaker),
            record.speaker_name(theirs.speaker)
        ));
    }
    if ours.agenda_item != theirs.agenda_item {
        let number = |id| {
            record
                .agenda_item(id)
                .map_or_else(|| "?".to_string(), |a| a.number.clone())
        };
        out.push(format!(
            "agenda item (store: {}, file: {})",
            number(ours.agenda_item),
            number(theirs.agenda_item)
        ));
    }
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
    // Ends a few seconds apart are one rapporteur pressing a key later than the other.
    let near = match (ours.ended_at, theirs.ended_at) {
        (Some(a), Some(b)) => (a - b).abs() <= WINDOW,
        (a, b) => a == b,
    };
    if !near {
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
/// intervention whose id is no longer used (see `Patch`).
pub fn changes(before: Option<&SessionRecord>, after: &SessionRecord) -> Vec<Change> {
    let sid = after.session.id;
    match before {
        Some(before) => Change::for_patch(sid, &Patch::between(before, after)),
        None => {
            let nothing = SessionRecord {
                session: after.session.clone(),
                meetings: Vec::new(),
                agenda: Vec::new(),
                participants: Vec::new(),
                interventions: Vec::new(),
                lists: Vec::new(),
            };
            let mut out = vec![Change::Session(after.session.clone())];
            out.extend(Change::for_patch(sid, &Patch::between(&nothing, after)));
            out
        }
    }
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
        let merged = merge(&base, &incoming, "file.json");
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
        let merged = merge(&record, &record, "file.json");
        assert_eq!(merged.record, record);
        assert!(merged.report.nothing_new());
        assert_eq!(merged.report.already_there, record.interventions.len());
        assert!(changes(Some(&record), &merged.record).is_empty());
    }

    /// One floor, two names: the backup put the statement under the delegation next to the
    /// right one on the list. Two interventions at once would put a line under the wrong
    /// name without a word; it is one intervention, and who spoke is a conflict to settle.
    #[test]
    fn one_floor_logged_under_two_names_is_a_conflict_not_two_interventions() {
        let base = demo();
        let mut incoming = base.clone();
        let (at, iv) = incoming
            .interventions
            .iter_mut()
            .enumerate()
            .find(|(_, iv)| iv.kind == InterventionKind::Statement && iv.interrupts.is_none())
            .unwrap();
        let (ours, theirs) = (iv.speaker, ParticipantId(iv.speaker.0 + 1));
        iv.speaker = theirs;
        iv.started_at += TimeDelta::seconds(2);
        let merged = merge(&base, &incoming, "backup.json");
        assert_eq!(
            merged.record.interventions.len(),
            base.interventions.len(),
            "{:?}",
            merged.report
        );
        assert_eq!(merged.report.added, 0);
        assert_eq!(
            merged.record.interventions[at].speaker, ours,
            "the store's stands"
        );
        let [conflict] = merged.report.conflicts.as_slice() else {
            panic!("one conflict: {:?}", merged.report.conflicts);
        };
        let (a, b) = (base.speaker_name(ours), base.speaker_name(theirs));
        assert!(
            conflict.contains(&format!("speaker (store: {a}, file: {b})")),
            "{conflict}"
        );
    }

    /// Two interventions one after the other, each missed by one of the two rapporteurs, are
    /// two interventions: the floor is one at a time, so they do not overlap.
    #[test]
    fn two_floors_each_missed_on_one_laptop_are_both_kept() {
        let record = demo();
        let (i, next) = record
            .interventions
            .windows(2)
            .enumerate()
            .find(|(_, w)| {
                w.iter().all(|iv| iv.kind != InterventionKind::PointOfOrder)
                    && w[0].ended_at.is_some_and(|end| end <= w[1].started_at)
            })
            .map(|(i, w)| (i, w[1].id))
            .unwrap();
        let mut base = record.clone();
        base.interventions.retain(|iv| iv.id != next);
        let mut incoming = record.clone();
        incoming.interventions.remove(i);
        // Both within the window of each other's start.
        let start = base.interventions[i].started_at;
        incoming.interventions[i].started_at = start + TimeDelta::seconds(8);
        base.interventions[i].ended_at = Some(start + TimeDelta::seconds(6));
        let merged = merge(&base, &incoming, "backup.json");
        assert_eq!(merged.report.added, 1, "{:?}", merged.report);
        assert!(merged.report.conflicts.is_empty(), "{:?}", merged.report);
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
        let merged = merge(&morning, &afternoon, "file.json");
        assert_eq!(merged.record, record);
        assert_eq!(merged.report.already_there, 4);
        assert!(merged.report.conflicts.is_empty());
    }
}
