//! Passes 3–4 for UN documents: page furniture (job numbers, page numbers, barcodes), the
//! distribution header ("Distr.: General", symbol, date, language) and splitting a seed that holds
//! several documents at each header.

use std::sync::LazyLock;

use regex::Regex;

use super::dates;
use crate::date::Date;

/// What a UN document header says about the document that follows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Header {
    /// "United Nations" (or "Naciones Unidas", "Nations Unies") when the header names it.
    pub org: bool,
    /// The organ, in English: "Security Council", "General Assembly", …
    pub organ: Option<&'static str>,
    /// Document symbols or press-release codes: "S/RES/2553 (2020)", "S/2017/123", "SC/13001".
    pub symbols: Vec<String>,
    /// A distribution line ("Distr.: General", "Distr. general") was present.
    pub distribution: bool,
    pub date: Option<Date>,
    /// The language of this version ("Español" → es).
    pub language: Option<&'static str>,
    /// The language the document was written in ("Original: inglés" → en).
    pub original: Option<&'static str>,
    /// "8051st meeting (AM)".
    pub meeting: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Item {
    Org,
    Organ(&'static str),
    Symbol(String),
    Distribution,
    Date(Date),
    Language(&'static str),
    Original(&'static str),
    Meeting(String),
    /// A lone "S": the emblem's letter.
    Emblem,
    /// "Page 2" of a running header.
    Page,
}

const ORGANS: &[(&str, &str)] = &[
    ("security council", "Security Council"),
    ("consejo de seguridad", "Security Council"),
    ("conseil de sécurité", "Security Council"),
    ("general assembly", "General Assembly"),
    ("asamblea general", "General Assembly"),
    ("assemblée générale", "General Assembly"),
    ("economic and social council", "Economic and Social Council"),
    ("consejo económico y social", "Economic and Social Council"),
    ("conseil économique et social", "Economic and Social Council"),
    ("secretariat", "Secretariat"),
    ("secretaría", "Secretariat"),
    ("secrétariat", "Secretariat"),
];

const LANGUAGES: &[(&str, &str)] = &[
    ("english", "en"),
    ("inglés", "en"),
    ("anglais", "en"),
    ("español", "es"),
    ("spanish", "es"),
    ("espagnol", "es"),
    ("français", "fr"),
    ("french", "fr"),
    ("francés", "fr"),
    ("arabic", "ar"),
    ("árabe", "ar"),
    ("arabe", "ar"),
    ("chinese", "zh"),
    ("chino", "zh"),
    ("chinois", "zh"),
    ("russian", "ru"),
    ("ruso", "ru"),
    ("russe", "ru"),
];

fn language(word: &str) -> Option<&'static str> {
    let word = word.trim().trim_end_matches('.').to_lowercase();
    LANGUAGES.iter().find(|(name, _)| *name == word).map(|&(_, code)| code)
}

/// UN document symbols and press codes: `S/RES/2553 (2020)`, `S/2017/123`, `A/RES/70/1`,
/// `S/PRST/2007/3`, `SC/13001`, `SG/SM/18705`.
pub static SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[A-Z]{1,4}/)(?:[A-Z]{1,6}/)*\d+(?:/(?:Add|Rev|Corr)?\.?\d+)*(?:-[A-Z]{2,4}/\d+)?(?: \(\d{4}\))?$")
        .expect("static regex")
});
static DISTRIBUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^distr\.?\s*:?\s*(?:general|générale|generale|limited|limitada|limitée|restricted|reservada|restreinte)$",
    )
    .expect("static regex")
});
static ORIGINAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^original\s*:\s*(\p{L}+)$").expect("static regex"));
static PAGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^(?:page|página) \d{1,4}$").expect("static regex"));
static MEETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\d+(?:st|nd|rd|th|ª|a|e|ème)?\s+(?:meeting|sesión|séance)(?:\s*\((?:AM|PM|Night)\))?$")
        .expect("static regex")
});

/// Text of a header piece without emphasis markers.
fn plain(piece: &str) -> String {
    piece.replace('*', "").trim().to_string()
}

