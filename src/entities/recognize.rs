//! The recognizer. One pass of one Aho–Corasick automaton over every name, alias, role phrase,
//! generic title, honorific and resolution keyword, stepped by hand over the text folded on the
//! fly (accents, case, hyphens; no copy of the page is made), anchored at word starts; then
//! memchr over `(` and `/`, the only places a citation or a document symbol can hang on.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, StartKind};

use super::fold::{ASCII_FOLD, fold_char, fold_lower, fold_str, is_combining, same_folded};
use super::registry::held_on;
use super::{Catalogue, Entity, Mention, Registry, ResolutionId};
use crate::content::Role;
use crate::date::Date;
use crate::error::{Error, Result};

/// First parts of UN document symbols: the principal organs (A, S, E, ST for the Secretariat) and
/// the bodies whose documents carry a series symbol of their own.
const ORGANS: &[&str] = &[
    "A", "S", "E", "ST", "DP", "TD", "UNEP", "CRC", "CEDAW", "CCPR", "CERD", "CAT", "CED", "CMW", "CRPD", "CCW", "BWC",
    "APLC", "NPT", "ICCD", "FCCC", "UNW", "SPLOS", "ISBA",
];

/// Official titles that, written just before a capitalized name, make that name an official's
/// (English, Spanish, French). Generic: none names anyone by itself.
const TITLES: &[&str] = &[
    "Secretary-General",
    "Deputy Secretary-General",
    "Under-Secretary-General",
    "Assistant Secretary-General",
    "President",
    "Vice-President",
    "Prime Minister",
    "Deputy Prime Minister",
    "Minister",
    "Foreign Minister",
    "Defence Minister",
    "Defense Minister",
    "Foreign Secretary",
    "Secretary of State",
    "Ambassador",
    "Permanent Representative",
    "Deputy Permanent Representative",
    "Special Representative",
    "Deputy Special Representative",
    "Special Envoy",
    "Special Adviser",
    "Special Advisor",
    "Special Rapporteur",
    "Special Coordinator",
    "High Commissioner",
    "Deputy High Commissioner",
    "Director-General",
    "Executive Director",
    "Administrator",
    "Force Commander",
    "Police Commissioner",
    "Commissioner",
    "Chef de Cabinet",
    "Chief of Staff",
    "Spokesperson",
    "Spokesman",
    "Spokeswoman",
    "Chair",
    "Chairman",
    "Chairwoman",
    "Chairperson",
    "King",
    "Queen",
    "Crown Prince",
    "Emir",
    "Sultan",
    "Sheikh",
    "Chancellor",
    "Senator",
    "Governor",
    "Mayor",
    "Judge",
    "Lieutenant General",
    "Major General",
    "Brigadier General",
    "Colonel",
    "Admiral",
    "Resident Coordinator",
    "Humanitarian Coordinator",
    "Presidente",
    "Presidenta",
    "Vicepresidente",
    "Primer Ministro",
    "Primera Ministra",
    "Ministro",
    "Ministra",
    "Canciller",
    "Embajador",
    "Embajadora",
    "Secretario General",
    "Secretaria General",
    "Representante Permanente",
    "Representante Especial",
    "Enviado Especial",
    "Enviada Especial",
    "Président",
    "Présidente",
    "Premier ministre",
    "Ministre",
    "Ambassadeur",
    "Ambassadrice",
    "Secrétaire général",
    "Secrétaire générale",
    "Représentant permanent",
    "Représentant spécial",
    "Représentante spéciale",
    "Envoyé spécial",
    "Envoyée spéciale",
];

/// Honorifics: before a surname of the registry they make a mention ("Mr. Guterres"); they never
/// make an unknown official. Matched with their case.
const HONORIFICS: &[&str] = &[
    "Mr.",
    "Mr",
    "Mrs.",
    "Mrs",
    "Ms.",
    "Ms",
    "Miss",
    "Dr.",
    "Dr",
    "Prof.",
    "Professor",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
    "H.E.",
    "Madam",
    "Madame",
    "Mme",
    "Mme.",
    "M.",
    "Monsieur",
    "Sr.",
    "Sra.",
    "Señor",
    "Señora",
    "Don",
    "Doña",
];

