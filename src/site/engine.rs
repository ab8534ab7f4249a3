//! The engine: the site's sources, the site model derived from them, and the caches that let a
//! rebuild redo only what changed. It runs in one of two [`Mode`]s: `serve` keeps an incremental
//! engine and calls `refresh` then `render_changed` on every change; `build` and `check` make a
//! one-shot engine that renders each page as soon as it is linked. Both run the same code, so an
//! incremental rebuild cannot drift from a clean one (and a property test checks it).
//!
//! The engine's work is split by stage, each an `impl Engine` of its own file: `sources` (reading
//! and reloading), `link` (Markdown and mentions), `model` (cards, page values, resolution pages,
//! sections), `routes` (the output files and their templates), `render` (rendering and diffing),
//! `fingerprint` (what each output depends on), `check` (what `check` reports), `data` (the open
//! data export).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::Value;

use super::BuildOptions;
use super::fingerprint::fingerprint;
use super::link::Linked;
use super::missions::MissionInputs;
use super::model::{Model, PageModel, ResolutionInputs, site_value};
use super::sources::{FileEntry, Pending, load_config, load_data};
use super::values::map;
use crate::config::Config;
use crate::content::{self, CONTENT_DIR, Content, Page, Section};
use crate::entities::{Entity, Missions, Recognizer, ReferenceData, Registry, ResolutionId};
use crate::error::{Error, Result};
use crate::links::{self, EntityIndex};
use crate::render::Templates;
use crate::routes;

/// Sections every handbook has, whether or not they hold pages yet.
const STANDARD_SECTIONS: &[(&str, &str)] = &[("documents", "Documents"), ("officials", "Officials")];
pub(super) const OFFICIALS: &str = "officials";
pub(super) const RESOLUTIONS: &str = "resolutions";
pub(super) const MISSIONS: &str = "missions";
pub(super) const AGENDA: &str = "agenda";

/// Where a one-shot build hands each rendered file: output path (`documents/x/index.html`), bytes.
pub type Sink<'a> = dyn Fn(&str, &[u8]) -> Result<()> + Sync + 'a;

/// How an engine runs.
pub enum Mode<'s> {
    /// `serve`: every source and page HTML is kept, to re-render only what an edit changed.
    Incremental,
    /// `build`, `check`: each page renders into the sink as soon as it is linked (unless other
    /// pages show its HTML), then sheds its text and HTML; memory grows with what lists and
    /// entity pages show, not with the text of the handbook.
    OneShot(&'s Sink<'s>),
}

impl Mode<'_> {
    pub(super) fn is_one_shot(&self) -> bool {
        matches!(self, Mode::OneShot(_))
    }
}

