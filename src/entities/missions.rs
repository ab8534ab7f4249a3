//! The peace operations list: `data/peace-operations.csv`, one row a mission, columns
//! `acronym,name,kind,location,start,end,established_by,predecessor,successor,source`.
//! Dates may be whole (`2004-04-30`) or only a month or a year (`1956-11`, `1967`), as the
//! sources give them.

use std::path::Path;

use super::entity::ResolutionId;
use crate::content::PageMeta;
use crate::date::{Date, PartialDate};
use crate::error::{Diagnostic, Error, Result};

/// Where a site keeps its peace operations list.
pub const MISSIONS_FILE: &str = "data/peace-operations.csv";
/// The list shipped in the binary (what `new DIR` writes, and the fallback).
pub const BUILT_IN_MISSIONS: &str = include_str!("../../data/peace-operations.csv");

/// Peacekeeping operation or special political mission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MissionKind {
    Peacekeeping,
    Political,
}

impl MissionKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            MissionKind::Peacekeeping => "peacekeeping",
            MissionKind::Political => "political",
        }
    }
}

/// One row of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct MissionRecord {
    /// `UNTAC`, `UNEF I`; absent for the one mission that never had one.
    pub acronym: Option<String>,
    pub name: String,
    pub kind: MissionKind,
    pub locations: Vec<String>,
    pub start: PartialDate,
    /// Absent while the mission runs.
    pub end: Option<PartialDate>,
    /// Resolutions that set it up, as `(number, year)`.
    pub established_by: Vec<ResolutionId>,
    /// Acronyms.
    pub predecessors: Vec<String>,
    pub successors: Vec<String>,
    pub source: String,
}

impl MissionRecord {
    /// The URL slug: the acronym lowercased, spaces as `-` (`unef-i`); the name's slug without one.
    pub fn slug(&self) -> String {
        match &self.acronym {
            Some(a) => mission_slug(a),
            None => crate::content::slugify(&self.name),
        }
    }
}

/// `UNEF I` → `unef-i`.
pub fn mission_slug(acronym: &str) -> String {
    crate::content::slugify(acronym)
}

const HEADER: [&str; 10] =
    ["acronym", "name", "kind", "location", "start", "end", "established_by", "predecessor", "successor", "source"];

/// Reads the list; errors name the file and line.
pub fn parse_missions(text: &str, origin: impl AsRef<Path>) -> Result<Vec<MissionRecord>> {
    let origin = origin.as_ref();
    let mut csv = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let at = |line: usize, message: String| -> Error {
        let d = Diagnostic::new(origin, message);
        if line > 0 { d.at(line, 1).into() } else { d.into() }
    };
    let headers = csv.headers().map_err(|e| at(1, format!("cannot read CSV: {e}")))?.clone();
    let found: Vec<&str> = headers.iter().map(str::trim).collect();
    if found != HEADER {
        return Err(at(1, format!("expected the header `{}`, found `{}`", HEADER.join(","), found.join(","))));
    }
    let mut missions = Vec::new();
    let mut errors = Vec::new();
    for record in csv.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                errors.push(at(line, format!("cannot read CSV: {e}")));
                break;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        match parse_row(&record) {
            Ok(m) => missions.push(m),
            Err(message) => errors.push(at(line, message)),
        }
    }
    Error::from_list(errors)?;
    Ok(missions)
}

