//! Pass 5: lines → paragraphs. Decides what a line break in a seed means: a hard-wrapped line
//! (join), one paragraph per line (split), a page break inside a sentence (rejoin), a short line
//! in a signature or address (keep the break); and what each paragraph is (heading, numbered or
//! lettered paragraph, bullet, caption).

use std::sync::LazyLock;

use regex::Regex;

use super::header::PAGE_BREAK;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParaKind {
    Text,
    /// `#` level, 1–6.
    Heading(u8),
    /// A numbered paragraph: "1. *Reaffirms* …". Holds the number.
    Numbered(u32),
    /// A lettered sub-paragraph: "(a) Strengthen …". Holds the label without parentheses.
    Lettered(String),
    Bullet,
    /// A photo caption and its credit.
    Caption {
        credit: String,
    },
}

/// A paragraph: usually one line of text; several when the seed's line breaks are meaningful
/// (a signature block), written as Markdown hard breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    pub kind: ParaKind,
    pub lines: Vec<String>,
}

impl Para {
    #[cfg(test)]
    pub fn text(text: impl Into<String>) -> Para {
        Para { kind: ParaKind::Text, lines: vec![text.into()] }
    }

    /// All lines, joined by spaces.
    pub fn joined(&self) -> String {
        self.lines.join(" ")
    }
}

static NUMBERED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{1,3})\.\s+(\S.*)$").expect("static regex"));
static LETTERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(([a-z]{1,2}|[ivx]{1,5})\)\s+(\S.*)$").expect("static regex"));
static BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[•▪◦·–-]\s+(\S.*)$").expect("static regex"));
static ATX: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(#{1,6})\s+(.*?)\s*#*$").expect("static regex"));
/// "I. Introduction", "IV. Observations": a section heading of a UN report.
static ROMAN_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([IVX]{1,5})\.\s+(\p{Lu}[^.;:]{0,100})$").expect("static regex"));
/// "A. Political developments": a subsection heading.
static LETTER_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-H])\.\s+(\p{Lu}[^.;:]{0,100})$").expect("static regex"));
/// A paragraph number, or a sub-paragraph letter, alone on its line.
static LONE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\d{1,3}\.|\((?:[a-z]{1,2}|[ivx]{1,5})\))$").expect("static regex"));
static SPACES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s{2,}").expect("static regex"));

fn len(s: &str) -> usize {
    s.chars().count()
}

/// Ends a sentence or clause: what a paragraph-per-line seed ends its lines with.
pub fn ends_sentence(s: &str) -> bool {
    let s = s.trim_end_matches(['*', '_', ')', '"', '”', '’', '\'', '»']);
    s.ends_with(['.', '!', '?', ':', ';', '…'])
}

fn starts_lowercase(s: &str) -> bool {
    s.trim_start_matches(['*', '_']).chars().next().is_some_and(char::is_lowercase)
}

fn starts_block(line: &str) -> bool {
    NUMBERED.is_match(line) || LETTERED.is_match(line) || BULLET.is_match(line) || ATX.is_match(line)
}

fn is_heading_line(line: &str) -> bool {
    ATX.is_match(line) || ROMAN_HEADING.is_match(line) || LETTER_HEADING.is_match(line)
}

/// A block of lines is hard-wrapped prose when its lines (bar the last) fill a column of 50 to
/// 100 characters, and some line breaks mid-sentence (else it is one paragraph per line).
fn is_wrapped(block: &[String]) -> bool {
    if block.len() < 2 {
        return false;
    }
    let width = block.iter().map(|l| len(l)).max().unwrap_or(0);
    let body = &block[..block.len() - 1];
    (50..=100).contains(&width) && body.iter().all(|l| len(l) * 2 >= width) && body.iter().any(|l| !ends_sentence(l))
}

