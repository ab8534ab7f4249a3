//! The catalogue of Security Council resolutions: `data/sc-resolutions.csv`, one row a resolution,
//! columns `number,year,symbol,adopted,meeting,topic,vote,source`. `vote` is in favour-against-
//! abstentions (`13-0-2`, members that did not take part left out) or `without vote`; `source` is
//! empty for facts from the Council's meeting tables and `undl` where a fact came from the UN Dag
//! Hammarskjöld Library's voting data (its attribution is shown with them). A catalogue of the
//! seven columns before `source` still reads.

use std::io::Read;
use std::path::Path;

use crate::content::Vote;
use crate::date::Date;
use crate::error::{Diagnostic, Error, Result};

/// One resolution as the catalogue records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    pub number: u32,
    pub year: u16,
    /// `S/RES/2553 (2020)`.
    pub symbol: String,
    /// Absent for a few early resolutions.
    pub adopted: Option<Date>,
    /// The meeting record, `S/PV.8787`, where known.
    pub meeting: Option<String>,
    pub topic: String,
    /// In favour, against, abstentions, where the catalogue records the vote.
    pub vote: Option<Vote>,
    /// Adopted without a vote (the catalogue's `without vote`).
    pub without_vote: bool,
    /// Some of its facts come from the Library's voting data (`source: undl`).
    pub from_library: bool,
}

impl Resolution {
    /// The front-matter spelling, `2553 (2020)`.
    pub fn key(&self) -> String {
        format!("{} ({})", self.number, self.year)
    }
}

/// Every resolution, looked up by number.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    /// Indexed by number; `None` for numbers the catalogue lacks.
    by_number: Vec<Option<Resolution>>,
    len: usize,
    /// Rows that read but disagree with themselves (a year that is not the adoption date's), as
    /// `file:line:col: message`, for `check`.
    pub warnings: Vec<String>,
}

pub const HEADER: [&str; 8] = ["number", "year", "symbol", "adopted", "meeting", "topic", "vote", "source"];
/// `source`: a fact came from the Library's voting data.
pub const LIBRARY_SOURCE: &str = "undl";
/// `vote`: adopted without a vote.
pub const WITHOUT_VOTE: &str = "without vote";

impl Catalogue {
    /// Reads the CSV file at `path`; errors name the file and line.
    pub fn load(path: impl AsRef<Path>) -> Result<Catalogue> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        Catalogue::from_reader(file, path)
    }

    /// Parses CSV text; `origin` is the file name used in error messages.
    pub fn parse(text: &str, origin: impl AsRef<Path>) -> Result<Catalogue> {
        Catalogue::from_reader(text.as_bytes(), origin)
    }

    /// Parses CSV from any reader; `origin` is the file name used in error messages.
    pub fn from_reader(reader: impl Read, origin: impl AsRef<Path>) -> Result<Catalogue> {
        let origin = origin.as_ref().to_path_buf();
        let mut csv = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(reader);
        let columns = match read_header(&mut csv, &origin, &HEADER) {
            Ok(()) => HEADER.len(),
            Err(_) if read_header(&mut csv, &origin, &HEADER[..7]).is_ok() => 7,
            Err(e) => return Err(e),
        };
        let mut catalogue = Catalogue::default();
        let mut errors = Vec::new();
        let mut record = csv::StringRecord::new();
        loop {
            match csv.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    errors.push(csv_error(&origin, &e));
                    break;
                }
            }
            let line = record.position().map_or(0, |p| p.line() as usize);
            if record.len() != columns {
                errors.push(at(&origin, line, format!("expected {columns} columns, found {}", record.len())));
                continue;
            }
            match parse_row(&record) {
                Ok(row) => {
                    if let Some(adopted) = row.adopted
                        && adopted.year() != i32::from(row.year)
                    {
                        catalogue.warnings.push(format!(
                            "{}:{line}:1: resolution {} is filed under {} but dated {adopted}: check the year or the date",
                            origin.display(),
                            row.number,
                            row.year
                        ));
                    }
                    let n = row.number as usize;
                    if catalogue.by_number.len() <= n {
                        catalogue.by_number.resize(n + 1, None);
                    }
                    if catalogue.by_number[n].is_some() {
                        errors.push(at(&origin, line, format!("resolution {} is listed twice", row.number)));
                    } else {
                        catalogue.by_number[n] = Some(row);
                        catalogue.len += 1;
                    }
                }
                Err(message) => errors.push(at(&origin, line, message)),
            }
        }
        Error::from_list(errors)?;
        Ok(catalogue)
    }

    /// The record of resolution `id`, if the catalogue has that number for that year.
    pub fn record(&self, id: super::entity::ResolutionId) -> Option<&Resolution> {
        self.get(id.number).filter(|r| r.year == id.year)
    }

    pub fn get(&self, number: u32) -> Option<&Resolution> {
        self.by_number.get(number as usize).and_then(Option::as_ref)
    }

    /// The year of resolution `number`, if catalogued.
    pub fn year_of(&self, number: u32) -> Option<u16> {
        self.get(number).map(|r| r.year)
    }

    /// The highest number catalogued (0 when empty).
    pub fn last_number(&self) -> u32 {
        self.by_number.len().saturating_sub(1) as u32
    }

    /// How many resolutions are catalogued (numbers may have gaps).
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = &Resolution> {
        self.by_number.iter().flatten()
    }

    /// Adoption dates by number, for the recognizer (`None` where unknown).
    pub(crate) fn adoption_dates(&self) -> Vec<Option<Date>> {
        self.by_number.iter().map(|r| r.as_ref().and_then(|r| r.adopted)).collect()
    }

    /// Years by number, for the recognizer (0 where the catalogue has no such resolution).
    pub(crate) fn years(&self) -> Vec<u16> {
        self.by_number.iter().map(|r| r.as_ref().map_or(0, |r| r.year)).collect()
    }
}

