//! The file work of `import`: which seeds to read, which pages exist, writing pages atomically,
//! never overwriting an editor's change, and draft pages for officials the registry lacks.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::content::{self, PageMeta};
use crate::error::{Error, Result};
use crate::yaml;

use super::context::{Context, Conversion, ImportedPage};
use super::convert::convert_with;
use super::decode;
use super::page::{is_as_imported, render_page};

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
    use crate::entities::{Entity, TitledPerson};
    let mut unknown: Vec<(String, String)> = Vec::new();
    let title = recognizer.find(&page.meta.title, page.meta.date);
    for mention in title.into_iter().chain(recognizer.find(&page.body, page.meta.date)) {
        if let Entity::UnknownOfficial(person) = mention.entity
            && !unknown.iter().any(|(_, n)| *n == person.name)
        {
            let TitledPerson { name, title } = *person;
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
    if len > decode::MAX_SEED_BYTES {
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
