//! Fuzzing the keymap reader: `Key::parse` and `Keymap::merge_str` on arbitrary text and on
//! near-valid TOML (tables named after contexts or almost, keys made of modifier and key-name
//! fragments, action names right and wrong, lists). Neither ever panics; an error always has a
//! message, and every problem names the file and a line:col inside the text; a keymap that
//! loads never binds a plain character where text is typed; a file that fails changes nothing.
//!
//! The number of cases is `PROPTEST_CASES` when set, else a modest default.

use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;
use rapporteur::action::Action;
use rapporteur::keymap::{Context, Key, Keymap, KeymapError};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const FILE: &str = "fuzz/keymap.toml";

fn config(default_cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = default_cases;
    }
    // Failures are reported with their minimal input; no regression files in the tree.
    config.failure_persistence = None;
    config
}

/// The contexts where a plain character types itself.
const TYPING: [Context; 5] = [
    Context::Global,
    Context::Notes,
    Context::Finder,
    Context::Search,
    Context::Prompt,
];

/// Characters pressed without ctrl or alt, as a terminal reports them (with shift or not).
fn plain_presses(extra: &str) -> Vec<KeyEvent> {
    let mut chars: Vec<char> = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ?!-=[]{};:'\",.<>/\\|`~@#$%^&*()_+éÉßçÇ日ж"
        .chars()
        .collect();
    chars.extend(extra.chars().filter(|c| !c.is_control()));
    chars.sort_unstable();
    chars.dedup();
    let mut presses = Vec::new();
    for c in chars {
        presses.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        presses.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT));
    }
    presses
}

/// Merges `text` over `base` and checks what must hold whatever the text.
fn check_merge(base: &Keymap, text: &str) -> Result<(), TestCaseError> {
    let mut keymap = base.clone();
    match keymap.merge_str(text, FILE) {
        Err(error) => {
            prop_assert!(keymap == *base, "a file that fails changed the keymap");
            check_error(text, &error)
        }
        Ok(()) => {
            for press in plain_presses(text) {
                for context in TYPING {
                    let got = keymap.action_for(context, &press);
                    let before = base.action_for(context, &press);
                    prop_assert!(
                        got.is_none() || got == before,
                        "{press:?} is bound to {got:?} in [{context}] (was {before:?}) by:\n{text}"
                    );
                }
            }
            // What the keymap shows reads back as the same keys.
            for (_, key, _) in keymap.bindings() {
                let parsed = Key::parse(&key);
                prop_assert!(parsed.is_ok(), "{key} as shown does not parse: {parsed:?}");
                prop_assert_eq!(parsed.unwrap().to_string(), key);
            }
            Ok(())
        }
    }
}

fn check_error(text: &str, error: &KeymapError) -> Result<(), TestCaseError> {
    let message = error.to_string();
    prop_assert!(!message.trim().is_empty(), "an empty message for:\n{text}");
    prop_assert!(
        !error.problems().is_empty(),
        "an error without problems: {message}"
    );
    let lines: Vec<&str> = text.split('\n').collect();
    for problem in error.problems() {
        prop_assert_eq!(&problem.file, FILE);
        prop_assert!(
            problem.line >= 1 && problem.line <= lines.len(),
            "line {} out of the text's {} lines: {}",
            problem.line,
            lines.len(),
            problem
        );
        let columns = lines[problem.line - 1].chars().count() + 1;
        prop_assert!(
            problem.column >= 1 && problem.column <= columns,
            "column {} past the end of line {} ({} columns): {}",
            problem.column,
            problem.line,
            columns,
            problem
        );
        let shown = problem.to_string();
        prop_assert!(
            shown.starts_with(&format!("{FILE}:{}:{}: ", problem.line, problem.column)),
            "{shown}"
        );
        prop_assert!(
            shown.len() > FILE.len() + 8,
            "a problem that says nothing: {shown}"
        );
        prop_assert!(message.contains(&shown));
    }
    Ok(())
}

fn context_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(Context::ALL.to_vec()).prop_map(|c| c.name().to_string()),
        1 => prop::sample::select(vec!["Global", "speaker", "note", "globl", "", "keys", "global.x", "notes.ctrl"])
            .prop_map(String::from),
        1 => "[a-z_]{0,8}",
    ]
}

