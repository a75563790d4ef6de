//! A live copy: `rapporteur stream` piped into `rapporteur mirror`, between two stores, with
//! kills at random on both sides. The copy opens after any kill with the original's record as
//! it stood at a change it names, and catches up without gaps or doubles; a copy of another
//! store and a stream that would leave a gap are refused. More rounds with RAPPORTEUR_SOAK=1.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::typing::{four_delegations, speech, statement};
use common::Lcg;
use rapporteur::domain::{InterventionId, SessionRecord};
use rapporteur::export::{json, Scope};
use rapporteur::live::mirror;
use rapporteur::live::tail::{JournalTail, Polled};
use rapporteur::store::{Change, Store};

/// The original, written as the app writes it, and its record after each change it saved.
struct Original {
    store: Store,
    tail: JournalTail,
    /// The session as it stood after the change numbered by the key.
    states: BTreeMap<u64, Option<SessionRecord>>,
    next_id: u64,
    notes: BTreeMap<u64, String>,
}

const SID: rapporteur::domain::SessionId = rapporteur::domain::SessionId(1);

impl Original {
    fn new(path: &Path) -> Original {
        let store = Store::open(path).unwrap();
        let mut original = Original {
            tail: JournalTail::of_store(path),
            store,
            states: BTreeMap::from([(0, None)]),
            next_id: 1,
            notes: BTreeMap::new(),
        };
        original.store.save_record(&four_delegations()).unwrap();
        original.saw();
        original
    }

    /// Notes the record as it stands under the number of the last change saved.
    fn saw(&mut self) {
        let last = match self.tail.poll().unwrap() {
            Polled::Grown(batches) | Polled::Restarted(batches) => {
                batches.last().map(|b| b.last_seq())
            }
            Polled::Nothing | Polled::Missing => None,
        };
        if let Some(seq) = last {
            self.states.insert(seq, Some(self.store.load(SID).unwrap()));
        }
    }

    /// One user action at random: a new statement, typing in a note, a statement struck out,
    /// now and then the journal rewritten in short.
    fn act(&mut self, rng: &mut Lcg) {
        match rng.below(10) {
            0..=2 => {
                let id = self.next_id;
                self.next_id += 1;
                self.store
                    .write_batch(&[
                        Change::Intervention(SID, statement(id)),
                        Change::Note(SID, InterventionId(id), String::new()),
                        Change::LastSession(SID),
                    ])
                    .unwrap();
                self.notes.insert(id, String::new());
            }
            3..=7 if !self.notes.is_empty() => {
                let id = *self
                    .notes
                    .keys()
                    .nth(rng.below(self.notes.len() as u64) as usize)
                    .unwrap();
                let speech = speech(id);
                let words: Vec<&str> = speech.split(' ').collect();
                let note = self.notes.get_mut(&id).unwrap();
                note.push_str(words[note.split(' ').count() % words.len()]);
                note.push(' ');
                self.store
                    .write_batch(&[Change::Note(SID, InterventionId(id), note.clone())])
                    .unwrap();
            }
            8 if !self.notes.is_empty() => {
                let id = *self.notes.keys().next().unwrap();
                self.notes.remove(&id);
                self.store
                    .write_batch(&[Change::RemoveIntervention(SID, InterventionId(id))])
                    .unwrap();
            }
            _ => self.store.compact_journal().unwrap(),
        }
        self.saw();
    }

    fn last_seq(&self) -> u64 {
        *self.states.keys().last().unwrap()
    }
}

fn stream(original: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(common::bin_path());
    command
        .arg("stream")
        .arg("--db")
        .arg(original)
        .args(args)
        .env_remove("RAPPORTEUR_DB");
    command
}