/// Words just before a role phrase that make it someone other than the holder on the page's date
/// ("the former Secretary-General", "a secretary-general", "the ninth Secretary-General").
const NOT_THE_HOLDER: &[&str] = &[
    "former",
    "ex",
    "late",
    "then",
    "previous",
    "past",
    "incoming",
    "future",
    "next",
    "prospective",
    "acting",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "a",
    "an",
    "another",
    "every",
    "any",
    "each",
    "no",
    "un",
    "una",
    "une",
    "antiguo",
    "antigua",
    "anterior",
    "futuro",
    "futura",
    "proximo",
    "primer",
    "ancien",
    "ancienne",
    "futur",
    "future",
    "prochain",
    "nouveau",
];

/// Capitalized words that end (or are never part of) a person's name after a title.
const NOT_NAME: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "his",
    "her",
    "their",
    "this",
    "that",
    "and",
    "but",
    "or",
    "on",
    "in",
    "at",
    "of",
    "for",
    "to",
    "from",
    "with",
    "by",
    "as",
    "said",
    "says",
    "told",
    "today",
    "yesterday",
    "tomorrow",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "council",
    "assembly",
    "security",
    "general",
    "united",
    "nations",
    "office",
    "department",
    "mission",
    "committee",
    "commission",
    "organization",
    "organisation",
    "union",
    "republic",
    "states",
    "state",
    "kingdom",
    "government",
    "ministry",
    "court",
    "bank",
    "fund",
    "programme",
    "program",
    "agency",
    "institute",
    "university",
    "house",
    "parliament",
    "party",
    "affairs",
    "operations",
    "peace",
    "peacekeeping",
    "forces",
    "force",
    "army",
    "police",
    "secretariat",
    "panel",
    "group",
    "centre",
    "center",
    "el",
    "la",
    "le",
    "les",
    "los",
    "las",
    "del",
    "de",
    "du",
    "des",
    "y",
    "et",
    "consejo",
    "conseil",
    "asamblea",
    "assemblee",
    "naciones",
    "unies",
    "unidas",
];

/// Lowercase particles that may stand inside a name ("Oscar de la Renta", "Ban Ki-moon" aside).
const PARTICLES: &[&str] = &[
    "de", "da", "das", "do", "dos", "del", "della", "di", "du", "la", "le", "van", "von", "der", "den", "bin", "ibn",
    "al", "el", "y",
];

/// Words before "resolution" that make it another body's ("General Assembly resolution 377").
const OTHER_BODY: &[&str] = &[
    "assembly",
    "asamblea",
    "assemblee",
    "ecosoc",
    "hrc",
    "ga",
    "unga",
    "rights",
    "derechos",
    "droits",
    "board",
    "conference",
    "conferencia",
    "draft",
    "proyecto",
    "projet",
    "wha",
];

/// Longest name or phrase matched, in folded bytes.
const MAX_PATTERN: usize = 256;

const NAME: u8 = 1;
const SURNAME: u8 = 2;
const HONORIFIC: u8 = 4;
const ROLE: u8 = 8;
const TITLE: u8 = 16;
const KEYWORD: u8 = 32;

/// Words that introduce resolutions, as folded (accents off): "résolution", "resolución".
const KEYWORDS: &[&str] = &["resolution", "resolutions", "resolucion", "resoluciones"];

#[derive(Debug, Default)]
struct PatternInfo {
    /// Case-kept folded spellings of full names and aliases, with the official each names.
    names: Vec<(Vec<u8>, usize)>,
    /// Surnames, which count only after a title or an honorific.
    surnames: Vec<(Vec<u8>, usize)>,
    honorifics: Vec<Vec<u8>>,
    /// Index of the registry's role phrase.
    role: Option<usize>,
    /// A generic title.
    title: bool,
    /// A word introducing resolutions.
    keyword: bool,
}

