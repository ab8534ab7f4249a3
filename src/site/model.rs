//! The site model's pages: each page's card and fingerprints, the sections, the menu and the
//! page order (neighbours, `related:`), derived from the content and its link results and kept
//! between renders with fingerprints of everything each shows. [`LinkedSite`] is what the stages
//! after it (resolutions, missions, agenda items, previews) read.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;
use tera::Value;

use super::fingerprint::fingerprint;
use super::link::{LinkedPages, Linking};
use super::sections::{self, AGENDA, MISSIONS, OFFICIALS, RESOLUTIONS};
use super::values;
use crate::config::Config;
use crate::content::{Content, Page};
use crate::entities::ReferenceData;
use crate::links::EntityIndex;
use crate::markdown::{self, MarkdownOptions, NoAnnotations};
use crate::render::Templates;
use crate::routes;

/// What the site keeps of a page between renders: fingerprints and its card. The full template
/// value is built when the page renders and dropped after, so a build holds each page's HTML once.
#[derive(Clone)]
pub(super) struct PageModel {
    /// Covers everything the page's own HTML shows.
    pub(super) fp: u64,
    /// Covers everything a list shows of it.
    pub(super) card_fp: u64,
    /// The fingerprint of its link result (text, path, linking inputs).
    pub(super) link_fp: u64,
    /// Covers its record in the open data (its link result's).
    pub(super) data_fp: u64,
    /// Covers what its neighbours' previous/next links show of it: title and path.
    pub(super) link_facts_fp: u64,
    pub(super) card: Value,
}

/// A template value and the fingerprint of what it shows.
#[derive(Clone)]
pub(super) struct Model {
    pub(super) fp: u64,
    pub(super) value: Value,
}

impl Default for Model {
    fn default() -> Self {
        Model { fp: 0, value: Value::none() }
    }
}

/// Page URL path → its model, kept by `serve` across changes of the page order.
pub(super) type PageCache = ahash::AHashMap<String, PageModel>;

/// What the entity stages read: the linked pages, their models, and what was linked against.
pub(super) struct LinkedSite<'a> {
    pub(super) config: &'a Config,
    pub(super) data: &'a ReferenceData,
    pub(super) data_fp: u64,
    pub(super) linking: &'a Linking,
    pub(super) content: &'a Content,
    pub(super) linked: &'a LinkedPages,
    pub(super) pages: &'a [PageModel],
    pub(super) index: &'a EntityIndex,
}

impl LinkedSite<'_> {
    /// Pages that lists show: every page but an editor's notes on a resolution or a mission
    /// (those are part of the entity's page).
    pub(super) fn listed(&self) -> impl Iterator<Item = usize> + '_ {
        listed(self.content)
    }
}

/// Pages that lists show, by index: every page but an editor's notes on an entity.
pub(super) fn listed(content: &Content) -> impl Iterator<Item = usize> + '_ {
    (0..content.pages.len()).filter(|&i| !sections::is_entity_note(&content.pages[i]))
}

/// The `site` value of every template.
pub(super) fn site_value(config: &Config) -> Value {
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

/// Every page's fingerprints and card, in page order. `previous` are the models of the last
/// derive when the page order is unchanged (empty otherwise): a page whose link result is
/// unchanged keeps its card, and only relinked pages get new ones. `cache` (`serve` only) keeps
/// models across reorders.
pub(super) fn page_models(
    config: &Config,
    content: &Content,
    linked: &LinkedPages,
    index: &EntityIndex,
    by_slug: &SlugIndex,
    previous: Vec<PageModel>,
    mut cache: Option<&mut PageCache>,
) -> Vec<PageModel> {
    let pages = &content.pages;
    let (link_fps, data_fps): (Vec<u64>, Vec<u64>) = pages
        .iter()
        .map(|p| {
            let linked = &linked[p.path.as_str()];
            (linked.fp, linked.data_fp)
        })
        .unzip();
    let mut previous: Vec<Option<PageModel>> =
        if previous.len() == pages.len() { previous.into_iter().map(Some).collect() } else { Vec::new() };
    let reusable = |i: usize| previous.get(i).and_then(Option::as_ref).is_some_and(|m| m.link_fp == link_fps[i]);
    // A card's fingerprint is its content: a body edit that leaves title, date and summary
    // alone re-renders no list. Cards are made only for pages whose link result changed; the
    // others' are moved over from `previous`, not cloned (10,000 of them on every edit in `serve`).
    let cached = cache.as_deref();
    let fresh: Vec<Option<(u64, u64, Value)>> = pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            if reusable(i) {
                return None;
            }
            let cached = cached.and_then(|c| c.get(page.path.as_str())).filter(|m| m.link_fp == link_fps[i]);
            Some(match cached {
                Some(m) => (m.card_fp, m.link_facts_fp, m.card.clone()),
                None => {
                    let card = values::card(config, page, &linked[page.path.as_str()].rendered);
                    (
                        fingerprint(serde_json::to_string(&card).unwrap_or_default()),
                        fingerprint((&page.meta.title, &page.path)),
                        Value::from_serializable(&card),
                    )
                }
            })
        })
        .collect();
    let card_fps: Vec<u64> = fresh
        .iter()
        .enumerate()
        .map(|(i, f)| match f {
            Some((fp, _, _)) => *fp,
            None => previous[i].as_ref().map_or(0, |m| m.card_fp),
        })
        .collect();
    let mut models = Vec::with_capacity(pages.len());
    for (i, (page, fresh)) in pages.iter().zip(fresh).enumerate() {
        let before = previous.get_mut(i).and_then(Option::take);
        let unchanged_fps = before.as_ref().map(|m| (m.fp, m.link_fp));
        let (link_facts_fp, card) = match (fresh, before) {
            (Some((_, facts_fp, card)), _) => (facts_fp, card),
            (None, Some(before)) => (before.link_facts_fp, before.card),
            // Not reached: a page without a fresh card had a reusable one.
            (None, None) => (0, Value::none()),
        };
        let card_fp = card_fps[i];
        let fp = page_fp(content, by_slug, index, i, link_fps[i], |p| card_fps[p]);
        let changed = unchanged_fps != Some((fp, link_fps[i]));
        let model = PageModel { fp, card_fp, link_fp: link_fps[i], data_fp: data_fps[i], link_facts_fp, card };
        if changed && let Some(cache) = cache.as_deref_mut() {
            // Keep the cache (which survives reorders) in step, without cloning every path.
            match cache.get_mut(page.path.as_str()) {
                Some(cached) => *cached = model.clone(),
                None => {
                    cache.insert(page.path.clone(), model.clone());
                }
            }
        }
        models.push(model);
    }
    if let Some(cache) = cache
        && cache.len() > pages.len()
    {
        let present: HashSet<&str> = pages.iter().map(|p| p.path.as_str()).collect();
        cache.retain(|k, _| present.contains(k.as_str()));
    }
    models
}

