//! Errors the user can act on.
//!
//! Bad input is normal input: every problem in a user's files becomes a [`Diagnostic`] that names
//! the file, and where it can, the line and column, with what was expected. The binary prints them
//! one per line and exits 1; nothing here ever carries a backtrace.

use std::fmt;
use std::path::{Path, PathBuf};

/// A problem located in one of the user's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as the user would type it (relative to the site root where possible).
    pub path: PathBuf,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// 1-based column, where known (only meaningful with `line`).
    pub col: Option<usize>,
    pub message: String,
}

impl Diagnostic {
    pub fn new(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic { path: path.into(), line: None, col: None, message: message.into() }
    }

    pub fn at(mut self, line: usize, col: usize) -> Self {
        self.line = Some(line);
        self.col = Some(col);
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.col {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A problem in the user's input.
    #[error("{0}")]
    Diagnostic(Diagnostic),
    /// Several independent problems, reported together so an editor can fix them in one pass.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Many(Vec<Error>),
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A problem with no file to point at (a bad command-line argument, say).
    #[error("{0}")]
    Msg(String),
    /// Ctrl-C: the build stopped, and left the output as it was.
    #[error("interrupted: the output folder is as it was before this build")]
    Interrupted,
}

impl Error {
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io { path: path.as_ref().to_path_buf(), source }
    }

    /// Collapses a list of errors: none is `Ok`, one is itself, more are `Many`.
    pub fn from_list(mut errors: Vec<Error>) -> Result<()> {
        // An interrupt fails every write after it: it is the one thing to say.
        if errors.iter().any(Error::is_interrupted) {
            return Err(Error::Interrupted);
        }
        // A full disk fails every write after it, too: one line, not a thousand.
        let full: Vec<&Path> = errors.iter().flat_map(Error::storage_full).collect();
        if let Some(first) = full.first() {
            return Err(Error::Msg(format!(
                "{}: no space left on device; {} {} could not be written: free some space and build again \
                 (the output folder is as it was)",
                first.display(),
                full.len(),
                if full.len() == 1 { "file" } else { "files" }
            )));
        }
        match errors.len() {
            0 => Ok(()),
            1 => Err(errors.remove(0)),
            _ => Err(Error::Many(errors)),
        }
    }

    /// The files a full disk kept from being written.
    fn storage_full(&self) -> Vec<&Path> {
        match self {
            Error::Io { path, source } if source.kind() == std::io::ErrorKind::StorageFull => vec![path.as_path()],
            Error::Many(list) => list.iter().flat_map(Error::storage_full).collect(),
            _ => Vec::new(),
        }
    }

    pub fn is_interrupted(&self) -> bool {
        match self {
            Error::Interrupted => true,
            Error::Many(list) => list.iter().any(Error::is_interrupted),
            _ => false,
        }
    }

    /// Every leaf diagnostic, flattened (for tests and for counting).
    pub fn diagnostics(&self) -> Vec<String> {
        match self {
            Error::Many(list) => list.iter().flat_map(Error::diagnostics).collect(),
            other => vec![other.to_string()],
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Diagnostic(d)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
