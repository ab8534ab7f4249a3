//! The values templates see. Lists get *cards* (a page without its content), so a list is
//! re-rendered only when something it shows changed, and a 10,000-page list stays small.

use serde::Serialize;
use tera::Value;

use crate::config::Config;
use crate::content::{Page, Section, Vote};
use crate::entities::{Entity, Missions, ReferenceData, Registry, ResolutionId, VoteAccount};
use crate::links::Backlink;
use crate::markdown::{Rendered, TocEntry, html_escape};
use crate::routes;

/// What lists show of a page.
#[derive(Serialize)]
pub struct Card<'a> {
    pub title: &'a str,
    pub path: &'a str,
    pub url: String,
    pub permalink: String,
    pub slug: &'a str,
    pub section: &'a str,
    pub date: Option<String>,
    pub date_long: Option<String>,
    pub year: Option<i32>,
    pub kind: Option<&'static str>,
    pub language: Option<&'a str>,
    pub source: Option<&'a str>,
    pub place: Option<&'a str>,
    pub author: Option<&'a str>,
    /// HTML.
    pub summary: String,
    /// Plain text, for `<meta name=description>`.
    pub description: String,
    pub draft: bool,
    pub resolution: Option<&'a str>,
    /// The UN document symbol (`S/2020/1234`), where it has one.
    pub symbol: Option<&'a str>,
}

/// What a page says of itself in a line: its `summary:`, or the first words of its text.
pub fn description(meta: &crate::content::PageMeta, rendered: &Rendered) -> String {
    meta.summary.clone().unwrap_or_else(|| rendered.summary_text.clone())
}

pub fn card<'a>(config: &Config, page: &'a Page, rendered: &Rendered) -> Card<'a> {
    let meta = &page.meta;
    let summary = match &meta.summary {
        Some(s) => format!("<p>{}</p>", html_escape(s)),
        None => rendered.summary_html.clone(),
    };
    Card {
        title: &meta.title,
        path: &page.path,
        url: config.url(&page.path),
        permalink: config.permalink(&page.path),
        slug: &page.slug,
        section: &page.section,
        date: meta.date.map(|d| d.to_string()),
        date_long: meta.date.map(|d| d.long()),
        year: meta.date.map(|d| d.year()),
        kind: meta.kind.map(|k| k.as_str()),
        language: meta.language.as_deref(),
        source: meta.source.as_deref(),
        place: meta.place.as_deref(),
        author: meta.author.as_deref(),
        description: description(meta, rendered),
        summary,
        draft: meta.draft,
        resolution: meta.resolution.as_deref(),
        symbol: meta.symbol.as_deref(),
    }
}

#[derive(Serialize)]
pub struct LinkValue {
    pub title: String,
    pub url: String,
    /// `2553 (2020)`, a symbol or a slug.
    pub key: String,
}

#[derive(Serialize)]
pub struct Mentions {
    pub resolutions: Vec<LinkValue>,
    pub officials: Vec<LinkValue>,
    pub documents: Vec<LinkValue>,
    pub missions: Vec<LinkValue>,
}

/// A page that mentions an entity, with the sentences where it does.
#[derive(Serialize)]
pub struct BacklinkValue {
    pub title: String,
    pub url: String,
    pub date: Option<String>,
    pub date_long: Option<String>,
    pub kind: Option<&'static str>,
    /// The page's language, where it has one: its sentences are in it.
    pub language: Option<String>,
    pub sentences: Vec<String>,
}

#[derive(Serialize)]
pub struct RoleValue {
    pub title: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub from_long: Option<String>,
    pub to_long: Option<String>,
    /// The mission the role's title names ("Force Commander of MINUSMA").
    pub mission: Option<LinkValue>,
}

