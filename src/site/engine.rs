//! The engine: the site's sources, the site model derived from them, and the caches that let a
//! rebuild redo only what changed. A clean build is `Engine::load` then `render_all`; `serve`
//! keeps one engine and calls `refresh` then `render_changed` on every change. Both run the same
//! code, so an incremental rebuild cannot drift from a clean one (and a property test checks it).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Value};

use super::BuildOptions;
use super::values::{self, map};
use crate::config::Config;
use crate::content::{self, CONTENT_DIR, Content, Page, Parsed, Section};
use crate::entities::{self, Catalogue, Entity, Recognizer, Registry, parse_resolution_key};
use crate::error::{Diagnostic, Error, Result};
use crate::links::{self, EntityIndex, LinkTargets, PageAnnotator};
use crate::markdown::{self, MarkdownOptions, NoAnnotations, Rendered};
use crate::render::Templates;

/// Sections every handbook has, whether or not they hold pages yet.
const STANDARD_SECTIONS: &[(&str, &str)] = &[("documents", "Documents"), ("officials", "Officials")];
const OFFICIALS: &str = "officials";
const RESOLUTIONS: &str = "resolutions";

/// A 64-bit fingerprint of `value`: equal inputs, equal fingerprints within a process.
fn fingerprint(value: impl Hash) -> u64 {
    static STATE: std::sync::LazyLock<ahash::RandomState> = std::sync::LazyLock::new(ahash::RandomState::new);
    STATE.hash_one(value)
}

/// One file under `content/`, as last read: parsed, or why it could not be.
struct FileEntry {
    parsed: std::result::Result<Parsed, Diagnostic>,
}

/// A page's Markdown rendered with its mentions linked.
struct Linked {
    fp: u64,
    rendered: Rendered,
    mentions: links::PageMentions,
}

/// What the site keeps of a page between renders: fingerprints and its card. The full template
/// value is built when the page renders and dropped after, so a build holds each page's HTML once.
#[derive(Clone)]
struct PageModel {
    /// Covers everything the page's own HTML shows.
    fp: u64,
    /// Covers everything a list shows of it.
    card_fp: u64,
    /// The fingerprint of its link result (text, path, linking inputs).
    link_fp: u64,
    card: Value,
}

/// What a resolution's page is made of, besides the catalogue.
#[derive(Clone, Default)]
struct ResolutionInputs {
    text_page: Option<usize>,
    curated: Option<usize>,
    recalls: Vec<(u32, u16)>,
    recalled_by: Vec<(u32, u16)>,
    mentions: Vec<links::Backlink>,
}

#[derive(Clone)]
struct Model {
    fp: u64,
    value: Value,
}

/// What the sources said needs reloading but could not be reloaded yet (the reload failed).
#[derive(Default, Clone, Copy)]
struct Pending {
    config: bool,
    templates: bool,
    catalogue: bool,
}

