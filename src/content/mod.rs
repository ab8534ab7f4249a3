//! `content/`: Markdown pages with YAML front-matter. [`parse_file`] reads one file into a page
//! or a section; [`assemble`] puts parsed files together into [`Content`] (sections, sorted pages,
//! one URL each); the engine keeps the parsed files and re-parses only what an edit touches.
//!
//! Folders are sections (`content/documents/` is `/documents/`); an optional `_index.md` gives a
//! section its title and introduction. This stage checks front-matter; it knows nothing of
//! entities or HTML.

mod meta;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

pub use meta::{Kind, PageMeta, Role, SectionMeta, Vote};

use crate::error::{Diagnostic, Error, Result};
use crate::yaml;

/// The folder of pages, at the site root.
pub const CONTENT_DIR: &str = "content";
const SECTION_INDEX: &str = "_index.md";

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Relative to the site root: `content/documents/x.md`.
    pub file: PathBuf,
    /// Folder under `content/`, `/`-separated; empty for pages at the top.
    pub section: String,
    pub slug: String,
    /// Site path, always `/…/`: `/documents/x/`.
    pub path: String,
    pub meta: PageMeta,
    /// The Markdown; empty when [`body_on_disk`](Page::body_on_disk), until it is read.
    pub body: String,
    /// 1-based line of the file on which the body starts (for locating Markdown problems).
    pub body_line: usize,
    /// Byte offset in the file at which the body starts.
    pub body_start: usize,
    /// The body was not kept when the file was read: [`Page::read_body`] reads it again. A
    /// one-shot build keeps the front-matter of every page but only the bodies it is linking.
    pub body_on_disk: bool,
    /// A hash of the file's text, so caches can tell an edited page from an unchanged one.
    pub source_hash: u64,
}

impl Page {
    /// Whether `other`, this page's file read again, keeps the page's place in the site: its URL,
    /// section, date, title and draft status, by which pages are ordered, listed and linked to.
    pub fn keeps_place(&self, other: &Page) -> bool {
        self.path == other.path
            && self.section == other.section
            && self.meta.date == other.meta.date
            && self.meta.title == other.meta.title
            && self.meta.draft == other.meta.draft
    }

    /// The Markdown body, read again from `root` if it was not kept. The file must still be what
    /// was read the first time: a page edited in the middle of a build is an error, not a page
    /// whose front-matter and body disagree.
    pub fn read_body(&self, root: &Path) -> Result<std::borrow::Cow<'_, str>, Diagnostic> {
        if !self.body_on_disk {
            return Ok(std::borrow::Cow::Borrowed(&self.body));
        }
        let text = read_page_text(&root.join(&self.file), &self.file)?;
        if source_hash(&text) != self.source_hash || !text.is_char_boundary(self.body_start) {
            return Err(Diagnostic::new(&self.file, "changed while the build was reading it: build again"));
        }
        Ok(std::borrow::Cow::Owned(text[self.body_start..].to_string()))
    }
}

/// The largest page file a build reads: far beyond any real document (a 5,000-page report
/// converted from PDF is about 15 MB), and small enough that a stray export or a log file
/// dropped into `content/` fails at once with its size, not after minutes of work and gigabytes
/// of memory.
pub const MAX_PAGE_BYTES: u64 = 32 << 20;

/// Reads a page file as UTF-8, refusing one larger than [`MAX_PAGE_BYTES`] before reading it.
pub fn read_page_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let size = std::fs::metadata(path).map_err(|e| Diagnostic::new(shown, format!("cannot read: {e}")))?.len();
    if size > MAX_PAGE_BYTES {
        return Err(Diagnostic::new(
            shown,
            format!(
                "{:.1} MB: a page may be at most {} MB; split it into several pages (keep the original in seeds/)",
                size as f64 / 1e6,
                MAX_PAGE_BYTES >> 20
            ),
        ));
    }
    std::fs::read_to_string(path).map_err(|e| Diagnostic::new(shown, format!("cannot read: {e}")))
}

fn source_hash(text: &str) -> u64 {
    ahash::RandomState::with_seeds(7, 11, 13, 17).hash_one(text)
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Folder under `content/`, `/`-separated; empty for the home page.
    pub name: String,
    pub path: String,
    /// From `_index.md`, if the section has one.
    pub meta: Option<SectionMeta>,
    pub file: Option<PathBuf>,
    pub body: String,
}

impl Section {
    pub fn title(&self) -> String {
        match &self.meta {
            Some(meta) => meta.title.clone(),
            None => title_case(self.name.rsplit('/').next().unwrap_or_default()),
        }
    }
}

