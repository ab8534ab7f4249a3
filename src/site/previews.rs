//! What a reader sees on hovering or focusing a cross-link: a few facts about its target (title,
//! kind, date, one line), written by the build as `previews/N.json` so that the theme's
//! `previews.js` never fetches a whole page. One entry per resolution, mission and official page,
//! and per UN document the handbook mentions, keyed by the link's target: a site path
//! (`/resolutions/2553-2020/`) or, for a document's official text, its URL. Entries are spread
//! over [`SHARDS`] files by an FNV-1a hash of the key, so one preview costs a request of a few
//! kilobytes, whatever the size of the handbook.

use std::collections::BTreeMap;

use serde::Serialize;

use super::fingerprint::fingerprint;
use super::missions::MissionModels;
use super::model::LinkedSite;
use super::resolutions::ResolutionModels;
use super::sections::OFFICIALS;
use crate::entities::{Entity, MissionKind, ResolutionId};
use crate::links::EntityIndex;
use crate::routes;

/// How many files the previews are spread over. `previews.js` computes the same hash.
pub const SHARDS: u32 = 16;

/// The output file of shard `n`.
pub fn shard_file(n: u32) -> String {
    format!("previews/{n}.json")
}

/// The file holding the preview of the link target `key` (`/officials/ban-ki-moon/`).
pub fn preview_file(key: &str) -> String {
    shard_file(shard_of(key))
}

/// FNV-1a, 32 bits, over the key's UTF-8 bytes: a dozen lines in JavaScript, same answer.
pub fn shard_of(key: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in key.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash % SHARDS
}

/// One preview. Short field names: thousands of them are fetched in small files.
#[derive(Debug, Serialize)]
pub struct Preview {
    /// Title.
    t: String,
    /// Kind: "Security Council resolution", "Peacekeeping operation", "Official", …
    k: String,
    /// Date or dates, as read ("3 December 2020", "1992–1993", "since 2013").
    #[serde(skip_serializing_if = "String::is_empty")]
    d: String,
    /// One line: a resolution's topic and vote, a mission's name and place, an official's office.
    #[serde(skip_serializing_if = "String::is_empty")]
    l: String,
    /// How many pages of the handbook mention it.
    n: usize,
}

/// The previews' files, made from the entity pages once they are derived.
#[derive(Default)]
pub(super) struct Previews {
    shards: Vec<Shard>,
    /// What they were made from, but how many pages mention each entity ([`inputs`]).
    inputs_fp: u64,
    /// How many pages mention each entity ([`counts`]).
    counts_fp: u64,
}

#[derive(Default)]
struct Shard {
    /// Its previews, by key; kept (in `serve`) so that an edit that changes how many pages
    /// mention an entity rewrites one count, not every preview.
    entries: BTreeMap<String, Preview>,
    fp: u64,
    bytes: Vec<u8>,
}

impl Shard {
    fn new(entries: BTreeMap<String, Preview>, keep: bool) -> Shard {
        let bytes = serde_json::to_vec(&entries).unwrap_or_default();
        let entries = if keep { entries } else { BTreeMap::new() };
        Shard { entries, fp: fingerprint(&bytes), bytes }
    }
}

impl Previews {
    /// The bytes of shard `n`: a JSON object, key → preview.
    pub(super) fn file(&self, n: u32) -> Vec<u8> {
        self.shards.get(n as usize).map(|shard| shard.bytes.clone()).unwrap_or_default()
    }

    pub(super) fn fingerprint(&self, n: u32) -> u64 {
        self.shards.get(n as usize).map_or(0, |shard| shard.fp)
    }
}

/// Every shard, made again from the linked site and its entity pages when what they show may
/// have changed; else `previous`. Making them all takes ~70 ms at 10,000 documents (30,000
/// previews, most of them UN symbols), which a typical edit need not pay: one that changes only
/// how many pages mention some entities (`recounted`: those entities, when the entity index was
/// patched page by page) rewrites those counts and the shards holding them. `keep`: the site is
/// served, and will be updated.
pub(super) fn update(
    previous: Previews,
    site: &LinkedSite,
    resolutions: &ResolutionModels,
    missions: &MissionModels,
    recounted: Option<&[Entity]>,
    keep: bool,
) -> Previews {
    let inputs_fp = inputs(site, resolutions, missions);
    let counts_fp = counts(site.index);
    let whole = previous.shards.len() == SHARDS as usize;
    if inputs_fp == previous.inputs_fp && whole {
        if counts_fp == previous.counts_fp {
            return previous;
        }
        if let Some(entities) = recounted.filter(|_| keep) {
            return Previews { counts_fp, ..recount(previous, site.index, entities) };
        }
    }
    let mut shards: Vec<BTreeMap<String, Preview>> = (0..SHARDS).map(|_| BTreeMap::new()).collect();
    for (key, preview) in previews(site, resolutions, missions) {
        shards[shard_of(&key) as usize].insert(key, preview);
    }
    let shards = shards.into_iter().map(|entries| Shard::new(entries, keep)).collect();
    Previews { shards, inputs_fp, counts_fp }
}

