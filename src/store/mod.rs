//! The store: the one place that writes to disk. Everything the app knows of a session lives
//! in sled trees, one record per key; the note of an intervention has its own tree, so that a
//! keystroke rewrites only the note, never the rest of the intervention.

mod error;
mod keys;
mod saver;

use std::fs::File;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::domain::{
    AgendaItem, Intervention, InterventionId, Meeting, Participant, Session, SessionId,
    SessionRecord, SpeakersList,
};

pub use error::StoreError;
pub use saver::{SaveReport, Saver};

/// The layout of the store. Raise it whenever a record changes in a way an older rapporteur
/// would misread; an older rapporteur then refuses the store instead of misreading it.
pub const SCHEMA_VERSION: u32 = 1;

const META_SCHEMA: &[u8] = b"schema_version";
const META_LAST_SESSION: &[u8] = b"last_session";

/// A change to the record, as the app hands it to the store. Each names one record, so that
/// a burst of changes to the same record can be coalesced into the last one.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Session(Session),
    Meeting(SessionId, Meeting),
    AgendaItem(SessionId, AgendaItem),
    Participant(SessionId, Participant),
    /// Everything of an intervention but its note (see `Note`).
    Intervention(SessionId, Intervention),
    Note(SessionId, InterventionId, String),
    List(SessionId, SpeakersList),
    RemoveIntervention(SessionId, InterventionId),
    LastSession(SessionId),
}

/// Which record a change writes: two changes with the same target can be coalesced.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Target {
    tree: &'static str,
    key: Vec<u8>,
}

impl Change {
    pub fn target(&self) -> Target {
        let (tree, key): (&'static str, Vec<u8>) = match self {
            Change::Session(s) => ("sessions", keys::session(s.id).to_vec()),
            Change::Meeting(s, m) => ("meetings", keys::in_session_u32(*s, m.number).to_vec()),
            Change::AgendaItem(s, a) => ("agenda", keys::in_session_u32(*s, a.id.0).to_vec()),
            Change::Participant(s, p) => {
                ("participants", keys::in_session_u32(*s, p.id.0).to_vec())
            }
            // Removing an intervention and writing it again target the same record, so
            // that the later of the two wins when they are coalesced.
            Change::Intervention(s, i) => {
                ("interventions", keys::in_session_u64(*s, i.id.0).to_vec())
            }
            Change::RemoveIntervention(s, i) => {
                ("interventions", keys::in_session_u64(*s, i.0).to_vec())
            }
            Change::Note(s, i, _) => ("notes", keys::in_session_u64(*s, i.0).to_vec()),
            Change::List(s, l) => ("lists", keys::in_session_u32(*s, l.agenda_item.0).to_vec()),
            Change::LastSession(_) => ("meta", META_LAST_SESSION.to_vec()),
        };
        Target { tree, key }
    }
}

/// One line of `rapporteur sessions`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSummary {
    pub session: Session,
    pub meetings: usize,
    pub interventions: usize,
}

pub struct Store {
    path: PathBuf,
    db: sled::Db,
    /// sled's flush on Linux ends in sync_file_range, which survives a killed process but not
    /// a power cut; an fsync of the log file through this handle makes the flush durable.
    log_file: File,
}

