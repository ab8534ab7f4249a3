//! Calendar dates as the handbook writes them: ISO `2020-12-03` in front-matter, "3 December 2020"
//! on the page. A wrong date is worse than none, so parsing is strict and says what it expected.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

/// The months' English names, as the UN writes dates ("3 December 2020").
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        NaiveDate::from_ymd_opt(year, month, day).map(Date)
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let text = text.trim();
        if text.len() != 10 {
            return None;
        }
        NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().map(Date)
    }

    /// Parses "3 December 2020", the handbook's own long form.
    pub fn parse_long(text: &str) -> Option<Date> {
        let mut parts = text.split_whitespace();
        let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let month = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month))? as u32 + 1;
        Date::from_ymd(year.parse().ok()?, month, day.parse().ok()?)
    }

    pub fn year(&self) -> i32 {
        self.0.year()
    }

    /// "3 December 2020", the UN's house style.
    pub fn long(&self) -> String {
        format!("{} {} {}", self.0.day(), MONTHS[self.0.month0() as usize], self.0.year())
    }

    /// RFC 3339 timestamp at midnight UTC, for feeds and sitemaps.
    pub fn rfc3339(&self) -> String {
        format!("{}T00:00:00Z", self)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date like 2020-12-03")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse_iso(v).ok_or_else(|| E::custom(format!("expected a date like 2020-12-03, found {v:?}")))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Date, E> {
                Err(E::custom(format!("expected a date like 2020-12-03, found {v}")))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Date, E> {
                Err(E::custom(format!("expected a date like 2020-12-03, found {v}")))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// A date known to the day, the month or the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<PartialDate> {
        let mut parts = text.trim().split('-');
        let year_text = parts.next()?;
        if year_text.len() != 4 {
            return None;
        }
        let year: i32 = year_text.parse().ok()?;
        let month = match parts.next() {
            Some(m) if m.len() == 2 => Some(m.parse::<u32>().ok().filter(|m| (1..=12).contains(m))?),
            Some(_) => return None,
            None => None,
        };
        let day = match parts.next() {
            Some(d) if d.len() == 2 => Some(d.parse::<u32>().ok()?),
            Some(_) => return None,
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        let date = PartialDate { year, month, day };
        // The day must exist in its month.
        date.earliest()?;
        Some(date)
    }

    /// The first day it can mean.
    pub fn earliest(&self) -> Option<Date> {
        Date::from_ymd(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// "28 February 1992", "November 1956" or "1967", as precisely as the date is known.
    pub fn long(&self) -> String {
        let month = |m: u32| MONTHS[(m.clamp(1, 12) - 1) as usize];
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d} {} {}", month(m), self.year),
            (Some(m), None) => format!("{} {}", month(m), self.year),
            _ => self.year.to_string(),
        }
    }

    /// The last day it can mean.
    pub fn latest(&self) -> Option<Date> {
        match (self.month, self.day) {
            (Some(m), Some(d)) => Date::from_ymd(self.year, m, d),
            (Some(m), None) => {
                let (y, next) = if m == 12 { (self.year + 1, 1) } else { (self.year, m + 1) };
                Date::from_ymd(y, next, 1).map(|d| Date(d.0 - chrono::Days::new(1)))
            }
            _ => Date::from_ymd(self.year, 12, 31),
        }
    }
}

impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for PartialDate {
    /// `2004-04-30`, `2004-04` or `2004` (YAML reads a bare year as a number).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Year(i64),
        }
        let text = match Raw::deserialize(deserializer)? {
            Raw::Text(t) => t,
            Raw::Year(y) => y.to_string(),
        };
        PartialDate::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("expected a date like 2004-04-30, 2004-04 or 2004, found {text:?}"))
        })
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_form() {
        assert_eq!(Date::parse_iso("2020-12-03").unwrap().long(), "3 December 2020");
        assert!(Date::parse_iso("2020-13-03").is_none());
        assert!(Date::parse_iso("3 Dec").is_none());
    }
}