pub struct Engine<'s> {
    pub(super) mode: Mode<'s>,
    pub(super) root: PathBuf,
    pub(super) options: BuildOptions,
    pub(super) config: Config,
    pub(super) templates: Templates,
    pub(super) template_fps: HashMap<String, u64>,
    pub(super) global_fp: u64,
    /// The reference data: the catalogue, votes, members, agenda items, peace operations.
    pub(super) data: ReferenceData,
    /// Covers every file of reference data.
    pub(super) data_fp: u64,
    /// The list's rows with what the editors' pages add: rebuilt with the recognizer.
    pub(super) missions: Missions,
    /// Every mission's page: its fingerprint and what it is made of.
    pub(super) mission_models: BTreeMap<String, (u64, MissionInputs)>,
    pub(super) mission_list: Model,
    /// Keyed by `recognizer_inputs`: see `update_mission_facts`.
    pub(super) mission_facts: (u64, BTreeMap<String, super::missions::MissionFacts>),
    /// The missions each resolution concerns (its text names them, it set them up, or its agenda
    /// item and date tie it to them).
    pub(super) mission_ties: BTreeMap<ResolutionId, Vec<String>>,
    pub(super) files: BTreeMap<PathBuf, FileEntry>,
    pub(super) pending: Pending,

    // The site model, derived from the sources by `derive`.
    pub(super) content: Content,
    pub(super) registry: Registry,
    pub(super) recognizer: Option<Recognizer>,
    pub(super) recognizer_inputs: u64,
    pub(super) link_fp: u64,
    pub(super) published_officials: HashSet<String>,
    /// By page URL path (hashing a `Path` walks its components; a string is much cheaper).
    pub(super) linked: ahash::AHashMap<String, Arc<Linked>>,
    pub(super) pages: Vec<PageModel>,
    pub(super) page_cache: ahash::AHashMap<String, PageModel>,
    pub(super) index: EntityIndex,
    /// Every resolution with a page: its fingerprint and what its page is made of.
    pub(super) resolutions: BTreeMap<ResolutionId, (u64, ResolutionInputs)>,
    pub(super) resolution_list: Model,
    /// Each agenda item's resolutions, by slug, for the reference data of `data_fp` (the first).
    pub(super) agenda_resolutions: (u64, BTreeMap<String, Vec<ResolutionId>>),
    /// Every agenda item's page: its fingerprint and what it is made of.
    pub(super) agenda_models: BTreeMap<String, (u64, super::agenda::AgendaInputs)>,
    pub(super) agenda_list: Model,
    pub(super) sections: BTreeMap<String, Model>,

    /// Output path → fingerprint of its last successful render (for `render_changed`).
    pub(super) rendered: HashMap<String, u64>,
    /// Fingerprint of the page order the index was built for.
    pub(super) order_fp: u64,
    /// Page indices by slug, for `related:` (rebuilt when the page order changes).
    pub(super) by_slug: ahash::AHashMap<String, Vec<usize>>,
    /// Each page's (previous, next) in its section's list.
    pub(super) neighbours: Vec<(Option<usize>, Option<usize>)>,
    /// The cross-links' previews, a file a shard: (fingerprint, bytes).
    pub(super) previews: Vec<(u64, Vec<u8>)>,
    /// What the previews were last made from (`update_previews`).
    pub(super) previews_inputs_fp: u64,
    pub(super) list_fps: super::fingerprint::ListFingerprints,
    /// How long the stages of the last load took (`link`: the last `derive`).
    pub timings: super::Timings,
    /// One-shot builds: errors of the pages rendered while linking, reported with the rest.
    pub(super) early_errors: Vec<Error>,
    /// Every searchable page's words, added as each page renders.
    pub(super) search: crate::search::Index,
    /// Covers every searchable job's fingerprint: when it changes, `serve` writes the index again.
    pub(super) search_fp: u64,
    /// `serve`: the pages changed since the index was last written (see `search_changes`).
    pub(super) search_wanted: Option<u64>,
}

impl Engine<'static> {
    /// Reads every source and derives the site model, keeping what `refresh` needs.
    pub fn load(root: &Path, options: &BuildOptions) -> Result<Engine<'static>> {
        Engine::open(root, options, Mode::Incremental, &[])
    }
}

impl<'s> Engine<'s> {
    /// A one-shot build (`build`, `check`): renders every output into `sink` and returns the
    /// engine (for `problems`) and the number of files. `extra` are page files (path under the
    /// site root, text) to build as if they were on disk: what `check` imports without writing.
    pub fn render_once(
        root: &Path,
        options: &BuildOptions,
        sink: &'s Sink<'s>,
        extra: &[(PathBuf, String)],
    ) -> Result<(Engine<'s>, usize)> {
        let mut engine = Engine::open(root, options, Mode::OneShot(sink), extra)?;
        let started = std::time::Instant::now();
        let files = engine.render_all(sink)?;
        engine.timings.render = started.elapsed();
        Ok((engine, files))
    }

