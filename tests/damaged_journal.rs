//! A store never opens short in silence: damage to its journal where the journal may hold
//! saved changes the store lacks is refused with words and a way out, and `recover` never
//! leaves less than it found. The killed stores are the real binary's, killed with SIGKILL
//! while typing, and copies of a store's folder made while it is open between two writes (a
//! killed process leaves its files as they are then), which can be made at any point.
//!
//! `RAPPORTEUR_SOAK=1` runs 400 damaged copies instead of 12
//! (`RAPPORTEUR_SOAK=1 cargo test --test damaged_journal -- --nocapture` prints the figures).

mod common;

use std::path::{Path, PathBuf};

use common::typing::{four_delegations, speech, statement, write_statement, SID};
use rapporteur::domain::*;
use rapporteur::store::{journal_path, recover, Change, Store, StoreError};

/// The text of statement `id` after `chars` characters of typing.
fn typed(id: u64, chars: usize) -> String {
    speech(id).chars().take(chars).collect()
}

/// A store killed while a rapporteur typed: `flushed` statements given the floor and typed
/// whole and the store flushed, then `unflushed` more, typed a keystroke at a time with no
/// flush since: they are in the journal only. Returns the killed copy's folder.
fn killed_store(dir: &Path, name: &str, flushed: u64, unflushed: u64) -> PathBuf {
    let live = dir.join(format!("{name}-live"));
    let store = Store::open(&live).unwrap();
    store.save_record(&four_delegations()).unwrap();
    for id in 1..=flushed + unflushed {
        store
            .write_batch(&[Change::Intervention(SID, statement(id))])
            .unwrap();
        for chars in (4..=40).step_by(4) {
            store
                .write_batch(&[Change::Note(SID, InterventionId(id), typed(id, chars))])
                .unwrap();
        }
        if id <= flushed {
            store.flush_durable().unwrap();
        }
    }
    let killed = dir.join(name);
    common::copy_tree(&live, &killed);
    drop(store);
    killed
}

/// The store of the real binary killed with SIGKILL while a note was typed, within the half
/// second after which it flushes the store when the typing pauses.
fn killed_binary(dir: &Path) -> PathBuf {
    let path = dir.join("killed-binary");
    let mut app = common::start_app(&path, 110, 32);
    for speaker in ["Austria", "Brazil"] {
        common::give_floor_to(&mut app, speaker);
        app.type_slowly(
            &format!("{speaker} spoke of the draft resolution"),
            std::time::Duration::from_millis(20),
        );
    }
    std::thread::sleep(std::time::Duration::from_millis(100));
    app.kill();
    path
}

/// The session as the store at `path` opens with it.
fn open_session(path: &Path) -> Result<SessionRecord, StoreError> {
    Store::open(path).and_then(|s| s.load(SID))
}

/// Where the journal's records end (zeros written ahead follow).
fn records_end(journal: &[u8]) -> usize {
    journal.len() - journal.iter().rev().take_while(|&&b| b == 0).count()
}

/// Where each whole record of a journal ends.
fn record_ends(journal: &[u8]) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut pos = 0;
    while pos + 8 <= journal.len() {
        let len = u32::from_le_bytes(journal[pos..pos + 4].try_into().unwrap()) as usize;
        if len == 0 {
            break;
        }
        pos += 8 + len;
        ends.push(pos);
    }
    ends
}

/// Where the last mark that the store was flushed ends: the records after it are the ones
/// the store lacks.
fn last_flush_mark_end(journal: &[u8]) -> usize {
    let mut start = 0;
    let mut last = 0;
    for end in record_ends(journal) {
        if journal[start + 8..end]
            .windows(16)
            .take(40)
            .any(|w| w == b"\"stored_through\"")
        {
            last = end;
        }
        start = end;
    }
    last
}

fn files_beginning(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .collect()
}

