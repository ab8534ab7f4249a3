//! The scan: one Aho–Corasick automaton over every pattern, run anchored from each word start of
//! the text, folding accents, case and hyphens on the fly; what it finds becomes [`Token`]s with
//! the meanings that hold where they stand.

use std::collections::HashMap;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, StartKind};

use super::fold::{ASCII_FOLD, fold_char, fold_str, is_combining, same_folded};
use super::registry::Registry;
use crate::date::Date;
use crate::error::{Error, Result};

/// The automaton over every pattern the [`Builder`] was given, and what each pattern means. It
/// reads text and the registry (to tell apart officials who share a name), and yields tokens.
pub(super) struct Scanner {
    automaton: DFA,
    patterns: Vec<PatternInfo>,
    /// Bit set of the two-byte ASCII beginnings of the patterns (`first << 7 | second`).
    prefixes: Box<[u64; 256]>,
}

/// What one scan reads besides the automaton: the text, the page's date and the registry.
struct Run<'a> {
    text: &'a str,
    date: Option<Date>,
    registry: &'a Registry,
}

/// Longest name or phrase matched, in folded bytes.
pub(super) const MAX_PATTERN: usize = 256;

pub(super) const NAME: u8 = 1;

pub(super) const SURNAME: u8 = 2;

pub(super) const HONORIFIC: u8 = 4;

pub(super) const ROLE: u8 = 8;

pub(super) const TITLE: u8 = 16;

pub(super) const KEYWORD: u8 = 32;

pub(super) const MISSION: u8 = 64;

/// "the Mission": the one mission of the page, if it has one.
pub(super) const THE_MISSION: u8 = 128;

#[derive(Debug, Default)]
pub(super) struct PatternInfo {
    /// Case-kept folded spellings of full names and aliases, with the official each names.
    pub(super) names: Vec<(Vec<u8>, usize)>,
    /// Surnames, which count only after a title or an honorific.
    pub(super) surnames: Vec<(Vec<u8>, usize)>,
    pub(super) honorifics: Vec<Vec<u8>>,
    /// Index of the registry's role phrase.
    pub(super) role: Option<usize>,
    /// A generic title.
    pub(super) title: bool,
    /// A word introducing resolutions.
    pub(super) keyword: bool,
    /// Missions named: (the case-kept folded spelling an acronym must match, or empty for a
    /// name, which any case matches; the mission).
    pub(super) missions: Vec<(Vec<u8>, usize)>,
    /// "the Mission", "la Misión", "la Mission".
    pub(super) the_mission: bool,
}

/// One match of the automaton that passed its checks.
#[derive(Debug, Clone, Copy)]
pub(super) struct Token {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) pattern: usize,
    /// NAME | SURNAME | … : the meanings that hold here.
    pub(super) flags: u8,
    /// The official named (NAME or SURNAME), when there is exactly one.
    pub(super) official: Option<usize>,
    /// The mission named (MISSION).
    pub(super) mission: Option<usize>,
}

#[derive(Default)]
pub(super) struct Builder {
    pub(super) index: HashMap<Vec<u8>, usize>,
    pub(super) keys: Vec<Vec<u8>>,
    pub(super) infos: Vec<PatternInfo>,
}

/// Classes of ASCII bytes: 0 outside words, [`ALNUM`] letters and digits, [`JOINER`] `-` and `_`.
pub(super) const ASCII_CLASS: [u8; 128] = {
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

pub(super) const ALNUM: u8 = 1;

pub(super) const JOINER: u8 = 2;

/// Letters, digits and what joins them into one word: a match may not begin or end inside a word.
pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_' || is_combining(c)
}

impl Scanner {
    /// The role phrase pattern `pattern` is, if it is one (an index into the registry's phrases).
    pub(super) fn role(&self, pattern: usize) -> Option<usize> {
        self.patterns[pattern].role
    }

