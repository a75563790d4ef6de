//! Importing the secretariat's list of participants: a CSV file, checked whole before anything
//! is written, then merged into a session's roster. Pure: text comes in, rows and the changes
//! to make come out; `cli.rs` reads the file and writes the store.

use std::collections::HashMap;
use std::fmt;

use crate::domain::{Attendance, Category, Participant, SessionRecord};
use crate::keymap::edit_distance;
use crate::roster;

/// One participant as the file lists it, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The file's physical line where the row starts (the header is line 1).
    pub line: u64,
    /// As the shipped roster spells it when it knows the delegation, else as the file does.
    pub name: String,
    pub category: Category,
    /// `None` when the file has no attendance column: a participant already on the roster
    /// keeps theirs, a new one is in the room. An empty cell means in the room.
    pub attendance: Option<Attendance>,
    /// `None` when the file gives none: a participant already on the roster keeps theirs.
    pub organisation: Option<String>,
}

/// A file read and checked: its rows, one per participant, in the file's order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parsed {
    pub rows: Vec<Row>,
    /// What the import decided on its own (columns ignored, names taken from the shipped
    /// roster, repeated rows), each starting with `FILE:LINE:`.
    pub notes: Vec<String>,
}

/// One thing wrong with the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: u64,
    /// The column at fault, by its standard name ("name", "category"…), if one is.
    pub field: Option<&'static str>,
    pub message: String,
}

/// Everything wrong with a file, in the order of its lines. One line each when displayed:
/// `roster.csv:4: field "category": unknown category "NGOs"; did you mean "NGO"?`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportErrors {
    pub file: String,
    pub problems: Vec<Problem>,
}

impl fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}:{}: ", self.file, p.line)?;
            if let Some(field) = p.field {
                write!(f, "field \"{field}\": ")?;
            }
            f.write_str(&p.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportErrors {}

/// The columns the import reads; any other is ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Name,
    Category,
    Attendance,
    Organisation,
}

impl Column {
    const ALL: [Column; 4] = [
        Column::Name,
        Column::Category,
        Column::Attendance,
        Column::Organisation,
    ];

    fn name(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::Category => "category",
            Column::Attendance => "attendance",
            Column::Organisation => "organisation",
        }
    }

    fn from_header(text: &str) -> Option<Column> {
        match squash(text).as_str() {
            "name" => Some(Column::Name),
            "category" => Some(Column::Category),
            "attendance" => Some(Column::Attendance),
            "organisation" | "organization" => Some(Column::Organisation),
            _ => None,
        }
    }
}

