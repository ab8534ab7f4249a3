//! Dates as seeds write them: "20 September 2017", "Oct. 20, 2017", "3 de diciembre de 2020",
//! "12 mars 2021", and wire-service codes like "22Jan13". Strict: a phrase without a year is not a date.

use std::sync::LazyLock;

use regex::Regex;

use crate::date::Date;

/// Month names (lowercase, accents as written) in English, Spanish and French, with abbreviations.
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("enero", 1),
    ("janvier", 1),
    ("february", 2),
    ("feb", 2),
    ("febrero", 2),
    ("février", 2),
    ("fevrier", 2),
    ("march", 3),
    ("mar", 3),
    ("marzo", 3),
    ("mars", 3),
    ("april", 4),
    ("apr", 4),
    ("abril", 4),
    ("avril", 4),
    ("may", 5),
    ("mayo", 5),
    ("mai", 5),
    ("june", 6),
    ("jun", 6),
    ("junio", 6),
    ("juin", 6),
    ("july", 7),
    ("jul", 7),
    ("julio", 7),
    ("juillet", 7),
    ("august", 8),
    ("aug", 8),
    ("agosto", 8),
    ("août", 8),
    ("aout", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("septiembre", 9),
    ("setiembre", 9),
    ("septembre", 9),
    ("october", 10),
    ("oct", 10),
    ("octubre", 10),
    ("octobre", 10),
    ("november", 11),
    ("nov", 11),
    ("noviembre", 11),
    ("novembre", 11),
    ("december", 12),
    ("dec", 12),
    ("diciembre", 12),
    ("décembre", 12),
    ("decembre", 12),
];

pub fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(name, _)| *name == word).map(|&(_, n)| n)
}

const MONTH: &str = r"(\p{L}{3,10})\.?";

/// "20 September 2017", "1er mars 2021", "3 de diciembre de 2020".
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b(\d{{1,2}})(?:er|º)?\s+(?:de\s+)?{MONTH}\s+(?:de\s+|del\s+)?(\d{{4}})\b"))
        .expect("static regex")
});
/// "September 20, 2017", "Oct. 20, 2017".
static MONTH_DAY_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"\b{MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})\b")).expect("static regex"));

fn ymd(year: &str, month: &str, day: &str) -> Option<Date> {
    Date::from_ymd(year.parse().ok()?, month_number(month)?, day.parse().ok()?)
}

/// The first date written out in `text`, with its byte range.
pub fn find_date(text: &str) -> Option<(Date, std::ops::Range<usize>)> {
    let a = DAY_MONTH_YEAR.captures_iter(text).find_map(|c| {
        let m = c.get(0)?;
        Some((ymd(&c[3], &c[2], &c[1])?, m.range()))
    });
    let b = MONTH_DAY_YEAR.captures_iter(text).find_map(|c| {
        let m = c.get(0)?;
        Some((ymd(&c[3], &c[1], &c[2])?, m.range()))
    });
    match (a, b) {
        (Some(a), Some(b)) => Some(if a.1.start <= b.1.start { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// `text` is a date and nothing else ("3 December 2020", "3 de diciembre de 2020").
pub fn parse_date_line(text: &str) -> Option<Date> {
    let text = text.trim().trim_end_matches('.');
    let (date, range) = find_date(text)?;
    (range.start == 0 && range.end == text.len()).then_some(date)
}

/// A wire-service stamp "22Jan13" (day, English month abbreviation, two-digit year of this century).
pub fn parse_wire_stamp(day: &str, month: &str, yy: &str) -> Option<Date> {
    let year: i32 = yy.parse().ok()?;
    Date::from_ymd(2000 + year, month_number(month)?, day.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn finds_dates_in_three_languages() {
        assert_eq!(find_date("20 September 2017 – United Nations").unwrap().0, d("2017-09-20"));
        assert_eq!(find_date("Carta de fecha 3 de diciembre de 2020 dirigida").unwrap().0, d("2020-12-03"));
        assert_eq!(find_date("Lettre datée du 1er mars 2021").unwrap().0, d("2021-03-01"));
        assert_eq!(find_date("on Oct. 20, 2017, he").unwrap().0, d("2017-10-20"));
        assert_eq!(find_date("le 12 août 2019").unwrap().0, d("2019-08-12"));
    }

    #[test]
    fn a_phrase_without_a_year_or_with_an_impossible_day_is_not_a_date() {
        assert_eq!(find_date("to meet with Donald Trump on Oct. 20. Guterres"), None);
        assert_eq!(find_date("31 February 2020"), None);
        assert_eq!(find_date("15 members in 2020"), None);
    }

    #[test]
    fn date_lines_are_whole() {
        assert_eq!(parse_date_line("3 December 2020"), Some(d("2020-12-03")));
        assert_eq!(parse_date_line("Adopted on 3 December 2020"), None);
    }

    #[test]
    fn wire_stamps() {
        assert_eq!(parse_wire_stamp("22", "Jan", "13"), Some(d("2013-01-22")));
        assert_eq!(parse_wire_stamp("32", "Jan", "13"), None);
    }
}
