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
//! [`run`] does the file work: reads `seeds/`, writes pages atomically, never overwrites a page
//! an editor changed (unless forced), and never rewrites a page whose bytes would not change.

mod blocks;
mod chrome;
mod dates;
mod decode;
mod facts;
mod header;
mod lines;
mod markdown;
mod pages;
mod resolution;
mod title;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::content::{self, Kind, PageMeta, Vote};
use crate::date::Date;
use crate::entities::Catalogue;
use crate::error::{Error, Result};
use crate::yaml;
use blocks::{Para, ParaKind};
use header::Header;

pub use decode::MAX_SEED_BYTES;

/// The folder of seeds, at the site root.
pub const SEEDS_DIR: &str = "seeds";
/// Where imported pages go, relative to the site root.
pub const DOCUMENTS_DIR: &str = "content/documents";
/// Longest slug import makes (UN letter titles run to 200 characters).
const MAX_SLUG: usize = 80;

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

    /// The site's own catalogue and peace operations list (`data/`), or the built-in ones.
    pub fn for_site(root: &Path) -> Result<Context> {
        let catalogue = crate::entities::site_catalogue(root)?;
        let missions = crate::entities::site_missions(root)?;
        Ok(Context::new(catalogue, &missions))
    }

    pub fn new(catalogue: Catalogue, missions: &[crate::entities::MissionRecord]) -> Context {
        let names = missions
            .iter()
            .flat_map(|m| m.acronym.iter().cloned().chain([m.name.clone()]).chain(m.locations.iter().cloned()));
        Context { catalogue, lexicon: title::Lexicon::new(names) }
    }
}

/// Converts one seed with the built-in catalogue. Pure: no I/O. `Err` is a one-line reason the
/// seed cannot be imported.
pub fn convert(seed_name: &str, bytes: &[u8]) -> Result<Conversion, String> {
    convert_with(seed_name, bytes, Context::built_in())
}

/// [`convert`] with a site's own catalogue and names.
pub fn convert_with(seed_name: &str, bytes: &[u8], context: &Context) -> Result<Conversion, String> {
    let decoded = decode::decode(bytes)?;
    let mut warnings: Vec<String> = decoded.note.into_iter().collect();
    let seed_sha256 = sha256_hex(bytes.iter().as_slice());

    let mut lines = lines::clean_lines(&decoded.text);
    pages::strip_running_furniture(&mut lines);
    header::strip_page_furniture(&mut lines);
    let mut docs: Vec<Document> = Vec::new();
    for raw in header::split_documents(lines) {
        let part = docs.len() + 1;
        let mut doc_warnings = Vec::new();
        if let Some(doc) = document(raw, context, &mut doc_warnings) {
            docs.push(doc);
        }
        let label = |w: String| if part > 1 { format!("document {part}: {w}") } else { w };
        warnings.extend(doc_warnings.into_iter().map(label));
    }
    if docs.is_empty() {
        return Err(
            "no text left once page headers, footers and site chrome are removed: nothing to import".to_string()
        );
    }
    share_vote_with_resolutions(&mut docs);

    let mut slugs: Vec<String> = Vec::new();
    for doc in &docs {
        let base = slug_for(&doc.title, seed_name);
        let mut slug = base.clone();
        let mut n = 2;
        while slugs.contains(&slug) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        slugs.push(slug);
    }
    let pages = docs
        .into_iter()
        .zip(&slugs)
        .map(|(doc, slug)| {
            let related = slugs.iter().filter(|s| *s != slug).cloned().collect();
            let meta = PageMeta {
                title: doc.title,
                date: doc.date,
                kind: Some(doc.kind),
                language: Some(doc.language.to_string()),
                source: doc.source,
                place: doc.place,
                author: doc.author,
                symbol: doc.symbol,
                meeting: doc.meeting,
                summary: doc.summary,
                seed: Some(seed_name.to_string()),
                seed_sha256: Some(seed_sha256.clone()),
                resolution: doc.resolution,
                vote: doc.vote,
                sponsors: doc.sponsors,
                related,
                ..PageMeta::default()
            };
            ImportedPage { slug: slug.clone(), meta, body: doc.body }
        })
        .collect();
    Ok(Conversion { pages, warnings, encoding: decoded.encoding })
}

