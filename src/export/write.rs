//! Writing an export where the user points it, so that a crash or a full disk never leaves a
//! half-written file under the name asked for.
//!
//! A regular file (or a new name) is replaced whole: the bytes go to a temporary file beside
//! it (`.NAME.tmp-PID`), which is synced and then renamed into place, and the folder is
//! synced so that the rename lasts. On any failure the temporary file is removed and a file
//! already at the name is left as it was. A symbolic link is followed: the file it leads to
//! is replaced, beside that file, and the link stays a link. A device, a FIFO or a pipe
//! (`/dev/stdout`, `/dev/null`, a named pipe) is written directly: renaming over it would
//! put a file where the device was and send the reader nothing.
//!
//! An export is full of notes, so its temporary file is readable by its owner alone while it
//! is written; the finished file's permissions then follow the user's umask, as any file
//! they save. One left behind by an export that was killed (whose process is gone) is
//! removed at the next export to that folder.

use std::fs::{self, File, OpenOptions};
use std::io::{self, ErrorKind, Write as _};
use std::os::unix::fs::{MetadataExt as _, OpenOptionsExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};

use super::{ExportError, Format};

/// Where an export's bytes went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// This regular file was replaced whole: the path asked for, or the file a symbolic link
    /// there leads to.
    File(PathBuf),
    /// Written directly to the device, FIFO or pipe at the path asked for.
    Directly,
}

/// Writes `bytes` to `path`: atomically to a file, directly to a device or a pipe.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    write_export(path, |file| file.write_all(bytes)).map(|_| ())
}

/// Writes to `path` what `fill` writes to the file; if `fill` fails, nothing is written
/// under `path` (a pipe or a device may have had part of it).
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut File) -> io::Result<()>,
) -> Result<(), ExportError> {
    write_export(path, fill).map(|_| ())
}

/// `write_atomic_with`, saying where the bytes went.
pub fn write_export(
    path: &Path,
    fill: impl FnOnce(&mut File) -> io::Result<()>,
) -> Result<Written, ExportError> {
    let folder = split(path).map(|(folder, _)| folder).unwrap_or_default();
    match target_of(path).map_err(|e| explain(e, path, &folder))? {
        Target::Folder => Err(ExportError::IsAFolder { path: path.into() }),
        Target::Direct => {
            write_directly(path, fill).map_err(|e| explain(e, path, &folder))?;
            Ok(Written::Directly)
        }
        Target::File(file) => {
            replace(&file, fill)?;
            Ok(Written::File(file))
        }
    }
}

/// What stands at a path, once its symbolic links are followed.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// A regular file or nothing yet, at this path (the links followed).
    File(PathBuf),
    /// A device, a FIFO, a socket or a pipe.
    Direct,
    Folder,
}

/// Links deeper than this are a loop, as the kernel counts them.
const MAX_LINKS: usize = 40;

fn target_of(path: &Path) -> io::Result<Target> {
    match fs::metadata(path) {
        Ok(m) if m.is_dir() => return Ok(Target::Folder),
        Ok(m) if !m.is_file() => return Ok(Target::Direct),
        _ => {}
    }
    let mut at = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&at)?;
                at = match at.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
                // A process's own descriptors (`/dev/stdout` → `/proc/self/fd/1`) name
                // whatever the shell redirected them to: written there, not renamed over.
                if at.starts_with("/proc") || at.starts_with("/dev/fd") {
                    return Ok(Target::Direct);
                }
            }
            _ => return Ok(Target::File(at)),
        }
    }
    Err(io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links, one leading to the next: a loop"
    )))
}

/// A device or a pipe takes the bytes as they come; a regular file reached through a
/// process's descriptor starts again from its beginning.
fn write_directly(path: &Path, fill: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    let regular = fs::metadata(path).is_ok_and(|m| m.is_file());
    let mut file = OpenOptions::new()
        .write(true)
        .truncate(regular)
        .open(path)?;
    fill(&mut file)?;
    file.flush()
}

