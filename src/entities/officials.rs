//! Officials: names and aliases, a title before a name, honorifics before a surname, and role
//! references ("the Secretary-General") resolved to whoever held the office on the page's date.

use std::ops::Range;

use super::entity::{Entity, Mention};
use super::fold::{fold_lower, is_combining};
use super::lexicon::{NOT_NAME, NOT_THE_HOLDER, PARTICLES};
use super::recognize::Recognizer;
use super::scan::{HONORIFIC, KEYWORD, NAME, ROLE, SURNAME, TITLE, Token};
use crate::date::Date;

/// The word just before `text`'s end, skipping spaces and Markdown punctuation.
pub(super) fn prev_word(text: &str) -> &str {
    let trimmed = text.trim_end_matches(|c: char| c.is_whitespace() || "[*_\"“(".contains(c));
    let start = trimmed
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.' || is_combining(c))
        .last()
        .map_or(trimmed.len(), |(i, _)| i);
    &trimmed[start..]
}

pub(super) fn is_ordinal(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    let digits = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &lower[digits.len()..];
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && matches!(suffix, "st" | "nd" | "rd" | "th")
}

/// True when a role phrase is followed by "of/de/du …" naming a body other than the UN.
pub(super) fn of_another_body(after: &str) -> bool {
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

/// Between a title and a name: spaces on one line.
pub(super) fn is_title_gap(gap: &str) -> bool {
    !gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\u{a0}' || c == '\t')
}

/// A capitalized name of 2–4 words right after a title ending at `from`, as a byte range.
pub(super) fn unknown_name(text: &str, from: usize) -> Option<Range<usize>> {
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

pub(super) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Recognizer {
    pub(super) fn find_officials(&self, text: &str, date: Option<Date>, tokens: &[Token], out: &mut Vec<Mention>) {
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
                        out.push(Mention { range: t.start..next.end, entity: Entity::Official(self.slug(o)) });
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
                        entity: Entity::unknown_official(
                            collapse(&text[name.clone()]),
                            collapse(&text[t.start..t.end]),
                        ),
                    });
                    continue;
                }
            }
            if t.flags & ROLE != 0 {
                if let Some(o) = self.role_holder(text, &t, date) {
                    out.push(Mention { range: t.start..t.end, entity: Entity::Official(self.slug(o)) });
                }
            } else if t.flags & NAME != 0
                && let Some(o) = t.official
            {
                out.push(Mention { range: t.start..t.end, entity: Entity::Official(self.slug(o)) });
            }
        }
    }

    fn slug(&self, official: usize) -> String {
        self.registry.officials()[official].slug.clone()
    }

    /// Who a role reference ("the Secretary-General") points at: the one person holding the role on
    /// the page's date, unless the words around it point elsewhere.
    pub(super) fn role_holder(&self, text: &str, t: &Token, date: Option<Date>) -> Option<usize> {
        let date = date?;
        let phrase = self.scanner.role(t.pattern)?;
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
        let mut holders = self.registry.phrase_holders_on(phrase, date);
        match (holders.next(), holders.next()) {
            (Some(o), None) => Some(o),
            _ => None,
        }
    }
}
