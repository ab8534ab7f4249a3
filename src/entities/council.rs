//! The Council's record beyond the catalogue: how its members voted on each resolution
//! (`data/sc-votes.csv`), who sat on it each year (`data/sc-members.csv`), and the names the UN
//! gives member states (`data/un-members.csv`). Members are ISO 3166-1 alpha-3 codes throughout,
//! as the UN Dag Hammarskjöld Library's voting data writes them (`CHN`, `RUS`, `SUN` for the USSR).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::catalogue::{at, csv_error, read_header};
use crate::content::Vote;
use crate::error::{Error, Result};

/// Where a site keeps each file; a site without one uses the one built in.
pub const VOTES_FILE: &str = "data/sc-votes.csv";
pub const MEMBERS_FILE: &str = "data/sc-members.csv";
pub const NAMES_FILE: &str = "data/un-members.csv";
pub const BUILT_IN_VOTES: &str = include_str!("../../data/sc-votes.csv");
pub const BUILT_IN_MEMBERS: &str = include_str!("../../data/sc-members.csv");
pub const BUILT_IN_NAMES: &str = include_str!("../../data/un-members.csv");

pub const VOTES_HEADER: [&str; 4] = ["number", "against", "abstaining", "not_participating"];
pub const MEMBERS_HEADER: [&str; 2] = ["year", "members"];
const NAMES_HEADER: [&str; 4] = ["code", "en", "fr", "es"];

/// How the Library's dataset asks to be cited, wherever its facts are shown.
pub const LIBRARY_ATTRIBUTION: &str = "United Nations Dag Hammarskjöld Library, Security Council Voting Data \
     (https://digitallibrary.un.org/record/4055387). Copyright, United Nations; non-commercial use with attribution.";

/// The members that did not vote in favour of one resolution; every other member did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct MemberVotes {
    pub against: Vec<String>,
    pub abstaining: Vec<String>,
    pub not_participating: Vec<String>,
}

/// `data/sc-votes.csv`, by resolution number.
#[derive(Debug, Clone, Default)]
pub struct Votes {
    by_number: BTreeMap<u32, MemberVotes>,
}

impl Votes {
    pub fn parse(text: &str, origin: impl AsRef<Path>) -> Result<Votes> {
        let origin = origin.as_ref();
        let mut votes = Votes::default();
        let mut errors = Vec::new();
        for_each_row(text, origin, &VOTES_HEADER, &mut errors, |record| {
            let field = |i: usize| record.get(i).unwrap_or("").trim();
            let Some(number) = field(0).parse::<u32>().ok().filter(|n| *n > 0) else {
                return Err(format!("number: expected a resolution number like 2553, found {:?}", field(0)));
            };
            let row = MemberVotes {
                against: codes(field(1)).map_err(|e| format!("against: {e}"))?,
                abstaining: codes(field(2)).map_err(|e| format!("abstaining: {e}"))?,
                not_participating: codes(field(3)).map_err(|e| format!("not_participating: {e}"))?,
            };
            if votes.by_number.insert(number, row).is_some() {
                return Err(format!("resolution {number} is listed twice"));
            }
            Ok(())
        })?;
        Error::from_list(errors)?;
        Ok(votes)
    }

    pub fn get(&self, number: u32) -> Option<&MemberVotes> {
        self.by_number.get(&number)
    }

    pub fn insert(&mut self, number: u32, votes: MemberVotes) {
        self.by_number.insert(number, votes);
    }

    pub fn iter(&self) -> impl Iterator<Item = (u32, &MemberVotes)> {
        self.by_number.iter().map(|(n, v)| (*n, v))
    }

    /// The file's text, rows by number.
    pub fn to_csv(&self) -> String {
        let mut out = VOTES_HEADER.join(",") + "\n";
        for (number, v) in &self.by_number {
            let list = |codes: &[String]| codes.join(";");
            out.push_str(&format!(
                "{number},{},{},{}\n",
                list(&v.against),
                list(&v.abstaining),
                list(&v.not_participating)
            ));
        }
        out
    }
}

/// `data/sc-members.csv`: the Council's members by year.
#[derive(Debug, Clone, Default)]
pub struct Members {
    by_year: BTreeMap<u16, Vec<String>>,
}