/// A document of a seed, before it becomes a page.
#[derive(Debug, Clone)]
struct Document {
    title: String,
    date: Option<Date>,
    kind: Kind,
    language: &'static str,
    source: Option<String>,
    place: Option<String>,
    author: Option<String>,
    symbol: Option<String>,
    meeting: Option<String>,
    summary: Option<String>,
    resolution: Option<String>,
    vote: Option<Vote>,
    sponsors: Vec<String>,
    /// Plain text, for cross-document checks.
    plain: String,
    body: String,
}

/// Passes 4–8 for one document. `None` when nothing is left of it.
fn document(raw: header::RawDocument, context: &Context, warnings: &mut Vec<String>) -> Option<Document> {
    let header = raw.header.unwrap_or_default();
    let un_document = header.distribution || !header.symbols.is_empty();
    let mut lines = raw.lines;
    // The text of a resolution opens with its number; a report's title sits under its header.
    let opening = resolution::take_opening(&mut lines);
    let header_title = if opening.is_none() && un_document { title::take_un_title(&mut lines) } else { None };
    let mut paras = blocks::layout(&lines);
    let chrome = chrome::strip(&mut paras);

    let title = match &opening {
        Some(o) => Some(format!("Resolution {} ({})", o.number, o.year)),
        None => header_title.or_else(|| take_title(&mut paras, un_document)),
    };
    // Headings inside the body sit under the page title.
    for p in &mut paras {
        if p.kind == ParaKind::Heading(1) {
            p.kind = ParaKind::Heading(2);
        }
    }

    let mut dateline = None;
    if let Some(p) = paras.iter_mut().find(|p| p.kind == ParaKind::Text)
        && !un_document
        && opening.is_none()
        && let Some(d) = facts::take_dateline(&p.lines[0])
    {
        p.lines[0] = d.rest.clone();
        dateline = Some(d);
    }
    let mut footer = None;
    if let Some(last) = paras.last()
        && last.lines.len() == 1
        && let Some(f) = facts::wire_footer(&last.lines[0])
    {
        footer = Some(f);
        paras.pop();
    }
    if paras.is_empty() && title.is_none() {
        return None;
    }

    let plain: Vec<String> = paras.iter().map(|p| markdown::plain(&p.lines.join("\n"))).collect();
    // Titles and headings set in capitals take the case the document itself writes them in.
    // Learned only for a document that has a title or heading in capitals.
    let casing = std::cell::OnceCell::new();
    let casing = || casing.get_or_init(|| title::Casing::learn(plain.iter().map(String::as_str)));
    for p in &mut paras {
        if matches!(p.kind, ParaKind::Heading(_)) && p.lines.len() == 1 && title::is_shouting(&p.lines[0]) {
            p.lines[0] = title::sentence_case(&p.lines[0], casing(), &context.lexicon);
        }
    }
    let author =
        paras.iter().find_map(|p| facts::signatory(&p.lines[0])).map(|s| markdown::plain(&s)).or(chrome.author);
    let mut vote = facts::vote(&plain, warnings);
    let sponsors = facts::sponsors(&plain);

    let lead = paras
        .iter()
        .zip(&plain)
        .find(|(p, t)| p.kind == ParaKind::Text && t.chars().count() >= 40)
        .map(|(_, t)| t.clone())
        .unwrap_or_default();
    let speech = !un_document && title.is_none() && opening.is_none() && dateline.is_none() && facts::is_speech(&plain);
    let title = match title {
        Some(t) if title::is_shouting(&t) => title::limit(&title::sentence_case(&t, casing(), &context.lexicon)),
        Some(t) => title::limit(&t),
        None if !lead.is_empty() && (speech || un_document) => {
            warnings.push("no title line: titled with its first sentence".to_string());
            title::first_sentence_title(&lead)
        }
        None if !lead.is_empty() => {
            warnings.push("no title line: title made from the lead sentence".to_string());
            facts::title_from_lead(&lead)
        }
        None => {
            warnings.push("no title line and no lead sentence: titled \"Untitled document\"".to_string());
            "Untitled document".to_string()
        }
    };

    let all_text = plain.join("\n");
    let language = header.language.unwrap_or_else(|| facts::language(&all_text));
    let opening_lines = plain.iter().take(2).cloned().collect::<Vec<_>>().join(" ");
    let kind = if opening.is_some() {
        Kind::Resolution
    } else if speech {
        Kind::Statement
    } else {
        facts::kind(&title, &header.symbols, un_document, &opening_lines)
    };
    let resolution = match &opening {
        Some(o) => Some(format!("{} ({})", o.number, o.year)),
        None => (kind == Kind::Resolution).then(|| facts::resolution_number(&title, &header.symbols)).flatten(),
    };
    let adoption =
        if kind == Kind::Resolution { resolution::adoption(&plain) } else { resolution::Adoption::default() };
    if vote.is_none() {
        vote = adoption.vote.clone();
    }
    let date = match &resolution {
        Some(key) => resolution_date(
            key,
            adoption.date.or(opening.as_ref().and_then(|o| o.date)).or(header.date),
            context,
            warnings,
        ),
        None => document_date(&title, &header, dateline.as_ref(), footer.as_ref()),
    };
    if date.is_none() {
        warnings.push("no date in the text: `date` left out".to_string());
    }
    let symbol = match &resolution {
        Some(key) => Some(format!("S/RES/{key}")),
        None => header.symbols.first().cloned(),
    };
    let meeting = adoption.meeting.or_else(|| {
        (header.organ == Some("Security Council"))
            .then(|| header.meeting.as_deref().and_then(facts::meeting_record))
            .flatten()
    });
    let source = if un_document || opening.is_some() {
        Some("United Nations".to_string())
    } else {
        dateline.as_ref().and_then(|d| d.source.clone()).or(footer.as_ref().map(|f| f.0.clone())).or(chrome.source)
    };
    // The summary comes from the first paragraph of prose; a resolution's from its first operative
    // paragraph (its preamble is one long subordinate clause); a report's may all be numbered.
    let numbered = || {
        paras
            .iter()
            .zip(&plain)
            .find(|(p, t)| matches!(p.kind, ParaKind::Numbered(_)) && t.chars().count() >= 40)
            .map(|(_, t)| t.clone())
    };
    let summary_text = match kind {
        Kind::Resolution => numbered().or_else(|| (!lead.is_empty()).then(|| lead.clone())),
        _ => (!lead.is_empty()).then(|| lead.clone()).or_else(numbered),
    };
    let summary = summary_text.map(|t| crate::text::shorten(crate::text::first_sentence(&t), 300));

    Some(Document {
        title,
        date,
        kind,
        language,
        source,
        place: dateline.and_then(|d| d.place),
        author,
        symbol,
        meeting,
        summary,
        resolution,
        vote,
        sponsors,
        plain: all_text,
        body: markdown::to_markdown(&paras),
    })
}