/// Reads and checks a whole list of participants. `file_label` names the file in notes and
/// problems. Either every row is good and all come back, or every problem found does.
pub fn parse(text: &str, file_label: &str) -> Result<Parsed, ImportErrors> {
    let fail = |problems: Vec<Problem>| ImportErrors {
        file: file_label.to_string(),
        problems,
    };
    // Excel's "CSV UTF-8" starts the file with a byte order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let empty = || {
        fail(vec![Problem {
            line: 1,
            field: None,
            message: "the file is empty: it needs a header row naming its columns, e.g. \
                      name,category,attendance,organisation"
                .into(),
        }])
    };
    let Some(header_line) = text.lines().find(|l| !l.trim().is_empty()) else {
        return Err(empty());
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(header_line))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());

    // Each record with the lines it starts and ends on. The csv crate's position of a
    // record is where it began looking for it, before the blank lines and the `\n` of a
    // `\r\n` it skips, so the line is counted here from the first byte of the record.
    let mut records: Vec<(csv::StringRecord, u64, u64)> = Vec::new();
    let mut counted = (0usize, 1u64); // (byte, line at that byte)
    loop {
        let mut record = csv::StringRecord::new();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let looked_from = record.position().map_or(0, |p| p.byte() as usize);
                let rest = text.get(looked_from..).unwrap_or("");
                let start =
                    looked_from + (rest.len() - rest.trim_start_matches(['\r', '\n']).len());
                let end = (reader.position().byte() as usize).max(start);
                let first = counted.1 + newlines(text, counted.0, start);
                counted = (start, first);
                let span = text.get(start..end).unwrap_or("");
                let last = first + span.trim_end_matches(['\r', '\n']).matches('\n').count() as u64;
                records.push((record, first, last));
            }
            Err(e) => {
                let line = e.position().map_or(1, |p| p.line());
                return Err(fail(vec![Problem {
                    line,
                    field: None,
                    message: format!("cannot be read as CSV: {e}"),
                }]));
            }
        }
    }
    let mut records = records
        .into_iter()
        .skip_while(|(record, _, _)| record.iter().all(|f| f.trim().is_empty()));
    let Some((header, header_at, _)) = records.next() else {
        return Err(empty());
    };

    let mut notes = Vec::new();
    let mut problems = Vec::new();
    let mut found: HashMap<Column, usize> = HashMap::new();
    for (i, cell) in header.iter().enumerate() {
        let cell = cell.trim().trim_start_matches('\u{feff}');
        match Column::from_header(cell) {
            Some(c) if found.contains_key(&c) => problems.push(Problem {
                line: header_at,
                field: Some(c.name()),
                message: format!(
                    "the header names this column twice (columns {} and {})",
                    found[&c] + 1,
                    i + 1
                ),
            }),
            Some(c) => {
                found.insert(c, i);
            }
            None if cell.is_empty() => {
                notes.push(format!(
                    "{file_label}:{header_at}: ignored column {} (it has no name)",
                    i + 1
                ));
            }
            None => notes.push(format!(
                "{file_label}:{header_at}: ignored column \"{cell}\""
            )),
        }
    }
    for required in [Column::Name, Column::Category] {
        if !found.contains_key(&required) {
            problems.push(Problem {
                line: header_at,
                field: Some(required.name()),
                message: missing_column(required, &header),
            });
        }
    }
    if !problems.is_empty() {
        return Err(fail(problems));
    }

    let mut rows: Vec<Row> = Vec::new();
    // Search key of each name → index in `rows`, and the lines that repeat it.
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut repeats: HashMap<usize, Vec<u64>> = HashMap::new();
    for (record, line, last_line) in records {
        if record.iter().all(|f| f.trim().is_empty()) {
            continue; // A spreadsheet's blank row: ";;;".
        }
        let extra_empty = record.len() > header.len()
            && record
                .iter()
                .skip(header.len())
                .all(|f| f.trim().is_empty());
        if record.len() != header.len() && !extra_empty {
            problems.push(Problem {
                line,
                field: None,
                message: wrong_field_count(record.len(), header.len(), line, last_line),
            });
            continue;
        }
        let cell = |c: Column| {
            found
                .get(&c)
                .and_then(|&i| record.get(i))
                .map(tidy)
                .unwrap_or_default()
        };

        let given_name = cell(Column::Name);
        if given_name.is_empty() {
            problems.push(Problem {
                line,
                field: Some("name"),
                message: "empty; every row needs the name of a delegation, organisation or \
                          person"
                    .into(),
            });
        }
        let category_text = cell(Column::Category);
        let category = if category_text.is_empty() {
            problems.push(Problem {
                line,
                field: Some("category"),
                message: format!("empty; use one of {}", category_list()),
            });
            None
        } else {
            let parsed = Category::parse(&category_text);
            if parsed.is_none() {
                problems.push(Problem {
                    line,
                    field: Some("category"),
                    message: unknown_category(&category_text),
                });
            }
            parsed
        };
        let attendance = if found.contains_key(&Column::Attendance) {
            let text = cell(Column::Attendance);
            match parse_attendance(&text) {
                Some(a) => Some(a),
                None => {
                    problems.push(Problem {
                        line,
                        field: Some("attendance"),
                        message: unknown_attendance(&text),
                    });
                    None
                }
            }
        } else {
            None
        };
        let organisation = Some(cell(Column::Organisation)).filter(|o| !o.is_empty());

        let (Some(category), false) = (category, given_name.is_empty()) else {
            continue;
        };
        let entry = canonical(&given_name, category);
        let name = entry.map_or_else(|| given_name.clone(), |e| e.name.to_string());
        let key = identity_key(&name);
        if let Some(&first) = by_key.get(&key) {
            let earlier: &Row = &rows[first];
            if earlier.category != category {
                problems.push(Problem {
                    line,
                    field: Some("category"),
                    message: format!(
                        "\"{given_name}\" is {} here but {} on line {}: a participant has one \
                         category",
                        quoted(category),
                        quoted(earlier.category),
                        earlier.line
                    ),
                });
            } else {
                repeats.entry(first).or_default().push(line);
            }
            continue;
        }
        if let Some(entry) = entry {
            if entry.name != given_name {
                notes.push(format!(
                    "{file_label}:{line}: \"{given_name}\" is on the shipped roster as \"{}\"; \
                     imported under that name",
                    entry.name
                ));
            }
            // The secretariat is always some UN entity: no need to say so.
            if entry.category != category && category != Category::Secretariat {
                notes.push(format!(
                    "{file_label}:{line}: \"{}\" is {} on the shipped roster; imported as {}, \
                     as the file says",
                    entry.name,
                    quoted(entry.category),
                    quoted(category)
                ));
            }
        }
        by_key.insert(key, rows.len());
        rows.push(Row {
            line,
            name,
            category,
            attendance,
            organisation,
        });
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Err(fail(problems));
    }
    let mut repeated: Vec<(usize, Vec<u64>)> = repeats.into_iter().collect();
    repeated.sort();
    for (first, lines) in repeated {
        let row = &rows[first];
        let lines: Vec<String> = lines.iter().map(u64::to_string).collect();
        notes.push(format!(
            "{file_label}:{}: \"{}\" is listed again on line{} {}; the first row is used",
            row.line,
            row.name,
            if lines.len() == 1 { "" } else { "s" },
            lines.join(", ")
        ));
    }
    Ok(Parsed { rows, notes })
}

