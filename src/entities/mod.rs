//! Entity recognition: finding in a page's text every mention of a Security Council resolution, a
//! UN document symbol and an official, each resolved to an identity the site has a page for.
//!
//! - [`Catalogue`]: the resolutions (`data/sc-resolutions.csv`), by number.
//! - [`Registry`]: the officials (`content/officials/*.md`), with names, aliases and dated roles.
//! - [`Recognizer`]: built once from both, then [`Recognizer::find`] on each page's text.
//!
//! Nothing here knows Markdown, but text may come with or without Markdown's escapes
//! (`2151 \(2014\)`), and spans never straddle a link's brackets.

mod agenda;
mod catalogue;
mod citations;
mod council;
mod fold;
mod lexicon;
mod missions;
mod officials;
mod recognize;
mod registry;
mod scan;

use std::fmt;

use serde::Serialize;
use std::ops::Range;

pub use agenda::{AGENDA_FILE, Agenda, AgendaItem, BUILT_IN_AGENDA};
pub use catalogue::{Catalogue, HEADER as CATALOGUE_HEADER, LIBRARY_SOURCE, Resolution, WITHOUT_VOTE, parse_vote};
pub use council::{
    BUILT_IN_MEMBERS, BUILT_IN_NAMES, BUILT_IN_VOTES, LIBRARY_ATTRIBUTION, MEMBERS_FILE, MemberNames, MemberVotes,
    Members, NAMES_FILE, VOTES_FILE, VoteAccount, Votes,
};
pub use missions::{
    BUILT_IN_MISSIONS, MISSIONS_FILE, Mission, MissionKind, MissionRecord, Missions, mission_slug, parse_missions,
    site_missions, site_missions_source,
};
pub use recognize::Recognizer;
pub use registry::{Official, Registry};

/// Where a site keeps its resolutions catalogue; a site without one uses the catalogue built in.
pub const CATALOGUE_FILE: &str = "data/sc-resolutions.csv";
/// The catalogue shipped in the binary (what `new DIR` writes, and the fallback).
pub const BUILT_IN_CATALOGUE: &str = include_str!("../../data/sc-resolutions.csv");

/// The text of the site's catalogue (`data/sc-resolutions.csv`), or of the built-in one, and the
/// name to report it by.
pub fn site_catalogue_source(
    root: &std::path::Path,
) -> crate::error::Result<(std::borrow::Cow<'static, str>, &'static str)> {
    data_source(root, CATALOGUE_FILE, BUILT_IN_CATALOGUE)
}

/// The text of one file of reference data: the site's own (`data/…`), or the one built in, and
/// the name to report it by.
pub fn data_source(
    root: &std::path::Path,
    file: &'static str,
    built_in: &'static str,
) -> crate::error::Result<(std::borrow::Cow<'static, str>, &'static str)> {
    let path = root.join(file);
    if path.is_file() {
        let text = std::fs::read_to_string(&path).map_err(|e| crate::error::Error::io(file, e))?;
        Ok((text.into(), file))
    } else if file == CATALOGUE_FILE {
        Ok((built_in.into(), "(built-in catalogue)"))
    } else {
        Ok((built_in.into(), "(built-in)"))
    }
}

/// The site's catalogue, or the built-in one.
pub fn site_catalogue(root: &std::path::Path) -> crate::error::Result<Catalogue> {
    let (text, origin) = site_catalogue_source(root)?;
    Catalogue::parse(&text, origin)
}

/// The recognizer for a site: its catalogue, the officials under `content/officials/` and the
/// peace operations (the list and `content/missions/`).
pub fn site_recognizer(root: &std::path::Path) -> crate::error::Result<Recognizer> {
    let catalogue = site_catalogue(root)?;
    let pages = |section: &str| -> crate::error::Result<Vec<std::sync::Arc<crate::content::Page>>> {
        let dir = root.join(crate::content::CONTENT_DIR).join(section);
        let mut pages = Vec::new();
        for (_, parsed) in crate::content::read_dir(root, &dir)? {
            if let crate::content::Parsed::Page(page) = parsed? {
                pages.push(page);
            }
        }
        Ok(pages)
    };
    let officials = pages("officials")?;
    let registry = Registry::new(officials.iter().map(|p| (p.slug.as_str(), &p.meta)));
    let mission_pages = pages("missions")?;
    let missions = Missions::new(&site_missions(root)?, mission_pages.iter().map(|p| (p.slug.as_str(), &p.meta)));
    Recognizer::new(&catalogue, &registry, &missions)
}

