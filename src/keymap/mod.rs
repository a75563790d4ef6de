//! Key bindings, loaded from TOML files: the built-in defaults (`keymaps/default.toml`),
//! then the user's `keymap.toml`, then `--keymap FILE`. Each file overrides the ones before
//! it key by key, within each context; `noop` unbinds a key.
//!
//! A key press is looked up in the table of the context where the user is, then in
//! `[global]`. What no table binds goes to the note editor or the finder's input, which is
//! why no file may bind a plain character where text is typed.

mod error;
mod key;
mod parse;
mod render;
mod suggest;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use ratatui::crossterm::event::KeyEvent;

use crate::action::Action;

pub use error::{KeymapError, Problem, ProblemKind};
pub use key::{Code, Key, KeyError};
pub use render::{render_actions, render_show};
pub use suggest::edit_distance;

/// The shipped default keymap, built into the binary.
pub const DEFAULT_KEYMAP: &str = include_str!("../../keymaps/default.toml");

/// How errors in the built-in keymap name it (there are none: a test makes sure).
const DEFAULT_FILE: &str = "keymaps/default.toml (built in)";

/// Where a key press happens: each has its own table in a keymap file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    /// Everywhere, unless the context's own table binds the key; also while typing.
    Global,
    Speakers,
    Notes,
    Finder,
    Help,
    /// The log of the meeting, to go back to an earlier intervention.
    Log,
    /// The chair's full-screen timer.
    Chair,
    /// The speaking-time statistics.
    Statistics,
    /// Searching the notes (text is typed here).
    Search,
    /// The history of a note.
    History,
    /// A one-line question, such as a time limit (text is typed here).
    Prompt,
    /// The question asked when leaving with a speaker on the floor.
    Quit,
    /// The agenda, to keep it as the session goes.
    Agenda,
    /// The roster, to keep it as the session goes.
    Roster,
    /// The abbreviations in force, to keep the session's own.
    Abbreviations,
}

impl Context {
    pub const ALL: [Context; 15] = [
        Context::Global,
        Context::Speakers,
        Context::Notes,
        Context::Finder,
        Context::Help,
        Context::Log,
        Context::Chair,
        Context::Statistics,
        Context::Search,
        Context::History,
        Context::Prompt,
        Context::Quit,
        Context::Agenda,
        Context::Roster,
        Context::Abbreviations,
    ];

    /// The name of the context's table in a keymap file.
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Speakers => "speakers",
            Context::Notes => "notes",
            Context::Finder => "finder",
            Context::Help => "help",
            Context::Log => "log",
            Context::Chair => "chair",
            Context::Statistics => "statistics",
            Context::Search => "search",
            Context::History => "history",
            Context::Prompt => "prompt",
            Context::Quit => "quit",
            Context::Agenda => "agenda",
            Context::Roster => "roster",
            Context::Abbreviations => "abbreviations",
        }
    }

    pub fn from_name(name: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Whether text is typed here (or may be: `[global]` applies while typing), so that a
    /// plain character must type itself and cannot be bound.
    pub fn is_typing(self) -> bool {
        matches!(
            self,
            Context::Global | Context::Notes | Context::Finder | Context::Search | Context::Prompt
        )
    }
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a key does in one context, and where the binding came from.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Binding {
    actions: Vec<Action>,
    /// Which file set it (0 for the defaults, higher for later files) and where in the file:
    /// a user's own keys are listed first in help and hints.
    layer: u32,
    offset: usize,
}

impl Binding {
    fn is_noop(&self) -> bool {
        self.actions == [Action::Noop]
    }

    fn rank(&self) -> (std::cmp::Reverse<u32>, usize) {
        (std::cmp::Reverse(self.layer), self.offset)
    }
}

/// The key bindings in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    tables: BTreeMap<Context, BTreeMap<Key, Binding>>,
    layers: u32,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap::default_keymap()
    }
}

impl Keymap {
    /// No bindings at all: a base for a keymap that replaces the defaults entirely.
    pub fn empty() -> Keymap {
        Keymap {
            tables: BTreeMap::new(),
            layers: 0,
        }
    }