#[test]
fn a_flipped_byte_in_the_last_saved_record_is_refused_and_recover_brings_the_rest_back() {
    let dir = tempfile::tempdir().unwrap();
    let killed = killed_store(dir.path(), "store", 2, 1);
    let whole = {
        let copy = dir.path().join("undamaged");
        common::copy_tree(&killed, &copy);
        open_session(&copy).unwrap()
    };
    assert_eq!(whole.interventions.len(), 3);
    assert_eq!(whole.interventions[2].note, typed(3, 40));

    // One flipped byte inside the last record: the last keystroke of statement 3.
    let journal = journal_path(&killed);
    let mut bytes = std::fs::read(&journal).unwrap();
    let ends = record_ends(&bytes);
    let last = ends[ends.len() - 1];
    let before = ends[ends.len() - 2];
    bytes[(before + last) / 2] ^= 0x20;
    std::fs::write(&journal, &bytes).unwrap();

    let err = open_session(&killed).expect_err("a damaged saved record is not dropped in silence");
    assert!(matches!(err, StoreError::DamagedJournal { .. }), "{err:?}");
    let message = err.to_string();
    eprintln!("{message}");
    assert!(
        message.contains(&journal.display().to_string()),
        "{message}"
    );
    assert!(message.contains("rapporteur recover"), "{message}");
    assert!(message.contains("cannot be read"), "{message}");
    // Nothing moved aside without a word, and refused again the second time.
    assert!(files_beginning(&killed, "journal.damaged-").is_empty());
    assert!(files_beginning(dir.path(), "store.damaged-").is_empty());
    assert!(matches!(
        open_session(&killed),
        Err(StoreError::DamagedJournal { .. })
    ));

    let report = recover(&killed).unwrap();
    assert!(report.damaged_bytes > 0, "{report:?}");
    assert!(report.to_string().contains("could not be read"), "{report}");
    let recovered = open_session(&killed).unwrap();
    // Everything but the one damaged keystroke: the one before it is there.
    assert_eq!(recovered.interventions.len(), 3);
    assert_eq!(recovered.interventions[2].note, typed(3, 36));
    assert_eq!(recovered.interventions[..2], whole.interventions[..2]);
}

#[test]
fn an_append_cut_short_by_a_kill_was_never_saved_and_is_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let killed = killed_store(dir.path(), "store", 1, 1);
    let journal = journal_path(&killed);
    let mut bytes = std::fs::read(&journal).unwrap();
    let ends = record_ends(&bytes);
    let last = ends[ends.len() - 1];
    let before = ends[ends.len() - 2];
    // Cut in the middle of the last record, the zeros written ahead after it.
    for b in &mut bytes[(before + last) / 2..] {
        *b = 0;
    }
    std::fs::write(&journal, &bytes).unwrap();
    let opened = open_session(&killed).expect("a cut append is not damage");
    assert_eq!(opened.interventions[1].note, typed(2, 36));
}

#[test]
fn a_store_whose_journal_was_cut_in_half_is_not_shortened_by_recover() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    {
        let store = Store::open(&path).unwrap();
        store.save_record(&four_delegations()).unwrap();
        for id in 1..=4 {
            write_statement(&store, id);
        }
        store.flush_durable().unwrap();
    }
    let whole = open_session(&path).unwrap();
    assert_eq!(whole.interventions.len(), 4);
    // The journal cut in half: the store holds more than it.
    let journal = journal_path(&path);
    let bytes = std::fs::read(&journal).unwrap();
    let ends = record_ends(&bytes);
    let half = ends
        .iter()
        .copied()
        .find(|&e| e > records_end(&bytes) * 3 / 4)
        .unwrap();
    std::fs::write(&journal, &bytes[..half]).unwrap();

    let report = recover(&path).unwrap();
    let told = report.to_string();
    eprintln!("{told}");
    assert_eq!(report.interventions, 4, "{told}");
    assert!(!report.kept_from_store.is_empty(), "{told}");
    assert!(told.contains("the journal lacked"), "{told}");
    assert!(told.contains("intervention 4"), "{told}");
    assert_eq!(open_session(&path).unwrap(), whole);
}

/// What was done to one copy of a killed store's journal.
#[derive(Debug, Clone, Copy)]
enum Harm {
    /// One byte XORed with a value that does not make it zero.
    Flip { at: usize, with: u8 },
    /// A run of bytes zeroed that stops before the last byte of the last record.
    Zero { at: usize, len: usize },
    /// The file cut at `at`.
    Cut { at: usize },
}

