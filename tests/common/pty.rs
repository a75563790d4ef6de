//! Drive a real terminal program in a pseudo-terminal, for end-to-end tests.
//!
//! The program's output is fed into a `vt100` parser so tests can look at the
//! screen as a user would see it. The reader thread also answers the terminal
//! queries a TUI sends at start-up (cursor position `ESC[6n`, device status
//! `ESC[5n`, primary device attributes `ESC[c`), so crossterm does not hang
//! waiting for a real terminal. Like xterm, it does not answer the kitty
//! keyboard-flags query `ESC[?u`; crossterm then sees the device-attributes
//! reply and concludes the enhancement is unsupported.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::{self, Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, Child, CommandBuilder, ExitStatus, MasterPty, PtySize};

/// Scrollback kept by the virtual terminal.
const SCROLLBACK: usize = 1000;
/// How often `wait_*` look again.
const POLL: Duration = Duration::from_millis(20);

/// Byte sequences for common keys, as a terminal sends them.
pub mod keys {
    pub const ENTER: &str = "\r";
    pub const ESC: &str = "\x1b";
    pub const TAB: &str = "\t";
    pub const BACKTAB: &str = "\x1b[Z";
    pub const BACKSPACE: &str = "\x7f";
    pub const DELETE: &str = "\x1b[3~";
    pub const UP: &str = "\x1b[A";
    pub const DOWN: &str = "\x1b[B";
    pub const RIGHT: &str = "\x1b[C";
    pub const LEFT: &str = "\x1b[D";
    pub const HOME: &str = "\x1b[H";
    pub const END: &str = "\x1b[F";
    pub const PAGE_UP: &str = "\x1b[5~";
    pub const PAGE_DOWN: &str = "\x1b[6~";
    pub const CTRL_A: &str = "\x01";
    pub const CTRL_C: &str = "\x03";
    pub const CTRL_D: &str = "\x04";
    pub const CTRL_E: &str = "\x05";
    pub const CTRL_K: &str = "\x0b";
    pub const CTRL_L: &str = "\x0c";
    pub const CTRL_N: &str = "\x0e";
    pub const CTRL_P: &str = "\x10";
    pub const CTRL_Q: &str = "\x11";
    pub const CTRL_S: &str = "\x13";
    pub const CTRL_T: &str = "\x14";
    pub const CTRL_U: &str = "\x15";
    pub const CTRL_W: &str = "\x17";
    pub const F1: &str = "\x1bOP";
    pub const F2: &str = "\x1bOQ";
    pub const F3: &str = "\x1bOR";
    pub const F4: &str = "\x1bOS";
    pub const F5: &str = "\x1b[15~";
    pub const F6: &str = "\x1b[17~";
    pub const F7: &str = "\x1b[18~";
    pub const F8: &str = "\x1b[19~";
    pub const F9: &str = "\x1b[20~";
    pub const F10: &str = "\x1b[21~";
    pub const F11: &str = "\x1b[23~";
    pub const F12: &str = "\x1b[24~";
}

type SharedWriter = Arc<Mutex<Box<dyn Write + Send>>>;

/// A program running in a pseudo-terminal, with a virtual screen of its output.
pub struct PtyApp {
    master: Box<dyn MasterPty + Send>,
    writer: SharedWriter,
    child: Box<dyn Child + Send + Sync>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    reader_done: Arc<AtomicBool>,
    exit: Option<ExitStatus>,
}

/// Locks even if a panicking thread poisoned the mutex: the data is still
/// worth looking at when a test fails.
fn lock<T: ?Sized>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn pty_size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n.max(1)).expect("max(1) is never zero")
}