/// A whole page: its card plus what only its own page shows.
#[derive(Serialize)]
pub struct PageValue<'a> {
    #[serde(flatten)]
    pub card: Card<'a>,
    pub file: String,
    pub word_count: usize,
    pub reading_minutes: usize,
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    pub seed: Option<&'a str>,
    /// A saved web page's own address (front-matter `url`): where the original is.
    pub original_url: Option<&'a str>,
    /// Read from a scanned image: quotes need checking against the original.
    pub ocr: bool,
    /// The official text of the document's own UN symbol, on the Official Document System.
    pub symbol_url: Option<String>,
    pub vote: Option<&'a Vote>,
    pub sponsors: &'a [String],
    pub aliases: &'a [String],
    pub roles: Vec<RoleValue>,
    pub related: Vec<LinkValue>,
    pub mentions: Mentions,
    /// For an official's page: every page that mentions them.
    pub backlinks: Vec<BacklinkValue>,
    /// For the text of a resolution: its page in /resolutions/.
    pub resolution_url: Option<String>,
    /// The pages before and after it in its section's list.
    pub previous: Option<LinkValue>,
    pub next: Option<LinkValue>,
    pub extra: &'a serde_yaml::Mapping,
}

pub fn roles(page: &Page) -> Vec<RoleValue> {
    page.meta
        .roles
        .iter()
        .map(|r| RoleValue {
            title: r.title.clone(),
            from: r.from.map(|d| d.to_string()),
            to: r.to.map(|d| d.to_string()),
            from_long: r.from.map(|d| d.long()),
            to_long: r.to.map(|d| d.long()),
            mission: None,
        })
        .collect()
}

/// How an entity is shown in a page's list of mentions.
pub fn entity_link(
    config: &Config,
    registry: &Registry,
    missions: &Missions,
    published: &dyn Fn(&str) -> bool,
    entity: &Entity,
) -> Option<LinkValue> {
    match entity {
        Entity::Resolution(id) => {
            Some(LinkValue { title: id.title(), url: config.url(&routes::resolution(*id)), key: entity.key() })
        }
        Entity::Document(symbol) => {
            Some(LinkValue { title: symbol.clone(), url: entity.undocs_url().unwrap_or_default(), key: symbol.clone() })
        }
        Entity::Official(slug) => {
            let name = registry.get(slug).map_or_else(|| slug.clone(), |o| o.name.clone());
            let url = if published(slug) { config.url(&routes::official(slug)) } else { String::new() };
            Some(LinkValue { title: name, url, key: slug.clone() })
        }
        Entity::Mission(slug) => {
            let title = missions.get(slug).map_or_else(|| slug.to_uppercase(), |m| m.label().to_string());
            Some(LinkValue { title, url: config.url(&routes::mission(slug)), key: slug.clone() })
        }
        Entity::UnknownOfficial { .. } | Entity::TheMission | Entity::Anachronism(_) => None,
    }
}

pub fn mentions<'a>(
    config: &Config,
    registry: &Registry,
    missions: &Missions,
    published: &dyn Fn(&str) -> bool,
    entities: impl Iterator<Item = &'a Entity>,
) -> Mentions {
    let mut m = Mentions { resolutions: vec![], officials: vec![], documents: vec![], missions: vec![] };
    for entity in entities {
        let Some(link) = entity_link(config, registry, missions, published, entity) else { continue };
        match entity {
            Entity::Resolution(_) => m.resolutions.push(link),
            Entity::Official(_) => m.officials.push(link),
            Entity::Document(_) => m.documents.push(link),
            Entity::Mission(_) => m.missions.push(link),
            Entity::UnknownOfficial { .. } | Entity::TheMission | Entity::Anachronism(_) => {}
        }
    }
    m
}

/// Backlinks in site order (newest first); `mentions` gives a page's mentions.
pub fn backlinks<'a>(
    config: &Config,
    pages: &[std::sync::Arc<Page>],
    mentions: impl Fn(usize) -> &'a crate::links::PageMentions,
    list: &[Backlink],
) -> Vec<BacklinkValue> {
    list.iter()
        .filter_map(|b| pages.get(b.page()).map(|p| (p, b)))
        .map(|(p, b)| BacklinkValue {
            title: p.meta.title.clone(),
            url: config.url(&p.path),
            date: p.meta.date.map(|d| d.to_string()),
            date_long: p.meta.date.map(|d| d.long()),
            kind: p.meta.kind.map(|k| k.as_str()),
            language: p.meta.language.clone(),
            sentences: b.sentences(mentions(b.page())).map(str::to_string).collect(),
        })
        .collect()
}

