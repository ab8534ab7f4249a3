//! The text of a Security Council resolution: which resolution it is and when and where it was
//! adopted, as the text says it ("Resolution 819 (1993)", "50 (1948). Resolution of 29 May
//! 1948", "of 22 November 1967", "Adopted by the Security Council at its 3199th meeting, on 16
//! April 1993", "Adopted at the 1747th meeting by 14 votes to none").

use std::sync::LazyLock;

use regex::Regex;

use super::dates;
use super::header::PAGE_BREAK;
use crate::content::Vote;
use crate::date::Date;

/// What the opening of a resolution's text says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    pub number: u32,
    pub year: u16,
    /// "of 22 November 1967", "Resolution of 29 May 1948".
    pub date: Option<Date>,
}

/// "Resolution 819 (1993)", "RESOLUTION 819 (1993)", "Résolution 819 (1993)", with "of <date>"
/// after it or not.
static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:resolution|resolución|résolution)\s+(\d{1,4})\s*\((\d{4})\)\s*(?:of|de|du)?\s*(.*)$")
        .expect("static regex")
});
/// "50 (1948). Resolution of 29 May 1948": the style of the Council's yearly volumes.
static VOLUME_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(\d{1,4})\s*\((\d{4})\)\s*\.\s*(?:resolution|resolución|résolution)\s+(?:of|de|du)\s+(.+)$")
        .expect("static regex")
});
static OF_DATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^(?:of|de|du)\s+(.+)$").expect("static regex"));

/// Takes the title of a resolution's text off the top of `lines` (and the "of <date>" line
/// under it). `None`, leaving `lines` alone, when the text does not open with one.
pub fn take_opening(lines: &mut Vec<String>) -> Option<Opening> {
    let first = lines.iter().position(|l| !l.is_empty() && l != PAGE_BREAK)?;
    let line = lines[first].replace('*', "");
    let (number, year, rest) = if let Some(c) = VOLUME_TITLE.captures(&line) {
        (c[1].parse().ok()?, c[2].parse().ok()?, c[3].to_string())
    } else if let Some(c) = TITLE.captures(&line) {
        (c[1].parse().ok()?, c[2].parse().ok()?, c[3].to_string())
    } else {
        return None;
    };
    let mut date = dates::parse_date_line(&rest);
    if !rest.trim().is_empty() && date.is_none() {
        // Something else follows the number on its line: not a title.
        return None;
    }
    let mut end = first + 1;
    if date.is_none()
        && let Some(next) = (end..lines.len().min(end + 3)).find(|&j| !lines[j].is_empty())
        && let Some(c) = OF_DATE.captures(&lines[next].replace('*', ""))
        && let Some(d) = dates::parse_date_line(&c[1])
    {
        date = Some(d);
        end = next + 1;
    }
    lines.drain(..end);
    Some(Opening { number, year, date })
}

/// "Adopted by the Security Council at its 3199th meeting, on 16 April 1993", "Adopted
/// unanimously at the 1382nd meeting", "Adopted at the 1747th meeting by 14 votes to none".
static ADOPTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^adopted(?:\s+unanimously)?(?:\s+by\s+the\s+security\s+council)?",
        r"(?:\s+at\s+(?:its|the)\s+(\d{1,5})(?:st|nd|rd|th|d)\s+meeting)?",
        r"(?:\s*,?\s*on\s+(\d{1,2}\s+\p{L}+\.?\s+\d{4}))?"
    ))
    .expect("static regex")
});

/// "by 12 votes to none, with 2 abstentions", "by 10 votes to 1 (Panama)".
static VOTES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\bby (\d{1,2}|\w+) votes? to (\d{1,2}|none|\w+)\b(?:[^,]*,\s*with (\d{1,2}|one|two|three|four|five) abstentions?)?",
    )
    .expect("static regex")
});

fn count(word: &str) -> Option<u32> {
    match word.to_lowercase().as_str() {
        "none" | "no" => Some(0),
        "one" => Some(1),
        "two" => Some(2),
        "three" => Some(3),
        "four" => Some(4),
        "five" => Some(5),
        w => w.parse().ok(),
    }
}

