//! Titles of UN documents: the title block under a report's header, and sentence case for titles
//! and headings printed in capitals ("FURTHER REPORT OF THE SECRETARY-GENERAL ON THE UNITED
//! NATIONS TRANSITIONAL AUTHORITY IN CAMBODIA"). A word's case comes, in order, from the
//! handbook's lexicon of proper names (missions, countries, UN organs), from how the document
//! itself writes the word in running text, and else is lowercase. A scanner's misreading of a
//! long word the document spells right elsewhere ("TAJIKinTAN") takes the document's spelling.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::header::PAGE_BREAK;

/// Longest title a page gets, in characters.
pub const MAX_TITLE: usize = 140;

static LONE_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\d{1,3}|[IVX]{1,5}|[A-H])\.$").expect("static regex"));
static OPENS_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:\d{1,3}\.\s|[IVX]{1,5}\.\s+\S|[A-H]\.\s+\p{Lu}|\(\w{1,4}\)\s",
        r"|(?i:introduction|the security council,?|the general assembly,?|annex\b|contents$)",
        r")"
    ))
    .expect("static regex")
});
/// "Report of the Secretary-General", alone on its line under the subject of a report.
static REPORT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:further|special|final|progress)\s+)?report of the secretary-general$")
        .expect("static regex")
});

/// Whether the letters of `text` are (nearly all) capitals: a title or heading set in caps.
pub fn is_shouting(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 4 && letters.iter().filter(|c| c.is_uppercase()).count() * 5 >= letters.len() * 4
}

/// Takes the title block off the top of a UN document's lines: the lines under the header, up
/// to the first paragraph, heading or blank line (a title in capitals ends at the first line
/// that is not). `None` when the top does not look like a title (it would be a sentence).
pub fn take_un_title(lines: &mut Vec<String>) -> Option<String> {
    let start = lines.iter().position(|l| !l.is_empty() && l != PAGE_BREAK)?;
    let mut end = start;
    let mut taken: Vec<&str> = Vec::new();
    let caps = is_shouting(&lines[start]);
    while end < lines.len() && taken.len() < 5 {
        let line = lines[end].as_str();
        if line.is_empty() || line == PAGE_BREAK {
            break;
        }
        let opens_body = LONE_MARKER.is_match(line) || OPENS_BODY.is_match(line);
        // A title in capitals goes on while its lines do ("758 (1992)" has too few letters to say).
        let lowercase_line = line.chars().filter(|c| c.is_alphabetic()).count() >= 4 && !is_shouting(line);
        if opens_body || line.chars().count() > 110 || (caps && lowercase_line) {
            break;
        }
        taken.push(line);
        end += 1;
        if line.ends_with(['.', ';', ',']) && !line.ends_with("etc.") {
            break;
        }
    }
    if taken.is_empty() {
        return None;
    }
    let title = if taken.len() >= 2 && REPORT_LINE.is_match(taken[taken.len() - 1]) {
        // "United Nations Mission for Justice Support in Haiti" / "Report of the Secretary-General".
        let report = taken[taken.len() - 1];
        let mut lower = report.chars();
        let report: String = lower.next().map(|c| c.to_lowercase().chain(lower).collect()).unwrap_or_default();
        format!("{}: {report}", taken[..taken.len() - 1].join(" "))
    } else {
        taken.join(" ")
    };
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let words = title.split(' ').filter(|w| w.chars().any(char::is_alphabetic)).count();
    if words < 3 || title.chars().count() > 300 || title.ends_with('.') && !caps {
        return None;
    }
    lines.drain(..end);
    Some(title)
}

/// Words that are lowercase inside a title whatever else the document does with them (and that
/// no heading ends on: see `blocks`).
pub(super) const MINOR: &[&str] = &[
    "a",
    "an",
    "and",
    "as",
    "at",
    "by",
    "for",
    "from",
    "in",
    "into",
    "of",
    "on",
    "or",
    "the",
    "to",
    "with",
    "pursuant",
    "concerning",
    "regarding",
    "under",
    "between",
    "since",
    "until",
    "de",
    "del",
    "la",
    "las",
    "los",
    "el",
    "en",
    "et",
    "le",
    "les",
    "des",
    "du",
    "y",
];

/// How a document writes its words in running text: for each word (lowercased), how often it
/// appears in each spelling away from the start of a sentence.
#[derive(Debug, Default)]
pub struct Casing {
    forms: HashMap<String, HashMap<String, u32>>,
}

static WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*").expect("static regex"));

/// How much running text is read to learn the document's casing.
const CASING_SAMPLE: usize = 256 * 1024;

