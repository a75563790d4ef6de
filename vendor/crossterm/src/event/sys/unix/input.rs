//! Terminal input read into events, byte by byte, so that no sequence can hold the input for
//! ever.
//!
//! `parse_event` reads one sequence; this parser feeds it the bytes as they come and decides
//! what happens to a sequence that waits for an end which may never come:
//!
//! - a bracketed paste (`ESC [ 200 ~ … ESC [ 201 ~`) and a string sequence (OSC `ESC ]`,
//!   DCS `ESC P`, APC `ESC _`, PM `ESC ^`, ended by `BEL` or `ESC \`) are held while their
//!   bytes keep coming. One that grows past `HELD_LIMIT`, or that no byte has reached for
//!   `HELD_IDLE`, is given up and taken as typed text: its marker is dropped, the text held
//!   up to the first control character (tabs and line ends are text) is handed over as a
//!   paste, and every byte from there on is read again as keys. So every key typed after a
//!   lost end, the one that quits included, comes through, and no text in it is taken for a
//!   command (a tab in a stalled paste stays a tab).
//! - a string sequence that ends is discarded whole: a terminal's reply is never typed text.
//! - `ESC O` followed by a byte that ends no SS3 sequence is Alt+Shift+O, and the byte is
//!   read again, not lost with it.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crate::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use super::super::super::InternalEvent;
use super::parse::parse_event;

/// How long a paste or a string sequence may wait for its next byte. A terminal writes a
/// paste or a reply in one burst; a pause this long inside one means its end was lost.
pub(crate) const HELD_IDLE: Duration = Duration::from_millis(1000);

/// The most bytes a paste or a string sequence may hold before it is given up.
pub(crate) const HELD_LIMIT: usize = 16 * 1024 * 1024;

const PASTE_START: &[u8] = b"\x1B[200~";

/// Terminal input bytes read into events, with the rules above. The event reader of this
/// crate reads through it; it is public so that a program (or its tests) can read bytes it
/// holds exactly as the reader would.
#[derive(Debug)]
pub struct InputParser {
    buffer: Vec<u8>,
    events: VecDeque<InternalEvent>,
    /// When the sequence held in `buffer` last received a byte.
    last_byte_at: Option<Instant>,
}

impl Default for InputParser {
    fn default() -> Self {
        InputParser {
            buffer: Vec::with_capacity(256),
            events: VecDeque::with_capacity(128),
            last_byte_at: None,
        }
    }
}

/// Whether `buffer` holds the start of a sequence that may wait long for its end.
fn is_long_sequence(buffer: &[u8]) -> bool {
    buffer.starts_with(PASTE_START) || (buffer.len() > 2 && is_string_introducer(buffer))
}

fn is_string_introducer(buffer: &[u8]) -> bool {
    buffer.len() >= 2 && buffer[0] == b'\x1B' && matches!(buffer[1], b']' | b'P' | b'_' | b'^')
}

/// The key `ESC c` is when typed: `c` with Alt.
fn alt_key(c: u8) -> InternalEvent {
    let c = c as char;
    let mut modifiers = KeyModifiers::ALT;
    if c.is_uppercase() {
        modifiers |= KeyModifiers::SHIFT;
    }
    InternalEvent::Event(Event::Key(KeyEvent::new(KeyCode::Char(c), modifiers)))
}

impl InputParser {
    pub fn new() -> Self {
        InputParser::default()
    }

    /// Reads `bytes`, received at `now`. `more` says that more bytes are known to be
    /// waiting (a lone `ESC` at the end is then the start of a sequence, not the Esc key).
    pub fn advance(&mut self, bytes: &[u8], more: bool, now: Instant) {
        self.feed(bytes, more, now);
    }

    /// When the sequence held now is given up if no byte reaches it; `None` when none is
    /// held that could wait long. The reader wakes then, even with no input.
    pub fn deadline(&self) -> Option<Instant> {
        self.last_byte_at
            .filter(|_| is_long_sequence(&self.buffer))
            .map(|at| at + HELD_IDLE)
    }

    /// Gives up the held sequence if its deadline has passed at `now`.
    pub fn expire(&mut self, now: Instant) {
        if self.deadline().is_some_and(|deadline| now >= deadline) {
            self.give_up(now);
        }
    }

    /// The next event read, if any (the terminal's replies to queries are left out).
    pub fn next_event(&mut self) -> Option<Event> {
        while let Some(event) = self.events.pop_front() {
            if let InternalEvent::Event(event) = event {
                return Some(event);
            }
        }
        None
    }

