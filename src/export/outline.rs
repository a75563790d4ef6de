//! The Chair's summary draft as plain data, built once from the record: its title block and
//! its sections (participation, the proceedings, each agenda item with its statements grouped
//! by topic, the topics, the recommendations, the lists of speakers, the speaking time and
//! the participants). The Markdown, the page and the Word document only lay it out, so they
//! cannot say different things.
//!
//! Every text here is clean (see `safe`) and unescaped: each format escapes it its own way.

use std::collections::BTreeMap;

use super::words::{category_heading, category_name, duration, on_behalf_of, prose};
use super::{and_list, count_of, plural, safe, Draft, ItemDraft, Row};
use crate::domain::{recording_clock, Attendance, Category};
use crate::stats::{self, SpeakingTime};

/// The whole draft.
#[derive(Debug, Clone, PartialEq)]
pub struct Outline {
    pub title: String,
    /// Under the title: the venue and dates, the chair.
    pub header: Vec<String>,
    /// "Draft for the Chair's summary, exported …".
    pub exported: String,
    /// What part of the session a scoped draft covers, with its dates.
    pub scope: Option<String>,
    pub sections: Vec<Section>,
}

/// A top-level section: "Participation", "Item 2: …", "Recommendations".
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// A name for links within a page: "participation", "item-2".
    pub id: String,
    pub heading: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading inside a section: level 2 ("Who took the floor", a topic under an item).
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(Vec<Span>),
    /// The meeting and day the statements after it were made in.
    Meeting(String),
    /// A note, line for line; an empty line separates paragraphs.
    Quote(Vec<String>),
    List {
        numbered: bool,
        items: Vec<Vec<Span>>,
    },
    Table(Table),
}

/// A piece of a paragraph or list item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub strong: bool,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            strong: false,
        }
    }

    pub fn strong(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            strong: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    /// A last row of totals, set apart.
    pub total: Option<Vec<String>>,
    /// One bar a row, for a format that can draw them (the page does).
    pub bars: Vec<Bar>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    /// Figures, aligned right.
    pub figures: bool,
}

/// A row's speaking time as a share of the longest: within the limit, then over it.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub within_percent: f64,
    pub over_percent: f64,
    /// "France: 3 min 20 s", for a reader that cannot see the bar.
    pub label: String,
}

/// Said where an item has no statements.
pub const NO_STATEMENTS: &str = "No statements were made under this item.";
/// Said where an item has none in the meeting a draft covers (it may have some in others).
pub const NO_STATEMENTS_IN_SCOPE: &str =
    "No statements were made under this item in the part of the session this draft covers.";

impl Outline {
    pub fn of(draft: &Draft) -> Outline {
        let session = &draft.record.session;
        let mut place = Vec::new();
        if !session.venue.trim().is_empty() {
            place.push(safe::clean_line(&session.venue));
        }
        place.push(draft.dates());
        let mut header = vec![place.join(", ")];
        if let Some(chairs) = draft.chairs() {
            header.push(safe::clean_line(&chairs));
        }

        let mut sections = vec![participation(draft)];
        sections.extend(proceedings(draft));
        for (i, item) in draft.items.iter().enumerate() {
            sections.push(agenda_item(i, item, draft));
        }
        sections.extend(topics(draft));
        sections.extend(recommendations(draft));
        sections.push(lists_of_speakers(draft));
        sections.push(speaking_time(draft));
        sections.push(participants(draft));

        Outline {
            title: safe::clean_line(&session.title()),
            header,
            exported: format!(
                "Draft for the Chair's summary, exported {}",
                draft.exported_at()
            ),
            scope: scope(draft),
            sections,
        }
    }

    /// Every text of the draft in reading order, as a reader finds it whatever the format:
    /// for tests that hold the formats to the same words.
    pub fn texts(&self) -> Vec<String> {
        let mut out = vec![self.title.clone()];
        out.extend(self.header.iter().cloned());
        out.push(self.exported.clone());
        out.extend(self.scope.iter().cloned());
        for section in &self.sections {
            out.push(section.heading.clone());
            for block in &section.blocks {
                match block {
                    Block::Heading { text, .. } | Block::Meeting(text) => out.push(text.clone()),
                    Block::Paragraph(spans) => out.extend(spans.iter().map(|s| s.text.clone())),
                    Block::Quote(lines) => {
                        out.extend(lines.iter().filter(|l| !l.is_empty()).cloned())
                    }
                    Block::List { items, .. } => {
                        out.extend(items.iter().flatten().map(|s| s.text.clone()))
                    }
                    Block::Table(t) => {
                        out.extend(t.columns.iter().map(|c| c.name.clone()));
                        out.extend(t.rows.iter().chain(&t.total).flatten().cloned());
                    }
                }
            }
        }
        out.retain(|t| !t.trim().is_empty());
        out
    }
}

