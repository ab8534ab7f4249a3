//! The template values of agenda item pages, made when a page renders (see `agenda` for how
//! each item's page is derived).

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Value;

use super::agenda::{AgendaSummary, agenda_summary};
use super::values::LinkValue;
use super::view::Site;
use crate::entities::{LIBRARY_ATTRIBUTION, ResolutionId, VoteAccount};
use crate::routes;

impl Site<'_> {
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
        let ids = self.agenda_resolutions.get(slug).map_or(&[][..], Vec::as_slice);
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
            summary: agenda_summary(self.config, self.data, ids, slug, inputs.citing.len()),
            wordings: item.wordings.iter().filter(|w| **w != item.title).cloned().collect(),
            missions: inputs.missions.iter().map(|s| self.mission_link(s)).collect(),
            documents: inputs.citing.iter().map(|&i| self.pages[i].card.clone()).collect(),
            attribution: ids.iter().any(|id| self.data.from_library(*id)).then_some(LIBRARY_ATTRIBUTION),
            resolutions,
        };
        Value::from_serializable(&value)
    }
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
