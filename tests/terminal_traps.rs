//! Terminal input that never wedges, through the real binary in a pseudo-terminal: a paste
//! whose end never comes, `ESC O` with no final byte, and the string sequences a terminal
//! answers with (OSC, DCS, APC, PM). After each, what is typed reaches the note, nothing of
//! the sequence does, and ctrl-q still quits.

mod common;

use std::path::Path;
use std::time::Duration;

use common::pty::{keys, PtyApp};
use common::WAIT;

/// The app on a fresh store, with Austria on the floor and `typed` in the note.
fn typing(store: &Path, typed: &str) -> PtyApp {
    let mut app = common::start_app(store, 110, 32);
    common::inscribe(&mut app, "Austria");
    app.send(keys::CTRL_N);
    app.wait_for("Note · Austria", WAIT).unwrap();
    app.type_slowly(typed, Duration::from_millis(5));
    app.wait_for(typed, WAIT).unwrap();
    app
}

/// Ends the intervention (so that quitting asks nothing), sends `before`, then ctrl-q: the app
/// must quit.
fn quits(mut app: PtyApp, before: &str) {
    app.send(keys::CTRL_E);
    app.wait_for("No one has the floor", WAIT).unwrap();
    app.send(before);
    app.send(keys::CTRL_Q);
    let status = app
        .wait_exit(WAIT)
        .unwrap_or_else(|| panic!("ctrl-q quits\n{}", app.screen()));
    assert!(status.success(), "exit status {status:?}\n{}", app.screen());
}

#[test]
fn a_paste_whose_end_never_comes_is_taken_as_typed_text() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut app = typing(&store, "before");
    // A paste start, and then typing: the end of the paste never comes.
    app.send("\x1b[200~");
    app.type_slowly(" typed after", Duration::from_millis(5));
    app.wait_for("before typed after", WAIT)
        .unwrap_or_else(|e| panic!("the held keys reach the note: {e}\n{}", app.screen()));
    // Again, and ctrl-q alone behind it: it still quits.
    quits(app, "\x1b[200~");
    assert_eq!(common::saved_note(&store), "before typed after");
}

#[test]
fn esc_o_with_no_final_byte_does_not_eat_the_next_character() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut app = typing(&store, "before");
    app.send("\x1bO");
    app.wait_for("before", WAIT).unwrap();
    app.send("x");
    app.send("\x1bOy");
    app.type_slowly(" after", Duration::from_millis(5));
    app.wait_for("beforexy after", WAIT)
        .unwrap_or_else(|e| panic!("x and y reach the note: {e}\n{}", app.screen()));
    quits(app, "");
    assert_eq!(common::saved_note(&store), "beforexy after");
}

#[test]
fn string_sequences_are_discarded_whole_not_typed_into_the_note() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut app = typing(&store, "before");
    let mut typed = String::from("before");
    let sequences: [&[u8]; 5] = [
        b"\x1b]52;c;SGVsbG8gd29ybGQ=\x07",
        b"\x1b]11;rgb:0000/0000/0000\x1b\\",
        b"\x1bP1$r0m\x1b\\",
        b"\x1b_Gi=1;OK\x1b\\",
        b"\x1b^private message\x1b\\",
    ];
    for (n, sequence) in sequences.iter().enumerate() {
        app.send_bytes(sequence);
        let after = format!(" after{n}");
        app.send(&after);
        typed.push_str(&after);
        app.wait_for(&typed, WAIT).unwrap_or_else(|e| {
            panic!(
                "keys typed after {:?} reach the note: {e}\n{}",
                String::from_utf8_lossy(sequence),
                app.screen()
            )
        });
    }
    quits(app, "");
    assert_eq!(common::saved_note(&store), typed);
}