/// Checks that a CSV file's header is `expected`, or says what it found.
pub(crate) fn read_header<R: Read>(csv: &mut csv::Reader<R>, origin: &Path, expected: &[&str]) -> Result<()> {
    let headers = csv.headers().map_err(|e| csv_error(origin, &e))?;
    let found: Vec<&str> = headers.iter().map(str::trim).collect();
    if found != expected {
        return Err(Diagnostic::new(
            origin,
            format!("expected the header `{}`, found `{}`", expected.join(","), found.join(",")),
        )
        .at(1, 1)
        .into());
    }
    Ok(())
}

pub(crate) fn at(origin: &Path, line: usize, message: String) -> Error {
    let d = Diagnostic::new(origin, message);
    if line > 0 { d.at(line, 1).into() } else { d.into() }
}

pub(crate) fn csv_error(origin: &Path, e: &csv::Error) -> Error {
    let line = e.position().map_or(0, |p| p.line() as usize);
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("expected {expected_len} columns, found {len}")
        }
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8".to_string(),
        _ => format!("cannot read CSV: {e}"),
    };
    at(origin, line, message)
}

fn parse_row(record: &csv::StringRecord) -> std::result::Result<Resolution, String> {
    let field = |i: usize| record.get(i).unwrap_or("").trim();
    let number: u32 = field(0)
        .parse()
        .ok()
        .filter(|&n| (1..1_000_000).contains(&n))
        .ok_or_else(|| format!("number: expected a resolution number like 2553, found {:?}", field(0)))?;
    let year: u16 = field(1)
        .parse()
        .ok()
        .filter(|y| (1946..=2999).contains(y))
        .ok_or_else(|| format!("year: expected a year like 2020, found {:?}", field(1)))?;
    let symbol = field(2).to_string();
    let expected = format!("S/RES/{number} ({year})");
    if symbol != expected {
        return Err(format!("symbol: expected {expected:?} for resolution {number} of {year}, found {symbol:?}"));
    }
    let adopted = match field(3) {
        "" => None,
        text => Some(
            Date::parse_iso(text).ok_or_else(|| format!("adopted: expected a date like 2020-12-03, found {text:?}"))?,
        ),
    };
    let meeting = Some(field(4).to_string()).filter(|m| !m.is_empty());
    let without_vote = field(6).eq_ignore_ascii_case(WITHOUT_VOTE);
    let vote = match field(6) {
        "" => None,
        _ if without_vote => None,
        text => Some(parse_vote(text).ok_or_else(|| {
            format!("vote: expected in favour-against-abstentions like 15-0-0, or `{WITHOUT_VOTE}`, found {text:?}")
        })?),
    };
    let from_library = match field(7) {
        "" => false,
        LIBRARY_SOURCE => true,
        text => return Err(format!("source: expected `{LIBRARY_SOURCE}` or nothing, found {text:?}")),
    };
    Ok(Resolution {
        number,
        year,
        symbol,
        adopted,
        meeting,
        topic: crate::text::mend_mojibake(field(5)).into_owned(),
        vote,
        without_vote,
        from_library,
    })
}

