//! The orchestrator: load → link → render → write. It owns the site model in the middle: every
//! page's rendered Markdown plus what the site knows about it, ready for templates. `build`,
//! `check` and `serve` all drive this same pipeline.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::config::Config;
use crate::content::{self, Content, Page, Section};
use crate::error::{Error, Result};
use crate::markdown::{self, MarkdownOptions, NoAnnotations, Rendered, TocEntry};
use crate::output::Staging;
use crate::render::Templates;

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// Where to write; relative paths are relative to the site root. Default `public`.
    pub output_dir: Option<PathBuf>,
    pub drafts: bool,
}

/// How long each stage took, for `--timings` and the benchmarks.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub load: Duration,
    pub link: Duration,
    pub render: Duration,
    pub write: Duration,
}

#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub output_dir: PathBuf,
    pub timings: Timings,
}

/// Sources, loaded and checked.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub content: Content,
}

impl Site {
    pub fn load(root: &Path, options: &BuildOptions) -> Result<Site> {
        let mut config = Config::load(root)?;
        if let Some(base_url) = &options.base_url {
            config.set_base_url(base_url);
        }
        let content = content::load(root, options.drafts)?;
        Ok(Site { root: root.to_path_buf(), config, content })
    }
}

/// A page's Markdown rendered, plus its template value.
pub struct PageModel {
    pub rendered: Rendered,
    pub value: Value,
}

/// The linked site, ready for templates.
pub struct SiteModel<'a> {
    pub site: &'a Site,
    pub pages: Vec<PageModel>,
}

#[derive(Serialize)]
struct PageCtx<'a> {
    title: &'a str,
    path: &'a str,
    url: String,
    permalink: String,
    slug: &'a str,
    section: &'a str,
    file: String,
    date: Option<String>,
    date_long: Option<String>,
    year: Option<i32>,
    kind: Option<&'static str>,
    language: Option<&'a str>,
    source: Option<&'a str>,
    place: Option<&'a str>,
    author: Option<&'a str>,
    summary: String,
    /// Plain-text summary, for `<meta name=description>` and search.
    description: String,
    content: &'a str,
    toc: &'a [TocEntry],
    word_count: usize,
    reading_minutes: usize,
    draft: bool,
    seed: Option<&'a str>,
    resolution: Option<&'a str>,
    vote: Option<&'a crate::content::Vote>,
    sponsors: &'a [String],
    aliases: &'a [String],
    roles: Vec<RoleCtx>,
    extra: &'a serde_yaml::Mapping,
}

#[derive(Serialize)]
struct RoleCtx {
    title: String,
    from: Option<String>,
    to: Option<String>,
    from_long: Option<String>,
    to_long: Option<String>,
}