fn to_io(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

impl PtyApp {
    /// Starts `program` with `args` in a new `cols`×`rows` pseudo-terminal.
    /// The child inherits this process's environment and working directory,
    /// plus `TERM=xterm-256color` and `env` (which wins).
    pub fn spawn(
        program: impl AsRef<OsStr>,
        args: &[&str],
        env: &[(&str, &str)],
        cols: u16,
        rows: u16,
    ) -> io::Result<PtyApp> {
        let pair = native_pty_system()
            .openpty(pty_size(cols, rows))
            .map_err(to_io)?;

        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        // These would override the size the program reads from the pty.
        cmd.env_remove("COLUMNS");
        cmd.env_remove("LINES");
        cmd.env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.cwd(std::env::current_dir()?);

        let child = pair.slave.spawn_command(cmd).map_err(to_io)?;
        // Only the child may hold the slave side, or the reader never sees EOF.
        drop(pair.slave);

        let master = pair.master;
        let reader = master.try_clone_reader().map_err(to_io)?;
        let writer: SharedWriter = Arc::new(Mutex::new(master.take_writer().map_err(to_io)?));
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            nonzero(rows),
            nonzero(cols),
            SCROLLBACK,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let reader_done = Arc::new(AtomicBool::new(false));

        {
            let parser = Arc::clone(&parser);
            let raw = Arc::clone(&raw);
            let writer = Arc::clone(&writer);
            let done = Arc::clone(&reader_done);
            thread::Builder::new()
                .name("pty-reader".into())
                .spawn(move || {
                    read_loop(reader, &parser, &raw, &writer);
                    done.store(true, Ordering::SeqCst);
                })?;
        }

        Ok(PtyApp {
            master,
            writer,
            child,
            parser,
            raw,
            reader_done,
            exit: None,
        })
    }

    /// The child's process id.
    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// Writes `text` to the terminal as typed input (see [`keys`]).
    pub fn send(&mut self, text: &str) {
        self.send_bytes(text.as_bytes());
    }

    /// Writes raw bytes to the terminal. Panics if the pty is gone.
    pub fn send_bytes(&mut self, bytes: &[u8]) {
        let mut w = lock(&self.writer);
        w.write_all(bytes)
            .and_then(|()| w.flush())
            .expect("writing to the pty");
    }

    /// Types `text` one character at a time, pausing `per_char` after each.
    pub fn type_slowly(&mut self, text: &str, per_char: Duration) {
        let mut buf = [0u8; 4];
        for c in text.chars() {
            self.send_bytes(c.encode_utf8(&mut buf).as_bytes());
            thread::sleep(per_char);
        }
    }

    /// The visible screen as plain text, rows separated by newlines.
    pub fn screen(&self) -> String {
        lock(&self.parser).screen().contents()
    }

    /// Runs `f` on the virtual screen, for colours, attributes, cursor, etc.
    pub fn with_screen<R>(&self, f: impl FnOnce(&vt100::Screen) -> R) -> R {
        f(lock(&self.parser).screen())
    }

    /// Cursor position as 0-based (row, col).
    pub fn cursor_position(&self) -> (u16, u16) {
        self.with_screen(|s| s.cursor_position())
    }

    /// Everything the program wrote so far, unparsed.
    pub fn raw_output(&self) -> Vec<u8> {
        lock(&self.raw).clone()
    }

    /// [`raw_output`](Self::raw_output) as (lossy) text.
    pub fn raw_text(&self) -> String {
        String::from_utf8_lossy(&lock(&self.raw)).into_owned()
    }

    /// True once the program's side of the pty is closed (output is complete).
    pub fn output_closed(&self) -> bool {
        self.reader_done.load(Ordering::SeqCst)
    }

    /// Quits rapporteur with ctrl-q and waits up to `timeout` for it to end. With a speaker
    /// on the floor it asks first what becomes of their clock; the answer here is `k`, to
    /// leave it running, so that the record stays as it was typed.
    pub fn quit_leaving_the_clock_running(&mut self, timeout: Duration) -> Option<ExitStatus> {
        self.send("\x11");
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.try_exit() {
                return Some(status);
            }
            if self.screen().contains("leave with the clock running") {
                self.send("k");
                return self.wait_exit(deadline.saturating_duration_since(Instant::now()));
            }
            if Instant::now() >= deadline {
                return None;
            }
            thread::sleep(POLL);
        }
    }

    /// Waits until the program's side of the pty is closed and the reader has taken all of
    /// its output: what [`raw_output`](Self::raw_output) holds then is complete. The exit of
    /// the process comes before that, so a test that checks the last bytes written (the
    /// terminal given back) waits for this, not for the exit alone.
    pub fn wait_output_closed(&self, timeout: Duration) -> Result<(), String> {
        let deadline = Instant::now() + timeout;
        while !self.output_closed() {
            if Instant::now() >= deadline {
                return Err(format!("the output was still open after {timeout:?}"));
            }
            thread::sleep(POLL);
        }
        Ok(())
    }

    /// Waits until the screen contains `needle`. On timeout the error shows
    /// the screen.
    pub fn wait_for(&self, needle: &str, timeout: Duration) -> Result<(), String> {
        self.wait_until(|s| s.contains(needle), timeout)
            .map_err(|e| format!("did not see {needle:?}: {e}"))
    }

    /// Waits until the screen no longer contains `needle`.
    pub fn wait_for_gone(&self, needle: &str, timeout: Duration) -> Result<(), String> {
        self.wait_until(|s| !s.contains(needle), timeout)
            .map_err(|e| format!("{needle:?} did not go away: {e}"))
    }

    /// Waits until `pred` holds for the screen text. On timeout the error
    /// shows the screen.
    pub fn wait_until(&self, pred: impl Fn(&str) -> bool, timeout: Duration) -> Result<(), String> {
        let deadline = Instant::now() + timeout;
        loop {
            let screen = self.screen();
            if pred(&screen) {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "timed out after {timeout:?}; screen was:\n{}",
                    framed(&screen)
                ));
            }
            thread::sleep(POLL);
        }
    }

    /// Resizes the terminal (the program gets SIGWINCH).
    pub fn resize(&self, cols: u16, rows: u16) {
        lock(&self.parser).set_size(nonzero(rows), nonzero(cols));
        self.master
            .resize(pty_size(cols, rows))
            .expect("resizing the pty");
    }

    /// The exit status if the program has ended, without waiting.
    pub fn try_exit(&mut self) -> Option<ExitStatus> {
        if self.exit.is_none() {
            if let Ok(Some(status)) = self.child.try_wait() {
                self.exit = Some(status);
            }
        }
        self.exit.clone()
    }

    /// Waits up to `timeout` for the program to end. `None` if it is still
    /// running. Use `.success()`, `.exit_code()` and `.signal()` on the result.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.try_exit() {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            thread::sleep(POLL);
        }
    }

    /// Kills the program with SIGKILL and reaps it.
    pub fn kill(&mut self) {
        if self.try_exit().is_some() {
            return;
        }
        if let Some(pid) = self.pid() {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
        }
        if self.wait_exit(Duration::from_secs(2)).is_none() {
            // `kill` missing or failed: fall back to portable-pty's
            // SIGHUP-then-SIGKILL.
            let _ = self.child.kill();
            let _ = self.wait_exit(Duration::from_secs(2));
        }
    }
}

