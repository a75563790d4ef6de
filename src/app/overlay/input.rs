//! The one single-line text input: the finder's fields, the prompts, the forms and the search
//! all edit their text through it, so that the same keys do the same thing in each. Clearing
//! the line and deleting a word are actions of the keymap (`clear_input`, `delete_word`);
//! what the keymap does not take is typed here. A line may keep a cursor (`edit_at`): the
//! prompts and the forms do, so a slip in the middle of a date is put right where it is.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One change to a line of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit<'a> {
    Type(char),
    /// The character before the cursor.
    Backspace,
    /// The character after the cursor.
    Delete,
    DeleteWord,
    Clear,
    /// Pasted text: its first line only, without control characters.
    Paste(&'a str),
    Left,
    Right,
    Home,
    End,
}

impl Edit<'_> {
    /// The edit a key the keymap did not take stands for: a character typed, backspace,
    /// delete, or a move of the cursor. With ctrl or alt a key is a command, and commands
    /// come from the keymap only.
    pub fn from_key(key: &KeyEvent) -> Option<Edit<'static>> {
        let command = key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        if command {
            return None;
        }
        match key.code {
            KeyCode::Char(c) if !c.is_control() => Some(Edit::Type(c)),
            KeyCode::Backspace => Some(Edit::Backspace),
            KeyCode::Delete => Some(Edit::Delete),
            KeyCode::Left => Some(Edit::Left),
            KeyCode::Right => Some(Edit::Right),
            KeyCode::Home => Some(Edit::Home),
            KeyCode::End => Some(Edit::End),
            _ => None,
        }
    }
}

/// Applies `edit` to `text`, typing at its end; whether the text changed.
pub fn edit(text: &mut String, edit: Edit) -> bool {
    edit_at(text, &mut 0, edit)
}

/// Applies `edit` to a text the user was proposed (a date, a name, a path) and has not typed
/// in yet if `typed_in` is false: a character typed or a paste then replaces it whole, as a
/// selection would; a key that moves or deletes keeps it to edit. Whether the text changed.
pub fn edit_proposed(text: &mut String, back: &mut usize, typed_in: &mut bool, e: Edit) -> bool {
    let replaced = typing_replaces(text, *typed_in) && matches!(e, Edit::Type(_) | Edit::Paste(_));
    if replaced {
        text.clear();
        *back = 0;
    }
    *typed_in = true;
    edit_at(text, back, e) || replaced
}

/// Whether a character typed now replaces `text`, proposed and not typed in yet.
pub fn typing_replaces(text: &str, typed_in: bool) -> bool {
    !typed_in && !text.is_empty()
}

/// Applies `edit` to `text` at the cursor, which stands `back` characters before the end
/// (0: at the end; counted from the end, a line replaced whole keeps it at its end); whether
/// the text changed.
pub fn edit_at(text: &mut String, back: &mut usize, edit: Edit) -> bool {
    let length = text.chars().count();
    *back = (*back).min(length);
    let at = length - *back;
    let byte = |text: &String, char_index: usize| {
        text.char_indices()
            .nth(char_index)
            .map_or(text.len(), |(i, _)| i)
    };
    let before = text.len();
    match edit {
        Edit::Type(c) => text.insert(byte(text, at), c),
        Edit::Backspace if at > 0 => {
            text.remove(byte(text, at - 1));
        }
        Edit::Delete if *back > 0 => {
            text.remove(byte(text, at));
            *back -= 1;
        }
        Edit::Backspace | Edit::Delete => {}
        Edit::DeleteWord => {
            let cut = byte(text, at);
            let mut head = text[..cut].to_string();
            delete_word(&mut head);
            text.replace_range(..cut, &head);
        }
        Edit::Clear => {
            text.clear();
            *back = 0;
        }
        Edit::Paste(pasted) => {
            let line: String = pasted
                .lines()
                .next()
                .unwrap_or("")
                .chars()
                .filter(|c| !c.is_control())
                .collect();
            text.insert_str(byte(text, at), &line);
        }
        Edit::Left => *back = (*back + 1).min(length),
        Edit::Right => *back = back.saturating_sub(1),
        Edit::Home => *back = length,
        Edit::End => *back = 0,
    }
    text.len() != before || matches!(edit, Edit::Type(_))
}

/// `text` with a bar where the cursor stands `back` characters before its end: how a line
/// being typed in is drawn.
pub fn with_cursor(text: &str, back: usize) -> String {
    let length = text.chars().count();
    let at = length - back.min(length);
    let mut out: String = text.chars().take(at).collect();
    out.push('\u{258f}');
    out.extend(text.chars().skip(at));
    out
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

    #[test]
    fn a_slip_in_the_middle_is_put_right_where_it_is() {
        let mut text = "10:00:00".to_string();
        let mut back = 0;
        for e in [Edit::Left, Edit::Backspace, Edit::Type('2')] {
            edit_at(&mut text, &mut back, e);
        }
        assert_eq!(text, "10:00:20");
        assert_eq!(with_cursor(&text, back), "10:00:2\u{258f}0");
        edit_at(&mut text, &mut back, Edit::Delete);
        assert_eq!((text.as_str(), back), ("10:00:2", 0));
        edit_at(&mut text, &mut back, Edit::Home);
        edit_at(&mut text, &mut back, Edit::Delete);
        edit_at(&mut text, &mut back, Edit::Paste("0"));
        assert_eq!(text, "00:00:2");
        edit_at(&mut text, &mut back, Edit::End);
        edit_at(&mut text, &mut back, Edit::Type('5'));
        assert_eq!(text, "00:00:25");
    }

    #[test]
    fn the_cursor_moves_in_characters_and_stays_in_the_line() {
        let mut text = "Côte".to_string();
        let mut back = 0;
        for _ in 0..10 {
            edit_at(&mut text, &mut back, Edit::Left);
        }
        assert_eq!(back, 4);
        edit_at(&mut text, &mut back, Edit::Backspace);
        assert_eq!(text, "Côte", "nothing before the start");
        edit_at(&mut text, &mut back, Edit::Right);
        edit_at(&mut text, &mut back, Edit::Right);
        edit_at(&mut text, &mut back, Edit::Backspace);
        assert_eq!(text, "Cte");
        edit_at(&mut text, &mut back, Edit::Type('ô'));
        assert_eq!(text, "Côte");
        edit_at(&mut text, &mut back, Edit::DeleteWord);
        assert_eq!((text.as_str(), back), ("te", 2));
        let mut replaced = "a whole new line".to_string();
        assert_eq!(with_cursor(&replaced, 40), "\u{258f}a whole new line");
        edit_at(&mut replaced, &mut 40, Edit::Type('X'));
        assert_eq!(
            replaced, "Xa whole new line",
            "a cursor past the start is at the start"
        );
    }
}
