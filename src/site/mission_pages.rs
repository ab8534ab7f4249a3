//! The template values of mission pages (`/missions/<slug>/`) and of what other pages show of
//! missions: made when a page renders, from the site model (see `missions` for how each mission's
//! page is derived).

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Value;

use super::missions::{Basis, MissionSummary, mission_summary, names};
use super::values::{self, BacklinkValue, LinkValue};
use super::view::Site;
use crate::entities::{Mission, ResolutionId};
use crate::routes;

impl Site<'_> {
    /// The mission an office's title names ("Head of UNTAC", "Force Commander of the United Nations
    /// Mission in Liberia"), if one.
    pub(super) fn mission_named_by(&self, title: &str) -> Option<&str> {
        self.missions.all().iter().find(|m| names(title, m)).map(|m| m.slug.as_str())
    }

    pub(super) fn mission_link(&self, slug: &str) -> LinkValue {
        let title = self.missions.get(slug).map_or_else(|| slug.to_uppercase(), |m| m.label().to_string());
        LinkValue { title, url: self.config.url(&routes::mission(slug)), key: slug.to_string() }
    }

    /// The missions still running, oldest first, as the home page shows them: a mission's summary
    /// less its mention count (which changes with every edit that names it), so that the home's
    /// fingerprint covers exactly what it is given.
    pub(super) fn active_missions(&self) -> Vec<serde_json::Value> {
        let mut active: Vec<&Mission> = self.missions.all().iter().filter(|m| m.is_active()).collect();
        active.sort_by_key(|m| (m.start, m.slug.as_str()));
        active
            .into_iter()
            .filter_map(|m| serde_json::to_value(mission_summary(self.config, m, 0)).ok())
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
            values::backlinks(self.config, pages, |p| &self.linked[pages[p].path.as_str()].mentions, &input.mentions);
        let value = MissionValue {
            summary: mission_summary(self.config, mission, mentions.len()),
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