impl Members {
    pub fn parse(text: &str, origin: impl AsRef<Path>) -> Result<Members> {
        let origin = origin.as_ref();
        let mut members = Members::default();
        let mut errors = Vec::new();
        for_each_row(text, origin, &MEMBERS_HEADER, &mut errors, |record| {
            let field = |i: usize| record.get(i).unwrap_or("").trim();
            let Some(year) = field(0).parse::<u16>().ok().filter(|y| (1946..=2999).contains(y)) else {
                return Err(format!("year: expected a year like 2024, found {:?}", field(0)));
            };
            let codes = codes(field(1)).map_err(|e| format!("members: {e}"))?;
            if ![11, 15].contains(&codes.len()) {
                return Err(format!("members: expected the Council's 11 or 15 members, found {}", codes.len()));
            }
            if members.by_year.insert(year, codes).is_some() {
                return Err(format!("{year} is listed twice"));
            }
            Ok(())
        })?;
        Error::from_list(errors)?;
        Ok(members)
    }

    /// The members in `year`, where known.
    pub fn in_year(&self, year: u16) -> Option<&[String]> {
        self.by_year.get(&year).map(Vec::as_slice)
    }

    pub fn set_year(&mut self, year: u16, codes: Vec<String>) {
        self.by_year.insert(year, codes);
    }

    pub fn iter(&self) -> impl Iterator<Item = (u16, &[String])> {
        self.by_year.iter().map(|(y, m)| (*y, m.as_slice()))
    }

    pub fn to_csv(&self) -> String {
        let mut out = MEMBERS_HEADER.join(",") + "\n";
        for (year, codes) in &self.by_year {
            out.push_str(&format!("{year},{}\n", codes.join(";")));
        }
        out
    }
}

/// The languages member names are known in.
const LANGUAGES: [&str; 3] = ["en", "fr", "es"];

/// `data/un-members.csv`: the UN's short names of member states, in English, French and Spanish.
#[derive(Debug, Clone, Default)]
pub struct MemberNames {
    by_code: BTreeMap<String, [String; 3]>,
}

impl MemberNames {
    pub fn parse(text: &str, origin: impl AsRef<Path>) -> Result<MemberNames> {
        let origin = origin.as_ref();
        let mut names = MemberNames::default();
        let mut errors = Vec::new();
        for_each_row(text, origin, &NAMES_HEADER, &mut errors, |record| {
            let field = |i: usize| record.get(i).unwrap_or("").trim().to_string();
            let code = field(0);
            if !is_code(&code) {
                return Err(format!("code: expected an ISO 3166-1 alpha-3 code like CHN, found {code:?}"));
            }
            let row = [field(1), field(2), field(3)];
            if let Some(i) = row.iter().position(String::is_empty) {
                return Err(format!("{}: the name is missing", LANGUAGES[i]));
            }
            if names.by_code.insert(code.clone(), row).is_some() {
                return Err(format!("{code} is listed twice"));
            }
            Ok(())
        })?;
        Error::from_list(errors)?;
        Ok(names)
    }

    /// A member's name in `language` (a BCP 47 tag: `fr`, `es-ES`), English where the table has
    /// no such language, and the code itself where it lacks the member.
    pub fn name<'a>(&'a self, code: &'a str, language: &str) -> &'a str {
        let primary = language.split(['-', '_']).next().unwrap_or("en");
        let column = LANGUAGES.iter().position(|l| l.eq_ignore_ascii_case(primary)).unwrap_or(0);
        self.by_code.get(code).map_or(code, |row| row[column].as_str())
    }

    pub fn contains(&self, code: &str) -> bool {
        self.by_code.contains_key(code)
    }
}

fn is_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// `CHN;RUS` → `["CHN", "RUS"]`; empty → none.
fn codes(field: &str) -> std::result::Result<Vec<String>, String> {
    if field.is_empty() {
        return Ok(Vec::new());
    }
    let mut codes = Vec::new();
    for code in field.split(';').map(str::trim) {
        if !is_code(code) {
            return Err(format!("expected ISO 3166-1 alpha-3 codes separated by `;` (CHN;RUS), found {code:?}"));
        }
        if codes.iter().any(|c| c == code) {
            return Err(format!("{code} is listed twice"));
        }
        codes.push(code.to_string());
    }
    Ok(codes)
}

/// Reads a CSV file whose header must be `header`, calling `row` for each record; a row's `Err`
/// is reported at its line, and the rest are still read.
fn for_each_row(
    text: &str,
    origin: &Path,
    header: &[&str],
    errors: &mut Vec<Error>,
    mut row: impl FnMut(&csv::StringRecord) -> std::result::Result<(), String>,
) -> Result<()> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    read_header(&mut reader, origin, header)?;
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                errors.push(csv_error(origin, &e));
                break;
            }
        }
        let line = record.position().map_or(0, |p| p.line() as usize);
        if let Err(message) = row(&record) {
            errors.push(at(origin, line, message));
        }
    }
    Ok(())
}