/// `previews` with the counts of `entities` read again from the index (every other input the
/// same), and the shards whose bytes that changes written again.
fn recount(mut previews: Previews, index: &EntityIndex, entities: &[Entity]) -> Previews {
    let mut changed = [false; SHARDS as usize];
    for entity in entities {
        let (key, n) = match entity {
            Entity::Resolution(id) => (routes::resolution(*id), index.resolutions.get(id).map_or(0, Vec::len)),
            Entity::Mission(slug) => (routes::mission(slug), index.missions.get(slug).map_or(0, Vec::len)),
            Entity::Official(slug) => (routes::official(slug), index.officials.get(slug).map_or(0, Vec::len)),
            Entity::Document(symbol) => match entity.undocs_url() {
                Some(url) => (url, index.documents.get(symbol).map_or(0, Vec::len)),
                None => continue,
            },
            Entity::UnknownOfficial { .. } | Entity::TheMission | Entity::Anachronism(_) => continue,
        };
        let shard = shard_of(&key) as usize;
        // An entity without a preview (a resolution with no page) stays without one.
        if let Some(preview) = previews.shards[shard].entries.get_mut(&key)
            && preview.n != n
        {
            preview.n = n;
            changed[shard] = true;
        }
    }
    for (shard, _) in previews.shards.iter_mut().zip(changed).filter(|(_, changed)| *changed) {
        *shard = Shard::new(std::mem::take(&mut shard.entries), true);
    }
    previews
}

/// Every preview, by key.
fn previews(site: &LinkedSite, resolutions: &ResolutionModels, missions: &MissionModels) -> BTreeMap<String, Preview> {
    let index = site.index;
    let linking = site.linking;
    let mut out = BTreeMap::new();
    for &id in resolutions.pages.keys() {
        out.insert(routes::resolution(id), resolution_preview(site, id));
    }
    for slug in missions.pages.keys() {
        let Some(mission) = linking.missions.get(slug) else { continue };
        let kind = match mission.kind {
            Some(MissionKind::Peacekeeping) => "Peacekeeping operation",
            Some(MissionKind::Political) => "Special political mission",
            None => "Peace operation",
        };
        let years = match (mission.start, mission.end) {
            (Some(s), Some(e)) if s.year == e.year => s.year.to_string(),
            (Some(s), Some(e)) => format!("{}–{}", s.year, e.year),
            (Some(s), None) => format!("since {}", s.year),
            (None, _) => String::new(),
        };
        let mut line = mission.name.clone();
        if !mission.locations.is_empty() {
            line = format!("{line} · {}", mission.locations.join(", "));
        }
        let title = mission.label().to_string();
        let n = index.missions.get(slug).map_or(0, Vec::len);
        out.insert(routes::mission(slug), Preview { t: title, k: kind.into(), d: years, l: line, n });
    }
    for official in linking.registry.officials() {
        if !linking.published_officials.contains(&official.slug) {
            continue;
        }
        // The office held last (or still held) says who they are.
        let role = official.roles.iter().max_by_key(|r| (r.to.is_none(), r.to, r.from));
        let (line, dates) = match role {
            Some(r) => {
                let dates = match (r.from, r.to) {
                    (Some(f), Some(t)) => format!("{} – {}", f.long(), t.long()),
                    (Some(f), None) => format!("since {}", f.long()),
                    (None, Some(t)) => format!("until {}", t.long()),
                    (None, None) => String::new(),
                };
                (r.title.clone(), dates)
            }
            None => (String::new(), String::new()),
        };
        let n = index.officials.get(&official.slug).map_or(0, Vec::len);
        out.insert(
            routes::official(&official.slug),
            Preview { t: official.name.clone(), k: "Official".into(), d: dates, l: line, n },
        );
    }
    // A document's link leads to its official text; where the handbook holds it too, its
    // preview shows the handbook's title and date.
    let mut held: ahash::AHashMap<&str, usize> = ahash::AHashMap::new();
    for (i, page) in site.content.pages.iter().enumerate() {
        if page.section != OFFICIALS
            && let Some(symbol) = page.meta.symbol.as_deref()
        {
            held.entry(symbol).or_insert(i);
        }
    }
    for (symbol, backlinks) in &index.documents {
        let entity = Entity::Document(symbol.clone());
        let Some(url) = entity.undocs_url() else { continue };
        let (line, date) = match held.get(symbol.as_str()) {
            Some(&i) => {
                let meta = &site.content.pages[i].meta;
                (meta.title.clone(), meta.date.map(|d| d.long()).unwrap_or_default())
            }
            None => ("Official text at undocs.org".into(), String::new()),
        };
        out.insert(
            url,
            Preview { t: symbol.clone(), k: symbol_kind(symbol).into(), d: date, l: line, n: backlinks.len() },
        );
    }
    out
}