/// A resolution's date: the one its text states, checked against the catalogue (a disagreement
/// is a warning naming both); where the text states none, the catalogue's adoption date.
fn resolution_date(key: &str, stated: Option<Date>, context: &Context, warnings: &mut Vec<String>) -> Option<Date> {
    let catalogued =
        crate::entities::ResolutionId::parse(key).and_then(|id| context.catalogue.record(id)).and_then(|r| r.adopted);
    match (stated, catalogued) {
        (Some(s), Some(c)) if s != c => {
            warnings.push(format!(
                "the text dates resolution {key} {}, the catalogue {}: the text's date is kept; check it",
                s.long(),
                c.long()
            ));
            Some(s)
        }
        (Some(s), _) => Some(s),
        (None, c) => c,
    }
}

/// Takes the title off the top of `paras`: a `#` heading; in a UN document the line after the
/// header; on a web page a short first line that is not a sentence.
fn take_title(paras: &mut Vec<Para>, un_document: bool) -> Option<String> {
    let first = paras.first()?;
    let is_title = match first.kind {
        ParaKind::Heading(1) => true,
        ParaKind::Text if first.lines.len() == 1 && paras.len() >= 2 => {
            let line = &first.lines[0];
            let max = if un_document { 300 } else { 160 };
            // A UN document's title is a phrase; a word or two under its header is a misread.
            let words = line.split_whitespace().count();
            line.chars().count() <= max
                && (!un_document || words >= 3)
                && !line.trim_end_matches(['*', '_']).ends_with(['.', ',', ';', ':'])
                && facts::take_dateline(line).is_none()
        }
        _ => false,
    };
    is_title.then(|| markdown::plain(&paras.remove(0).lines[0]))
}