/// What importing the rows does to a session's roster.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Merge {
    /// New participants, with new ids, in the file's order.
    pub added: Vec<Participant>,
    /// Participants already on the roster whose category, attendance or organisation changes,
    /// as they will be.
    pub updated: Vec<Participant>,
    /// Participants the file lists as the roster already has them.
    pub unchanged: usize,
    /// One line per updated participant, saying what changes: `France: attendance in the
    /// room → online`.
    pub changes: Vec<String>,
}

impl Merge {
    /// Every participant to write: the updated, then the added.
    pub fn to_write(&self) -> impl Iterator<Item = &Participant> {
        self.updated.iter().chain(&self.added)
    }
}

/// Merges the rows into the session's roster. A row whose name is already there (ignoring
/// case and accents, and "UK" for the United Kingdom) updates that participant, keeping its
/// id and its name; other rows become new participants. No one is removed: interventions
/// refer to them.
pub fn merge(record: &SessionRecord, rows: &[Row]) -> Merge {
    let before = &record.participants;
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, p) in before.iter().enumerate() {
        index.entry(identity_key(&p.name)).or_insert(i);
    }
    let mut roster: Vec<Participant> = before.clone();
    let mut matched = vec![false; before.len()];
    let mut next_id = record.next_participant_id().0;
    for row in rows {
        let key = identity_key(&row.name);
        match index.get(&key) {
            Some(&i) => {
                let p = &mut roster[i];
                p.category = row.category;
                if let Some(a) = row.attendance {
                    p.attendance = a;
                }
                if let Some(o) = &row.organisation {
                    p.organisation = Some(o.clone());
                }
                if i < matched.len() {
                    matched[i] = true;
                }
            }
            None => {
                index.insert(key, roster.len());
                roster.push(Participant {
                    id: crate::domain::ParticipantId(next_id),
                    name: row.name.clone(),
                    category: row.category,
                    attendance: row.attendance.unwrap_or_default(),
                    organisation: row.organisation.clone(),
                });
                next_id += 1;
            }
        }
    }
    let mut merge = Merge {
        added: roster.split_off(before.len()),
        ..Merge::default()
    };
    // In the file's order, as the summary reads best.
    let mut touched: Vec<usize> = (0..before.len()).filter(|&i| matched[i]).collect();
    let order: HashMap<String, usize> = rows
        .iter()
        .enumerate()
        .map(|(n, r)| (identity_key(&r.name), n))
        .collect();
    touched.sort_by_key(|&i| order.get(&identity_key(&before[i].name)).copied());
    for i in touched {
        if roster[i] == before[i] {
            merge.unchanged += 1;
        } else {
            merge.changes.push(describe_change(&before[i], &roster[i]));
            merge.updated.push(roster[i].clone());
        }
    }
    merge
}