impl Casing {
    /// Learns from paragraphs of plain text. Only the first 256 KB are read.
    pub fn learn<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> Casing {
        let mut casing = Casing::default();
        let mut read = 0;
        for para in paragraphs {
            if read > CASING_SAMPLE {
                break;
            }
            read += para.len();
            if is_shouting(para) {
                continue;
            }
            let mut sentence_start = true;
            let mut last_end = 0;
            for m in WORD.find_iter(para) {
                let gap = &para[last_end..m.start()];
                if gap.contains(['.', '!', '?', ':']) || gap.contains('\u{c}') {
                    sentence_start = true;
                }
                last_end = m.end();
                let word = m.as_str();
                if !sentence_start {
                    *casing.forms.entry(word.to_lowercase()).or_default().entry(word.to_string()).or_default() += 1;
                }
                sentence_start = false;
            }
        }
        casing
    }

    /// The spelling the document uses most for `word`, if it uses it in running text.
    fn preferred(&self, word: &str) -> Option<&str> {
        let forms = self.forms.get(&word.to_lowercase())?;
        forms.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(form, _)| form.as_str())
    }

    /// A capitalized word the document uses at least twice, one letter away from `word`
    /// (a scanner's misreading of it), for words of six letters or more.
    fn respelled(&self, word: &str) -> Option<&str> {
        let lower = word.to_lowercase();
        if lower.chars().count() < 6 {
            return None;
        }
        self.forms
            .iter()
            .filter(|(key, _)| key.chars().count() == lower.chars().count())
            .filter(|(key, _)| strsim::levenshtein(key, &lower) == 1)
            .filter_map(|(_, forms)| forms.iter().max_by_key(|(_, n)| **n).filter(|(_, n)| **n >= 2))
            .filter(|(form, _)| form.starts_with(char::is_uppercase))
            .map(|(form, _)| form.as_str())
            .next()
    }
}

/// Proper names and terms with their case: "United Nations Transitional Authority in Cambodia",
/// "El Salvador", "UNTAC". Matched whole-word and case-insensitively inside titles.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Each name as words, longest names first.
    names: Vec<Vec<String>>,
}

/// Terms of the UN system that keep their capitals in any title.
const UN_TERMS: &[&str] = &[
    "United Nations",
    "Secretary-General",
    "Deputy Secretary-General",
    "Under-Secretary-General",
    "Assistant Secretary-General",
    "Security Council",
    "General Assembly",
    "Economic and Social Council",
    "Trusteeship Council",
    "International Court of Justice",
    "Charter",
    "Member States",
    "Special Representative",
    "Special Envoy",
    "Personal Envoy",
    "Peacebuilding Commission",
    "Department of Peacekeeping Operations",
    "Department of Peace Operations",
    "African Union",
    "European Union",
    "Organization of American States",
    "League of Arab States",
    "Economic Community of West African States",
];

impl Lexicon {
    pub fn new<I, S>(names: I) -> Lexicon
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut lexicon = Lexicon::default();
        for name in UN_TERMS.iter().map(|s| s.to_string()).chain(names.into_iter().map(|s| s.as_ref().to_string())) {
            let words: Vec<String> = WORD.find_iter(&name).map(|m| m.as_str().to_string()).collect();
            if !words.is_empty() && !lexicon.names.contains(&words) {
                lexicon.names.push(words);
            }
        }
        lexicon.names.sort_by_key(|name| std::cmp::Reverse(name.len()));
        lexicon
    }
}

