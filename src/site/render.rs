//! Rendering: one job's bytes, every job in parallel for a one-shot build, and only the jobs
//! whose fingerprint changed for `serve`.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use tera::{Context, Value};

use super::engine::{AGENDA, Engine, MISSIONS, RESOLUTIONS, Sink, resident_memory};
use super::fingerprint::fingerprint;
use super::routes::{Job, JobKind};
use crate::error::{Error, Result};
use crate::routes;

impl Engine<'_> {
    /// Renders one job.
    pub fn render_job(&self, job: &Job) -> Result<Vec<u8>> {
        // After Ctrl-C, every job fails at once instead of rendering for nothing.
        if crate::output::INTERRUPTED.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(Error::Interrupted);
        }
        let mut ctx = Context::new();
        let what: String = match &job.kind {
            JobKind::Static(source) => return std::fs::read(source).map_err(|e| Error::io(source, e)),
            JobKind::Data(name) => return self.open_data(name),
            JobKind::Previews(n) => return Ok(self.previews_file(*n)),
            JobKind::Page(i) => {
                let page = &self.content.pages[*i];
                ctx.insert_value("page", self.page_value(*i));
                if let Some(section) = self.sections.get(&page.section) {
                    ctx.insert_value("section", section.value.clone());
                }
                page.file.display().to_string()
            }
            JobKind::Section(name) => {
                ctx.insert_value("section", self.section_with_pages(name, 1));
                ctx.insert_value("paginator", self.paginator(name, 1));
                routes::section(name)
            }
            JobKind::SectionPage(name, n) => {
                ctx.insert_value("section", self.section_with_pages(name, *n));
                ctx.insert_value("paginator", self.paginator(name, *n));
                routes::section_page(name, *n)
            }
            JobKind::Home => {
                if let Some(home) = self.sections.get("") {
                    ctx.insert_value("section", home.value.clone());
                }
                ctx.insert_value("pages", self.all_cards());
                let documents: Vec<Value> =
                    self.section_pages("documents").map(|i| self.pages[i].card.clone()).collect();
                ctx.insert_value("documents", Value::from(documents));
                ctx.insert_value("active_missions", Value::from_serializable(&self.active_missions()));
                ctx.insert_value("most_cited", self.most_cited_value());
                "/".into()
            }
            JobKind::Timeline => {
                ctx.insert_value("years", self.timeline());
                ctx.insert_value("section", self.timeline_section("Timeline", routes::TIMELINE, Vec::new()));
                routes::TIMELINE.into()
            }
            JobKind::TimelineYear(year) => {
                let pages: Vec<Value> = self.year_pages(*year).map(|i| self.pages[i].card.clone()).collect();
                ctx.insert_value("years", self.timeline());
                ctx.insert_value("year", self.timeline_year(*year));
                let path = routes::timeline_year(*year);
                ctx.insert_value("section", self.timeline_section(&year.to_string(), &path, pages));
                path
            }
            JobKind::NotFound => "/404.html".into(),
            JobKind::Search => routes::SEARCH.into(),
            JobKind::ResolutionList => {
                ctx.insert_value("section", self.entity_list_section(RESOLUTIONS, "Resolutions", routes::RESOLUTIONS));
                ctx.insert_value("resolutions", self.resolution_list.value.clone());
                routes::RESOLUTIONS.into()
            }
            JobKind::Resolution(key) => {
                ctx.insert_value("resolution", self.resolution_value(*key));
                routes::resolution(*key)
            }
            JobKind::MissionList => {
                ctx.insert_value("section", self.entity_list_section(MISSIONS, "Missions", routes::MISSIONS));
                ctx.insert_value("missions", self.mission_list.value.clone());
                routes::MISSIONS.into()
            }
            JobKind::AgendaList => {
                ctx.insert_value("section", self.entity_list_section(AGENDA, "Agenda items", routes::AGENDA));
                ctx.insert_value("items", self.agenda_list.value.clone());
                routes::AGENDA.into()
            }
            JobKind::Agenda(slug) => {
                ctx.insert_value("item", self.agenda_value(slug));
                routes::agenda_item(slug)
            }
            JobKind::Mission(slug) => {
                ctx.insert_value("mission", self.mission_value(slug));
                routes::mission(slug)
            }
            JobKind::Machine(name) => {
                ctx.insert_value("pages", self.all_cards());
                ctx.insert("updated", &self.latest_date());
                ctx.insert_value("sitemap", self.sitemap()?);
                format!("/{name}")
            }
        };
        ctx.insert_value("head", Value::from_serializable(&self.head(job)));
        Ok(self.templates.render(&self.template(job), &ctx, &what)?.into_bytes())
    }

    /// The section value of a list of entities (`/resolutions/`, `/missions/`, `/agenda/`): the
    /// editors' `_index.md` for it, if any, with no pages of its own.
    fn entity_list_section(&self, name: &str, title: &str, path: &str) -> Value {
        let mut section = self.sections.get(name).and_then(|m| m.value.clone().into_map()).unwrap_or_else(|| {
            let mut m = tera::Map::new();
            m.insert("title".into(), Value::from(title));
            m.insert("content".into(), Value::from(""));
            m
        });
        section.insert("url".into(), Value::from(self.config.url(path)));
        section.insert("pages".into(), Value::from(Vec::<Value>::new()));
        section.insert("subsections".into(), Value::from(Vec::<Value>::new()));
        Value::from(section)
    }

    /// What a timeline page gives a template that expects a section (`section.html`).
    fn timeline_section(&self, title: &str, path: &str, pages: Vec<Value>) -> Value {
        let mut section = tera::Map::new();
        section.insert("title".into(), Value::from(title));
        section.insert("url".into(), Value::from(self.config.url(path)));
        section.insert("content".into(), Value::from(""));
        section.insert("pages".into(), Value::from(pages));
        section.insert("subsections".into(), Value::from(Vec::<Value>::new()));
        Value::from(section)
    }

    /// The home page's most-cited resolutions: `{key, title, url, topic, adopted_long, mention_count}`.
    fn most_cited_value(&self) -> Value {
        Value::from(
            self.most_cited(8)
                .into_iter()
                .map(|(id, count)| {
                    let record = self.data.catalogue.record(id);
                    crate::site::values::map([
                        ("key", Value::from(id.to_string())),
                        ("title", Value::from(format!("Resolution {id}"))),
                        ("url", Value::from(self.config.url(&routes::resolution(id)))),
                        ("topic", Value::from(record.map(|r| r.topic.clone()).unwrap_or_default())),
                        (
                            "adopted_long",
                            Value::from(record.and_then(|r| r.adopted).map(|d| d.long()).unwrap_or_default()),
                        ),
                        ("mention_count", Value::from(count)),
                    ])
                })
                .collect::<Vec<_>>(),
        )
    }

    /// Renders every job in parallel (but pages a one-shot build rendered while linking), handing
    /// each file to `sink`; reports every error. Returns the number of output files.
    pub fn render_all(&mut self, sink: &Sink) -> Result<usize> {
        let jobs = self.jobs()?;
        let keep = !self.mode.is_one_shot();
        let render = |job: &Job| -> Result<Option<(String, u64)>> {
            if !matches!(job.kind, JobKind::Static(_) | JobKind::Data(_) | JobKind::Previews(_)) {
                self.index_for_search(job);
            }
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
        };
        let pending = jobs.iter().filter(|job| !matches!(job.kind, JobKind::Page(i) if self.rendered_while_linking(i)));
        // The open data files are the largest outputs: written one at a time, after the rest,
        // so that they never add to the pages rendering in parallel.
        let (data, rest): (Vec<&Job>, Vec<&Job>) = pending.partition(|job| matches!(job.kind, JobKind::Data(_)));
        let mut results: Vec<Result<Option<(String, u64)>>> = rest.par_iter().map(|job| render(job)).collect();
        results.extend(data.iter().map(|job| render(job)));
        // Every searchable page has rendered, so has been indexed. Written after the open data,
        // not beside it: the two together would raise the build's peak memory by a tenth.
        let search_started = std::time::Instant::now();
        let done = self.search.write(!keep, |path, bytes| {
            sink(&path, &bytes)?;
            results.push(Ok(keep.then(|| (path, fingerprint(&bytes)))));
            Ok(())
        });
        results.push(done.map(|()| None));
        tracing::debug!("search index written in {:.1?}", search_started.elapsed());
        if keep {
            self.search_fp = searchable_fp(jobs.iter().map(|job| (job, self.job_fingerprint(job))));
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
        self.rendered = rendered;
        tracing::debug!("render: {} files, {}", jobs.len(), resident_memory());
        Ok(jobs.len())
    }

    /// Renders only the jobs whose inputs changed since the last successful render. Returns each
    /// changed output (`None`: the file is gone). Nothing is recorded unless every job succeeded.
    pub fn render_changed(&mut self) -> Result<Vec<(String, Option<Vec<u8>>)>> {
        let started = std::time::Instant::now();
        let jobs = self.jobs()?;
        let fps: Vec<(&Job, u64)> = jobs.par_iter().map(|job| (job, self.job_fingerprint(job))).collect();
        let search_fp = searchable_fp(fps.iter().map(|&(job, fp)| (job, fp)));
        let stale: Vec<(&Job, u64)> =
            fps.into_iter().filter(|(job, fp)| self.rendered.get(&job.output) != Some(fp)).collect();
        tracing::debug!(
            "render: {} jobs fingerprinted, {} stale, in {:.1?}",
            jobs.len(),
            stale.len(),
            started.elapsed()
        );
        let results: Vec<Result<(String, u64, Vec<u8>)>> = stale
            .par_iter()
            .map(|(job, fp)| {
                self.index_for_search(job);
                Ok((job.output.clone(), *fp, self.render_job(job)?))
            })
            .collect();
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
        // The search index's files are `search_changes`' to replace.
        let gone: Vec<String> = self
            .rendered
            .keys()
            .filter(|k| !current.contains(k.as_str()) && !crate::search::is_index_file(k))
            .cloned()
            .collect();
        // Against the index's inputs as last seen, written or not: when an index put off is still
        // to be written, an edit that undoes the one before must still forget what that one added.
        if search_fp != self.search_wanted.unwrap_or(self.search_fp) {
            // A page leaves the index only with its output (gathering every URL to find out
            // took a tenth of an edit's rebuild at 10,000 documents).
            if !gone.is_empty() {
                self.forget_gone_from_search(&jobs);
            }
            self.search_wanted = Some(search_fp);
        }
        for path in gone {
            self.rendered.remove(&path);
            changes.push((path, None));
        }
        self.rendered.extend(fps);
        Ok(changes)
    }
}