/// The date of a document, from the places that carry one: a letter's own date ("Letter dated
/// …"), the header, the dateline, the wire footer. Never from the body text.
fn document_date(
    title: &str,
    header: &Header,
    dateline: Option<&facts::Dateline>,
    footer: Option<&(String, Option<Date>)>,
) -> Option<Date> {
    let letter_date =
        facts::kind(title, &[], true, "").eq(&Kind::Letter).then(|| dates::find_date(title).map(|(d, _)| d)).flatten();
    letter_date.or(header.date).or(dateline.and_then(|d| d.date)).or(footer.and_then(|f| f.1))
}

/// A letter that records the vote on a resolution it transmits lends that vote (and the
/// sponsors) to the resolution's own page, when it names the resolution.
fn share_vote_with_resolutions(docs: &mut [Document]) {
    let donors: Vec<(Vote, Vec<String>, String)> =
        docs.iter().filter_map(|d| d.vote.clone().map(|v| (v, d.sponsors.clone(), d.plain.clone()))).collect();
    for doc in docs.iter_mut().filter(|d| d.kind == Kind::Resolution && d.vote.is_none()) {
        let Some(number) = doc.resolution.clone() else { continue };
        if let Some((vote, sponsors, _)) = donors.iter().find(|(_, _, text)| text.contains(&number)) {
            doc.vote = Some(vote.clone());
            if doc.sponsors.is_empty() {
                doc.sponsors = sponsors.clone();
            }
        }
    }
}

/// `content::slugify(title)`, cut at a word to at most 80 characters; the seed's name if the
/// title has no letters or digits. Markup a title quotes (`<em>`) is not part of its URL.
fn slug_for(title: &str, seed_name: &str) -> String {
    static TAG: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"</?[A-Za-z][^<>]*>").expect("static regex"));
    let mut slug = content::slugify(&TAG.replace_all(title, " "));
    if slug.is_empty() {
        slug = content::slugify(Path::new(seed_name).file_stem().and_then(|s| s.to_str()).unwrap_or("document"));
    }
    if slug.len() > MAX_SLUG {
        let cut = slug[..=MAX_SLUG].rfind('-').unwrap_or(MAX_SLUG);
        slug.truncate(cut);
    }
    slug
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

const HASH_KEY: &str = "import_sha256:";

fn compose(meta: &PageMeta, body: &str) -> String {
    format!("---\n{}---\n\n{}", yaml::to_string(meta), body)
}

/// The exact text of a page file: front-matter, then body. Its `import_sha256` is the SHA-256
/// of this same text with the `import_sha256:` line left out.
pub fn render_page(page: &ImportedPage) -> String {
    let mut meta = page.meta.clone();
    meta.import_sha256 = None;
    meta.import_sha256 = Some(sha256_hex(compose(&meta, &page.body).as_bytes()));
    compose(&meta, &page.body)
}

/// Whether a page file is still as import wrote it: `None` if it records no `import_sha256`.
pub fn is_as_imported(text: &str) -> Option<bool> {
    let mut offset = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if n > 0 && line.trim_end() == "---" {
            return None; // end of front-matter
        }
        if let Some(value) = line.strip_prefix(HASH_KEY) {
            let recorded = value.trim().trim_matches(['"', '\'']);
            let without = format!("{}{}", &text[..offset], &text[offset + line.len()..]);
            return Some(sha256_hex(without.as_bytes()) == recorded);
        }
        offset += line.len();
    }
    None
}

/// A page already in `content/documents/`.
struct Existing {
    file: PathBuf,
    /// Its `seed`, if its front-matter parses and has one.
    seed: Option<String>,
    seed_sha256: Option<String>,
}

fn scan_existing(root: &Path) -> Result<BTreeMap<String, Existing>> {
    let dir = root.join(DOCUMENTS_DIR);
    let mut pages = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(&dir) else { return Ok(pages) };
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(&dir, e))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(slug) = name.strip_suffix(".md") else { continue };
        if name.starts_with('.') || !path.is_file() {
            continue;
        }
        let file = Path::new(DOCUMENTS_DIR).join(&name);
        let (seed, seed_sha256) = std::fs::read_to_string(&path).map(|text| seed_keys(&text)).unwrap_or_default();
        pages.insert(slug.to_string(), Existing { file, seed, seed_sha256 });
    }
    Ok(pages)
}