/// Groups lines into paragraphs. Blank lines always separate; inside a block, see the module doc.
/// A [`PAGE_BREAK`] line separates too, but lets a sentence continue across it.
pub fn layout(lines: &[String]) -> Vec<Para> {
    // Blocks of non-blank lines, each with whether a page break precedes it.
    let mut groups: Vec<(Vec<String>, bool)> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut follows_break = false;
    for line in lines {
        if line.is_empty() || line == PAGE_BREAK {
            if !current.is_empty() {
                groups.push((std::mem::take(&mut current), std::mem::take(&mut follows_break)));
            }
            follows_break |= line == PAGE_BREAK;
        } else {
            current.push(line.clone());
        }
    }
    if !current.is_empty() {
        groups.push((current, follows_break));
    }

    let mut paras: Vec<(Vec<String>, bool)> = Vec::new();
    for (block, mut after_break) in groups {
        // A number alone on its line belongs to the text after it.
        let mut merged: Vec<String> = Vec::new();
        let mut pending: Option<String> = None;
        for line in block {
            let line = SPACES.replace_all(&line, " ").into_owned();
            match pending.take() {
                Some(number) => merged.push(format!("{number} {line}")),
                None if LONE_NUMBER.is_match(&line) => pending = Some(line),
                None => merged.push(line),
            }
        }
        merged.extend(pending);
        let wrapped = is_wrapped(&merged);
        let mut current: Vec<String> = Vec::new();
        for line in merged {
            let Some(prev) = current.last_mut() else {
                current.push(line);
                continue;
            };
            let split = starts_block(&line)
                || is_heading_line(&line)
                || is_heading_line(prev)
                || (!wrapped && ends_sentence(prev) && len(prev) > 60);
            if split {
                paras.push((std::mem::take(&mut current), std::mem::take(&mut after_break)));
                current.push(line);
            } else if wrapped || starts_lowercase(&line) || len(prev) > 60 {
                prev.push(' ');
                prev.push_str(&line);
            } else {
                current.push(line); // a short line: its break is meaningful
            }
        }
        paras.push((current, std::mem::take(&mut after_break)));
    }
    let mut paras: Vec<(Para, bool)> = paras.into_iter().map(|(lines, brk)| (classify(lines), brk)).collect();
    rejoin_broken_sentences(&mut paras);
    paras.into_iter().map(|(p, _)| p).collect()
}

/// Gives a paragraph its kind from its first line, stripping the marker it implies.
fn classify(mut lines: Vec<String>) -> Para {
    let first = lines[0].clone();
    let (kind, rest) = if let Some(c) = ATX.captures(&first) {
        (ParaKind::Heading(c[1].len() as u8), c[2].to_string())
    } else if lines.len() == 1 && ROMAN_HEADING.is_match(&first) {
        (ParaKind::Heading(2), first)
    } else if lines.len() == 1 && LETTER_HEADING.is_match(&first) {
        (ParaKind::Heading(3), first)
    } else if let Some(c) = NUMBERED.captures(&first) {
        (ParaKind::Numbered(c[1].parse().unwrap_or(1)), c[2].to_string())
    } else if let Some(c) = LETTERED.captures(&first) {
        (ParaKind::Lettered(c[1].to_string()), c[2].to_string())
    } else if let Some(c) = BULLET.captures(&first) {
        (ParaKind::Bullet, c[1].to_string())
    } else {
        (ParaKind::Text, first)
    };
    lines[0] = rest;
    if kind != ParaKind::Text && lines.len() > 1 {
        lines = vec![lines.join(" ")];
    }
    Para { kind, lines }
}