/// Replaces the regular file (or new name) `path` whole.
fn replace(path: &Path, fill: impl FnOnce(&mut File) -> io::Result<()>) -> Result<(), ExportError> {
    let (folder, name) = split(path)?;
    if path.is_dir() {
        return Err(ExportError::IsAFolder { path: path.into() });
    }
    remove_leftovers(&folder);
    let (temp, file) = create_temp(&folder, &name).map_err(|e| explain(e, path, &folder))?;
    // Owner-only while it is written; the finished file follows the umask, as any file saved.
    let mode = fs::Permissions::from_mode(0o666 & !umask());
    crate::durable::replace_with(&temp.path, file, path, |file| {
        fill(file)?;
        file.set_permissions(mode)
    })
    .map_err(|e| explain(e, path, &folder))?;
    temp.keep();
    // Some file systems cannot sync a folder: the export is written all the same.
    let _ = crate::durable::sync_folder_of(path);
    Ok(())
}

/// The folder a path is in ("." for a bare name) and its file name.
fn split(path: &Path) -> Result<(PathBuf, String), ExportError> {
    let name = match path.file_name() {
        Some(name) => name.to_string_lossy().into_owned(),
        None => return Err(ExportError::IsAFolder { path: path.into() }),
    };
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((folder, name))
}

/// A temporary file that removes itself unless kept.
struct Temp {
    path: PathBuf,
    kept: bool,
}

impl Temp {
    fn keep(mut self) {
        self.kept = true;
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if !self.kept {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// `.NAME.tmp-PID` in `folder`, created new so that it never overwrites anything; a leftover
/// from a crashed export with the same process id gets a numbered sibling instead.
fn create_temp(folder: &Path, name: &str) -> io::Result<(Temp, File)> {
    let pid = std::process::id();
    let mut attempt = 0u32;
    loop {
        let temp_name = match attempt {
            0 => format!(".{name}.tmp-{pid}"),
            n => format!(".{name}.tmp-{pid}-{n}"),
        };
        let path = folder.join(temp_name);
        let opened = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path);
        match opened {
            Ok(file) => return Ok((Temp { path, kept: false }, file)),
            Err(e) if e.kind() == ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

/// The process's file-creation mask, read from `/proc/self/status` (there is no way to read
/// it without changing it); owner-only when it cannot be read.
fn umask() -> u32 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("Umask:"))
                .and_then(|mask| u32::from_str_radix(mask.trim(), 8).ok())
        })
        .unwrap_or(0o077)
}

/// The process id a temporary export file was named after, if `name` is one:
/// `.NAME.EXT.tmp-PID` or `.NAME.EXT.tmp-PID-N`, for the extension of an export format.
fn leftover_pid(name: &str) -> Option<u32> {
    let (front, tail) = name.strip_prefix('.')?.rsplit_once(".tmp-")?;
    // Audacity's labels are a `.txt`, too common a name to take another program's temporary
    // file for one of ours: a killed labels export leaves its file for the user to remove.
    let is_export = Format::ALL
        .iter()
        .filter(|f| **f != Format::Labels)
        .any(|f| {
            front
                .strip_suffix(f.extension())
                .is_some_and(|n| n.ends_with('.'))
        });
    let pid = tail.split_once('-').map_or(tail, |(pid, _)| pid);
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let numbered = tail.split_once('-').is_none_or(|(_, n)| digits(n));
    (is_export && digits(pid) && numbered)
        .then(|| pid.parse().ok())
        .flatten()
}

/// Whether a process with this id runs, as far as `/proc` tells; `None` without a `/proc`.
fn is_running(pid: u32) -> Option<bool> {
    let proc = Path::new("/proc");
    proc.join("self")
        .exists()
        .then(|| proc.join(pid.to_string()).exists())
}

/// Removes the temporary files of exports to `folder` that were killed before they
/// finished: this user's, named after a process that no longer runs. Best effort: an export
/// is not refused for a leftover it could not remove.
fn remove_leftovers(folder: &Path) {
    let Ok(me) = fs::metadata("/proc/self").map(|m| m.uid()) else {
        return;
    };
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(leftover_pid) else {
            continue;
        };
        let ours = entry.metadata().is_ok_and(|m| m.is_file() && m.uid() == me);
        if ours && pid != std::process::id() && is_running(pid) == Some(false) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Linux error numbers for what `ErrorKind` may not name on every toolchain.
const ENOSPC: i32 = 28;
const EDQUOT: i32 = 122;
const ENOTDIR: i32 = 20;
const EROFS: i32 = 30;

/// The failure in the words of someone exporting a file.
fn explain(e: io::Error, path: &Path, folder: &Path) -> ExportError {
    let raw = e.raw_os_error();
    let path = path.to_path_buf();
    match e.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => ExportError::DiskFull { path },
        _ if matches!(raw, Some(ENOSPC | EDQUOT)) => ExportError::DiskFull { path },
        ErrorKind::NotADirectory => not_a_folder(path, folder),
        _ if raw == Some(ENOTDIR) => not_a_folder(path, folder),
        ErrorKind::NotFound if !folder.exists() => ExportError::NoFolder {
            path,
            folder: folder.into(),
        },
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
            ExportError::PermissionDenied {
                path,
                folder: folder.into(),
            }
        }
        _ if raw == Some(EROFS) => ExportError::PermissionDenied {
            path,
            folder: folder.into(),
        },
        ErrorKind::IsADirectory => ExportError::IsAFolder { path },
        _ => ExportError::Io { path, source: e },
    }
}