/// One match of the automaton that passed its checks.
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    pattern: usize,
    /// NAME | SURNAME | … : the meanings that hold here.
    flags: u8,
    /// The official named (NAME or SURNAME), when there is exactly one.
    official: Option<usize>,
}

/// Finds entity mentions in text. Build once per site; [`find`](Recognizer::find) is `&self` and
/// can run on many threads.
pub struct Recognizer {
    /// Year of each resolution by number; 0 where the catalogue has none.
    years: Vec<u16>,
    /// Adoption date of each resolution by number, where the catalogue has one.
    adopted: Vec<Option<Date>>,
    automaton: DFA,
    patterns: Vec<PatternInfo>,
    slugs: Vec<String>,
    /// Roles of each official, for telling people apart by date.
    roles: Vec<Vec<Role>>,
    /// For each role phrase: (official, role) pairs it names.
    phrase_holders: Vec<Vec<(usize, usize)>>,
    /// Bit set of the two-byte ASCII beginnings of the patterns (`first << 7 | second`).
    prefixes: Box<[u64; 256]>,
}

#[derive(Default)]
struct Builder {
    index: HashMap<Vec<u8>, usize>,
    keys: Vec<Vec<u8>>,
    infos: Vec<PatternInfo>,
}

impl Builder {
    fn add(&mut self, text: &str) -> Option<&mut PatternInfo> {
        let key = fold_str(text, true);
        // Matching starts only at word starts (see `scan`).
        if key.len() > MAX_PATTERN || !text.trim_start().starts_with(char::is_alphanumeric) {
            return None;
        }
        let i = match self.index.get(&key) {
            Some(&i) => i,
            None => {
                self.keys.push(key.clone());
                self.infos.push(PatternInfo::default());
                self.index.insert(key, self.infos.len() - 1);
                self.infos.len() - 1
            }
        };
        Some(&mut self.infos[i])
    }

    fn name(&mut self, text: &str, official: usize) {
        let spelling = fold_str(text, false);
        if let Some(info) = self.add(text)
            && !info.names.contains(&(spelling.clone(), official))
        {
            info.names.push((spelling, official));
        }
    }

    fn surname(&mut self, text: &str, official: usize) {
        let spelling = fold_str(text, false);
        // A surname needs a capital: "ban" after "Mr." is no name.
        if !text.chars().next().is_some_and(char::is_uppercase) || text.chars().count() < 2 {
            return;
        }
        if let Some(info) = self.add(text)
            && !info.surnames.contains(&(spelling.clone(), official))
        {
            info.surnames.push((spelling, official));
        }
    }
}

impl Recognizer {
    /// Compiles the patterns for this catalogue and registry.
    pub fn new(catalogue: &Catalogue, registry: &Registry) -> Result<Recognizer> {
        let mut b = Builder::default();
        let officials = registry.officials();
        for (o, official) in officials.iter().enumerate() {
            b.name(&official.name, o);
            if let Some(last) = official.name.split_whitespace().last() {
                b.surname(last, o);
            }
            for alias in &official.aliases {
                b.name(alias, o);
                // "Mr. Ban" declares that "Ban" is the surname.
                if let Some((first, rest)) = alias.trim().split_once(' ')
                    && HONORIFICS.contains(&first)
                {
                    b.surname(rest.trim(), o);
                }
            }
        }
        for (p, phrase) in registry.phrases.iter().enumerate() {
            if let Some(info) = b.add(&phrase.text) {
                info.role = Some(p);
            }
        }
        for title in TITLES {
            if let Some(info) = b.add(title) {
                info.title = true;
            }
        }
        for k in KEYWORDS {
            if let Some(info) = b.add(k) {
                info.keyword = true;
            }
        }
        for h in HONORIFICS {
            let spelling = fold_str(h, false);
            if let Some(info) = b.add(h)
                && !info.honorifics.contains(&spelling)
            {
                info.honorifics.push(spelling);
            }
        }
        let automaton = DFA::builder()
            .match_kind(MatchKind::Standard)
            .start_kind(StartKind::Anchored)
            .build(&b.keys)
            .map_err(|e| Error::Msg(format!("entity recognizer: {e}")))?;
        let mut prefixes = Box::new([0u64; 256]);
        for key in &b.keys {
            match key[..] {
                [first, second, ..] if first < 0x80 && second < 0x80 => {
                    let pair = (first as usize) << 7 | second as usize;
                    prefixes[pair >> 6] |= 1 << (pair & 63);
                }
                // A pattern beginning with a non-ASCII char is tried from every word start.
                _ => prefixes.fill(u64::MAX),
            }
        }
        Ok(Recognizer {
            prefixes,
            years: catalogue.years(),
            adopted: catalogue.adoption_dates(),
            automaton,
            patterns: b.infos,
            slugs: officials.iter().map(|o| o.slug.clone()).collect(),
            roles: officials.iter().map(|o| o.roles.clone()).collect(),
            phrase_holders: registry.phrases.iter().map(|p| p.holders.clone()).collect(),
        })
    }