/// A page break in the middle of a sentence leaves a paragraph that ends without punctuation
/// followed by one that starts in lowercase — or, where the seed marks the page break, in any
/// case: they are one paragraph. Each paragraph comes with whether a page break precedes it.
fn rejoin_broken_sentences(paras: &mut Vec<(Para, bool)>) {
    let mut i = 1;
    while i < paras.len() {
        let ((a, _), (b, after_break)) = (&paras[i - 1], &paras[i]);
        let joinable_a =
            matches!(a.kind, ParaKind::Text | ParaKind::Numbered(_) | ParaKind::Lettered(_) | ParaKind::Bullet)
                && a.lines.len() == 1;
        let last = a.lines.last().map(String::as_str).unwrap_or_default();
        let ends = ends_sentence(last);
        let continues = starts_lowercase(&b.lines[0]) || (*after_break && !starts_block(&b.lines[0]));
        if joinable_a && !ends && b.kind == ParaKind::Text && b.lines.len() == 1 && continues {
            let tail = paras.remove(i).0.lines.remove(0);
            let line = &mut paras[i - 1].0.lines[0];
            let trimmed = line.trim_end().len();
            line.truncate(trimmed);
            line.push(' ');
            line.push_str(&tail);
        } else {
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    fn texts(paras: &[Para]) -> Vec<String> {
        paras.iter().map(|p| p.lines.join(" / ")).collect()
    }

    #[test]
    fn one_paragraph_per_long_line() {
        let a = "A".repeat(70) + ".";
        let b = "B".repeat(70) + ".";
        let paras = layout(&lines(&format!("{a}\n{b}")));
        assert_eq!(texts(&paras), vec![a, b]);
    }

    #[test]
    fn hard_wrapped_lines_are_joined() {
        let text = "The present report is submitted pursuant to Security Council resolution\n\
                    2295 (2016), by which the Council requested me to report on the situation\n\
                    in Mali.";
        let paras = layout(&lines(text));
        assert_eq!(paras.len(), 1);
        assert!(
            paras[0].lines[0]
                .starts_with("The present report is submitted pursuant to Security Council resolution 2295")
        );
    }

    #[test]
    fn lone_paragraph_numbers_join_their_text() {
        let paras = layout(&lines("1.\nThe present report is submitted.\n\n(a)\nStrengthen the approach;"));
        assert_eq!(paras[0].kind, ParaKind::Numbered(1));
        assert_eq!(paras[0].lines, vec!["The present report is submitted."]);
        assert_eq!(paras[1].kind, ParaKind::Lettered("a".into()));
    }

    #[test]
    fn signature_lines_keep_their_breaks() {
        let paras = layout(&lines("(Firmado) Jerry Matthews **Matjila**\nPresidente del Consejo de Seguridad"));
        assert_eq!(paras.len(), 1);
        assert_eq!(paras[0].lines.len(), 2);
    }

    #[test]
    fn page_breaks_inside_a_sentence_are_rejoined() {
        let paras = layout(&lines("Recalling the stakeholders\n\nin security sector reform,\n\nReaffirming that,"));
        assert_eq!(texts(&paras), vec!["Recalling the stakeholders in security sector reform,", "Reaffirming that,"]);
        let paras = layout(&lines("4. *Recognizes* that social and economic developme\n\njustice, and *resolves*;"));
        assert_eq!(paras.len(), 1);
        assert_eq!(paras[0].kind, ParaKind::Numbered(4));
        let paras =
            layout(&lines(&format!("Meetings of the Monitoring\n\n{PAGE_BREAK}\n\nCommittee, chaired by Algeria.")));
        assert_eq!(texts(&paras), vec!["Meetings of the Monitoring Committee, chaired by Algeria."]);
        let paras = layout(&lines("Meetings of the Monitoring\n\nCommittee, chaired by Algeria."));
        assert_eq!(paras.len(), 2, "without a page break a capital starts a new paragraph");
    }

    #[test]
    fn headings_of_both_kinds() {
        let paras = layout(&lines("# Title\n\nI. Introduction\n\nA. Political developments\n\nB. is not. A heading."));
        let kinds: Vec<_> = paras.iter().map(|p| p.kind.clone()).collect();
        assert_eq!(kinds, vec![ParaKind::Heading(1), ParaKind::Heading(2), ParaKind::Heading(3), ParaKind::Text]);
        assert_eq!(paras[0].lines, vec!["Title"]);
    }
}