/// The session's roster as a table: id, name, category, attendance, organisation.
pub fn render_roster(record: &SessionRecord) -> String {
    let header = ["ID", "NAME", "CATEGORY", "ATTENDANCE", "ORGANISATION"];
    let mut rows: Vec<[String; 5]> = record
        .participants
        .iter()
        .map(|p| {
            [
                p.id.0.to_string(),
                p.name.clone(),
                p.category.label().to_string(),
                p.attendance.label().to_string(),
                p.organisation.clone().unwrap_or_default(),
            ]
        })
        .collect();
    rows.sort_by_key(|r| r[0].parse::<u32>().unwrap_or(u32::MAX));
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: [&str; 5]| {
        let mut text = format!("{:>w$}", cells[0], w = widths[0]);
        for (cell, w) in cells.iter().zip(widths).skip(1) {
            let pad = w - cell.chars().count();
            text.push_str("  ");
            text.push_str(cell);
            text.push_str(&" ".repeat(pad));
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(header);
    for row in &rows {
        line([&row[0], &row[1], &row[2], &row[3], &row[4]]);
    }
    out
}

/// `,` unless the header has none and has `;` (Excel in many European locales) or a tab.
fn separator(header_line: &str) -> u8 {
    if header_line.contains(',') {
        b','
    } else if header_line.contains(';') {
        b';'
    } else if header_line.contains('\t') {
        b'\t'
    } else {
        b','
    }
}

/// How many line breaks `text` has between two byte offsets.
fn newlines(text: &str, from: usize, to: usize) -> u64 {
    text.as_bytes()
        .get(from..to)
        .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count() as u64)
}

/// A cell as a roster shows it: trimmed, and any run of spaces or line breaks made one space.
fn tidy(cell: &str) -> String {
    cell.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lower case, letters and digits only: how headers, categories and attendance are compared.
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The shipped roster's entry for a delegation or organisation. People (panellists, the
/// chair) and non-governmental bodies keep their names as given: a panellist called Georgia
/// is not the State.
fn canonical(name: &str, category: Category) -> Option<&'static roster::RosterEntry> {
    let governmental = matches!(
        category,
        Category::MemberState
            | Category::ObserverState
            | Category::IntergovernmentalOrganization
            | Category::UnEntity
            | Category::Secretariat
    );
    roster::lookup_exact(name).filter(|_| governmental)
}

/// Two names are the same participant when their search keys are, after mapping short forms
/// the shipped roster knows ("UK") to its name.
fn identity_key(name: &str) -> String {
    match roster::lookup_exact(name) {
        Some(entry) => roster::search_key(entry.name),
        None => roster::search_key(name),
    }
}

fn parse_attendance(text: &str) -> Option<Attendance> {
    match squash(text).as_str() {
        "" | "intheroom" | "inroom" | "room" | "inperson" | "person" | "onsite" | "present" => {
            Some(Attendance::InRoom)
        }
        "online" | "remote" | "remotely" | "virtual" | "virtually" => Some(Attendance::Online),
        _ => None,
    }
}

fn unknown_attendance(text: &str) -> String {
    let known = ["in the room", "in person", "online", "remote", "virtual"];
    let mut message = format!("unknown attendance \"{text}\"");
    match closest(text, known.iter().map(|k| (*k, *k))).as_slice() {
        [] => message.push_str(
            "; write \"in the room\" (or \"in person\", or leave it empty) or \"online\" (or \
             \"remote\")",
        ),
        found => message.push_str(&format!("; {}", did_you_mean(found))),
    }
    message
}

fn unknown_category(text: &str) -> String {
    let candidates = Category::ALL
        .into_iter()
        .flat_map(|c| [(c.label(), c.label()), (c.short(), c.label())]);
    let mut message = format!("unknown category \"{text}\"");
    match closest(text, candidates).as_slice() {
        [] => message.push_str(&format!("; use one of {}", category_list())),
        found => message.push_str(&format!("; {}", did_you_mean(found))),
    }
    message
}

/// "Member State, observer State, … or other", as the file may write them.
fn category_list() -> String {
    let labels: Vec<String> = Category::ALL
        .iter()
        .map(|c| format!("\"{}\"", c.label()))
        .collect();
    let (last, init) = labels.split_last().expect("there are categories");
    format!("{} or {last}", init.join(", "))
}

/// Up to three suggestions for `input` among `(spelling, suggestion)` pairs: a few edits
/// away from a spelling (more for longer words), or one containing the other ("NGOs").
fn closest<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<&'a str> {
    let input = squash(input);
    if input.is_empty() {
        return Vec::new();
    }
    let allowed = (input.chars().count() / 3).max(1);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|(spelling, suggestion)| {
            let spelling = squash(spelling);
            let distance = edit_distance(&input, &spelling);
            let contains = input.chars().count() >= 3
                && spelling.chars().count() >= 3
                && (spelling.contains(&input) || input.contains(&spelling));
            if distance <= allowed {
                Some((distance, suggestion))
            } else if contains {
                Some((allowed + 1, suggestion))
            } else {
                None
            }
        })
        .collect();
    scored.sort();
    let mut out: Vec<&str> = Vec::new();
    for (_, s) in scored {
        if !out.contains(&s) && out.len() < 3 {
            out.push(s);
        }
    }
    out
}