    /// The shipped defaults, built into the binary.
    pub fn default_keymap() -> Keymap {
        let mut keymap = Keymap::empty();
        if let Err(e) = keymap.merge_str(DEFAULT_KEYMAP, DEFAULT_FILE) {
            // Cannot happen in a released binary: a test parses the shipped file.
            panic!("the built-in keymap is broken:\n{e}");
        }
        keymap
    }

    /// The defaults, then the user's file (`user_config`; a missing file is fine), then
    /// `explicit` (`--keymap FILE`; it must exist). Errors name files as the paths given.
    pub fn load(
        user_config: Option<&Path>,
        explicit: Option<&Path>,
    ) -> Result<Keymap, KeymapError> {
        let mut keymap = Keymap::default_keymap();
        if let Some(path) = user_config {
            match std::fs::read_to_string(path) {
                Ok(text) => keymap.merge_str(&text, &path.display().to_string())?,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => {
                    return Err(KeymapError::Read {
                        file: path.display().to_string(),
                        what: "keymap",
                        source,
                    })
                }
            }
        }
        if let Some(path) = explicit {
            keymap.merge_file(path)?;
        }
        Ok(keymap)
    }

    /// Reads `path` and lays it over this keymap.
    pub fn merge_file(&mut self, path: &Path) -> Result<(), KeymapError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| KeymapError::Read {
            file: file.clone(),
            what: "keymap",
            source,
        })?;
        self.merge_str(&text, &file)
    }

    /// Lays the keymap `text` over this one, key by key within each context; `file` names
    /// it in errors. On error nothing of `text` is used.
    pub fn merge_str(&mut self, text: &str, file: &str) -> Result<(), KeymapError> {
        let entries = parse::parse_file(text, file)?;
        let layer = self.layers;
        self.layers += 1;
        for entry in entries {
            let table = self.tables.entry(entry.context).or_default();
            let binding = Binding {
                actions: entry.actions,
                layer,
                offset: entry.offset,
            };
            if binding.is_noop() && entry.context == Context::Global {
                // Nothing to shadow below [global]: unbinding is removing.
                table.remove(&entry.key);
            } else {
                // Kept in other tables: it hides the [global] binding of the same key.
                table.insert(entry.key, binding);
            }
        }
        Ok(())
    }

    /// The actions a key press runs in `context`, in order: the context's table first, then
    /// `[global]`. `None` when the key is unbound or bound to `noop` (then it goes to the
    /// editor or the finder's input).
    pub fn action_for(&self, context: Context, key: &KeyEvent) -> Option<&[Action]> {
        self.lookup(context, &Key::from_event(key)?)
    }

    /// The same as [`Keymap::action_for`], for a key already in normal form.
    pub fn lookup(&self, context: Context, key: &Key) -> Option<&[Action]> {
        let binding = self
            .binding(context, key)
            .or_else(|| self.binding(Context::Global, key))?;
        (!binding.is_noop()).then_some(binding.actions.as_slice())
    }

    fn binding(&self, context: Context, key: &Key) -> Option<&Binding> {
        self.tables.get(&context)?.get(key)
    }

    /// The keys that run `action` in `context` (alone or in a list), by their canonical
    /// names: the context's own keys first, then the `[global]` keys it does not hide; within
    /// each, the user's keys before the defaults, in the order of the files.
    pub fn keys_for(&self, context: Context, action: Action) -> Vec<String> {
        let mut keys = self.ranked_keys(context, action, |_| true);
        if context != Context::Global {
            keys.extend(self.ranked_keys(Context::Global, action, |key| {
                self.binding(context, key).is_none()
            }));
        }
        keys
    }

    /// The keys that run `action` from the context's own table only, without `[global]`:
    /// for a help screen that lists `[global]` separately.
    pub fn keys_in_table(&self, context: Context, action: Action) -> Vec<String> {
        self.ranked_keys(context, action, |_| true)
    }

    fn ranked_keys(
        &self,
        context: Context,
        action: Action,
        keep: impl Fn(&Key) -> bool,
    ) -> Vec<String> {
        let Some(table) = self.tables.get(&context) else {
            return Vec::new();
        };
        let mut found: Vec<(&Key, &Binding)> = table
            .iter()
            .filter(|(key, binding)| binding.actions.contains(&action) && keep(key))
            .collect();
        found.sort_by_key(|(key, binding)| (binding.rank(), **key));
        found.into_iter().map(|(key, _)| key.to_string()).collect()
    }

    /// Every binding in force, by context (in [`Context::ALL`] order) then key. A `noop` left
    /// in a context table is listed: it hides the `[global]` binding of that key there.
    pub fn bindings(&self) -> Vec<(Context, String, Vec<Action>)> {
        self.tables
            .iter()
            .flat_map(|(context, table)| {
                table
                    .iter()
                    .map(|(key, binding)| (*context, key.to_string(), binding.actions.clone()))
            })
            .collect()
    }
}

