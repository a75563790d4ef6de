//! The one single-line text input: the finder's fields, the prompts and the search all edit
//! their text through it, so that the same keys do the same thing in each. Clearing the line
//! and deleting a word are actions of the keymap (`clear_input`, `delete_word`); what the
//! keymap does not take is typed here.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One change to a line of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit<'a> {
    Type(char),
    Backspace,
    DeleteWord,
    Clear,
    /// Pasted text: its first line only, without control characters.
    Paste(&'a str),
}

impl Edit<'_> {
    /// The edit a key the keymap did not take stands for: a character typed, or backspace.
    /// With ctrl or alt a key is a command, and commands come from the keymap only.
    pub fn from_key(key: &KeyEvent) -> Option<Edit<'static>> {
        let command = key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match key.code {
            KeyCode::Char(c) if !command && !c.is_control() => Some(Edit::Type(c)),
            KeyCode::Backspace if !command => Some(Edit::Backspace),
            _ => None,
        }
    }
}

/// Applies `edit` to `text`; whether the text changed.
pub fn edit(text: &mut String, edit: Edit) -> bool {
    let before = text.len();
    match edit {
        Edit::Type(c) => text.push(c),
        Edit::Backspace => {
            text.pop();
        }
        Edit::DeleteWord => delete_word(text),
        Edit::Clear => text.clear(),
        Edit::Paste(pasted) => {
            let line: String = pasted
                .lines()
                .next()
                .unwrap_or("")
                .chars()
                .filter(|c| !c.is_control())
                .collect();
            text.push_str(&line);
        }
    }
    text.len() != before || matches!(edit, Edit::Type(_))
}

/// Removes the last word and the spaces after it.
fn delete_word(text: &mut String) {
    let kept = text.trim_end().len();
    text.truncate(kept);
    let start = text
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    text.truncate(start);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_lines_and_pastes() {
        let mut text = "Save the Children".to_string();
        edit(&mut text, Edit::DeleteWord);
        assert_eq!(text, "Save the ");
        edit(&mut text, Edit::DeleteWord);
        assert_eq!(text, "Save ");
        edit(&mut text, Edit::Clear);
        assert_eq!(text, "");
        edit(&mut text, Edit::Paste("Ivory\tCoast\nsecond line"));
        assert_eq!(text, "IvoryCoast");
        edit(&mut text, Edit::Backspace);
        assert_eq!(text, "IvoryCoas");
        let alt_x = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::ALT);
        assert_eq!(Edit::from_key(&alt_x), None, "alt-x is a command");
        let ctrl_backspace = KeyEvent::new(KeyCode::Backspace, KeyModifiers::CONTROL);
        assert_eq!(
            Edit::from_key(&ctrl_backspace),
            None,
            "the keymap's to bind"
        );
    }
}