fn list(text: &str) -> Vec<String> {
    text.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

fn parse_row(record: &csv::StringRecord) -> std::result::Result<MissionRecord, String> {
    let field = |i: usize| record.get(i).unwrap_or("").trim();
    let acronym = Some(field(0).to_string()).filter(|a| !a.is_empty());
    let name = field(1).to_string();
    if name.is_empty() {
        return Err("name: expected the mission's name, found nothing".to_string());
    }
    let kind = match field(2) {
        "peacekeeping" => MissionKind::Peacekeeping,
        "political" => MissionKind::Political,
        other => return Err(format!("kind: expected `peacekeeping` or `political`, found {other:?}")),
    };
    let date = |column: &str, text: &str| {
        PartialDate::parse(text)
            .ok_or_else(|| format!("{column}: expected a date like 2004-04-30, 2004-04 or 2004, found {text:?}"))
    };
    let start = date("start", field(4))?;
    let end = match field(5) {
        "" => None,
        text => Some(date("end", text)?),
    };
    let mut established_by = Vec::new();
    for key in list(field(6)) {
        let parsed = ResolutionId::parse(&key)
            .ok_or_else(|| format!("established_by: expected resolutions like `1542 (2004)`, found {key:?}"))?;
        established_by.push(parsed);
    }
    Ok(MissionRecord {
        acronym,
        name,
        kind,
        locations: list(field(3)),
        start,
        end,
        established_by,
        predecessors: list(field(7)),
        successors: list(field(8)),
        source: field(9).to_string(),
    })
}

/// A peace operation as the handbook knows it: its row of the list, with what an editor's page
/// (`content/missions/<slug>.md`) adds or corrects.
#[derive(Debug, Clone, PartialEq)]
pub struct Mission {
    pub slug: String,
    pub acronym: Option<String>,
    pub name: String,
    /// Other names: in Spanish and French, former names (from the editor's page).
    pub aliases: Vec<String>,
    pub kind: Option<MissionKind>,
    pub locations: Vec<String>,
    pub start: Option<PartialDate>,
    /// Absent while the mission runs.
    pub end: Option<PartialDate>,
    pub established_by: Vec<ResolutionId>,
    /// Slugs.
    pub predecessors: Vec<String>,
    pub successors: Vec<String>,
    pub source: String,
    /// An editor's page adds to this mission's page.
    pub curated: bool,
}

impl Mission {
    fn from_record(record: &MissionRecord) -> Mission {
        Mission {
            slug: record.slug(),
            acronym: record.acronym.clone(),
            name: record.name.clone(),
            aliases: Vec::new(),
            kind: Some(record.kind),
            locations: record.locations.clone(),
            start: Some(record.start),
            end: record.end,
            established_by: record.established_by.clone(),
            predecessors: record.predecessors.iter().map(|a| mission_slug(a)).collect(),
            successors: record.successors.iter().map(|a| mission_slug(a)).collect(),
            source: record.source.clone(),
            curated: false,
        }
    }

    /// The name a reader knows it by: its acronym, or its name.
    pub fn label(&self) -> &str {
        self.acronym.as_deref().unwrap_or(&self.name)
    }

    /// Whether it ran on `date`: from its start (or the earliest date the start can mean) to its
    /// end (the latest), open-ended while it runs.
    pub fn active_on(&self, date: Date) -> bool {
        self.start.and_then(|s| s.earliest()).is_none_or(|s| s <= date)
            && self.end.and_then(|e| e.latest()).is_none_or(|e| date <= e)
    }

    /// Whether it still runs: no end date.
    pub fn is_active(&self) -> bool {
        self.end.is_none()
    }
}

/// Every peace operation the handbook knows, by slug.
#[derive(Debug, Clone, Default)]
pub struct Missions {
    missions: Vec<Mission>,
    by_slug: std::collections::HashMap<String, usize>,
}

impl Missions {
    /// The list's rows, then the editors' pages (`(slug, front-matter)` of `content/missions/*.md`):
    /// a page adds to the row of its slug, or is a mission of its own.
    pub fn new<'a>(records: &[MissionRecord], pages: impl IntoIterator<Item = (&'a str, &'a PageMeta)>) -> Missions {
        let mut missions = Missions::default();
        for record in records {
            missions.push(Mission::from_record(record));
        }
        for (slug, meta) in pages {
            let i = match missions.by_slug.get(slug) {
                Some(&i) => i,
                None => missions.push(Mission {
                    slug: slug.to_string(),
                    acronym: None,
                    name: meta.title.clone(),
                    aliases: Vec::new(),
                    kind: None,
                    locations: Vec::new(),
                    start: None,
                    end: None,
                    established_by: Vec::new(),
                    predecessors: Vec::new(),
                    successors: Vec::new(),
                    source: String::new(),
                    curated: true,
                }),
            };
            let m = &mut missions.missions[i];
            m.curated = true;
            m.name = meta.title.clone();
            if let Some(a) = &meta.acronym {
                m.acronym = Some(a.clone());
            }
            for alias in &meta.aliases {
                if !m.aliases.contains(alias) {
                    m.aliases.push(alias.clone());
                }
            }
            if !meta.location.is_empty() {
                m.locations = meta.location.clone();
            }
            m.start = meta.from.or(m.start);
            m.end = meta.to.or(m.end);
            let established: Vec<ResolutionId> =
                meta.established_by.iter().filter_map(|k| ResolutionId::parse(k)).collect();
            if !established.is_empty() {
                m.established_by = established;
            }
        }
        missions
    }

    fn push(&mut self, mission: Mission) -> usize {
        if let Some(&i) = self.by_slug.get(&mission.slug) {
            return i;
        }
        self.by_slug.insert(mission.slug.clone(), self.missions.len());
        self.missions.push(mission);
        self.missions.len() - 1
    }

    pub fn get(&self, slug: &str) -> Option<&Mission> {
        self.by_slug.get(slug).map(|&i| &self.missions[i])
    }

    pub fn all(&self) -> &[Mission] {
        &self.missions
    }

    pub fn len(&self) -> usize {
        self.missions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.missions.is_empty()
    }
}

