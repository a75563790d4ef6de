//! Key names as keymap files write them ("ctrl-q", "f5", "A"), and crossterm's key events
//! brought to the same form so that a lookup matches however the terminal reported the key.

use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::suggest;

/// A key without its modifiers. Letters are always stored in lower case: the shift is
/// carried by [`Key::shift`], so `A`, `shift-a` and crossterm's `Char('A')` are one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    Char(char),
    Enter,
    Esc,
    Tab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

/// A key with its modifiers, in one normal form shared by files and terminal events.
///
/// `shift` is never set with a character that has no upper case ("?", "1", space): the
/// character itself says what shift did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: Code,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

/// The names of keys that are not characters, as files write them and as they are shown.
const NAMED: [(&str, Code); 15] = [
    ("space", Code::Char(' ')),
    ("enter", Code::Enter),
    ("esc", Code::Esc),
    ("tab", Code::Tab),
    ("backspace", Code::Backspace),
    ("delete", Code::Delete),
    ("insert", Code::Insert),
    ("up", Code::Up),
    ("down", Code::Down),
    ("left", Code::Left),
    ("right", Code::Right),
    ("home", Code::Home),
    ("end", Code::End),
    ("pageup", Code::PageUp),
    ("pagedown", Code::PageDown),
];

/// Other spellings people reach for; they read as the canonical name.
const ALIASES: [(&str, Code); 7] = [
    ("escape", Code::Esc),
    ("return", Code::Enter),
    ("del", Code::Delete),
    ("ins", Code::Insert),
    ("pgup", Code::PageUp),
    ("pgdn", Code::PageDown),
    ("pgdown", Code::PageDown),
];

const MODIFIERS: [&str; 3] = ["ctrl", "alt", "shift"];

/// Why a key name could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    Empty,
    /// "ctrl-": a modifier and nothing after it.
    NoKey,
    /// "ctrl--x" or "-x": a dash that joins nothing.
    EmptyModifier,
    UnknownModifier {
        name: String,
        suggestions: Vec<String>,
    },
    RepeatedModifier {
        name: String,
    },
    UnknownName {
        name: String,
        suggestions: Vec<String>,
    },
    /// "f0", "f13": terminals report f1 to f12 the same way everywhere.
    FunctionKeyRange {
        name: String,
    },
    /// "shift-1": the terminal reports the character shift types, never shift with "1".
    ShiftWithSymbol {
        name: String,
    },
    ControlCharacter,
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::Empty => write!(f, "a key name cannot be empty"),
            KeyError::NoKey => write!(f, "nothing follows the last \"-\"; write e.g. \"ctrl-q\""),
            KeyError::EmptyModifier => {
                write!(
                    f,
                    "a \"-\" must join a modifier to a key, as in \"ctrl-alt-x\""
                )
            }
            KeyError::UnknownModifier { name, suggestions } => {
                write!(f, "\"{name}\" is not a modifier")?;
                match suggest::did_you_mean(suggestions) {
                    Some(hint) => write!(f, "; {hint}"),
                    None => write!(f, "; the modifiers are ctrl, alt and shift"),
                }
            }
            KeyError::RepeatedModifier { name } => write!(f, "\"{name}\" is written twice"),
            KeyError::UnknownName { name, suggestions } => {
                write!(f, "no key is called \"{name}\"")?;
                match suggest::did_you_mean(suggestions) {
                    Some(hint) => write!(f, "; {hint}"),
                    None => write!(
                        f,
                        "; keys are a character as typed, or space, enter, esc, tab, backspace, \
                         delete, insert, up, down, left, right, home, end, pageup, pagedown, \
                         f1 to f12"
                    ),
                }
            }
            KeyError::FunctionKeyRange { .. } => write!(f, "function keys go from f1 to f12"),
            KeyError::ShiftWithSymbol { name } => write!(
                f,
                "terminals never report shift with \"{name}\"; write the character shift \
                 types instead, as \"?\" rather than \"shift-/\""
            ),
            KeyError::ControlCharacter => write!(
                f,
                "a control character cannot be a key; write its name, e.g. \"tab\" or \"enter\""
            ),
        }
    }
}

impl std::error::Error for KeyError {}

/// The upper case of `c` when it is a single, different character.
fn upper(c: char) -> Option<char> {
    single(c.to_uppercase()).filter(|u| *u != c)
}

