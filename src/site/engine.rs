//! The orchestrator: runs the stages in order, each a function or small type whose signature
//! says what it reads and what it makes, and holds what they made and the caches that let a
//! rebuild redo only what changed.
//!
//! sources → content → linking (link results) → the pages' model (sections, order, cards, the
//! entity index) → entity pages (missions, resolutions, agenda items) → previews → outputs.
//!
//! It runs in one of two [`Mode`]s: `serve` keeps an incremental engine and calls `refresh` then
//! `render_edited_first` and `render_changed_pages` on every change (`render_changed` once edits
//! pause); `build` and `check` make a one-shot engine that renders each
//! page as soon as it is linked. Both run the same code, so an incremental rebuild cannot drift
//! from a clean one (and a property test checks it).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use tera::Value;

use super::agenda;
use super::fingerprint::fingerprint;
use super::link::{self, Linked, LinkedPages, Linking};
use super::missions;
use super::model::{self, LinkedSite, SectionTemplates};
use super::options::{BuildOptions, Timings};
use super::previews;
use super::resolutions;
use super::routes::{Job, JobKind};
use super::sections;
use super::sources::{Reload, Sources};
use super::state::{Caches, PutOff, SiteModel};
use super::values::map;
use super::view::Site;
use crate::config::Config;
use crate::content::{CONTENT_DIR, Content, Page};
use crate::entities::Entity;
use crate::error::{Error, Result};
use crate::links::{self, EntityIndex};

/// What a `serve` render changed: each output path with its new bytes (`None`: the file is gone).
pub type Changes = Vec<(String, Option<Vec<u8>>)>;

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
    fn is_one_shot(&self) -> bool {
        matches!(self, Mode::OneShot(_))
    }
}

pub struct Engine<'s> {
    mode: Mode<'s>,
    sources: Sources,
    content: Content,
    linking: Linking,
    linked: LinkedPages,
    model: SiteModel,
    caches: Caches,
    /// How long the stages of the last load took (`link`: the last `derive`).
    pub timings: Timings,
    /// One-shot builds: errors of the pages rendered while linking, reported with the rest.
    early_errors: Vec<Error>,
}

