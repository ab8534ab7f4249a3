//! Writing `public/`: the build writes into a fresh staging folder beside the target and swaps it
//! in only when every file succeeded, so a failed build leaves the last good site untouched. A file
//! whose bytes did not change is hard-linked from the previous output, keeping its mtime, so hosts
//! and rsync see only real changes.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Set when the user pressed Ctrl-C: writes stop, so the build fails and its staging folder is
/// removed (see `cli`, which installs the handler and exits 130).
pub static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Staging folders of a build that is not running any more (killed, or from before the sweep
/// existed) are removed by the next build: `.public.staging-<pid>` and `.public.old-<pid>`.
fn sweep_stale(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else { continue };
        let pid = [".staging-", ".old-"].iter().find_map(|kind| file_name.strip_prefix(&format!(".{name}{kind}")));
        let Some(pid) = pid.and_then(|p| p.parse::<u32>().ok()) else { continue };
        if pid != std::process::id() && !process_runs(pid) {
            tracing::info!("removing {}, left by an interrupted build", entry.path().display());
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether a process with this id runs. Where that cannot be told (not Linux), it is taken to run:
/// its folder is left alone.
fn process_runs(pid: u32) -> bool {
    cfg!(not(target_os = "linux")) || Path::new("/proc").join(pid.to_string()).exists()
}

pub struct Staging {
    staging: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Prepares `.<name>.staging` beside `target`.
    pub fn begin(target: &Path) -> Result<Staging> {
        let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("public");
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if let Some(file) = parent.ancestors().find(|a| a.is_file()) {
            return Err(Error::Msg(format!(
                "{}: a file is where a folder of the output ({}) should be: move it, or pass another --output-dir",
                file.display(),
                target.display()
            )));
        }
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        sweep_stale(parent, name);
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        }
        fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        Ok(Staging { staging, target: target.to_path_buf(), committed: false })
    }

    /// Writes one output file at `rel` (e.g. `documents/x/index.html`).
    pub fn write(&self, rel: &Path, bytes: &[u8]) -> Result<()> {
        if INTERRUPTED.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(Error::Interrupted);
        }
        let dest = self.staging.join(rel);
        if let Some(dir) = dest.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let previous = self.target.join(rel);
        if same_bytes(&previous, bytes) && fs::hard_link(&previous, &dest).is_ok() {
            return Ok(());
        }
        let mut file = fs::File::create(&dest).map_err(|e| Error::io(&dest, e))?;
        file.write_all(bytes).map_err(|e| Error::io(&dest, e))?;
        Ok(())
    }

    /// Copies a static file, keeping the previous copy (and its mtime) when unchanged.
    pub fn copy(&self, source: &Path, rel: &Path) -> Result<()> {
        let bytes = fs::read(source).map_err(|e| Error::io(source, e))?;
        self.write(rel, &bytes)
    }

    /// The staging folder (what an interrupt must remove).
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// Swaps the staging folder in place of the target.
    pub fn commit(mut self) -> Result<()> {
        if INTERRUPTED.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(Error::Interrupted);
        }
        let old = self.target.with_file_name(format!(
            ".{}.old-{}",
            self.target.file_name().and_then(|n| n.to_str()).unwrap_or("public"),
            std::process::id()
        ));
        if self.target.exists() {
            fs::rename(&self.target, &old).map_err(|e| Error::io(&self.target, e))?;
        }
        if let Err(e) = fs::rename(&self.staging, &self.target) {
            // Put the last good site back before reporting.
            let _ = fs::rename(&old, &self.target);
            return Err(Error::io(&self.target, e));
        }
        self.committed = true;
        if old.exists() {
            fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match fs::metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => fs::read(path).is_ok_and(|old| old == bytes),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_files_keep_their_mtime_and_failed_builds_leave_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let s = Staging::begin(&target).unwrap();
        s.write(Path::new("a/index.html"), b"one").unwrap();
        s.write(Path::new("b.txt"), b"two").unwrap();
        s.commit().unwrap();
        let before = fs::metadata(target.join("a/index.html")).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));

        let s = Staging::begin(&target).unwrap();
        s.write(Path::new("a/index.html"), b"one").unwrap();
        s.write(Path::new("b.txt"), b"changed").unwrap();
        s.commit().unwrap();
        assert_eq!(fs::metadata(target.join("a/index.html")).unwrap().modified().unwrap(), before);
        assert_eq!(fs::read(target.join("b.txt")).unwrap(), b"changed");

        let s = Staging::begin(&target).unwrap();
        s.write(Path::new("a/index.html"), b"half").unwrap();
        drop(s); // a failed build never commits
        assert_eq!(fs::read(target.join("a/index.html")).unwrap(), b"one");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }
}
