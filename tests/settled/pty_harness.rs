//! Tests of the pty harness itself, on standard programs.

use crate::common;

use std::time::{Duration, Instant};

use common::pty::{keys, PtyApp};

const T: Duration = Duration::from_secs(5);

fn sh(script: &str) -> PtyApp {
    PtyApp::spawn("/bin/sh", &["-c", script], &[], 80, 24).expect("spawning sh")
}

fn bash(script: &str) -> PtyApp {
    PtyApp::spawn(
        "bash",
        &["--norc", "--noprofile", "-c", script],
        &[],
        80,
        24,
    )
    .expect("spawning bash")
}

#[test]
fn output_input_and_exit_round_trip() {
    let mut app = sh(r#"printf "hello\n"; read x; echo "got $x""#);
    app.wait_for("hello", T).unwrap();
    app.send("abc");
    app.send(keys::ENTER);
    app.wait_for("got abc", T).unwrap();
    let status = app.wait_exit(T).expect("sh should exit");
    assert!(status.success(), "{status:?}");
    assert!(app.raw_text().contains("got abc"));
}

#[test]
fn typing_slowly_arrives_whole() {
    let mut app = sh(r#"read x; echo "got <$x>""#);
    app.type_slowly("slow words", Duration::from_millis(5));
    app.send(keys::ENTER);
    app.wait_for("got <slow words>", T).unwrap();
    assert!(app.wait_exit(T).unwrap().success());
}

#[test]
fn env_and_term_are_passed_and_exit_code_is_reported() {
    let mut app = PtyApp::spawn(
        "/bin/sh",
        &["-c", r#"echo "term=$TERM foo=$FOO"; exit 3"#],
        &[("FOO", "bar baz")],
        80,
        24,
    )
    .unwrap();
    app.wait_for("term=xterm-256color foo=bar baz", T).unwrap();
    let status = app.wait_exit(T).expect("sh should exit");
    assert!(!status.success());
    assert_eq!(status.exit_code(), 3);
}

#[test]
fn kill_ends_a_long_sleep_promptly() {
    let started = Instant::now();
    let mut app = PtyApp::spawn("sleep", &["30"], &[], 80, 24).unwrap();
    assert!(app.pid().is_some());
    assert!(app.wait_exit(Duration::from_millis(100)).is_none());
    app.kill();
    let status = app.wait_exit(Duration::from_secs(1)).expect("killed");
    assert!(!status.success());
    assert!(status.signal().is_some(), "{status:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn drop_kills_the_child() {
    let app = PtyApp::spawn("sleep", &["30"], &[], 80, 24).unwrap();
    let pid = app.pid().unwrap().to_string();
    drop(app);
    let alive = std::process::Command::new("kill")
        .args(["-0", &pid])
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap()
        .success();
    assert!(!alive, "pid {pid} survived the drop");
}

#[test]
fn cursor_position_query_is_answered() {
    let mut app = bash(r#"printf '\033[6n'; IFS= read -rs -d R resp; echo "reply:${resp#*[}""#);
    app.wait_for("reply:1;1", T).unwrap();
    assert!(app.wait_exit(T).unwrap().success());
}

#[test]
fn cursor_position_reply_follows_the_cursor() {
    let mut app = bash(
        r#"printf 'one\ntwo-\033[6n'; IFS= read -rs -d R resp; echo; echo "reply:${resp#*[}""#,
    );
    app.wait_for("reply:2;5", T).unwrap();
    assert!(app.wait_exit(T).unwrap().success());
}

#[test]
fn device_attributes_query_is_answered() {
    let mut app = bash(r#"printf '\033[c'; IFS= read -rs -d c resp; echo "da:${resp#*[}""#);
    app.wait_for("da:?62;22", T).unwrap();
    assert!(app.wait_exit(T).unwrap().success());
}

#[test]
fn resize_reaches_the_program_and_the_screen() {
    let mut app = sh(r#"stty size; read x; stty size"#);
    app.wait_for("24 80", T).unwrap();
    app.resize(100, 30);
    let (rows, cols) = app.with_screen(|s| s.size());
    assert_eq!((rows.get(), cols.get()), (30, 100));
    app.send(keys::ENTER);
    app.wait_for("30 100", T).unwrap();
    assert!(app.wait_exit(T).unwrap().success());
}

#[test]
fn a_failed_wait_shows_the_screen() {
    let app = sh(r#"echo visible-text; sleep 30"#);
    app.wait_for("visible-text", T).unwrap();
    let err = app
        .wait_for("never-there", Duration::from_millis(200))
        .unwrap_err();
    assert!(err.contains("never-there"), "{err}");
    assert!(err.contains("visible-text"), "{err}");
}

#[test]
fn wait_until_and_wait_for_gone() {
    let mut app = sh(r#"printf 'first'; read x; printf '\033[2J\033[Hsecond\n'; read y"#);
    app.wait_until(|s| s.starts_with("first"), T).unwrap();
    app.send(keys::ENTER);
    app.wait_for_gone("first", T).unwrap();
    app.wait_for("second", T).unwrap();
}

#[test]
fn bin_path_points_at_the_built_binary() {
    assert!(common::bin_path().is_file());
}