    /// Reads every source and derives the site model.
    fn open(root: &Path, options: &BuildOptions, mode: Mode<'s>, extra: &[(PathBuf, String)]) -> Result<Engine<'s>> {
        let started = std::time::Instant::now();
        let mut engine = Engine::new(root, options, mode)?;
        engine.read_content(Path::new(CONTENT_DIR))?;
        for (rel, text) in extra {
            engine.files.insert(rel.clone(), FileEntry { parsed: content::parse_file(rel, text) });
        }
        tracing::debug!("load: sources read, {}", resident_memory());
        engine.derive()?;
        engine.timings.load = started.elapsed().saturating_sub(engine.timings.link);
        Ok(engine)
    }

    fn new(root: &Path, options: &BuildOptions, mode: Mode<'s>) -> Result<Engine<'s>> {
        let config = load_config(root, options)?;
        let (data, data_fp) = load_data(root)?;
        let templates = Templates::load(root, &config)?;
        Ok(Engine {
            mode,
            root: root.to_path_buf(),
            options: options.clone(),
            data_fp,
            template_fps: templates.fingerprints(),
            config,
            templates,
            global_fp: 0,
            data,
            missions: Missions::default(),
            mission_models: BTreeMap::new(),
            mission_list: Model { fp: 0, value: Value::none() },
            mission_facts: (0, BTreeMap::new()),
            mission_ties: BTreeMap::new(),
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
            agenda_resolutions: (0, BTreeMap::new()),
            agenda_models: BTreeMap::new(),
            agenda_list: Model { fp: 0, value: Value::none() },
            sections: BTreeMap::new(),
            rendered: HashMap::new(),
            timings: super::Timings::default(),
            order_fp: 0,
            by_slug: ahash::AHashMap::new(),
            neighbours: Vec::new(),
            previews: Vec::new(),
            previews_inputs_fp: 0,
            list_fps: Default::default(),
            early_errors: Vec::new(),
            search: crate::search::Index::new(),
            search_fp: 0,
            search_wanted: None,
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn page_count(&self) -> usize {
        self.content.pages.len()
    }

    /// Derives the site model from the sources, reusing every cached piece whose inputs are
    /// unchanged. In a one-shot build, pages render into its sink as soon as they are linked.
    pub(super) fn derive(&mut self) -> Result<()> {
        let errors: Vec<Error> =
            self.files.values().filter_map(|f| f.parsed.as_ref().err()).map(|d| Error::Diagnostic(d.clone())).collect();
        Error::from_list(errors)?;
        let parsed = self.files.values().filter_map(|f| f.parsed.clone().ok()).map(Ok);
        let mut content = content::assemble(parsed, self.options.drafts)?;
        for (name, title) in STANDARD_SECTIONS {
            content.sections.entry(name.to_string()).or_insert_with(|| Section {
                name: name.to_string(),
                path: routes::section(name),
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
        if self.mode.is_one_shot() {
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
        self.update_neighbours();
        mark("sections");
        let relinked = self.link_pages();
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
        if self.mode.is_one_shot() {
            // Pages already rendered need nothing more of their HTML summary and contents: their
            // cards are made.
            for (i, page) in self.content.pages.iter().enumerate() {
                if self.rendered_while_linking(i)
                    && let Some(linked) = self.linked.get_mut(page.path.as_str()).and_then(Arc::get_mut)
                {
                    linked.rendered.summary_html = String::new();
                    linked.rendered.summary_text = String::new();
                    linked.rendered.toc = Vec::new();
                }
            }
        }
        mark("page models");
        self.update_missions();
        mark("missions");
        self.update_resolutions();
        mark("resolutions");
        self.update_agenda();
        mark("agenda");
        self.update_previews();
        self.update_list_fingerprints();
        mark("previews and lists");
        self.timings.link = started.elapsed();
        Ok(())
    }
}

/// Covers a page's record in `data/documents.json`.
pub(super) fn open_data_fingerprint(page: &Page, mentions: &links::PageMentions) -> u64 {
    let meta = &page.meta;
    let entities: Vec<&Entity> = mentions.entities().collect();
    let facts =
        (&meta.title, meta.date, meta.kind.map(|k| k.as_str()), &meta.language, &meta.source, &meta.url, meta.ocr);
    let identity = (&meta.seed, &meta.symbol, &meta.meeting, &meta.resolution);
    fingerprint((&page.path, &page.file, &page.section, facts, identity, entities))
}

/// The process's resident memory, for debug logs (`HANDBOOK_LOG=debug`): where a build's memory
/// goes, phase by phase. Linux only; elsewhere it says so.
pub(super) fn resident_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).map(|l| l["VmRSS:".len()..].trim().to_string()))
        .unwrap_or_else(|| "resident memory unknown".into())
}