pub fn parse_vote(text: &str) -> Option<Vote> {
    let mut parts = text.split('-').map(|p| p.trim().parse::<u32>());
    let (Some(Ok(in_favour)), Some(Ok(against)), Some(Ok(abstentions)), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    Some(Vote { in_favour, against, abstentions, in_favour_members: Vec::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "number,year,symbol,adopted,meeting,topic,vote\n\
        1,1946,S/RES/1 (1946),1946-01-25,S/PV.2,Directive,\n\
        3,1946,S/RES/3 (1946),1946-04-04,S/PV.30,\"The Iranian question, again\",9-0-1\n";

    #[test]
    fn looks_up_by_number() {
        let c = Catalogue::parse(CSV, "data/sc-resolutions.csv").unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(c.last_number(), 3);
        assert!(c.get(2).is_none());
        let r = c.get(3).unwrap();
        assert_eq!(r.key(), "3 (1946)");
        assert_eq!(r.topic, "The Iranian question, again");
        assert_eq!(r.vote.as_ref().map(|v| (v.in_favour, v.against, v.abstentions)), Some((9, 0, 1)));
        assert_eq!(r.adopted, Date::from_ymd(1946, 4, 4));
        assert_eq!(r.meeting.as_deref(), Some("S/PV.30"));
        assert!(c.get(1).unwrap().vote.is_none());
        assert!(c.warnings.is_empty());
    }

    #[test]
    fn a_year_that_is_not_the_adoption_dates_is_a_warning() {
        let csv = "number,year,symbol,adopted,meeting,topic,vote\n207,1964,S/RES/207 (1964),1965-08-10,,Cyprus,\n";
        let c = Catalogue::parse(csv, "data/sc-resolutions.csv").unwrap();
        assert_eq!(
            c.warnings,
            [
                "data/sc-resolutions.csv:2:1: resolution 207 is filed under 1964 but dated 1965-08-10: check the year or the date"
            ]
        );
        assert!(Catalogue::parse(crate::entities::BUILT_IN_CATALOGUE, "x").unwrap().warnings.is_empty());
    }

    #[test]
    fn errors_name_file_and_line() {
        let bad = "number,year,symbol,adopted,meeting,topic,vote\n\
            1,1946,S/RES/1 (1946),1946-01-25,S/PV.2,Directive,\n\
            2,19x6,S/RES/2 (1946),,,,\n\
            3,1946,S/RES/4 (1946),,,,\n\
            1,1946,S/RES/1 (1946),,,,\n";
        let err = Catalogue::parse(bad, "data/sc-resolutions.csv").unwrap_err();
        assert_eq!(
            err.diagnostics(),
            [
                "data/sc-resolutions.csv:3:1: year: expected a year like 2020, found \"19x6\"",
                "data/sc-resolutions.csv:4:1: symbol: expected \"S/RES/3 (1946)\" for resolution 3 of 1946, found \"S/RES/4 (1946)\"",
                "data/sc-resolutions.csv:5:1: resolution 1 is listed twice",
            ]
        );
        let err = Catalogue::parse("number,year\n1,1946\n", "x.csv").unwrap_err();
        assert!(err.to_string().starts_with("x.csv:1:1: expected the header"), "{err}");
        let err = Catalogue::parse("number,year,symbol,adopted,meeting,topic,vote\n1,1946\n", "x.csv").unwrap_err();
        assert_eq!(err.to_string(), "x.csv:2:1: expected 7 columns, found 2");
    }

    #[test]
    fn missing_file_is_an_io_error() {
        let err = Catalogue::load("no/such/file.csv").unwrap_err();
        assert!(err.to_string().starts_with("no/such/file.csv: "), "{err}");
    }
}