/// Covers everything page `i`'s own HTML shows: its link result (`link_fp`), its card, the
/// cards of its `related:` pages and, on an official's page, the pages that mention them.
fn page_fp(
    content: &Content,
    by_slug: &SlugIndex,
    index: &EntityIndex,
    i: usize,
    link_fp: u64,
    card_fp: impl Fn(usize) -> u64,
) -> u64 {
    let page = &content.pages[i];
    let related = related(&content.pages, by_slug, i);
    let backlinks = if page.section == OFFICIALS { index.officials.get(&page.slug) } else { None };
    // A backlink shows the other page's card and sentences from its text: its card
    // fingerprint and the sentences' fingerprint cover both.
    fingerprint((
        link_fp,
        card_fp(i),
        related.iter().map(|&r| card_fp(r)).collect::<Vec<_>>(),
        backlinks.into_iter().flatten().map(|b| (card_fp(b.page()), b.sentences_fp)).collect::<Vec<_>>(),
    ))
}

/// `serve`, after an edit that changed only the text of some pages (none moved, their list facts
/// are the same): the `changed` models' fingerprints made again (those pages, and the pages of
/// the officials whose backlinks they changed) and every other model kept, rather than every
/// page's remade. Returns false, and changes nothing, if one of their cards changed: the pages
/// that show that card must be made again too (`page_models`).
#[allow(clippy::too_many_arguments)]
pub(super) fn patch_page_models(
    config: &Config,
    content: &Content,
    linked: &LinkedPages,
    index: &EntityIndex,
    by_slug: &SlugIndex,
    models: &mut [PageModel],
    changed: &[usize],
    cache: &mut PageCache,
) -> bool {
    let mut fresh = Vec::with_capacity(changed.len());
    for &i in changed {
        let page = &content.pages[i];
        let linked = &linked[page.path.as_str()];
        let card = values::card(config, page, &linked.rendered);
        let card_fp = fingerprint(serde_json::to_string(&card).unwrap_or_default());
        if card_fp != models[i].card_fp {
            return false;
        }
        fresh.push((i, linked));
    }
    // Same card fingerprint, same card: only the fingerprints change.
    for (i, linked) in fresh {
        let page = &content.pages[i];
        let fp = page_fp(content, by_slug, index, i, linked.fp, |p| models[p].card_fp);
        let model = &mut models[i];
        (model.fp, model.link_fp, model.data_fp) = (fp, linked.fp, linked.data_fp);
        match cache.get_mut(page.path.as_str()) {
            Some(cached) => *cached = model.clone(),
            None => {
                cache.insert(page.path.clone(), model.clone());
            }
        }
    }
    true
}

/// Page indices by slug, for `related:`.
pub(super) type SlugIndex = ahash::AHashMap<String, Vec<usize>>;

/// Page indices by section, in page order: what each list shows (filtering every page for each
/// page of a list made lists quadratic).
pub(super) type SectionIndex = ahash::AHashMap<String, Vec<usize>>;

pub(super) fn section_index(content: &Content) -> SectionIndex {
    let mut by_section = SectionIndex::new();
    for (i, p) in content.pages.iter().enumerate() {
        match by_section.get_mut(p.section.as_str()) {
            Some(pages) => pages.push(i),
            None => {
                by_section.insert(p.section.clone(), vec![i]);
            }
        }
    }
    by_section
}