/// "This draft covers only: 2nd meeting, 10:00–13:00, Wednesday 3 July 2024." The day is
/// said, as the draft of one meeting or item may be read apart from the session's.
fn scope(draft: &Draft) -> Option<String> {
    if draft.scope.is_whole_session() {
        return None;
    }
    let mut days: Vec<chrono::NaiveDate> = draft.meetings().map(|m| m.date).collect();
    if draft.scope.agenda_item.is_some() {
        days = draft.rows().map(|r| r.start.date_naive()).collect();
    }
    days.sort();
    days.dedup();
    let days: Vec<String> = days
        .iter()
        .map(|d| d.format("%A %-d %B %Y").to_string())
        .collect();
    let what = safe::clean_line(&draft.scope_description());
    Some(if days.is_empty() {
        format!("This draft covers only: {what}.")
    } else {
        format!("This draft covers only: {what}, {}.", and_list(&days))
    })
}

fn section(id: impl Into<String>, heading: impl Into<String>, blocks: Vec<Block>) -> Section {
    Section {
        id: id.into(),
        heading: heading.into(),
        blocks,
    }
}

fn paragraph(text: impl Into<String>) -> Block {
    Block::Paragraph(vec![Span::plain(text)])
}

fn heading(level: u8, text: impl Into<String>) -> Block {
    Block::Heading {
        level,
        text: text.into(),
    }
}

fn columns(names: &[(&str, bool)]) -> Vec<Column> {
    names
        .iter()
        .map(|&(name, figures)| Column {
            name: name.to_string(),
            figures,
        })
        .collect()
}

/// Counts by category, each split between the room and the screen.
#[derive(Default, Clone, Copy)]
struct Split {
    in_room: usize,
    online: usize,
}

impl Split {
    fn add(&mut self, attendance: Attendance) {
        match attendance {
            Attendance::InRoom => self.in_room += 1,
            Attendance::Online => self.online += 1,
        }
    }

    fn total(self) -> usize {
        self.in_room + self.online
    }
}

/// A table of categories with how many in all, in the room and online, and a total row
/// whose figures are the sums of the rows above it.
fn split_table(first: &str, by_category: &BTreeMap<Category, Split>) -> Table {
    let mut rows = Vec::new();
    let mut sum = Split::default();
    for (&category, &split) in by_category {
        sum.in_room += split.in_room;
        sum.online += split.online;
        rows.push(vec![
            category_name(category),
            split.total().to_string(),
            split.in_room.to_string(),
            split.online.to_string(),
        ]);
    }
    Table {
        columns: columns(&[
            ("Category", false),
            (first, true),
            ("In the room", true),
            ("Online", true),
        ]),
        rows,
        total: Some(vec![
            "Total".into(),
            sum.total().to_string(),
            sum.in_room.to_string(),
            sum.online.to_string(),
        ]),
        bars: Vec::new(),
    }
}

fn participation(draft: &Draft) -> Section {
    let roster = &draft.record.participants;
    let mut blocks = vec![paragraph(draft.participation.sentence())];
    if roster.is_empty() {
        return section("participation", "Participation", blocks);
    }
    let mut on_roster: BTreeMap<Category, Split> = BTreeMap::new();
    for p in roster {
        on_roster.entry(p.category).or_default().add(p.attendance);
    }
    blocks.push(Block::Table(split_table("Participants", &on_roster)));

    // Each speaker once, however often they spoke; a floor taken back is not speaking.
    let mut spoke: Vec<crate::domain::ParticipantId> = draft
        .rows()
        .filter(|r| stats::counts(r.intervention))
        .map(|r| r.intervention.speaker)
        .collect();
    spoke.sort();
    spoke.dedup();
    let mut took_floor: BTreeMap<Category, Split> = BTreeMap::new();
    for id in &spoke {
        let (category, attendance) = draft
            .record
            .participant(*id)
            .map_or((Category::Other, Attendance::InRoom), |p| {
                (p.category, p.attendance)
            });
        took_floor.entry(category).or_default().add(attendance);
    }
    blocks.push(heading(2, "Who took the floor"));
    if spoke.is_empty() {
        blocks.push(paragraph("No one took the floor."));
        return section("participation", "Participation", blocks);
    }
    let parts: Vec<String> = took_floor
        .iter()
        .map(|(&c, s)| count_of(c, s.total()))
        .collect();
    let online: usize = took_floor.values().map(|s| s.online).sum();
    blocks.push(paragraph(format!(
        "{} of the {} took the floor: {}; {} in the room and {} online.",
        spoke.len(),
        plural(roster.len(), "participant", "participants"),
        and_list(&parts),
        spoke.len() - online,
        online
    )));
    blocks.push(Block::Table(split_table("Took the floor", &took_floor)));
    section("participation", "Participation", blocks)
}

