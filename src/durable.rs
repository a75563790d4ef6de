//! Replacing a file so that a crash, a power cut or a full disk never leaves half of it under
//! its name: the new content goes to a temporary file beside it, which is synced and then
//! renamed over the name, and the folder is synced so that the rename itself lasts. The
//! journal's rewrite in short and every export are written this one way.

use std::fs::File;
use std::io;
use std::path::Path;

/// Fills `file`, a new temporary file at `temp` beside `path`, with `fill`, syncs it and
/// renames it over `path`; returns the file, now under `path`. On any failure the temporary
/// file is removed and whatever was at `path` is left as it was. The folder is not synced
/// yet: `sync_folder_of` does that, once the caller is done with the name.
pub fn replace_with(
    temp: &Path,
    mut file: File,
    path: &Path,
    fill: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<File> {
    let written = fill(&mut file)
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(temp, path));
    match written {
        Ok(()) => Ok(file),
        Err(e) => {
            drop(file);
            let _ = std::fs::remove_file(temp);
            Err(e)
        }
    }
}

/// Makes a rename or a new name in `path`'s folder durable.
pub fn sync_folder_of(path: &Path) -> io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    File::open(folder)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    #[test]
    fn a_failed_fill_leaves_the_old_file_and_no_temporary_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal");
        std::fs::write(&path, "old").unwrap();
        let temp = dir.path().join("journal.new");
        let file = File::create(&temp).unwrap();
        let failed = replace_with(&temp, file, &path, |f| {
            f.write_all(b"half")?;
            Err(io::Error::other("the disk is full"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert!(!temp.exists());
    }

    #[test]
    fn the_new_content_is_under_the_name_and_the_handle_writes_there() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.md");
        let temp = dir.path().join(".export.md.tmp");
        let file = File::create(&temp).unwrap();
        let mut file = replace_with(&temp, file, &path, |f| f.write_all(b"new")).unwrap();
        sync_folder_of(&path).unwrap();
        file.write_all(b" and more").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new and more");
        assert!(!temp.exists());
    }
}