impl Drop for PtyApp {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The screen between rules, with trailing blank lines dropped.
fn framed(screen: &str) -> String {
    let rule = "-".repeat(40);
    format!("{rule}\n{}\n{rule}", screen.trim_end_matches('\n'))
}

/// Reads the program's output until EOF, feeding it to the parser and
/// answering terminal queries.
fn read_loop(
    mut reader: Box<dyn Read + Send>,
    parser: &Mutex<vt100::Parser>,
    raw: &Mutex<Vec<u8>>,
    writer: &SharedWriter,
) {
    let mut scanner = QueryScanner::default();
    let mut buf = [0u8; 8192];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            // EIO once the child side is closed.
            Err(_) => break,
        };
        let chunk = &buf[..n];
        lock(raw).extend_from_slice(chunk);

        let mut start = 0;
        for (i, &b) in chunk.iter().enumerate() {
            let Some(query) = scanner.push(b) else {
                continue;
            };
            // Bring the screen up to the query so the cursor report is exact.
            let reply = {
                let mut p = lock(parser);
                p.process(&chunk[start..=i]);
                query.reply(p.screen())
            };
            start = i + 1;
            let mut w = lock(writer);
            let _ = w.write_all(reply.as_bytes()).and_then(|()| w.flush());
        }
        lock(parser).process(&chunk[start..]);
    }
}

/// A terminal query the program sent.
enum Query {
    /// `ESC[6n`: cursor position report.
    CursorPosition,
    /// `ESC[5n`: device status.
    Status,
    /// `ESC[c` / `ESC[0c`: primary device attributes.
    DeviceAttributes,
}

impl Query {
    fn reply(&self, screen: &vt100::Screen) -> String {
        match self {
            Query::CursorPosition => {
                let (row, col) = screen.cursor_position();
                format!("\x1b[{};{}R", row + 1, col + 1)
            }
            Query::Status => "\x1b[0n".to_string(),
            // A VT220 with ANSI colour, as many terminals claim.
            Query::DeviceAttributes => "\x1b[?62;22c".to_string(),
        }
    }
}

/// Spots CSI queries in the output stream, across read boundaries.
#[derive(Default)]
struct QueryScanner {
    /// The CSI sequence being read, starting with ESC; empty outside one.
    seq: Vec<u8>,
}

impl QueryScanner {
    fn push(&mut self, b: u8) -> Option<Query> {
        if b == 0x1b {
            self.seq.clear();
            self.seq.push(b);
            return None;
        }
        if self.seq.is_empty() {
            return None;
        }
        self.seq.push(b);
        if self.seq.len() == 2 {
            if b != b'[' {
                self.seq.clear();
            }
            return None;
        }
        if (0x40..=0x7e).contains(&b) {
            let query = match &self.seq[2..] {
                b"6n" => Some(Query::CursorPosition),
                b"5n" => Some(Query::Status),
                b"c" | b"0c" => Some(Query::DeviceAttributes),
                _ => None,
            };
            self.seq.clear();
            return query;
        }
        if !(0x20..=0x3f).contains(&b) || self.seq.len() > 64 {
            // Not a well-formed CSI sequence: give up on it.
            self.seq.clear();
        }
        None
    }
}