fn classify(piece: &str) -> Option<Item> {
    // The longest item, "Conseil économique et social" or "30 September 2018 (AM)", is shorter:
    // a line of prose is none, and costs no regular expression.
    if piece.len() > 48 {
        return None;
    }
    let text = plain(piece);
    let lower = text.to_lowercase();
    if ORGS.contains(&lower.as_str()) {
        return Some(Item::Org);
    }
    if let Some((_, organ)) = ORGANS.iter().find(|(name, _)| *name == lower) {
        return Some(Item::Organ(organ));
    }
    if SYMBOL.is_match(&text) {
        return Some(Item::Symbol(text));
    }
    if DISTRIBUTION.is_match(&text) {
        return Some(Item::Distribution);
    }
    if let Some(c) = ORIGINAL.captures(&text) {
        return language(&c[1]).map(Item::Original);
    }
    if let Some(code) = language(&text) {
        return Some(Item::Language(code));
    }
    if MEETING.is_match(&text) {
        return Some(Item::Meeting(text));
    }
    if let Some(date) = dates::parse_date_line(&text) {
        return Some(Item::Date(date));
    }
    if PAGE.is_match(&text) {
        return Some(Item::Page);
    }
    // The UN emblem's letter, printed beside the organ ("S" for the Security Council).
    if ["s", "a", "e"].contains(&lower.as_str()) {
        return Some(Item::Emblem);
    }
    None
}

/// Names of the organization.
const ORGS: &[&str] = &["united nations", "naciones unidas", "nations unies"];

/// The organization or an organ as a scanner misread it ("UNOTED NATIONS", "Securlty Council",
/// "S43eurity Cauncll"): within a quarter of its letters of the name. Only short lines at the
/// top of a seed qualify (where a scanned document's header is), and a header still needs a
/// symbol or a distribution line, so prose never becomes one.
fn misread(lower: &str) -> Option<Item> {
    let n = lower.chars().count();
    if !(10..=32).contains(&n) {
        return None;
    }
    // Lengths a quarter apart cannot be a quarter of edits apart: most lines stop there.
    let close = |name: &str| {
        let len = name.chars().count();
        n.abs_diff(len) * 4 <= len && strsim::levenshtein(lower, name) * 4 <= len
    };
    if ORGS.iter().any(|o| close(o)) {
        return Some(Item::Org);
    }
    ORGANS.iter().find(|(name, _)| close(name)).map(|&(_, organ)| Item::Organ(organ))
}

static COLUMNS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s{3,}").expect("static regex"));

/// A line of a header: one or more columns, each a header item. Where text extraction lost the
/// columns ("United Nations S/RES/1445 (2002)", "Security Council Distr.: General"), a line of
/// two items is split at the space between them.
fn header_items(line: &str) -> Option<Vec<Item>> {
    let items: Option<Vec<Item>> = COLUMNS.split(line).map(classify).collect();
    if let Some(items) = items.filter(|v| !v.is_empty()) {
        return Some(items);
    }
    if line.len() > 80 || COLUMNS.is_match(line) {
        return None;
    }
    // The organization or an organ, then one more item.
    let lower = plain(line).to_lowercase();
    let name = ORGS
        .iter()
        .chain(ORGANS.iter().map(|(name, _)| name))
        .find(|n| lower.strip_prefix(**n).is_some_and(|rest| rest.starts_with(' ')))?;
    let at = line.to_lowercase().find(&format!("{name} ")).map(|i| i + name.len())?;
    let (a, b) = (classify(line.get(..at)?)?, classify(line.get(at..)?.trim())?);
    (b != Item::Emblem).then(|| vec![a, b])
}

/// The header items on line `i`, perhaps with the next non-blank line when one item is broken
/// over two ("UNITED" / "NATIONS", "Distr." / "GENERAL", "ORIGINAL:" / "ENGLISH", "15 June" /
/// "1992"). Returns the items and the last line they took.
fn items_at(lines: &[String], i: usize, forgiving: bool) -> Option<(Vec<Item>, usize)> {
    if let Some(items) = header_items(&lines[i]) {
        return Some((items, i));
    }
    if lines[i].is_empty() || lines[i].len() > 40 {
        return None;
    }
    let scanned_header = forgiving && i < MISREAD_ZONE;
    let next = (i + 1..lines.len().min(i + 4)).find(|&j| !lines[j].is_empty());
    if let Some(next) = next.filter(|&j| lines[j].len() <= 40) {
        let joined = format!("{} {}", lines[i], lines[next]);
        let item =
            classify(&joined).or_else(|| scanned_header.then(|| misread(&plain(&joined).to_lowercase())).flatten());
        if let Some(item) = item {
            return Some((vec![item], next));
        }
    }
    scanned_header
        .then(|| misread(&plain(&lines[i]).to_lowercase()).or_else(|| misread_symbol(&plain(&lines[i]))))
        .flatten()
        .map(|item| (vec![item], i))
}

