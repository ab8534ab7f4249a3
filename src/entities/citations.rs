//! Citations: Security Council resolutions ("resolution 2553 (2020)", "S/RES/2553 (2020)", lists,
//! numbers without a year) read against the catalogue and the page's date, and UN document
//! symbols ("S/2020/1158").

use std::ops::Range;

use super::entity::{Entity, Mention, ResolutionId};
use super::fold::fold_lower;
use super::lexicon::{KEYWORDS, ORGANS, OTHER_BODY};
use super::officials::prev_word;
use super::recognize::Recognizer;
use super::scan::{KEYWORD, Token};
use crate::date::Date;

/// True for the glue between items of a list of citations: commas, "and"/"y"/"et", white space and
/// Markdown link syntax (`](#)`, `[`), and nothing else.
pub(super) fn is_list_glue(gap: &str) -> bool {
    if gap.len() > 60 {
        return false;
    }
    let mut rest = gap;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || ",;*[\\".contains(c));
        if rest.is_empty() {
            return true;
        }
        if let Some(link) = rest.strip_prefix("](") {
            match link.find(')') {
                Some(i) => rest = &link[i + 1..],
                None => return false,
            }
            continue;
        }
        let word_len = rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len());
        if matches!(&rest[..word_len], "and" | "y" | "e" | "et" | "or" | "o" | "ou") && word_len > 0 {
            rest = &rest[word_len..];
            continue;
        }
        return false;
    }
}

/// The next number of a yearless list after `from`: glue (with a comma or a conjunction), then the
/// number, not followed by a year (those the regular expression finds).
pub(super) fn next_list_number(text: &str, from: usize) -> Option<(Range<usize>, u32)> {
    let rest = &text[from..];
    let (digits_at, _) = rest.char_indices().take(64).find(|&(_, c)| c.is_ascii_digit())?;
    let glue = &rest[..digits_at];
    let glue_core = glue.trim_end_matches('[').trim_end_matches("S/RES/");
    if glue_core.trim().is_empty() || !is_list_glue(glue_core) {
        return None;
    }
    let start = from + digits_at;
    let len = text[start..].find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len() - start);
    if len > 4 {
        return None;
    }
    let number = text[start..start + len].parse().ok()?;
    Some((start..start + len, number))
}

/// Digits spaced apart at the end of `before` ("resolution 6 8 7"): where they start and the
/// number they make. At least two digits, each one alone, one space apart.
pub(super) fn spaced_digits(before: &str) -> Option<(usize, u32)> {
    let bytes = before.as_bytes();
    let mut i = bytes.len();
    let mut digits = Vec::new();
    while i >= 1 && bytes[i - 1].is_ascii_digit() && (i < 2 || !bytes[i - 2].is_ascii_digit()) {
        digits.push(bytes[i - 1]);
        i -= 1;
        if i >= 2 && bytes[i - 1] == b' ' && bytes[i - 2].is_ascii_digit() && digits.len() < 4 {
            i -= 1;
        } else {
            break;
        }
    }
    if digits.len() < 2 {
        return None;
    }
    digits.reverse();
    let number = std::str::from_utf8(&digits).ok()?.parse().ok()?;
    Some((i, number))
}

/// After a yearless "resolution N": not a GA-style "70/1", "377 (V)", a decimal or a longer word.
pub(super) fn yearless_end_ok(after: &str) -> bool {
    let mut chars = after.chars();
    match chars.next() {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '/' || c == '_' || c == '-' => false,
        // "6 8 7 (1991)": a letter-spaced number, which `pair` reads.
        Some(' ') if chars.next().is_some_and(|c| c.is_ascii_digit()) => false,
        Some('.' | ',') => !chars.next().is_some_and(|c| c.is_ascii_digit()),
        Some(_) => {
            let paren = after.trim_start_matches([' ', '\u{a0}']).trim_start_matches('\\');
            !paren.starts_with('(')
        }
    }
}

/// Where the resolution keyword just before `text`'s end begins ("resolution [", "resolución "),
/// if there is one.
pub(super) fn keyword_before(text: &str) -> Option<usize> {
    let word = prev_word(text);
    let start = word.as_ptr() as usize - text.as_ptr() as usize;
    KEYWORDS.contains(&fold_lower(word).as_str()).then_some(start)
}

