//! The site model: what each page, list, resolution page and section shows, derived from the
//! linked pages and kept between renders with fingerprints of everything each shows.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;
use tera::Value;

use super::engine::{AGENDA, Engine, MISSIONS, OFFICIALS, RESOLUTIONS};
use super::fingerprint::fingerprint;
use super::values::{self, map};
use crate::config::Config;
use crate::content::{Page, Section};
use crate::entities::{Entity, ResolutionId};
use crate::error::Result;
use crate::links;
use crate::markdown::{self, MarkdownOptions, NoAnnotations};
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
    pub(super) card: Value,
}

/// What a resolution's page is made of, besides the catalogue.
#[derive(Clone, Default)]
pub(super) struct ResolutionInputs {
    pub(super) text_page: Option<usize>,
    pub(super) curated: Option<usize>,
    pub(super) recalls: Vec<ResolutionId>,
    pub(super) recalled_by: Vec<ResolutionId>,
    pub(super) mentions: Vec<links::Backlink>,
}

#[derive(Clone)]
pub(super) struct Model {
    pub(super) fp: u64,
    pub(super) value: Value,
}

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

impl Engine<'_> {
    /// Brings every page's fingerprints and card up to date. With the page order unchanged
    /// (`stable`) the models are updated in place and only relinked pages get new cards.
    pub(super) fn update_page_values(&mut self, stable: bool) {
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
            if changed && !self.mode.is_one_shot() {
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
    pub(super) fn related(&self, i: usize) -> Vec<usize> {
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
    pub(super) fn page_value(&self, i: usize) -> Value {
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
            original_url: page.meta.url.as_deref(),
            ocr: page.meta.ocr,
            symbol_url: page
                .meta
                .symbol
                .as_ref()
                .and_then(|s| crate::entities::Entity::Document(s.clone()).undocs_url()),
            vote: page.meta.vote.as_ref(),
            sponsors: &page.meta.sponsors,
            aliases: &page.meta.aliases,
            roles: values::roles(page)
                .into_iter()
                .map(|mut role| {
                    role.mission = self.mission_named_by(&role.title).map(|slug| self.mission_link(slug));
                    role
                })
                .collect(),
            related: self
                .related(i)
                .iter()
                .map(|&r| values::LinkValue {
                    title: pages[r].meta.title.clone(),
                    url: self.config.url(&pages[r].path),
                    key: pages[r].slug.clone(),
                })
                .collect(),
            mentions: values::mentions(
                &self.config,
                &self.registry,
                &self.missions,
                &published,
                linked.mentions.entities(),
            ),
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
                .and_then(ResolutionId::parse)
                .map(|id| self.config.url(&routes::resolution(id))),
            previous: self.neighbours.get(i).and_then(|n| n.0).map(|p| self.link_to_page(p)),
            next: self.neighbours.get(i).and_then(|n| n.1).map(|p| self.link_to_page(p)),
            extra: &page.meta.extra,
        };
        Value::from_serializable(&value)
    }

    fn link_to_page(&self, i: usize) -> values::LinkValue {
        let page = &self.content.pages[i];
        values::LinkValue { title: page.meta.title.clone(), url: self.config.url(&page.path), key: page.slug.clone() }
    }

    /// Each page's neighbours in its section's list, for previous/next links: known from the
    /// page order alone, so settled before pages render.
    pub(super) fn update_neighbours(&mut self) {
        let mut last: ahash::AHashMap<&str, usize> = ahash::AHashMap::new();
        let mut neighbours = vec![(None, None); self.content.pages.len()];
        for (i, page) in self.content.pages.iter().enumerate() {
            if Self::is_entity_note(page) {
                continue;
            }
            if let Some(prev) = last.insert(page.section.as_str(), i) {
                neighbours[i].0 = Some(prev);
                neighbours[prev].1 = Some(i);
            }
        }
        self.neighbours = neighbours;
    }

    /// Covers what a page shows of its neighbours.
    pub(super) fn neighbours_fp(&self, i: usize) -> u64 {
        let (prev, next) = self.neighbours.get(i).copied().unwrap_or_default();
        let facts = |p: Option<usize>| p.map(|p| (&self.content.pages[p].meta.title, &self.content.pages[p].path));
        super::fingerprint::fingerprint((facts(prev), facts(next)))
    }

    /// How many pages of its list a section has (at least one, even when empty).
    pub(super) fn section_page_count(&self, name: &str) -> usize {
        let per = self.paginate_by(name);
        if per == 0 { 1 } else { self.section_pages(name).count().div_ceil(per).max(1) }
    }

    fn paginate_by(&self, name: &str) -> usize {
        const DEFAULT: usize = 50;
        let meta = self.content.sections.get(name).and_then(|s| s.meta.as_ref());
        meta.and_then(|m| m.paginate_by).unwrap_or(DEFAULT)
    }

    /// What a list page says of where it is among its section's pages.
    pub(super) fn paginator(&self, name: &str, number: usize) -> Value {
        let count = self.section_page_count(name);
        let url = |n: usize| Value::from(self.config.url(&routes::section_page(name, n)));
        let pages: Vec<Value> = (1..=count)
            .map(|n| map([("number", Value::from(n)), ("url", url(n)), ("current", Value::from(n == number))]))
            .collect();
        map([
            ("number", Value::from(number)),
            ("count", Value::from(count)),
            ("total", Value::from(self.section_pages(name).count())),
            ("per_page", Value::from(self.paginate_by(name))),
            ("previous", if number > 1 { url(number - 1) } else { Value::none() }),
            ("next", if number < count { url(number + 1) } else { Value::none() }),
            ("pages", Value::from(pages)),
        ])
    }

    /// Whether a page is an editor's note on an entity (a resolution, a mission): part of that
    /// entity's page, never a page of its own or an entry of a list.
    pub(super) fn is_entity_note(page: &Page) -> bool {
        Self::curated_resolution(page).is_some() || Self::curated_mission(page).is_some()
    }

    /// A curated resolution page (`content/resolutions/2553-2020.md`) adds to its resolution's page
    /// rather than being a page of its own.
    pub(super) fn curated_resolution(page: &Page) -> Option<ResolutionId> {
        if page.section != RESOLUTIONS {
            return None;
        }
        let (number, year) = page.slug.split_once('-')?;
        Some(ResolutionId::new(number.parse().ok()?, year.parse().ok()?))
    }

    pub(super) fn update_resolutions(&mut self) {
        let pages = &self.content.pages;
        let mut inputs: BTreeMap<ResolutionId, ResolutionInputs> = BTreeMap::new();
        for (i, page) in pages.iter().enumerate() {
            if let Some(key) = page.meta.resolution.as_deref().and_then(ResolutionId::parse) {
                inputs.entry(key).or_default().text_page.get_or_insert(i);
            }
            if let Some(key) = Self::curated_resolution(page) {
                inputs.entry(key).or_default().curated = Some(i);
            }
        }
        // Every resolution of a mission's mandate history has a page, mentioned or not.
        for key in self.mission_ties.keys() {
            inputs.entry(*key).or_default();
        }
        let texts: Vec<(ResolutionId, usize)> =
            inputs.iter().filter_map(|(k, v)| v.text_page.map(|i| (*k, i))).collect();
        for (key, i) in texts {
            for entity in self.linked[pages[i].path.as_str()].mentions.entities() {
                if let Entity::Resolution(other) = *entity
                    && other != key
                {
                    inputs.entry(key).or_default().recalls.push(other);
                    inputs.entry(other).or_default().recalled_by.push(key);
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
                self.data_fp,
                self.link_fp,
                input.mentions.iter().map(|b| (self.pages[b.page].card_fp, b.sentences_fp)).collect::<Vec<_>>(),
                input.text_page.map(|i| self.pages[i].fp),
                input.curated.map(|i| self.pages[i].fp),
                &input.recalls,
                &input.recalled_by,
                self.mission_ties.get(&key),
            ));
            models.insert(key, (fp, input));
        }
        let list_fp = fingerprint(models.values().map(|(fp, _)| *fp).collect::<Vec<_>>());
        if list_fp != self.resolution_list.fp || self.resolution_list.value.is_none() {
            let list: Vec<Value> = models
                .iter()
                .map(|(&id, (_, input))| {
                    let mut base = values::resolution_base(&self.config, &self.data, id);
                    base.mention_count = input.mentions.len();
                    Value::from_serializable(&base)
                })
                .collect();
            self.resolution_list = Model { fp: list_fp, value: Value::from(list) };
        }
        self.resolutions = models;
    }

    /// The template value of a resolution's page, built when it renders.
    pub(super) fn resolution_value(&self, key: ResolutionId) -> Value {
        let Some((_, input)) = self.resolutions.get(&key) else { return Value::none() };
        let pages = &self.content.pages;
        let mut value = values::resolution_base(&self.config, &self.data, key);
        let language = &self.config.language;
        value.vote_account = self.data.vote_account(key, language);
        value.council = self.data.council_members(key, language);
        value.attribution = self.data.from_library(key).then_some(crate::entities::LIBRARY_ATTRIBUTION);
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
        let link = |id: &ResolutionId| values::LinkValue {
            title: id.title(),
            url: self.config.url(&routes::resolution(*id)),
            key: id.to_string(),
        };
        value.missions = self.resolution_missions(key);
        value.recalls = input.recalls.iter().map(link).collect();
        value.recalled_by = input.recalled_by.iter().map(link).collect();
        value.mentions =
            values::backlinks(&self.config, pages, |p| &self.linked[pages[p].path.as_str()].mentions, &input.mentions);
        value.mention_count = value.mentions.len();
        Value::from_serializable(&value)
    }

    pub(super) fn update_sections(&mut self) {
        let options = MarkdownOptions::from_config(&self.config);
        let mut models = BTreeMap::new();
        for (name, section) in &self.content.sections {
            let fp = fingerprint((&section.body, format!("{:?}", section.meta), &self.config.base_url));
            if let Some(cached) = self.sections.get(name).filter(|m| m.fp == fp) {
                models.insert(name.clone(), cached.clone());
                continue;
            }
            let html = markdown::render(&section.body, &options, &section.path, &mut NoAnnotations).html;
            let value = Value::from_serializable(&values::section(&self.config, section, html));
            models.insert(name.clone(), Model { fp, value });
        }
        self.sections = models;
    }

    /// The main menu, (title, url): top-level sections, resolutions and the timeline.
    pub(super) fn nav_items(&self) -> Vec<(String, String)> {
        let mut items: Vec<(String, String)> = self
            .content
            .sections
            .values()
            .filter(|s| {
                !s.name.is_empty()
                    && !s.name.contains('/')
                    && s.name != RESOLUTIONS
                    && s.name != MISSIONS
                    && s.name != AGENDA
            })
            .map(|s| (s.title(), self.config.url(&s.path)))
            .collect();
        items.push(("Missions".into(), self.config.url(routes::MISSIONS)));
        items.push(("Resolutions".into(), self.config.url(routes::RESOLUTIONS)));
        if self.has_agenda_pages() {
            items.push(("Agenda".into(), self.config.url(routes::AGENDA)));
        }
        items.push(("Timeline".into(), self.config.url(routes::TIMELINE)));
        items
    }

    /// Pages that lists show: every page but an editor's notes on a resolution or a mission
    /// (those are part of the entity's page).
    pub(super) fn listed(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.pages.len()).filter(|&i| !Self::is_entity_note(&self.content.pages[i]))
    }

    pub(super) fn section_pages<'a>(&'a self, name: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.content.pages.iter().enumerate().filter(move |(_, p)| p.section == name).map(|(i, _)| i)
    }

    pub(super) fn subsections<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Section> + 'a {
        let prefix = if name.is_empty() { String::new() } else { format!("{name}/") };
        self.content.sections.values().filter(move |s| {
            !s.name.is_empty() && s.name != name && s.name.starts_with(&prefix) && !s.name[prefix.len()..].contains('/')
        })
    }

    /// A section with the cards of page `number` of its list.
    pub(super) fn section_with_pages(&self, name: &str, number: usize) -> Value {
        let mut value = self.sections.get(name).and_then(|m| m.value.clone().into_map()).unwrap_or_default();
        let per = self.paginate_by(name);
        let (skip, take) = if per == 0 { (0, usize::MAX) } else { ((number.max(1) - 1) * per, per) };
        value.insert(
            "pages".into(),
            Value::from(
                self.section_pages(name).skip(skip).take(take).map(|i| self.pages[i].card.clone()).collect::<Vec<_>>(),
            ),
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

    pub(super) fn all_cards(&self) -> Value {
        Value::from(self.listed().map(|i| self.pages[i].card.clone()).collect::<Vec<_>>())
    }

    pub(super) fn latest_date(&self) -> String {
        self.content.pages.iter().filter_map(|p| p.meta.date).max().map(|d| d.rfc3339()).unwrap_or_default()
    }

    /// Every HTML page's permalink, with its date where it has one.
    pub(super) fn sitemap(&self) -> Result<Value> {
        let dates: HashMap<String, String> = self
            .content
            .pages
            .iter()
            .filter_map(|p| p.meta.date.map(|d| (routes::output_file(&p.path), d.to_string())))
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

    /// The years of the timeline, newest first, with how many dated pages each has: every year
    /// with a dated page, a mission that began or ended in it, or a resolution with a page
    /// adopted in it.
    pub(super) fn timeline_years(&self) -> Vec<(i32, usize)> {
        let mut years: BTreeMap<i32, usize> = BTreeMap::new();
        for page in self.listed().map(|i| &self.content.pages[i]) {
            if let Some(date) = page.meta.date {
                *years.entry(date.year()).or_default() += 1;
            }
        }
        for year in self.mission_events().keys() {
            years.entry(*year).or_default();
        }
        for id in self.resolutions.keys() {
            years.entry(i32::from(id.year)).or_default();
        }
        years.into_iter().rev().collect()
    }

    /// The resolutions with a page adopted in `year`, in order of adoption, with their votes.
    fn timeline_resolutions(&self, year: i32) -> Vec<Value> {
        let language = &self.config.language;
        let mut ids: Vec<(Option<crate::date::Date>, ResolutionId)> = self
            .resolutions
            .keys()
            .filter(|id| i32::from(id.year) == year)
            .map(|&id| (self.data.catalogue.record(id).and_then(|r| r.adopted), id))
            .collect();
        ids.sort();
        ids.into_iter()
            .map(|(adopted, id)| {
                let record = self.data.catalogue.record(id);
                map([
                    ("key", Value::from(id.to_string())),
                    ("title", Value::from(id.title())),
                    ("url", Value::from(self.config.url(&routes::resolution(id)))),
                    ("adopted", adopted.map_or(Value::none(), |d| Value::from(d.to_string()))),
                    ("adopted_long", adopted.map_or(Value::none(), |d| Value::from(d.long()))),
                    ("topic", Value::from(record.map(|r| r.topic.clone()).unwrap_or_default())),
                    ("vote", self.data.vote_account(id, language).map_or(Value::none(), |v| Value::from(v.summary))),
                ])
            })
            .collect()
    }

    /// Covers what the timeline shows of the resolutions: which have pages, and the data.
    pub(super) fn timeline_resolutions_fp(&self) -> u64 {
        fingerprint((self.data_fp, self.resolutions.keys().collect::<Vec<_>>()))
    }

    /// The timeline's index: each year, its number of pages and its mission events.
    pub(super) fn timeline(&self) -> Value {
        let mut events = self.mission_events();
        Value::from(
            self.timeline_years()
                .into_iter()
                .map(|(year, count)| {
                    map([
                        ("year", Value::from(year)),
                        ("url", Value::from(self.config.url(&routes::timeline_year(year)))),
                        ("count", Value::from(count)),
                        ("missions", Value::from(events.remove(&year).unwrap_or_default())),
                        (
                            "resolution_count",
                            Value::from(self.resolutions.keys().filter(|id| i32::from(id.year) == year).count()),
                        ),
                    ])
                })
                .collect::<Vec<_>>(),
        )
    }

    /// Cards of the pages dated in `year`, newest first.
    pub(super) fn year_pages(&self, year: i32) -> impl Iterator<Item = usize> + '_ {
        self.listed().filter(move |&i| self.content.pages[i].meta.date.is_some_and(|d| d.year() == year))
    }

    /// One year of the timeline: its pages and mission events.
    pub(super) fn timeline_year(&self, year: i32) -> Value {
        let pages: Vec<Value> = self.year_pages(year).map(|i| self.pages[i].card.clone()).collect();
        let missions = self.mission_events().remove(&year).unwrap_or_default();
        map([
            ("year", Value::from(year)),
            ("url", Value::from(self.config.url(&routes::timeline_year(year)))),
            ("count", Value::from(pages.len())),
            ("pages", Value::from(pages)),
            ("missions", Value::from(missions)),
            ("resolutions", Value::from(self.timeline_resolutions(year))),
        ])
    }

    /// The most-cited resolutions, most mentions first: for the home page.
    pub(super) fn most_cited(&self, n: usize) -> Vec<(ResolutionId, usize)> {
        let mut cited: Vec<(ResolutionId, usize)> = self
            .resolutions
            .iter()
            .map(|(id, (_, inputs))| (*id, inputs.mentions.len()))
            .filter(|(_, n)| *n > 0)
            .collect();
        cited.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
        cited.truncate(n);
        cited
    }
}