/// How one resolution was adopted, with the members named: what its page says of the vote.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct VoteAccount {
    pub without_vote: bool,
    pub in_favour: u32,
    pub against: u32,
    pub abstentions: u32,
    pub not_participating: u32,
    /// Names, in the page's language, where the votes file records who.
    pub against_members: Vec<String>,
    pub abstaining_members: Vec<String>,
    pub not_participating_members: Vec<String>,
    /// Whether every member voted in favour.
    pub unanimous: bool,
    /// "13 in favour, none against, 2 abstentions (China, Russian Federation)".
    pub summary: String,
}

impl VoteAccount {
    /// The account of a vote: its counts, and the members named where `members` records them.
    pub fn new(
        vote: Option<&Vote>,
        without_vote: bool,
        members: Option<&MemberVotes>,
        names: &MemberNames,
        language: &str,
    ) -> Option<VoteAccount> {
        let named = |codes: &[String]| {
            let mut named: Vec<String> = codes.iter().map(|c| names.name(c, language).to_string()).collect();
            named.sort_by_cached_key(|n| super::fold::fold_lower(n));
            named
        };
        let (against_members, abstaining_members, not_participating_members) = match members {
            Some(m) => (named(&m.against), named(&m.abstaining), named(&m.not_participating)),
            None => Default::default(),
        };
        let words = Words::for_language(language);
        if without_vote {
            return Some(VoteAccount {
                without_vote,
                in_favour: 0,
                against: 0,
                abstentions: 0,
                not_participating: 0,
                against_members: Vec::new(),
                abstaining_members: Vec::new(),
                not_participating_members: Vec::new(),
                unanimous: false,
                summary: words.without_vote.to_string(),
            });
        }
        let vote = vote?;
        let not_participating = not_participating_members.len() as u32;
        let unanimous = vote.against == 0 && vote.abstentions == 0 && not_participating == 0;
        let mut summary = format!(
            "{}, {}, {}",
            words.count(vote.in_favour, words.in_favour, &[]),
            words.count(vote.against, words.against, &against_members),
            words.count(vote.abstentions, words.abstentions, &abstaining_members),
        );
        if not_participating > 0 {
            summary.push_str("; ");
            summary.push_str(&words.count(not_participating, words.not_participating, &not_participating_members));
        }
        Some(VoteAccount {
            without_vote,
            in_favour: vote.in_favour,
            against: vote.against,
            abstentions: vote.abstentions,
            not_participating,
            against_members,
            abstaining_members,
            not_participating_members,
            unanimous,
            summary,
        })
    }
}