    /// Every mention in `text`, sorted, non-overlapping. `page_date` resolves role references
    /// ("the Secretary-General"); without it they resolve to nobody.
    pub fn find(&self, text: &str, page_date: Option<Date>) -> Vec<Mention> {
        let mut mentions = Vec::new();
        let mut tokens = Vec::new();
        self.scan(text, page_date, &mut tokens);
        self.find_officials(text, page_date, &tokens, &mut mentions);
        self.find_citations(text, page_date, &tokens, &mut mentions);
        mentions.sort_by(|a, b| a.range.start.cmp(&b.range.start).then(b.range.end.cmp(&a.range.end)));
        let mut last_end = 0;
        mentions.retain(|m| {
            let keep = m.range.start >= last_end;
            if keep {
                last_end = m.range.end;
            }
            keep
        });
        mentions
    }

    // ----- resolutions and documents -----

    /// Citations hang on a `(` (`2553 (2020)`), a `/` (`S/2020/1158`) or a resolution keyword
    /// (found by the automaton): memchr finds the first two, and only there is the text parsed.
    fn find_citations(&self, text: &str, date: Option<Date>, tokens: &[Token], out: &mut Vec<Mention>) {
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
    fn pair(&self, text: &str, date: Option<Date>, open: usize, list_end: &mut Option<usize>, out: &mut Vec<Mention>) {
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
    fn dated(&self, number: u32, year: u16, date: Option<Date>) -> Entity {
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
    fn yearless(
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
    fn document(&self, text: &str, slash: usize, out: &mut Vec<Mention>) -> Option<usize> {
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

    fn year_of(&self, number: u32) -> Option<u16> {
        self.years.get(number as usize).copied().filter(|&y| y != 0)
    }

    /// `number (year)` is a citation when the catalogue agrees; a number the catalogue lacks (a
    /// gap, or newer than the catalogue) only with `context` (a resolution keyword, `S/RES/`, or a
    /// list of citations) and a year that fits between its catalogued neighbours.
    fn is_citation(&self, number: u32, year: u16, context: bool) -> bool {
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

    // ----- officials -----

    fn find_officials(&self, text: &str, date: Option<Date>, tokens: &[Token], out: &mut Vec<Mention>) {
        let mut i = 0;
        while i < tokens.len() {
            let t = tokens[i];
            i += 1;
            if t.flags & KEYWORD != 0 {
                continue;
            }
            let titled = t.flags & (ROLE | TITLE | HONORIFIC) != 0;
            if titled {
                // "Secretary-General António Guterres", "Mr. Guterres": one mention of the person.
                if let Some(next) = tokens.get(i)
                    && next.flags & (NAME | SURNAME) != 0
                    && is_title_gap(&text[t.end..next.start])
                {
                    i += 1;
                    if let Some(o) = next.official {
                        out.push(Mention { range: t.start..next.end, entity: Entity::Official(self.slugs[o].clone()) });
                    }
                    continue;
                }
                // "Foreign Secretary Jane Doe": a titled person the registry lacks.
                // (Not when a known name lies inside it: that is title case, "Judge Rules Against
                // Trump Policy", and the known name is the mention.)
                if t.flags & (ROLE | TITLE) != 0
                    && let Some(name) = unknown_name(text, t.end)
                    && !tokens[i..].iter().take_while(|n| n.start < name.end).any(|n| n.flags & NAME != 0)
                {
                    while tokens.get(i).is_some_and(|n| n.start < name.end) {
                        i += 1;
                    }
                    out.push(Mention {
                        range: t.start..name.end,
                        entity: Entity::UnknownOfficial {
                            name: collapse(&text[name.clone()]),
                            title: collapse(&text[t.start..t.end]),
                        },
                    });
                    continue;
                }
            }
            if t.flags & ROLE != 0 {
                if let Some(o) = self.role_holder(text, &t, date) {
                    out.push(Mention { range: t.start..t.end, entity: Entity::Official(self.slugs[o].clone()) });
                }
            } else if t.flags & NAME != 0
                && let Some(o) = t.official
            {
                out.push(Mention { range: t.start..t.end, entity: Entity::Official(self.slugs[o].clone()) });
            }
        }
    }

    /// Runs the automaton, anchored, from every word start of `text`, folding on the fly; pushes
    /// every match that passes its checks. Every pattern begins a word, so mid-word bytes are only
    /// skipped over, and most runs die after a byte or two.
    fn scan(&self, text: &str, date: Option<Date>, tokens: &mut Vec<Token>) {
        self.scan_all(text, date, tokens);
        // Leftmost-longest among the matches that passed their checks.
        tokens.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut last_end = 0;
        tokens.retain(|t| {
            let keep = t.start >= last_end;
            if keep {
                last_end = t.end;
            }
            keep
        });
    }

    fn scan_all(&self, text: &str, date: Option<Date>, tokens: &mut Vec<Token>) {
        let Ok(start) = self.automaton.start_state(Anchored::Yes) else { return };
        let bytes = text.as_bytes();
        let mut i = 0;
        let mut in_word = false;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                let class = ASCII_CLASS[b as usize];
                if class == ALNUM && !in_word && self.may_begin(bytes, i) {
                    self.run_from(text, i, start, date, tokens);
                }
                in_word = class != 0;
                i += 1;
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                let word = is_word_char(c);
                if word && !in_word && c.is_alphanumeric() {
                    self.run_from(text, i, start, date, tokens);
                }
                in_word = word;
                i += c.len_utf8();
            }
        }
    }

    /// False when no pattern begins with the (folded) two bytes at `i`: most words are ruled out
    /// by one look-up in a table that stays in L1, without stepping the automaton.
    #[inline]
    fn may_begin(&self, bytes: &[u8], i: usize) -> bool {
        match bytes.get(i + 1) {
            Some(&next) if next < 0x80 => {
                let pair = (ASCII_FOLD[bytes[i] as usize] as usize) << 7 | ASCII_FOLD[next as usize] as usize;
                self.prefixes[pair >> 6] & (1 << (pair & 63)) != 0
            }
            _ => true,
        }
    }

    /// One anchored run of the automaton from `from`, until it dies.
    fn run_from(&self, text: &str, from: usize, start: StateID, date: Option<Date>, tokens: &mut Vec<Token>) {
        let dfa = &self.automaton;
        let bytes = text.as_bytes();
        let mut sid = start;
        let mut emitted = 0usize;
        let mut last_space = false;
        let mut i = from;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                // ASCII: one byte in, one byte out.
                let folded = ASCII_FOLD[b as usize];
                i += 1;
                if folded == b' ' {
                    if last_space {
                        continue;
                    }
                    last_space = true;
                } else {
                    last_space = false;
                }
                emitted += 1;
                sid = dfa.next_state(Anchored::Yes, sid, folded);
                if dfa.is_special(sid) {
                    if dfa.is_dead(sid) {
                        return;
                    }
                    self.matched(text, from, i, sid, emitted, date, tokens);
                }
                continue;
            }
            let c = text[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            let folded = fold_char(c, true);
            let out = folded.as_bytes();
            if out.is_empty() || (folded.is_space() && last_space) {
                continue;
            }
            last_space = folded.is_space();
            for (k, &byte) in out.iter().enumerate() {
                emitted += 1;
                sid = dfa.next_state(Anchored::Yes, sid, byte);
                if dfa.is_special(sid) {
                    if dfa.is_dead(sid) {
                        return;
                    }
                    // A match must end on the last byte of a char's folding.
                    if k + 1 == out.len() {
                        self.matched(text, from, i, sid, emitted, date, tokens);
                    }
                }
            }
        }
    }

    /// The patterns of match state `sid` that began at `from` (match lists also hold shorter
    /// patterns ending here; those begin at a later word start and are found from there).
    #[allow(clippy::too_many_arguments)]
    fn matched(
        &self,
        text: &str,
        from: usize,
        end: usize,
        sid: StateID,
        emitted: usize,
        date: Option<Date>,
        tokens: &mut Vec<Token>,
    ) {
        let dfa = &self.automaton;
        if !dfa.is_match(sid) {
            return;
        }
        for m in 0..dfa.match_len(sid) {
            let pid = dfa.match_pattern(sid, m);
            if dfa.pattern_len(pid) == emitted
                && let Some(token) = self.check(text, from, end, pid.as_usize(), date)
            {
                tokens.push(token);
            }
        }
    }

    /// The meanings of pattern `pattern` that hold on `text[start..end]`: word boundaries, and the
    /// case of names and honorifics.
    fn check(&self, text: &str, start: usize, end: usize, pattern: usize, date: Option<Date>) -> Option<Token> {
        let info = &self.patterns[pattern];
        // Decomposed accents after the last letter belong to the mention.
        let end = end + text[end..].chars().take_while(|&c| is_combining(c)).map(char::len_utf8).sum::<usize>();
        let before = text[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_' || is_combining(c)) {
            return None;
        }
        let after = text[end..].chars().next();
        if after.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            return None;
        }
        let hyphen_after = after == Some('-');
        let span = &text[start..end];
        let mut flags = 0;
        if !hyphen_after && info.role.is_some() {
            flags |= ROLE;
        }
        if !hyphen_after && info.title {
            flags |= TITLE;
        }
        if info.keyword {
            flags |= KEYWORD;
        }
        if info.honorifics.iter().any(|h| same_folded(span, h)) {
            flags |= HONORIFIC;
        }
        let mut official = None;
        for (kind, list) in [(NAME, &info.names), (SURNAME, &info.surnames)] {
            let mut named = list.iter().filter(|(s, _)| same_folded(span, s)).map(|&(_, o)| o).peekable();
            if named.peek().is_none() {
                continue;
            }
            flags |= kind;
            if official.is_none() {
                official = self.one_official(named, date);
            }
        }
        (flags != 0).then_some(Token { start, end, pattern, flags, official })
    }

    /// The one official among `candidates`; if several share a name, the one in office on `date`.
    fn one_official(&self, candidates: impl Iterator<Item = usize>, date: Option<Date>) -> Option<usize> {
        let mut all: Vec<usize> = candidates.collect();
        all.sort_unstable();
        all.dedup();
        if all.len() == 1 {
            return Some(all[0]);
        }
        let date = date?;
        let mut active = all.into_iter().filter(|&o| self.roles[o].iter().any(|r| held_on(r, date)));
        match (active.next(), active.next()) {
            (Some(o), None) => Some(o),
            _ => None,
        }
    }

    /// Who a role reference ("the Secretary-General") points at: the one person holding the role on
    /// the page's date, unless the words around it point elsewhere.
    fn role_holder(&self, text: &str, t: &Token, date: Option<Date>) -> Option<usize> {
        let date = date?;
        let phrase = self.patterns[t.pattern].role?;
        let span = &text[t.start..t.end];
        let prev = prev_word(&text[..t.start]);
        // "UN" in capitals is the organization, not the Spanish article "un".
        let organization = matches!(prev, "UN" | "U.N.");
        if !organization && (NOT_THE_HOLDER.contains(&fold_lower(prev).as_str()) || is_ordinal(prev)) {
            return None;
        }
        // "NATO Secretary-General": another organization's office (unless the page shouts).
        let acronym =
            |w: &str| w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase);
        if acronym(prev) && !acronym(span) && !matches!(prev, "UN" | "U.N.") {
            return None;
        }
        // "Secretary-General of the Arab League": another organization's office.
        if of_another_body(&text[t.end..]) {
            return None;
        }
        let holders = &self.phrase_holders[phrase];
        let mut found = None;
        for &(o, r) in holders {
            if held_on(&self.roles[o][r], date) {
                match found {
                    None => found = Some(o),
                    Some(f) if f == o => {}
                    Some(_) => return None,
                }
            }
        }
        found
    }
}

/// The word just before `text`'s end, skipping spaces and Markdown punctuation.
fn prev_word(text: &str) -> &str {
    let trimmed = text.trim_end_matches(|c: char| c.is_whitespace() || "[*_\"“(".contains(c));
    let start = trimmed
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.' || is_combining(c))
        .last()
        .map_or(trimmed.len(), |(i, _)| i);
    &trimmed[start..]
}

fn is_ordinal(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    let digits = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &lower[digits.len()..];
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && matches!(suffix, "st" | "nd" | "rd" | "th")
}

/// True when a role phrase is followed by "of/de/du …" naming a body other than the UN.
fn of_another_body(after: &str) -> bool {
    let mut words = after.split(|c: char| c.is_whitespace()).filter(|w| !w.is_empty());
    let Some(first) = words.next() else { return false };
    if !matches!(fold_lower(first).as_str(), "of" | "de" | "del" | "du" | "des" | "di" | "d'") {
        return false;
    }
    !words.take(4).any(|w| {
        let w = fold_lower(w.trim_matches(|c: char| !c.is_alphanumeric()));
        matches!(w.as_str(), "nations" | "naciones" | "un" | "onu")
    })
}

/// True for the glue between items of a list of citations: commas, "and"/"y"/"et", white space and
/// Markdown link syntax (`](#)`, `[`), and nothing else.
fn is_list_glue(gap: &str) -> bool {
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
fn next_list_number(text: &str, from: usize) -> Option<(Range<usize>, u32)> {
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
fn spaced_digits(before: &str) -> Option<(usize, u32)> {
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
fn yearless_end_ok(after: &str) -> bool {
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
fn keyword_before(text: &str) -> Option<usize> {
    let word = prev_word(text);
    let start = word.as_ptr() as usize - text.as_ptr() as usize;
    KEYWORDS.contains(&fold_lower(word).as_str()).then_some(start)
}

/// True when the words before "resolution" name another body ("General Assembly resolution").
fn other_body_before(before: &str) -> bool {
    before
        .rsplit(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .take(3)
        .any(|w| OTHER_BODY.contains(&fold_lower(w.trim_matches(|c: char| !c.is_alphanumeric())).as_str()))
}

/// Classes of ASCII bytes: 0 outside words, [`ALNUM`] letters and digits, [`JOINER`] `-` and `_`.
const ASCII_CLASS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        table[i] = if b.is_ascii_alphanumeric() {
            ALNUM
        } else if b == b'-' || b == b'_' {
            JOINER
        } else {
            0
        };
        i += 1;
    }
    table
};
const ALNUM: u8 = 1;
const JOINER: u8 = 2;

/// Letters, digits and what joins them into one word: a match may not begin or end inside a word.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_' || is_combining(c)
}

/// Between a title and a name: spaces on one line.
fn is_title_gap(gap: &str) -> bool {
    !gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\u{a0}' || c == '\t')
}

/// A capitalized name of 2–4 words right after a title ending at `from`, as a byte range.
fn unknown_name(text: &str, from: usize) -> Option<Range<usize>> {
    let rest = &text[from..];
    let gap = rest.len() - rest.trim_start_matches([' ', '\u{a0}', '\t']).len();
    if gap == 0 {
        return None;
    }
    let start = from + gap;
    let mut pos = start;
    let mut capitalized = 0;
    let mut words = 0;
    let mut end = start;
    loop {
        let word_len = text[pos..]
            .find(|c: char| !(c.is_alphabetic() || is_combining(c) || "-'’.".contains(c)))
            .unwrap_or(text.len() - pos);
        let word = &text[pos..pos + word_len];
        let mut stop = false;
        let mut core = word;
        for s in ["'s", "’s"] {
            if let Some(c) = core.strip_suffix(s) {
                core = c;
                stop = true;
            }
        }
        let mut letters = core.chars().filter(|c| c.is_alphabetic());
        let initial = matches!((letters.next(), letters.next()), (Some(_), None)) && core.ends_with('.');
        if !initial && core.ends_with('.') {
            core = core.trim_end_matches('.');
            stop = true;
        }
        let core = core.trim_end_matches(['-', '\'', '’']);
        let Some(first) = core.chars().next() else { break };
        if first.is_uppercase() {
            let folded = fold_lower(core);
            let is_acronym =
                core.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !core.chars().any(char::is_lowercase);
            if NOT_NAME.contains(&folded.as_str()) || is_acronym {
                // "Secretary-General Warns Member States": a name cut short by another capitalized
                // word is a headline's title case, not a name.
                if capitalized > 0 {
                    return None;
                }
                break;
            }
            capitalized += 1;
            end = pos + core.len();
        } else if !(capitalized > 0 && PARTICLES.contains(&core)) {
            break;
        }
        words += 1;
        if stop || words == 6 {
            break;
        }
        let after = pos + word_len;
        match text[after..].strip_prefix(' ') {
            Some(next) if next.starts_with(char::is_alphabetic) => {
                if capitalized == 4 {
                    // A fifth capitalized word: title case again.
                    if next.starts_with(char::is_uppercase) {
                        return None;
                    }
                    break;
                }
                pos = after + 1;
            }
            _ => break,
        }
    }
    (capitalized >= 2).then_some(start..end)
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_glue() {
        assert!(is_list_glue(", "));
        assert!(is_list_glue(" and "));
        assert!(is_list_glue(" "));
        assert!(is_list_glue("](#) and ["));
        assert!(is_list_glue(", y "));
        assert!(!is_list_glue(" on security sector reform and "));
    }

    #[test]
    fn unknown_names() {
        fn name(t: &str) -> Option<&str> {
            unknown_name(t, 0).map(|r| &t[r])
        }
        assert_eq!(name(" Jane Doe said"), Some("Jane Doe"));
        assert_eq!(name(" Jeffrey D. Feltman."), Some("Jeffrey D. Feltman"));
        assert_eq!(name(" Oscar de la Renta’s plan"), Some("Oscar de la Renta"));
        assert_eq!(name(" Jane Doe. Then"), Some("Jane Doe"));
        assert_eq!(name(" of the Security Council"), None);
        assert_eq!(name(" Xi said"), None);
        assert_eq!(name(" The Council"), None);
        assert_eq!(name(" NATO Member"), None);
        assert_eq!(name(" Warns Member States"), None);
        assert_eq!(name(" Jane Doe Smith Jones Brown"), None);
        assert_eq!(name("Jane Doe"), None);
    }

    #[test]
    fn words_before() {
        assert_eq!(prev_word("the former "), "former");
        assert_eq!(prev_word("the [ "), "the");
        assert_eq!(prev_word(""), "");
        assert!(is_ordinal("9th"));
        assert!(!is_ordinal("9"));
        assert!(of_another_body(" of NATO said"));
        assert!(!of_another_body(" of the United Nations"));
        assert!(!of_another_body("’s report"));
        assert!(other_body_before("General Assembly "));
        assert!(other_body_before("the draft "));
        assert!(!other_body_before("recalling its "));
    }
}