/// The `seed` and `seed_sha256` of a page's front-matter, read off its top-level lines: what
/// import needs of every existing page, without parsing each page's YAML.
fn seed_keys(text: &str) -> (Option<String>, Option<String>) {
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return (None, None);
    }
    let value = |v: &str| Some(v.trim().trim_matches(['"', '\'']).to_string()).filter(|v| !v.is_empty());
    let (mut seed, mut sha) = (None, None);
    for line in lines.take_while(|l| l.trim_end() != "---") {
        if let Some(v) = line.strip_prefix("seed:") {
            seed = value(v);
        } else if let Some(v) = line.strip_prefix("seed_sha256:") {
            sha = value(v);
        }
    }
    (seed, sha)
}

fn list_seeds(root: &Path, opts: &ImportOptions, report: &mut ImportReport) -> Result<Vec<PathBuf>> {
    let dir = root.join(SEEDS_DIR);
    if opts.seeds.is_empty() {
        let Ok(entries) = std::fs::read_dir(&dir) else { return Ok(Vec::new()) };
        let mut seeds = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&dir, e))?;
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if !hidden && entry.file_type().map_err(|e| Error::io(entry.path(), e))?.is_file() {
                seeds.push(entry.path());
            }
        }
        seeds.sort();
        return Ok(seeds);
    }
    let mut seeds = Vec::new();
    for given in &opts.seeds {
        let candidates = [root.join(given), dir.join(given)];
        match candidates.into_iter().find(|p| p.is_file()) {
            Some(p) => seeds.push(p),
            None => report.failed.push(format!("{}: no such seed (looked in {SEEDS_DIR}/)", given.display())),
        }
    }
    Ok(seeds)
}

fn display(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}

/// Imports seeds into `root/content/documents`. Problems with one seed are reported in
/// [`ImportReport::failed`] and the others still import; `Err` only when the run cannot proceed.
pub fn run(root: &Path, opts: &ImportOptions) -> Result<ImportReport> {
    let mut report = ImportReport::default();
    let mut seeds = list_seeds(root, opts, &mut report)?;
    if seeds.is_empty() {
        // No seeds at all (a handbook edited by hand): not even the pages need reading.
        return Ok(report);
    }
    let existing = scan_existing(root)?;
    if opts.only_new {
        let has_page: BTreeSet<&str> = existing.values().filter_map(|e| e.seed.as_deref()).collect();
        seeds.retain(|s| !s.file_name().is_some_and(|n| has_page.contains(n.to_string_lossy().as_ref())));
    }
    let mut claimed: BTreeSet<String> = BTreeSet::new();
    if seeds.is_empty() {
        // Nothing to import (`build` with every seed already a page): skip loading the registry
        // and the catalogue, which the build loads anyway.
        return Ok(report);
    }
    let context = Context::for_site(root)?;
    let converted: Vec<(PathBuf, String, String, Result<Conversion, String>)> = seeds
        .into_iter()
        .map(|seed| {
            let shown = display(root, &seed);
            let name = seed.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let conversion = read_seed(&seed).and_then(|bytes| convert_with(&name, &bytes, &context));
            (seed, name, shown, conversion)
        })
        .collect();
    // Titled people the registry lacks get draft pages. Mentions themselves are not written:
    // the build recognizes them at every build, so a better recognizer reaches every page.
    if let Some(recognizer) = site_recognizer(root, &mut report) {
        for (_, _, _, conversion) in &converted {
            for page in conversion.iter().flat_map(|c| &c.pages) {
                for (title, person) in unknown_officials(page, &recognizer) {
                    write_draft_official(root, &title, &person, &page.slug, opts.dry_run, &mut report);
                }
            }
        }
    }
    for (_seed, name, shown, conversion) in converted {
        let conversion = match conversion {
            Ok(c) => c,
            Err(why) => {
                report.failed.push(format!("{shown}: {why}"));
                continue;
            }
        };
        report.warnings.extend(conversion.warnings.iter().map(|w| format!("{shown}: {w}")));
        let mut pages = conversion.pages;
        assign_slugs(&mut pages, &name, &existing, &mut claimed);
        for page in &pages {
            write_page(root, page, &name, opts, &existing, &mut report);
        }
        // Pages this seed made before under another slug.
        let slugs: BTreeSet<&str> = pages.iter().map(|p| p.slug.as_str()).collect();
        for (slug, old) in &existing {
            if old.seed.as_deref() != Some(name.as_str()) || slugs.contains(slug.as_str()) || claimed.contains(slug) {
                continue;
            }
            let path = root.join(&old.file);
            let pristine = std::fs::read_to_string(&path).ok().and_then(|t| is_as_imported(&t)) == Some(true);
            if pristine && opts.dry_run {
                report.removed.push(old.file.clone());
            } else if pristine {
                match std::fs::remove_file(&path) {
                    Ok(()) => report.removed.push(old.file.clone()),
                    Err(e) => report.failed.push(format!("{}: cannot remove: {e}", old.file.display())),
                }
            } else {
                report.warnings.push(format!(
                    "{}: edited since import, and {shown} no longer makes this page: kept; delete it if it is obsolete",
                    old.file.display()
                ));
            }
        }
    }
    Ok(report)
}

