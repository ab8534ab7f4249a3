//! Pass 3: the furniture of documents converted from PDF. `pdftotext` ends every page with a form
//! feed; each page then opens with a running header (the symbol, the language, "Page 2") and
//! closes with a footer (the job number "93-24735 (E)", a date stamp "050593", the page "3/27",
//! a barcode, the continuation mark "/..."). None of it is text, and none of it starts a
//! document. Older scans garble it ("Psge 2", "EDgiiOh"), so near the page edges the matching is
//! forgiving; elsewhere only exact shapes count (see `header::strip_page_furniture`).

use std::sync::LazyLock;

use regex::Regex;

use super::header::{PAGE_BREAK, SYMBOL};

/// How many non-blank lines at each edge of a page may be furniture.
const TOP_ZONE: usize = 5;
const BOTTOM_ZONE: usize = 7;

/// "Page 2", "Psge 2", "Pago", "Página 3": the page line of a running header.
static PAGE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^p[a-zá]{2,5}\.?\s*\d{0,4}$").expect("static regex"));
/// "3/27", "- 2 -", "2": a page number.
static PAGE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\d{1,4}\s*/\s*\d{1,4}|-\s*\d{1,4}\s*-|\d{1,4})$").expect("static regex"));
/// "93-46645 (E)", "18-13777", "09-52592 8", "3 09-52592", with a date stamp or not.
static JOB_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,4}\s+)?\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6})?(?:\s+\d{1,4})?$").expect("static regex")
});
/// "270893": the date stamp beside the job number; "*1813777*": the barcode.
static STAMP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\d{6}|\*\d{6,9}\*|\([A-Z]\))$").expect("static regex"));
/// "/...", "/ ...", "I• • •", "w..": the continuation mark, however the scanner read it.
static CONTINUATION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[/I|l1w]?\s*[./•·\s]*$").expect("static regex"));

const LANGUAGE_NAMES: &[&str] = &["english", "french", "spanish", "français", "español", "anglais", "inglés"];

/// Levenshtein distance on characters, case-insensitive.
fn distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(&a.to_lowercase(), &b.to_lowercase())
}

/// A language name as a running header prints it, allowing a scanner's misreadings of up to
/// three in seven letters ("EDgiiOh").
fn is_language_line(line: &str) -> bool {
    let n = line.chars().count();
    (4..=9).contains(&n)
        && line.chars().all(char::is_alphanumeric)
        && LANGUAGE_NAMES.iter().any(|name| distance(line, name) * 7 <= name.chars().count() * 3)
}

/// The document's symbol as a running header prints it: exact, or within two misread
/// characters of a symbol the document carries ("SI24100" for S/24100).
fn is_symbol_line(line: &str, symbols: &[String]) -> bool {
    let line = line.trim();
    if SYMBOL.is_match(line) {
        return true;
    }
    let n = line.chars().count();
    (4..=24).contains(&n)
        && !line.contains(' ')
        && symbols.iter().any(|s| s.chars().count() >= 5 && distance(line, s) <= 2)
}

fn is_footer_piece(piece: &str) -> bool {
    JOB_NUMBER.is_match(piece) || STAMP.is_match(piece) || PAGE_NUMBER.is_match(piece)
}

/// A footer line: job numbers, stamps, page numbers and the continuation mark, alone or in
/// columns.
fn is_footer_line(line: &str) -> bool {
    if CONTINUATION.is_match(line) && line.chars().filter(|c| c.is_alphanumeric()).count() <= 2 {
        return true;
    }
    let pieces: Vec<&str> = line.split("   ").map(str::trim).filter(|p| !p.is_empty()).collect();
    !pieces.is_empty() && pieces.iter().all(|p| is_footer_piece(p))
}

fn is_header_line(line: &str, symbols: &[String]) -> bool {
    let pieces: Vec<&str> = line.split("   ").map(str::trim).filter(|p| !p.is_empty()).collect();
    !pieces.is_empty()
        && pieces.iter().all(|p| {
            is_symbol_line(p, symbols)
                || is_language_line(p)
                || PAGE_LINE.is_match(p)
                || PAGE_NUMBER.is_match(p)
                || JOB_NUMBER.is_match(p)
                || STAMP.is_match(p)
        })
}

/// A short single word that a scanner made of the symbol ("smioa"): furniture only where a
/// header line follows it.
fn is_garbled_token(line: &str) -> bool {
    let n = line.chars().count();
    (2..=12).contains(&n) && !line.contains(' ') && !line.ends_with(['.', ',', ';', ':'])
}

/// The symbols that open pages, exactly as printed: what the running header repeats.
fn running_symbols(pages: &[Vec<String>]) -> Vec<String> {
    let mut symbols: Vec<String> = Vec::new();
    for page in pages {
        for line in page.iter().filter(|l| !l.is_empty()).take(TOP_ZONE) {
            for piece in line.split("   ").map(str::trim) {
                if SYMBOL.is_match(piece) && !symbols.iter().any(|s| s == piece) {
                    symbols.push(piece.to_string());
                }
            }
        }
    }
    symbols
}