/// Covers everything `previews` reads but the counts ([`counts`]), cheaply: the recognizer's
/// inputs (catalogue, missions, officials), which entities have pages or are mentioned, and the
/// title and date of every page with a symbol. Entries of hash maps are combined in any order.
fn inputs(site: &LinkedSite, resolutions: &ResolutionModels, missions: &MissionModels) -> u64 {
    let held: Vec<_> = site
        .content
        .pages
        .iter()
        .filter(|p| p.meta.symbol.is_some())
        .map(|p| (&p.section, &p.meta.symbol, &p.meta.title, p.meta.date))
        .collect();
    fingerprint((
        site.linking.recognizer_inputs,
        site.data_fp,
        resolutions.pages.keys().collect::<Vec<_>>(),
        missions.pages.keys().collect::<Vec<_>>(),
        site.linking.published_officials.iter().fold(0u64, |sum, slug| sum.wrapping_add(fingerprint(slug))),
        // Which symbols are mentioned: each has a preview (missions, officials and resolutions
        // have one if they have a page).
        site.index.documents.keys().fold(0u64, |sum, symbol| sum.wrapping_add(fingerprint(symbol))),
        held,
    ))
}

/// Covers how many pages mention each entity, in any order (the index holds hash maps).
fn counts(index: &EntityIndex) -> u64 {
    fn unordered<'a, K: std::hash::Hash + 'a, V: 'a>(map: impl IntoIterator<Item = (&'a K, &'a Vec<V>)>) -> u64 {
        map.into_iter().fold(0u64, |sum, (key, list)| sum.wrapping_add(fingerprint((key, list.len()))))
    }
    fingerprint((
        (unordered(&index.resolutions), unordered(&index.officials)),
        (unordered(&index.documents), unordered(&index.missions)),
    ))
}

fn resolution_preview(site: &LinkedSite, id: ResolutionId) -> Preview {
    let record = site.data.catalogue.record(id);
    let mut line = record.map(|r| r.topic.clone()).unwrap_or_default();
    if let Some(vote) = record.and_then(|r| r.vote.as_ref()) {
        let tally = format!("adopted {}–{}–{}", vote.in_favour, vote.against, vote.abstentions);
        line = if line.is_empty() { crate::text::capitalized(&tally) } else { format!("{line} · {tally}") };
    }
    Preview {
        t: format!("Resolution {id}"),
        k: "Security Council resolution".into(),
        d: record.and_then(|r| r.adopted).map(|d| d.long()).unwrap_or_else(|| id.year.to_string()),
        l: line,
        n: site.index.resolutions.get(&id).map_or(0, Vec::len),
    }
}

/// What a UN document symbol names, by its prefix: the first that matches (longest first).
fn symbol_kind(symbol: &str) -> &'static str {
    const KINDS: [(&str, &str); 7] = [
        ("S/RES/", "Security Council resolution"),
        ("S/PRST/", "Statement by the President of the Security Council"),
        ("S/PV.", "Security Council meeting record"),
        ("S/", "Security Council document"),
        ("A/RES/", "General Assembly resolution"),
        ("A/", "General Assembly document"),
        ("E/", "Economic and Social Council document"),
    ];
    let upper = symbol.to_ascii_uppercase();
    KINDS.iter().find(|(prefix, _)| upper.starts_with(prefix)).map_or("UN document", |(_, kind)| kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_match_the_reference_fnv1a() {
        // FNV-1a 32 of "a" is 0xe40c292c; of "" the offset basis.
        assert_eq!(shard_of(""), 0x811c_9dc5 % SHARDS);
        assert_eq!(shard_of("a"), 0xe40c_292c % SHARDS);
        // 0x5b926567, by the same algorithm in Python: what previews.js computes for this key.
        assert_eq!(shard_of("/resolutions/2553-2020/"), 0x5b92_6567 % SHARDS);
    }

    #[test]
    fn symbols_say_what_they_name() {
        assert_eq!(symbol_kind("S/PRST/2007/3"), "Statement by the President of the Security Council");
        assert_eq!(symbol_kind("S/2020/1234"), "Security Council document");
        assert_eq!(symbol_kind("A/RES/60/1"), "General Assembly resolution");
        assert_eq!(symbol_kind("ST/SGB/2003/13"), "UN document");
    }
}