/// `rapporteur stream --from-copy COPY | rapporteur mirror --db COPY`.
fn pipeline(original: &Path, copy: &Path, stream_args: &[&str]) -> (Child, Child) {
    let copy_arg = copy.to_str().unwrap();
    let mut args = vec!["--from-copy", copy_arg];
    args.extend(stream_args);
    let mut streaming = stream(original, &args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mirroring = Command::new(common::bin_path())
        .args(["mirror", "--db", copy_arg])
        .env_remove("RAPPORTEUR_DB")
        .stdin(streaming.stdout.take().unwrap())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    (streaming, mirroring)
}

/// What the copy holds, as it opens now, and the change it says it holds up to.
fn copy_as_it_opens(copy: &Path) -> (u64, Option<SessionRecord>) {
    let through = mirror::copy_of(copy).unwrap().map_or(0, |c| c.through);
    let store = Store::open(copy).expect("the copy opens");
    let record = store.load(SID).ok();
    (through, record)
}

/// The copy holds the original's record as it stood at the change it names, or at a later
/// one: a frame of the stream can carry several changes, applied as one batch before the
/// copy keeps how far it is, so a kill between the two leaves the copy ahead of the number it
/// names (never behind: resuming applies those changes again, each the whole new state of its
/// record, which changes nothing).
fn assert_copy_is_the_original_at_its_change(original: &Original, copy: &Path, context: &str) {
    let (through, record) = copy_as_it_opens(copy);
    assert!(
        original.states.contains_key(&through),
        "{context}: the copy names change {through}, which the original never saved"
    );
    assert!(
        original
            .states
            .range(through..)
            .any(|(_, state)| *state == record),
        "{context}: the copy at change {through} holds {} interventions, which the original \
         never held at that change or after; the copy's: {:?}; the original's from there: {:?}",
        record.as_ref().map_or(0, |r| r.interventions.len()),
        summary(record.as_ref()),
        original
            .states
            .range(through..)
            .take(3)
            .map(|(seq, state)| (*seq, summary(state.as_ref())))
            .collect::<Vec<_>>(),
    );
}

/// Each intervention's id and the length of its note, to say how two records differ.
fn summary(record: Option<&SessionRecord>) -> Vec<(u64, usize)> {
    record.map_or_else(Vec::new, |r| {
        r.interventions
            .iter()
            .map(|iv| (iv.id.0, iv.note.len()))
            .collect()
    })
}

fn kill(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// Sends everything saved so far and waits for the copy to take it.
fn catch_up(original: &Original, copy: &Path) {
    let (mut streaming, mirroring) = pipeline(original.store.path(), copy, &["--until-idle"]);
    let out = mirroring.wait_with_output().unwrap();
    streaming.wait().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (through, record) = copy_as_it_opens(copy);
    assert_eq!(through, original.last_seq());
    let record = record.expect("the copy holds the session");
    let theirs = original.store.load(SID).unwrap();
    assert_eq!(record, theirs);
    // The same export, and the same sessions listed.
    let export = |r: &SessionRecord| json::render(r, Scope::default()).unwrap();
    assert_eq!(export(&record), export(&theirs));
    let copy = Store::open(copy).unwrap();
    assert_eq!(copy.sessions().unwrap(), original.store.sessions().unwrap());
    assert_eq!(
        copy.most_recent_session().unwrap(),
        original.store.most_recent_session().unwrap()
    );
}

#[test]
fn a_copy_killed_and_streamed_to_at_random_holds_what_the_original_saved() {
    let soak = std::env::var_os("RAPPORTEUR_SOAK").is_some();
    let rounds = if soak { 40 } else { 4 };
    for round in 0..rounds {
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("copy");
        let mut original = Original::new(&dir.path().join("original"));
        let mut rng = Lcg::for_round(round);
        for kill_at in 0..3 {
            let (mut streaming, mut mirroring) = pipeline(original.store.path(), &copy, &[]);
            let until = Instant::now() + rng.millis(50, 600);
            while Instant::now() < until {
                original.act(&mut rng);
                std::thread::sleep(rng.millis(0, 15));
            }
            // Either side first; the other ends with it (or is ended).
            if rng.below(2) == 0 {
                kill(&mut streaming);
                let _ = mirroring.wait();
            } else {
                kill(&mut mirroring);
                kill(&mut streaming);
            }
            assert_copy_is_the_original_at_its_change(
                &original,
                &copy,
                &format!("round {round}, kill {kill_at}"),
            );
        }
        catch_up(&original, &copy);
    }
}

#[test]
fn a_journal_rewritten_in_short_reaches_the_copy_whole() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy");
    let mut original = Original::new(&dir.path().join("original"));
    let mut rng = Lcg::for_round(7);
    for _ in 0..20 {
        original.act(&mut rng);
    }
    catch_up(&original, &copy);
    // Struck out and rewritten in short while the copy was away: the copy loses it too.
    let struck = *original.notes.keys().next().expect("a statement to strike");
    let held = |copy: &Path| {
        let (_, record) = copy_as_it_opens(copy);
        record.is_some_and(|r| r.interventions.iter().any(|i| i.id.0 == struck))
    };
    assert!(held(&copy));
    original
        .store
        .write_batch(&[Change::RemoveIntervention(SID, InterventionId(struck))])
        .unwrap();
    original.notes.remove(&struck);
    original.store.compact_journal().unwrap();
    original.saw();
    catch_up(&original, &copy);
    assert!(!held(&copy));
    let resume = common::succeeds(
        Command::new(common::bin_path())
            .args(["mirror", "--db", copy.to_str().unwrap(), "--resume-point"])
            .output()
            .unwrap(),
    );
    assert_eq!(resume.trim(), (original.last_seq() + 1).to_string());
}

#[test]
fn a_copy_of_another_store_and_a_stream_that_leaves_a_gap_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy");
    let original = Original::new(&dir.path().join("original"));
    catch_up(&original, &copy);
    let other = Original::new(&dir.path().join("other"));

    let refused = |original: &Path, from: &str| {
        let mut streaming = stream(original, &["--from", from, "--until-idle"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let out = Command::new(common::bin_path())
            .args(["mirror", "--db", copy.to_str().unwrap()])
            .stdin(streaming.stdout.take().unwrap())
            .output()
            .unwrap();
        kill(&mut streaming);
        assert!(!out.status.success());
        common::stderr(&out)
    };
    let said = refused(other.store.path(), "1");
    assert!(said.contains("is a copy of the store"), "{said}");
    assert!(said.contains("another store"), "{said}");
    let after = original.last_seq() + 5;
    let said = refused(original.store.path(), &after.to_string());
    assert!(
        said.contains("the changes between would be missing"),
        "{said}"
    );
    assert!(
        said.contains(&format!("--from {}", original.last_seq() + 1)),
        "{said}"
    );
    // Nothing was changed by either.
    let (through, record) = copy_as_it_opens(&copy);
    assert_eq!(through, original.last_seq());
    assert_eq!(record, Some(original.store.load(SID).unwrap()));
}

#[test]
fn a_store_with_sessions_of_its_own_is_not_made_a_copy() {
    let dir = tempfile::tempdir().unwrap();
    let original = Original::new(&dir.path().join("original"));
    let own = Original::new(&dir.path().join("own"));
    let own_path = own.store.path().to_path_buf();
    drop(own);
    let mut streaming = stream(original.store.path(), &["--until-idle"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let out = Command::new(common::bin_path())
        .args(["mirror", "--db", own_path.to_str().unwrap()])
        .stdin(streaming.stdout.take().unwrap())
        .output()
        .unwrap();
    kill(&mut streaming);
    assert!(!out.status.success());
    assert!(
        common::stderr(&out).contains("is not a copy"),
        "{}",
        common::stderr(&out)
    );
}

/// How long after the original saves a change the copy holds it, through a live pipe on this
/// machine: printed for BENCHMARKS.md, not asserted.
#[test]
fn measure_how_far_the_copy_is_behind_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy");
    let mut original = Original::new(&dir.path().join("original"));
    catch_up(&original, &copy);
    let (mut streaming, mut mirroring) = pipeline(original.store.path(), &copy, &[]);
    let mut rng = Lcg::for_round(3);
    let mut behind = Vec::new();
    for _ in 0..20 {
        original.act(&mut rng);
        let saved = Instant::now();
        let seq = original.last_seq();
        while mirror::copy_of(&copy)
            .ok()
            .flatten()
            .is_none_or(|c| c.through < seq)
        {
            assert!(
                saved.elapsed() < common::WAIT,
                "the copy never took change {seq}"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        behind.push(saved.elapsed());
        std::thread::sleep(Duration::from_millis(30));
    }
    kill(&mut streaming);
    kill(&mut mirroring);
    behind.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    eprintln!(
        "mirror lag: the copy holds a change a median of {:.1} ms after the original saved it, at most {:.1} ms ({} changes)",
        ms(behind[behind.len() / 2]),
        ms(*behind.last().unwrap()),
        behind.len()
    );
}

/// Sends `signal` (as `kill` names it) to a child.
fn send_signal(child: &Child, signal: &str) {
    let status = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(child.id().to_string())
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -{signal}");
}

/// The child's exit status, waiting for it as long as a step may take.
fn ends_within(child: &mut Child, what: &str) -> std::process::ExitStatus {
    let deadline = Instant::now() + common::WAIT;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "{what} is still running");
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn stderr_of(child: &mut Child) -> String {
    let mut said = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut said).unwrap();
    said
}

/// A signal to the copy while the original is being written: the copy ends with 128 + the
/// signal and says how far it is, and it holds exactly the original's record at that
/// change: a batch is applied whole, with the note of how far the copy is, before it ends.
#[test]
fn a_signal_ends_the_copy_between_whole_batches() {
    for (round, (signal, number)) in [("TERM", 15), ("HUP", 1), ("INT", 2)]
        .into_iter()
        .enumerate()
    {
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("copy");
        let mut original = Original::new(&dir.path().join("original"));
        let mut rng = Lcg::for_round(round as u64 + 100);
        let (mut streaming, mut mirroring) = pipeline(original.store.path(), &copy, &[]);
        // Busy on both sides when the signal comes.
        while mirror::copy_of(&copy).unwrap().map_or(0, |c| c.through) < 3 {
            original.act(&mut rng);
        }
        for _ in 0..rng.below(20) {
            original.act(&mut rng);
        }
        send_signal(&mirroring, signal);
        let status = ends_within(&mut mirroring, "the copy");
        assert_eq!(status.code(), Some(128 + number), "SIG{signal}");
        let said = stderr_of(&mut mirroring);
        let (through, record) = copy_as_it_opens(&copy);
        assert!(
            said.contains(&format!("ended by SIG{signal}"))
                && said.contains(&format!("holds every change up to {through} whole")),
            "{said}"
        );
        assert_eq!(
            original.states.get(&through),
            Some(&record),
            "SIG{signal}: the copy is the original at change {through}"
        );
        // The stream, idle or not, ends once nobody reads it.
        let status = ends_within(&mut streaming, "the stream, with its reader gone");
        assert_eq!(status.code(), Some(1));
        catch_up(&original, &copy);
    }
}

/// A stream with nothing to send ends as soon as its reader is gone, not at the next change
/// saved, which may be hours away; a signal ends it with 128 + the signal and a line.
#[test]
fn a_stream_ends_when_its_reader_goes_or_on_a_signal() {
    let dir = tempfile::tempdir().unwrap();
    let original = Original::new(&dir.path().join("original"));
    let start = || {
        let mut streaming = stream(original.store.path(), &[])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The record so far has come: the stream is idle now.
        let mut first = [0u8; 64];
        std::io::Read::read_exact(streaming.stdout.as_mut().unwrap(), &mut first).unwrap();
        streaming
    };

    let mut streaming = start();
    drop(streaming.stdout.take());
    let status = ends_within(&mut streaming, "the stream, with its reader gone");
    assert_eq!(status.code(), Some(1));
    let said = stderr_of(&mut streaming);
    assert!(said.contains("the copy stopped reading"), "{said}");

    for (signal, number) in [("TERM", 15), ("HUP", 1), ("INT", 2)] {
        let mut streaming = start();
        send_signal(&streaming, signal);
        let status = ends_within(&mut streaming, "the stream");
        assert_eq!(status.code(), Some(128 + number), "SIG{signal}");
        let said = stderr_of(&mut streaming);
        assert!(
            said.contains(&format!("ended by SIG{signal}")) && said.contains("only reads"),
            "{said}"
        );
    }
}

/// `stream` typed at a terminal would fill it with binary frames, and `mirror` would wait for
/// a stream that never comes: each says what it is for and how to pipe it, and stops.
#[test]
fn stream_and_mirror_at_a_terminal_say_how_to_pipe_them() {
    let dir = tempfile::tempdir().unwrap();
    let original = Original::new(&dir.path().join("original"));
    let copy = dir.path().join("copy");
    for (args, says) in [
        (
            vec!["stream", "--db", original.store.path().to_str().unwrap()],
            "rapporteur stream --from-copy COPY | rapporteur mirror --db COPY",
        ),
        (
            vec!["mirror", "--db", copy.to_str().unwrap()],
            "rapporteur stream --from-copy COPY | rapporteur mirror --db COPY",
        ),
    ] {
        let mut at_terminal =
            common::pty::PtyApp::spawn(common::bin_path(), &args, &[], 100, 20).unwrap();
        let status = at_terminal.wait_exit(common::WAIT);
        let shown = at_terminal.raw_text();
        assert_eq!(status.map(|s| s.exit_code()), Some(1), "{args:?}: {shown}");
        assert!(shown.contains(says), "{args:?}: {shown}");
        assert!(
            !shown.contains("rapporteur-stream"),
            "no frame written: {shown}"
        );
    }
    assert!(!copy.exists(), "no copy begun");
}