/// A symbol of the Council's early series as a scanner misread it in a header ("W21379",
/// "SI21379", "$/21379" for S/21379): a line of its own, "W" (the two glyphs run together) or a
/// sign OCR makes of "S" and one it makes of the slash (not "1", nor none: "S12137" could be
/// either number), and four or five figures. Only where a header is already known (see [`misread`]); a year-numbered symbol
/// is left to be read exactly.
fn misread_symbol(text: &str) -> Option<Item> {
    static EARLY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:W|[S$§]\s?[/Il|])(\d{4,5})$").expect("static regex"));
    EARLY.captures(text).map(|c| Item::Symbol(format!("S/{}", &c[1])))
}

/// How many lines at the top of a seed may hold a scanned header.
const MISREAD_ZONE: usize = 40;

/// Whether the top of a seed holds a UN document's header (a symbol or a distribution line,
/// read exactly), so that its other items may be read forgivingly.
fn has_header_on_top(lines: &[String]) -> bool {
    (0..lines.len().min(MISREAD_ZONE)).any(|i| {
        items_at(lines, i, false)
            .is_some_and(|(items, _)| items.iter().any(|it| matches!(it, Item::Symbol(_) | Item::Distribution)))
    })
}

/// `17-03788 (E)`, `160217`, `2/15`, `*1703788*`: what a UN document prints on every page.
static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:(?:\d{1,4}\s+)?\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6})?(?:\s+\d{1,4})?",
        r"|\d{6}|\d{1,3}/\d{1,3}|\*\d{7}\*|\([A-Z]\))$"
    ))
    .expect("static regex")
});

/// Marks where a page ended: text on either side may be one sentence. Normalized lines hold no
/// control characters, so this cannot collide with seed text.
pub const PAGE_BREAK: &str = "\u{c}";

/// Replaces page headers and footers — lines made only of job numbers, page numbers and barcodes,
/// possibly beside the document symbol — by one [`PAGE_BREAK`] per page. Returns how many went.
pub fn strip_page_furniture(lines: &mut Vec<String>) -> usize {
    let mut removed = 0;
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for line in lines.drain(..) {
        let pieces: Vec<&str> = COLUMNS.split(&line).collect();
        let furniture = pieces.iter().filter(|p| FURNITURE.is_match(p)).count();
        let symbols = pieces.iter().filter(|p| SYMBOL.is_match(p)).count();
        if furniture > 0 && furniture + symbols == pieces.len() {
            removed += 1;
            let previous = out.iter().rev().find(|l| !l.is_empty());
            if previous.is_some_and(|l| l != PAGE_BREAK) {
                out.push(PAGE_BREAK.to_string());
            }
        } else {
            out.push(line);
        }
    }
    *lines = out;
    removed
}

/// One document of a seed: its header (if it is a UN document) and its lines.
#[derive(Debug, Clone, PartialEq)]
pub struct RawDocument {
    pub header: Option<Header>,
    pub lines: Vec<String>,
}