fn did_you_mean(found: &[&str]) -> String {
    let quoted: Vec<String> = found.iter().map(|s| format!("\"{s}\"")).collect();
    match quoted.split_last() {
        Some((last, [])) => format!("did you mean {last}?"),
        Some((last, init)) => format!("did you mean {} or {last}?", init.join(", ")),
        None => String::new(),
    }
}

fn missing_column(column: Column, header: &csv::StringRecord) -> String {
    let cells: Vec<&str> = header.iter().map(str::trim).collect();
    let unknown = cells
        .iter()
        .filter(|c| Column::from_header(c).is_none())
        .copied();
    let near = closest(column.name(), unknown.map(|c| (c, c)));
    let listed: Vec<String> = cells.iter().map(|c| format!("\"{c}\"")).collect();
    let mut message = format!(
        "the header has no \"{}\" column (it has {})",
        column.name(),
        listed.join(", ")
    );
    if let Some(near) = near.first() {
        message.push_str(&format!("; is \"{near}\" meant to be it?"));
    }
    if cells.len() == 1 && cells[0].contains([',', ';']) {
        message.push_str("; are the columns separated by something else than , or ;?");
    } else if cells.len() == 1 {
        message.push_str(&format!(
            "; the header should name the columns, e.g. {}",
            Column::ALL.map(Column::name).join(",")
        ));
    }
    message
}

/// Says how many fields the row has, and, when it runs over several lines, that a quote was
/// probably left open.
fn wrong_field_count(found: usize, expected: usize, line: u64, last_line: u64) -> String {
    let mut message = format!(
        "{found} field{} where the header has {expected}",
        if found == 1 { "" } else { "s" },
    );
    if last_line > line {
        message.push_str(&format!(
            " (the row runs on to line {last_line}: is a quote left open?)"
        ));
    } else if found > expected {
        message.push_str(
            " (a name or organisation containing the separator must be in double quotes: \
             \"Bolivia, Plurinational State of\")",
        );
    }
    message
}

