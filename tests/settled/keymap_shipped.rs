//! Every keymap shipped in `keymaps/` loads without a problem — no unknown name, no plain
//! character where text is typed, no key bound twice in one context (however it is
//! spelled) — both laid over the defaults and on its own.

use std::path::PathBuf;

use rapporteur::action::Action;
use rapporteur::keymap::{check_file, Context, Keymap, DEFAULT_KEYMAP};

fn shipped() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("keymaps")
        .expect("the keymaps folder")
        .map(|entry| PathBuf::from("keymaps").join(entry.unwrap().file_name()))
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn alone(path: &PathBuf) -> Keymap {
    let text = std::fs::read_to_string(path).unwrap();
    let mut keymap = Keymap::empty();
    if let Err(e) = keymap.merge_str(&text, &path.display().to_string()) {
        panic!("{e}");
    }
    keymap
}

#[test]
fn every_shipped_keymap_loads() {
    let files = shipped();
    assert!(files.len() >= 2, "{files:?}");
    for path in &files {
        if let Err(e) = check_file(path) {
            panic!("{e}");
        }
        alone(path);
    }
}

#[test]
fn the_built_in_keymap_is_the_shipped_default() {
    let on_disk = std::fs::read_to_string("keymaps/default.toml").unwrap();
    assert_eq!(on_disk, DEFAULT_KEYMAP);
    assert_eq!(
        alone(&PathBuf::from("keymaps/default.toml")),
        Keymap::default_keymap()
    );
}

/// The actions a keymap reaches in some context.
fn reached(keymap: &Keymap) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|a| *a != Action::Noop)
        .filter(|a| {
            Context::ALL
                .iter()
                .any(|c| !keymap.keys_for(*c, *a).is_empty())
        })
        .collect()
}

#[test]
fn every_shipped_keymap_is_complete() {
    let default = reached(&Keymap::default_keymap());
    for path in shipped() {
        assert_eq!(reached(&alone(&path)), default, "{}", path.display());
    }
}

#[test]
fn every_context_can_be_left_and_the_app_quit() {
    for path in shipped() {
        let keymap = alone(&path);
        let name = path.display();
        for context in Context::ALL {
            assert!(
                !keymap.keys_for(context, Action::Quit).is_empty(),
                "{name}: no quit in {context}"
            );
        }
        assert!(
            !keymap
                .keys_for(Context::Help, Action::ToggleHelp)
                .is_empty(),
            "{name}"
        );
        assert!(
            !keymap.keys_for(Context::Finder, Action::Cancel).is_empty(),
            "{name}"
        );
        assert!(
            !keymap.keys_for(Context::Finder, Action::Confirm).is_empty(),
            "{name}"
        );
        assert!(
            !keymap
                .keys_for(Context::Notes, Action::FocusSpeakers)
                .is_empty(),
            "{name}"
        );
    }
}