/// One output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobKind {
    Home,
    NotFound,
    Timeline,
    Page(usize),
    Section(String),
    ResolutionList,
    Resolution((u32, u16)),
    Machine(&'static str),
    /// Open data for researchers (`data/documents.json`, …).
    Data(&'static str),
    Static(PathBuf),
}

#[derive(Debug, Clone)]
pub struct Job {
    /// Path under the output folder, `/`-separated: `documents/x/index.html`.
    pub output: String,
    pub kind: JobKind,
}

pub struct Engine {
    root: PathBuf,
    options: BuildOptions,
    config: Config,
    templates: Templates,
    template_fps: HashMap<String, u64>,
    global_fp: u64,
    catalogue: Catalogue,
    catalogue_fp: u64,
    files: BTreeMap<PathBuf, FileEntry>,
    pending: Pending,

    // The site model, derived from the sources by `derive`.
    content: Content,
    registry: Registry,
    recognizer: Option<Recognizer>,
    recognizer_inputs: u64,
    link_fp: u64,
    published_officials: HashSet<String>,
    /// By page URL path (hashing a `Path` walks its components; a string is much cheaper).
    linked: ahash::AHashMap<String, Arc<Linked>>,
    pages: Vec<PageModel>,
    page_cache: ahash::AHashMap<String, PageModel>,
    index: EntityIndex,
    /// Every resolution with a page: its fingerprint and what its page is made of.
    resolutions: BTreeMap<(u32, u16), (u64, ResolutionInputs)>,
    resolution_list: Model,
    sections: BTreeMap<String, Model>,

    /// Output path → fingerprint of its last successful render (for `render_changed`).
    rendered: HashMap<String, u64>,
    /// Fingerprint of the page order the index was built for.
    order_fp: u64,
    /// Page indices by slug, for `related:` (rebuilt when the page order changes).
    by_slug: ahash::AHashMap<String, Vec<usize>>,
    /// How long the stages of the last load took (`link`: the last `derive`).
    pub timings: super::Timings,
    /// `serve` keeps every source and page HTML to rebuild what changed; a one-shot build
    /// (`render_once`) renders a page as soon as it is linked and keeps only what other pages
    /// show of it, so its memory does not grow with the text of the handbook.
    keep_for_rebuilds: bool,
    /// One-shot builds: errors of the pages rendered while linking, reported with the rest.
    early_errors: Vec<Error>,
}

/// Where a one-shot build hands each rendered file: output path (`documents/x/index.html`), bytes.
pub type Sink<'a> = dyn Fn(&str, &[u8]) -> Result<()> + Sync + 'a;

/// How many pages a one-shot build links before rendering them: enough to keep every core busy,
/// few enough that their HTML is a small part of memory. Small sites get small batches too, so
/// that tests run the batching on sites of a few dozen pages.
fn early_render_batch(pages: usize) -> usize {
    (pages / 16).clamp(4, 256)
}

impl Engine {
    /// Reads every source and derives the site model, keeping what `refresh` needs.
    pub fn load(root: &Path, options: &BuildOptions) -> Result<Engine> {
        Engine::open(root, options, None)
    }

    /// A one-shot build (`build`, `check`): renders every output into `sink` and returns the
    /// engine (for `problems`) and the number of files. Each page renders right after its
    /// Markdown is linked, unless other pages show its HTML, and then sheds its text and HTML.
    pub fn render_once(root: &Path, options: &BuildOptions, sink: &Sink) -> Result<(Engine, usize)> {
        let mut engine = Engine::open(root, options, Some(sink))?;
        let started = std::time::Instant::now();
        let files = engine.render_all(sink)?;
        engine.timings.render = started.elapsed();
        Ok((engine, files))
    }

    /// Reads every source and derives the site model; with `early`, a one-shot build.
    fn open(root: &Path, options: &BuildOptions, early: Option<&Sink>) -> Result<Engine> {
        let started = std::time::Instant::now();
        let mut engine = Engine::new(root, options, early.is_none())?;
        engine.read_content(Path::new(CONTENT_DIR))?;
        tracing::debug!("load: sources read, {}", resident_memory());
        engine.derive(early)?;
        engine.timings.load = started.elapsed().saturating_sub(engine.timings.link);
        Ok(engine)
    }

    fn new(root: &Path, options: &BuildOptions, keep_for_rebuilds: bool) -> Result<Engine> {
        let config = load_config(root, options)?;
        let (catalogue, catalogue_fp) = load_catalogue(root)?;
        let templates = Templates::load(root, &config)?;
        Ok(Engine {
            root: root.to_path_buf(),
            options: options.clone(),
            catalogue_fp,
            template_fps: templates.fingerprints(),
            config,
            templates,
            global_fp: 0,
            catalogue,
            files: BTreeMap::new(),
            pending: Pending::default(),
            content: Content::default(),
            registry: Registry::default(),
            recognizer: None,
            recognizer_inputs: 0,
            link_fp: 0,
            published_officials: HashSet::new(),
            linked: ahash::AHashMap::new(),
            pages: Vec::new(),
            page_cache: ahash::AHashMap::new(),
            index: EntityIndex::default(),
            resolutions: BTreeMap::new(),
            resolution_list: Model { fp: 0, value: Value::none() },
            sections: BTreeMap::new(),
            rendered: HashMap::new(),
            timings: super::Timings::default(),
            order_fp: 0,
            by_slug: ahash::AHashMap::new(),
            keep_for_rebuilds,
            early_errors: Vec::new(),
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn page_count(&self) -> usize {
        self.content.pages.len()
    }

    /// Takes changed paths (absolute or relative to the root) and brings the model up to date,
    /// re-reading only what they touch.
    pub fn refresh(&mut self, changed: &[PathBuf]) -> Result<()> {
        let mut content_paths = BTreeSet::new();
        for path in changed {
            let rel = path.strip_prefix(&self.root).unwrap_or(path);
            let first =
                rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
            match first.as_str() {
                crate::config::CONFIG_FILE => self.pending.config = true,
                "data" => self.pending.catalogue = true,
                "templates" | "themes" => self.pending.templates = true,
                CONTENT_DIR => {
                    content_paths.insert(rel.to_path_buf());
                }
                _ => {}
            }
        }
        // Content first: a failed template or config reload below must not lose an edit.
        for rel in content_paths {
            self.read_content(&rel)?;
        }
        if self.pending.config {
            // site.yaml can change anything: start over, keeping what was rendered.
            let fresh = Engine::load(&self.root, &self.options)?;
            let rendered = std::mem::take(&mut self.rendered);
            *self = fresh;
            self.rendered = rendered;
            return Ok(());
        }
        if self.pending.catalogue {
            (self.catalogue, self.catalogue_fp) = load_catalogue(&self.root)?;
            self.pending.catalogue = false;
        }
        if self.pending.templates {
            self.templates = Templates::load(&self.root, &self.config)?;
            self.template_fps = self.templates.fingerprints();
            self.pending.templates = false;
        }
        self.derive(None)
    }

    /// Re-reads one file or folder under `content/` (or forgets it, if it is gone).
    fn read_content(&mut self, rel: &Path) -> Result<()> {
        let abs = self.root.join(rel);
        let files = if abs.is_dir() {
            self.files.retain(|k, _| !k.starts_with(rel));
            content::list_files(&self.root, &abs)?
        } else if abs.is_file() {
            let is_page = rel.extension().is_some_and(|e| e == "md")
                && !rel.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
            if is_page { vec![rel.to_path_buf()] } else { vec![] }
        } else {
            self.files.retain(|k, _| !k.starts_with(rel));
            vec![]
        };
        let root = &self.root;
        let read: Vec<(PathBuf, FileEntry)> = files
            .into_par_iter()
            .map(|rel| {
                let entry = match std::fs::read_to_string(root.join(&rel)) {
                    Ok(text) => FileEntry { parsed: content::parse_file(&rel, &text) },
                    Err(e) => FileEntry { parsed: Err(Diagnostic::new(&rel, format!("cannot read: {e}"))) },
                };
                (rel, entry)
            })
            .collect();
        self.files.extend(read);
        Ok(())
    }

    /// Derives the site model from the sources, reusing every cached piece whose inputs are
    /// unchanged. With `early` (one-shot builds), pages render into it as soon as they are linked.
    fn derive(&mut self, early: Option<&Sink>) -> Result<()> {
        let errors: Vec<Error> =
            self.files.values().filter_map(|f| f.parsed.as_ref().err()).map(|d| Error::Diagnostic(d.clone())).collect();
        Error::from_list(errors)?;
        let parsed = self.files.values().filter_map(|f| f.parsed.clone().ok()).map(Ok);
        let mut content = content::assemble(parsed, self.options.drafts)?;
        for (name, title) in STANDARD_SECTIONS {
            content.sections.entry(name.to_string()).or_insert_with(|| Section {
                name: name.to_string(),
                path: format!("/{name}/"),
                meta: Some(content::SectionMeta { title: title.to_string(), ..Default::default() }),
                file: None,
                body: String::new(),
            });
        }
        self.content = content;
        let started = std::time::Instant::now();
        let mut phase = std::time::Instant::now();
        let mut mark = |name: &str| {
            tracing::debug!("derive: {name} {:.1?}, {}", phase.elapsed(), resident_memory());
            phase = std::time::Instant::now();
        };
        self.update_recognizer()?;
        if !self.keep_for_rebuilds {
            // Nothing will be re-read: let each page own its text, so it can drop it once linked.
            self.files.clear();
        }
        mark("recognizer");
        // Sections, the menu and the page order do not depend on links: settled first, so that
        // pages can render while the rest are still being linked.
        self.update_sections();
        let nav = self.nav_items();
        // Fingerprint plain data: Tera maps do not iterate in a stable order.
        self.global_fp = fingerprint((serde_json::to_string(&self.config).unwrap_or_default(), &nav));
        self.templates.set_global("site", site_value(&self.config));
        self.templates.set_global(
            "nav",
            Value::from(
                nav.into_iter()
                    .map(|(t, u)| map([("title", Value::from(t)), ("url", Value::from(u))]))
                    .collect::<Vec<_>>(),
            ),
        );
        let order_fp = fingerprint(self.content.pages.iter().map(|p| p.path.as_str()).collect::<Vec<_>>());
        if order_fp != self.order_fp || self.by_slug.is_empty() {
            self.by_slug.clear();
            for (i, p) in self.content.pages.iter().enumerate() {
                self.by_slug.entry(p.slug.clone()).or_default().push(i);
            }
        }
        mark("sections");
        let relinked = self.link_pages(early);
        mark("markdown and mentions");
        // With the page order unchanged, patch the index for the relinked pages; otherwise (a page
        // added, removed, re-dated or retitled) page indices moved and it is gathered again.
        let patchable = order_fp == self.order_fp
            && relinked.len() * 8 < self.content.pages.len().max(8)
            && relinked.iter().all(|(_, old)| old.is_some());
        if patchable {
            for (i, old) in &relinked {
                let new = &self.linked[self.content.pages[*i].path.as_str()];
                let none = links::PageMentions::default();
                let old_mentions = old.as_ref().map_or(&none, |l| &l.mentions);
                self.index.replace_page(*i, old_mentions, &new.mentions);
            }
        } else {
            self.index = EntityIndex::gather(self.content.pages.iter().map(|p| &self.linked[p.path.as_str()].mentions));
        }
        self.order_fp = order_fp;
        mark("entity index");
        self.update_page_values(patchable);
        if !self.keep_for_rebuilds {
            // Pages already rendered need nothing more of their HTML summary and contents: their
            // cards are made.
            for (i, page) in self.content.pages.iter().enumerate() {
                if self.rendered_while_linking(i) {
                    if let Some(linked) = self.linked.get_mut(page.path.as_str()).and_then(Arc::get_mut) {
                        linked.rendered.summary_html = String::new();
                        linked.rendered.toc = Vec::new();
                    }
                }
            }
        }
        mark("page models");
        self.update_resolutions();
        mark("resolutions");
        self.timings.link = started.elapsed();
        Ok(())
    }

    /// The registry comes from the officials' pages, drafts included (a draft official is known,
    /// only not published). The recognizer is rebuilt only when what it is built from changed.
    fn update_recognizer(&mut self) -> Result<()> {
        let officials: Vec<Arc<Page>> = self
            .files
            .values()
            .filter_map(|f| match &f.parsed {
                Ok(Parsed::Page(p)) if p.section == OFFICIALS => Some(p.clone()),
                _ => None,
            })
            .collect();
        let inputs = fingerprint((
            officials
                .iter()
                .map(|p| (&p.slug, format!("{:?}", (&p.meta.title, &p.meta.aliases, &p.meta.roles, p.meta.draft))))
                .collect::<Vec<_>>(),
            self.catalogue_fp,
        ));
        if self.recognizer.is_none() || inputs != self.recognizer_inputs {
            self.registry = Registry::new(officials.iter().map(|p| (p.slug.as_str(), &p.meta)));
            self.recognizer = Some(Recognizer::new(&self.catalogue, &self.registry)?);
            self.recognizer_inputs = inputs;
        }
        self.published_officials =
            self.content.pages.iter().filter(|p| p.section == OFFICIALS).map(|p| p.slug.clone()).collect();
        let mut published: Vec<&String> = self.published_officials.iter().collect();
        published.sort();
        self.link_fp = fingerprint((
            self.recognizer_inputs,
            published,
            self.config.links.every_mention,
            format!("{:?}", (&self.config.base_url, &self.config.markdown)),
        ));
        Ok(())
    }

    /// Renders the Markdown of every page whose text or linking inputs changed; returns those
    /// pages (by index) with what they were linked to before, if anything. With `early`, linked
    /// pages that no other page shows in full are rendered into it batch by batch, then shed
    /// their text and HTML.
    fn link_pages(&mut self, early: Option<&Sink>) -> Vec<(usize, Option<Arc<Linked>>)> {
        if self.recognizer.is_none() {
            return Vec::new();
        }
        let link_fp = self.link_fp;
        let stale: Vec<(usize, u64)> = self
            .content
            .pages
            .iter()
            .enumerate()
            // The path is part of what a page is: a renamed file with the same text moves its URL.
            .map(|(i, p)| (i, fingerprint((&p.file, &p.path, p.source_hash, link_fp))))
            .filter(|(i, fp)| self.linked.get(self.content.pages[*i].path.as_str()).is_none_or(|l| l.fp != *fp))
            .collect();
        self.early_errors.clear();
        let batch = if early.is_some() { early_render_batch(stale.len()) } else { stale.len().max(1) };
        let mut relinked = Vec::with_capacity(stale.len());
        for batch in stale.chunks(batch) {
            let fresh = self.link_batch(batch);
            relinked.extend(fresh.into_iter().map(|(i, path, linked)| (i, self.linked.insert(path, linked))));
            if let Some(sink) = early {
                self.render_early(batch.iter().map(|(i, _)| *i), sink);
            }
        }
        if self.linked.len() > self.content.pages.len() {
            let present: HashSet<&str> = self.content.pages.iter().map(|p| p.path.as_str()).collect();
            self.linked.retain(|k, _| present.contains(k.as_str()));
        }
        relinked
    }

    fn link_batch(&self, batch: &[(usize, u64)]) -> Vec<(usize, String, Arc<Linked>)> {
        let Some(recognizer) = &self.recognizer else { return Vec::new() };
        let targets = LinkTargets { config: &self.config, published_officials: &self.published_officials };
        let options = MarkdownOptions::from_config(&self.config);
        batch
            .par_iter()
            .map(|&(i, fp)| {
                let page = &self.content.pages[i];
                let own = (page.section == OFFICIALS).then(|| page.slug.clone());
                let mut annotator = PageAnnotator::new(recognizer, &targets, &page.meta, own);
                annotator.note_title(&page.meta.title);
                let rendered = markdown::render(&page.body, &options, &mut annotator);
                let mentions = links::page_mentions(&annotator.found, &page.meta);
                (i, page.path.clone(), Arc::new(Linked { fp, rendered, mentions }))
            })
            .collect()
    }

    /// Whether page `i` can render before the whole site is linked: its HTML depends only on its
    /// own links, and no other page shows its HTML. Officials list backlinks from every page; a
    /// resolution's text and editors' notes appear on the resolution's page.
    fn renders_alone(&self, i: usize) -> bool {
        let page = &self.content.pages[i];
        page.section != OFFICIALS && page.meta.resolution.is_none() && Self::curated_resolution(page).is_none()
    }

    /// Whether a one-shot build rendered page `i` while linking (every page there is linked
    /// fresh, so every page that can render alone did).
    fn rendered_while_linking(&self, i: usize) -> bool {
        !self.keep_for_rebuilds && self.renders_alone(i)
    }

    /// One-shot builds: renders the pages of a linked batch that can render alone, hands them to
    /// `sink`, and drops their text and HTML (nothing else reads them).
    fn render_early(&mut self, batch: impl Iterator<Item = usize>, sink: &Sink) {
        let ready: Vec<usize> = batch.filter(|&i| self.renders_alone(i)).collect();
        let errors: Vec<Error> = ready
            .par_iter()
            .filter_map(|&i| {
                let job = self.page_job(i);
                self.render_job(&job).and_then(|bytes| sink(&job.output, &bytes)).err()
            })
            .collect();
        self.early_errors.extend(errors);
        for i in ready {
            if let Some(linked) = self.linked.get_mut(self.content.pages[i].path.as_str()).and_then(Arc::get_mut) {
                linked.rendered.html = String::new();
            }
            if let Some(page) = Arc::get_mut(&mut self.content.pages[i]) {
                page.body = String::new();
            }
        }
    }

    /// Brings every page's fingerprints and card up to date. With the page order unchanged
    /// (`stable`) the models are updated in place and only relinked pages get new cards.
    fn update_page_values(&mut self, stable: bool) {
        let pages = &self.content.pages;
        let link_fps: Vec<u64> = pages.iter().map(|p| self.linked[p.path.as_str()].fp).collect();
        // A card's fingerprint is its content: a body edit that leaves title, date and summary
        // alone re-renders no list. Cards are rebuilt only for pages whose link result changed.
        let previous =
            if stable && self.pages.len() == pages.len() { std::mem::take(&mut self.pages) } else { Vec::new() };
        let cards: Vec<(u64, Value)> = pages
            .par_iter()
            .enumerate()
            .map(|(i, page)| {
                let cached = previous
                    .get(i)
                    .filter(|m| m.link_fp == link_fps[i])
                    .or_else(|| self.page_cache.get(page.path.as_str()).filter(|m| m.link_fp == link_fps[i]));
                match cached {
                    Some(m) => (m.card_fp, m.card.clone()),
                    None => {
                        let card = values::card(&self.config, page, &self.linked[page.path.as_str()].rendered);
                        (fingerprint(serde_json::to_string(&card).unwrap_or_default()), Value::from_serializable(&card))
                    }
                }
            })
            .collect();
        let card_fps: Vec<u64> = cards.iter().map(|(fp, _)| *fp).collect();
        let empty = Vec::new();
        let mut models = Vec::with_capacity(pages.len());
        for (i, (page, (card_fp, card))) in pages.iter().zip(cards).enumerate() {
            let related = self.related(i);
            let backlinks =
                if page.section == OFFICIALS { self.index.officials.get(&page.slug).unwrap_or(&empty) } else { &empty };
            // A backlink shows the other page's card and sentences from its text: its card
            // fingerprint and the sentences' fingerprint cover both.
            let fp = fingerprint((
                link_fps[i],
                card_fp,
                related.iter().map(|&r| card_fps[r]).collect::<Vec<_>>(),
                backlinks.iter().map(|b| (card_fps[b.page], b.sentences_fp)).collect::<Vec<_>>(),
            ));
            let changed = previous.get(i).is_none_or(|m| m.fp != fp || m.link_fp != link_fps[i]);
            let model = PageModel { fp, card_fp, link_fp: link_fps[i], card };
            if changed && self.keep_for_rebuilds {
                // Keep the cache (which survives reorders) in step, without cloning every path.
                match self.page_cache.get_mut(page.path.as_str()) {
                    Some(cached) => *cached = model.clone(),
                    None => {
                        self.page_cache.insert(page.path.clone(), model.clone());
                    }
                }
            }
            models.push(model);
        }
        if self.page_cache.len() > pages.len() {
            let present: HashSet<&str> = pages.iter().map(|p| p.path.as_str()).collect();
            self.page_cache.retain(|k, _| present.contains(k.as_str()));
        }
        self.pages = models;
    }

    /// Pages that page `i` lists under `related:`, by index (same section first).
    fn related(&self, i: usize) -> Vec<usize> {
        let pages = &self.content.pages;
        let page = &pages[i];
        page.meta
            .related
            .iter()
            .filter_map(|slug| {
                let candidates = self.by_slug.get(slug.as_str())?;
                candidates.iter().find(|&&r| pages[r].section == page.section).or(candidates.first()).copied()
            })
            .collect()
    }

    /// The full template value of page `i`, built when it renders.
    fn page_value(&self, i: usize) -> Value {
        let pages = &self.content.pages;
        let page = &pages[i];
        let linked = &self.linked[page.path.as_str()];
        let empty = Vec::new();
        let backlinks =
            if page.section == OFFICIALS { self.index.officials.get(&page.slug).unwrap_or(&empty) } else { &empty };
        let published = |slug: &str| self.published_officials.contains(slug);
        let words = linked.rendered.word_count;
        let value = values::PageValue {
            card: values::card(&self.config, page, &linked.rendered),
            file: page.file.display().to_string(),
            word_count: words,
            reading_minutes: words.div_ceil(220).max(1),
            content: &linked.rendered.html,
            toc: &linked.rendered.toc,
            seed: page.meta.seed.as_deref(),
            vote: page.meta.vote.as_ref(),
            sponsors: &page.meta.sponsors,
            aliases: &page.meta.aliases,
            roles: values::roles(page),
            related: self
                .related(i)
                .iter()
                .map(|&r| values::LinkValue {
                    title: pages[r].meta.title.clone(),
                    url: self.config.url(&pages[r].path),
                    key: pages[r].slug.clone(),
                })
                .collect(),
            mentions: values::mentions(&self.config, &self.registry, &published, linked.mentions.entities()),
            backlinks: values::backlinks(
                &self.config,
                pages,
                |p| &self.linked[pages[p].path.as_str()].mentions,
                backlinks,
            ),
            resolution_url: page
                .meta
                .resolution
                .as_deref()
                .and_then(parse_resolution_key)
                .map(|(n, y)| self.config.url(&links::resolution_path(n, y))),
            extra: &page.meta.extra,
        };
        Value::from_serializable(&value)
    }

    /// A curated resolution page (`content/resolutions/2553-2020.md`) adds to its resolution's page
    /// rather than being a page of its own.
    fn curated_resolution(page: &Page) -> Option<(u32, u16)> {
        if page.section != RESOLUTIONS {
            return None;
        }
        let (number, year) = page.slug.split_once('-')?;
        Some((number.parse().ok()?, year.parse().ok()?))
    }

    fn update_resolutions(&mut self) {
        let pages = &self.content.pages;
        let mut inputs: BTreeMap<(u32, u16), ResolutionInputs> = BTreeMap::new();
        for (i, page) in pages.iter().enumerate() {
            if let Some(key) = page.meta.resolution.as_deref().and_then(parse_resolution_key) {
                inputs.entry(key).or_default().text_page.get_or_insert(i);
            }
            if let Some(key) = Self::curated_resolution(page) {
                inputs.entry(key).or_default().curated = Some(i);
            }
        }
        let texts: Vec<((u32, u16), usize)> = inputs.iter().filter_map(|(k, v)| v.text_page.map(|i| (*k, i))).collect();
        for (key, i) in texts {
            for entity in self.linked[pages[i].path.as_str()].mentions.entities() {
                if let Entity::Resolution { number, year } = entity {
                    let other = (*number, *year);
                    if other != key {
                        inputs.entry(key).or_default().recalls.push(other);
                        inputs.entry(other).or_default().recalled_by.push(key);
                    }
                }
            }
        }
        for (key, backlinks) in &self.index.resolutions {
            let entry = inputs.entry(*key).or_default();
            let own = [entry.text_page, entry.curated];
            entry.mentions = backlinks.iter().filter(|b| !own.contains(&Some(b.page))).cloned().collect();
        }
        let mut models = BTreeMap::new();
        for (key, input) in inputs {
            let fp = fingerprint((
                key,
                self.catalogue_fp,
                self.link_fp,
                input.mentions.iter().map(|b| (self.pages[b.page].card_fp, b.sentences_fp)).collect::<Vec<_>>(),
                input.text_page.map(|i| self.pages[i].fp),
                input.curated.map(|i| self.pages[i].fp),
                &input.recalls,
                &input.recalled_by,
            ));
            models.insert(key, (fp, input));
        }
        let list_fp = fingerprint(models.values().map(|(fp, _)| *fp).collect::<Vec<_>>());
        if list_fp != self.resolution_list.fp || self.resolution_list.value.is_none() {
            let list: Vec<Value> = models
                .iter()
                .map(|(&(n, y), (_, input))| {
                    let mut base = values::resolution_base(&self.config, &self.catalogue, n, y);
                    base.mention_count = input.mentions.len();
                    Value::from_serializable(&base)
                })
                .collect();
            self.resolution_list = Model { fp: list_fp, value: Value::from(list) };
        }
        self.resolutions = models;
    }

    /// The template value of a resolution's page, built when it renders.
    fn resolution_value(&self, key: (u32, u16)) -> Value {
        let Some((_, input)) = self.resolutions.get(&key) else { return Value::none() };
        let pages = &self.content.pages;
        let (number, year) = key;
        let mut value = values::resolution_base(&self.config, &self.catalogue, number, year);
        if let Some(i) = input.text_page {
            let page = &pages[i];
            value.text_page = Some(values::LinkValue {
                title: page.meta.title.clone(),
                url: self.config.url(&page.path),
                key: page.slug.clone(),
            });
            value.text = Some(self.linked[page.path.as_str()].rendered.html.clone());
        }
        if let Some(i) = input.curated {
            value.content = Some(self.linked[pages[i].path.as_str()].rendered.html.clone());
        }
        let link = |&(n, y): &(u32, u16)| values::LinkValue {
            title: format!("Resolution {n} ({y})"),
            url: self.config.url(&links::resolution_path(n, y)),
            key: format!("{n} ({y})"),
        };
        value.recalls = input.recalls.iter().map(link).collect();
        value.recalled_by = input.recalled_by.iter().map(link).collect();
        value.mentions =
            values::backlinks(&self.config, pages, |p| &self.linked[pages[p].path.as_str()].mentions, &input.mentions);
        value.mention_count = value.mentions.len();
        Value::from_serializable(&value)
    }

    fn update_sections(&mut self) {
        let options = MarkdownOptions::from_config(&self.config);
        let mut models = BTreeMap::new();
        for (name, section) in &self.content.sections {
            let fp = fingerprint((&section.body, format!("{:?}", section.meta), &self.config.base_url));
            if let Some(cached) = self.sections.get(name).filter(|m| m.fp == fp) {
                models.insert(name.clone(), cached.clone());
                continue;
            }
            let html = markdown::render(&section.body, &options, &mut NoAnnotations).html;
            let value = Value::from_serializable(&values::section(&self.config, section, html));
            models.insert(name.clone(), Model { fp, value });
        }
        self.sections = models;
    }

    /// The main menu, (title, url): top-level sections, resolutions and the timeline.
    fn nav_items(&self) -> Vec<(String, String)> {
        let mut items: Vec<(String, String)> = self
            .content
            .sections
            .values()
            .filter(|s| !s.name.is_empty() && !s.name.contains('/') && s.name != RESOLUTIONS)
            .map(|s| (s.title(), self.config.url(&s.path)))
            .collect();
        items.push(("Resolutions".into(), self.config.url("/resolutions/")));
        items.push(("Timeline".into(), self.config.url("/timeline/")));
        items
    }

    /// Every output file.
    pub fn jobs(&self) -> Result<Vec<Job>> {
        let mut jobs = vec![
            Job { output: "index.html".into(), kind: JobKind::Home },
            Job { output: "404.html".into(), kind: JobKind::NotFound },
            Job { output: "timeline/index.html".into(), kind: JobKind::Timeline },
            Job { output: "resolutions/index.html".into(), kind: JobKind::ResolutionList },
        ];
        for (i, page) in self.content.pages.iter().enumerate() {
            if Self::curated_resolution(page).is_none() {
                jobs.push(self.page_job(i));
            }
        }
        for name in self.content.sections.keys() {
            if !name.is_empty() && name != RESOLUTIONS {
                jobs.push(Job { output: index_file(&format!("/{name}/")), kind: JobKind::Section(name.clone()) });
            }
        }
        for &(n, y) in self.resolutions.keys() {
            jobs.push(Job { output: index_file(&links::resolution_path(n, y)), kind: JobKind::Resolution((n, y)) });
        }
        for machine in ["sitemap.xml", "atom.xml", "robots.txt"] {
            if self.templates.has(machine) {
                jobs.push(Job { output: machine.into(), kind: JobKind::Machine(machine) });
            }
        }
        for file in super::data::DATA_FILES {
            jobs.push(Job { output: file.into(), kind: JobKind::Data(file) });
        }
        for (rel, source) in static_files(&self.root, &self.config)? {
            jobs.push(Job { output: rel, kind: JobKind::Static(source) });
        }
        Ok(jobs)
    }

    fn page_job(&self, i: usize) -> Job {
        Job { output: index_file(&self.content.pages[i].path), kind: JobKind::Page(i) }
    }

    fn template(&self, job: &Job) -> String {
        let nested_or =
            |nested: String, fallback: &str| if self.templates.has(&nested) { nested } else { fallback.to_string() };
        match &job.kind {
            JobKind::Home => "index.html".into(),
            JobKind::NotFound => "404.html".into(),
            JobKind::Timeline => nested_or("timeline.html".into(), "section.html"),
            JobKind::Page(i) => {
                let page = &self.content.pages[*i];
                match &page.meta.template {
                    Some(t) => t.clone(),
                    None if page.section.is_empty() => "page.html".into(),
                    None => nested_or(format!("{}/page.html", page.section), "page.html"),
                }
            }
            JobKind::Section(name) => nested_or(format!("{name}/section.html"), "section.html"),
            JobKind::ResolutionList => nested_or("resolutions/section.html".into(), "section.html"),
            JobKind::Resolution(_) => "resolutions/page.html".into(),
            JobKind::Machine(name) => name.to_string(),
            JobKind::Data(_) | JobKind::Static(_) => String::new(),
        }
    }

    /// Pages that lists show: every page but an editor's notes on a resolution (those are part
    /// of the resolution's page).
    fn listed(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.pages.len()).filter(|&i| Self::curated_resolution(&self.content.pages[i]).is_none())
    }

    fn all_card_fps(&self) -> Vec<u64> {
        self.listed().map(|i| self.pages[i].card_fp).collect()
    }

    /// Covers everything a job's output depends on: equal fingerprints, equal bytes.
    fn job_fingerprint(&self, job: &Job) -> u64 {
        let template = self.template(job);
        let template_fp = self.template_fps.get(&template).copied().unwrap_or(0);
        let section_fp = |name: &str| self.sections.get(name).map_or(0, |m| m.fp);
        let inputs: u64 = match &job.kind {
            JobKind::Home => fingerprint((section_fp(""), self.all_card_fps())),
            JobKind::NotFound => 0,
            JobKind::Timeline => fingerprint(self.all_card_fps()),
            JobKind::Page(i) => fingerprint((self.pages[*i].fp, section_fp(&self.content.pages[*i].section))),
            JobKind::Section(name) => fingerprint((
                section_fp(name),
                self.section_pages(name).map(|i| self.pages[i].card_fp).collect::<Vec<_>>(),
                self.subsections(name).map(|s| section_fp(&s.name)).collect::<Vec<_>>(),
            )),
            JobKind::ResolutionList => fingerprint((self.resolution_list.fp, section_fp(RESOLUTIONS))),
            JobKind::Resolution(key) => self.resolutions.get(key).map_or(0, |(fp, _)| *fp),
            JobKind::Machine(_) => {
                fingerprint((self.all_card_fps(), self.resolution_list.fp, self.sections.keys().collect::<Vec<_>>()))
            }
            JobKind::Data(name) => self.open_data_fingerprint(name),
            // Must equal `fingerprint(&bytes)` in `render_all`.
            JobKind::Static(source) => return fingerprint(std::fs::read(source).unwrap_or_default()),
        };
        fingerprint((template, template_fp, self.global_fp, inputs))
    }

    fn section_pages<'a>(&'a self, name: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.content.pages.iter().enumerate().filter(move |(_, p)| p.section == name).map(|(i, _)| i)
    }

    fn subsections<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Section> + 'a {
        let prefix = if name.is_empty() { String::new() } else { format!("{name}/") };
        self.content.sections.values().filter(move |s| {
            !s.name.is_empty() && s.name != name && s.name.starts_with(&prefix) && !s.name[prefix.len()..].contains('/')
        })
    }

    fn section_with_pages(&self, name: &str) -> Value {
        let mut value = self.sections.get(name).and_then(|m| m.value.clone().into_map()).unwrap_or_default();
        value.insert(
            "pages".into(),
            Value::from(self.section_pages(name).map(|i| self.pages[i].card.clone()).collect::<Vec<_>>()),
        );
        value.insert(
            "subsections".into(),
            Value::from(
                self.subsections(name)
                    .filter_map(|s| self.sections.get(&s.name).map(|m| m.value.clone()))
                    .collect::<Vec<_>>(),
            ),
        );
        Value::from(value)
    }

    fn all_cards(&self) -> Value {
        Value::from(self.listed().map(|i| self.pages[i].card.clone()).collect::<Vec<_>>())
    }

    /// Renders one job.
    pub fn render_job(&self, job: &Job) -> Result<Vec<u8>> {
        let mut ctx = Context::new();
        let what: String = match &job.kind {
            JobKind::Static(source) => return std::fs::read(source).map_err(|e| Error::io(source, e)),
            JobKind::Data(name) => return self.open_data(name),
            JobKind::Page(i) => {
                let page = &self.content.pages[*i];
                ctx.insert_value("page", self.page_value(*i));
                if let Some(section) = self.sections.get(&page.section) {
                    ctx.insert_value("section", section.value.clone());
                }
                page.file.display().to_string()
            }
            JobKind::Section(name) => {
                ctx.insert_value("section", self.section_with_pages(name));
                format!("/{name}/")
            }
            JobKind::Home => {
                if let Some(home) = self.sections.get("") {
                    ctx.insert_value("section", home.value.clone());
                }
                ctx.insert_value("pages", self.all_cards());
                let documents: Vec<Value> =
                    self.section_pages("documents").map(|i| self.pages[i].card.clone()).collect();
                ctx.insert_value("documents", Value::from(documents));
                "/".into()
            }
            JobKind::Timeline => {
                ctx.insert_value("years", self.timeline());
                let mut section = tera::Map::new();
                section.insert("title".into(), Value::from("Timeline"));
                section.insert("url".into(), Value::from(self.config.url("/timeline/")));
                section.insert("content".into(), Value::from(""));
                section.insert("pages".into(), self.all_cards());
                section.insert("subsections".into(), Value::from(Vec::<Value>::new()));
                ctx.insert_value("section", Value::from(section));
                "/timeline/".into()
            }
            JobKind::NotFound => "/404.html".into(),
            JobKind::ResolutionList => {
                let mut section =
                    self.sections.get(RESOLUTIONS).and_then(|m| m.value.clone().into_map()).unwrap_or_else(|| {
                        let mut m = tera::Map::new();
                        m.insert("title".into(), Value::from("Resolutions"));
                        m.insert("content".into(), Value::from(""));
                        m
                    });
                section.insert("url".into(), Value::from(self.config.url("/resolutions/")));
                section.insert("pages".into(), Value::from(Vec::<Value>::new()));
                section.insert("subsections".into(), Value::from(Vec::<Value>::new()));
                ctx.insert_value("section", Value::from(section));
                ctx.insert_value("resolutions", self.resolution_list.value.clone());
                "/resolutions/".into()
            }
            JobKind::Resolution(key) => {
                ctx.insert_value("resolution", self.resolution_value(*key));
                links::resolution_path(key.0, key.1)
            }
            JobKind::Machine(name) => {
                ctx.insert_value("pages", self.all_cards());
                ctx.insert("updated", &self.latest_date());
                ctx.insert_value("sitemap", self.sitemap()?);
                format!("/{name}")
            }
        };
        Ok(self.templates.render(&self.template(job), &ctx, &what)?.into_bytes())
    }

    /// Covers what one file of the open data shows: page facts and which entities each page
    /// mentions, not the sentences around them.
    fn open_data_fingerprint(&self, name: &str) -> u64 {
        let pages = &self.content.pages;
        let mentioned_in =
            |backlinks: &[links::Backlink]| backlinks.iter().map(|b| &pages[b.page].path).collect::<Vec<_>>();
        match name {
            "data/documents.json" => fingerprint(
                self.listed()
                    .map(|i| {
                        let (page, meta) = (&pages[i], &pages[i].meta);
                        let entities: Vec<&Entity> = self.linked[page.path.as_str()].mentions.entities().collect();
                        let facts =
                            (&meta.title, meta.date, meta.kind.map(|k| k.as_str()), &meta.language, &meta.source);
                        (
                            &page.path,
                            &page.file,
                            &page.section,
                            facts,
                            (&meta.seed, &meta.symbol, &meta.meeting, &meta.resolution),
                            entities,
                        )
                    })
                    .collect::<Vec<_>>(),
            ),
            "data/resolutions.json" => fingerprint((
                self.catalogue_fp,
                self.resolutions
                    .iter()
                    .map(|(key, (_, input))| {
                        let text = input.text_page.map(|i| &pages[i].path);
                        (key, text, &input.recalls, &input.recalled_by, mentioned_in(&input.mentions))
                    })
                    .collect::<Vec<_>>(),
            )),
            _ => {
                let mut slugs: Vec<&String> = self.published_officials.iter().collect();
                slugs.sort();
                let officials: Vec<_> = slugs
                    .into_iter()
                    .map(|slug| {
                        let official = self.registry.get(slug).map(|o| (&o.name, &o.aliases, format!("{:?}", o.roles)));
                        let backlinks = self.index.officials.get(slug.as_str()).map(|b| mentioned_in(b));
                        (slug, official, backlinks)
                    })
                    .collect();
                fingerprint(officials)
            }
        }
    }

    /// One file of the open data export.
    fn open_data(&self, name: &str) -> Result<Vec<u8>> {
        use super::data::{DocumentRecord, OfficialRecord, ResolutionRecord, to_json};
        let pages = &self.content.pages;
        let urls = |backlinks: &[links::Backlink]| -> Vec<String> {
            let mut urls: Vec<String> = backlinks.iter().map(|b| self.config.url(&pages[b.page].path)).collect();
            urls.dedup();
            urls
        };
        match name {
            "data/documents.json" => {
                let records: Vec<DocumentRecord> = self
                    .listed()
                    .filter(|&i| pages[i].section != OFFICIALS)
                    .map(|i| {
                        let page = &pages[i];
                        let mentions = &self.linked[page.path.as_str()].mentions;
                        DocumentRecord::new(self.config.url(&page.path), page, mentions.entities())
                    })
                    .collect();
                to_json(&records)
            }
            "data/resolutions.json" => {
                let key = |&(n, y): &(u32, u16)| format!("{n} ({y})");
                let records: Vec<ResolutionRecord> = self
                    .resolutions
                    .iter()
                    .map(|(&(number, year), (_, input))| {
                        let url = self.config.url(&links::resolution_path(number, year));
                        let mut record = ResolutionRecord::new(&self.catalogue, number, year, url);
                        record.text = input.text_page.map(|i| self.config.url(&pages[i].path));
                        record.recalls = input.recalls.iter().map(key).collect();
                        record.recalled_by = input.recalled_by.iter().map(key).collect();
                        record.mentioned_in = urls(&input.mentions);
                        record
                    })
                    .collect();
                to_json(&records)
            }
            _ => {
                let mut slugs: Vec<&String> = self.published_officials.iter().collect();
                slugs.sort();
                let empty = Vec::new();
                let records: Vec<OfficialRecord> = slugs
                    .into_iter()
                    .filter_map(|slug| {
                        let url = self.config.url(&format!("/officials/{slug}/"));
                        let mentioned = urls(self.index.officials.get(slug.as_str()).unwrap_or(&empty));
                        OfficialRecord::new(&self.registry, slug, url, mentioned)
                    })
                    .collect();
                to_json(&records)
            }
        }
    }

    fn latest_date(&self) -> String {
        self.content.pages.iter().filter_map(|p| p.meta.date).max().map(|d| d.rfc3339()).unwrap_or_default()
    }

    /// Every HTML page's permalink, with its date where it has one.
    fn sitemap(&self) -> Result<Value> {
        let dates: HashMap<String, String> = self
            .content
            .pages
            .iter()
            .filter_map(|p| p.meta.date.map(|d| (index_file(&p.path), d.to_string())))
            .collect();
        let mut entries: Vec<(String, Option<&String>)> = self
            .jobs()?
            .iter()
            .filter(|j| j.output.ends_with("index.html"))
            .map(|j| {
                let path = format!("/{}", j.output.trim_end_matches("index.html"));
                (self.config.permalink(&path), dates.get(&j.output))
            })
            .collect();
        entries.sort();
        Ok(Value::from(
            entries
                .into_iter()
                .map(|(loc, lastmod)| {
                    map([
                        ("loc", Value::from(loc)),
                        ("lastmod", lastmod.map(|d| Value::from(d.as_str())).unwrap_or(Value::none())),
                    ])
                })
                .collect::<Vec<_>>(),
        ))
    }

    /// Dated pages grouped by year, newest first.
    fn timeline(&self) -> Value {
        let mut years: Vec<(i32, Vec<Value>)> = Vec::new();
        for (page, model) in self.listed().map(|i| (&self.content.pages[i], &self.pages[i])) {
            let Some(date) = page.meta.date else { continue };
            match years.last_mut() {
                Some((year, list)) if *year == date.year() => list.push(model.card.clone()),
                _ => years.push((date.year(), vec![model.card.clone()])),
            }
        }
        Value::from(
            years
                .into_iter()
                .map(|(year, pages)| map([("year", Value::from(year)), ("pages", Value::from(pages))]))
                .collect::<Vec<_>>(),
        )
    }

    /// Renders every job in parallel (but pages a one-shot build rendered while linking), handing
    /// each file to `sink`; reports every error. Returns the number of output files.
    pub fn render_all(&mut self, sink: &Sink) -> Result<usize> {
        let jobs = self.jobs()?;
        let keep = self.keep_for_rebuilds;
        let results: Vec<std::result::Result<Option<(String, u64)>, Error>> = jobs
            .par_iter()
            .filter(|job| !matches!(job.kind, JobKind::Page(i) if self.rendered_while_linking(i)))
            .map(|job| {
                let bytes = self.render_job(job)?;
                sink(&job.output, &bytes)?;
                if !keep {
                    return Ok(None);
                }
                // A static file's fingerprint is its bytes: no need to read it a second time.
                let fp = match &job.kind {
                    JobKind::Static(_) => fingerprint(&bytes),
                    _ => self.job_fingerprint(job),
                };
                Ok(Some((job.output.clone(), fp)))
            })
            .collect();
        let mut errors = std::mem::take(&mut self.early_errors);
        let mut rendered = HashMap::new();
        for r in results {
            match r {
                Ok(Some((path, fp))) => {
                    rendered.insert(path, fp);
                }
                Ok(None) => {}
                Err(e) => errors.push(e),
            }
        }
        Error::from_list(errors)?;
        self.rendered = rendered;
        tracing::debug!("render: {} files, {}", jobs.len(), resident_memory());
        Ok(jobs.len())
    }

    /// Renders only the jobs whose inputs changed since the last successful render. Returns each
    /// changed output (`None`: the file is gone). Nothing is recorded unless every job succeeded.
    pub fn render_changed(&mut self) -> Result<Vec<(String, Option<Vec<u8>>)>> {
        let started = std::time::Instant::now();
        let jobs = self.jobs()?;
        let stale: Vec<(&Job, u64)> = jobs
            .par_iter()
            .map(|job| (job, self.job_fingerprint(job)))
            .filter(|(job, fp)| self.rendered.get(&job.output) != Some(fp))
            .collect();
        tracing::debug!(
            "render: {} jobs fingerprinted, {} stale, in {:.1?}",
            jobs.len(),
            stale.len(),
            started.elapsed()
        );
        let results: Vec<Result<(String, u64, Vec<u8>)>> =
            stale.par_iter().map(|(job, fp)| Ok((job.output.clone(), *fp, self.render_job(job)?))).collect();
        let mut changes = Vec::new();
        let mut errors = Vec::new();
        let mut fps = Vec::new();
        for r in results {
            match r {
                Ok((path, fp, bytes)) => {
                    fps.push((path.clone(), fp));
                    changes.push((path, Some(bytes)));
                }
                Err(e) => errors.push(e),
            }
        }
        Error::from_list(errors)?;
        let current: HashSet<&str> = jobs.iter().map(|j| j.output.as_str()).collect();
        let gone: Vec<String> = self.rendered.keys().filter(|k| !current.contains(k.as_str())).cloned().collect();
        for path in gone {
            self.rendered.remove(&path);
            changes.push((path, None));
        }
        self.rendered.extend(fps);
        Ok(changes)
    }

    /// What `check` reports beyond build errors: links to pages that do not exist, entities a
    /// page names that the site does not know, titled people the registry lacks.
    pub fn problems(&self) -> Result<Vec<Error>> {
        let outputs: HashSet<String> = self.jobs()?.into_iter().map(|j| j.output).collect();
        let mut problems = Vec::new();
        for page in &self.content.pages {
            let linked = &self.linked[page.path.as_str()];
            for target in &linked.rendered.internal_links {
                let path = target.split(['#', '?']).next().unwrap_or_default();
                let rel = path.trim_start_matches('/');
                let exists = outputs.contains(rel)
                    || outputs.contains(&index_file(path))
                    || outputs.contains(&format!("{}/index.html", rel.trim_end_matches('/')));
                if !exists {
                    problems.push(
                        Diagnostic::new(&page.file, format!("link to {target} goes nowhere: no page has that URL"))
                            .into(),
                    );
                }
            }
            for slug in &page.meta.officials {
                if self.registry.get(slug.trim()).is_none() {
                    problems.push(
                        Diagnostic::new(&page.file, format!("front-matter: unknown official `{slug}`: expected the name of a file in content/officials/"))
                            .into(),
                    );
                }
            }
            for key in &page.meta.resolutions {
                match parse_resolution_key(key) {
                    None => problems.push(
                        Diagnostic::new(&page.file, format!("front-matter: `{key}` is not a resolution: expected a number and year like \"2553 (2020)\""))
                            .into(),
                    ),
                    Some((n, y)) => {
                        if let Some(r) = self.catalogue.get(n) {
                            if r.year != y {
                                problems.push(
                                    Diagnostic::new(&page.file, format!("front-matter: resolution {n} was adopted in {}, not {y}", r.year)).into(),
                                );
                            }
                        }
                    }
                }
            }
        }
        for (page, title, name) in &self.index.unknown_officials {
            let file = &self.content.pages[*page].file;
            problems.push(
                Diagnostic::new(
                    file,
                    format!("unknown official “{title} {name}”: add content/officials/{}.md (`handbook import` writes a draft)", content::slugify(name)),
                )
                .into(),
            );
        }
        Ok(problems)
    }
}

impl Engine {
    /// What `check` and `build` point out without failing: citations that cannot be on their
    /// page's date, and catalogue rows that disagree with themselves.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings = self.catalogue.warnings.clone();
        for (page, entity) in &self.index.anachronisms {
            let page = &self.content.pages[*page];
            let date = page.meta.date.map(|d| d.long()).unwrap_or_default();
            let what = match entity {
                entities::Entity::Resolution { number, year } => {
                    let adopted = self.catalogue.get(*number).and_then(|r| r.adopted);
                    let when = adopted.map_or_else(|| year.to_string(), |d| d.long());
                    format!("resolution {number} ({year}) was adopted on {when}, after this page's date ({date})")
                }
                other => format!("{other} is not known on this page's date ({date})"),
            };
            warnings.push(format!(
                "{}: {what}: not linked; if the text does cite it, fix `date`, else add \"{}\" to `not_mentions`",
                page.file.display(),
                entity.key()
            ));
        }
        warnings
    }
}

