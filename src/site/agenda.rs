//! Agenda item pages (`/agenda/<slug>/`): every item of the Council's agenda the catalogue files
//! a resolution under, however its wording drifted (`data/sc-agenda.yaml` groups the wordings),
//! with its resolutions over time and their votes, the missions they concern, and the pages that
//! cite them; and the list of items (`/agenda/`).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use tera::Value;

use super::engine::Engine;
use super::fingerprint::fingerprint;
use super::model::Model;
use super::values::LinkValue;
use crate::entities::{LIBRARY_ATTRIBUTION, ReferenceData, ResolutionId, VoteAccount};
use crate::routes;

/// The resolutions each agenda item holds (by slug, in order of adoption): from the reference
/// data alone, so made again only when `data/` changes.
pub(super) fn item_resolutions(data: &ReferenceData) -> BTreeMap<String, Vec<ResolutionId>> {
    let mut items: BTreeMap<String, Vec<ResolutionId>> = BTreeMap::new();
    for record in data.catalogue.iter() {
        for item in data.agenda.items_of(&record.topic) {
            items.entry(item.slug.clone()).or_default().push(ResolutionId::new(record.number, record.year));
        }
    }
    for ids in items.values_mut() {
        ids.sort_by_key(|id| (data.catalogue.record(*id).and_then(|r| r.adopted), *id));
    }
    items
}

/// What an item's page is made of, besides the reference data.
#[derive(Debug, Clone, Default)]
pub(super) struct AgendaInputs {
    /// Pages that cite one of its resolutions, in page order, each once.
    pub(super) citing: Vec<usize>,
    /// Missions its resolutions concern.
    pub(super) missions: Vec<String>,
}