impl Store {
    /// Where the store lives unless `--db` or `RAPPORTEUR_DB` say otherwise:
    /// the user's data directory, e.g. `~/.local/share/rapporteur/store`.
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "rapporteur").map(|d| d.data_dir().join("store"))
    }

    /// Opens the store at `path`, creating it (readable by its owner only) if it is not there.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        create_private_dir(path)?;
        let db = open_sled(path)?;
        let log_file = File::open(path.join("db")).map_err(|e| StoreError::Write {
            path: path.to_path_buf(),
            detail: format!("cannot open its log file: {e}"),
        })?;
        let store = Store {
            path: path.to_path_buf(),
            db,
            log_file,
        };
        store.check_schema()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn check_schema(&self) -> Result<(), StoreError> {
        let meta = self.tree("meta")?;
        let found = meta
            .get(META_SCHEMA)
            .map_err(|e| self.err(e))?
            .and_then(|v| keys::u32_from(&v));
        match found {
            Some(v) if v > SCHEMA_VERSION => Err(StoreError::NewerSchema {
                path: self.path.clone(),
                found: v,
                supported: SCHEMA_VERSION,
            }),
            Some(_) => Ok(()),
            None => {
                meta.insert(META_SCHEMA, &SCHEMA_VERSION.to_be_bytes())
                    .map_err(|e| self.err(e))?;
                self.flush_durable()
            }
        }
    }

    fn err(&self, e: sled::Error) -> StoreError {
        StoreError::from_sled(&self.path, e)
    }

    fn tree(&self, name: &str) -> Result<sled::Tree, StoreError> {
        self.db.open_tree(name).map_err(|e| self.err(e))
    }

    fn damaged(&self, what: &str, key: &[u8], e: impl std::fmt::Display) -> StoreError {
        StoreError::Damaged {
            path: self.path.clone(),
            detail: format!("the {what} record {key:02x?} cannot be decoded ({e})"),
        }
    }

    /// Applies one change in memory; it is on disk after the next `flush_durable`.
    pub fn apply(&self, change: &Change) -> Result<(), StoreError> {
        let target = change.target();
        let tree = self.tree(target.tree)?;
        let value: Option<Vec<u8>> = match change {
            Change::Session(s) => Some(encode(s)),
            Change::Meeting(_, m) => Some(encode(m)),
            Change::AgendaItem(_, a) => Some(encode(a)),
            Change::Participant(_, p) => Some(encode(p)),
            Change::Intervention(_, i) => Some(encode_intervention(i)),
            Change::Note(_, _, text) => Some(text.as_bytes().to_vec()),
            Change::List(_, l) => Some(encode(l)),
            Change::RemoveIntervention(s, id) => {
                // The note goes with the intervention it belongs to.
                self.tree("notes")?
                    .remove(keys::in_session_u64(*s, id.0))
                    .map_err(|e| self.err(e))?;
                None
            }
            Change::LastSession(s) => Some(keys::session(*s).to_vec()),
        };
        match value {
            Some(v) => tree.insert(target.key, v).map(drop),
            None => tree.remove(target.key).map(drop),
        }
        .map_err(|e| self.err(e))
    }

    /// Makes every change applied so far durable: sled's flush, then an fsync of its log and
    /// of the directory, so that neither a killed process nor a power cut loses it.
    pub fn flush_durable(&self) -> Result<(), StoreError> {
        self.db.flush().map_err(|e| self.err(e))?;
        let sync_err = |e: std::io::Error| StoreError::Write {
            path: self.path.clone(),
            detail: format!("cannot sync to disk: {e}"),
        };
        self.log_file.sync_all().map_err(sync_err)?;
        Ok(())
    }

    /// Writes a whole session (a demonstration, an import) and makes it durable.
    pub fn save_record(&self, record: &SessionRecord) -> Result<(), StoreError> {
        let sid = record.session.id;
        self.apply(&Change::Session(record.session.clone()))?;
        for m in &record.meetings {
            self.apply(&Change::Meeting(sid, m.clone()))?;
        }
        for a in &record.agenda {
            self.apply(&Change::AgendaItem(sid, a.clone()))?;
        }
        for p in &record.participants {
            self.apply(&Change::Participant(sid, p.clone()))?;
        }
        let notes = self.tree("notes")?;
        for i in &record.interventions {
            self.apply(&Change::Intervention(sid, i.clone()))?;
            notes
                .insert(keys::in_session_u64(sid, i.id.0), i.note.as_bytes())
                .map_err(|e| self.err(e))?;
        }
        for l in &record.lists {
            self.apply(&Change::List(sid, l.clone()))?;
        }
        self.flush_durable()
    }

    /// The next free session id.
    pub fn next_session_id(&self) -> Result<SessionId, StoreError> {
        let last = self
            .tree("sessions")?
            .last()
            .map_err(|e| self.err(e))?
            .and_then(|(k, _)| keys::u64_from(&k));
        Ok(SessionId(last.unwrap_or(0) + 1))
    }

    /// The session last opened, or else the one created last.
    pub fn most_recent_session(&self) -> Result<Option<SessionId>, StoreError> {
        let last_opened = self
            .tree("meta")?
            .get(META_LAST_SESSION)
            .map_err(|e| self.err(e))?
            .and_then(|v| keys::u64_from(&v))
            .map(SessionId);
        let sessions = self.tree("sessions")?;
        if let Some(id) = last_opened {
            if sessions
                .contains_key(keys::session(id))
                .map_err(|e| self.err(e))?
            {
                return Ok(Some(id));
            }
        }
        Ok(sessions
            .last()
            .map_err(|e| self.err(e))?
            .and_then(|(k, _)| keys::u64_from(&k))
            .map(SessionId))
    }

    pub fn sessions(&self) -> Result<Vec<SessionSummary>, StoreError> {
        let mut out = Vec::new();
        for entry in self.tree("sessions")?.iter() {
            let (k, v) = entry.map_err(|e| self.err(e))?;
            let session: Session = decode(&v).map_err(|e| self.damaged("session", &k, e))?;
            let prefix = keys::session(session.id);
            out.push(SessionSummary {
                meetings: self.tree("meetings")?.scan_prefix(prefix).count(),
                interventions: self.tree("interventions")?.scan_prefix(prefix).count(),
                session,
            });
        }
        Ok(out)
    }

    /// Reads a whole session into memory.
    pub fn load(&self, id: SessionId) -> Result<SessionRecord, StoreError> {
        let session: Session = match self.tree("sessions")?.get(keys::session(id)) {
            Ok(Some(v)) => decode(&v).map_err(|e| self.damaged("session", &v, e))?,
            Ok(None) => return Err(StoreError::NoSuchSession(id.0)),
            Err(e) => return Err(self.err(e)),
        };
        let mut interventions: Vec<Intervention> = self.all_in("interventions", id)?;
        let notes = self.tree("notes")?;
        for iv in &mut interventions {
            let note = notes
                .get(keys::in_session_u64(id, iv.id.0))
                .map_err(|e| self.err(e))?
                .map(|v| String::from_utf8_lossy(&v).into_owned())
                .unwrap_or_default();
            iv.set_note(note);
        }
        Ok(SessionRecord {
            session,
            meetings: self.all_in("meetings", id)?,
            agenda: self.all_in("agenda", id)?,
            participants: self.all_in("participants", id)?,
            interventions,
            lists: self.all_in("lists", id)?,
        })
    }

    fn all_in<T: DeserializeOwned>(&self, tree: &str, id: SessionId) -> Result<Vec<T>, StoreError> {
        self.tree(tree)?
            .scan_prefix(keys::session(id))
            .map(|entry| {
                let (k, v) = entry.map_err(|e| self.err(e))?;
                decode(&v).map_err(|e| self.damaged(tree, &k, e))
            })
            .collect()
    }
}

fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("domain types always serialise")
}

/// An intervention without its note and the tags drawn from it: those live in the `notes`
/// tree, written on their own at every keystroke.
fn encode_intervention(iv: &Intervention) -> Vec<u8> {
    let mut value = serde_json::to_value(iv).expect("domain types always serialise");
    if let Some(fields) = value.as_object_mut() {
        fields.remove("note");
        fields.remove("tags");
    }
    serde_json::to_vec(&value).expect("a JSON value always serialises")
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    serde_json::from_slice(bytes)
}

fn create_private_dir(path: &Path) -> Result<(), StoreError> {
    let fail = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::PermissionDenied => StoreError::PermissionDenied {
            path: path.to_path_buf(),
        },
        _ => StoreError::Write {
            path: path.to_path_buf(),
            detail: format!("cannot create its directory: {e}"),
        },
    };
    if path.is_dir() {
        return Ok(());
    }
    if path.exists() {
        return Err(StoreError::Damaged {
            path: path.to_path_buf(),
            detail: "it is a file, not a store directory".into(),
        });
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(path)
            .map_err(fail)
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(path).map_err(fail)
    }
}

/// Opens sled, turning its panics on some damaged files into an error: a damaged store must
/// get a message and a way out, never a crash.
fn open_sled(path: &Path) -> Result<sled::Db, StoreError> {
    let config = sled::Config::new()
        .path(path)
        // The app's saver flushes on its own deadline; sled's own timer would only compete.
        .flush_every_ms(None);
    let opened =
        quietly(|| std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| config.open())));
    match opened {
        Ok(result) => result.map_err(|e| StoreError::from_sled(path, e)),
        Err(panic) => Err(StoreError::Damaged {
            path: path.to_path_buf(),
            detail: format!(
                "its files are damaged ({})",
                panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("the store engine stopped while reading them")
            ),
        }),
    }
}

thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with panic messages of this thread kept off the terminal: a panic inside sled on a
/// damaged file becomes our own message instead. Other threads' panics still print.
fn quietly<T>(f: impl FnOnce() -> T) -> T {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(|q| q.get()) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let out = f();
    QUIET.with(|q| q.set(false));
    out
}
