//! Resolution pages: every resolution the handbook holds the text of, has notes on, mentions, or
//! counts in a mission's mandate gets one. Reads the linked site and the missions' ties;
//! produces each page's inputs and fingerprint, and the list's value.

use std::collections::BTreeMap;

use tera::Value;

use super::fingerprint::fingerprint;
use super::model::{LinkedSite, Model};
use super::sections;
use super::values;
use crate::entities::{Entity, ResolutionId};
use crate::links;

/// What a resolution's page is made of, besides the catalogue.
#[derive(Clone, Default)]
pub(super) struct ResolutionInputs {
    pub(super) text_page: Option<usize>,
    pub(super) curated: Option<usize>,
    pub(super) recalls: Vec<ResolutionId>,
    pub(super) recalled_by: Vec<ResolutionId>,
    pub(super) mentions: Vec<links::Backlink>,
}

/// Every resolution with a page, and the list of them.
#[derive(Default)]
pub(super) struct ResolutionModels {
    /// Each page's fingerprint and what it is made of.
    pub(super) pages: BTreeMap<ResolutionId, (u64, ResolutionInputs)>,
    pub(super) list: Model,
    /// Each entry of the list, with the mention count it shows, for the reference data of the
    /// fingerprint (the first): an edit that adds a mention changes one entry, not thousands.
    entries: (u64, BTreeMap<ResolutionId, (usize, Value)>),
}

impl ResolutionModels {
    /// One-shot builds, once the list has rendered (see `SiteModel::shed_template_values`).
    pub(super) fn shed_template_values(&mut self) {
        self.list = Model::default();
        self.entries = Default::default();
    }
}

/// The resolution pages of the linked site. `ties` are the missions each resolution concerns
/// (every resolution of a mandate history has a page); `previous`' list value is reused when
/// what it shows is unchanged.
pub(super) fn derive(
    site: &LinkedSite,
    ties: &BTreeMap<ResolutionId, Vec<String>>,
    previous: ResolutionModels,
) -> ResolutionModels {
    let pages = &site.content.pages;
    let mut inputs: BTreeMap<ResolutionId, ResolutionInputs> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        if let Some(key) = page.meta.resolution.as_deref().and_then(ResolutionId::parse) {
            inputs.entry(key).or_default().text_page.get_or_insert(i);
        }
        if let Some(key) = sections::curated_resolution(page) {
            inputs.entry(key).or_default().curated = Some(i);
        }
    }
    for key in ties.keys() {
        inputs.entry(*key).or_default();
    }
    let texts: Vec<(ResolutionId, usize)> = inputs.iter().filter_map(|(k, v)| v.text_page.map(|i| (*k, i))).collect();
    for (key, i) in texts {
        for entity in site.linked[pages[i].path.as_str()].mentions.entities() {
            if let Entity::Resolution(other) = *entity
                && other != key
            {
                inputs.entry(key).or_default().recalls.push(other);
                inputs.entry(other).or_default().recalled_by.push(key);
            }
        }
    }
    for (key, backlinks) in &site.index.resolutions {
        let entry = inputs.entry(*key).or_default();
        let own = [entry.text_page, entry.curated];
        entry.mentions = backlinks.iter().filter(|b| !own.contains(&Some(b.page()))).cloned().collect();
    }
    let models = &site.pages;
    let mut out = BTreeMap::new();
    for (key, input) in inputs {
        let fp = fingerprint((
            key,
            site.data_fp,
            site.linking.link_fp,
            input.mentions.iter().map(|b| (models[b.page()].card_fp, b.sentences_fp)).collect::<Vec<_>>(),
            input.text_page.map(|i| models[i].fp),
            input.curated.map(|i| models[i].fp),
            &input.recalls,
            &input.recalled_by,
            ties.get(&key),
        ));
        out.insert(key, (fp, input));
    }
    let list_fp = fingerprint(out.values().map(|(fp, _)| *fp).collect::<Vec<_>>());
    let mut entries = previous.entries;
    if entries.0 != site.data_fp {
        entries = (site.data_fp, BTreeMap::new());
    }
    let list = if list_fp == previous.list.fp && !previous.list.value.is_none() {
        previous.list
    } else {
        // An entry shows the catalogue's record and the mention count: made again only when
        // the count changed (`site.yaml` makes a new engine).
        let mut made = BTreeMap::new();
        let list: Vec<Value> = out
            .iter()
            .map(|(&id, (_, input))| {
                let count = input.mentions.len();
                let value = match entries.1.remove(&id) {
                    Some((shown, value)) if shown == count => value,
                    _ => {
                        let mut base = values::resolution_base(site.config, site.data, id);
                        base.mention_count = count;
                        Value::from_serializable(&base)
                    }
                };
                made.insert(id, (count, value.clone()));
                value
            })
            .collect();
        entries.1 = made;
        Model { fp: list_fp, value: Value::from(list) }
    };
    ResolutionModels { pages: out, list, entries }
}