impl Engine<'_> {
    /// `serve`: whether pages the search index is made of changed since `search_changes`.
    pub fn search_stale(&self) -> bool {
        self.search_wanted.is_some()
    }

    /// `serve`: the search index's files that changed since the last call (`None`: the file is
    /// gone). Kept apart from `render_changed`, so an edited page is served before the index
    /// (which reads every page) is written again.
    pub fn search_changes(&mut self) -> Vec<(String, Option<Vec<u8>>)> {
        self.search_changes_unless(&|| false).unwrap_or_default()
    }

    /// `search_changes`, or `None` if `interrupted` said to stop before the index was made (it
    /// stays stale, to be made after the next rebuild).
    pub fn search_changes_unless(&mut self, interrupted: &dyn Fn() -> bool) -> Option<Vec<(String, Option<Vec<u8>>)>> {
        let Some(wanted) = self.search_wanted else { return Some(Vec::new()) };
        let files = self.search.files_unless(interrupted)?;
        self.search_wanted = None;
        let mut changes = Vec::new();
        let mut present = HashSet::new();
        for (path, bytes) in files {
            let fp = fingerprint(&bytes);
            if self.rendered.get(&path) != Some(&fp) {
                self.rendered.insert(path.clone(), fp);
                changes.push((path.clone(), Some(bytes)));
            }
            present.insert(path);
        }
        let gone: Vec<String> = self
            .rendered
            .keys()
            .filter(|k| crate::search::is_index_file(k) && !present.contains(k.as_str()))
            .cloned()
            .collect();
        for path in gone {
            self.rendered.remove(&path);
            changes.push((path, None));
        }
        self.search_fp = wanted;
        Some(changes)
    }
}

/// Covers what the search index is made of: every searchable job's fingerprint.
fn searchable_fp<'a>(jobs: impl Iterator<Item = (&'a Job, u64)>) -> u64 {
    let searchable = jobs.filter(|(j, _)| j.kind.is_searchable());
    fingerprint(searchable.map(|(j, fp)| (&j.output, fp)).collect::<Vec<_>>())
}
