//! The handbook's data for researchers: `data/documents.json`, `data/resolutions.json` and
//! `data/officials.json`. The same facts the pages show, as plain records with stable field
//! names (README documents each), so a study can start from the handbook without scraping it.

use serde::Serialize;

use super::sections::OFFICIALS;
use super::view::Site;
use crate::content::Kind;
use crate::date::Date;
use crate::entities::{Entity, ReferenceData, Registry};
use crate::error::Result;
use crate::links;
use crate::routes;

/// The files, in the output folder.
pub const DATA_FILES: [&str; 5] =
    ["data/documents.json", "data/resolutions.json", "data/officials.json", "data/missions.json", "data/agenda.json"];

/// One page of the handbook and what it was found to mention.
#[derive(Debug, Serialize)]
pub struct DocumentRecord<'a> {
    pub url: String,
    /// The Markdown file, relative to the site root.
    pub file: String,
    pub seed: Option<&'a str>,
    pub title: &'a str,
    pub date: Option<Date>,
    pub kind: Option<Kind>,
    pub language: Option<&'a str>,
    pub source: Option<&'a str>,
    /// A saved web page's own address.
    pub original_url: Option<&'a str>,
    /// Read from a scanned image (OCR).
    pub ocr: bool,
    pub symbol: Option<&'a str>,
    pub meeting: Option<&'a str>,
    /// The resolution this page is the text of.
    pub resolution: Option<&'a str>,
    /// Mentions, resolved: `"2553 (2020)"`, official slugs, document symbols; in order of first
    /// mention, each once.
    pub resolutions: Vec<String>,
    pub officials: Vec<String>,
    pub documents: Vec<String>,
    pub missions: Vec<String>,
}

impl<'a> DocumentRecord<'a> {
    pub fn new(url: String, page: &'a crate::content::Page, entities: impl Iterator<Item = &'a Entity>) -> Self {
        let meta = &page.meta;
        let mut record = DocumentRecord {
            url,
            file: page.file.display().to_string(),
            seed: meta.seed.as_deref(),
            title: &meta.title,
            date: meta.date,
            kind: meta.kind,
            language: meta.language.as_deref(),
            source: meta.source.as_deref(),
            original_url: meta.url.as_deref(),
            ocr: meta.ocr,
            symbol: meta.symbol.as_deref(),
            meeting: meta.meeting.as_deref(),
            resolution: meta.resolution.as_deref(),
            resolutions: Vec::new(),
            officials: Vec::new(),
            documents: Vec::new(),
            missions: Vec::new(),
        };
        for entity in entities {
            match entity {
                Entity::Resolution(id) => record.resolutions.push(id.to_string()),
                Entity::Official(slug) => record.officials.push(slug.clone()),
                Entity::Document(symbol) => record.documents.push(symbol.clone()),
                Entity::Mission(slug) => record.missions.push(slug.clone()),
                Entity::UnknownOfficial { .. } | Entity::TheMission | Entity::Anachronism(_) => {}
            }
        }
        record
    }
}

/// A resolution the handbook has a page for.
#[derive(Debug, Serialize)]
pub struct ResolutionRecord {
    pub number: u32,
    pub year: u16,
    pub symbol: String,
    pub url: String,
    /// From the catalogue; absent where it has no date.
    pub adopted: Option<Date>,
    pub meeting: Option<String>,
    /// `"15-0-0"`: in favour, against, abstentions (members that did not take part left out).
    pub vote: Option<String>,
    pub adopted_without_vote: bool,
    /// ISO 3166-1 alpha-3 codes of the members that voted against, abstained or did not take
    /// part, where the votes file records them (absent where it does not).
    pub against: Option<Vec<String>>,
    pub abstaining: Option<Vec<String>>,
    pub not_participating: Option<Vec<String>>,
    pub topic: Option<String>,
    /// Slugs of the agenda items its topic belongs to.
    pub agenda: Vec<String>,
    /// Where some of these facts come from, when not the Council's meeting tables alone.
    pub source: Option<&'static str>,
    /// The handbook page holding its text, if one does.
    pub text: Option<String>,
    /// Resolutions its text cites, and resolutions whose text cites it, as `"2553 (2020)"`.
    pub recalls: Vec<String>,
    pub recalled_by: Vec<String>,
    /// URLs of the pages that mention it.
    pub mentioned_in: Vec<String>,
}