fn describe_change(before: &Participant, after: &Participant) -> String {
    let mut parts = Vec::new();
    if before.category != after.category {
        parts.push(format!(
            "category {} → {}",
            before.category.label(),
            after.category.label()
        ));
    }
    if before.attendance != after.attendance {
        parts.push(format!(
            "attendance {} → {}",
            before.attendance.label(),
            after.attendance.label()
        ));
    }
    if before.organisation != after.organisation {
        parts.push(format!(
            "organisation {} → {}",
            before.organisation.as_deref().unwrap_or("(none)"),
            after.organisation.as_deref().unwrap_or("(none)")
        ));
    }
    format!("{}: {}", before.name, parts.join(", "))
}

/// A category as the messages quote it: "NGO".
fn quoted(category: Category) -> String {
    format!("\"{}\"", category.label())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ParticipantId, SessionId};

    fn ok(text: &str) -> Parsed {
        parse(text, "list.csv").unwrap_or_else(|e| panic!("{e}"))
    }

    fn errors(text: &str) -> String {
        parse(text, "list.csv").unwrap_err().to_string()
    }

    fn record_with(participants: Vec<Participant>) -> SessionRecord {
        let mut record = SessionRecord::starter(SessionId(1), chrono::Utc::now(), "UTC");
        record.participants = participants;
        record
    }

    fn participant(id: u32, name: &str, category: Category) -> Participant {
        Participant {
            id: ParticipantId(id),
            name: name.into(),
            category,
            attendance: Attendance::InRoom,
            organisation: None,
        }
    }

    #[test]
    fn a_plain_list_reads_row_by_row() {
        let parsed = ok("name,category,attendance,organisation\n\
                         France,Member State,in person,\n\
                         La Strada International,NGO,online,\n\
                         Anne Gallagher,panellist,,University of Oxford\n");
        let rows = &parsed.rows;
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].name, "France");
        assert_eq!(rows[0].category, Category::MemberState);
        assert_eq!(rows[0].attendance, Some(Attendance::InRoom));
        assert_eq!(rows[0].organisation, None);
        assert_eq!(rows[1].attendance, Some(Attendance::Online));
        assert_eq!(rows[2].category, Category::Panellist);
        assert_eq!(rows[2].attendance, Some(Attendance::InRoom));
        assert_eq!(
            rows[2].organisation.as_deref(),
            Some("University of Oxford")
        );
        assert!(parsed.notes.is_empty(), "{:?}", parsed.notes);
    }

    #[test]
    fn headers_in_any_case_and_order_with_extra_columns_noted() {
        let parsed = ok("\u{feff}E-mail;Category;NAME;Organization\n\
                         a@b.org;IGO;EU;\n");
        assert_eq!(parsed.rows[0].name, "European Union");
        assert_eq!(
            parsed.rows[0].category,
            Category::IntergovernmentalOrganization
        );
        // No attendance column: an existing participant keeps theirs.
        assert_eq!(parsed.rows[0].attendance, None);
        assert_eq!(
            parsed.notes,
            [
                "list.csv:1: ignored column \"E-mail\"",
                "list.csv:2: \"EU\" is on the shipped roster as \"European Union\"; imported \
                 under that name"
            ]
        );
    }

    #[test]
    fn quoted_fields_keep_separators_and_lines_count_physically() {
        let parsed = ok("name,category,organisation\n\
                         \"Women, Peace and Justice Network\",NGO,\n\
                         \"Jane \"\"JD\"\" Doe\",panellist,\"Centre for\nMigration Studies\"\n\
                         Côte d'Ivoire,Member State,\n");
        let rows = &parsed.rows;
        assert_eq!(rows[0].name, "Women, Peace and Justice Network");
        assert_eq!(rows[1].name, "Jane \"JD\" Doe");
        assert_eq!(
            rows[1].organisation.as_deref(),
            Some("Centre for Migration Studies")
        );
        assert_eq!(rows[1].line, 3);
        assert_eq!(rows[2].line, 5);
        assert_eq!(rows[2].name, "Côte d'Ivoire");
    }

    #[test]
    fn short_names_become_the_roster_names_but_not_for_people() {
        let parsed = ok("name,category\nUK,Member State\nturkey,state\nGeorgia,panellist\n");
        let names: Vec<&str> = parsed.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "United Kingdom of Great Britain and Northern Ireland",
                "Türkiye",
                "Georgia"
            ]
        );
        assert_eq!(parsed.notes.len(), 2, "{:?}", parsed.notes);
    }

    #[test]
    fn every_problem_is_reported_with_its_line_and_field() {
        let text = "name,category,attendance\n\
                    France,Member State,\n\
                    ,NGO,\n\
                    Save the Children,NGOs,\n\
                    Mexico,Member State,hybrid\n\
                    Spain,Member State,online,extra\n\
                    \n\
                    france,NGO,online\n\
                    Someone,astronaut,\n";
        let got = errors(text);
        let lines: Vec<&str> = got.lines().collect();
        assert_eq!(lines.len(), 6, "{got}");
        assert!(
            lines[0].starts_with("list.csv:3: field \"name\": empty"),
            "{got}"
        );
        assert_eq!(
            lines[1],
            "list.csv:4: field \"category\": unknown category \"NGOs\"; did you mean \"NGO\"?"
        );
        assert!(
            lines[2].starts_with("list.csv:5: field \"attendance\": unknown attendance \"hybrid\""),
            "{got}"
        );
        assert!(
            lines[3].starts_with("list.csv:6: 4 fields where the header has 3"),
            "{got}"
        );
        assert_eq!(
            lines[4],
            "list.csv:8: field \"category\": \"france\" is \"NGO\" here but \"Member State\" on \
             line 2: a participant has one category"
        );
        assert!(
            lines[5].starts_with("list.csv:9: field \"category\": unknown category \"astronaut\"; use one of \"Member State\""),
            "{got}"
        );
    }

    #[test]
    fn a_quote_left_open_is_pointed_at() {
        let got = errors("name,category\n\"France,Member State\nSpain,Member State\n");
        assert_eq!(
            got,
            "list.csv:2: 1 field where the header has 2 (the row runs on to line 3: is a \
             quote left open?)"
        );
    }

    #[test]
    fn missing_columns_and_empty_files() {
        let got = errors("name,categry\nFrance,Member State\n");
        assert_eq!(
            got,
            "list.csv:1: field \"category\": the header has no \"category\" column (it has \
             \"name\", \"categry\"); is \"categry\" meant to be it?"
        );
        assert!(errors("").starts_with("list.csv:1: the file is empty"));
        assert!(errors("\u{feff}\n\n").starts_with("list.csv:1: the file is empty"));
        assert!(errors("name,name,category\n").contains("twice"));
    }

    #[test]
    fn lines_are_counted_across_blank_lines_and_crlf() {
        let parsed = ok("\r\n  \r\nname,category\r\n\r\nFrance,MS\r\n\r\n\r\nPeru,MS\r\n");
        let lines: Vec<u64> = parsed.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [5, 8]);
        let got = errors("\n\nname;category\n;\nFrance;NGOs\n");
        assert!(got.starts_with("list.csv:5: field \"category\""), "{got}");
        assert!(errors("\"\"\n").starts_with("list.csv:1: the file is empty"));
    }

    #[test]
    fn separators_are_found_from_the_header() {
        assert_eq!(separator("name;category;organisation"), b';');
        assert_eq!(separator("name,category"), b',');
        assert_eq!(separator("name\tcategory"), b'\t');
        // A semicolon inside a value does not make a header with commas `;`-separated.
        let parsed = ok("name,category,organisation\nJane Doe,panellist,A; B\n");
        assert_eq!(parsed.rows[0].organisation.as_deref(), Some("A; B"));
    }

    #[test]
    fn blank_rows_are_skipped_and_repeats_noted() {
        let parsed = ok("name;category\r\nFrance;Member State\r\n;\r\nFRANCE;member state\r\n");
        assert_eq!(parsed.rows.len(), 1);
        assert_eq!(
            parsed.notes,
            ["list.csv:2: \"France\" is listed again on line 4; the first row is used"]
        );
    }

    #[test]
    fn attendance_as_people_write_it() {
        for (text, want) in [
            ("", Attendance::InRoom),
            ("in room", Attendance::InRoom),
            ("In person", Attendance::InRoom),
            ("room", Attendance::InRoom),
            ("in-person", Attendance::InRoom),
            ("Online", Attendance::Online),
            ("remote", Attendance::Online),
            ("VIRTUAL", Attendance::Online),
        ] {
            assert_eq!(parse_attendance(text), Some(want), "{text:?}");
        }
        assert_eq!(parse_attendance("hybrid"), None);
        assert!(unknown_attendance("onlin").ends_with("did you mean \"online\"?"));
    }

    #[test]
    fn category_suggestions() {
        assert!(unknown_category("Member Sates").ends_with("did you mean \"Member State\"?"));
        assert!(unknown_category("academic").ends_with("did you mean \"academia\"?"));
        assert!(unknown_category("Civil society").contains("use one of"));
    }

    #[test]
    fn merge_adds_updates_and_leaves_alone() {
        let mut online = participant(1, "Côte d'Ivoire", Category::MemberState);
        online.attendance = Attendance::Online;
        let record = record_with(vec![
            online,
            participant(2, "UK", Category::MemberState),
            participant(4, "Some NGO", Category::Ngo),
        ]);
        let rows = ok("name,category,attendance,organisation\n\
                       cote d'ivoire,Member State,in room,\n\
                       United Kingdom,Member State,,\n\
                       Some NGO,NGO,online,Network X\n\
                       Brazil,Member State,,\n\
                       Jane Doe,panellist,online,Some NGO\n")
        .rows;
        let merge = merge(&record, &rows);
        assert_eq!(merge.unchanged, 1, "UK is the United Kingdom: {merge:?}");
        let updated: Vec<(u32, &str, Attendance)> = merge
            .updated
            .iter()
            .map(|p| (p.id.0, p.name.as_str(), p.attendance))
            .collect();
        assert_eq!(
            updated,
            [
                (1, "Côte d'Ivoire", Attendance::InRoom),
                (4, "Some NGO", Attendance::Online)
            ]
        );
        assert_eq!(merge.updated[1].organisation.as_deref(), Some("Network X"));
        assert_eq!(
            merge.changes,
            [
                "Côte d'Ivoire: attendance online → in the room",
                "Some NGO: attendance in the room → online, organisation (none) → Network X"
            ]
        );
        let added: Vec<(u32, &str)> = merge
            .added
            .iter()
            .map(|p| (p.id.0, p.name.as_str()))
            .collect();
        assert_eq!(added, [(5, "Brazil"), (6, "Jane Doe")]);
        assert_eq!(merge.to_write().count(), 4);
    }

    #[test]
    fn without_the_columns_existing_values_are_kept() {
        let mut p = participant(1, "France", Category::MemberState);
        p.attendance = Attendance::Online;
        p.organisation = Some("Ministry of Justice".into());
        let record = record_with(vec![p]);
        let rows = ok("name,category\nFrance,Member State\nPeru,Member State\n").rows;
        let merge = merge(&record, &rows);
        assert_eq!(merge.unchanged, 1);
        assert!(merge.updated.is_empty());
        assert_eq!(merge.added[0].attendance, Attendance::InRoom);
    }

    #[test]
    fn merging_twice_changes_nothing_the_second_time() {
        let rows = ok("name,category,attendance\nFrance,MS,online\nUNODC,secretariat,\n").rows;
        let mut record = record_with(Vec::new());
        let first = merge(&record, &rows);
        assert_eq!(first.added.len(), 2);
        record.participants.extend(first.added);
        let second = merge(&record, &rows);
        assert_eq!(
            (second.added.len(), second.updated.len(), second.unchanged),
            (0, 0, 2)
        );
    }

    #[test]
    fn the_roster_table_lines_up() {
        let mut p = participant(2, "Jane Doe", Category::Panellist);
        p.organisation = Some("University".into());
        let record = record_with(vec![participant(1, "France", Category::MemberState), p]);
        assert_eq!(
            render_roster(&record),
            "ID  NAME      CATEGORY      ATTENDANCE   ORGANISATION\n\
             \x201  France    Member State  in the room\n\
             \x202  Jane Doe  panellist     in the room  University\n"
        );
    }
}