/// What a resolution's adoption statement says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Adoption {
    pub date: Option<Date>,
    /// The meeting record, `S/PV.3199`.
    pub meeting: Option<String>,
    /// A recorded count ("by 12 votes to none, with 2 abstentions"); not a unanimous adoption,
    /// whose count depends on the Council's size that year.
    pub vote: Option<Vote>,
}

/// The adoption statement of a resolution's text, among its first and last paragraphs (plain
/// text).
pub fn adoption(paragraphs: &[String]) -> Adoption {
    let n = paragraphs.len();
    let near_edges = paragraphs.iter().enumerate().filter(|(i, _)| *i < 4 || *i + 4 >= n).map(|(_, p)| p);
    for p in near_edges {
        let text = p.trim();
        let Some(c) = ADOPTED.captures(text) else { continue };
        let meeting = c.get(1).map(|m| format!("S/PV.{}", m.as_str()));
        let date = c.get(2).and_then(|d| dates::parse_date_line(d.as_str()));
        let vote = VOTES.captures(text).and_then(|v| {
            Some(Vote {
                in_favour: count(&v[1])?,
                against: count(&v[2])?,
                abstentions: v.get(3).map_or(Some(0), |a| count(a.as_str()))?,
                in_favour_members: Vec::new(),
            })
        });
        if meeting.is_some() || date.is_some() {
            return Adoption { date, meeting, vote };
        }
    }
    Adoption::default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    fn d(s: &str) -> Option<Date> {
        Date::parse_iso(s)
    }

    #[test]
    fn openings_in_every_style() {
        let mut l = lines("Resolution 242 (1967)\nof 22 November 1967\n\nThe Security Council,");
        assert_eq!(take_opening(&mut l), Some(Opening { number: 242, year: 1967, date: d("1967-11-22") }));
        assert_eq!(l, vec!["", "The Security Council,"]);
        let mut l = lines("50 (1948). Resolution of 29 May 1948\n[S/801]\n");
        assert_eq!(take_opening(&mut l), Some(Opening { number: 50, year: 1948, date: d("1948-05-29") }));
        assert_eq!(l[0], "[S/801]");
        let mut l = lines("RESOLUTION 819 (1993)\n\nAdopted by the Security Council at its 3199th meeting,");
        assert_eq!(take_opening(&mut l), Some(Opening { number: 819, year: 1993, date: None }));
        let mut l = lines("Resolution 602 (1987) of 25 November 1987");
        assert_eq!(take_opening(&mut l), Some(Opening { number: 602, year: 1987, date: d("1987-11-25") }));
        let mut l = lines("Resolution 1325 (2000) is the landmark text on women, peace and security.");
        assert_eq!(take_opening(&mut l), None);
        assert_eq!(l.len(), 1);
    }

    #[test]
    fn adoption_statements() {
        let paras: Vec<String> =
            ["Adopted by the Security Council at its 3199th meeting, on 16 April 1993", "The Security Council,"]
                .map(String::from)
                .to_vec();
        let a = adoption(&paras);
        assert_eq!((a.date, a.meeting.as_deref(), a.vote), (d("1993-04-16"), Some("S/PV.3199"), None));
        let paras =
            vec!["The Security Council".to_string(), "Adopted at the 1747th meeting by 14 votes to none".into()];
        let a = adoption(&paras);
        assert_eq!((a.date, a.meeting.as_deref()), (None, Some("S/PV.1747")));
        assert_eq!(a.vote.map(|v| (v.in_favour, v.against, v.abstentions)), Some((14, 0, 0)));
        let paras = vec![
            "Adopted at the 2074th meeting by 12 votes to none, with 2 abstentions (Czechoslovakia, Union of Soviet Socialist Republics)".to_string(),
        ];
        assert_eq!(adoption(&paras).vote.map(|v| (v.in_favour, v.against, v.abstentions)), Some((12, 0, 2)));
        let paras = vec!["Adopted at the 2350th meeting by 10 votes to 1 (Panama), with 4 abstentions".to_string()];
        assert_eq!(adoption(&paras).vote.map(|v| (v.in_favour, v.against, v.abstentions)), Some((10, 1, 4)));
        let paras = vec!["Adopted unanimously at the 1382nd meeting.".to_string()];
        assert_eq!(adoption(&paras).vote, None);
        let paras = vec!["Adopted by the Security Council on 3 December 2020".to_string()];
        assert_eq!(adoption(&paras).date, d("2020-12-03"));
    }
}