/// Everything under `content/`, parsed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Content {
    /// Sorted newest first, undated last, then by title.
    pub pages: Vec<Arc<Page>>,
    pub sections: BTreeMap<String, Section>,
}

/// Reads every `.md` under `root/content`. Every bad file is reported, not only the first.
pub fn load(root: &Path, include_drafts: bool) -> Result<Content> {
    let parsed = read_dir(root, &root.join(CONTENT_DIR))?;
    assemble(parsed.into_iter().map(|(_, r)| r), include_drafts)
}

/// The `.md` files under `dir` (relative to `root`), in name order.
pub fn list_files(root: &Path, dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| dir.to_path_buf());
            Error::Msg(format!("{}: cannot read: {e}", path.display()))
        })?;
        let is_hidden = entry.file_name().to_str().is_some_and(|n| n.starts_with('.'));
        let is_page = entry.file_type().is_file() && !is_hidden && entry.path().extension().is_some_and(|e| e == "md");
        if is_page && entry.file_name().to_str().is_none() {
            // Its name would be its URL: a page is never dropped for it, nor given a mangled one.
            return Err(Error::Msg(format!(
                "{}: the file name is not valid UTF-8: rename the file (its name becomes the page's URL)",
                entry.path().strip_prefix(root).unwrap_or(entry.path()).display()
            )));
        }
        if is_page {
            files.push(entry.path().strip_prefix(root).unwrap_or(entry.path()).to_path_buf());
        }
    }
    Ok(files)
}

/// Reads and parses every page under `dir`, in parallel: (file, its text's hash, result).
pub fn read_dir(root: &Path, dir: &Path) -> Result<Vec<(PathBuf, Result<Parsed>)>> {
    let files = list_files(root, dir)?;
    Ok(files
        .into_par_iter()
        .map(|rel| {
            let parsed = read_file(root, &rel);
            (rel, parsed)
        })
        .collect())
}

/// Reads and parses one page file (path relative to the site root).
pub fn read_file(root: &Path, rel: &Path) -> Result<Parsed> {
    let text = read_page_text(&root.join(rel), rel)?;
    parse_file(rel, &text).map_err(Error::from)
}

/// Builds the content model from parsed files: drafts filtered, implicit sections added, URLs
/// checked for clashes, pages sorted. Every file's error is reported.
pub fn assemble(parsed: impl Iterator<Item = Result<Parsed>>, include_drafts: bool) -> Result<Content> {
    let mut content = Content::default();
    let mut errors = Vec::new();
    for item in parsed {
        match item {
            Ok(Parsed::Page(page)) => {
                if include_drafts || !page.meta.draft {
                    content.pages.push(page);
                }
            }
            Ok(Parsed::Section(section)) => {
                content.sections.insert(section.name.clone(), (*section).clone());
            }
            Err(e) => errors.push(e),
        }
    }
    // Every folder that holds pages is a section, with or without `_index.md`.
    for page in &content.pages {
        let mut name = page.section.as_str();
        loop {
            content.sections.entry(name.to_string()).or_insert_with(|| Section {
                name: name.to_string(),
                path: section_path(name),
                meta: None,
                file: None,
                body: String::new(),
            });
            match name.rsplit_once('/') {
                Some((parent, _)) => name = parent,
                None if !name.is_empty() => name = "",
                None => break,
            }
        }
    }
    check_unique_paths(&content.pages, &mut errors);
    Error::from_list(errors)?;
    sort_pages(&mut content.pages);
    Ok(content)
}

/// Newest first; undated pages after dated ones; ties by title, then path, so order is total.
pub fn sort_pages(pages: &mut [Arc<Page>]) {
    pages.sort_by(|a, b| {
        b.meta.date.cmp(&a.meta.date).then_with(|| a.meta.title.cmp(&b.meta.title)).then_with(|| a.path.cmp(&b.path))
    });
}

fn check_unique_paths(pages: &[Arc<Page>], errors: &mut Vec<Error>) {
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    for page in pages {
        if let Some(first) = seen.insert(&page.path, &page.file) {
            errors.push(
                Diagnostic::new(
                    &page.file,
                    format!(
                        "this page's URL {} is already taken by {}: give one of them another file name or `slug:`",
                        page.path,
                        first.display()
                    ),
                )
                .into(),
            );
        }
    }
}

/// One parsed file: a page, or a section's `_index.md`.
#[derive(Debug, Clone)]
pub enum Parsed {
    Page(Arc<Page>),
    Section(Arc<Section>),
}