impl<'a> SiteModel<'a> {
    /// Renders every page's Markdown (in parallel) and builds the template values.
    pub fn link(site: &'a Site) -> SiteModel<'a> {
        let options = MarkdownOptions::from_config(&site.config);
        let pages = site
            .content
            .pages
            .par_iter()
            .map(|page| {
                let rendered = markdown::render(&page.body, &options, &mut NoAnnotations);
                let value = page_value(&site.config, page, &rendered);
                PageModel { rendered, value }
            })
            .collect();
        SiteModel { site, pages }
    }

    fn config(&self) -> &Config {
        &self.site.config
    }

    /// Every output file, as a job to render.
    pub fn jobs(&self, templates: &Templates) -> Vec<Job> {
        let mut jobs = vec![Job::Home, Job::NotFound, Job::Timeline];
        jobs.extend((0..self.pages.len()).map(Job::Page));
        jobs.extend(self.site.content.sections.keys().filter(|n| !n.is_empty()).cloned().map(Job::Section));
        for machine in ["sitemap.xml", "atom.xml", "robots.txt"] {
            if templates.has(machine) {
                jobs.push(Job::Machine(machine));
            }
        }
        jobs
    }

    /// Renders one job to its output path (relative to `public/`) and bytes.
    pub fn render_job(&self, job: &Job, templates: &Templates) -> Result<(PathBuf, String)> {
        let mut ctx = Context::new();
        match job {
            Job::Page(i) => {
                let page = &self.site.content.pages[*i];
                ctx.insert_value("page", self.pages[*i].value.clone());
                let section = self.site.content.sections.get(&page.section);
                if let Some(section) = section {
                    ctx.insert_value("section", self.section_value(section, false));
                }
                let template = page_template(templates, page);
                let html = templates.render(&template, &ctx, &page.file.display().to_string())?;
                Ok((index_file(&page.path), html))
            }
            Job::Section(name) => {
                let section = &self.site.content.sections[name];
                ctx.insert_value("section", self.section_value(section, true));
                let nested = format!("{name}/section.html");
                let template = if templates.has(&nested) { nested } else { "section.html".to_string() };
                let html = templates.render(&template, &ctx, &section.path)?;
                Ok((index_file(&section.path), html))
            }
            Job::Home => {
                if let Some(home) = self.site.content.sections.get("") {
                    ctx.insert_value("section", self.section_value(home, true));
                }
                ctx.insert_value("pages", self.all_pages());
                Ok((index_file("/"), templates.render("index.html", &ctx, "/")?))
            }
            Job::Timeline => {
                ctx.insert_value("years", self.timeline());
                let template = if templates.has("timeline.html") { "timeline.html" } else { "section.html" };
                if template == "section.html" {
                    ctx.insert_value("section", self.synthetic_section("Timeline", "/timeline/"));
                }
                Ok((index_file("/timeline/"), templates.render(template, &ctx, "/timeline/")?))
            }
            Job::NotFound => Ok((PathBuf::from("404.html"), templates.render("404.html", &ctx, "/404.html")?)),
            Job::Machine(name) => {
                ctx.insert_value("pages", self.all_pages());
                ctx.insert("updated", &self.latest_date());
                ctx.insert_value("sitemap", self.sitemap());
                Ok((PathBuf::from(name), templates.render(name, &ctx, &format!("/{name}"))?))
            }
        }
    }

    fn all_pages(&self) -> Value {
        Value::from(self.pages.iter().map(|p| p.value.clone()).collect::<Vec<_>>())
    }

    /// Every HTML page's permalink, with its date where it has one.
    fn sitemap(&self) -> Value {
        let config = self.config();
        let mut entries: Vec<(String, Option<String>)> =
            vec![(config.permalink("/"), None), (config.permalink("/timeline/"), None)];
        entries.extend(
            self.site
                .content
                .sections
                .values()
                .filter(|s| !s.name.is_empty())
                .map(|s| (config.permalink(&s.path), None)),
        );
        entries.extend(
            self.site.content.pages.iter().map(|p| (config.permalink(&p.path), p.meta.date.map(|d| d.to_string()))),
        );
        entries.sort();
        Value::from(
            entries
                .into_iter()
                .map(|(loc, lastmod)| {
                    let mut map = tera::Map::new();
                    map.insert("loc".into(), Value::from(loc));
                    map.insert("lastmod".into(), lastmod.map(Value::from).unwrap_or(Value::none()));
                    Value::from(map)
                })
                .collect::<Vec<_>>(),
        )
    }

    fn latest_date(&self) -> String {
        self.site.content.pages.iter().filter_map(|p| p.meta.date).max().map(|d| d.rfc3339()).unwrap_or_default()
    }

    fn section_value(&self, section: &Section, with_pages: bool) -> Value {
        #[derive(Serialize)]
        struct SectionCtx<'a> {
            title: String,
            name: &'a str,
            path: &'a str,
            url: String,
            description: Option<&'a str>,
            content: String,
        }
        let options = MarkdownOptions::from_config(self.config());
        let content = markdown::render(&section.body, &options, &mut NoAnnotations).html;
        let ctx = SectionCtx {
            title: section.title(),
            name: &section.name,
            path: &section.path,
            url: self.config().url(&section.path),
            description: section.meta.as_ref().and_then(|m| m.description.as_deref()),
            content,
        };
        let mut value = to_map(Value::from_serializable(&ctx));
        if with_pages {
            let pages: Vec<Value> = self
                .site
                .content
                .pages
                .iter()
                .zip(&self.pages)
                .filter(|(p, _)| p.section == section.name)
                .map(|(_, m)| m.value.clone())
                .collect();
            value.insert("pages".into(), Value::from(pages));
            let prefix = if section.name.is_empty() { String::new() } else { format!("{}/", section.name) };
            let subsections: Vec<Value> = self
                .site
                .content
                .sections
                .values()
                .filter(|s| {
                    !s.name.is_empty()
                        && s.name != section.name
                        && s.name.starts_with(&prefix)
                        && !s.name[prefix.len()..].contains('/')
                })
                .map(|s| self.section_value(s, false))
                .collect();
            value.insert("subsections".into(), Value::from(subsections));
        }
        Value::from(value)
    }