/// The words of a vote's account in one language: (none, one, many) of each count.
struct Words {
    in_favour: [&'static str; 3],
    against: [&'static str; 3],
    abstentions: [&'static str; 3],
    not_participating: [&'static str; 3],
    without_vote: &'static str,
}

impl Words {
    fn for_language(language: &str) -> Words {
        match language.split(['-', '_']).next().unwrap_or("en") {
            "fr" => Words {
                in_favour: ["aucune voix pour", "{} voix pour", "{} voix pour"],
                against: ["aucune contre", "{} contre", "{} contre"],
                abstentions: ["aucune abstention", "{} abstention", "{} abstentions"],
                not_participating: [
                    "",
                    "{} membre n'a pas participé au vote",
                    "{} membres n'ont pas participé au vote",
                ],
                without_vote: "Adoptée sans vote",
            },
            "es" => Words {
                in_favour: ["ningún voto a favor", "{} voto a favor", "{} votos a favor"],
                against: ["ninguno en contra", "{} en contra", "{} en contra"],
                abstentions: ["ninguna abstención", "{} abstención", "{} abstenciones"],
                not_participating: [
                    "",
                    "{} miembro no participó en la votación",
                    "{} miembros no participaron en la votación",
                ],
                without_vote: "Aprobada sin votación",
            },
            _ => Words {
                in_favour: ["none in favour", "{} in favour", "{} in favour"],
                against: ["none against", "{} against", "{} against"],
                abstentions: ["no abstentions", "{} abstention", "{} abstentions"],
                not_participating: ["", "{} did not take part", "{} did not take part"],
                without_vote: "Adopted without a vote",
            },
        }
    }

    /// "2 abstentions (China, Russian Federation)".
    fn count(&self, n: u32, forms: [&'static str; 3], members: &[String]) -> String {
        let form = forms[(n as usize).min(2)];
        let mut text = form.replace("{}", &n.to_string());
        if n > 0 && !members.is_empty() {
            text = format!("{text} ({})", members.join(", "));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> MemberNames {
        MemberNames::parse(
            "code,en,fr,es\nCHN,China,Chine,China\nDZA,Algeria,Algérie,Argelia\nMOZ,Mozambique,Mozambique,Mozambique\n\
             RUS,Russian Federation,Fédération de Russie,Federación de Rusia\nPAN,Panama,Panama,Panamá\n",
            "data/un-members.csv",
        )
        .unwrap()
    }

    fn vote(f: u32, a: u32, x: u32) -> Vote {
        Vote { in_favour: f, against: a, abstentions: x, in_favour_members: Vec::new() }
    }

    #[test]
    fn a_vote_is_told_with_its_members_named_in_the_pages_language() {
        let members = MemberVotes {
            against: vec![],
            abstaining: vec!["MOZ".into(), "RUS".into()],
            not_participating: vec!["DZA".into()],
        };
        let account = VoteAccount::new(Some(&vote(12, 0, 2)), false, Some(&members), &names(), "en").unwrap();
        assert_eq!(
            account.summary,
            "12 in favour, none against, 2 abstentions (Mozambique, Russian Federation); 1 did not take part (Algeria)"
        );
        assert!(!account.unanimous);
        let fr = VoteAccount::new(Some(&vote(12, 0, 2)), false, Some(&members), &names(), "fr").unwrap();
        assert_eq!(
            fr.summary,
            "12 voix pour, aucune contre, 2 abstentions (Fédération de Russie, Mozambique); 1 membre n'a pas participé au vote (Algérie)"
        );
        let unanimous =
            VoteAccount::new(Some(&vote(15, 0, 0)), false, Some(&MemberVotes::default()), &names(), "en").unwrap();
        assert_eq!(unanimous.summary, "15 in favour, none against, no abstentions");
        assert!(unanimous.unanimous);
        let one = MemberVotes { against: vec!["PAN".into()], ..Default::default() };
        let account = VoteAccount::new(Some(&vote(10, 1, 4)), false, Some(&one), &names(), "es").unwrap();
        assert_eq!(account.summary, "10 votos a favor, 1 en contra (Panamá), 4 abstenciones");
        let without = VoteAccount::new(None, true, None, &names(), "en").unwrap();
        assert_eq!(without.summary, "Adopted without a vote");
        assert!(VoteAccount::new(None, false, None, &names(), "en").is_none());
    }

    #[test]
    fn files_read_and_write_back_the_same() {
        let votes = Votes::parse(BUILT_IN_VOTES, VOTES_FILE).unwrap();
        assert_eq!(votes.to_csv(), BUILT_IN_VOTES);
        let members = Members::parse(BUILT_IN_MEMBERS, MEMBERS_FILE).unwrap();
        assert_eq!(members.to_csv(), BUILT_IN_MEMBERS);
        let names = MemberNames::parse(BUILT_IN_NAMES, NAMES_FILE).unwrap();
        // Every member the shipped votes and members name has a name.
        for (_, v) in votes.iter() {
            for code in v.against.iter().chain(&v.abstaining).chain(&v.not_participating) {
                assert!(names.contains(code), "{code}");
            }
        }
        for (_, codes) in members.iter() {
            assert!(codes.iter().all(|c| names.contains(c)), "{codes:?}");
        }
    }

    #[test]
    fn bad_rows_are_located() {
        let err =
            Votes::parse("number,against,abstaining,not_participating\n2756,,MOZ;russia,\n", VOTES_FILE).unwrap_err();
        assert_eq!(
            err.to_string(),
            "data/sc-votes.csv:2:1: abstaining: expected ISO 3166-1 alpha-3 codes separated by `;` (CHN;RUS), found \"russia\""
        );
        let err = Members::parse("year,members\n2024,CHN;RUS\n", MEMBERS_FILE).unwrap_err();
        assert_eq!(
            err.to_string(),
            "data/sc-members.csv:2:1: members: expected the Council's 11 or 15 members, found 2"
        );
        let err = MemberNames::parse("code,en\n", NAMES_FILE).unwrap_err();
        assert!(err.to_string().starts_with("data/un-members.csv:1:1: expected the header `code,en,fr,es`"), "{err}");
    }
}