/// Removes running headers and footers at the form feeds (`PAGE_BREAK` lines) of `lines`,
/// leaving one `PAGE_BREAK` between pages. Text without form feeds is left as it is. Returns how
/// many lines went.
pub fn strip_running_furniture(lines: &mut Vec<String>) -> usize {
    if !lines.iter().any(|l| l == PAGE_BREAK) {
        return 0;
    }
    let mut pages: Vec<Vec<String>> = vec![Vec::new()];
    for line in lines.drain(..) {
        if line == PAGE_BREAK {
            pages.push(Vec::new());
        } else if let Some(page) = pages.last_mut() {
            page.push(line);
        }
    }
    let symbols = running_symbols(&pages);
    let mut removed = 0;
    let last = pages.len() - 1;
    for (i, page) in pages.iter_mut().enumerate() {
        if i > 0 {
            removed += strip_top(page, &symbols);
        }
        removed += strip_bottom(page);
        if i > 0 && !lines.is_empty() {
            lines.push(PAGE_BREAK.to_string());
        }
        lines.append(page);
        // A document's last page may end in furniture too; nothing follows it.
        if i == last {
            while lines.last().is_some_and(|l| l.is_empty() || l == PAGE_BREAK) {
                lines.pop();
            }
        }
    }
    removed
}

fn strip_top(page: &mut Vec<String>, symbols: &[String]) -> usize {
    let mut cut = 0; // lines [..cut] are furniture (or blank)
    let mut seen = 0;
    let mut i = 0;
    while i < page.len() && seen < TOP_ZONE {
        let line = &page[i];
        if line.is_empty() {
            i += 1;
            continue;
        }
        seen += 1;
        let next = page[i + 1..].iter().find(|l| !l.is_empty());
        let furniture = is_header_line(line, symbols)
            || (is_garbled_token(line) && next.is_some_and(|n| is_language_line(n) || PAGE_LINE.is_match(n)));
        if !furniture {
            break;
        }
        i += 1;
        cut = i;
    }
    let removed = page[..cut].iter().filter(|l| !l.is_empty()).count();
    page.drain(..cut);
    removed
}

fn strip_bottom(page: &mut Vec<String>) -> usize {
    let mut keep = page.len(); // lines [keep..] are furniture (or blank)
    let mut seen = 0;
    let mut i = page.len();
    while i > 0 && seen < BOTTOM_ZONE {
        let line = &page[i - 1];
        if line.is_empty() {
            i -= 1;
            continue;
        }
        seen += 1;
        if !is_footer_line(line) {
            break;
        }
        i -= 1;
        keep = i;
    }
    let removed = page[keep..].iter().filter(|l| !l.is_empty()).count();
    page.truncate(keep);
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.split('\n').map(|l| if l == "\u{c}" { PAGE_BREAK.to_string() } else { l.trim().to_string() }).collect()
    }

    fn text_of(lines: &[String]) -> Vec<&str> {
        lines.iter().map(String::as_str).filter(|l| !l.is_empty()).collect()
    }

    #[test]
    fn old_style_running_headers_and_footers_go() {
        let mut l = lines(
            "S/26360\n26 August 1993\n\nthe constitutional drafting committee will make firm\n\n93-46645 (E)\n\n270893\n\n/...\n\
             \u{c}\nS/26360\nEnglish\nPage 2\n\n5.\nFor several weeks the military situation was calm.",
        );
        strip_running_furniture(&mut l);
        assert_eq!(
            text_of(&l),
            vec![
                "S/26360",
                "26 August 1993",
                "the constitutional drafting committee will make firm",
                PAGE_BREAK,
                "5.",
                "For several weeks the military situation was calm."
            ]
        );
    }

    #[test]
    fn new_style_and_garbled_furniture_goes() {
        let mut l = lines(
            "text one\n\n2/26\n\n14-58364\n\n\u{c}\nS/2014/558\n\nadditional seats\n\u{c}\nSI24100\nEDgiiOh\nPsge 2\n\nmore\nI• • •\n\
             \u{c}\nsmioa\n\nEnglish\nPage 4\n\n(b)\n\nFMLN arms",
        );
        strip_running_furniture(&mut l);
        assert_eq!(
            text_of(&l),
            vec!["text one", PAGE_BREAK, "additional seats", PAGE_BREAK, "more", PAGE_BREAK, "(b)", "FMLN arms"]
        );
    }

    #[test]
    fn text_at_page_edges_stays() {
        let mut l = lines(
            "The Council met on 4 April.\n\nPolitical situation\n\u{c}\nEngagement with the parties\n2.\nThe talks resumed.",
        );
        strip_running_furniture(&mut l);
        assert_eq!(
            text_of(&l),
            vec![
                "The Council met on 4 April.",
                "Political situation",
                PAGE_BREAK,
                "Engagement with the parties",
                "2.",
                "The talks resumed."
            ]
        );
    }
}