    fn synthetic_section(&self, title: &str, path: &str) -> Value {
        let mut map = tera::Map::new();
        map.insert("title".into(), Value::from(title));
        map.insert("path".into(), Value::from(path));
        map.insert("url".into(), Value::from(self.config().url(path)));
        map.insert("content".into(), Value::from(""));
        map.insert("pages".into(), self.all_pages());
        map.insert("subsections".into(), Value::from(Vec::<Value>::new()));
        Value::from(map)
    }

    /// Dated pages grouped by year, newest first.
    fn timeline(&self) -> Value {
        let mut years: Vec<(i32, Vec<Value>)> = Vec::new();
        for (page, model) in self.site.content.pages.iter().zip(&self.pages) {
            let Some(date) = page.meta.date else { continue };
            match years.last_mut() {
                Some((year, list)) if *year == date.year() => list.push(model.value.clone()),
                _ => years.push((date.year(), vec![model.value.clone()])),
            }
        }
        Value::from(
            years
                .into_iter()
                .map(|(year, pages)| {
                    let mut map = tera::Map::new();
                    map.insert("year".into(), Value::from(year));
                    map.insert("pages".into(), Value::from(pages));
                    Value::from(map)
                })
                .collect::<Vec<_>>(),
        )
    }
}

/// One output file to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    Home,
    NotFound,
    Timeline,
    Page(usize),
    Section(String),
    Machine(&'static str),
}

fn to_map(value: Value) -> tera::Map {
    value.into_map().unwrap_or_default()
}

fn page_template(templates: &Templates, page: &Page) -> String {
    if let Some(t) = &page.meta.template {
        return t.clone();
    }
    let nested = format!("{}/page.html", page.section);
    if !page.section.is_empty() && templates.has(&nested) { nested } else { "page.html".to_string() }
}

fn index_file(site_path: &str) -> PathBuf {
    PathBuf::from(site_path.trim_start_matches('/')).join("index.html")
}

fn page_value(config: &Config, page: &Page, rendered: &Rendered) -> Value {
    let meta = &page.meta;
    let summary = match &meta.summary {
        Some(s) => format!("<p>{}</p>", markdown::html_escape(s)),
        None => rendered.summary_html.clone(),
    };
    let ctx = PageCtx {
        title: &meta.title,
        path: &page.path,
        url: config.url(&page.path),
        permalink: config.permalink(&page.path),
        slug: &page.slug,
        section: &page.section,
        file: page.file.display().to_string(),
        date: meta.date.map(|d| d.to_string()),
        date_long: meta.date.map(|d| d.long()),
        year: meta.date.map(|d| d.year()),
        kind: meta.kind.map(|k| k.as_str()),
        language: meta.language.as_deref(),
        source: meta.source.as_deref(),
        place: meta.place.as_deref(),
        author: meta.author.as_deref(),
        description: meta.summary.clone().unwrap_or_else(|| strip_tags(&rendered.summary_html)),
        summary,
        content: &rendered.html,
        toc: &rendered.toc,
        word_count: rendered.word_count,
        reading_minutes: rendered.word_count.div_ceil(220).max(1),
        draft: meta.draft,
        seed: meta.seed.as_deref(),
        resolution: meta.resolution.as_deref(),
        vote: meta.vote.as_ref(),
        sponsors: &meta.sponsors,
        aliases: &meta.aliases,
        roles: meta
            .roles
            .iter()
            .map(|r| RoleCtx {
                title: r.title.clone(),
                from: r.from.map(|d| d.to_string()),
                to: r.to.map(|d| d.to_string()),
                from_long: r.from.map(|d| d.long()),
                to_long: r.to.map(|d| d.long()),
            })
            .collect(),
        extra: &meta.extra,
    };
    Value::from_serializable(&ctx)
}