impl ResolutionRecord {
    pub fn new(data: &ReferenceData, id: crate::entities::ResolutionId, url: String) -> Self {
        let record = data.catalogue.record(id);
        let votes = data.votes.get(id.number);
        ResolutionRecord {
            number: id.number,
            year: id.year,
            symbol: id.symbol(),
            url,
            adopted: record.and_then(|r| r.adopted),
            meeting: record.and_then(|r| r.meeting.clone()),
            vote: record
                .and_then(|r| r.vote.as_ref())
                .map(|v| format!("{}-{}-{}", v.in_favour, v.against, v.abstentions)),
            adopted_without_vote: record.is_some_and(|r| r.without_vote),
            against: votes.map(|v| v.against.clone()),
            abstaining: votes.map(|v| v.abstaining.clone()),
            not_participating: votes.map(|v| v.not_participating.clone()),
            topic: record.map(|r| r.topic.clone()).filter(|t| !t.is_empty()),
            agenda: record.map_or_else(Vec::new, |r| data.agenda.items_of(&r.topic).map(|i| i.slug.clone()).collect()),
            source: data.from_library(id).then_some(crate::entities::LIBRARY_ATTRIBUTION),
            text: None,
            recalls: Vec::new(),
            recalled_by: Vec::new(),
            mentioned_in: Vec::new(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct RoleRecord<'a> {
    pub title: &'a str,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

/// An official of the registry with a published page.
#[derive(Debug, Serialize)]
pub struct OfficialRecord<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub url: String,
    pub aliases: &'a [String],
    pub roles: Vec<RoleRecord<'a>>,
    pub mentioned_in: Vec<String>,
}

impl<'a> OfficialRecord<'a> {
    pub fn new(registry: &'a Registry, slug: &'a str, url: String, mentioned_in: Vec<String>) -> Option<Self> {
        let official = registry.get(slug)?;
        Some(OfficialRecord {
            slug,
            name: &official.name,
            url,
            aliases: &official.aliases,
            roles: official.roles.iter().map(|r| RoleRecord { title: &r.title, from: r.from, to: r.to }).collect(),
            mentioned_in,
        })
    }
}

/// A peace operation, with its mandate history.
#[derive(Debug, Serialize)]
pub struct MissionRecord<'a> {
    pub slug: &'a str,
    pub acronym: Option<&'a str>,
    pub name: &'a str,
    pub aliases: &'a [String],
    /// `peacekeeping` or `political`.
    pub kind: Option<&'static str>,
    pub locations: &'a [String],
    /// `2004-04-30`, or `2004-04` or `2004` where only that is known.
    pub start: Option<String>,
    pub end: Option<String>,
    /// `active` or `closed`.
    pub status: &'static str,
    pub url: String,
    pub established_by: Vec<String>,
    /// Slugs.
    pub predecessors: &'a [String],
    pub successors: &'a [String],
    pub mandate: Vec<MandateRecord<'a>>,
    /// Slugs of officials whose roles name it.
    pub officials: Vec<&'a str>,
    /// URLs of the Secretary-General's reports on it.
    pub reports: Vec<String>,
    pub mentioned_in: Vec<String>,
}

/// One resolution of a mission's mandate history.
#[derive(Debug, Serialize)]
pub struct MandateRecord<'a> {
    pub resolution: String,
    pub adopted: Option<Date>,
    /// `established` (it set the mission up), `text` (its text names it), `agenda` (its agenda
    /// item names a place of the mission, in the mission's time).
    pub basis: super::missions::Basis,
    /// The operative sentence, where the handbook holds the text.
    pub quote: Option<&'a str>,
    /// The date that sentence authorizes the mission until.
    pub until: Option<Date>,
}

/// A Council agenda item: its wordings, its resolutions in order of adoption, the missions they
/// concern and the pages citing them.
#[derive(Debug, Serialize)]
pub struct AgendaRecord<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub url: String,
    /// Every wording the catalogue uses for it, the title first.
    pub wordings: &'a [String],
    /// `"2815 (2026)"`, in order of adoption.
    pub resolutions: Vec<String>,
    /// Mission slugs.
    pub missions: &'a [String],
    /// URLs of the pages that cite one of its resolutions.
    pub cited_by: Vec<String>,
}

/// The JSON of a list of records: an array, one record per line, so a diff of two builds
/// reads record by record.
pub fn to_json<T: Serialize>(records: &[T]) -> crate::error::Result<Vec<u8>> {
    let mut out = b"[\n".to_vec();
    for (i, record) in records.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b",\n");
        }
        serde_json::to_writer(&mut out, record)
            .map_err(|e| crate::error::Error::Msg(format!("internal: cannot write JSON: {e}")))?;
    }
    out.extend_from_slice(b"\n]\n");
    Ok(out)
}

