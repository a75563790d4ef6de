//! The terminal input parser the app reads through (the vendored crossterm's, see
//! vendor/README.md), driven through its public API: no sequence holds the input for ever,
//! `ESC O` eats nothing, and string sequences are never typed text. The end-to-end checks of
//! the same traps are in tests/terminal_traps.rs.

use std::time::{Duration, Instant};

use crossterm::event::{Event, InputParser, KeyCode, KeyEvent, KeyModifiers};

fn read(parser: &mut InputParser) -> String {
    let mut out = String::new();
    while let Some(event) = parser.next_event() {
        match event {
            Event::Key(KeyEvent {
                code: KeyCode::Char(c),
                modifiers,
                ..
            }) if modifiers.contains(KeyModifiers::CONTROL) => out.push_str(&format!("^{c}")),
            Event::Key(KeyEvent {
                code: KeyCode::Char(c),
                modifiers,
                ..
            }) if modifiers.contains(KeyModifiers::ALT) => out.push_str(&format!("<alt-{c}>")),
            Event::Key(KeyEvent {
                code: KeyCode::Char(c),
                ..
            }) => out.push(c),
            Event::Paste(text) => out.push_str(&format!("<paste {text}>")),
            other => out.push_str(&format!("<{other:?}>")),
        }
    }
    out
}

#[test]
fn a_paste_whose_end_never_comes_gives_back_its_text_and_every_key_ctrl_q_included() {
    let mut parser = InputParser::new();
    let start = Instant::now();
    parser.advance(b"\x1b[200~", false, start);
    parser.advance(b"held", false, start + Duration::from_millis(100));
    parser.advance(b"\x11", false, start + Duration::from_millis(200));
    assert_eq!(read(&mut parser), "", "held while the paste may still end");
    let deadline = parser.deadline().expect("a held paste has a deadline");
    parser.expire(deadline);
    assert_eq!(read(&mut parser), "<paste held>^q");
    assert_eq!(parser.deadline(), None);
}

#[test]
fn a_stalled_paste_keeps_its_tabs_as_text() {
    let mut parser = InputParser::new();
    let start = Instant::now();
    parser.advance(b"\x1b[200~Brazil\tspoke\r", false, start);
    parser.expire(start + Duration::from_secs(60));
    // A tab typed as a key would move to the next pane, where letters are commands.
    assert_eq!(read(&mut parser), "<paste Brazil\tspoke\r>");
}

#[test]
fn a_paste_that_ends_is_one_paste() {
    let mut parser = InputParser::new();
    parser.advance(b"\x1b[200~one\ntwo\x1b[201~", false, Instant::now());
    assert_eq!(read(&mut parser), "<paste one\ntwo>");
}

#[test]
fn esc_o_with_no_final_byte_eats_nothing() {
    let mut parser = InputParser::new();
    let now = Instant::now();
    parser.advance(b"\x1bO", false, now);
    parser.advance(b"x", false, now);
    parser.advance(b"\x1bOy", false, now);
    assert_eq!(read(&mut parser), "<alt-O>x<alt-O>y");
}

#[test]
fn string_sequences_are_discarded_whole() {
    let mut parser = InputParser::new();
    let now = Instant::now();
    parser.advance(
        b"a\x1b]52;c;SGVsbG8=\x07b\x1bP1$r0m\x1b\\c\x1b_Gi=1;OK\x1b\\d\x1b^pm\x1b\\e",
        false,
        now,
    );
    assert_eq!(read(&mut parser), "abcde");
}