impl Mission {
    /// From when it existed: its start, or the adoption of the first resolution that set it up,
    /// whichever is earlier (resolution 435 (1978) set up UNTAG, which deployed in 1989).
    pub fn existed_from(&self, catalogue: &super::catalogue::Catalogue) -> Option<Date> {
        let adopted = self.established_by.iter().filter_map(|id| catalogue.record(*id).and_then(|r| r.adopted));
        self.start.and_then(|s| s.earliest()).into_iter().chain(adopted).min()
    }
}

/// The site's list (`data/peace-operations.csv`), or the built-in one.
pub fn site_missions(root: &Path) -> Result<Vec<MissionRecord>> {
    let (text, origin) = site_missions_source(root)?;
    parse_missions(&text, origin)
}

/// The text of the site's list, or of the built-in one, and the name to report it by.
pub fn site_missions_source(root: &Path) -> Result<(std::borrow::Cow<'static, str>, &'static str)> {
    let path = root.join(MISSIONS_FILE);
    if path.is_file() {
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(MISSIONS_FILE, e))?;
        Ok((text.into(), MISSIONS_FILE))
    } else {
        Ok((BUILT_IN_MISSIONS.into(), "(built-in peace operations list)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates() {
        let d = PartialDate::parse("1956-11").unwrap();
        assert_eq!((d.earliest(), d.latest()), (Date::from_ymd(1956, 11, 1), Date::from_ymd(1956, 11, 30)));
        let d = PartialDate::parse("2003").unwrap();
        assert_eq!(d.latest(), Date::from_ymd(2003, 12, 31));
        assert_eq!(PartialDate::parse("2004-12").unwrap().latest(), Date::from_ymd(2004, 12, 31));
        assert_eq!(PartialDate::parse("2004-02-30"), None);
        assert_eq!(PartialDate::parse("04-02"), None);
        assert_eq!(PartialDate::parse("2004-04-30").unwrap().to_string(), "2004-04-30");
    }

    #[test]
    fn the_built_in_list_reads() {
        let missions = parse_missions(BUILT_IN_MISSIONS, "x").unwrap();
        assert!(missions.len() >= 90);
        let untac = missions.iter().find(|m| m.acronym.as_deref() == Some("UNTAC")).unwrap();
        assert_eq!(untac.name, "United Nations Transitional Authority in Cambodia");
        assert_eq!(untac.slug(), "untac");
        let unef = missions.iter().find(|m| m.acronym.as_deref() == Some("UNEF I")).unwrap();
        assert_eq!(unef.slug(), "unef-i");
        assert!(unef.established_by.is_empty());
    }

    #[test]
    fn errors_name_file_and_line() {
        let text = "acronym,name,kind,location,start,end,established_by,predecessor,successor,source\n\
                    X,Mission X,military,Here,2001-01-01,,,,,\n\
                    Y,Mission Y,political,Here,2001-13,,,,,\n";
        let err = parse_missions(text, "data/peace-operations.csv").unwrap_err();
        assert_eq!(
            err.diagnostics(),
            [
                "data/peace-operations.csv:2:1: kind: expected `peacekeeping` or `political`, found \"military\"",
                "data/peace-operations.csv:3:1: start: expected a date like 2004-04-30, 2004-04 or 2004, found \"2001-13\"",
            ]
        );
    }
}