/// A Security Council resolution: its number and year, written `2553 (2020)` (the catalogue's
/// key, the front-matter's spelling, and what every list of resolutions shows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResolutionId {
    pub number: u32,
    pub year: u16,
}

impl ResolutionId {
    pub fn new(number: u32, year: u16) -> ResolutionId {
        ResolutionId { number, year }
    }

    /// Reads `2553 (2020)`, also `S/RES/2553 (2020)` and `2553(2020)`.
    pub fn parse(key: &str) -> Option<ResolutionId> {
        let key = key.trim();
        let key = key.strip_prefix("S/RES/").unwrap_or(key);
        let (number, rest) = key.split_once('(')?;
        let year = rest.strip_suffix(')')?;
        let (number, year) = (number.trim(), year.trim());
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(number) || !digits(year) || year.len() != 4 || number.len() > 6 {
            return None;
        }
        Some(ResolutionId { number: number.parse().ok()?, year: year.parse().ok()? })
    }

    /// `S/RES/2553 (2020)`.
    pub fn symbol(&self) -> String {
        format!("S/RES/{self}")
    }

    /// `Resolution 2553 (2020)`.
    pub fn title(&self) -> String {
        format!("Resolution {self}")
    }

    /// Its official text: `https://undocs.org/S/RES/2553(2020)`.
    pub fn undocs_url(&self) -> String {
        format!("https://undocs.org/S/RES/{}({})", self.number, self.year)
    }
}

impl fmt::Display for ResolutionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.number, self.year)
    }
}

impl Serialize for ResolutionId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// What a mention refers to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entity {
    /// A Security Council resolution, `2553 (2020)`.
    Resolution(ResolutionId),
    /// Any other UN document, by symbol: `S/2020/1158`, `S/PRST/2007/3`, `A/70/1`.
    Document(String),
    /// An official of the registry, by slug.
    Official(String),
    /// A person the text gives an official title but whom the registry lacks.
    UnknownOfficial { name: String, title: String },
    /// A peace operation, by slug: `untac`, `unef-i`.
    Mission(String),
    /// "the Mission": the page's one mission, if it names only one (resolved per page).
    TheMission,
    /// What reads as an entity but cannot be one on the page's date: a resolution adopted after
    /// it (a misread number, most likely), a mission named before it existed. Never linked;
    /// `check` reports it.
    Anachronism(Box<Entity>),
}

/// The kinds of [`Entity`], for counting and for the front-matter field each goes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    Resolution,
    Document,
    Official,
    UnknownOfficial,
    Mission,
    Anachronism,
}

impl EntityKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            EntityKind::Resolution => "resolution",
            EntityKind::Document => "document",
            EntityKind::Official => "official",
            EntityKind::UnknownOfficial => "unknown official",
            EntityKind::Mission => "mission",
            EntityKind::Anachronism => "anachronism",
        }
    }
}

impl Entity {
    pub fn kind(&self) -> EntityKind {
        match self {
            Entity::Resolution(_) => EntityKind::Resolution,
            Entity::Document(_) => EntityKind::Document,
            Entity::Official(_) => EntityKind::Official,
            Entity::UnknownOfficial { .. } => EntityKind::UnknownOfficial,
            Entity::Mission(_) | Entity::TheMission => EntityKind::Mission,
            Entity::Anachronism(_) => EntityKind::Anachronism,
        }
    }

    /// The front-matter spelling: `"2553 (2020)"`, `"S/PRST/2007/3"`, `"antonio-guterres"`; for an
    /// unknown official, the name as written.
    pub fn key(&self) -> String {
        match self {
            Entity::Resolution(id) => id.to_string(),
            Entity::Document(symbol) => symbol.clone(),
            Entity::Official(slug) => slug.clone(),
            Entity::UnknownOfficial { name, .. } => name.clone(),
            Entity::Mission(slug) => slug.clone(),
            Entity::TheMission => "the Mission".to_string(),
            Entity::Anachronism(entity) => entity.key(),
        }
    }