impl Site<'_> {
    /// One file of the open data export.
    pub(super) fn open_data(&self, name: &str) -> Result<Vec<u8>> {
        use super::data::{AgendaRecord, DocumentRecord, OfficialRecord, ResolutionRecord, to_json};
        let pages = &self.content.pages;
        let urls = |backlinks: &[links::Backlink]| -> Vec<String> {
            let mut urls: Vec<String> = backlinks.iter().map(|b| self.config.url(&pages[b.page()].path)).collect();
            urls.dedup();
            urls
        };
        match name {
            "data/documents.json" => {
                let records: Vec<DocumentRecord> = self
                    .listed()
                    .filter(|&i| pages[i].section != OFFICIALS)
                    .map(|i| {
                        let page = &pages[i];
                        let mentions = &self.linked[page.path.as_str()].mentions;
                        DocumentRecord::new(self.config.url(&page.path), page, mentions.entities())
                    })
                    .collect();
                to_json(&records)
            }
            "data/resolutions.json" => {
                let key = |id: &crate::entities::ResolutionId| id.to_string();
                let records: Vec<ResolutionRecord> = self
                    .resolutions
                    .iter()
                    .map(|(&id, (_, input))| {
                        let url = self.config.url(&routes::resolution(id));
                        let mut record = ResolutionRecord::new(self.data, id, url);
                        record.text = input.text_page.map(|i| self.config.url(&pages[i].path));
                        record.recalls = input.recalls.iter().map(key).collect();
                        record.recalled_by = input.recalled_by.iter().map(key).collect();
                        record.mentioned_in = urls(&input.mentions);
                        record
                    })
                    .collect();
                to_json(&records)
            }
            "data/missions.json" => {
                let records: Vec<MissionRecord> = self
                    .missions
                    .all()
                    .iter()
                    .map(|m| {
                        let input = self.mission_models.get(&m.slug).map(|(_, input)| input);
                        let mandate = input.map_or(&[][..], |i| &i.mandate[..]);
                        MissionRecord {
                            slug: &m.slug,
                            acronym: m.acronym.as_deref(),
                            name: &m.name,
                            aliases: &m.aliases,
                            kind: m.kind.map(|k| k.as_str()),
                            locations: &m.locations,
                            start: m.start.map(|d| d.to_string()),
                            end: m.end.map(|d| d.to_string()),
                            status: if m.is_active() { "active" } else { "closed" },
                            url: self.config.url(&routes::mission(&m.slug)),
                            established_by: m.established_by.iter().map(|id| id.to_string()).collect(),
                            predecessors: &m.predecessors,
                            successors: &m.successors,
                            mandate: mandate
                                .iter()
                                .map(|e| MandateRecord {
                                    resolution: e.id.to_string(),
                                    adopted: e.adopted,
                                    basis: e.basis,
                                    quote: e.quote.as_deref(),
                                    until: e.until,
                                })
                                .collect(),
                            officials: input
                                .map_or_else(Vec::new, |i| i.officials.iter().map(|(s, _)| s.as_str()).collect()),
                            reports: input.map_or_else(Vec::new, |i| {
                                i.reports.iter().map(|&p| self.config.url(&pages[p].path)).collect()
                            }),
                            mentioned_in: input.map_or_else(Vec::new, |i| urls(&i.mentions)),
                        }
                    })
                    .collect();
                to_json(&records)
            }
            "data/agenda.json" => {
                let records: Vec<AgendaRecord> = self
                    .agenda_models
                    .iter()
                    .filter_map(|(slug, (_, input))| {
                        let item = self.data.agenda.get(slug)?;
                        let ids = self.agenda_resolutions.get(slug).map_or(&[][..], Vec::as_slice);
                        Some(AgendaRecord {
                            slug,
                            title: &item.title,
                            url: self.config.url(&routes::agenda_item(slug)),
                            wordings: &item.wordings,
                            resolutions: ids.iter().map(ToString::to_string).collect(),
                            missions: &input.missions,
                            cited_by: input.citing.iter().map(|&i| self.config.url(&pages[i].path)).collect(),
                        })
                    })
                    .collect();
                to_json(&records)
            }
            _ => {
                let mut slugs: Vec<&String> = self.published_officials.iter().collect();
                slugs.sort();
                let empty = Vec::new();
                let records: Vec<OfficialRecord> = slugs
                    .into_iter()
                    .filter_map(|slug| {
                        let url = self.config.url(&format!("/officials/{slug}/"));
                        let mentioned = urls(self.index.officials.get(slug.as_str()).unwrap_or(&empty));
                        OfficialRecord::new(self.registry, slug, url, mentioned)
                    })
                    .collect();
                to_json(&records)
            }
        }
    }
}