/// A key name: modifiers and a name, joined by dashes, sometimes wrongly.
fn key_name() -> impl Strategy<Value = String> {
    let modifier = prop::sample::select(vec![
        "ctrl", "alt", "shift", "Ctrl", "ALT", "control", "super", "ctl", "", "meta",
    ]);
    let name = prop::sample::select(vec![
        "a",
        "A",
        "q",
        "Q",
        "z",
        "?",
        "1",
        "-",
        "--",
        " ",
        "space",
        "enter",
        "Enter",
        "esc",
        "escape",
        "tab",
        "backspace",
        "delete",
        "del",
        "insert",
        "up",
        "down",
        "pageup",
        "pgdn",
        "home",
        "end",
        "f1",
        "f5",
        "F12",
        "f0",
        "f13",
        "f99",
        "é",
        "É",
        "ß",
        "日",
        "[",
        "]",
        "'",
        "#",
        ".",
        "=",
        "ab",
        "entr",
        "\\t",
        "\\u0007",
        "\\u00e9",
        "",
    ]);
    (prop::collection::vec(modifier, 0..4), name, any::<bool>()).prop_map(
        |(modifiers, name, double)| {
            let mut text = modifiers.join("-");
            if !modifiers.is_empty() {
                text.push_str(if double { "--" } else { "-" });
            }
            text.push_str(name);
            text
        },
    )
}

fn action_name() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(Action::ALL.to_vec()).prop_map(|a| a.name().to_string()),
        1 => prop::sample::select(vec!["giv_floor", "Quit", "quit ", "", "nope", "focus-notes", "toggle_help2"])
            .prop_map(String::from),
    ]
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => action_name().prop_map(|a| format!("\"{a}\"")),
        2 => prop::collection::vec(action_name(), 0..4).prop_map(|names| {
            let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
            format!("[{}]", quoted.join(", "))
        }),
        1 => prop::sample::select(vec!["1", "true", "{}", "{ a = \"quit\" }", "[1, \"quit\"]", "[[\"quit\"]]", "\"quit", "'quit'", "", "[\"noop\", \"quit\"]"])
            .prop_map(String::from),
    ]
}

/// One line of a near-valid keymap file.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => context_name().prop_map(|c| format!("[{c}]")),
        8 => (key_name(), value(), any::<bool>()).prop_map(|(key, value, quoted)| {
            if quoted {
                format!("\"{key}\" = {value}")
            } else {
                format!("{key} = {value}")
            }
        }),
        1 => (context_name(), value()).prop_map(|(c, v)| format!("{c} = {v}")),
        1 => prop::sample::select(vec!["", "# a comment", "  ", "[[global]]", "[global", "= \"quit\"", "\t\"x\" = \"quit\" # é"])
            .prop_map(String::from),
        1 => "\\PC{0,20}",
    ]
}

fn near_valid_file() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(line(), 0..16),
        prop::sample::select(vec!["\n", "\r\n"]),
        any::<bool>(),
    )
        .prop_map(|(lines, end, trailing)| {
            let mut text = lines.join(end);
            if trailing {
                text.push_str(end);
            }
            text
        })
}

#[test]
fn the_default_keymap_binds_no_plain_character_where_text_is_typed() {
    let keymap = Keymap::default_keymap();
    for press in plain_presses("") {
        for context in TYPING {
            assert_eq!(
                keymap.action_for(context, &press),
                None,
                "{press:?} in {context}"
            );
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn key_parse_never_panics_and_shows_what_it_read(text in prop_oneof![key_name(), "\\PC{0,12}", any::<String>()]) {
        match Key::parse(&text) {
            Ok(key) => {
                let shown = key.to_string();
                prop_assert_eq!(Key::parse(&shown), Ok(key), "{} shown as {}", text, shown);
                // The event a terminal sends for it comes back as the same key.
                prop_assert_eq!(Key::from_event(&key.to_event()), Some(key));
            }
            Err(error) => prop_assert!(!error.to_string().trim().is_empty()),
        }
    }

    #[test]
    fn arbitrary_text_over_the_defaults(text in prop_oneof![any::<String>(), "\\PC{0,200}"]) {
        check_merge(&Keymap::default_keymap(), &text)?;
    }

    #[test]
    fn near_valid_files_over_the_defaults(text in near_valid_file()) {
        check_merge(&Keymap::default_keymap(), &text)?;
    }

    #[test]
    fn near_valid_files_over_nothing(text in near_valid_file()) {
        check_merge(&Keymap::empty(), &text)?;
    }

    #[test]
    fn a_valid_file_with_a_broken_line_changes_nothing(
        good in prop::collection::vec((key_name(), action_name()), 0..6),
        bad in line(),
    ) {
        let mut text = String::from("[speakers]\n");
        for (key, action) in &good {
            text.push_str(&format!("\"{key}\" = \"{action}\"\n"));
        }
        text.push_str(&bad);
        check_merge(&Keymap::default_keymap(), &text)?;
    }
}