/// Splits a seed at each UN document header. Text before the first header, if any, is a document
/// of its own. A run of header lines counts only with a symbol or a distribution line in it; a
/// lone repeat of the current symbol (a page header) is dropped.
pub fn split_documents(lines: Vec<String>) -> Vec<RawDocument> {
    let mut docs: Vec<RawDocument> = vec![RawDocument { header: None, lines: Vec::new() }];
    let forgiving = has_header_on_top(&lines);
    let mut i = 0;
    while i < lines.len() {
        let Some((first, first_end)) = items_at(&lines, i, forgiving) else {
            docs.last_mut().expect("one document").lines.push(lines[i].clone());
            i += 1;
            continue;
        };
        // Extend over header lines and blanks.
        let mut items = first;
        let mut last_item_line = first_end;
        let mut end = first_end + 1;
        while end < lines.len() {
            if lines[end].is_empty() {
                end += 1;
                continue;
            }
            match items_at(&lines, end, forgiving) {
                Some((more, more_end)) => {
                    items.extend(more);
                    last_item_line = more_end;
                    end = more_end + 1;
                }
                // One misread word between header items ("OEIGLRALt" for "ORIGINAL:") is the
                // header's too.
                None if (is_misread_word(&lines[end]) || is_misread_date(&lines[end]))
                    && let Some(next) = (end + 1..lines.len().min(end + 4)).find(|&j| !lines[j].is_empty())
                    && items_at(&lines, next, forgiving).is_some() =>
                {
                    end = next;
                }
                None => break,
            }
        }
        let current_symbols = docs.last().and_then(|d| d.header.as_ref()).map(|h| h.symbols.clone());
        let only_repeated_symbol = items.iter().all(|it| match it {
            Item::Symbol(s) => current_symbols.as_ref().is_some_and(|c| c.contains(s)),
            Item::Language(_) | Item::Emblem | Item::Page => true,
            _ => false,
        }) && items.iter().any(|it| matches!(it, Item::Symbol(_)));
        // A new document needs a symbol or a distribution line, and a symbol it does not repeat.
        let new_symbol = items.iter().any(|it| match it {
            Item::Symbol(s) => !current_symbols.as_ref().is_some_and(|c| c.contains(s)),
            _ => false,
        });
        let anchored = (new_symbol || items.contains(&Item::Distribution))
            && items.iter().filter(|it| !matches!(it, Item::Emblem | Item::Page)).count() >= 2;
        if only_repeated_symbol {
            docs.last_mut().expect("one document").lines.push(PAGE_BREAK.to_string());
            i = last_item_line + 1;
        } else if anchored {
            let header = build_header(items);
            let doc = docs.last_mut().expect("one document");
            if doc.header.is_none() && doc.lines.iter().all(|l| l.is_empty() || l == PAGE_BREAK) {
                doc.header = Some(header);
                doc.lines.clear();
            } else if doc.header.is_none() && is_letterhead(&doc.lines) {
                // A few short lines above the first header are its own, misread.
                doc.header = Some(header);
                doc.lines.clear();
            } else {
                docs.push(RawDocument { header: Some(header), lines: Vec::new() });
            }
            i = last_item_line + 1;
        } else {
            docs.last_mut().expect("one document").lines.push(lines[i].clone());
            i += 1;
        }
    }
    docs.retain(|d| d.header.is_some() || d.lines.iter().any(|l| !l.is_empty() && l != PAGE_BREAK));
    docs
}

/// A header's date line a scan damaged ("2. July 1995" for "24 July 1995"): a month and a year
/// around something that does not read as a day. It is the header's, and its date is not taken.
fn is_misread_date(line: &str) -> bool {
    static DATE_LIKE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\S{1,4}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\S{4}$")
            .expect("static regex")
    });
    DATE_LIKE.is_match(line.trim())
}

fn is_misread_word(line: &str) -> bool {
    let n = line.chars().count();
    (2..=12).contains(&n) && !line.contains(' ') && !line.ends_with(['.', ','])
}

/// Lines above a document's header that cannot be a document: at most three short lines, none
/// a sentence; or up to eight of a word or three each (a scanned header OCR misread in part:
/// "UNITED" / "NATIONS" / "D:.str." / "GHNERAL").
fn is_letterhead(lines: &[String]) -> bool {
    let text: Vec<&String> = lines.iter().filter(|l| !l.is_empty() && *l != PAGE_BREAK).collect();
    let short = |l: &&String| l.chars().count() <= 40 && !l.ends_with(['!', '?']);
    (text.len() <= 3 && text.iter().all(|l| short(l) && !l.ends_with('.')))
        || (text.len() <= 8 && text.iter().all(|l| short(l) && l.split_whitespace().count() <= 3))
}

