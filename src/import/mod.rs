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
//! [`convert`] reads a seed by what it is ([`context`] holds what it takes and gives);
//! [`document`] assembles one document's facts and body from passes 4–7; [`page`] makes the
//! page file (slug, text, the hash that tells an editor's change). [`run`] does the file work:
//! reads `seeds/`, writes pages atomically, never overwrites a page an editor changed (unless
//! forced), and never rewrites a page whose bytes would not change.

mod blocks;
mod chrome;
mod context;
mod convert;
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

pub use context::{Context, Conversion, ImportedPage};
pub use convert::{convert, convert_with, is_pdf};
pub use decode::MAX_SEED_BYTES;
pub use page::{is_as_imported, render_page};
pub use pdf::{OCR_INSTALL, Ocr};
pub use run::{DOCUMENTS_DIR, ImportOptions, ImportReport, Planned, SEEDS_DIR, run};
