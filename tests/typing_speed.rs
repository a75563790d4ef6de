//! Typing at the speed of speech, measured: on a sample of statement summaries, how many
//! characters a rapporteur types for each character the record holds, with the shipped
//! example abbreviations and without. A typist who knows the table types the short form
//! wherever an expansion applies; the text so typed is put through the note editor, which
//! must turn it back into the summary exactly. Counting is deterministic: no clock.

use chrono::{TimeZone, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use rapporteur::abbreviations::{is_boundary, parse_file, Parsed, Table, EXAMPLE, EXAMPLE_FILE};
use rapporteur::action::Action;
use rapporteur::app::App;
use rapporteur::domain::{SessionId, SessionRecord};
use rapporteur::keymap::Keymap;

const SAMPLE: &str = include_str!("data/statements.txt");

fn statements() -> Vec<String> {
    let text: String = SAMPLE
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    text.split("\n\n")
        .map(|s| s.trim().replace('\n', " "))
        .filter(|s| !s.is_empty())
        .collect()
}

/// What may stand before a short form: as the editor has it.
fn may_precede(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || "([{\"'“‘«—–".contains(c))
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|f| f.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// What a typist who knows `table` types for `text`: the short form, capitalised when the
/// text has the expansion capitalised, wherever the whole expansion stands as words before
/// a boundary; the longest expansion first.
fn as_typed(text: &str, table: &Table) -> String {
    let mut forms: Vec<(String, String)> = Vec::new();
    for (short, expansion) in &table.entries {
        forms.push((expansion.clone(), short.clone()));
        if capitalised(expansion) != *expansion {
            forms.push((capitalised(expansion), capitalised(short)));
        }
    }
    forms.sort_by_key(|(e, _)| std::cmp::Reverse(e.chars().count()));
    let mut typed = String::new();
    let mut rest = text;
    let mut before = None;
    'text: while let Some(c) = rest.chars().next() {
        if may_precede(before) {
            for (expansion, short) in &forms {
                let Some(after) = rest.strip_prefix(expansion.as_str()) else {
                    continue;
                };
                if after.chars().next().is_some_and(is_boundary) {
                    typed.push_str(short);
                    before = expansion.chars().last();
                    rest = after;
                    continue 'text;
                }
            }
        }
        typed.push(c);
        before = Some(c);
        rest = &rest[c.len_utf8()..];
    }
    typed
}

/// What the note editor records for `typed`, with `table` in force.
fn recorded(typed: &str, table: &Table) -> String {
    let now = Utc.with_ymd_and_hms(2024, 7, 2, 8, 0, 0).unwrap();
    let record = SessionRecord::starter(SessionId(1), now, "UTC");
    let mut app = App::new(record, Keymap::default_keymap());
    app.use_abbreviations(Ok(Parsed {
        table: table.clone(),
        warnings: vec![],
    }));
    app.update(Action::FocusNotes, now);
    for c in typed.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), now);
    }
    app.editor.lines().join("\n")
}

/// Characters typed and characters recorded over the whole sample.
fn measure(table: &Table) -> (usize, usize) {
    let mut totals = (0, 0);
    for statement in statements() {
        let typed = as_typed(&statement, table);
        assert_eq!(
            recorded(&typed, table),
            statement,
            "typed as {typed:?}, the editor does not give the summary back"
        );
        totals.0 += typed.chars().count();
        totals.1 += statement.chars().count();
    }
    totals
}

#[test]
fn the_example_abbreviations_save_keystrokes_on_statement_summaries() {
    let n = statements().len();
    assert!((20..=40).contains(&n), "{n} summaries");
    let example = parse_file(EXAMPLE, EXAMPLE_FILE).unwrap().table;
    let (typed, recorded) = measure(&example);
    let (plain, plain_recorded) = measure(&Table::default());
    assert_eq!(plain_recorded, recorded);
    let with = typed as f64 / recorded as f64;
    let without = plain as f64 / recorded as f64;
    println!(
        "{n} summaries, {recorded} characters recorded: without abbreviations {plain} typed \
         ({without:.3} per character recorded); with the example {typed} typed ({with:.3} per \
         character recorded), {:.1} % fewer keys",
        (1.0 - with / without) * 100.0
    );
    assert_eq!(plain, recorded, "without a table, every character is typed");
    assert!(with < 1.0, "{with}");
}
