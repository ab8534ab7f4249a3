//! Warnings as a reader of a build's output takes them in: `build` says how many of each kind there
//! are, with the first few of each, and `check` lists them all, as text or as JSON for tools. A
//! warning is `path[:line[:col]]: message`; its kind is the message with what varies from one
//! warning to the next (numbers, dates, acronyms, quoted names) set aside, so that "UNMIK did not
//! exist yet on this page's date (3 April 1998)" and "MONUSCO did not exist yet on this page's
//! date (9 May 2001)" are one kind.

use std::collections::HashMap;

/// How many of each kind `build` shows before it only counts.
const SHOWN_PER_KIND: usize = 3;
/// Up to this many warnings, `build` prints each one: a summary would hide nothing.
const ALL_UP_TO: usize = 20;

/// One warning, taken apart for tools.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning<'a> {
    /// `warning`, or `error` for what fails a check.
    pub level: &'static str,
    pub kind: String,
    pub file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub col: Option<usize>,
    pub message: &'a str,
}

impl<'a> Warning<'a> {
    pub fn parse(text: &'a str) -> Warning<'a> {
        let (file, line, col, message) = split_location(text);
        Warning { level: "warning", kind: kind(message), file, line, col, message }
    }
}

/// `path:12:3: message` → its parts (as `error::Diagnostic` writes them); a text without a
/// location is all message.
fn split_location(text: &str) -> (&str, Option<usize>, Option<usize>, &str) {
    let Some((head, message)) = text.split_once(": ") else { return ("", None, None, text) };
    // A location has no spaces before its colon-separated numbers (paths here never do).
    if head.contains(' ') {
        return ("", None, None, text);
    }
    // Up to two numbers at the end: the line, then the column.
    let (mut file, mut numbers) = (head, Vec::new());
    while numbers.len() < 2
        && let Some((rest, n)) = file.rsplit_once(':')
        && let Ok(n) = n.parse::<usize>()
    {
        numbers.insert(0, n);
        file = rest;
    }
    (file, numbers.first().copied(), numbers.get(1).copied(), message)
}

/// A message's kind: its first clause (to the first `: ` or `; `), with numbers and dates,
/// acronyms, quoted names and parentheses each replaced by one mark.
pub fn kind(message: &str) -> String {
    let clause = message.split([';']).next().unwrap_or(message);
    let clause = clause.split(": ").next().unwrap_or(clause);
    let mut words: Vec<&str> = Vec::new();
    // Inside a quoted name, or a parenthesis: until the word that closes it.
    let mut inside: Option<&[char]> = None;
    for word in clause.split_whitespace() {
        let end = word.trim_end_matches([',', '.', ':']);
        if let Some(closers) = inside {
            if end.ends_with(closers) {
                inside = None;
            }
            continue;
        }
        let (mark, closers): (&str, &[char]) = match word.chars().next() {
            Some('(') => ("(…)", &[')']),
            Some('`' | '"' | '“') => ("…", &['`', '"', '”']),
            _ => ("", &[]),
        };
        if !mark.is_empty() {
            // A one-word group closes where it opens ("(2023)", "`date`").
            if !(end.chars().count() > 1 && end.ends_with(closers)) {
                inside = Some(closers);
            }
            if words.last() != Some(&mark) {
                words.push(mark);
            }
            continue;
        }
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
        let mark = if bare.chars().any(|c| c.is_ascii_digit()) || crate::date::MONTHS.contains(&bare) {
            "N"
        } else if bare.chars().count() >= 2 && bare.chars().all(|c| c.is_uppercase() || c.is_ascii_digit()) {
            "X"
        } else {
            word
        };
        // "3 April 1998" is one date: one mark.
        if mark == "N" && words.last().is_some_and(|w| *w == "N") {
            continue;
        }
        words.push(mark);
    }
    words.join(" ")
}

/// What `build` prints: every warning when there are few, else a count of each kind (most first)
/// with its first few, and where to find the rest.
pub fn summary(warnings: &[String]) -> Vec<String> {
    if warnings.len() <= ALL_UP_TO {
        return warnings.to_vec();
    }
    let mut kinds: Vec<(String, Vec<&String>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for warning in warnings {
        let kind = Warning::parse(warning).kind;
        let at = *index.entry(kind.clone()).or_insert_with(|| {
            kinds.push((kind, Vec::new()));
            kinds.len() - 1
        });
        kinds[at].1.push(warning);
    }
    kinds.sort_by_key(|(_, all)| std::cmp::Reverse(all.len()));
    let noun = if kinds.len() == 1 { "kind" } else { "kinds" };
    let mut lines = vec![format!("{} warnings of {} {noun}:", warnings.len(), kinds.len())];
    for (kind, all) in &kinds {
        lines.push(format!("{} × {kind}", all.len()));
        lines.extend(all.iter().take(SHOWN_PER_KIND).map(|w| format!("    {w}")));
        if all.len() > SHOWN_PER_KIND {
            lines.push(format!("    … and {} more", all.len() - SHOWN_PER_KIND));
        }
    }
    lines.push("`handbook check` lists them all; `handbook check --format json` writes them for tools".into());
    lines
}

/// What `check --format json` writes: every error and warning, taken apart.
pub fn to_json(errors: &[String], warnings: &[String]) -> String {
    let errors = errors.iter().map(|e| Warning { level: "error", ..Warning::parse(e) });
    let parsed: Vec<Warning> = errors.chain(warnings.iter().map(|w| Warning::parse(w))).collect();
    serde_json::to_string_pretty(&parsed).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_of_one_template_are_one_kind() {
        let a = "content/documents/a.md: UNMIK did not exist yet on this page's date (3 April 1998) (from 10 June 1999): not linked; if the text does cite it, fix `date`, else add \"unmik\" to `not_mentions`";
        let b = "content/documents/b.md: MONUSCO did not exist yet on this page's date (9 May 2001): not linked; if …";
        assert_eq!(Warning::parse(a).kind, Warning::parse(b).kind);
        assert_eq!(Warning::parse(a).kind, "X did not exist yet on this page's date (…)");
        let c = "content/documents/c.md: resolution 2700 (2023) was adopted on 30 October 2023, after this page's date (1 May 2020): not linked";
        assert_eq!(Warning::parse(c).kind, "resolution N (…) was adopted on N after this page's date (…)");
        let d = "content/documents/d.md:12:4: front-matter: unknown official `jan-eliasson`: expected …";
        assert_ne!(Warning::parse(c).kind, Warning::parse(d).kind);
    }

    #[test]
    fn a_location_is_taken_apart() {
        let w = Warning::parse("data/sc-resolutions.csv:17:1: resolution 5 is filed under 1946 but dated 1947-01-02");
        assert_eq!((w.file, w.line, w.col), ("data/sc-resolutions.csv", Some(17), Some(1)));
        let w = Warning::parse("seeds/a.txt: no date found");
        assert_eq!((w.file, w.line, w.col, w.message), ("seeds/a.txt", None, None, "no date found"));
        let w = Warning::parse("a.md:3: x");
        assert_eq!((w.file, w.line, w.col), ("a.md", Some(3), None));
        let w = Warning::parse("the catalogue has no row for 12");
        assert_eq!((w.file, w.message), ("", "the catalogue has no row for 12"));
    }

    #[test]
    fn a_summary_counts_each_kind_and_shows_its_first_few() {
        let mut warnings: Vec<String> = (0..30)
            .map(|i| {
                format!(
                    "content/documents/p{i}.md: UNMIK did not exist yet on this page's date ({} May 1998): not linked",
                    i % 28 + 1
                )
            })
            .collect();
        warnings
            .push("data/sc-resolutions.csv:5:1: resolution 5 is filed under 1946 but dated 1947-01-02: check".into());
        let lines = summary(&warnings);
        assert_eq!(lines[0], "31 warnings of 2 kinds:");
        assert_eq!(lines[1], "30 × X did not exist yet on this page's date (…)");
        assert!(lines[2].contains("p0.md") && lines[4].contains("p2.md"), "{lines:#?}");
        assert_eq!(lines[5], "    … and 27 more");
        assert!(lines[6].starts_with("1 × resolution N is filed under N but dated N"), "{lines:#?}");
        // Few warnings are printed as they are.
        assert_eq!(summary(&warnings[..3]), warnings[..3].to_vec());
    }

    #[test]
    fn json_keeps_every_warning() {
        let warnings = vec!["a.md:1:2: x \"y\"".to_string(), "b".to_string()];
        let errors = vec!["c.md:4:1: broken link".to_string()];
        let json: serde_json::Value = serde_json::from_str(&to_json(&errors, &warnings)).expect("json");
        assert_eq!(json.as_array().map(Vec::len), Some(3));
        assert_eq!((&json[0]["level"], &json[0]["file"]), (&"error".into(), &"c.md".into()));
        assert_eq!(json[1]["message"], "x \"y\"");
        assert_eq!((&json[1]["level"], &json[1]["line"]), (&"warning".into(), &1.into()));
        assert_eq!(json[2]["file"], "");
    }
}
