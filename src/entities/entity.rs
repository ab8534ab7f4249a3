//! What the recognizer finds: an [`Entity`] (a resolution, a document, an official, a mission)
//! and where a [`Mention`] of it is. Plain types every part of `entities` speaks.

use std::fmt;
use std::ops::Range;

use serde::Serialize;

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

/// A person named with an official title, as the text writes both.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TitledPerson {
    pub name: String,
    pub title: String,
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
    /// A person the text gives an official title but whom the registry lacks. Boxed: rare, and
    /// twice the size of the other variants, which every mention would otherwise carry.
    UnknownOfficial(Box<TitledPerson>),
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
    pub fn unknown_official(name: String, title: String) -> Entity {
        Entity::UnknownOfficial(Box::new(TitledPerson { name, title }))
    }

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
            Entity::UnknownOfficial(person) => person.name.clone(),
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
            Entity::UnknownOfficial(person) => write!(f, "{} {}", person.title, person.name),
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