/// Parses one file given its path relative to the site root (`content/…`).
pub fn parse_file(rel: &Path, text: &str) -> Result<Parsed, Diagnostic> {
    let inside = rel.strip_prefix(CONTENT_DIR).unwrap_or(rel);
    let section = inside.parent().map(to_slash).unwrap_or_default();
    let fm = yaml::split_front_matter(rel, text)?;
    if inside.file_name().is_some_and(|n| n == SECTION_INDEX) {
        let meta: SectionMeta = yaml::parse(rel, fm.yaml, fm.yaml_line, "front-matter")?;
        return Ok(Parsed::Section(Arc::new(Section {
            path: section_path(&section),
            name: section,
            meta: Some(meta),
            file: Some(rel.to_path_buf()),
            body: fm.body.to_string(),
        })));
    }
    let meta: PageMeta = yaml::parse(rel, fm.yaml, fm.yaml_line, "front-matter")?;
    if meta.title.trim().is_empty() {
        return Err(
            Diagnostic::new(rel, "front-matter: `title` is empty: expected the page's title").at(fm.yaml_line, 1)
        );
    }
    let stem = inside.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let slug = slugify(meta.slug.as_deref().unwrap_or(stem));
    if slug.is_empty() {
        return Err(Diagnostic::new(
            rel,
            "cannot make a URL from this file name: give the page a `slug:` with letters or digits",
        )
        .at(1, 1));
    }
    let path = if section.is_empty() { format!("/{slug}/") } else { format!("/{section}/{slug}/") };
    Ok(Parsed::Page(Arc::new(Page {
        file: rel.to_path_buf(),
        section,
        slug,
        path,
        meta,
        body: fm.body.to_string(),
        body_line: fm.body_line,
        body_start: text.len() - fm.body.len(),
        body_on_disk: false,
        source_hash: source_hash(text),
    })))
}

fn section_path(name: &str) -> String {
    if name.is_empty() { "/".to_string() } else { format!("/{name}/") }
}

fn to_slash(p: &Path) -> String {
    p.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// URL slug: ASCII-folded, lowercase, `-` separated ("António Guterres" → "antonio-guterres").
pub fn slugify(text: &str) -> String {
    slug::slugify(text)
}

/// [`slugify`], cut at a word to at most `max` bytes: a URL stays readable, and a file name
/// within what file systems allow.
pub fn slugify_within(text: &str, max: usize) -> String {
    let mut slug = slugify(text);
    if slug.len() > max {
        let cut = slug[..=max].rfind('-').unwrap_or(max);
        slug.truncate(cut);
    }
    slug
}

fn title_case(name: &str) -> String {
    crate::text::capitalized(name).replace('-', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> Result<Page, Diagnostic> {
        match parse_file(Path::new("content/documents/A Page.md"), text)? {
            Parsed::Page(p) => Ok((*p).clone()),
            Parsed::Section(_) => panic!("expected a page"),
        }
    }

    #[test]
    fn page_url_comes_from_the_file_name() {
        let p = page("---\ntitle: Hello\ndate: 2020-12-03\n---\nBody\n").unwrap();
        assert_eq!(p.path, "/documents/a-page/");
        assert_eq!(p.body_line, 5);
    }

    #[test]
    fn bad_date_is_located() {
        let err = page("---\ntitle: Hello\ndate: 3 Dec\n---\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "content/documents/A Page.md:3:7: front-matter: date: expected a date like 2020-12-03, found \"3 Dec\""
        );
    }

    #[test]
    fn missing_title_is_an_error() {
        let err = page("---\ndate: 2020-12-03\n---\n").unwrap_err();
        assert!(err.message.contains("missing field `title`"), "{err}");
    }

    #[test]
    fn a_body_left_on_disk_is_read_again_unless_the_file_changed() {
        let dir = tempfile::tempdir().unwrap();
        let rel = Path::new("content/documents/a.md");
        std::fs::create_dir_all(dir.path().join("content/documents")).unwrap();
        let text = "---\ntitle: A\n---\nThe body.\n";
        std::fs::write(dir.path().join(rel), text).unwrap();
        let Ok(Parsed::Page(mut page)) = parse_file(rel, text) else { panic!("a page") };
        let page = Arc::make_mut(&mut page);
        page.body = String::new();
        page.body_on_disk = true;
        assert_eq!(page.read_body(dir.path()).unwrap(), "The body.\n");
        std::fs::write(dir.path().join(rel), "---\ntitle: A\n---\nEdited.\n").unwrap();
        let err = page.read_body(dir.path()).unwrap_err();
        assert_eq!(err.to_string(), "content/documents/a.md: changed while the build was reading it: build again");
        std::fs::remove_file(dir.path().join(rel)).unwrap();
        assert!(
            page.read_body(dir.path()).unwrap_err().to_string().starts_with("content/documents/a.md: cannot read: ")
        );
    }
}
