//! Broken keymaps, one per kind of mistake, each with the exact message it must produce in
//! the `.expected` file beside it. Paths are relative to the crate, as the messages show
//! them: cargo runs integration tests from the crate's root.
//!
//! After changing a message on purpose, run with `KEYMAP_BLESS=1` to rewrite the
//! `.expected` files, then read the diff.

use std::path::{Path, PathBuf};

use rapporteur::keymap::{check_file, Keymap, KeymapError};

const FIXTURES: &str = "tests/fixtures/keymaps";

fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(FIXTURES)
        .expect("the fixture folder")
        .map(|entry| Path::new(FIXTURES).join(entry.unwrap().file_name()))
        .collect();
    files.sort();
    files
}

#[test]
fn each_broken_keymap_gives_its_expected_message() {
    let bless = std::env::var_os("KEYMAP_BLESS").is_some();
    let keymaps: Vec<PathBuf> = fixtures()
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    assert!(keymaps.len() >= 10, "fixtures missing: {keymaps:?}");
    let mut failures = Vec::new();
    for keymap in &keymaps {
        let expected_path = keymap.with_extension("expected");
        let message = match check_file(keymap) {
            Ok(_) => {
                failures.push(format!("{}: loaded without error", keymap.display()));
                continue;
            }
            Err(e) => e.to_string(),
        };
        if bless {
            std::fs::write(&expected_path, format!("{message}\n")).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        if message != expected.trim_end() {
            failures.push(format!(
                "{}\n--- expected\n{}\n--- got\n{message}",
                keymap.display(),
                expected.trim_end()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_expected_file_has_its_keymap() {
    for path in fixtures() {
        match path.extension().and_then(|e| e.to_str()) {
            Some("toml") => {}
            Some("expected") => {
                assert!(
                    path.with_extension("toml").exists(),
                    "{} has no keymap",
                    path.display()
                )
            }
            _ => panic!("{}: not a fixture", path.display()),
        }
    }
}

#[test]
fn every_message_names_file_line_and_column() {
    for keymap in fixtures()
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
    {
        let error = check_file(keymap).unwrap_err();
        assert!(!error.problems().is_empty(), "{}", keymap.display());
        for problem in error.problems() {
            assert_eq!(problem.file, keymap.display().to_string());
            assert!(problem.line >= 1 && problem.column >= 1);
            assert!(problem.to_string().starts_with(&format!(
                "{}:{}:{}: ",
                keymap.display(),
                problem.line,
                problem.column
            )));
        }
    }
}

#[test]
fn a_missing_explicit_file_is_an_error_and_a_missing_user_file_is_not() {
    let missing = Path::new("tests/fixtures/no-such-keymap.toml");
    let error = Keymap::load(None, Some(missing)).unwrap_err();
    assert!(matches!(error, KeymapError::Read { .. }));
    assert!(error
        .to_string()
        .starts_with("tests/fixtures/no-such-keymap.toml: cannot read this keymap file: "));
    assert_eq!(
        Keymap::load(Some(missing), None).unwrap(),
        Keymap::default_keymap()
    );
}

#[test]
fn a_broken_user_file_stops_the_load() {
    let broken = Path::new(FIXTURES).join("unknown_action.toml");
    let error = Keymap::load(Some(&broken), None).unwrap_err();
    assert!(error
        .to_string()
        .starts_with("tests/fixtures/keymaps/unknown_action.toml:"));
}