/// True when the words before "resolution" name another body ("General Assembly resolution").
pub(super) fn other_body_before(before: &str) -> bool {
    before
        .rsplit(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .take(3)
        .any(|w| OTHER_BODY.contains(&fold_lower(w.trim_matches(|c: char| !c.is_alphanumeric())).as_str()))
}

impl Recognizer {
    /// Citations hang on a `(` (`2553 (2020)`), a `/` (`S/2020/1158`) or a resolution keyword
    /// (found by the automaton): memchr finds the first two, and only there is the text parsed.
    pub(super) fn find_citations(&self, text: &str, date: Option<Date>, tokens: &[Token], out: &mut Vec<Mention>) {
        let bytes = text.as_bytes();
        let mut keywords = tokens.iter().filter(|t| t.flags & KEYWORD != 0).peekable();
        // End of the last resolution citation, for lists: "1325 (2000), 1820 (2008) and 2493 (2019)".
        let mut list_end: Option<usize> = None;
        // End of the last document symbol, whose own `/`s are skipped.
        let mut symbol_end = 0;
        for p in memchr::memchr2_iter(b'(', b'/', bytes) {
            while let Some(kw) = keywords.next_if(|k| k.start < p) {
                self.yearless(text, date, kw, &mut list_end, out);
            }
            if bytes[p] == b'(' {
                self.pair(text, date, p, &mut list_end, out);
            } else if p >= symbol_end
                && let Some(end) = self.document(text, p, out)
            {
                symbol_end = end;
            }
        }
        for kw in keywords {
            self.yearless(text, date, kw, &mut list_end, out);
        }
    }

    /// `N (YYYY)` around the `(` at `open`, with `S/RES/` before it or not, and Markdown's
    /// backslashes or not. Two misreadings of scanned text are repaired where the repaired
    /// citation is in the catalogue: letter-spaced digits ("6 8 7 (1991)") and a closing
    /// parenthesis read as a one ("(19911").
    pub(super) fn pair(
        &self,
        text: &str,
        date: Option<Date>,
        open: usize,
        list_end: &mut Option<usize>,
        out: &mut Vec<Mention>,
    ) {
        let bytes = text.as_bytes();
        let mut end = open + 1;
        let year_digits = bytes.get(end..end + 4).filter(|d| d.iter().all(u8::is_ascii_digit));
        let Some(year_digits) = year_digits.filter(|d| d.starts_with(b"19") || d.starts_with(b"20")) else { return };
        end += 4;
        if bytes.get(end) == Some(&b'\\') {
            end += 1;
        }
        let misread_close = matches!(bytes.get(end), Some(b'1' | b'l' | b'I'))
            && !bytes.get(end + 1).is_some_and(|b| b.is_ascii_alphanumeric());
        if bytes.get(end) != Some(&b')') && !misread_close {
            return;
        }
        end += 1;
        let mut before = &text[..open];
        before = before.strip_suffix('\\').unwrap_or(before);
        before = before.strip_suffix([' ', '\u{a0}']).unwrap_or(before);
        let digits = before.bytes().rev().take_while(u8::is_ascii_digit).count();
        if !(1..=4).contains(&digits) {
            return;
        }
        let year = std::str::from_utf8(year_digits).ok().and_then(|y| y.parse().ok()).unwrap_or(0);
        let spaced = (digits == 1).then(|| spaced_digits(before)).flatten();
        let (num_start, number, repaired) = match spaced {
            // "resolution 6 8 7 (1991)", when 687 (1991) is catalogued.
            Some((start, n)) if self.year_of(n) == Some(year) => (start, n, true),
            _ => (before.len() - digits, before[before.len() - digits..].parse().unwrap_or(0), false),
        };
        if misread_close && self.year_of(number) != Some(year) {
            return;
        }
        let sres = text[..num_start].ends_with("S/RES/");
        let start = if sres { num_start - "S/RES/".len() } else { num_start };
        let ok_before = match text[..start].chars().next_back() {
            None => true,
            Some(c) if c.is_alphanumeric() || "/._\\-".contains(c) => false,
            // "1,820 (2008)" is a thousand separator; "(2000),1820 (2008)" a list.
            Some(',') => !text[..start - 1].ends_with(|c: char| c.is_ascii_digit()),
            Some(_) => true,
        };
        if !ok_before {
            return;
        }
        // "resolution 2553 (2020)", unless it is "General Assembly resolution …".
        let keyword = keyword_before(&text[..start]);
        if keyword.is_some_and(|k| other_body_before(&text[..k])) {
            return;
        }
        if repaired && keyword.is_none() && !sres {
            return;
        }
        let in_list = list_end.and_then(|e| text.get(e..start)).is_some_and(is_list_glue);
        if self.is_citation(number, year, sres || keyword.is_some() || in_list) {
            let entity = self.dated(number, year, date);
            out.push(Mention { range: start..end, entity });
            *list_end = Some(end);
        }
    }

    /// Resolution `number (year)` as cited on a page of `date`: an anachronism if it was adopted
    /// after that date (a misread number, most likely).
    pub(super) fn dated(&self, number: u32, year: u16, date: Option<Date>) -> Entity {
        let resolution = Entity::Resolution(ResolutionId { number, year });
        let Some(date) = date else { return resolution };
        let adopted = self.adopted.get(number as usize).copied().flatten();
        let later = match adopted {
            Some(adopted) => adopted > date,
            None => i32::from(year) > date.year(),
        };
        if later { Entity::Anachronism(Box::new(resolution)) } else { resolution }
    }

    /// "resolution 2086" with no year: the catalogue dates it, unless the number is another
    /// body's ("resolution 70/1", "resolution 377 (V)"). Returns nothing for numbers with a year,
    /// which [`pair`](Self::pair) reads.
    pub(super) fn yearless(
        &self,
        text: &str,
        date: Option<Date>,
        kw: &Token,
        list_end: &mut Option<usize>,
        out: &mut Vec<Mention>,
    ) {
        let after = &text[kw.end..];
        let rest = after.trim_start();
        if rest.len() == after.len() || other_body_before(&text[..kw.start]) {
            return;
        }
        let rest = rest.strip_prefix('[').unwrap_or(rest);
        let sres = rest.starts_with("S/RES/");
        let rest = if sres { &rest["S/RES/".len()..] } else { rest };
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if !(1..=4).contains(&digits) {
            return;
        }
        let num_start = text.len() - rest.len();
        let start = if sres { num_start - "S/RES/".len() } else { num_start };
        let mut end = num_start + digits;
        if !yearless_end_ok(&text[end..]) {
            return;
        }
        let number: u32 = rest[..digits].parse().unwrap_or(0);
        let Some(year) = self.year_of(number) else { return };
        out.push(Mention { range: start..end, entity: self.dated(number, year, date) });
        *list_end = Some(end);
        // "resolutions 1325 and 1820": more yearless numbers joined by list glue.
        let plural = text[kw.start..kw.end].ends_with(['s', 'S']);
        while plural && let Some((range, number)) = next_list_number(text, end) {
            if !yearless_end_ok(&text[range.end..]) {
                break;
            }
            let Some(year) = self.year_of(number) else { break };
            end = range.end;
            out.push(Mention { range, entity: self.dated(number, year, date) });
            *list_end = Some(end);
        }
    }

    /// A UN document symbol whose first `/` is at `slash`: organ letters, then `/`-separated parts.
    /// Returns where the symbol ends.
    pub(super) fn document(&self, text: &str, slash: usize, out: &mut Vec<Mention>) -> Option<usize> {
        let bytes = text.as_bytes();
        let letters = bytes[..slash].iter().rev().take_while(|b| b.is_ascii_uppercase()).count();
        let start = slash - letters;
        if letters == 0 || !ORGANS.contains(&&text[start..slash]) {
            return None;
        }
        let mut end = slash;
        while bytes.get(end) == Some(&b'/')
            && bytes.get(end + 1).is_some_and(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            end += 1;
            end += bytes[end..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'.' || **b == b'-').count();
        }
        let symbol = text[start..end].trim_end_matches(['.', '-']);
        if symbol.len() == letters
            || text[..start].ends_with(|c: char| c.is_alphanumeric() || "/._\\-:".contains(c))
            || !symbol.bytes().any(|b| b.is_ascii_digit())
        {
            return Some(end);
        }
        let range = start..start + symbol.len();
        if let Some(rest) = symbol.strip_prefix("S/RES/") {
            // S/RES/N is a resolution even without its year; with one, `pair` decides. A number the
            // catalogue lacks can't be dated, so it is left alone rather than called a document.
            let paren = text[range.end..].trim_start_matches([' ', '\u{a0}']).trim_start_matches('\\');
            if !paren.starts_with('(')
                && rest.bytes().all(|b| b.is_ascii_digit())
                && let Ok(number) = rest.parse()
                && let Some(year) = self.year_of(number)
            {
                out.push(Mention { range, entity: Entity::Resolution(ResolutionId { number, year }) });
            }
            return Some(end);
        }
        out.push(Mention { range, entity: Entity::Document(symbol.to_string()) });
        Some(end)
    }

    pub(super) fn year_of(&self, number: u32) -> Option<u16> {
        self.years.get(number as usize).copied().filter(|&y| y != 0)
    }

    /// `number (year)` is a citation when the catalogue agrees; a number the catalogue lacks (a
    /// gap, or newer than the catalogue) only with `context` (a resolution keyword, `S/RES/`, or a
    /// list of citations) and a year that fits between its catalogued neighbours.
    pub(super) fn is_citation(&self, number: u32, year: u16, context: bool) -> bool {
        if number == 0 {
            return false;
        }
        if let Some(catalogued) = self.year_of(number) {
            return catalogued == year;
        }
        if !context {
            return false;
        }
        let n = number as usize;
        let below = (1..n.min(self.years.len())).rev().find(|&i| self.years[i] != 0);
        let above = (n + 1..self.years.len()).find(|&i| self.years[i] != 0);
        let low = below.map_or(1946, |i| self.years[i]);
        let high = match (above, below) {
            (Some(i), _) => self.years[i],
            (None, Some(i)) => low.saturating_add(1 + ((n - i) / 10).min(1000) as u16),
            (None, None) => u16::MAX,
        };
        (low..=high).contains(&year)
    }
}