pub(super) fn slug_index(content: &Content) -> SlugIndex {
    let mut by_slug = SlugIndex::new();
    for (i, p) in content.pages.iter().enumerate() {
        by_slug.entry(p.slug.clone()).or_default().push(i);
    }
    by_slug
}

/// Pages that page `i` lists under `related:`, by index (same section first).
pub(super) fn related(pages: &[Arc<Page>], by_slug: &SlugIndex, i: usize) -> Vec<usize> {
    let page = &pages[i];
    page.meta
        .related
        .iter()
        .filter_map(|slug| {
            let candidates = by_slug.get(slug.as_str())?;
            candidates.iter().find(|&&r| pages[r].section == page.section).or(candidates.first()).copied()
        })
        .collect()
}

/// Each page's (previous, next) in its section's list, for previous/next links: known from the
/// page order alone, so settled before pages render.
pub(super) fn neighbours(content: &Content) -> Vec<(Option<usize>, Option<usize>)> {
    let mut last: ahash::AHashMap<&str, usize> = ahash::AHashMap::new();
    let mut neighbours = vec![(None, None); content.pages.len()];
    for (i, page) in content.pages.iter().enumerate() {
        if sections::is_entity_note(page) {
            continue;
        }
        if let Some(prev) = last.insert(page.section.as_str(), i) {
            neighbours[i].0 = Some(prev);
            neighbours[prev].1 = Some(i);
        }
    }
    neighbours
}

/// Every section's template value (its `_index.md` rendered), reusing `previous`' where the
/// section is unchanged.
pub(super) fn sections(
    config: &Config,
    content: &Content,
    previous: &BTreeMap<String, Model>,
) -> BTreeMap<String, Model> {
    let options = MarkdownOptions::from_config(config);
    let mut models = BTreeMap::new();
    for (name, section) in &content.sections {
        let fp = fingerprint((&section.body, format!("{:?}", section.meta), &config.base_url));
        if let Some(cached) = previous.get(name).filter(|m| m.fp == fp) {
            models.insert(name.clone(), cached.clone());
            continue;
        }
        let html = markdown::render(&section.body, &options, &section.path, &mut NoAnnotations).html;
        let value = Value::from_serializable(&values::section(config, section, html));
        models.insert(name.clone(), Model { fp, value });
    }
    models
}

/// The main menu, (title, url): top-level sections, missions, resolutions, agenda items (when
/// the theme has their pages) and the timeline.
pub(super) fn nav_items(config: &Config, content: &Content, agenda_pages: bool) -> Vec<(String, String)> {
    let mut items: Vec<(String, String)> = content
        .sections
        .values()
        .filter(|s| {
            !s.name.is_empty()
                && !s.name.contains('/')
                && s.name != RESOLUTIONS
                && s.name != MISSIONS
                && s.name != AGENDA
        })
        .map(|s| (s.title(), config.url(&s.path)))
        .collect();
    items.push(("Missions".into(), config.url(routes::MISSIONS)));
    items.push(("Resolutions".into(), config.url(routes::RESOLUTIONS)));
    if agenda_pages {
        items.push(("Agenda".into(), config.url(routes::AGENDA)));
    }
    items.push(("Timeline".into(), config.url(routes::TIMELINE)));
    items
}

/// The templates each section's pages and list render with (`documents/page.html` where the
/// theme has one, else `page.html`), worked out once a derive: asking the templates for each of
/// 10,000 jobs on every edit took a tenth of `serve`'s rebuild.
#[derive(Default)]
pub(super) struct SectionTemplates {
    /// Section → (its pages' template, its list's template).
    by_section: ahash::AHashMap<String, (String, String)>,
}

impl SectionTemplates {
    pub(super) fn new(templates: &Templates, content: &Content) -> SectionTemplates {
        let by_section = content
            .sections
            .keys()
            .map(|name| (name.clone(), (page_template(templates, name), list_template(templates, name))))
            .collect();
        SectionTemplates { by_section }
    }

    pub(super) fn page<'a>(&'a self, templates: &Templates, section: &str) -> Cow<'a, str> {
        match self.by_section.get(section) {
            Some((page, _)) => Cow::Borrowed(page),
            None => Cow::Owned(page_template(templates, section)),
        }
    }

    pub(super) fn list<'a>(&'a self, templates: &Templates, section: &str) -> Cow<'a, str> {
        match self.by_section.get(section) {
            Some((_, list)) => Cow::Borrowed(list),
            None => Cow::Owned(list_template(templates, section)),
        }
    }
}

fn page_template(templates: &Templates, section: &str) -> String {
    let nested = format!("{section}/page.html");
    if !section.is_empty() && templates.has(&nested) { nested } else { "page.html".into() }
}

fn list_template(templates: &Templates, section: &str) -> String {
    let nested = format!("{section}/section.html");
    if templates.has(&nested) { nested } else { "section.html".into() }
}