/// Where the user's own keymap lives: `$XDG_CONFIG_HOME/rapporteur/keymap.toml` on Linux
/// (the platform's config directory elsewhere); `None` when there is no home directory.
pub fn user_keymap_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "rapporteur")
        .map(|dirs| dirs.config_dir().join("keymap.toml"))
}

/// Checks a keymap file as it would be used: laid over the defaults. The errors name the
/// file as `path` is written.
pub fn check_file(path: &Path) -> Result<Keymap, KeymapError> {
    let mut keymap = Keymap::default_keymap();
    keymap.merge_file(path)?;
    Ok(keymap)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    fn press(keymap: &Keymap, context: Context, key: &str) -> Option<Vec<Action>> {
        let event = Key::parse(key).unwrap().to_event();
        keymap.action_for(context, &event).map(<[Action]>::to_vec)
    }

    fn with(text: &str) -> Keymap {
        let mut keymap = Keymap::default_keymap();
        keymap.merge_str(text, "user.toml").unwrap();
        keymap
    }

    #[test]
    fn the_default_keymap_parses() {
        let mut keymap = Keymap::empty();
        keymap
            .merge_str(DEFAULT_KEYMAP, "keymaps/default.toml")
            .unwrap();
        assert_eq!(keymap, Keymap::default_keymap());
        assert!(!keymap.bindings().is_empty());
    }

    #[test]
    fn the_defaults_the_brief_asks_for() {
        let k = Keymap::default_keymap();
        use Action::*;
        use Context::{Finder, Global, Help, Notes, Speakers};
        let expect = [
            (Global, "ctrl-q", Action::Quit),
            (Global, "f1", ToggleHelp),
            (Global, "tab", FocusNext),
            (Global, "ctrl-n", GiveFloor),
            (Global, "ctrl-e", EndIntervention),
            (Global, "ctrl-t", PauseTimer),
            (Global, "ctrl-l", Inscribe),
            (Global, "alt-pagedown", NextAgendaItem),
            (Global, "alt-pageup", PreviousAgendaItem),
            (Global, "f5", GiveFloor),
            (Global, "f6", EndIntervention),
            (Speakers, "i", Inscribe),
            (Speakers, "enter", GiveFloorSelected),
            (Speakers, "down", SelectNext),
            (Speakers, "j", SelectNext),
            (Speakers, "up", SelectPrevious),
            (Speakers, "k", SelectPrevious),
            (Speakers, "delete", RemoveSpeaker),
            (Speakers, "d", RemoveSpeaker),
            (Speakers, "e", EndIntervention),
            (Speakers, "p", PauseTimer),
            (Speakers, "]", NextAgendaItem),
            (Speakers, "[", PreviousAgendaItem),
            (Speakers, "?", ToggleHelp),
            (Speakers, "n", FocusNotes),
            (Notes, "esc", Cancel),
            (Finder, "ctrl-u", ClearInput),
            (Finder, "ctrl-w", DeleteWord),
            (Finder, "enter", Confirm),
            (Finder, "esc", Cancel),
            (Finder, "down", SelectNext),
            (Finder, "up", SelectPrevious),
            (Help, "esc", ToggleHelp),
            (Help, "q", ToggleHelp),
        ];
        for (context, key, action) in expect {
            assert_eq!(
                press(&k, context, key),
                Some(vec![action]),
                "{key} in {context}"
            );
        }
    }

    #[test]
    fn context_first_then_global() {
        let k = Keymap::default_keymap();
        // Global keys work everywhere…
        assert_eq!(
            press(&k, Context::Notes, "ctrl-n"),
            Some(vec![Action::GiveFloor])
        );
        assert_eq!(
            press(&k, Context::Speakers, "f5"),
            Some(vec![Action::GiveFloor])
        );
        // …unless the context binds the key itself.
        assert_eq!(
            press(&k, Context::Finder, "down"),
            Some(vec![Action::SelectNext])
        );
        assert_eq!(press(&k, Context::Global, "enter"), None);
        // Typing in the notes is left to the editor.
        assert_eq!(press(&k, Context::Notes, "q"), None);
        assert_eq!(press(&k, Context::Notes, "A"), None);
        // A lone q in the list is not a way out: quitting is on a chord.
        assert_eq!(press(&k, Context::Speakers, "q"), None);
    }

    #[test]
    fn crossterm_events_match_however_reported() {
        let k = with("[speakers]\nA = \"inscribe\"\n");
        for event in [
            KeyEvent::new(KeyCode::Char('A'), KeyModifiers::SHIFT),
            KeyEvent::new(KeyCode::Char('A'), KeyModifiers::NONE),
            KeyEvent::new(KeyCode::Char('a'), KeyModifiers::SHIFT),
        ] {
            assert_eq!(
                k.action_for(Context::Speakers, &event),
                Some(&[Action::Inscribe][..])
            );
        }
        let question = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(
            k.action_for(Context::Speakers, &question),
            Some(&[Action::ToggleHelp][..])
        );
        let k = with("[global]\n\"shift-tab\" = \"focus_speakers\"\n");
        let back_tab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            k.action_for(Context::Notes, &back_tab),
            Some(&[Action::FocusSpeakers][..])
        );
    }

    #[test]
    fn a_user_file_overrides_key_by_key() {
        let k = with("[global]\n\"ctrl-n\" = \"inscribe\"\n\"ctrl-g\" = \"give_floor\"\n");
        assert_eq!(
            press(&k, Context::Notes, "ctrl-n"),
            Some(vec![Action::Inscribe])
        );
        assert_eq!(
            press(&k, Context::Notes, "ctrl-g"),
            Some(vec![Action::GiveFloor])
        );
        // Everything else stays, including the other keys for give_floor.
        assert_eq!(
            press(&k, Context::Notes, "f5"),
            Some(vec![Action::GiveFloor])
        );
        assert_eq!(
            press(&k, Context::Notes, "ctrl-q"),
            Some(vec![Action::Quit])
        );
        assert_eq!(
            press(&k, Context::Speakers, "enter"),
            Some(vec![Action::GiveFloorSelected])
        );
    }

    #[test]
    fn noop_unbinds() {
        let k = with(
            "[global]\nf5 = \"noop\"\n[notes]\n\"ctrl-t\" = \"noop\"\n[speakers]\nq = \"noop\"\n",
        );
        assert_eq!(press(&k, Context::Speakers, "f5"), None);
        assert_eq!(press(&k, Context::Global, "f5"), None);
        // A noop in a context hides the global key there only.
        assert_eq!(press(&k, Context::Notes, "ctrl-t"), None);
        assert_eq!(
            press(&k, Context::Speakers, "ctrl-t"),
            Some(vec![Action::PauseTimer])
        );
        assert_eq!(press(&k, Context::Speakers, "q"), None);
        assert!(!k
            .keys_for(Context::Notes, Action::PauseTimer)
            .contains(&"ctrl-t".to_string()));
        assert_eq!(k.keys_for(Context::Global, Action::GiveFloor), ["ctrl-n"]);
    }

    #[test]
    fn a_list_runs_in_order() {
        let k = with("[global]\n\"alt-n\" = [\"give_floor\", \"focus_notes\"]\n");
        assert_eq!(
            press(&k, Context::Notes, "alt-n"),
            Some(vec![Action::GiveFloor, Action::FocusNotes])
        );
        assert!(k
            .keys_for(Context::Notes, Action::FocusNotes)
            .contains(&"alt-n".to_string()));
    }

    #[test]
    fn a_broken_file_changes_nothing() {
        let mut k = Keymap::default_keymap();
        let before = k.clone();
        let result = k.merge_str(
            "[global]\n\"ctrl-n\" = \"inscribe\"\n\"f5\" = \"nope\"\n",
            "u.toml",
        );
        assert!(result.is_err());
        assert_eq!(k, before);
    }

    #[test]
    fn keys_for_lists_context_keys_then_global_ones() {
        let k = Keymap::default_keymap();
        assert_eq!(
            k.keys_for(Context::Speakers, Action::GiveFloor),
            ["ctrl-n", "f5"]
        );
        assert_eq!(
            k.keys_for(Context::Notes, Action::GiveFloor),
            ["ctrl-n", "f5"]
        );
        assert_eq!(
            k.keys_for(Context::Speakers, Action::SelectNext),
            ["down", "j"]
        );
        assert_eq!(
            k.keys_in_table(Context::Speakers, Action::GiveFloorSelected),
            ["enter"]
        );
        assert!(k.keys_for(Context::Notes, Action::RemoveSpeaker).is_empty());
        // The user's own keys come first, so hints show them.
        let k = with("[global]\n\"ctrl-g\" = \"give_floor\"\n");
        assert_eq!(
            k.keys_for(Context::Notes, Action::GiveFloor),
            ["ctrl-g", "ctrl-n", "f5"]
        );
        // A global key the context hides is not offered there.
        let k = with("[speakers]\nf5 = \"inscribe\"\n");
        assert_eq!(k.keys_for(Context::Speakers, Action::GiveFloor), ["ctrl-n"]);
    }

    #[test]
    fn bindings_are_sorted_by_context_then_key() {
        let bindings = Keymap::default_keymap().bindings();
        let mut sorted = bindings.clone();
        sorted.sort_by_key(|(context, key, _)| (*context, Key::parse(key).unwrap()));
        assert_eq!(bindings, sorted);
        assert_eq!(bindings[0].0, Context::Global);
        assert!(bindings.contains(&(Context::Help, "q".into(), vec![Action::ToggleHelp])));
    }

    #[test]
    fn load_layers_user_then_explicit() {
        let dir = tempfile::tempdir().unwrap();
        let user = dir.path().join("keymap.toml");
        let explicit = dir.path().join("explicit.toml");
        std::fs::write(
            &user,
            "[global]\n\"ctrl-g\" = \"give_floor\"\nf5 = \"quit\"\n",
        )
        .unwrap();
        std::fs::write(&explicit, "[global]\nf5 = \"inscribe\"\n").unwrap();
        let k = Keymap::load(Some(&user), Some(&explicit)).unwrap();
        assert_eq!(
            press(&k, Context::Notes, "ctrl-g"),
            Some(vec![Action::GiveFloor])
        );
        assert_eq!(
            press(&k, Context::Notes, "f5"),
            Some(vec![Action::Inscribe])
        );
        // A missing user file is fine; a missing explicit file is not.
        let missing = dir.path().join("missing.toml");
        assert_eq!(
            Keymap::load(Some(&missing), None).unwrap(),
            Keymap::default_keymap()
        );
        let error = Keymap::load(None, Some(&missing)).unwrap_err();
        assert!(matches!(error, KeymapError::Read { .. }));
        assert!(error
            .to_string()
            .contains("missing.toml: cannot read this keymap file"));
        // A broken user file stops the load.
        std::fs::write(&user, "[global]\nf5 = \"giv_floor\"\n").unwrap();
        assert!(Keymap::load(Some(&user), None).is_err());
    }

    #[test]
    fn context_names() {
        for context in Context::ALL {
            assert_eq!(Context::from_name(context.name()), Some(context));
            assert_eq!(context.to_string(), context.name());
        }
        assert_eq!(Context::from_name("Global"), None);
    }

    #[test]
    fn the_user_keymap_is_in_the_config_directory() {
        if let Some(path) = user_keymap_path() {
            assert!(path.ends_with("keymap.toml"), "{}", path.display());
            assert!(
                path.to_string_lossy().contains("rapporteur"),
                "{}",
                path.display()
            );
        }
    }
}