/// The lower case of `c` when it is a single, different character.
fn lower(c: char) -> Option<char> {
    single(c.to_lowercase()).filter(|l| *l != c)
}

fn single(mut chars: impl Iterator<Item = char>) -> Option<char> {
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

impl Key {
    /// A key with no modifier.
    pub const fn plain(code: Code) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    /// Reads a key name as a keymap file writes it: modifiers (`ctrl`, `alt`, `shift`, in
    /// any order and any case) joined by "-" to a key name (case does not matter) or to one
    /// character. A single upper-case letter means shift, so `A` is `shift-a`, except with
    /// ctrl: terminals cannot tell ctrl-q from ctrl-shift-q, so `ctrl-Q` is `ctrl-q`.
    pub fn parse(text: &str) -> Result<Key, KeyError> {
        if text.is_empty() {
            return Err(KeyError::Empty);
        }
        let (modifiers, name) = split(text);
        let mut key = Key::plain(Code::Esc);
        for modifier in modifiers {
            let flag = match modifier.to_lowercase().as_str() {
                "" => return Err(KeyError::EmptyModifier),
                "ctrl" | "control" => &mut key.ctrl,
                "alt" => &mut key.alt,
                "shift" => &mut key.shift,
                _ => {
                    return Err(KeyError::UnknownModifier {
                        name: modifier.to_string(),
                        suggestions: suggest::closest(&modifier.to_lowercase(), MODIFIERS),
                    })
                }
            };
            if *flag {
                return Err(KeyError::RepeatedModifier {
                    name: modifier.to_lowercase(),
                });
            }
            *flag = true;
        }
        if name.is_empty() {
            return Err(KeyError::NoKey);
        }
        key.code = match single(name.chars()) {
            Some(c) if c.is_control() => return Err(KeyError::ControlCharacter),
            Some(c) => match lower(c) {
                Some(l) => {
                    // An upper-case letter is shift, unless ctrl makes the case unreadable.
                    key.shift |= !key.ctrl;
                    Code::Char(l)
                }
                None => Code::Char(c),
            },
            None => parse_name(name)?,
        };
        if let Code::Char(c) = key.code {
            if key.shift && upper(c).is_none() {
                return Err(KeyError::ShiftWithSymbol {
                    name: name.to_string(),
                });
            }
        }
        Ok(key)
    }

    /// The key a terminal event stands for, in the same form as [`Key::parse`] gives, or
    /// `None` for keys no keymap can name (media keys, f13 and above, super/hyper/meta).
    pub fn from_event(event: &KeyEvent) -> Option<Key> {
        let m = event.modifiers;
        if m.intersects(KeyModifiers::SUPER | KeyModifiers::HYPER | KeyModifiers::META) {
            return None;
        }
        let mut key = Key {
            code: Code::Esc,
            ctrl: m.contains(KeyModifiers::CONTROL),
            alt: m.contains(KeyModifiers::ALT),
            shift: m.contains(KeyModifiers::SHIFT),
        };
        key.code = match event.code {
            KeyCode::Char(c) if c.is_control() => return None,
            // crossterm reports shift-a as 'A', with SHIFT or (some terminals) without.
            KeyCode::Char(c) => match lower(c) {
                Some(l) => {
                    key.shift = true;
                    Code::Char(l)
                }
                None => {
                    // '?' already says shift was held; some terminals add SHIFT, some not.
                    if upper(c).is_none() {
                        key.shift = false;
                    }
                    Code::Char(c)
                }
            },
            KeyCode::BackTab => {
                key.shift = true;
                Code::Tab
            }
            KeyCode::F(n) if (1..=12).contains(&n) => Code::F(n),
            KeyCode::Enter => Code::Enter,
            KeyCode::Esc => Code::Esc,
            KeyCode::Tab => Code::Tab,
            KeyCode::Backspace => Code::Backspace,
            KeyCode::Delete => Code::Delete,
            KeyCode::Insert => Code::Insert,
            KeyCode::Up => Code::Up,
            KeyCode::Down => Code::Down,
            KeyCode::Left => Code::Left,
            KeyCode::Right => Code::Right,
            KeyCode::Home => Code::Home,
            KeyCode::End => Code::End,
            KeyCode::PageUp => Code::PageUp,
            KeyCode::PageDown => Code::PageDown,
            _ => return None,
        };
        Some(key)
    }

    /// The event a terminal sends for this key, as crossterm reports it (`Char('A')` with
    /// SHIFT, `BackTab`): handy for tests that press keys by name.
    pub fn to_event(self) -> KeyEvent {
        let mut modifiers = KeyModifiers::NONE;
        if self.ctrl {
            modifiers |= KeyModifiers::CONTROL;
        }
        if self.alt {
            modifiers |= KeyModifiers::ALT;
        }
        if self.shift {
            modifiers |= KeyModifiers::SHIFT;
        }
        let code = match self.code {
            Code::Char(c) if self.shift => KeyCode::Char(upper(c).unwrap_or(c)),
            Code::Char(c) => KeyCode::Char(c),
            Code::Tab if self.shift => KeyCode::BackTab,
            Code::Tab => KeyCode::Tab,
            Code::Enter => KeyCode::Enter,
            Code::Esc => KeyCode::Esc,
            Code::Backspace => KeyCode::Backspace,
            Code::Delete => KeyCode::Delete,
            Code::Insert => KeyCode::Insert,
            Code::Up => KeyCode::Up,
            Code::Down => KeyCode::Down,
            Code::Left => KeyCode::Left,
            Code::Right => KeyCode::Right,
            Code::Home => KeyCode::Home,
            Code::End => KeyCode::End,
            Code::PageUp => KeyCode::PageUp,
            Code::PageDown => KeyCode::PageDown,
            Code::F(n) => KeyCode::F(n),
        };
        KeyEvent::new(code, modifiers)
    }

    /// A character typed with no modifier but shift: in a typing context it must type
    /// itself, so no keymap may bind it there.
    pub fn is_plain_character(&self) -> bool {
        matches!(self.code, Code::Char(_)) && !self.ctrl && !self.alt
    }
}

/// Splits "ctrl-alt-x" into (["ctrl", "alt"], "x"); a trailing "--" is the minus key.
fn split(text: &str) -> (Vec<&str>, &str) {
    if text == "-" {
        return (Vec::new(), "-");
    }
    let (modifiers, name) = match text.strip_suffix("--").filter(|rest| !rest.is_empty()) {
        Some(rest) => (Some(rest), "-"),
        None => match text.rfind('-') {
            Some(i) => (Some(&text[..i]), &text[i + 1..]),
            None => (None, text),
        },
    };
    let modifiers = modifiers.map_or_else(Vec::new, |m| m.split('-').collect());
    (modifiers, name)
}

fn parse_name(name: &str) -> Result<Code, KeyError> {
    let lower = name.to_lowercase();
    if let Some((_, code)) = NAMED.iter().chain(&ALIASES).find(|(n, _)| *n == lower) {
        return Ok(*code);
    }
    if let Some(digits) = lower.strip_prefix('f') {
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            return match digits.parse::<u8>() {
                Ok(n @ 1..=12) => Ok(Code::F(n)),
                _ => Err(KeyError::FunctionKeyRange {
                    name: name.to_string(),
                }),
            };
        }
    }
    let function_keys: Vec<String> = (1..=12).map(|n| format!("f{n}")).collect();
    let candidates = NAMED
        .iter()
        .map(|(n, _)| *n)
        .chain(function_keys.iter().map(String::as_str));
    Err(KeyError::UnknownName {
        name: name.to_string(),
        suggestions: suggest::closest(&lower, candidates),
    })
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Code::Char(c) => match NAMED.iter().find(|(_, code)| code == self) {
                Some((name, _)) => f.write_str(name),
                None => write!(f, "{c}"),
            },
            Code::F(n) => write!(f, "f{n}"),
            _ => {
                let name = NAMED
                    .iter()
                    .find(|(_, code)| code == self)
                    .map_or("?", |(n, _)| n);
                f.write_str(name)
            }
        }
    }
}