    pub(crate) fn next_internal(&mut self) -> Option<InternalEvent> {
        self.events.pop_front()
    }

    fn feed(&mut self, bytes: &[u8], more: bool, now: Instant) {
        for (idx, byte) in bytes.iter().enumerate() {
            let more = idx + 1 < bytes.len() || more;
            self.buffer.push(*byte);
            match parse_event(&self.buffer, more) {
                Ok(Some(event)) => {
                    self.events.push_back(event);
                    self.buffer.clear();
                }
                Ok(None) if self.buffer.len() > HELD_LIMIT && is_long_sequence(&self.buffer) => {
                    self.give_up(now);
                }
                Ok(None) => {}
                Err(_) if self.buffer.len() == 3 && self.buffer.starts_with(b"\x1BO") => {
                    // `ESC O` and a byte that ends no SS3 sequence: Alt+Shift+O, then the byte
                    // as itself.
                    self.events.push_back(alt_key(b'O'));
                    self.buffer.clear();
                    self.feed(&[*byte], more, now);
                }
                Err(_) => {
                    // Not a sequence this parser knows (or a string sequence ended, which is
                    // discarded whole): drop it and go on.
                    self.buffer.clear();
                }
            }
        }
        self.last_byte_at = (!self.buffer.is_empty()).then_some(now);
    }