/// Text content of a small HTML fragment (our own summaries), entities left as written.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn site_value(config: &Config) -> Value {
    #[derive(Serialize)]
    struct SiteCtx<'a> {
        title: &'a str,
        description: &'a str,
        base_url: &'a str,
        base_path: String,
        language: &'a str,
        author: Option<&'a str>,
        extra: &'a serde_yaml::Mapping,
        generator: &'static str,
    }
    Value::from_serializable(&SiteCtx {
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

/// The main menu: top-level sections, then the timeline.
fn nav_value(site: &Site) -> Value {
    let mut items: Vec<Value> = site
        .content
        .sections
        .values()
        .filter(|s| !s.name.is_empty() && !s.name.contains('/'))
        .map(|s| nav_item(&s.title(), &site.config.url(&s.path)))
        .collect();
    items.push(nav_item("Timeline", &site.config.url("/timeline/")));
    Value::from(items)
}

fn nav_item(title: &str, url: &str) -> Value {
    let mut map = tera::Map::new();
    map.insert("title".into(), Value::from(title));
    map.insert("url".into(), Value::from(url));
    Value::from(map)
}

/// Loads the templates with the site-wide values set.
pub fn load_templates(site: &Site) -> Result<Templates> {
    let mut templates = Templates::load(&site.root, &site.config)?;
    templates.set_global("site", site_value(&site.config));
    templates.set_global("nav", nav_value(site));
    Ok(templates)
}

/// Renders every job in parallel, handing each file to `sink`; collects every error.
pub fn render_all<F>(model: &SiteModel, templates: &Templates, sink: F) -> Result<usize>
where
    F: Fn(&Path, &[u8]) -> Result<()> + Sync,
{
    let jobs = model.jobs(templates);
    let errors: Vec<Error> = jobs
        .par_iter()
        .filter_map(|job| {
            let result = model.render_job(job, templates).and_then(|(path, html)| sink(&path, html.as_bytes()));
            result.err()
        })
        .collect();
    Error::from_list(errors)?;
    Ok(jobs.len())
}

fn output_dir(root: &Path, options: &BuildOptions) -> PathBuf {
    match &options.output_dir {
        Some(dir) if dir.is_absolute() => dir.clone(),
        Some(dir) => root.join(dir),
        None => root.join("public"),
    }
}

/// `handbook build`: renders the whole site into the output folder, atomically.
pub fn build(root: &Path, options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let site = Site::load(root, options)?;
    let templates = load_templates(&site)?;
    let load = started.elapsed();

    let started = Instant::now();
    let model = SiteModel::link(&site);
    let link = started.elapsed();

    let started = Instant::now();
    let out = output_dir(root, options);
    let staging = Staging::begin(&out)?;
    let mut files = render_all(&model, &templates, |path, bytes| staging.write(path, bytes))?;
    let render = started.elapsed();

    let started = Instant::now();
    files += copy_static(&site, &staging)?;
    staging.commit()?;
    let write = started.elapsed();
    Ok(BuildReport {
        pages: site.content.pages.len(),
        files,
        output_dir: out,
        timings: Timings { load, link, render, write },
    })
}

/// `handbook check`: everything `build` does but writing, reporting every problem.
pub fn check(root: &Path, options: &BuildOptions) -> Result<usize> {
    let site = Site::load(root, options)?;
    let templates = load_templates(&site)?;
    let model = SiteModel::link(&site);
    render_all(&model, &templates, |_, _| Ok(()))?;
    Ok(site.content.pages.len())
}

/// Theme static files, then the site's `static/` over them: output path → source file.
fn static_files(site: &Site) -> Result<std::collections::BTreeMap<PathBuf, PathBuf>> {
    let mut files = std::collections::BTreeMap::new();
    for dir in [site.config.theme_dir(&site.root).join("static"), site.root.join("static")] {
        if !dir.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::Msg(format!("{}: cannot read: {e}", dir.display())))?;
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path()).to_path_buf();
                files.insert(rel, entry.path().to_path_buf());
            }
        }
    }
    Ok(files)
}

fn copy_static(site: &Site, staging: &Staging) -> Result<usize> {
    let files = static_files(site)?;
    for (rel, source) in &files {
        staging.copy(source, rel)?;
    }
    Ok(files.len())
}

/// The whole site rendered into memory: output path (`documents/x/index.html`) → bytes. This is
/// what `serve` serves, and what tests compare incremental rebuilds against.
pub type MemoryOutput = std::collections::BTreeMap<String, Vec<u8>>;

pub fn build_in_memory(root: &Path, options: &BuildOptions) -> Result<MemoryOutput> {
    let site = Site::load(root, options)?;
    let templates = load_templates(&site)?;
    let model = SiteModel::link(&site);
    let files = std::sync::Mutex::new(MemoryOutput::new());
    render_all(&model, &templates, |path, bytes| {
        let key = path.to_string_lossy().replace('\\', "/");
        files.lock().map_err(|_| Error::Msg("internal: output lock poisoned".into()))?.insert(key, bytes.to_vec());
        Ok(())
    })?;
    let mut files = files.into_inner().map_err(|_| Error::Msg("internal: output lock poisoned".into()))?;
    for (rel, source) in static_files(&site)? {
        let bytes = std::fs::read(&source).map_err(|e| Error::io(&source, e))?;
        files.insert(rel.to_string_lossy().replace('\\', "/"), bytes);
    }
    Ok(files)
}