impl Engine<'_> {
    /// Every agenda item's page model and the list's.
    pub(super) fn update_agenda(&mut self) {
        if self.agenda_resolutions.0 != self.data_fp || self.agenda_resolutions.1.is_empty() {
            self.agenda_resolutions = (self.data_fp, item_resolutions(&self.data));
        }
        let mut models = BTreeMap::new();
        for item in self.data.agenda.items() {
            let ids = self.agenda_resolutions.1.get(&item.slug).map_or(&[][..], Vec::as_slice);
            if ids.is_empty() {
                continue;
            }
            let mut citing = BTreeSet::new();
            let mut missions: Vec<String> = Vec::new();
            for id in ids {
                citing.extend(self.index.resolutions.get(id).into_iter().flatten().map(|b| b.page));
                for slug in self.mission_ties.get(id).into_iter().flatten() {
                    if !missions.contains(slug) {
                        missions.push(slug.clone());
                    }
                }
            }
            let inputs = AgendaInputs { citing: citing.into_iter().collect(), missions };
            let fp = fingerprint((
                &item.slug,
                self.data_fp,
                self.link_fp,
                // Which of its resolutions have a page: those are linked.
                ids.iter().filter(|id| self.resolutions.contains_key(id)).collect::<Vec<_>>(),
                inputs.citing.iter().map(|&i| self.pages[i].card_fp).collect::<Vec<_>>(),
                &inputs.missions,
            ));
            models.insert(item.slug.clone(), (fp, inputs));
        }
        let list_fp =
            fingerprint((self.data_fp, models.iter().map(|(slug, (_, i))| (slug, i.citing.len())).collect::<Vec<_>>()));
        if list_fp != self.agenda_list.fp || self.agenda_list.value.is_none() {
            let summaries: Vec<Value> = self
                .data
                .agenda
                .items()
                .filter_map(|item| {
                    let (_, inputs) = models.get(&item.slug)?;
                    Some(Value::from_serializable(&self.agenda_summary(&item.slug, inputs.citing.len())))
                })
                .collect();
            self.agenda_list = Model { fp: list_fp, value: Value::from(summaries) };
        }
        self.agenda_models = models;
    }

    fn agenda_summary(&self, slug: &str, document_count: usize) -> AgendaSummary {
        let item = self.data.agenda.get(slug);
        let ids = self.agenda_resolutions.1.get(slug).map_or(&[][..], Vec::as_slice);
        let years = |pick: fn(&[ResolutionId]) -> Option<&ResolutionId>| pick(ids).map(|id| id.year);
        let path = routes::agenda_item(slug);
        AgendaSummary {
            slug: slug.to_string(),
            title: item.map(|i| i.title.clone()).unwrap_or_default(),
            url: self.config.url(&path),
            permalink: self.config.permalink(&path),
            resolution_count: ids.len(),
            first_year: years(<[ResolutionId]>::first),
            last_year: years(<[ResolutionId]>::last),
            document_count,
        }
    }

    /// A link to each agenda item a mission's mandate resolutions were adopted under, the most
    /// frequent first.
    pub(super) fn mission_agenda(&self, mandate: &[ResolutionId]) -> Vec<LinkValue> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for id in mandate {
            let Some(record) = self.data.catalogue.record(*id) else { continue };
            for item in self.data.agenda.items_of(&record.topic) {
                *counts.entry(item.slug.as_str()).or_default() += 1;
            }
        }
        let mut items: Vec<(&str, usize)> = counts.into_iter().collect();
        items.sort_by_key(|(slug, n)| (std::cmp::Reverse(*n), *slug));
        items
            .into_iter()
            .filter_map(|(slug, _)| {
                let item = self.data.agenda.get(slug)?;
                Some(LinkValue {
                    title: item.title.clone(),
                    url: self.config.url(&routes::agenda_item(slug)),
                    key: slug.into(),
                })
            })
            .collect()
    }

    /// The template value of an item's page, built when it renders.
    pub(super) fn agenda_value(&self, slug: &str) -> Value {
        let (Some(item), Some((_, inputs))) = (self.data.agenda.get(slug), self.agenda_models.get(slug)) else {
            return Value::none();
        };
        let language = &self.config.language;
        let ids = self.agenda_resolutions.1.get(slug).map_or(&[][..], Vec::as_slice);
        let resolutions: Vec<AgendaResolution> = ids
            .iter()
            .map(|&id| {
                let record = self.data.catalogue.record(id);
                let adopted = record.and_then(|r| r.adopted);
                AgendaResolution {
                    key: id.to_string(),
                    title: id.title(),
                    url: self.resolutions.contains_key(&id).then(|| self.config.url(&routes::resolution(id))),
                    official_text_url: id.undocs_url(),
                    adopted: adopted.map(|d| d.to_string()),
                    adopted_long: adopted.map(|d| d.long()),
                    year: id.year,
                    wording: record.map(|r| r.topic.clone()).unwrap_or_default(),
                    vote: self.data.vote_account(id, language),
                }
            })
            .collect();
        let value = AgendaValue {
            summary: self.agenda_summary(slug, inputs.citing.len()),
            wordings: item.wordings.iter().filter(|w| **w != item.title).cloned().collect(),
            missions: inputs.missions.iter().map(|s| self.mission_link(s)).collect(),
            documents: inputs.citing.iter().map(|&i| self.pages[i].card.clone()).collect(),
            attribution: ids.iter().any(|id| self.data.from_library(*id)).then_some(LIBRARY_ATTRIBUTION),
            resolutions,
        };
        Value::from_serializable(&value)
    }
}

/// What the list of items shows of one, and the start of its page.
#[derive(Serialize)]
pub(super) struct AgendaSummary {
    pub slug: String,
    pub title: String,
    pub url: String,
    pub permalink: String,
    pub resolution_count: usize,
    pub first_year: Option<u16>,
    pub last_year: Option<u16>,
    /// Pages of the handbook that cite one of its resolutions.
    pub document_count: usize,
}

/// One resolution on an item's page: linked to its page where it has one, else to its text.
#[derive(Serialize)]
struct AgendaResolution {
    key: String,
    title: String,
    url: Option<String>,
    official_text_url: String,
    adopted: Option<String>,
    adopted_long: Option<String>,
    year: u16,
    /// The item's wording the catalogue records for it.
    wording: String,
    vote: Option<VoteAccount>,
}

#[derive(Serialize)]
struct AgendaValue {
    #[serde(flatten)]
    summary: AgendaSummary,
    /// Other wordings of the item, as the catalogue records them.
    wordings: Vec<String>,
    resolutions: Vec<AgendaResolution>,
    missions: Vec<LinkValue>,
    /// Cards of the pages that cite its resolutions.
    documents: Vec<Value>,
    attribution: Option<&'static str>,
}