/// The canonical name: "ctrl-alt-" before the key, a shifted letter in upper case ("A",
/// "alt-A") except with ctrl ("ctrl-shift-a"), named keys in lower case ("shift-tab").
impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match self.code {
            Code::Char(c) if self.shift && !self.ctrl => {
                write!(f, "{}", upper(c).unwrap_or(c))
            }
            code => {
                if self.shift {
                    f.write_str("shift-")?;
                }
                write!(f, "{code}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Key {
        Key::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    fn shown(text: &str) -> String {
        key(text).to_string()
    }

    fn event(code: KeyCode, modifiers: KeyModifiers) -> Option<String> {
        Key::from_event(&KeyEvent::new(code, modifiers)).map(|k| k.to_string())
    }

    #[test]
    fn modifiers_in_any_order_and_case() {
        assert_eq!(shown("ctrl-q"), "ctrl-q");
        assert_eq!(shown("Ctrl-Q"), "ctrl-q");
        assert_eq!(shown("CTRL-q"), "ctrl-q");
        assert_eq!(shown("alt-ctrl-x"), "ctrl-alt-x");
        assert_eq!(shown("ctrl-alt-x"), "ctrl-alt-x");
        assert_eq!(shown("control-n"), "ctrl-n");
        assert_eq!(shown("alt-n"), "alt-n");
        assert_eq!(shown("shift-tab"), "shift-tab");
        assert_eq!(shown("Shift-Tab"), "shift-tab");
        assert_eq!(shown("alt-pagedown"), "alt-pagedown");
        assert_eq!(shown("ctrl-space"), "ctrl-space");
    }

    #[test]
    fn function_keys_f1_to_f12() {
        for n in 1..=12 {
            assert_eq!(key(&format!("f{n}")).code, Code::F(n));
            assert_eq!(key(&format!("F{n}")).code, Code::F(n));
        }
        assert_eq!(shown("shift-F5"), "shift-f5");
        for bad in ["f13", "f0", "f99", "f300"] {
            assert!(
                matches!(Key::parse(bad), Err(KeyError::FunctionKeyRange { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn named_keys_and_aliases() {
        for (name, _) in NAMED {
            assert_eq!(shown(name), name);
            assert_eq!(shown(&name.to_uppercase()), name);
        }
        assert_eq!(shown("Enter"), "enter");
        assert_eq!(shown("escape"), "esc");
        assert_eq!(shown("return"), "enter");
        assert_eq!(shown("PgUp"), "pageup");
        assert_eq!(shown("del"), "delete");
    }

    #[test]
    fn a_single_letter_keeps_its_case() {
        assert_eq!(key("A"), key("shift-a"));
        assert_eq!(key("A"), key("shift-A"));
        assert_ne!(key("A"), key("a"));
        assert_eq!(shown("shift-a"), "A");
        assert_eq!(shown("alt-A"), "alt-A");
        assert_eq!(key("alt-A"), key("alt-shift-a"));
        // ctrl hides the case from the terminal, so it is ignored in files too.
        assert_eq!(key("ctrl-Q"), key("ctrl-q"));
        assert_eq!(shown("ctrl-shift-q"), "ctrl-shift-q");
        assert_eq!(shown("É"), "É");
        assert_eq!(key("É"), key("shift-é"));
    }

    #[test]
    fn symbols_and_the_minus_key() {
        assert_eq!(key("[").code, Code::Char('['));
        assert_eq!(key("]").code, Code::Char(']'));
        assert_eq!(key("?").code, Code::Char('?'));
        assert_eq!(key("-").code, Code::Char('-'));
        assert_eq!(
            key("ctrl--"),
            Key {
                ctrl: true,
                ..Key::plain(Code::Char('-'))
            }
        );
        assert_eq!(shown("ctrl--"), "ctrl--");
        assert_eq!(key(" "), key("space"));
        assert!(matches!(
            Key::parse("shift-1"),
            Err(KeyError::ShiftWithSymbol { .. })
        ));
        assert!(matches!(
            Key::parse("shift-space"),
            Err(KeyError::ShiftWithSymbol { .. })
        ));
        assert!(matches!(Key::parse("\t"), Err(KeyError::ControlCharacter)));
    }

    #[test]
    fn invalid_names() {
        assert_eq!(Key::parse(""), Err(KeyError::Empty));
        assert_eq!(Key::parse("ctrl-"), Err(KeyError::NoKey));
        assert_eq!(Key::parse("ctrl--x"), Err(KeyError::EmptyModifier));
        assert_eq!(Key::parse("-x"), Err(KeyError::EmptyModifier));
        assert_eq!(
            Key::parse("ctrl-ctrl-x"),
            Err(KeyError::RepeatedModifier {
                name: "ctrl".into()
            })
        );
        assert_eq!(
            Key::parse("hyper-x"),
            Err(KeyError::UnknownModifier {
                name: "hyper".into(),
                suggestions: vec![]
            })
        );
        assert_eq!(
            Key::parse("crtl-x"),
            Err(KeyError::UnknownModifier {
                name: "crtl".into(),
                suggestions: vec!["ctrl".into()]
            })
        );
        assert_eq!(
            Key::parse("entr"),
            Err(KeyError::UnknownName {
                name: "entr".into(),
                suggestions: vec!["enter".into()]
            })
        );
        assert!(matches!(
            Key::parse("ctrl-qq"),
            Err(KeyError::UnknownName { .. })
        ));
    }

    #[test]
    fn error_messages_read_well() {
        let message = Key::parse("hyper-x").unwrap_err().to_string();
        assert_eq!(
            message,
            "\"hyper\" is not a modifier; the modifiers are ctrl, alt and shift"
        );
        let message = Key::parse("pagdown").unwrap_err().to_string();
        assert_eq!(
            message,
            "no key is called \"pagdown\"; did you mean \"pagedown\"?"
        );
    }

    #[test]
    fn display_parses_back_to_the_same_key() {
        for text in [
            "ctrl-q",
            "A",
            "alt-A",
            "ctrl-shift-a",
            "shift-tab",
            "ctrl--",
            "space",
            "[",
            "f12",
            "ctrl-alt-delete",
        ] {
            let k = key(text);
            assert_eq!(key(&k.to_string()), k, "{text}");
        }
    }

    #[test]
    fn crossterm_shift_letters_match_however_reported() {
        let a = Some("A".to_string());
        assert_eq!(event(KeyCode::Char('A'), KeyModifiers::SHIFT), a);
        assert_eq!(event(KeyCode::Char('A'), KeyModifiers::NONE), a);
        assert_eq!(event(KeyCode::Char('a'), KeyModifiers::SHIFT), a);
        assert_eq!(
            event(KeyCode::Char('a'), KeyModifiers::NONE),
            Some("a".into())
        );
        assert_eq!(
            event(KeyCode::Char('A'), KeyModifiers::ALT | KeyModifiers::SHIFT),
            Some("alt-A".into())
        );
    }

    #[test]
    fn crossterm_symbols_backtab_and_ctrl() {
        assert_eq!(
            event(KeyCode::Char('?'), KeyModifiers::SHIFT),
            Some("?".into())
        );
        assert_eq!(
            event(KeyCode::Char('?'), KeyModifiers::NONE),
            Some("?".into())
        );
        assert_eq!(
            event(KeyCode::Char(' '), KeyModifiers::NONE),
            Some("space".into())
        );
        assert_eq!(
            event(KeyCode::BackTab, KeyModifiers::SHIFT),
            Some("shift-tab".into())
        );
        assert_eq!(
            event(KeyCode::BackTab, KeyModifiers::NONE),
            Some("shift-tab".into())
        );
        assert_eq!(
            event(KeyCode::Char('q'), KeyModifiers::CONTROL),
            Some("ctrl-q".into())
        );
        assert_eq!(
            event(KeyCode::PageDown, KeyModifiers::ALT),
            Some("alt-pagedown".into())
        );
        assert_eq!(event(KeyCode::F(5), KeyModifiers::NONE), Some("f5".into()));
        assert_eq!(event(KeyCode::F(13), KeyModifiers::NONE), None);
        assert_eq!(event(KeyCode::Char('q'), KeyModifiers::SUPER), None);
        assert_eq!(event(KeyCode::CapsLock, KeyModifiers::NONE), None);
    }

    #[test]
    fn to_event_round_trips_through_from_event() {
        for text in [
            "ctrl-q",
            "A",
            "a",
            "alt-A",
            "shift-tab",
            "tab",
            "?",
            "f5",
            "space",
            "alt-pageup",
        ] {
            let k = key(text);
            assert_eq!(Key::from_event(&k.to_event()), Some(k), "{text}");
        }
        assert_eq!(key("A").to_event().code, KeyCode::Char('A'));
        assert_eq!(key("shift-tab").to_event().code, KeyCode::BackTab);
    }

    #[test]
    fn plain_characters() {
        for text in ["a", "A", "space", "?", "[", "é"] {
            assert!(key(text).is_plain_character(), "{text}");
        }
        for text in [
            "ctrl-a",
            "alt-a",
            "alt-space",
            "enter",
            "tab",
            "f1",
            "shift-tab",
            "esc",
        ] {
            assert!(!key(text).is_plain_character(), "{text}");
        }
    }
}
