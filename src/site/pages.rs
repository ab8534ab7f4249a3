//! The template values of a page, a section's list and a resolution's page: made when the page
//! renders, from the site model, and dropped after.

use tera::Value;

use super::fingerprint::fingerprint;
use super::sections::OFFICIALS;
use super::values::{self, map};
use super::view::Site;
use crate::entities::ResolutionId;
use crate::routes;

/// How many list pages either side of the current one its pager offers.
const PAGER_REACH: usize = 3;

impl Site<'_> {
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
            card: values::card(self.config, page, &linked.rendered),
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
                self.config,
                self.registry,
                self.missions,
                &published,
                linked.mentions.entities(),
            ),
            backlinks: values::backlinks(
                self.config,
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

    /// Covers what a page shows of its neighbours.
    pub(super) fn neighbours_fp(&self, i: usize) -> u64 {
        let (prev, next) = self.neighbours.get(i).copied().unwrap_or_default();
        let facts = |p: Option<usize>| p.map(|p| self.pages[p].link_facts_fp);
        fingerprint((facts(prev), facts(next)))
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

    /// What a list page says of where it is among its section's pages. `pages` holds the pages
    /// worth a link from it: the first, the last, and the three either side of this one (every
    /// page of the list, on each of its pages, made lists of thousands of pages quadratic).
    pub(super) fn paginator(&self, name: &str, number: usize) -> Value {
        let count = self.section_page_count(name);
        let url = |n: usize| Value::from(self.config.url(&routes::section_page(name, n)));
        let pages: Vec<Value> = (1..=count)
            .filter(|&n| n == 1 || n == count || n.abs_diff(number) <= PAGER_REACH)
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

    /// The template value of a resolution's page, built when it renders.
    pub(super) fn resolution_value(&self, key: ResolutionId) -> Value {
        let Some((_, input)) = self.resolutions.get(&key) else { return Value::none() };
        let pages = &self.content.pages;
        let mut value = values::resolution_base(self.config, self.data, key);
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
            values::backlinks(self.config, pages, |p| &self.linked[pages[p].path.as_str()].mentions, &input.mentions);
        value.mention_count = value.mentions.len();
        Value::from_serializable(&value)
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
}