fn build_header(items: Vec<Item>) -> Header {
    let mut h = Header::default();
    for item in items {
        match item {
            Item::Org => h.org = true,
            Item::Organ(o) => {
                h.organ.get_or_insert(o);
            }
            Item::Symbol(s) => {
                if !h.symbols.contains(&s) {
                    h.symbols.push(s)
                }
            }
            Item::Distribution => h.distribution = true,
            Item::Date(d) => {
                h.date.get_or_insert(d);
            }
            Item::Language(l) => {
                h.language.get_or_insert(l);
            }
            Item::Original(l) => {
                h.original.get_or_insert(l);
            }
            Item::Meeting(m) => {
                h.meeting.get_or_insert(m);
            }
            Item::Emblem | Item::Page => {}
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn a_misread_early_symbol_is_read_only_where_its_shape_is_certain() {
        let symbol = |t: &str| match misread_symbol(t) {
            Some(Item::Symbol(s)) => Some(s),
            _ => None,
        };
        assert_eq!(symbol("W21379").as_deref(), Some("S/21379"));
        assert_eq!(symbol("SI21379").as_deref(), Some("S/21379"));
        assert_eq!(symbol("$/25006").as_deref(), Some("S/25006"));
        assert_eq!(symbol("S12137"), None, "S/12137 or S/2137");
        assert_eq!(symbol("290690"), None, "a date stamp");
        assert_eq!(symbol("W2137900"), None);
    }

    #[test]
    fn splits_a_letter_and_its_annex_at_each_header() {
        let seed = lines(
            "\nConsejo de Seguridad\n\nDistr. general\n3 de diciembre de 2020\nEspañol\nOriginal: inglés\n\n\
             Carta de fecha 3 de diciembre de 2020\n\nTexto.\n\nUnited Nations\n\nS/RES/2553 (2020)\n\n\
             **Security Council**\n\nDistr.: General\n3 December 2020\n\nResolution 2553 (2020)\n",
        );
        let docs = split_documents(seed);
        assert_eq!(docs.len(), 2);
        let h = docs[0].header.as_ref().unwrap();
        assert_eq!((h.organ, h.language, h.original), (Some("Security Council"), Some("es"), Some("en")));
        assert_eq!(h.date, Date::parse_iso("2020-12-03"));
        assert_eq!(docs[0].lines.iter().filter(|l| !l.is_empty()).count(), 2);
        let h = docs[1].header.as_ref().unwrap();
        assert_eq!(h.symbols, vec!["S/RES/2553 (2020)"]);
        assert!(h.org && h.distribution);
        assert_eq!(docs[1].lines.iter().find(|l| !l.is_empty()).unwrap(), "Resolution 2553 (2020)");
    }

    #[test]
    fn column_headers_and_press_codes() {
        let docs = split_documents(lines(
            "United Nations      S/2017/123\nSecurity Council    Distr.: General\n      14 February 2017\n\nReport",
        ));
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].header.as_ref().unwrap().symbols, vec!["S/2017/123"]);
        let docs =
            split_documents(lines("SC/13001\n20 September 2017\n\nSecurity Council\n8051st Meeting (AM)\n\nTitle"));
        let h = docs[0].header.as_ref().unwrap();
        assert_eq!(h.meeting.as_deref(), Some("8051st Meeting (AM)"));
        assert_eq!(h.organ, Some("Security Council"));
    }

    #[test]
    fn a_lone_date_or_organ_in_text_is_not_a_header() {
        let docs = split_documents(lines("Title\n\n20 September 2017\n\nSecurity Council\n\nText."));
        assert_eq!(docs.len(), 1);
        assert!(docs[0].header.is_none());
        assert_eq!(docs[0].lines.len(), 7);
    }

    #[test]
    fn page_furniture_goes_and_repeated_symbols_do_not_split() {
        let mut l = lines(
            "S/2017/123    Distr.: General\n\nText one\n17-03788 (E)    160217\n*1703788*\n2/15\nS/2017/123\nmore text\nS/2017/123   3/15\n",
        );
        assert_eq!(strip_page_furniture(&mut l), 4);
        let docs = split_documents(l);
        assert_eq!(docs.len(), 1);
        let lines: Vec<&str> = docs[0].lines.iter().map(String::as_str).filter(|l| *l != PAGE_BREAK).collect();
        assert_eq!(lines, vec!["", "Text one", "more text"]);
        assert!(docs[0].lines.iter().any(|l| l == PAGE_BREAK));
    }
}
