//! `import`: raw seeds → Markdown pages with front-matter in `content/documents/`.
//!
//! [`convert`] is pure (bytes in, pages out) and is a pipeline of small passes, each in its own
//! module and tested there:
//!
//! 1. [`decode`]: bytes → text (UTF-8, UTF-16 with BOM, Latin-1), refusing empty/binary/huge input;
//! 2. [`lines`]: normalize lines, unlink dead `(#)` links, split emphasis glued across blocks,
//!    drop CMS shortcodes and separators;
//! 3. [`header`]: drop page furniture, find UN document headers and split the seed at each;
//! 4. [`blocks`]: lines → paragraphs (wrapped, per-line, page breaks, numbered paragraphs);
//! 5. [`chrome`]: drop a web page's banner, related links, widgets and bio, keep captions;
//! 6. [`facts`]: title, dateline, footer, signature, vote, sponsors, language, kind, summary;
//! 7. [`markdown`]: paragraphs → safe Markdown.
//!
//! [`document`] assembles one document's facts and body from passes 4–7; [`page`] makes the
//! page file (slug, text, the hash that tells an editor's change). [`run`] does the file work:
//! reads `seeds/`, writes pages atomically, never overwrites a page an editor changed (unless
//! forced), and never rewrites a page whose bytes would not change.

mod blocks;
mod chrome;
mod dates;
mod decode;
mod document;
mod facts;
mod format;
mod header;
mod lines;
mod markdown;
mod page;
mod pages;
mod pdf;
mod resolution;
mod run;
mod text;
mod title;
mod web;

use std::path::{Path, PathBuf};

use crate::content::PageMeta;
use crate::entities::Catalogue;
use crate::error::Result;

pub use decode::MAX_SEED_BYTES;
pub use page::{is_as_imported, render_page};
pub use pdf::{OCR_INSTALL, Ocr};
pub use run::run;

/// The folder of seeds, at the site root.
pub const SEEDS_DIR: &str = "seeds";
/// Where imported pages go, relative to the site root.
pub const DOCUMENTS_DIR: &str = "content/documents";
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Overwrite pages an editor changed.
    pub force: bool,
    /// Seeds to import: paths relative to the site root (or absolute), or file names in `seeds/`.
    /// Empty: every file in `seeds/`.
    pub seeds: Vec<PathBuf>,
    /// Import only seeds that no page records as its `seed` yet (what `build` does).
    pub only_new: bool,
    /// Write nothing: put the files an import would write in [`ImportReport::planned`] (what
    /// `check` does).
    pub dry_run: bool,
}

/// What a run did. Paths are relative to the site root (`content/documents/x.md`); warnings and
/// failures are one line each and start with the file they are about.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportReport {
    pub written: Vec<PathBuf>,
    pub unchanged: Vec<PathBuf>,
    pub kept_editor_changes: Vec<PathBuf>,
    /// Pages of a seed that no longer produces them (its title changed), untouched since import.
    pub removed: Vec<PathBuf>,
    /// Draft official pages written for titled people the registry lacks.
    pub draft_officials: Vec<PathBuf>,
    pub warnings: Vec<String>,
    pub failed: Vec<String>,
    /// A dry run's files: what a real run would write.
    pub planned: Vec<Planned>,
}

/// A file a dry run would have written.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    /// Relative to the site root: `content/documents/x.md`.
    pub file: PathBuf,
    pub text: String,
    /// The seed it comes from, as shown (`seeds/x.txt`); none for a draft official.
    pub seed: Option<String>,
}

impl ImportReport {
    /// True when some seed could not be imported: the command should exit 1.
    pub fn has_failures(&self) -> bool {
        !self.failed.is_empty()
    }
}

/// One page made from a seed.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedPage {
    pub slug: String,
    pub meta: PageMeta,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    pub pages: Vec<ImportedPage>,
    /// About the seed as a whole; [`run`] prefixes each with the seed's path.
    pub warnings: Vec<String>,
    /// How the bytes were decoded: "UTF-8", "UTF-16LE", "UTF-16BE" or "windows-1252".
    pub encoding: &'static str,
}

/// What import knows beyond the seed itself: the resolutions catalogue, to date a resolution's
/// text and check the date it states, and the proper names whose case a title in capitals keeps.
pub struct Context {
    catalogue: Catalogue,
    lexicon: title::Lexicon,
    /// How to read scanned PDFs: none where import must stay pure (fuzzing, `convert`).
    ocr: Option<pdf::Ocr>,
}

impl Context {
    /// The catalogue and peace operations list built into the binary.
    pub fn built_in() -> &'static Context {
        static BUILT_IN: std::sync::LazyLock<Context> = std::sync::LazyLock::new(|| {
            let catalogue =
                Catalogue::parse(crate::entities::BUILT_IN_CATALOGUE, "(built-in catalogue)").unwrap_or_default();
            let missions =
                crate::entities::parse_missions(crate::entities::BUILT_IN_MISSIONS, "(built-in)").unwrap_or_default();
            Context::new(catalogue, &missions)
        });
        &BUILT_IN
    }

    /// The site's own catalogue and peace operations list (`data/`), or the built-in ones, and
    /// OCR with its cache in the site's `.handbook-cache/`.
    pub fn for_site(root: &Path) -> Result<Context> {
        let catalogue = crate::entities::site_catalogue(root)?;
        let missions = crate::entities::site_missions(root)?;
        Ok(Context { ocr: Some(pdf::Ocr::for_site(root)), ..Context::new(catalogue, &missions) })
    }

    pub fn new(catalogue: Catalogue, missions: &[crate::entities::MissionRecord]) -> Context {
        let names = missions
            .iter()
            .flat_map(|m| m.acronym.iter().cloned().chain([m.name.clone()]).chain(m.locations.iter().cloned()));
        Context { catalogue, lexicon: title::Lexicon::new(names), ocr: None }
    }
}

/// Whether the file at `path` is a PDF (by its first bytes, or its name): what `serve` imports
/// in the background.
pub fn is_pdf(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; format::SIGNATURE_WINDOW];
    let read = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)).unwrap_or(0);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    format::sniff(&name, &head[..read]) == format::SeedFormat::Pdf
}

/// Converts one seed with the built-in catalogue. Pure: no I/O. `Err` is a one-line reason the
/// seed cannot be imported.
pub fn convert(seed_name: &str, bytes: &[u8]) -> Result<Conversion, String> {
    convert_with(seed_name, bytes, Context::built_in())
}

/// [`convert`] with a site's own catalogue and names. A seed is read by what it is, not by its
/// name alone: a saved web page (`web`), a PDF (`pdf`), or text (`text`).
pub fn convert_with(seed_name: &str, bytes: &[u8], context: &Context) -> Result<Conversion, String> {
    let seed_sha256 = page::sha256_hex(bytes);
    match format::sniff(seed_name, bytes) {
        format::SeedFormat::Html => web::convert(seed_name, bytes, &seed_sha256, context),
        format::SeedFormat::Pdf => pdf::convert(seed_name, bytes, &seed_sha256, context),
        format::SeedFormat::Text => {
            let decoded = decode::decode(bytes)?;
            let warnings = decoded.note.into_iter().collect();
            let pages = text::convert(seed_name, &decoded.text, &seed_sha256, context, warnings)?;
            Ok(Conversion { encoding: decoded.encoding, ..pages })
        }
    }
}