/// A title or heading in capitals, in sentence case; any other text as it is.
pub fn sentence_case(text: &str, casing: &Casing, lexicon: &Lexicon) -> String {
    if !is_shouting(text) {
        return text.to_string();
    }
    let words: Vec<regex::Match> = WORD.find_iter(text).collect();
    let lower: Vec<String> = words.iter().map(|m| m.as_str().to_lowercase()).collect();
    let mut cased: Vec<Option<String>> = vec![None; words.len()];
    // Names of the lexicon, longest first.
    let mut i = 0;
    while i < words.len() {
        let found = lexicon.names.iter().find(|name| {
            name.len() <= words.len() - i && name.iter().zip(&lower[i..]).all(|(n, w)| n.to_lowercase() == *w)
        });
        match found {
            Some(name) => {
                for (k, word) in name.iter().enumerate() {
                    cased[i + k] = Some(word.clone());
                }
                i += name.len();
            }
            None => i += 1,
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (k, m) in words.iter().enumerate() {
        out.push_str(&text[last..m.start()]);
        last = m.end();
        let word = m.as_str();
        let before = text[..m.start()].trim_end();
        let parenthesized = before.ends_with('(') && text[m.end()..].starts_with(')');
        let chosen = match &cased[k] {
            Some(c) => c.clone(),
            None if word.chars().any(|c| c.is_ascii_digit()) || is_roman(word) || parenthesized => word.to_string(),
            None if MINOR.contains(&lower[k].as_str()) => lower[k].clone(),
            None => match casing.preferred(word).or_else(|| casing.respelled(word)) {
                Some(form) => form.to_string(),
                None => lower[k].clone(),
            },
        };
        out.push_str(&chosen);
    }
    out.push_str(&text[last..]);
    capitalize_first(&out)
}

fn is_roman(word: &str) -> bool {
    !word.is_empty() && word.len() <= 5 && word.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

/// Capitalizes the first word, after a section marker ("I. ", "A. ") if there is one.
fn capitalize_first(text: &str) -> String {
    static MARKER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:[IVX]{1,5}|[A-H]|\d{1,3})\.\s+").expect("static regex"));
    let skip = MARKER.find(text).map_or(0, |m| m.end());
    let (marker, text) = text.split_at(skip);
    let capitalized = match text.char_indices().find(|(_, c)| c.is_alphabetic()) {
        Some((i, c)) if c.is_lowercase() => {
            let mut out = text[..i].to_string();
            out.extend(c.to_uppercase());
            out.push_str(&text[i + c.len_utf8()..]);
            out
        }
        _ => text.to_string(),
    };
    format!("{marker}{capitalized}")
}

/// The title of a text that has none: its first sentence, without its full stop, cut at a word
/// before 120 characters.
pub fn first_sentence_title(lead: &str) -> String {
    let sentence = crate::text::first_sentence(lead).trim_end_matches('.');
    crate::text::shorten(sentence, 119)
}

/// Cuts a title to [`MAX_TITLE`] characters at a word, marking the cut.
pub fn limit(title: &str) -> String {
    crate::text::shorten(title, MAX_TITLE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn title_blocks_end_at_the_body() {
        let mut l = lines(
            "FURTHER REPORT OF THE SECRETARY-GENERAL PURSUANT TO\nPARAGRAPH 7 OF RESOLUTION 840 (1993)\n\n1.\nIn response",
        );
        assert_eq!(
            take_un_title(&mut l).as_deref(),
            Some("FURTHER REPORT OF THE SECRETARY-GENERAL PURSUANT TO PARAGRAPH 7 OF RESOLUTION 840 (1993)")
        );
        assert_eq!(l[1], "1.");
        let mut l = lines(
            "Report of the Secretary-General on the United Nations\nStabilization Mission in Haiti\nI. Introduction\n1.",
        );
        assert_eq!(
            take_un_title(&mut l).as_deref(),
            Some("Report of the Secretary-General on the United Nations Stabilization Mission in Haiti")
        );
        let mut l =
            lines("REPORT ON THE UNITED NATIONS\nOBSERVER MISSION (ONUSAL)\nThe purpose of the present report is");
        assert_eq!(take_un_title(&mut l).as_deref(), Some("REPORT ON THE UNITED NATIONS OBSERVER MISSION (ONUSAL)"));
        let mut l = lines(
            "United Nations Mission for Justice Support in Haiti\nReport of the Secretary-General\n\nI. Introduction",
        );
        assert_eq!(
            take_un_title(&mut l).as_deref(),
            Some("United Nations Mission for Justice Support in Haiti: report of the Secretary-General")
        );
        let mut l = lines("The present report is submitted pursuant to resolution 1 (1946).\nMore.");
        assert_eq!(take_un_title(&mut l), None);
    }

    #[test]
    fn capitals_become_sentence_case() {
        let body = [
            "In response to the Security Council, I report on Cambodia and on UNTAC.",
            "The Secretary-General said that the Council and the United Nations would help Cambodia.",
            "My further report covers Tajikistan, and so does this report on Tajikistan.",
        ];
        let casing = Casing::learn(body);
        let lexicon = Lexicon::new(["United Nations Transitional Authority in Cambodia", "El Salvador"]);
        assert_eq!(
            sentence_case(
                "FURTHER REPORT OF THE SECRETARY-GENERAL ON THE UNITED NATIONS TRANSITIONAL AUTHORITY IN CAMBODIA (UNTAC)",
                &casing,
                &lexicon
            ),
            "Further report of the Secretary-General on the United Nations Transitional Authority in Cambodia (UNTAC)"
        );
        assert_eq!(
            sentence_case("REPORT ON THE SITUATION IN TAJIKinTAN AND EL SALVADOR", &casing, &lexicon),
            "Report on the situation in Tajikistan and El Salvador"
        );
        assert_eq!(sentence_case("RESOLUTION 819 (1993)", &casing, &lexicon), "Resolution 819 (1993)");
        assert_eq!(sentence_case("I. INTRODUCTION", &casing, &lexicon), "I. Introduction");
        assert_eq!(sentence_case("Report on Mali", &casing, &lexicon), "Report on Mali");
    }
}