/// The process's resident memory, for debug logs (`HANDBOOK_LOG=debug`): where a build's memory
/// goes, phase by phase. Linux only; elsewhere it says so.
fn resident_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).map(|l| l["VmRSS:".len()..].trim().to_string()))
        .unwrap_or_else(|| "resident memory unknown".into())
}

fn load_config(root: &Path, options: &BuildOptions) -> Result<Config> {
    let mut config = Config::load(root)?;
    if let Some(url) = &options.base_url {
        config.set_base_url(url);
    }
    Ok(config)
}

/// The catalogue and a fingerprint of its text, from one read.
fn load_catalogue(root: &Path) -> Result<(Catalogue, u64)> {
    let (text, origin) = entities::site_catalogue_source(root)?;
    Ok((Catalogue::parse(&text, origin)?, fingerprint(&text)))
}

fn index_file(site_path: &str) -> String {
    let trimmed = site_path.trim_matches('/');
    if trimmed.is_empty() { "index.html".into() } else { format!("{trimmed}/index.html") }
}

/// Theme static files, then the site's `static/` over them: output path → source file.
pub fn static_files(root: &Path, config: &Config) -> Result<BTreeMap<String, PathBuf>> {
    let mut files = BTreeMap::new();
    for dir in [config.theme_dir(root).join("static"), root.join("static")] {
        if !dir.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::Msg(format!("{}: cannot read: {e}", dir.display())))?;
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
                let key = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                files.insert(key, entry.path().to_path_buf());
            }
        }
    }
    Ok(files)
}

fn site_value(config: &Config) -> Value {
    #[derive(serde::Serialize)]
    struct SiteValue<'a> {
        title: &'a str,
        description: &'a str,
        base_url: &'a str,
        base_path: String,
        language: &'a str,
        author: Option<&'a str>,
        extra: &'a serde_yaml::Mapping,
        generator: &'static str,
    }
    Value::from_serializable(&SiteValue {
        title: &config.title,
        description: &config.description,
        base_url: &config.base_url,
        base_path: config.base_path(),
        language: &config.language,
        author: config.author.as_deref(),
        extra: &config.extra,
        generator: concat!("handbook ", env!("CARGO_PKG_VERSION")),
    })
}