    /// The document on the UN's Official Document System: `https://undocs.org/S/2020/1158`,
    /// `https://undocs.org/S/RES/2553(2020)`. None for people.
    pub fn undocs_url(&self) -> Option<String> {
        match self {
            Entity::Resolution(id) => Some(id.undocs_url()),
            Entity::Document(symbol) => Some(format!("https://undocs.org/{symbol}")),
            _ => None,
        }
    }
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Entity::UnknownOfficial { name, title } => write!(f, "{title} {name}"),
            other => f.write_str(&other.key()),
        }
    }
}

/// One mention: the byte range of `text` to link, and what it refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub range: Range<usize>,
    pub entity: Entity,
}

#[cfg(test)]
mod tests;

/// The handbook's reference data (`data/`), each file the site's own or the one built in: the
/// resolutions catalogue, how members voted and who sat on the Council, member states' names,
/// the agenda items, and the peace operations list.
#[derive(Debug, Clone, Default)]
pub struct ReferenceData {
    pub catalogue: Catalogue,
    pub votes: Votes,
    pub members: Members,
    pub member_names: MemberNames,
    pub agenda: Agenda,
    pub missions: Vec<MissionRecord>,
}

impl ReferenceData {
    /// Reads every file; the problems of all of them are reported together. Also returns the
    /// files' texts, for a fingerprint of what was read.
    pub fn load(root: &std::path::Path) -> crate::error::Result<(ReferenceData, Vec<std::borrow::Cow<'static, str>>)> {
        let (catalogue_text, origin) = site_catalogue_source(root)?;
        let catalogue = Catalogue::parse(&catalogue_text, origin)?;
        let (votes_text, votes_origin) = data_source(root, VOTES_FILE, BUILT_IN_VOTES)?;
        let (members_text, members_origin) = data_source(root, MEMBERS_FILE, BUILT_IN_MEMBERS)?;
        let (names_text, names_origin) = data_source(root, NAMES_FILE, BUILT_IN_NAMES)?;
        let (agenda_text, agenda_origin) = data_source(root, AGENDA_FILE, BUILT_IN_AGENDA)?;
        let (missions_text, missions_origin) = site_missions_source(root)?;
        let votes = Votes::parse(&votes_text, votes_origin);
        let members = Members::parse(&members_text, members_origin);
        let member_names = MemberNames::parse(&names_text, names_origin);
        let agenda = Agenda::parse(&agenda_text, agenda_origin, &catalogue);
        let missions = parse_missions(&missions_text, missions_origin);
        let texts = vec![catalogue_text, votes_text, members_text, names_text, agenda_text, missions_text];
        match (votes, members, member_names, agenda, missions) {
            (Ok(votes), Ok(members), Ok(member_names), Ok(agenda), Ok(missions)) => {
                Ok((ReferenceData { catalogue, votes, members, member_names, agenda, missions }, texts))
            }
            (votes, members, names, agenda, missions) => {
                let errors = [votes.err(), members.err(), names.err(), agenda.err(), missions.err()];
                crate::error::Error::from_list(errors.into_iter().flatten().collect())?;
                unreachable!("one of the files failed to read")
            }
        }
    }

    /// How resolution `id` was adopted, with its members named in `language`, where known.
    pub fn vote_account(&self, id: ResolutionId, language: &str) -> Option<VoteAccount> {
        let record = self.catalogue.record(id)?;
        VoteAccount::new(
            record.vote.as_ref(),
            record.without_vote,
            self.votes.get(id.number),
            &self.member_names,
            language,
        )
    }

    /// The Council's members in resolution `id`'s year, named in `language` and sorted by name.
    pub fn council_members(&self, id: ResolutionId, language: &str) -> Vec<String> {
        let mut names: Vec<String> = self
            .members
            .in_year(id.year)
            .unwrap_or_default()
            .iter()
            .map(|c| self.member_names.name(c, language).to_string())
            .collect();
        names.sort_by_cached_key(|n| fold::fold_lower(n));
        names
    }

    /// Whether some fact shown of resolution `id` comes from the Library's voting data.
    pub fn from_library(&self, id: ResolutionId) -> bool {
        self.catalogue.record(id).is_some_and(|r| r.from_library) || self.votes.get(id.number).is_some()
    }
}