    /// Runs the automaton, anchored, from every word start of `text`, folding on the fly; pushes
    /// every match that passes its checks. Every pattern begins a word, so mid-word bytes are only
    /// skipped over, and most runs die after a byte or two. A name several officials share is
    /// resolved by who was in office on `date`.
    pub(super) fn scan(&self, text: &str, date: Option<Date>, registry: &Registry, tokens: &mut Vec<Token>) {
        let run = Run { text, date, registry };
        self.scan_all(&run, tokens);
        // "la Misión de Estabilización …": the article belongs to the name, not to "la Misión".
        let named: Vec<std::ops::Range<usize>> =
            tokens.iter().filter(|t| t.flags & MISSION != 0).map(|t| t.start..t.end).collect();
        if !named.is_empty() {
            tokens.retain(|t| t.flags != THE_MISSION || !named.iter().any(|r| r.start < t.end && t.start < r.end));
        }
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

    fn scan_all(&self, run: &Run, tokens: &mut Vec<Token>) {
        let text = run.text;
        let Ok(start) = self.automaton.start_state(Anchored::Yes) else { return };
        let bytes = text.as_bytes();
        let mut i = 0;
        let mut in_word = false;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                let class = ASCII_CLASS[b as usize];
                if class == ALNUM && !in_word && self.may_begin(bytes, i) {
                    self.run_from(run, i, start, tokens);
                }
                in_word = class != 0;
                i += 1;
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                let word = is_word_char(c);
                if word && !in_word && c.is_alphanumeric() {
                    self.run_from(run, i, start, tokens);
                }
                in_word = word;
                i += c.len_utf8();
            }
        }
    }

    /// False when no pattern begins with the (folded) two bytes at `i`: most words are ruled out
    /// by one look-up in a table that stays in L1, without stepping the automaton.
    #[inline]
    pub(super) fn may_begin(&self, bytes: &[u8], i: usize) -> bool {
        match bytes.get(i + 1) {
            Some(&next) if next < 0x80 => {
                let pair = (ASCII_FOLD[bytes[i] as usize] as usize) << 7 | ASCII_FOLD[next as usize] as usize;
                self.prefixes[pair >> 6] & (1 << (pair & 63)) != 0
            }
            _ => true,
        }
    }

    /// One anchored run of the automaton from `from`, until it dies.
    fn run_from(&self, run: &Run, from: usize, start: StateID, tokens: &mut Vec<Token>) {
        let text = run.text;
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
                    self.matched(run, from, i, sid, emitted, tokens);
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
                        self.matched(run, from, i, sid, emitted, tokens);
                    }
                }
            }
        }
    }

    /// The patterns of match state `sid` that began at `from` (match lists also hold shorter
    /// patterns ending here; those begin at a later word start and are found from there).
    fn matched(&self, run: &Run, from: usize, end: usize, sid: StateID, emitted: usize, tokens: &mut Vec<Token>) {
        let dfa = &self.automaton;
        if !dfa.is_match(sid) {
            return;
        }
        for m in 0..dfa.match_len(sid) {
            let pid = dfa.match_pattern(sid, m);
            if dfa.pattern_len(pid) == emitted
                && let Some(token) = self.check(run, from, end, pid.as_usize())
            {
                tokens.push(token);
            }
        }
    }

    /// The meanings of pattern `pattern` that hold on `text[start..end]`: word boundaries, and the
    /// case of names and honorifics.
    fn check(&self, run: &Run, start: usize, end: usize, pattern: usize) -> Option<Token> {
        let text = run.text;
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
                official = run.registry.one_official(named, run.date);
            }
        }
        let mission = info.missions.iter().find(|(s, _)| s.is_empty() || same_folded(span, s)).map(|&(_, m)| m);
        if mission.is_some() {
            flags |= MISSION;
        }
        // "the Mission" with a capital: the mission the page is about, not any mission.
        if info.the_mission && span.rsplit(' ').next().is_some_and(|w| w.starts_with('M')) {
            flags |= THE_MISSION;
        }
        (flags != 0).then_some(Token { start, end, pattern, flags, official, mission })
    }
}

impl Builder {
    /// The automaton over every pattern added, anchored at word starts.
    pub(super) fn build(self) -> Result<Scanner> {
        let automaton = DFA::builder()
            .match_kind(MatchKind::Standard)
            .start_kind(StartKind::Anchored)
            .build(&self.keys)
            .map_err(|e| Error::Msg(format!("entity recognizer: {e}")))?;
        let mut prefixes = Box::new([0u64; 256]);
        for key in &self.keys {
            match key[..] {
                [first, second, ..] if first < 0x80 && second < 0x80 => {
                    let pair = (first as usize) << 7 | second as usize;
                    prefixes[pair >> 6] |= 1 << (pair & 63);
                }
                // A pattern beginning with a non-ASCII char is tried from every word start.
                _ => prefixes.fill(u64::MAX),
            }
        }
        Ok(Scanner { automaton, patterns: self.infos, prefixes })
    }

    pub(super) fn add(&mut self, text: &str) -> Option<&mut PatternInfo> {
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

    pub(super) fn name(&mut self, text: &str, official: usize) {
        let spelling = fold_str(text, false);
        if let Some(info) = self.add(text)
            && !info.names.contains(&(spelling.clone(), official))
        {
            info.names.push((spelling, official));
        }
    }

    pub(super) fn surname(&mut self, text: &str, official: usize) {
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
