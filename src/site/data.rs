//! The handbook's data for researchers: `data/documents.json`, `data/resolutions.json` and
//! `data/officials.json`. The same facts the pages show, as plain records with stable field
//! names (README documents each), so a study can start from the handbook without scraping it.

use serde::Serialize;

use crate::content::Kind;
use crate::date::Date;
use crate::entities::{Catalogue, Entity, Registry};

/// The files, in the output folder.
pub const DATA_FILES: [&str; 3] = ["data/documents.json", "data/resolutions.json", "data/officials.json"];

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
    pub symbol: Option<&'a str>,
    pub meeting: Option<&'a str>,
    /// The resolution this page is the text of.
    pub resolution: Option<&'a str>,
    /// Mentions, resolved: `"2553 (2020)"`, official slugs, document symbols; in order of first
    /// mention, each once.
    pub resolutions: Vec<String>,
    pub officials: Vec<String>,
    pub documents: Vec<String>,
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
            symbol: meta.symbol.as_deref(),
            meeting: meta.meeting.as_deref(),
            resolution: meta.resolution.as_deref(),
            resolutions: Vec::new(),
            officials: Vec::new(),
            documents: Vec::new(),
        };
        for entity in entities {
            match entity {
                Entity::Resolution { .. } => record.resolutions.push(entity.key()),
                Entity::Official(slug) => record.officials.push(slug.clone()),
                Entity::Document(symbol) => record.documents.push(symbol.clone()),
                Entity::UnknownOfficial { .. } | Entity::Anachronism(_) => {}
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
    /// `"15-0-0"`: in favour, against, abstentions.
    pub vote: Option<String>,
    pub topic: Option<String>,
    /// The handbook page holding its text, if one does.
    pub text: Option<String>,
    /// Resolutions its text cites, and resolutions whose text cites it, as `"2553 (2020)"`.
    pub recalls: Vec<String>,
    pub recalled_by: Vec<String>,
    /// URLs of the pages that mention it.
    pub mentioned_in: Vec<String>,
}

impl ResolutionRecord {
    pub fn new(catalogue: &Catalogue, number: u32, year: u16, url: String) -> Self {
        let record = catalogue.get(number).filter(|r| r.year == year);
        ResolutionRecord {
            number,
            year,
            symbol: format!("S/RES/{number} ({year})"),
            url,
            adopted: record.and_then(|r| r.adopted),
            meeting: record.and_then(|r| r.meeting.clone()),
            vote: record
                .and_then(|r| r.vote.as_ref())
                .map(|v| format!("{}-{}-{}", v.in_favour, v.against, v.abstentions)),
            topic: record.map(|r| r.topic.clone()).filter(|t| !t.is_empty()),
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