impl Harm {
    fn draw(rng: &mut common::Lcg, journal: &[u8]) -> Harm {
        let end = records_end(journal);
        let unflushed = last_flush_mark_end(journal);
        // Mostly where the store lacks what the journal holds: that is where silence loses.
        let at = if rng.below(10) < 7 && unflushed < end {
            unflushed + rng.below((end - unflushed) as u64) as usize
        } else {
            rng.below(end as u64) as usize
        };
        match rng.below(3) {
            0 => {
                let mut with = rng.below(255) as u8 + 1;
                if journal[at] ^ with == 0 {
                    with ^= 1;
                }
                Harm::Flip { at, with }
            }
            1 => {
                let at = at.min(end - 2);
                let len = 1 + rng.below(64) as usize;
                Harm::Zero {
                    at,
                    len: len.min(end - 1 - at),
                }
            }
            _ => Harm::Cut { at },
        }
    }

    fn apply(self, journal: &Path) {
        let mut bytes = std::fs::read(journal).unwrap();
        match self {
            Harm::Flip { at, with } => bytes[at] ^= with,
            Harm::Zero { at, len } => bytes[at..at + len].fill(0),
            Harm::Cut { at } => bytes.truncate(at),
        }
        std::fs::write(journal, bytes).unwrap();
    }
}

/// Whether every intervention of `short` is one of `whole`'s with a note that is the start of
/// the whole one's: what a kill a little earlier would have left.
fn an_earlier_moment_of(short: &SessionRecord, whole: &SessionRecord) -> bool {
    short.interventions.iter().all(|iv| {
        whole
            .interventions
            .iter()
            .any(|w| w.id == iv.id && w.note.starts_with(&iv.note))
    })
}

#[test]
fn damaged_journals_of_killed_stores_open_whole_or_are_refused_never_short() {
    let copies = if std::env::var_os("RAPPORTEUR_SOAK").is_some() {
        400
    } else {
        12
    };
    let dir = tempfile::tempdir().unwrap();
    let mut killed: Vec<PathBuf> = [(1, 2), (3, 1), (0, 3)]
        .iter()
        .enumerate()
        .map(|(n, &(flushed, unflushed))| {
            killed_store(dir.path(), &format!("killed{n}"), flushed, unflushed)
        })
        .collect();
    killed.push(killed_binary(dir.path()));
    let killed: Vec<(PathBuf, SessionRecord)> = killed
        .into_iter()
        .map(|killed| {
            let copy = dir.path().join("undamaged");
            common::copy_tree(&killed, &copy);
            let whole = open_session(&copy).unwrap();
            assert!(!whole.interventions.is_empty());
            std::fs::remove_dir_all(&copy).unwrap();
            (killed, whole)
        })
        .collect();

    let mut rng = common::Lcg(0x5eed);
    let (mut whole_count, mut refused, mut earlier, mut short) = (0, 0, 0, 0);
    for n in 0..copies {
        let (source, whole) = &killed[n % killed.len()];
        let path = dir.path().join(format!("copy{n}"));
        common::copy_tree(source, &path);
        let journal = journal_path(&path);
        let harm = Harm::draw(&mut rng, &std::fs::read(&journal).unwrap());
        harm.apply(&journal);
        match open_session(&path) {
            Ok(record) if record == *whole => whole_count += 1,
            Ok(record)
                if matches!(harm, Harm::Cut { .. }) && an_earlier_moment_of(&record, whole) =>
            {
                // A journal cut at a point is what a kill at that point leaves.
                earlier += 1
            }
            Ok(_) => {
                short += 1;
                eprintln!("copy {n}: {harm:?}: OPENED SHORT without a word");
            }
            Err(e) => {
                let message = e.to_string();
                assert!(
                    message.contains("rapporteur recover"),
                    "copy {n}: {harm:?}: the refusal says what to do: {message}"
                );
                refused += 1;
                // Recover leaves no less than it found, and at least everything before the
                // damage.
                let report = recover(&path)
                    .unwrap_or_else(|e| panic!("copy {n}: {harm:?}: recover failed: {e}"));
                let record = open_session(&path).unwrap();
                assert!(
                    an_earlier_moment_of(&record, whole),
                    "copy {n}: {harm:?}: recovered something never typed\n{report}"
                );
            }
        }
        std::fs::remove_dir_all(&path).unwrap();
    }
    eprintln!(
        "{copies} damaged journals of killed stores: {whole_count} opened whole, {refused} \
         refused (and recovered), {earlier} cut and opened as a kill at the cut would have \
         left them, {short} opened short in silence"
    );
    assert_eq!(short, 0);
    assert!(
        refused > 0,
        "some damage was where the store lacked changes"
    );
}
