//! Text for `rapporteur keymap show` and `rapporteur keymap actions`.

use std::fmt::Write;

use super::{Context, Keymap};
use crate::action::Action;

/// The bindings in force, one table per context, in the form of a keymap file's names:
///
/// ```text
/// [global]
///   ctrl-q        quit
///   alt-n         give_floor, focus_notes
/// ```
pub fn render_show(keymap: &Keymap) -> String {
    let bindings = keymap.bindings();
    let width = bindings
        .iter()
        .map(|(_, key, _)| key.chars().count())
        .max()
        .unwrap_or(0)
        .max(12);
    let mut out = String::new();
    for (i, context) in Context::ALL.into_iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "[{context}]");
        let rows: Vec<_> = bindings.iter().filter(|(c, _, _)| *c == context).collect();
        if rows.is_empty() {
            out.push_str("  (no keys of its own)\n");
        }
        for (_, key, actions) in rows {
            let names: Vec<&str> = actions.iter().map(|a| a.name()).collect();
            let _ = writeln!(out, "  {key:<width$}  {}", names.join(", "));
        }
    }
    out
}

/// Every action a keymap can name, with what it does.
pub fn render_actions() -> String {
    let width = Action::ALL
        .iter()
        .map(|a| a.name().len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for action in Action::ALL {
        let _ = writeln!(out, "{:<width$}  {}", action.name(), action.description());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn show_lists_every_context_and_binding() {
        let mut keymap = Keymap::default_keymap();
        keymap
            .merge_str(
                "[global]\n\"alt-n\" = [\"give_floor\", \"focus_notes\"]\n",
                "u.toml",
            )
            .unwrap();
        let text = render_show(&keymap);
        assert!(text.starts_with("[global]\n"), "{text}");
        for context in Context::ALL {
            assert!(text.contains(&format!("[{context}]\n")), "{text}");
        }
        // The column is as wide as the longest key: "alt-backspace".
        assert!(text.contains("\n  ctrl-q         quit\n"), "{text}");
        assert!(
            text.contains("\n  alt-n          give_floor, focus_notes\n"),
            "{text}"
        );
        assert!(
            text.contains("\n  [              previous_agenda_item\n"),
            "{text}"
        );
        let empty = render_show(&Keymap::empty());
        assert!(
            empty.contains("[notes]\n  (no keys of its own)\n"),
            "{empty}"
        );
    }

    #[test]
    fn actions_lists_every_action_with_its_description() {
        let text = render_actions();
        assert_eq!(text.lines().count(), Action::ALL.len());
        for action in Action::ALL {
            assert!(text.contains(action.name()));
            assert!(text.contains(action.description()));
        }
        assert!(
            text.contains("\ngive_floor            Give the floor to the next"),
            "{text}"
        );
    }
}