/// The titled people a page names whom the registry lacks, as (title, name), each once.
fn unknown_officials(page: &ImportedPage, recognizer: &crate::entities::Recognizer) -> Vec<(String, String)> {
    use crate::entities::Entity;
    let mut unknown: Vec<(String, String)> = Vec::new();
    let title = recognizer.find(&page.meta.title, page.meta.date);
    for mention in title.into_iter().chain(recognizer.find(&page.body, page.meta.date)) {
        if let Entity::UnknownOfficial { name, title } = mention.entity
            && !unknown.iter().any(|(_, n)| *n == name)
        {
            unknown.push((title, name));
        }
    }
    unknown
}

/// A person the text gives an official title but the registry lacks becomes a draft official
/// page for an editor to confirm (never overwriting one that exists).
/// Returns whether a page was written.
fn write_draft_official(
    root: &Path,
    title: &str,
    name: &str,
    found_in: &str,
    dry_run: bool,
    report: &mut ImportReport,
) -> bool {
    let slug = content::slugify(name);
    if slug.is_empty() {
        return false;
    }
    let rel = PathBuf::from(content::CONTENT_DIR).join("officials").join(format!("{slug}.md"));
    let path = root.join(&rel);
    if path.exists() {
        return false;
    }
    let meta = PageMeta {
        title: name.to_string(),
        draft: true,
        roles: vec![content::Role { title: title.to_string(), from: None, to: None, aliases: Vec::new() }],
        ..PageMeta::default()
    };
    let text = format!(
        "---\n{}---\nNamed as “{title} {name}” in /documents/{found_in}/. Confirm the name and the role's dates, add aliases, \
         then remove `draft: true`.\n",
        yaml::to_string(&meta)
    );
    if dry_run {
        report.planned.push(Planned { file: rel.clone(), text, seed: None });
        report.draft_officials.push(rel);
        return true;
    }
    if let Some(dir) = path.parent()
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        report.failed.push(format!("{}: cannot create: {e}", rel.display()));
        return false;
    }
    match std::fs::write(&path, text) {
        Ok(()) => {
            report.draft_officials.push(rel);
            true
        }
        Err(e) => {
            report.failed.push(format!("{}: cannot write: {e}", rel.display()));
            false
        }
    }
}

/// The site's recognizer; a broken registry must not stop an import, only its draft officials.
fn site_recognizer(root: &Path, report: &mut ImportReport) -> Option<crate::entities::Recognizer> {
    match crate::entities::site_recognizer(root) {
        Ok(r) => Some(r),
        Err(e) => {
            report.warnings.push(format!("no draft pages for unknown officials: {}", e.diagnostics().join("; ")));
            None
        }
    }
}

fn read_seed(path: &Path) -> Result<Vec<u8>, String> {
    let len = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?.len();
    if len > MAX_SEED_BYTES {
        return Err(decode::too_large(len));
    }
    std::fs::read(path).map_err(|e| format!("cannot read: {e}"))
}

