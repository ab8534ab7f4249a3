//! Mission pages: every peace operation the handbook knows gets one (`/missions/<slug>/`), with
//! its facts, its lineage, its mandate history (the resolutions that concern it, with the
//! operative sentence where the handbook holds the text), the officials whose roles name it, the
//! Secretary-General's reports on it and every page that mentions it. This is the stage that
//! derives them from the linked site; `mission_pages` makes their template values.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;
use tera::Value;

use super::fingerprint::fingerprint;
use super::link::{LinkedPages, Linking};
use super::model::{LinkedSite, Model};
use super::sections;
use super::values;
use crate::config::Config;
use crate::content::{Content, Kind};
use crate::date::Date;
use crate::entities::{Entity, Mission, Missions, ReferenceData, ResolutionId};
use crate::links::Backlink;
use crate::routes;

/// Why a resolution is in a mission's mandate history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum Basis {
    /// It set the mission up (the list's `established_by`).
    Established,
    /// Its text, in the handbook, names the mission.
    Text,
    /// Its agenda item names a place of the mission, and it was adopted in the mission's time.
    Agenda,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct MandateEntry {
    pub(super) id: ResolutionId,
    pub(super) adopted: Option<Date>,
    pub(super) basis: Basis,
    /// The operative sentence that establishes, extends or changes the mandate, from the text.
    pub(super) quote: Option<String>,
    /// The date the quote authorizes the mission until.
    pub(super) until: Option<Date>,
}

/// What a mission's page is made of, besides the mission itself.
/// See [`mission_facts`].
#[derive(Debug, Clone, Default)]
pub(super) struct MissionFacts {
    agenda: Vec<ResolutionId>,
    officials: Vec<(String, usize)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct MissionInputs {
    /// The editor's page (`content/missions/<slug>.md`).
    pub(super) curated: Option<usize>,
    pub(super) mentions: Vec<Backlink>,
    pub(super) mandate: Vec<MandateEntry>,
    /// (official, role) of the registry.
    pub(super) officials: Vec<(String, usize)>,
    /// Pages that are the Secretary-General's reports on it.
    pub(super) reports: Vec<usize>,
}

/// "Decides to extend the mandate of UNTAC until …", "Decides to establish …", "Authorizes …".
static OPERATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:decides|authori[sz]es|requests)\b.*\b(?:establish|extend|renew|mandate|terminate|prolong|deploy|withdraw)")
        .expect("static regex")
});
static UNTIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\buntil (\d{1,2} \p{L}+ \d{4})").expect("static regex"));

/// The region a place of a peace operation is in, as the UN's lists group them.
pub(super) fn region(location: &str) -> &'static str {
    let place = location.split('(').next().unwrap_or(location).trim();
    match place {
        "Afghanistan" | "Cambodia" | "East Timor" | "Timor-Leste" | "India" | "Pakistan" | "Nepal" | "Tajikistan"
        | "West New Guinea" => "Asia and the Pacific",
        "Bosnia and Herzegovina"
        | "Croatia"
        | "Cyprus"
        | "Federal Republic of Yugoslavia"
        | "Georgia"
        | "Kosovo"
        | "North Macedonia" => "Europe",
        "Colombia" | "Costa Rica" | "Dominican Republic" | "El Salvador" | "Guatemala" | "Haiti" | "Honduras"
        | "Nicaragua" => "Americas",
        "Egypt" | "Iran" | "Iraq" | "Israel" | "Jordan" | "Kuwait" | "Lebanon" | "Syria" | "Yemen" => "Middle East",
        _ => "Africa",
    }
}

/// Whether `text` names `mission`: its acronym as a whole word, or its name.
pub(super) fn names(text: &str, mission: &Mission) -> bool {
    names_folded(text, &text.to_lowercase(), mission, &mission.name.to_lowercase())
}