/// Names the file that stands where a folder should be.
fn not_a_folder(path: PathBuf, folder: &Path) -> ExportError {
    let file = folder
        .ancestors()
        .find(|a| a.is_file())
        .unwrap_or(folder)
        .to_path_buf();
    ExportError::NotAFolder { path, file }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp-"))
            .collect()
    }

    #[test]
    fn a_full_disk_leaves_the_old_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("summary.md");
        fs::write(&path, "the old summary").unwrap();
        let err = write_atomic_with(&path, |f| {
            f.write_all(b"half of the new")?;
            Err(io::Error::from_raw_os_error(ENOSPC))
        })
        .unwrap_err();
        assert!(matches!(err, ExportError::DiskFull { .. }), "{err:?}");
        assert_eq!(
            err.to_string(),
            format!(
                "the disk is full: nothing was written to {}; free some space and export again",
                path.display()
            )
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "the old summary");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_write_replaces_the_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("summary.md");
        fs::write(&path, "the old summary, longer than the new").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_leftover_temporary_file_is_neither_used_nor_removed() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir
            .path()
            .join(format!(".summary.md.tmp-{}", std::process::id()));
        fs::write(&stale, "from a crash").unwrap();
        let path = dir.path().join("summary.md");
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::read_to_string(&stale).unwrap(), "from a crash");
    }

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    /// A process id that ran and no longer does.
    fn gone_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[test]
    fn the_temporary_file_is_the_owners_alone_while_it_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("summary.md");
        let mut seen = None;
        write_atomic_with(&path, |f| {
            f.write_all(b"notes")?;
            let temp = dir
                .path()
                .join(format!(".summary.md.tmp-{}", std::process::id()));
            seen = Some(mode(&temp));
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, Some(0o600));
        assert_eq!(
            mode(&path),
            0o666 & !umask(),
            "the finished file follows the umask"
        );
    }

    #[test]
    fn a_failed_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("summary.docx");
        write_atomic_with(&path, |_| Err(io::Error::other("the render failed"))).unwrap_err();
        assert!(leftovers(dir.path()).is_empty());
        assert!(!path.exists());
    }

    #[test]
    fn leftovers_of_killed_exports_go_at_the_next_export() {
        let dir = tempfile::tempdir().unwrap();
        let dead = gone_pid();
        let killed = [
            format!(".summary.md.tmp-{dead}"),
            format!(".record.docx.tmp-{dead}-2"),
        ];
        // Still being written, by this process or another that runs; or not an export's.
        let alive = [
            format!(".other.md.tmp-{}", std::process::id()),
            ".other.md.tmp-1".to_string(),
            format!(".notes.txt.tmp-{dead}"),
            format!("summary.md.tmp-{dead}"),
            format!(".summary.md.tmp-{dead}x"),
        ];
        for name in killed.iter().chain(&alive) {
            fs::write(dir.path().join(name), "notes").unwrap();
        }
        write_atomic(&dir.path().join("summary.md"), b"new").unwrap();
        let mut left = leftovers(dir.path());
        left.sort();
        let mut expected = alive.to_vec();
        expected.sort();
        assert_eq!(left, expected);
    }

    #[test]
    fn a_missing_folder_and_a_folder_as_target_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nowhere").join("summary.md");
        let err = write_atomic(&path, b"x").unwrap_err();
        assert!(matches!(err, ExportError::NoFolder { .. }), "{err:?}");
        assert!(err.to_string().contains("nowhere"));

        let err = write_atomic(dir.path(), b"x").unwrap_err();
        assert!(matches!(err, ExportError::IsAFolder { .. }), "{err:?}");
    }
}