/// What was written while no one had the floor, meeting by meeting.
fn proceedings(draft: &Draft) -> Option<Section> {
    let mut blocks = Vec::new();
    for m in draft.meetings().filter(|m| !m.note.trim().is_empty()) {
        blocks.push(Block::Meeting(format!(
            "{}, {}",
            m.title(),
            m.date.format("%A %-d %B %Y")
        )));
        blocks.push(Block::Quote(note_lines(&m.note)));
    }
    (!blocks.is_empty()).then(|| section("proceedings", "Proceedings", blocks))
}

/// A note as the draft quotes it: clean, line for line, the tags it was filed under gone
/// (they are the topics), blank lines at its ends and runs of them left out.
pub fn note_lines(note: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for line in safe::clean(note).lines() {
        let had_text = !line.trim().is_empty();
        let line = prose(line);
        if line.trim().is_empty() {
            // A line of tags only goes whole; a blank line keeps paragraphs apart.
            if !had_text && lines.last().is_some_and(|l| !l.is_empty()) {
                lines.push(String::new());
            }
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// An agenda item: its statements grouped by the topic each was first tagged with, the
/// topics in the order they were first raised under the item, untagged statements last.
fn agenda_item(index: usize, item: &ItemDraft, draft: &Draft) -> Section {
    let id = format!("item-{}", index + 1);
    let heading_text = safe::clean_line(&item.item.heading());
    if item.rows.is_empty() {
        let none = if draft.scope.is_whole_session() {
            NO_STATEMENTS
        } else {
            NO_STATEMENTS_IN_SCOPE
        };
        return section(id, heading_text, vec![paragraph(none)]);
    }
    let topic_of = |row: &Row| -> Option<String> {
        if !stats::counts(row.intervention) {
            return None;
        }
        row.intervention
            .tags
            .iter()
            .find(|t| *t != "recommendation")
            .cloned()
    };
    let mut groups: Vec<(Option<String>, Vec<&Row>)> = Vec::new();
    for row in &item.rows {
        let topic = topic_of(row);
        match groups.iter_mut().find(|(t, _)| *t == topic) {
            Some((_, rows)) => rows.push(row),
            None => groups.push((topic, vec![row])),
        }
    }
    // Untagged statements after the topics.
    groups.sort_by_key(|(topic, _)| topic.is_none());
    let any_topic = groups.iter().any(|(t, _)| t.is_some());

    let mut blocks = Vec::new();
    // The meeting is said where it changes, not again under each topic.
    let mut meeting = None;
    for (topic, rows) in groups {
        if any_topic {
            blocks.push(heading(
                2,
                match &topic {
                    Some(tag) => super::words::topic_name(tag, &draft.record.session.topic_labels),
                    None => "Other statements".to_string(),
                },
            ));
        }
        for row in rows {
            if meeting != Some(row.intervention.meeting) {
                meeting = Some(row.intervention.meeting);
                blocks.push(Block::Meeting(meeting_line(draft, row)));
            }
            blocks.push(Block::Paragraph(statement_line(row, draft)));
            let lines = note_lines(&row.intervention.note);
            if !lines.is_empty() {
                blocks.push(Block::Quote(lines));
            }
        }
    }
    section(id, heading_text, blocks)
}

/// "1st meeting, 10:00–13:00, Tuesday 2 July 2024".
fn meeting_line(draft: &Draft, row: &Row) -> String {
    match draft.record.meeting(row.intervention.meeting) {
        Some(m) => format!("{}, {}", m.title(), m.date.format("%A %-d %B %Y")),
        None => format!(
            "Meeting {}, {}",
            row.intervention.meeting,
            row.start.format("%A %-d %B %Y")
        ),
    }
}

/// The speaker with the group they spoke for: "Hungary, on behalf of the European Union".
fn speaker_with_group(speaker: &str, group: Option<&str>, draft: &Draft) -> String {
    let speaker = safe::clean_line(speaker);
    match group.and_then(|g| on_behalf_of(&speaker, &safe::clean_line(g), roster(draft))) {
        Some(behalf) => format!("{speaker}, {behalf}"),
        None => speaker,
    }
}

fn roster<'d>(draft: &Draft<'d>) -> &'d [crate::domain::Participant] {
    &draft.record.participants
}

/// "**3. Côte d'Ivoire** — statement, 10:08, 3 min 40 s, 40 s over the limit of 3 min —
/// online": the order, who, what kind, when (a time of day) and how long (in words).
fn statement_line(row: &Row, draft: &Draft) -> Vec<Span> {
    let iv = row.intervention;
    let mut who = vec![Span::strong(format!(
        "{}. {}",
        row.order,
        safe::clean_line(row.speaker)
    ))];
    let mut rest = String::new();
    if let Some(group) = iv.on_behalf_of.as_deref() {
        let speaker = safe::clean_line(row.speaker);
        if let Some(behalf) = on_behalf_of(&speaker, &safe::clean_line(group), roster(draft)) {
            rest.push_str(&format!(", {behalf}"));
        }
    }
    rest.push_str(&format!(" \u{2014} {}, {}", row.kind(), row.start_local()));
    // Beside the time of day, where the précis-writer finds it in the recording.
    match row.recording_offset.map(|o| o.secs()) {
        Some(Some(secs)) => rest.push_str(&format!(" [rec {}]", recording_clock(secs))),
        Some(None) => rest.push_str(" [before the recording]"),
        None => {}
    }
    rest.push_str(&format!(", {}", row.timing()));
    if row.attendance == Attendance::Online {
        rest.push_str(" \u{2014} online");
    }
    if let Some(said) = row.facts_corrected() {
        rest.push_str(&said);
    }
    if !iv.corrections.is_empty() {
        rest.push_str(" \u{2014} note corrected after the meeting");
    }
    who.push(Span::plain(rest));
    // Still undecided after a merge: the reader must see it before sending the draft on.
    if let Some(mark) = &row.conflict {
        who.push(Span::strong(format!(
            " \u{2014} {}",
            safe::clean_line(mark)
        )));
    }
    who
}

fn topics(draft: &Draft) -> Option<Section> {
    if draft.topics.is_empty() {
        return None;
    }
    let items = draft
        .topics
        .iter()
        .map(|topic| {
            let speakers: Vec<String> =
                topic.speakers.iter().map(|s| safe::clean_line(s)).collect();
            vec![
                Span::strong(safe::clean_line(&topic.name)),
                Span::plain(format!(
                    " ({}): {}",
                    plural(topic.speakers.len(), "speaker", "speakers"),
                    speakers.join(", ")
                )),
            ]
        })
        .collect();
    Some(section(
        "topics",
        "Topics raised",
        vec![
            paragraph("The statements mainly focused on the following topics:"),
            Block::List {
                numbered: false,
                items,
            },
        ],
    ))
}

fn recommendations(draft: &Draft) -> Option<Section> {
    if draft.recommendations.is_empty() {
        return None;
    }
    let items = draft
        .recommendations
        .iter()
        .map(|r| {
            let speaker = safe::clean_line(&r.speaker);
            let mut by = String::new();
            if let Some(group) = r.on_behalf_of.as_deref() {
                if let Some(behalf) =
                    on_behalf_of(&speaker, &safe::clean_line(group), roster(draft))
                {
                    by.push_str(&format!(", {behalf}"));
                }
            }
            by.push_str(&format!(
                " (item {}): {}",
                safe::clean_line(&r.item),
                safe::clean_line(&r.text)
            ));
            vec![Span::strong(speaker), Span::plain(by)]
        })
        .collect();
    Some(section(
        "recommendations",
        "Recommendations",
        vec![Block::List {
            numbered: true,
            items,
        }],
    ))
}

/// Each item's speakers in the order they first took the floor, each named once.
fn lists_of_speakers(draft: &Draft) -> Section {
    let mut blocks = Vec::new();
    for item in &draft.items {
        blocks.push(heading(2, safe::clean_line(&item.item.heading())));
        let mut names: Vec<String> = Vec::new();
        for row in item.rows.iter().filter(|r| stats::counts(r.intervention)) {
            let name =
                speaker_with_group(row.speaker, row.intervention.on_behalf_of.as_deref(), draft);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        if names.is_empty() {
            blocks.push(paragraph("No one took the floor under this item."));
        } else {
            blocks.push(Block::List {
                numbered: true,
                items: names.into_iter().map(|n| vec![Span::plain(n)]).collect(),
            });
        }
    }
    section("speakers", "List of speakers", blocks)
}

fn time_columns(first: &[(&str, bool)]) -> Vec<Column> {
    let mut all = first.to_vec();
    all.extend([
        ("Interventions", true),
        ("Speaking time", true),
        ("Over the limit", true),
        ("Overtime", true),
    ]);
    columns(&all)
}

fn time_cells(time: &SpeakingTime) -> [String; 4] {
    [
        time.interventions.to_string(),
        duration(time.total_secs),
        time.over_time.to_string(),
        duration(time.overtime_secs),
    ]
}

fn time_table<'t>(
    first: &str,
    rows: impl Iterator<Item = (String, &'t SpeakingTime)>,
    total: Option<&SpeakingTime>,
) -> Table {
    Table {
        columns: time_columns(&[(first, false)]),
        rows: rows
            .map(|(name, time)| {
                let mut cells = vec![safe::clean_line(&name)];
                cells.extend(time_cells(time));
                cells
            })
            .collect(),
        total: total.map(|time| {
            let mut cells = vec!["Total".to_string()];
            cells.extend(time_cells(time));
            cells
        }),
        bars: Vec::new(),
    }
}

fn speaking_time(draft: &Draft) -> Section {
    let stats = &draft.stats;
    let t = &stats.total;
    let mut blocks = vec![paragraph(format!(
        "{} in all, {} spoken; {} over the limit, by {} in all.",
        plural(t.interventions, "intervention", "interventions"),
        duration(t.total_secs),
        t.over_time,
        duration(t.overtime_secs)
    ))];
    if t.interventions == 0 {
        return section("speaking-time", "Speaking time", blocks);
    }

    let longest = stats
        .by_delegation
        .iter()
        .map(|(_, _, time)| time.total_secs)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let mut by_delegation = Table {
        columns: time_columns(&[("Delegation", false), ("Category", false)]),
        rows: Vec::new(),
        total: None,
        bars: Vec::new(),
    };
    for (name, category, time) in &stats.by_delegation {
        let name = safe::clean_line(name);
        let mut cells = vec![name.clone(), category_name(*category)];
        cells.extend(time_cells(time));
        by_delegation.rows.push(cells);
        by_delegation.bars.push(Bar {
            within_percent: (time.total_secs - time.overtime_secs).max(0) as f64 / longest * 100.0,
            over_percent: time.overtime_secs.min(time.total_secs).max(0) as f64 / longest * 100.0,
            label: format!("{name}: {}", duration(time.total_secs)),
        });
    }
    blocks.push(heading(2, "By delegation"));
    blocks.push(Block::Table(by_delegation));

    blocks.push(heading(2, "By category"));
    blocks.push(Block::Table(time_table(
        "Category",
        stats
            .by_category
            .iter()
            .map(|(c, time)| (category_name(*c), time)),
        Some(t),
    )));
    if !stats.by_kind.is_empty() {
        blocks.push(heading(2, "By kind of intervention"));
        blocks.push(Block::Table(time_table(
            "Kind",
            stats
                .by_kind
                .iter()
                .map(|(k, time)| (super::capitalised(k.label()), time)),
            None,
        )));
    }
    if stats.by_agenda_item.len() > 1 {
        blocks.push(heading(2, "By agenda item"));
        blocks.push(Block::Table(time_table(
            "Agenda item",
            stats
                .by_agenda_item
                .iter()
                .map(|(i, time)| (i.clone(), time)),
            None,
        )));
    }
    if !stats.by_group.is_empty() {
        blocks.push(heading(2, "Statements on behalf of groups"));
        blocks.push(Block::Table(time_table(
            "Group",
            stats.by_group.iter().map(|(g, time)| (g.clone(), time)),
            None,
        )));
    }
    section("speaking-time", "Speaking time", blocks)
}

/// The roster by category, each name once, who followed online said so.
fn participants(draft: &Draft) -> Section {
    let roster = &draft.record.participants;
    let mut blocks = Vec::new();
    if roster.is_empty() {
        blocks.push(paragraph("The roster lists no participants."));
    }
    for category in Category::ALL {
        let names: Vec<Vec<Span>> = roster
            .iter()
            .filter(|p| p.category == category)
            .map(|p| {
                let mut name = safe::clean_line(&p.name);
                if let Some(org) = p.organisation.as_deref().map(safe::clean_line) {
                    if !org.is_empty() {
                        name.push_str(&format!(" ({org})"));
                    }
                }
                if p.attendance == Attendance::Online {
                    name.push_str(" \u{2014} online");
                }
                vec![Span::plain(name)]
            })
            .collect();
        if names.is_empty() {
            continue;
        }
        blocks.push(heading(
            2,
            format!("{} ({})", category_heading(category), names.len()),
        ));
        blocks.push(Block::List {
            numbered: false,
            items: names,
        });
    }
    section("participants", "Annex: List of participants", blocks)
}