/// [`names`], with `text` and the mission's name already lowercased (for loops over many).
fn names_folded(text: &str, text_lower: &str, mission: &Mission, name_lower: &str) -> bool {
    let acronym = mission.acronym.as_deref().is_some_and(|a| {
        text.match_indices(a).any(|(i, _)| {
            let before = text[..i].chars().next_back();
            let after = text[i + a.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    });
    acronym || text_lower.contains(name_lower)
}

/// The resolutions the catalogue ties to `mission`: adopted while it existed, on an agenda item
/// that names one of its places.
fn agenda_ties(mission: &Mission, since: Option<Date>, topics: &[(ResolutionId, Date, String)]) -> Vec<ResolutionId> {
    let places: Vec<String> = mission
        .locations
        .iter()
        .map(|l| l.split('(').next().unwrap_or(l).trim().to_lowercase())
        .filter(|p| p.len() > 3)
        .collect();
    let (Some(since), false) = (since, places.is_empty()) else { return Vec::new() };
    let until = mission.end.and_then(|e| e.latest());
    topics
        .iter()
        .filter(|(_, adopted, topic)| {
            *adopted >= since
                && until.is_none_or(|u| *adopted <= u)
                && places.iter().any(|p| topic.contains(p.as_str()))
        })
        .map(|(id, _, _)| *id)
        .collect()
}

/// Every mission's page, the list of them, and the missions each resolution concerns.
#[derive(Default)]
pub(super) struct MissionModels {
    /// Each mission's page: its fingerprint and what it is made of.
    pub(super) pages: BTreeMap<String, (u64, MissionInputs)>,
    pub(super) list: Model,
    /// The missions each resolution concerns (its text names them, it set them up, or its agenda
    /// item and date tie it to them).
    pub(super) ties: BTreeMap<ResolutionId, Vec<String>>,
}

/// The mission pages of the linked site. `facts` come from [`mission_facts`]; `previous_list`
/// is reused when what the list shows is unchanged.
pub(super) fn derive(site: &LinkedSite, facts: &BTreeMap<String, MissionFacts>, previous_list: Model) -> MissionModels {
    let pages = &site.content.pages;
    let missions = &site.linking.missions;
    let models = site.pages;
    let catalogue = &site.data.catalogue;
    // The texts of resolutions the handbook holds, and the missions each names.
    let mut texts: BTreeMap<ResolutionId, usize> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        if let Some(id) = page.meta.resolution.as_deref().and_then(ResolutionId::parse) {
            texts.entry(id).or_insert(i);
        }
    }
    let adopted = |id: ResolutionId| catalogue.record(id).and_then(|r| r.adopted);
    let mut ties: BTreeMap<ResolutionId, Vec<String>> = BTreeMap::new();
    let mut out = BTreeMap::new();
    // The Secretary-General's reports to the Council (few): each mission's are among them.
    let reports: Vec<(usize, String)> = site
        .listed()
        .filter(|&i| {
            let meta = &pages[i].meta;
            meta.kind == Some(Kind::Report) && meta.symbol.as_deref().is_some_and(|s| s.starts_with("S/"))
        })
        .map(|i| (i, pages[i].meta.title.to_lowercase()))
        .collect();
    // The editors' pages on missions, by slug (the first of a slug, as in page order).
    let mut curated_pages: ahash::AHashMap<&str, usize> = ahash::AHashMap::new();
    for (i, page) in pages.iter().enumerate() {
        if let Some(slug) = sections::curated_mission(page) {
            curated_pages.entry(slug).or_insert(i);
        }
    }
    for mission in missions.all() {
        let slug = &mission.slug;
        let mut mandate: BTreeMap<ResolutionId, MandateEntry> = BTreeMap::new();
        let add = |mandate: &mut BTreeMap<ResolutionId, MandateEntry>, id: ResolutionId, basis: Basis| {
            let entry =
                mandate.entry(id).or_insert(MandateEntry { id, adopted: adopted(id), basis, quote: None, until: None });
            entry.basis = entry.basis.min(basis);
        };
        for &id in &mission.established_by {
            add(&mut mandate, id, Basis::Established);
        }
        let facts = facts.get(slug.as_str());
        for &id in facts.map_or(&[][..], |f| &f.agenda[..]) {
            add(&mut mandate, id, Basis::Agenda);
        }
        for (&id, &i) in &texts {
            let mentions = &site.linked[pages[i].path.as_str()].mentions;
            let Some(group) = mentions.groups.iter().find(|g| g.entity == Entity::Mission(slug.clone())) else {
                continue;
            };
            add(&mut mandate, id, Basis::Text);
            let quote = group.sentences.iter().find(|s| OPERATIVE.is_match(s)).map(|s| s.to_string());
            if let Some(entry) = mandate.get_mut(&id) {
                entry.until = quote.as_deref().and_then(|q| UNTIL.captures(q)).and_then(|c| Date::parse_long(&c[1]));
                entry.quote = quote;
            }
        }
        let mut mandate: Vec<MandateEntry> = mandate.into_values().collect();
        mandate.sort_by_key(|e| (e.adopted, e.id));
        for entry in &mandate {
            ties.entry(entry.id).or_default().push(slug.clone());
        }
        let officials = facts.map(|f| f.officials.clone()).unwrap_or_default();
        let name_lower = mission.name.to_lowercase();
        let reports: Vec<usize> = reports
            .iter()
            .filter(|(i, title_lower)| {
                names_folded(&pages[*i].meta.title, title_lower, mission, &name_lower)
                    || only_running_mission(site.content, site.linked, missions, *i) == Some(slug.as_str())
            })
            .map(|(i, _)| *i)
            .collect();
        let curated = curated_pages.get(slug.as_str()).copied();
        let mentions: Vec<Backlink> = site
            .index
            .missions
            .get(slug.as_str())
            .map(|b| b.iter().filter(|b| Some(b.page()) != curated).cloned().collect())
            .unwrap_or_default();
        let inputs = MissionInputs { curated, mentions, mandate, officials, reports };
        let fp = fingerprint((
            slug,
            format!("{mission:?}"),
            site.data_fp,
            site.linking.link_fp,
            inputs.mentions.iter().map(|b| (models[b.page()].card_fp, b.sentences_fp)).collect::<Vec<_>>(),
            &inputs.mandate,
            &inputs.officials,
            inputs.reports.iter().map(|&i| models[i].card_fp).collect::<Vec<_>>(),
            inputs.curated.map(|i| models[i].fp),
        ));
        out.insert(slug.clone(), (fp, inputs));
    }
    let list_fp = fingerprint(
        out.iter()
            .map(|(slug, (_, input))| (slug, input.mentions.len(), site.data_fp, site.linking.link_fp))
            .collect::<Vec<_>>(),
    );
    let list = if list_fp == previous_list.fp && !previous_list.value.is_none() {
        previous_list
    } else {
        Model { fp: list_fp, value: list_value(site.config, missions, &out) }
    };
    MissionModels { pages: out, list, ties }
}

/// The list of missions: all, active, closed, and by region.
fn list_value(config: &Config, missions: &Missions, pages: &BTreeMap<String, (u64, MissionInputs)>) -> Value {
    let mut all: Vec<&Mission> = missions.all().iter().collect();
    all.sort_by_key(|m| (m.start, m.slug.as_str()));
    let summary = |m: &Mission| {
        let count = pages.get(&m.slug).map_or(0, |(_, input)| input.mentions.len());
        Value::from_serializable(&mission_summary(config, m, count))
    };
    let mut regions: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for m in &all {
        regions.entry(m.locations.first().map_or("Other", |l| region(l))).or_default().push(summary(m));
    }
    let regions: Vec<Value> = regions
        .into_iter()
        .map(|(name, missions)| values::map([("region", Value::from(name)), ("missions", Value::from(missions))]))
        .collect();
    values::map([
        ("all", Value::from(all.iter().map(|m| summary(m)).collect::<Vec<_>>())),
        ("active", Value::from(all.iter().filter(|m| m.is_active()).map(|m| summary(m)).collect::<Vec<_>>())),
        ("closed", Value::from(all.iter().filter(|m| !m.is_active()).map(|m| summary(m)).collect::<Vec<_>>())),
        ("regions", Value::from(regions)),
    ])
}

/// What each mission's page takes from the reference data and the officials alone: the
/// resolutions its agenda item and dates tie it to, the offices that name it. The orchestrator
/// makes them again only when those change (`recognizer_inputs`), not on every edit: matching
/// topics and titles costs tens of ms.
pub(super) fn mission_facts(linking: &Linking, data: &ReferenceData) -> BTreeMap<String, MissionFacts> {
    let topics: Vec<(ResolutionId, Date, String)> = data
        .catalogue
        .iter()
        .filter_map(|r| r.adopted.map(|d| (ResolutionId::new(r.number, r.year), d, r.topic.to_lowercase())))
        .collect();
    linking
        .missions
        .all()
        .iter()
        .map(|mission| {
            let since = mission.existed_from(&data.catalogue);
            let officials = linking
                .registry
                .officials()
                .iter()
                .flat_map(|o| {
                    o.roles
                        .iter()
                        .enumerate()
                        .filter(|(_, r)| names(&r.title, mission))
                        .map(|(r, _)| (o.slug.clone(), r))
                })
                .collect();
            (mission.slug.clone(), MissionFacts { agenda: agenda_ties(mission, since, &topics), officials })
        })
        .collect()
}

/// The one mission page `i` names that ran on its date, if it names exactly one.
fn only_running_mission<'a>(
    content: &Content,
    linked: &LinkedPages,
    missions: &'a Missions,
    i: usize,
) -> Option<&'a str> {
    let page = &content.pages[i];
    let mentions = &linked.get(page.path.as_str())?.mentions;
    let mut running = mentions.entities().filter_map(|e| match e {
        Entity::Mission(slug) => {
            let m = missions.get(slug)?;
            page.meta.date.is_none_or(|d| m.active_on(d)).then_some(m.slug.as_str())
        }
        _ => None,
    });
    match (running.next(), running.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// What the list of missions shows of one, and the start of its page.
pub(super) fn mission_summary(config: &Config, m: &Mission, mention_count: usize) -> MissionSummary {
    let path = routes::mission(&m.slug);
    MissionSummary {
        slug: m.slug.clone(),
        title: m.label().to_string(),
        name: m.name.clone(),
        acronym: m.acronym.clone(),
        url: config.url(&path),
        permalink: config.permalink(&path),
        kind: m.kind.map(|k| k.as_str()),
        locations: m.locations.clone(),
        region: m.locations.first().map(|l| region(l)),
        start: m.start.map(|d| d.to_string()),
        start_long: m.start.map(|d| d.long()),
        end: m.end.map(|d| d.to_string()),
        end_long: m.end.map(|d| d.long()),
        status: if m.is_active() { "active" } else { "closed" },
        mention_count,
    }
}

/// What the list of missions shows of one, and the start of its page ([`mission_summary`]).
#[derive(Serialize)]
pub(super) struct MissionSummary {
    pub slug: String,
    /// Its acronym, or its name.
    pub title: String,
    pub name: String,
    pub acronym: Option<String>,
    pub url: String,
    pub permalink: String,
    /// `peacekeeping` or `political`.
    pub kind: Option<&'static str>,
    pub locations: Vec<String>,
    pub region: Option<&'static str>,
    pub start: Option<String>,
    pub start_long: Option<String>,
    pub end: Option<String>,
    pub end_long: Option<String>,
    /// `active` or `closed`.
    pub status: &'static str,
    pub mention_count: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_of_places() {
        assert_eq!(region("Cambodia"), "Asia and the Pacific");
        assert_eq!(region("Egypt (Sinai and Gaza Strip)"), "Middle East");
        assert_eq!(region("Haiti"), "Americas");
        assert_eq!(region("Mali"), "Africa");
    }

    #[test]
    fn operative_sentences_and_the_date_they_authorize_until() {
        let q = "Decides to extend the mandate of UNTAC until 15 November 1993;";
        assert!(OPERATIVE.is_match(q));
        assert_eq!(UNTIL.captures(q).map(|c| c[1].to_string()).as_deref(), Some("15 November 1993"));
        assert!(!OPERATIVE.is_match("Recalling the establishment of UNTAC,"));
    }
}