/// A resolution's page: catalogue facts, its text where a page holds it, what it recalls and
/// what recalls it, and every mention.
#[derive(Serialize)]
pub struct ResolutionValue {
    pub number: u32,
    pub year: u16,
    pub key: String,
    pub title: String,
    pub path: String,
    pub url: String,
    pub permalink: String,
    pub symbol: String,
    pub in_catalogue: bool,
    pub adopted: Option<String>,
    pub adopted_long: Option<String>,
    pub meeting: Option<String>,
    pub topic: Option<String>,
    /// The agenda items its topic belongs to (usually one).
    pub agenda: Vec<LinkValue>,
    pub vote: Option<Vote>,
    /// Adopted without a vote.
    pub without_vote: bool,
    pub official_text_url: String,
    /// How the members voted, in words ("13 in favour, none against, 2 abstentions (China,
    /// Russian Federation)"), with the members named where the votes file records them.
    pub vote_account: Option<VoteAccount>,
    /// The Council's members in its year, named in the site's language, where known.
    pub council: Vec<String>,
    /// The Library's attribution, where a fact shown comes from its voting data.
    pub attribution: Option<&'static str>,
    /// The handbook page that holds the resolution's text, if one does.
    pub text_page: Option<LinkValue>,
    /// The text itself (HTML), from that page.
    pub text: Option<String>,
    /// An editor's notes from `content/resolutions/<number>-<year>.md` (HTML).
    pub content: Option<String>,
    pub recalls: Vec<LinkValue>,
    pub recalled_by: Vec<LinkValue>,
    /// The missions it concerns: its text names them, it set them up, or its agenda item and
    /// date tie it to them.
    pub missions: Vec<LinkValue>,
    pub mentions: Vec<BacklinkValue>,
    pub mention_count: usize,
}

pub fn resolution_base(config: &Config, data: &ReferenceData, id: ResolutionId) -> ResolutionValue {
    let ResolutionId { number, year } = id;
    let record = data.catalogue.record(id);
    let path = routes::resolution(id);
    let entity = Entity::Resolution(id);
    ResolutionValue {
        number,
        year,
        key: entity.key(),
        title: format!("Resolution {number} ({year})"),
        url: config.url(&path),
        permalink: config.permalink(&path),
        path,
        symbol: record.map_or_else(|| format!("S/RES/{number} ({year})"), |r| r.symbol.clone()),
        in_catalogue: record.is_some(),
        adopted: record.and_then(|r| r.adopted).map(|d| d.to_string()),
        adopted_long: record.and_then(|r| r.adopted).map(|d| d.long()),
        meeting: record.and_then(|r| r.meeting.clone()),
        topic: record.map(|r| r.topic.clone()).filter(|t| !t.is_empty()),
        agenda: record.map_or_else(Vec::new, |r| agenda_links(config, data, &r.topic)),
        vote: record.and_then(|r| r.vote.clone()),
        without_vote: record.is_some_and(|r| r.without_vote),
        official_text_url: entity.undocs_url().unwrap_or_default(),
        vote_account: None,
        council: vec![],
        attribution: None,
        text_page: None,
        text: None,
        content: None,
        recalls: vec![],
        recalled_by: vec![],
        missions: vec![],
        mentions: vec![],
        mention_count: 0,
    }
}

/// Links to the agenda items a catalogue topic belongs to.
pub fn agenda_links(config: &Config, data: &ReferenceData, topic: &str) -> Vec<LinkValue> {
    data.agenda
        .items_of(topic)
        .map(|item| LinkValue {
            title: item.title.clone(),
            url: config.url(&routes::agenda_item(&item.slug)),
            key: item.slug.clone(),
        })
        .collect()
}

#[derive(Serialize)]
pub struct SectionValue<'a> {
    pub title: String,
    pub name: &'a str,
    pub path: &'a str,
    pub url: String,
    pub description: Option<&'a str>,
    pub content: String,
}

pub fn section<'a>(config: &Config, section: &'a Section, content_html: String) -> SectionValue<'a> {
    SectionValue {
        title: section.title(),
        name: &section.name,
        path: &section.path,
        url: config.url(&section.path),
        description: section.meta.as_ref().and_then(|m| m.description.as_deref()),
        content: content_html,
    }
}

pub fn map(entries: impl IntoIterator<Item = (&'static str, Value)>) -> Value {
    let mut map = tera::Map::new();
    for (k, v) in entries {
        map.insert(k.into(), v);
    }
    Value::from(map)
}