/// Makes slugs unique across the run and against pages of other seeds (or of editors):
/// the first comes free, later ones get `-2`, `-3`, … Seeds run in name order, so this is
/// deterministic. `related` follows the renames.
fn assign_slugs(
    pages: &mut [ImportedPage],
    seed: &str,
    existing: &BTreeMap<String, Existing>,
    claimed: &mut BTreeSet<String>,
) {
    let mut renames = BTreeMap::new();
    for page in pages.iter_mut() {
        let base = page.slug.clone();
        let mut slug = base.clone();
        let mut n = 2;
        let taken = |s: &str, claimed: &BTreeSet<String>| {
            claimed.contains(s) || existing.get(s).is_some_and(|e| e.seed.as_deref() != Some(seed))
        };
        while taken(&slug, claimed) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        claimed.insert(slug.clone());
        renames.insert(base, slug.clone());
        page.slug = slug;
    }
    for page in pages.iter_mut() {
        for r in &mut page.meta.related {
            if let Some(new) = renames.get(r) {
                *r = new.clone();
            }
        }
    }
}

fn write_page(
    root: &Path,
    page: &ImportedPage,
    seed: &str,
    opts: &ImportOptions,
    existing: &BTreeMap<String, Existing>,
    report: &mut ImportReport,
) {
    let force = opts.force;
    let rel = Path::new(DOCUMENTS_DIR).join(format!("{}.md", page.slug));
    let path = root.join(&rel);
    let text = render_page(page);
    match std::fs::read(&path) {
        Ok(old) if old == text.as_bytes() => {
            report.unchanged.push(rel);
            return;
        }
        Ok(old) => {
            let old = String::from_utf8_lossy(&old);
            let edited = is_as_imported(&old) != Some(true);
            if edited && !force {
                let same_seed =
                    existing.get(&page.slug).and_then(|e| e.seed_sha256.as_deref()) == page.meta.seed_sha256.as_deref();
                if same_seed {
                    // Nothing new to bring in: the editor's page simply stands.
                    report.unchanged.push(rel);
                } else {
                    report.warnings.push(format!(
                        "{}: edited since import: kept, though seeds/{seed} changed (`import --force` overwrites it)",
                        rel.display()
                    ));
                    report.kept_editor_changes.push(rel);
                }
                return;
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            report.failed.push(format!("{}: cannot read: {e}", rel.display()));
            return;
        }
    }
    if opts.dry_run {
        report.written.push(rel.clone());
        report.planned.push(Planned { file: rel, text, seed: Some(format!("{SEEDS_DIR}/{seed}")) });
        return;
    }
    match write_atomically(&path, text.as_bytes()) {
        Ok(()) => report.written.push(rel),
        Err(e) => report.failed.push(format!("{}: cannot write: {e}", rel.display())),
    }
}

/// Writes a temporary file beside `path` and renames it over `path`, so a crash leaves either the
/// old page or the new one, never half of one. The temporary name is hidden from `content::load`.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_covers_the_page_without_its_own_line() {
        let page = ImportedPage {
            slug: "x".into(),
            meta: PageMeta { title: "X".into(), seed: Some("s.txt".into()), ..PageMeta::default() },
            body: "Body.\n".into(),
        };
        let text = render_page(&page);
        assert!(text.contains("\nimport_sha256: "), "{text}");
        assert_eq!(is_as_imported(&text), Some(true));
        assert_eq!(is_as_imported(&text.replace("Body.", "Body!")), Some(false));
        assert_eq!(is_as_imported("---\ntitle: X\n---\nBody\n"), None);
    }

    #[test]
    fn slugs_are_cut_at_a_word() {
        let long =
            "Carta de fecha 3 de diciembre de 2020 dirigida al Secretario General y a los Representantes Permanentes";
        let slug = slug_for(long, "s.txt");
        assert!(slug.len() <= MAX_SLUG && !slug.ends_with('-'), "{slug}");
        assert!(slug.starts_with("carta-de-fecha-3-de-diciembre-de-2020"));
        assert_eq!(slug_for("¿?", "004_abc.txt"), "004-abc");
        assert_eq!(slug_for("Council <em>debates</em> a <b>future</b>", "s.txt"), "council-debates-a-future");
    }

    #[test]
    fn titles_come_from_headings_or_short_first_lines() {
        let mut p = blocks::layout(&["# Peace operations".into(), "".into(), "Body text.".into()]);
        assert_eq!(take_title(&mut p, false).as_deref(), Some("Peace operations"));
        let mut p = blocks::layout(&["A sentence that is the lead.".into(), "".into(), "More.".into()]);
        assert_eq!(take_title(&mut p, false), None);
    }
}
