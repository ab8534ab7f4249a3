//! Agenda item pages (`/agenda/<slug>/`): every item of the Council's agenda the catalogue files
//! a resolution under, however its wording drifted (`data/sc-agenda.yaml` groups the wordings),
//! with its resolutions over time and their votes, the missions they concern, and the pages that
//! cite them; and the list of items (`/agenda/`). This stage derives them; `agenda_pages` makes
//! their template values.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use tera::Value;

use super::fingerprint::fingerprint;
use super::model::{LinkedSite, Model};
use super::resolutions::ResolutionModels;
use crate::config::Config;
use crate::entities::{ReferenceData, ResolutionId};
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
    /// Covers what its record in the open data shows besides the reference data: the paths of
    /// the pages that cite it and its missions.
    pub(super) data_fp: u64,
}

/// Every agenda item's page and the list of them.
#[derive(Default)]
pub(super) struct AgendaModels {
    /// Each item's resolutions, by slug, for the reference data of the fingerprint (the first).
    pub(super) resolutions: (u64, BTreeMap<String, Vec<ResolutionId>>),
    /// Each item's page: its fingerprint and what it is made of.
    pub(super) pages: BTreeMap<String, (u64, AgendaInputs)>,
    pub(super) list: Model,
}

/// The agenda item pages of the linked site: an item has one when the catalogue files a
/// resolution under it. `ties` are the missions each resolution concerns; `previous`' item
/// resolutions and list are reused when unchanged.
pub(super) fn derive(
    site: &LinkedSite,
    ties: &BTreeMap<ResolutionId, Vec<String>>,
    resolutions: &ResolutionModels,
    previous: AgendaModels,
) -> AgendaModels {
    let item_ids = if previous.resolutions.0 == site.data_fp && !previous.resolutions.1.is_empty() {
        previous.resolutions
    } else {
        (site.data_fp, item_resolutions(site.data))
    };
    let mut models = BTreeMap::new();
    for item in site.data.agenda.items() {
        let ids = item_ids.1.get(&item.slug).map_or(&[][..], Vec::as_slice);
        if ids.is_empty() {
            continue;
        }
        let mut citing = BTreeSet::new();
        let mut missions: Vec<String> = Vec::new();
        for id in ids {
            citing.extend(site.index.resolutions.get(id).into_iter().flatten().map(|b| b.page()));
            for slug in ties.get(id).into_iter().flatten() {
                if !missions.contains(slug) {
                    missions.push(slug.clone());
                }
            }
        }
        let citing: Vec<usize> = citing.into_iter().collect();
        let data_fp = fingerprint((
            &item.slug,
            citing.iter().map(|&i| site.pages[i].link_facts_fp).collect::<Vec<_>>(),
            &missions,
        ));
        let inputs = AgendaInputs { citing, missions, data_fp };
        let fp = fingerprint((
            &item.slug,
            site.data_fp,
            site.linking.link_fp,
            // Which of its resolutions have a page: those are linked.
            ids.iter().filter(|id| resolutions.pages.contains_key(id)).collect::<Vec<_>>(),
            inputs.citing.iter().map(|&i| site.pages[i].card_fp).collect::<Vec<_>>(),
            &inputs.missions,
        ));
        models.insert(item.slug.clone(), (fp, inputs));
    }
    let list_fp =
        fingerprint((site.data_fp, models.iter().map(|(slug, (_, i))| (slug, i.citing.len())).collect::<Vec<_>>()));
    let list = if list_fp == previous.list.fp && !previous.list.value.is_none() {
        previous.list
    } else {
        let summaries: Vec<Value> = site
            .data
            .agenda
            .items()
            .filter_map(|item| {
                let (_, inputs) = models.get(&item.slug)?;
                let ids = item_ids.1.get(&item.slug).map_or(&[][..], Vec::as_slice);
                Some(Value::from_serializable(&agenda_summary(
                    site.config,
                    site.data,
                    ids,
                    &item.slug,
                    inputs.citing.len(),
                )))
            })
            .collect();
        Model { fp: list_fp, value: Value::from(summaries) }
    };
    AgendaModels { resolutions: item_ids, pages: models, list }
}

/// What the list of items shows of an item (`ids`: its resolutions), and the start of its page.
pub(super) fn agenda_summary(
    config: &Config,
    data: &ReferenceData,
    ids: &[ResolutionId],
    slug: &str,
    document_count: usize,
) -> AgendaSummary {
    let item = data.agenda.get(slug);
    let years = |pick: fn(&[ResolutionId]) -> Option<&ResolutionId>| pick(ids).map(|id| id.year);
    let path = routes::agenda_item(slug);
    AgendaSummary {
        slug: slug.to_string(),
        title: item.map(|i| i.title.clone()).unwrap_or_default(),
        url: config.url(&path),
        permalink: config.permalink(&path),
        resolution_count: ids.len(),
        first_year: years(<[ResolutionId]>::first),
        last_year: years(<[ResolutionId]>::last),
        document_count,
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