impl Engine<'static> {
    /// Reads every source and derives the site model, keeping what `refresh` needs.
    pub fn load(root: &Path, options: &BuildOptions) -> Result<Engine<'static>> {
        Engine::open(root, options, Mode::Incremental, &[])
    }

    /// Takes changed paths (absolute or relative to the root) and brings the model up to date,
    /// re-reading only what they touch.
    pub fn refresh(&mut self, changed: &[PathBuf]) -> Result<()> {
        if self.sources.reload(changed)? == Reload::Everything {
            // site.yaml can change anything: start over, keeping what was rendered and the
            // search index (a page whose output is unchanged is not rendered, so not indexed,
            // again).
            let fresh = Engine::load(&self.sources.root, &self.sources.options)?;
            let kept = std::mem::replace(self, fresh);
            self.caches.rendered = kept.caches.rendered;
            self.caches.search = kept.caches.search;
            self.caches.search_fp = kept.caches.search_fp;
            self.caches.search_wanted = kept.caches.search_wanted;
            return Ok(());
        }
        self.derive()
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
        let mut sources = Sources::open(root, options)?;
        sources.read_content(Path::new(CONTENT_DIR), mode.is_one_shot())?;
        for (rel, text) in extra {
            sources.add_file(rel, text);
        }
        tracing::debug!("load: sources read, {}", resident_memory());
        let mut engine = Engine {
            mode,
            sources,
            content: Content::default(),
            linking: Linking::default(),
            linked: LinkedPages::default(),
            model: SiteModel::default(),
            caches: Caches::default(),
            timings: Timings::default(),
            early_errors: Vec::new(),
        };
        engine.derive()?;
        engine.timings.load = started.elapsed().saturating_sub(engine.timings.link);
        Ok(engine)
    }

    pub fn config(&self) -> &Config {
        &self.sources.config
    }

    pub fn page_count(&self) -> usize {
        self.content.pages.len()
    }

    /// What renders from: every stage's output, read-only.
    fn site(&self) -> Site<'_> {
        let (sources, model) = (&self.sources, &self.model);
        Site {
            root: &sources.root,
            options: &sources.options,
            config: &sources.config,
            templates: &sources.templates,
            template_fps: &sources.template_fps,
            data: &sources.data,
            data_fp: sources.data_fp,
            content: &self.content,
            registry: &self.linking.registry,
            missions: &self.linking.missions,
            published_officials: &self.linking.published_officials,
            link_fp: self.linking.link_fp,
            linked: &self.linked,
            global_fp: model.global_fp,
            pages: &model.pages,
            index: &model.index,
            by_slug: &model.by_slug,
            by_section: &model.by_section,
            neighbours: &model.neighbours,
            section_templates: &model.section_templates,
            sections: &model.sections,
            resolutions: &model.resolutions.pages,
            resolution_list: &model.resolutions.list,
            mission_models: &model.missions.pages,
            mission_list: &model.missions.list,
            mission_ties: &model.missions.ties,
            agenda_resolutions: &model.agenda.resolutions.1,
            agenda_models: &model.agenda.pages,
            agenda_list: &model.agenda.list,
            previews: &model.previews,
            list_fps: &model.list_fps,
            search: &self.caches.search,
            one_shot: self.mode.is_one_shot(),
            timeline: std::sync::OnceLock::new(),
            sitemap: std::sync::OnceLock::new(),
        }
    }

    /// Derives the site model from the sources, stage by stage, reusing every cached piece
    /// whose inputs are unchanged. In a one-shot build, pages render into its sink as soon as
    /// they are linked.
    fn derive(&mut self) -> Result<()> {
        self.finish_derive();
        let one_shot = self.mode.is_one_shot();
        let started = std::time::Instant::now();
        let mut phases = Phases::start();
        // `swapped`: the pages an edit changed in place (none moved), if that is what it did.
        // What a derive cut short (an error) left half made is made again in full.
        let whole_before = std::mem::replace(&mut self.caches.derived, false);
        let (content, swapped) = self.sources.content_since(&self.content)?;
        let swapped = swapped.filter(|_| whole_before);
        let previous_content = std::mem::replace(&mut self.content, content);
        // Pages swapped in place keep the order; else it is fingerprinted again.
        if swapped.is_none() {
            self.caches.content_order_fp =
                fingerprint(self.content.pages.iter().map(|p| p.path.as_str()).collect::<Vec<_>>());
        }
        phases.mark("content");
        let link_fp_before = self.linking.link_fp;
        self.linking.update(&self.sources)?;
        if one_shot {
            self.sources.forget_files();
        }
        phases.mark("recognizer");

        // Sections, the menu and the page order do not depend on links: settled first, so that
        // pages can render while the rest are still being linked.
        let (config, content) = (&self.sources.config, &self.content);
        self.model.sections = model::sections(config, content, &self.model.sections);
        let nav = model::nav_items(config, content, self.sources.templates.has("agenda/page.html"));
        // Fingerprint plain data: Tera maps do not iterate in a stable order.
        self.model.global_fp = fingerprint((serde_json::to_string(config).unwrap_or_default(), &nav));
        let site_value = model::site_value(config);
        let nav: Vec<Value> =
            nav.into_iter().map(|(t, u)| map([("title", Value::from(t)), ("url", Value::from(u))])).collect();
        self.sources.templates.set_global("site", site_value);
        self.sources.templates.set_global("nav", Value::from(nav));
        let order_fp = self.caches.content_order_fp;
        // They follow from the pages' paths alone (a page's section is the start of its path): an
        // edit that keeps the page order keeps them.
        if order_fp != self.caches.order_fp || self.model.by_slug.is_empty() {
            self.model.by_slug = model::slug_index(&self.content);
            self.model.by_section = model::section_index(&self.content);
            self.model.neighbours = model::neighbours(&self.content);
        }
        self.model.section_templates = SectionTemplates::new(&self.sources.templates, &self.content);
        phases.mark("sections");

        let relinked = self.link_pages(swapped.as_deref().filter(|_| self.linking.link_fp == link_fp_before));
        phases.mark("markdown and mentions");

        // With the page order unchanged, patch the index for the relinked pages; otherwise (a page
        // added, removed, re-dated or retitled) page indices moved and it is gathered again.
        let pages = &self.content.pages;
        let patchable = order_fp == self.caches.order_fp
            && relinked.len() * 8 < pages.len().max(8)
            && relinked.iter().all(|(_, old)| old.is_some());
        if patchable {
            for (i, old) in &relinked {
                let new = &self.linked[pages[*i].path.as_str()];
                let none = links::PageMentions::default();
                let old_mentions = old.as_ref().map_or(&none, |l| &l.mentions);
                self.model.index.replace_page(*i, old_mentions, &new.mentions);
            }
        } else {
            self.model.index = EntityIndex::gather(pages.iter().map(|p| &self.linked[p.path.as_str()].mentions));
        }
        self.caches.order_fp = order_fp;
        phases.mark("entity index");

        // An edit of the text of pages that render alone, keeping their place and what lists show
        // of them (their cards), changes no other page's model but the pages of the officials
        // they mention or mentioned (who list them): those models are patched, not all made
        // again. If their mentions are the same too, nothing the later stages read changed, and
        // every other model stands.
        let in_place = !one_shot
            && swapped.is_some()
            && patchable
            && self.linking.link_fp == link_fp_before
            && relinked.iter().all(|(i, old)| {
                let page = &self.content.pages[*i];
                old.is_some()
                    && sections::renders_alone(page)
                    && previous_content.pages.get(*i).is_some_and(|before| same_facts(before, page))
            });
        let mentions_kept = relinked.iter().all(|(i, old)| {
            let new = &self.linked[self.content.pages[*i].path.as_str()];
            old.as_ref().is_some_and(|old| old.mentions == new.mentions)
        });
        let mut to_patch: Vec<usize> = relinked.iter().map(|(i, _)| *i).collect();
        if in_place && !mentions_kept {
            let pages = &self.content.pages;
            for entity in touched_entities(&self.linked, pages, &relinked) {
                if let Entity::Official(slug) = entity {
                    let on_page = self.model.by_slug.get(slug).into_iter().flatten();
                    to_patch.extend(on_page.filter(|&&p| pages[p].section == sections::OFFICIALS));
                }
            }
            to_patch.sort_unstable();
            to_patch.dedup();
        }
        let patched = in_place
            && model::patch_page_models(
                &self.sources.config,
                &self.content,
                &self.linked,
                &self.model.index,
                &self.model.by_slug,
                &mut self.model.pages,
                &to_patch,
                &mut self.caches.page_cache,
            );
        // Only these can be mentioned by more or fewer pages than before.
        let touched = || touched_entities(&self.linked, &self.content.pages, &relinked).cloned().collect::<Vec<_>>();
        if patched && to_patch.is_empty() {
            // No page changed (a stylesheet, a template): every model stands.
            phases.mark("page models, none changed");
        } else if patched {
            // No other page's model changed, nor what any other page shows of these (their
            // place and cards are kept): they can be served before the rest. With the same
            // mentions, the entity pages, previews and lists stand.
            let recounted = (!mentions_kept).then(touched);
            phases.mark(if mentions_kept {
                "page models, patched; the rest stands"
            } else {
                "page models, patched; the rest put off"
            });
            self.caches.put_off = Some(PutOff { pages: to_patch, recounted });
        } else {
            let recounted = patchable.then(touched);
            let previous = if patchable { std::mem::take(&mut self.model.pages) } else { Vec::new() };
            let cache = (!one_shot).then_some(&mut self.caches.page_cache);
            self.model.pages = model::page_models(
                &self.sources.config,
                &self.content,
                &self.linked,
                &self.model.index,
                &self.model.by_slug,
                previous,
                cache,
            );
            if one_shot {
                self.shed_rendered_summaries();
            }
            phases.mark("page models");
            self.derive_entities(recounted.as_deref());
        }
        self.timings.link = started.elapsed();
        self.caches.derived = true;
        Ok(())
    }

    /// The stages after the page models: the entity pages, the previews (`recounted`: the only
    /// entities whose counts can have changed, when the entity index was patched), the lists.
    fn derive_entities(&mut self, recounted: Option<&[Entity]>) {
        let one_shot = self.mode.is_one_shot();
        let mut phases = Phases::start();
        let (linking, data) = (&self.linking, &self.sources.data);
        if self.caches.mission_facts.0 != linking.recognizer_inputs || self.caches.mission_facts.1.is_empty() {
            self.caches.mission_facts = (linking.recognizer_inputs, missions::mission_facts(linking, data));
        }
        let site = LinkedSite {
            config: &self.sources.config,
            data,
            data_fp: self.sources.data_fp,
            linking,
            content: &self.content,
            linked: &self.linked,
            pages: &self.model.pages,
            index: &self.model.index,
        };
        let missions =
            missions::derive(&site, &self.caches.mission_facts.1, std::mem::take(&mut self.model.missions.list));
        phases.mark("missions");
        let resolutions = resolutions::derive(&site, &missions.ties, std::mem::take(&mut self.model.resolutions));
        phases.mark("resolutions");
        let agenda = agenda::derive(&site, &missions.ties, &resolutions, std::mem::take(&mut self.model.agenda));
        phases.mark("agenda");
        let previews = previews::update(
            std::mem::take(&mut self.model.previews),
            &site,
            &resolutions,
            &missions,
            recounted,
            !one_shot,
        );
        (self.model.missions, self.model.resolutions, self.model.agenda) = (missions, resolutions, agenda);
        self.model.previews = previews;
        if !one_shot {
            self.model.list_fps = self.site().list_fingerprints();
        }
        phases.mark("previews and lists");
    }

    /// `serve`: derives what the last derive put off, if anything.
    fn finish_derive(&mut self) {
        if let Some(PutOff { recounted: Some(recounted), .. }) = self.caches.put_off.take() {
            self.derive_entities(Some(&recounted));
        }
    }

    /// Renders the Markdown of every page whose text or linking inputs changed (`swapped`: only
    /// these pages can have, when an edit changed pages in place and not the linking inputs);
    /// returns those pages (by index) with what they were linked to before, if anything. In a one-shot build,
    /// linked pages that no other page shows in full are rendered into its sink batch by batch,
    /// then shed their text and HTML.
    fn link_pages(&mut self, swapped: Option<&[usize]>) -> Vec<(usize, Option<Arc<Linked>>)> {
        let early = match &self.mode {
            Mode::OneShot(sink) => Some(*sink),
            Mode::Incremental => None,
        };
        let stale = self.linking.stale_pages(&self.content, &self.linked, swapped);
        self.early_errors.clear();
        let batch = if early.is_some() { link::early_render_batch(stale.len()) } else { stale.len().max(1) };
        let mut relinked = Vec::with_capacity(stale.len());
        for batch in stale.chunks(batch) {
            let fresh = self.linking.link_batch(&self.sources, &self.content, batch);
            for (i, path, linked, error) in fresh {
                relinked.push((i, self.linked.insert(path, linked)));
                self.early_errors.extend(error);
            }
            if let Some(sink) = early {
                self.render_early(batch.iter().map(|(i, _)| *i), sink);
            }
        }
        link::retain_present(&mut self.linked, &self.content);
        relinked
    }

    /// One-shot builds: renders the pages of a linked batch that can render alone, hands them to
    /// `sink`, and drops their text and HTML (nothing else reads them).
    fn render_early(&mut self, batch: impl Iterator<Item = usize>, sink: &Sink) {
        let ready: Vec<usize> = batch.filter(|&i| sections::renders_alone(&self.content.pages[i])).collect();
        let site = self.site();
        let errors: Vec<Error> = ready
            .par_iter()
            .filter_map(|&i| {
                let job = site.page_job(i);
                site.index_for_search(&job);
                site.render_job(&job).and_then(|bytes| sink(&job.output, &bytes)).err()
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

    /// One-shot builds: pages already rendered need nothing more of their HTML summary and
    /// contents once their cards are made.
    fn shed_rendered_summaries(&mut self) {
        for page in &self.content.pages {
            if sections::renders_alone(page)
                && let Some(linked) = self.linked.get_mut(page.path.as_str()).and_then(Arc::get_mut)
            {
                linked.rendered.summary_html = String::new();
                linked.rendered.summary_text = String::new();
                linked.rendered.toc = Vec::new();
            }
        }
    }

    /// Renders every job in parallel (but pages a one-shot build rendered while linking), handing
    /// each file to `sink`; reports every error. Returns the number of output files.
    pub fn render_all(&mut self, sink: &Sink) -> Result<usize> {
        let jobs = self.site().jobs()?;
        let keep = !self.mode.is_one_shot();
        // The open data files are the largest outputs: written one at a time, after the rest,
        // so that they never add to the pages rendering in parallel.
        let (data, rest): (Vec<&Job>, Vec<&Job>) = {
            let site = self.site();
            let pending =
                jobs.iter().filter(|job| !matches!(job.kind, JobKind::Page(i) if site.rendered_while_linking(i)));
            pending.partition(|job| matches!(job.kind, JobKind::Data(_)))
        };
        let started = std::time::Instant::now();
        let mut results: Vec<Result<Option<(String, u64)>>> = {
            let site = self.site();
            rest.par_iter().map(|job| render_job(&site, job, sink, keep)).collect()
        };
        tracing::debug!(
            "render: the {} files left but open data and search in {:.1?}",
            results.len(),
            started.elapsed()
        );
        // What is written last reads the models' inputs, not the values templates were given.
        if !keep {
            self.model.shed_template_values();
        }
        let site = self.site();
        let data_started = std::time::Instant::now();
        results.extend(data.iter().map(|job| render_job(&site, job, sink, keep)));
        tracing::debug!("open data written in {:.1?}", data_started.elapsed());
        // Every searchable page has rendered, so has been indexed. Written after the open data,
        // not beside it: the two together would raise the build's peak memory by a tenth.
        let search_started = std::time::Instant::now();
        let done = site.search.write(!keep, |path, bytes| {
            sink(&path, &bytes)?;
            results.push(Ok(keep.then(|| (path, fingerprint(&bytes)))));
            Ok(())
        });
        results.push(done.map(|()| None));
        tracing::debug!("search index written in {:.1?}", search_started.elapsed());
        let search_fp = keep.then(|| searchable_fp(jobs.iter().map(|job| (job, site.job_fingerprint(job)))));
        if let Some(search_fp) = search_fp {
            self.caches.search_fp = search_fp;
        }
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
        self.caches.rendered = rendered;
        tracing::debug!("render: {} files, {}", jobs.len(), resident_memory());
        Ok(jobs.len())
    }

    /// Renders only the jobs whose inputs changed since the last successful render. Returns each
    /// changed output (`None`: the file is gone). Nothing is recorded unless every job succeeded.
    pub fn render_changed(&mut self) -> Result<Changes> {
        self.render_stale(true)
    }

    /// `serve`: `render_changed`, but for the files no page shows or loads as it is read (the
    /// open data, the feed, the sitemap, robots.txt), which stay stale until the next
    /// `render_changed` (once edits pause, when every other file is fresh). At 10,000 documents
    /// the open data takes 100-150 ms to write again after an edit that adds a mention; the
    /// edited page need not wait for it.
    pub fn render_changed_pages(&mut self) -> Result<Changes> {
        self.render_stale(false)
    }

    /// `serve`: after an edit in place (pages keeping their place and cards; see `PutOff`),
    /// renders those pages' changed files alone, which nothing else the edit changed can change,
    /// and leaves the rest to `render_changed_pages`: the other jobs' fingerprints, and the
    /// stages after the page models if the edit changed what its pages mention. After any other
    /// change, `render_changed_pages`.
    pub fn render_edited_first(&mut self) -> Result<Changes> {
        let Some(put_off) = &self.caches.put_off else { return self.render_stale(false) };
        let site = self.site();
        let jobs: Vec<Job> = put_off.pages.iter().map(|&i| site.page_job(i)).collect();
        let stale: Vec<(&Job, u64)> = jobs
            .iter()
            .map(|job| (job, site.job_fingerprint(job)))
            .filter(|(job, fp)| self.caches.rendered.get(&job.output) != Some(fp))
            .collect();
        let (changes, fps) = render_jobs(&site, &stale)?;
        self.caches.rendered.extend(fps);
        Ok(changes)
    }

    /// `serve`: whether `render_edited_first` left files to `render_changed_pages`; until it
    /// runs, any file but the edited pages' can be stale.
    pub fn rest_put_off(&self) -> bool {
        self.caches.put_off.is_some()
    }

    /// `serve`: the files `render_changed_pages` left stale: a request for one waits for them.
    pub fn stale_for_later(&self) -> &[String] {
        &self.caches.later
    }

    fn render_stale(&mut self, all: bool) -> Result<Changes> {
        self.finish_derive();
        let started = std::time::Instant::now();
        if self.caches.page_jobs.0 != self.caches.order_fp || self.caches.page_jobs.1.is_empty() {
            self.caches.page_jobs = (self.caches.order_fp, self.site().page_jobs());
        }
        let site = self.site();
        let other_jobs = site.other_jobs()?;
        let jobs: Vec<&Job> = self.caches.page_jobs.1.iter().chain(&other_jobs).collect();
        let listed = started.elapsed();
        let fps: Vec<(&Job, u64)> = jobs.par_iter().map(|&job| (job, site.job_fingerprint(job))).collect();
        let search_fp = searchable_fp(fps.iter().map(|&(job, fp)| (job, fp)));
        let (stale, later): (Vec<_>, Vec<_>) = fps
            .into_iter()
            .filter(|(job, fp)| self.caches.rendered.get(&job.output) != Some(fp))
            .partition(|(job, _)| all || !job.kind.can_wait());
        tracing::debug!(
            "render: {} jobs listed in {listed:.1?}, fingerprinted, {} stale ({} left for later), in {:.1?}",
            jobs.len(),
            stale.len() + later.len(),
            later.len(),
            started.elapsed()
        );
        let later: Vec<String> = later.into_iter().map(|(job, _)| job.output.clone()).collect();
        let (mut changes, fps) = render_jobs(&site, &stale)?;
        let current: HashSet<&str> = jobs.iter().map(|j| j.output.as_str()).collect();
        // The search index's files are `search_changes`' to replace.
        let gone: Vec<String> = self
            .caches
            .rendered
            .keys()
            .filter(|k| !current.contains(k.as_str()) && !crate::search::is_index_file(k))
            .cloned()
            .collect();
        // Against the index's inputs as last seen, written or not: when an index put off is still
        // to be written, an edit that undoes the one before must still forget what that one added.
        if search_fp != self.caches.search_wanted.unwrap_or(self.caches.search_fp) {
            // A page leaves the index only with its output (gathering every URL to find out
            // took a tenth of an edit's rebuild at 10,000 documents).
            if !gone.is_empty() {
                site.forget_gone_from_search(jobs.iter().copied());
            }
            self.caches.search_wanted = Some(search_fp);
        }
        for path in gone {
            self.caches.rendered.remove(&path);
            changes.push((path, None));
        }
        self.caches.rendered.extend(fps);
        self.caches.later = later;
        Ok(changes)
    }

    /// `serve`: whether pages the search index is made of changed since `search_changes`.
    pub fn search_stale(&self) -> bool {
        self.caches.search_wanted.is_some()
    }

    /// `serve`: the search index's files that changed since the last call (`None`: the file is
    /// gone). Kept apart from `render_changed`, so an edited page is served before the index
    /// (which reads every page) is written again.
    pub fn search_changes(&mut self) -> Changes {
        self.search_changes_unless(&|| false).unwrap_or_default()
    }

    /// `search_changes`, or `None` if `interrupted` said to stop before the index was made (it
    /// stays stale, to be made after the next rebuild).
    pub fn search_changes_unless(&mut self, interrupted: &dyn Fn() -> bool) -> Option<Changes> {
        let Some(wanted) = self.caches.search_wanted else { return Some(Vec::new()) };
        let files = self.caches.search.files_unless(interrupted)?;
        self.caches.search_wanted = None;
        let mut changes = Vec::new();
        let mut present = HashSet::new();
        for (path, bytes) in files {
            let fp = fingerprint(&bytes);
            if self.caches.rendered.get(&path) != Some(&fp) {
                self.caches.rendered.insert(path.clone(), fp);
                changes.push((path.clone(), Some(bytes)));
            }
            present.insert(path);
        }
        let gone: Vec<String> = self
            .caches
            .rendered
            .keys()
            .filter(|k| crate::search::is_index_file(k) && !present.contains(k.as_str()))
            .cloned()
            .collect();
        for path in gone {
            self.caches.rendered.remove(&path);
            changes.push((path, None));
        }
        self.caches.search_fp = wanted;
        Some(changes)
    }

    /// One-shot builds, once done: lets go of the sink at once, and frees the model on a thread
    /// of its own (at 10,000 documents that took 110-160 ms, the last thing a build waited
    /// for), so the caller can publish the output meanwhile. A process that exits first leaves
    /// the freeing to the system.
    pub fn free_in_background(self) {
        let Engine { sources, content, linking, linked, model, caches, .. } = self;
        let held = (sources, content, linking, linked, model, caches);
        // Should no thread start, `held` is dropped here, as it would have been.
        let _ = std::thread::Builder::new().name("free".into()).spawn(move || drop(held));
    }

    /// What `check` reports beyond build errors (see `check`).
    pub fn problems(&self) -> Result<Vec<Error>> {
        self.site().problems()
    }

    /// What `check` and `build` point out without failing (see `check`).
    pub fn warnings(&self) -> Vec<String> {
        self.site().warnings()
    }
}

/// Renders one job into `sink`, indexing it for search; with `keep` (`serve`), returns its output
/// path and fingerprint, for the next `render_changed`.
fn render_job(site: &Site, job: &Job, sink: &Sink, keep: bool) -> Result<Option<(String, u64)>> {
    site.index_for_search(job);
    let bytes = site.render_job(job)?;
    sink(&job.output, &bytes)?;
    if !keep {
        return Ok(None);
    }
    // A static file's fingerprint is its bytes: no need to read it a second time.
    let fp = match &job.kind {
        JobKind::Static(_) => fingerprint(&bytes),
        _ => site.job_fingerprint(job),
    };
    Ok(Some((job.output.clone(), fp)))
}

/// Renders `stale` jobs (with their fingerprints) in parallel, indexing each for search: their
/// changed files and fingerprints, or every error.
fn render_jobs(site: &Site, stale: &[(&Job, u64)]) -> Result<(Changes, Vec<(String, u64)>)> {
    let started = std::time::Instant::now();
    let results: Vec<Result<(String, u64, Vec<u8>)>> = stale
        .par_iter()
        .map(|(job, fp)| {
            let started = std::time::Instant::now();
            site.index_for_search(job);
            let bytes = site.render_job(job)?;
            tracing::trace!("render: {} in {:.1?}", job.output, started.elapsed());
            Ok((job.output.clone(), *fp, bytes))
        })
        .collect();
    tracing::debug!("render: {} stale files in {:.1?}", stale.len(), started.elapsed());
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
    Ok((changes, fps))
}

/// The entities the `relinked` pages (with what each was linked to before) mention now or
/// mentioned before: with the entity index patched page by page, the only ones whose mentions
/// can have changed.
fn touched_entities<'a>(
    linked: &'a LinkedPages,
    pages: &'a [Arc<Page>],
    relinked: &'a [(usize, Option<Arc<Linked>>)],
) -> impl Iterator<Item = &'a Entity> {
    relinked.iter().flat_map(move |(i, old)| {
        let new = linked[pages[*i].path.as_str()].mentions.entities();
        new.chain(old.iter().flat_map(|old| old.mentions.entities()))
    })
}

/// Whether a page kept everything the stages after its own model read of it: its place (path,
/// date, title, draft status), and the facts by which entity pages and previews pick pages (kind,
/// symbol, the resolution it is the text of).
fn same_facts(before: &Page, after: &Page) -> bool {
    let (a, b) = (&before.meta, &after.meta);
    before.keeps_place(after) && a.kind == b.kind && a.symbol == b.symbol && a.resolution == b.resolution
}

/// Covers what the search index is made of: every searchable job's fingerprint.
fn searchable_fp<'a>(jobs: impl Iterator<Item = (&'a Job, u64)>) -> u64 {
    let searchable = jobs.filter(|(j, _)| j.kind.is_searchable());
    fingerprint(searchable.map(|(j, fp)| (&j.output, fp)).collect::<Vec<_>>())
}

/// A derive's phases in the debug log (`HANDBOOK_LOG=debug`): how long each took, and the
/// process's memory after it.
struct Phases(std::time::Instant);

impl Phases {
    fn start() -> Phases {
        Phases(std::time::Instant::now())
    }

    fn mark(&mut self, name: &str) {
        tracing::debug!("derive: {name} {:.1?}, {}", self.0.elapsed(), resident_memory());
        self.0 = std::time::Instant::now();
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