    /// The held sequence taken as typed text: its text as a paste, from its first control
    /// character on as keys.
    fn give_up(&mut self, now: Instant) {
        let held = std::mem::take(&mut self.buffer);
        self.last_byte_at = None;
        let body = if held.starts_with(PASTE_START) {
            &held[PASTE_START.len()..]
        } else if is_string_introducer(&held) {
            &held[2..]
        } else {
            &held[..]
        };
        let text_end = body
            .iter()
            .position(|&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7F)
            .unwrap_or(body.len());
        // A character cut in two by the give-up is read with its end, as keys.
        let text_end = match std::str::from_utf8(&body[..text_end]) {
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            _ => text_end,
        };
        if text_end > 0 {
            let text = String::from_utf8_lossy(&body[..text_end]).into_owned();
            self.events
                .push_back(InternalEvent::Event(Event::Paste(text)));
        }
        self.feed(&body[text_end..], false, now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(parser: &mut InputParser) -> Vec<Event> {
        std::iter::from_fn(|| parser.next_event()).collect()
    }

    fn keys(text: &str) -> Vec<Event> {
        text.chars()
            .map(|c| {
                let mut modifiers = KeyModifiers::empty();
                if c.is_uppercase() {
                    modifiers |= KeyModifiers::SHIFT;
                }
                Event::Key(KeyEvent::new(KeyCode::Char(c), modifiers))
            })
            .collect()
    }

    fn ctrl(c: char) -> Event {
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
    }

    #[test]
    fn a_paste_that_ends_is_one_paste() {
        let mut p = InputParser::new();
        let t = Instant::now();
        p.advance(b"\x1B[200~two\nlines", true, t);
        p.advance(b"\x1B[201~x", false, t + HELD_IDLE * 5);
        assert_eq!(
            read(&mut p),
            [Event::Paste("two\nlines".into()), keys("x")[0].clone()]
        );
    }

    #[test]
    fn a_paste_whose_end_never_comes_is_taken_as_typed_text() {
        let mut p = InputParser::new();
        let t = Instant::now();
        p.advance(b"\x1B[200~", false, t);
        p.advance(b"ok", false, t + Duration::from_millis(200));
        p.advance(b"\x11", false, t + Duration::from_millis(400));
        assert_eq!(read(&mut p), [], "held while bytes keep coming");
        assert_eq!(
            p.deadline(),
            Some(t + Duration::from_millis(400) + HELD_IDLE)
        );
        p.expire(t + Duration::from_millis(900));
        assert_eq!(read(&mut p), [], "not given up before its deadline");
        p.expire(t + Duration::from_millis(400) + HELD_IDLE);
        assert_eq!(read(&mut p), [Event::Paste("ok".into()), ctrl('q')]);
        assert_eq!(p.deadline(), None);
    }

    #[test]
    fn a_given_up_paste_keeps_tabs_as_text_and_keys_after_a_control_character() {
        let mut p = InputParser::new();
        let t = Instant::now();
        let e_acute = "\u{e9}".as_bytes();
        // Stalled in the middle of a character.
        let mut first = b"\x1B[200~a\tb\r\nc".to_vec();
        first.push(e_acute[0]);
        p.advance(&first, false, t);
        p.expire(t + HELD_IDLE);
        p.advance(&[e_acute[1]], false, t + HELD_IDLE);
        p.advance(b"\x1B[200~x\x1B[Ay", false, t + HELD_IDLE);
        p.expire(t + HELD_IDLE * 2);
        let mut expected = vec![Event::Paste("a\tb\r\nc".into())];
        expected.extend(keys("\u{e9}"));
        expected.push(Event::Paste("x".into()));
        expected.push(Event::Key(KeyCode::Up.into()));
        expected.extend(keys("y"));
        assert_eq!(read(&mut p), expected);
    }

    #[test]
    fn a_paste_past_the_size_bound_is_taken_as_typed_text() {
        let mut p = InputParser::new();
        let t = Instant::now();
        p.advance(b"\x1B[200~", true, t);
        let body = vec![b'a'; HELD_LIMIT];
        p.advance(&body, false, t);
        let events = read(&mut p);
        let Some((Event::Paste(text), after)) = events.split_first() else {
            panic!("the held text first, as a paste");
        };
        assert_eq!(
            text.len() + after.len(),
            HELD_LIMIT,
            "every byte typed comes through"
        );
        assert!(text.bytes().all(|b| b == b'a'));
        assert!(after.iter().all(|e| *e == keys("a")[0]));
        assert_eq!(p.deadline(), None);
    }

    #[test]
    fn ss3_with_no_final_byte_does_not_eat_the_next_character() {
        let mut p = InputParser::new();
        let t = Instant::now();
        // Alt+Shift+O typed alone, then a letter later.
        p.advance(b"\x1BO", false, t);
        p.advance(b"x", false, t);
        // Alt+Shift+O and a letter in one read.
        p.advance(b"\x1BOx", false, t);
        // SS3 keys still read as keys.
        p.advance(b"\x1BOP\x1BOA", false, t);
        let alt_o = Event::Key(KeyEvent::new(
            KeyCode::Char('O'),
            KeyModifiers::ALT | KeyModifiers::SHIFT,
        ));
        let x = keys("x")[0].clone();
        assert_eq!(
            read(&mut p),
            [
                alt_o.clone(),
                x.clone(),
                alt_o,
                x,
                Event::Key(KeyCode::F(1).into()),
                Event::Key(KeyCode::Up.into()),
            ]
        );
    }

    #[test]
    fn string_sequences_are_discarded_whole() {
        let mut p = InputParser::new();
        let t = Instant::now();
        for sequence in [
            &b"\x1B]52;c;SGVsbG8gd29ybGQ=\x07"[..],
            b"\x1B]11;rgb:0000/0000/0000\x1B\\",
            b"\x1BP1$r0m\x1B\\",
            b"\x1B_Gi=1;OK\x1B\\",
            b"\x1B^private message\x1B\\",
        ] {
            let mut input = sequence.to_vec();
            input.extend_from_slice(b"ok");
            p.advance(&input, false, t);
            assert_eq!(read(&mut p), keys("ok"), "{:?}", String::from_utf8_lossy(sequence));
        }
        // One split over two reads, as a slow line delivers it.
        p.advance(b"\x1B]52;c;SGVsbG8", true, t);
        p.advance(b"gd29ybGQ=\x07ok", false, t);
        assert_eq!(read(&mut p), keys("ok"));
    }

    #[test]
    fn a_string_introducer_typed_alone_is_an_alt_key() {
        let mut p = InputParser::new();
        let t = Instant::now();
        p.advance(b"\x1B]", false, t);
        p.advance(b"\x1BP", false, t);
        assert_eq!(
            read(&mut p),
            [
                Event::Key(KeyEvent::new(KeyCode::Char(']'), KeyModifiers::ALT)),
                Event::Key(KeyEvent::new(
                    KeyCode::Char('P'),
                    KeyModifiers::ALT | KeyModifiers::SHIFT
                )),
            ]
        );
    }

    #[test]
    fn a_string_whose_end_never_comes_is_taken_as_typed_text() {
        let mut p = InputParser::new();
        let t = Instant::now();
        p.advance(b"\x1B]52;c", false, t);
        assert_eq!(read(&mut p), []);
        p.expire(t + HELD_IDLE);
        assert_eq!(read(&mut p), [Event::Paste("52;c".into())]);
    }
}
