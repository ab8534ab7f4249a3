//! Mission pages: every peace operation the handbook knows gets one (`/missions/<slug>/`), with
//! its facts, its lineage, its mandate history (the resolutions that concern it, with the
//! operative sentence where the handbook holds the text), the officials whose roles name it, the
//! Secretary-General's reports on it and every page that mentions it.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;
use tera::Value;

use super::engine::{Engine, MISSIONS};
use super::fingerprint::fingerprint;
use super::model::Model;
use super::values::{self, BacklinkValue, LinkValue};
use crate::content::{Kind, Page};
use crate::date::Date;
use crate::entities::{Entity, Mission, ResolutionId};
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
/// See [`Engine::update_mission_facts`].
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
fn names(text: &str, mission: &Mission) -> bool {
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

impl Engine<'_> {
    /// An editor's page on a mission (`content/missions/untac.md`) adds to the mission's page
    /// rather than being a page of its own.
    pub(super) fn curated_mission(page: &Page) -> Option<&str> {
        (page.section == MISSIONS).then_some(page.slug.as_str())
    }

    /// Every mission's page model, and which missions each resolution concerns.
    pub(super) fn update_missions(&mut self) {
        self.update_mission_facts();
        let pages = &self.content.pages;
        let catalogue = &self.data.catalogue;
        // The texts of resolutions the handbook holds, and the missions each names.
        let mut texts: BTreeMap<ResolutionId, usize> = BTreeMap::new();
        for (i, page) in pages.iter().enumerate() {
            if let Some(id) = page.meta.resolution.as_deref().and_then(ResolutionId::parse) {
                texts.entry(id).or_insert(i);
            }
        }
        let adopted = |id: ResolutionId| catalogue.record(id).and_then(|r| r.adopted);
        let mut ties: BTreeMap<ResolutionId, Vec<String>> = BTreeMap::new();
        let mut models = BTreeMap::new();
        // The Secretary-General's reports to the Council (few): each mission's are among them.
        let reports: Vec<(usize, String)> = self
            .listed()
            .filter(|&i| {
                let meta = &pages[i].meta;
                meta.kind == Some(Kind::Report) && meta.symbol.as_deref().is_some_and(|s| s.starts_with("S/"))
            })
            .map(|i| (i, pages[i].meta.title.to_lowercase()))
            .collect();
        for mission in self.missions.all() {
            let slug = &mission.slug;
            let mut mandate: BTreeMap<ResolutionId, MandateEntry> = BTreeMap::new();
            let add = |mandate: &mut BTreeMap<ResolutionId, MandateEntry>, id: ResolutionId, basis: Basis| {
                let entry = mandate.entry(id).or_insert(MandateEntry {
                    id,
                    adopted: adopted(id),
                    basis,
                    quote: None,
                    until: None,
                });
                entry.basis = entry.basis.min(basis);
            };
            for &id in &mission.established_by {
                add(&mut mandate, id, Basis::Established);
            }
            let facts = self.mission_facts.1.get(slug.as_str());
            for &id in facts.map_or(&[][..], |f| &f.agenda[..]) {
                add(&mut mandate, id, Basis::Agenda);
            }
            for (&id, &i) in &texts {
                let mentions = &self.linked[pages[i].path.as_str()].mentions;
                let Some(group) = mentions.groups.iter().find(|g| g.entity == Entity::Mission(slug.clone())) else {
                    continue;
                };
                add(&mut mandate, id, Basis::Text);
                let quote = group.sentences.iter().find(|s| OPERATIVE.is_match(s)).map(|s| s.to_string());
                if let Some(entry) = mandate.get_mut(&id) {
                    entry.until =
                        quote.as_deref().and_then(|q| UNTIL.captures(q)).and_then(|c| Date::parse_long(&c[1]));
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
                        || self.only_running_mission(*i) == Some(slug.as_str())
                })
                .map(|(i, _)| *i)
                .collect();
            let curated = pages.iter().position(|p| Self::curated_mission(p) == Some(slug.as_str()));
            let mentions: Vec<Backlink> = self
                .index
                .missions
                .get(slug.as_str())
                .map(|b| b.iter().filter(|b| Some(b.page) != curated).cloned().collect())
                .unwrap_or_default();
            let inputs = MissionInputs { curated, mentions, mandate, officials, reports };
            let fp = fingerprint((
                slug,
                format!("{mission:?}"),
                self.data_fp,
                self.link_fp,
                inputs.mentions.iter().map(|b| (self.pages[b.page].card_fp, b.sentences_fp)).collect::<Vec<_>>(),
                &inputs.mandate,
                &inputs.officials,
                inputs.reports.iter().map(|&i| self.pages[i].card_fp).collect::<Vec<_>>(),
                inputs.curated.map(|i| self.pages[i].fp),
            ));
            models.insert(slug.clone(), (fp, inputs));
        }
        let list_fp = fingerprint(
            models
                .iter()
                .map(|(slug, (_, input))| (slug, input.mentions.len(), self.data_fp, self.link_fp))
                .collect::<Vec<_>>(),
        );
        if list_fp != self.mission_list.fp || self.mission_list.value.is_none() {
            let mut all: Vec<&Mission> = self.missions.all().iter().collect();
            all.sort_by_key(|m| (m.start, m.slug.as_str()));
            let summary = |m: &Mission| {
                let count = models.get(&m.slug).map_or(0, |(_, input)| input.mentions.len());
                Value::from_serializable(&self.mission_summary(m, count))
            };
            let mut regions: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
            for m in &all {
                regions.entry(m.locations.first().map_or("Other", |l| region(l))).or_default().push(summary(m));
            }
            let regions: Vec<Value> = regions
                .into_iter()
                .map(|(name, missions)| {
                    values::map([("region", Value::from(name)), ("missions", Value::from(missions))])
                })
                .collect();
            let list = values::map([
                ("all", Value::from(all.iter().map(|m| summary(m)).collect::<Vec<_>>())),
                ("active", Value::from(all.iter().filter(|m| m.is_active()).map(|m| summary(m)).collect::<Vec<_>>())),
                ("closed", Value::from(all.iter().filter(|m| !m.is_active()).map(|m| summary(m)).collect::<Vec<_>>())),
                ("regions", Value::from(regions)),
            ]);
            self.mission_list = Model { fp: list_fp, value: list };
        }
        self.mission_models = models;
        self.mission_ties = ties;
    }

    /// What each mission's page takes from the reference data and the officials alone: the
    /// resolutions its agenda item and dates tie it to, the offices that name it. Made again only
    /// when those change, not on every edit (matching topics and titles costs tens of ms).
    fn update_mission_facts(&mut self) {
        if self.mission_facts.0 == self.recognizer_inputs && !self.mission_facts.1.is_empty() {
            return;
        }
        let topics: Vec<(ResolutionId, Date, String)> = self
            .data
            .catalogue
            .iter()
            .filter_map(|r| r.adopted.map(|d| (ResolutionId::new(r.number, r.year), d, r.topic.to_lowercase())))
            .collect();
        let facts = self
            .missions
            .all()
            .iter()
            .map(|mission| {
                let since = mission.existed_from(&self.data.catalogue);
                let officials = self
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
            .collect();
        self.mission_facts = (self.recognizer_inputs, facts);
    }

    /// The mission an office's title names ("Head of UNTAC", "Force Commander of the United Nations
    /// Mission in Liberia"), if one.
    pub(super) fn mission_named_by(&self, title: &str) -> Option<&str> {
        self.missions.all().iter().find(|m| names(title, m)).map(|m| m.slug.as_str())
    }

    /// The one mission page `i` names that ran on its date, if it names exactly one.
    pub(super) fn only_running_mission(&self, i: usize) -> Option<&str> {
        let page = &self.content.pages[i];
        let mentions = &self.linked.get(page.path.as_str())?.mentions;
        let mut running = mentions.entities().filter_map(|e| match e {
            Entity::Mission(slug) => {
                let m = self.missions.get(slug)?;
                page.meta.date.is_none_or(|d| m.active_on(d)).then_some(slug.as_str())
            }
            _ => None,
        });
        match (running.next(), running.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        }
    }

    pub(super) fn mission_link(&self, slug: &str) -> LinkValue {
        let title = self.missions.get(slug).map_or_else(|| slug.to_uppercase(), |m| m.label().to_string());
        LinkValue { title, url: self.config.url(&routes::mission(slug)), key: slug.to_string() }
    }

    fn mission_summary(&self, m: &Mission, mention_count: usize) -> MissionSummary {
        let path = routes::mission(&m.slug);
        MissionSummary {
            slug: m.slug.clone(),
            title: m.label().to_string(),
            name: m.name.clone(),
            acronym: m.acronym.clone(),
            url: self.config.url(&path),
            permalink: self.config.permalink(&path),
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

    /// The missions still running, oldest first, as the home page shows them: a mission's summary
    /// less its mention count (which changes with every edit that names it), so that the home's
    /// fingerprint covers exactly what it is given.
    pub(super) fn active_missions(&self) -> Vec<serde_json::Value> {
        let mut active: Vec<&Mission> = self.missions.all().iter().filter(|m| m.is_active()).collect();
        active.sort_by_key(|m| (m.start, m.slug.as_str()));
        active
            .into_iter()
            .filter_map(|m| serde_json::to_value(self.mission_summary(m, 0)).ok())
            .map(|mut summary| {
                if let Some(fields) = summary.as_object_mut() {
                    fields.remove("mention_count");
                }
                summary
            })
            .collect()
    }

    /// The template value of a mission's page, built when it renders.
    pub(super) fn mission_value(&self, slug: &str) -> Value {
        let (Some(mission), Some((_, input))) = (self.missions.get(slug), self.mission_models.get(slug)) else {
            return Value::none();
        };
        let pages = &self.content.pages;
        let resolution_link = |id: &ResolutionId| LinkValue {
            title: id.title(),
            url: self.config.url(&routes::resolution(*id)),
            key: id.to_string(),
        };
        // The list names predecessors it lacks (political offices like UNOL): named, not linked.
        let lineage = |slugs: &[String]| {
            slugs
                .iter()
                .map(|s| {
                    let known = self.missions.get(s).is_some();
                    let link = self.mission_link(s);
                    LineageValue { title: link.title, url: known.then_some(link.url) }
                })
                .collect::<Vec<_>>()
        };
        let mandate: Vec<MandateValue> = input
            .mandate
            .iter()
            .map(|e| MandateValue {
                resolution: resolution_link(&e.id),
                adopted: e.adopted.map(|d| d.to_string()),
                adopted_long: e.adopted.map(|d| d.long()),
                basis: e.basis,
                vote: self.data.vote_account(e.id, &self.config.language).map(|v| v.summary),
                quote: e.quote.clone(),
                until: e.until.map(|d| d.to_string()),
                until_long: e.until.map(|d| d.long()),
            })
            .collect();
        let current =
            mission.is_active().then(|| input.mandate.iter().rev().find(|e| e.until.is_some())).flatten().map(|e| {
                CurrentAuthorization {
                    until: e.until.map(|d| d.to_string()).unwrap_or_default(),
                    until_long: e.until.map(|d| d.long()).unwrap_or_default(),
                    resolution: resolution_link(&e.id),
                }
            });
        let officials: Vec<MissionOfficial> = input
            .officials
            .iter()
            .filter_map(|(slug, r)| {
                let official = self.registry.get(slug)?;
                let role = official.roles.get(*r)?;
                let url = self.published_officials.contains(slug).then(|| self.config.url(&routes::official(slug)));
                Some(MissionOfficial {
                    name: official.name.clone(),
                    url,
                    role: role.title.clone(),
                    from: role.from.map(|d| d.to_string()),
                    from_long: role.from.map(|d| d.long()),
                    to: role.to.map(|d| d.to_string()),
                    to_long: role.to.map(|d| d.long()),
                })
            })
            .collect();
        let reports: Vec<MissionReport> = input
            .reports
            .iter()
            .map(|&i| {
                let page = &pages[i];
                MissionReport {
                    title: page.meta.title.clone(),
                    url: self.config.url(&page.path),
                    symbol: page.meta.symbol.clone(),
                    date: page.meta.date.map(|d| d.to_string()),
                    date_long: page.meta.date.map(|d| d.long()),
                }
            })
            .collect();
        let mentions =
            values::backlinks(&self.config, pages, |p| &self.linked[pages[p].path.as_str()].mentions, &input.mentions);
        let value = MissionValue {
            summary: self.mission_summary(mission, mentions.len()),
            aliases: mission
                .aliases
                .iter()
                .map(|a| AliasValue { name: a.clone(), language: alias_language(a) })
                .collect(),
            source: (!mission.source.is_empty()).then(|| mission.source.clone()),
            established_by: mission.established_by.iter().map(resolution_link).collect(),
            agenda: self.mission_agenda(&input.mandate.iter().map(|e| e.id).collect::<Vec<_>>()),
            predecessors: lineage(&mission.predecessors),
            successors: lineage(&mission.successors),
            content: input.curated.map(|i| self.linked[pages[i].path.as_str()].rendered.html.clone()),
            current_authorization: current,
            mandate,
            officials,
            reports,
            mentions,
        };
        Value::from_serializable(&value)
    }

    /// The missions a resolution concerns, for its page.
    pub(super) fn resolution_missions(&self, id: ResolutionId) -> Vec<LinkValue> {
        self.mission_ties.get(&id).map(|slugs| slugs.iter().map(|s| self.mission_link(s)).collect()).unwrap_or_default()
    }

    /// Missions that started and ended in each year, for the timeline.
    pub(super) fn mission_events(&self) -> BTreeMap<i32, Vec<Value>> {
        let mut years: BTreeMap<i32, Vec<Value>> = BTreeMap::new();
        for m in self.missions.all() {
            for (date, event) in [(m.start, "began"), (m.end, "ended")] {
                let Some(date) = date else { continue };
                let link = self.mission_link(&m.slug);
                years.entry(date.year).or_default().push(values::map([
                    ("title", Value::from(link.title)),
                    ("name", Value::from(m.name.clone())),
                    ("url", Value::from(link.url)),
                    ("event", Value::from(event)),
                    ("date", Value::from(date.to_string())),
                    ("date_long", Value::from(date.long())),
                ]));
            }
        }
        years
    }
}

/// What the list of missions shows of one, and the start of its page.
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

/// Another name of a mission, and the language it is in (for `lang`).
#[derive(Serialize)]
struct AliasValue {
    name: String,
    language: &'static str,
}

/// The language of a mission's other name: the UN's name in Spanish or French says so.
fn alias_language(name: &str) -> &'static str {
    if name.contains("Naciones Unidas") {
        "es"
    } else if name.contains("Nations Unies") {
        "fr"
    } else {
        "en"
    }
}

#[derive(Serialize)]
struct MandateValue {
    resolution: LinkValue,
    adopted: Option<String>,
    adopted_long: Option<String>,
    basis: Basis,
    /// How the Council voted on it, in words.
    vote: Option<String>,
    quote: Option<String>,
    until: Option<String>,
    until_long: Option<String>,
}

#[derive(Serialize)]
struct CurrentAuthorization {
    until: String,
    until_long: String,
    resolution: LinkValue,
}

#[derive(Serialize)]
struct MissionOfficial {
    name: String,
    url: Option<String>,
    role: String,
    from: Option<String>,
    from_long: Option<String>,
    to: Option<String>,
    to_long: Option<String>,
}

#[derive(Serialize)]
struct MissionReport {
    title: String,
    url: String,
    symbol: Option<String>,
    date: Option<String>,
    date_long: Option<String>,
}

/// A mission before or after this one; `url` is `None` when the handbook has no page for it.
#[derive(Serialize)]
struct LineageValue {
    title: String,
    url: Option<String>,
}

#[derive(Serialize)]
struct MissionValue {
    #[serde(flatten)]
    summary: MissionSummary,
    aliases: Vec<AliasValue>,
    /// Where the list's facts were checked.
    source: Option<String>,
    established_by: Vec<LinkValue>,
    /// The agenda items its mandate resolutions were adopted under.
    agenda: Vec<LinkValue>,
    predecessors: Vec<LineageValue>,
    successors: Vec<LineageValue>,
    /// The editor's page (HTML).
    content: Option<String>,
    current_authorization: Option<CurrentAuthorization>,
    mandate: Vec<MandateValue>,
    officials: Vec<MissionOfficial>,
    reports: Vec<MissionReport>,
    mentions: Vec<BacklinkValue>,
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
