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

/// The width a block's lines are wrapped to: the length most full lines reach (the 90th
/// percentile, so that one overlong line of a table does not count).
fn column_width(block: &[String]) -> usize {
    let mut lengths: Vec<usize> = block.iter().map(|l| len(l)).collect();
    lengths.sort_unstable();
    lengths[(lengths.len() - 1) * 9 / 10]
}

/// A block of lines is hard-wrapped prose when most of its lines fill a column of 50 to 120
/// characters (40 in a block of four lines or more: a narrow column, not a signature) and some
/// line breaks mid-sentence (else it is one paragraph per line).
fn is_wrapped(block: &[String], width: usize) -> bool {
    let narrowest = if block.len() >= 4 { 40 } else { 50 };
    if block.len() < 2 || !(narrowest..=120).contains(&width) {
        return false;
    }
    let body = &block[..block.len() - 1];
    let full = body.iter().filter(|l| len(l) * 4 >= width * 3).count();
    full * 2 >= body.len() && body.iter().any(|l| !ends_sentence(l))
}

/// Joins a hard-wrapped line to the one before it. A line ending in a hyphen joins without a
/// space; the hyphen stays ("sixty-" "third") unless the document writes the word whole
/// elsewhere and never hyphenated ("develop-" "ment").
fn join_wrapped(prev: &mut String, line: &str, words: &std::cell::OnceCell<WordSet>, lines: &[String]) {
    let hyphenated = prev.ends_with('-')
        && prev[..prev.len() - 1].ends_with(char::is_alphabetic)
        && line.starts_with(char::is_alphabetic);
    if !hyphenated {
        prev.push(' ');
        prev.push_str(line);
        return;
    }
    let head_start = prev[..prev.len() - 1]
        .rfind(|c: char| !c.is_alphabetic() && c != '-')
        .map_or(0, |i| i + prev[i..].chars().next().map_or(1, char::len_utf8));
    let head = &prev[head_start..prev.len() - 1];
    let tail_end = line.find(|c: char| !c.is_alphabetic() && c != '-').unwrap_or(line.len());
    let tail = &line[..tail_end];
    let whole = format!("{head}{tail}").to_lowercase();
    let compound = format!("{head}-{tail}").to_lowercase();
    let words = words.get_or_init(|| words_of(lines));
    if words.contains(&whole) && !words.contains(&compound) {
        prev.pop();
    }
    prev.push_str(line);
}

/// The words a document writes, lowercased: to tell a word split at a line end from a compound.
type WordSet = std::collections::HashSet<String>;

fn words_of(lines: &[String]) -> WordSet {
    let mut words = WordSet::new();
    for line in lines {
        for word in line.split(|c: char| !c.is_alphabetic() && c != '-') {
            let word = word.trim_matches('-');
            if word.len() > 2 {
                words.insert(word.to_lowercase());
            }
        }
    }
    words
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
    // Only a line-end hyphen needs the document's words: gathered the first time one does.
    let words = std::cell::OnceCell::new();
    // The column the document is wrapped to, from its blocks of several lines: a block of two
    // short lines in a hard-wrapped text is wrapped too ("… support for the United" / "Nations
    // Peace-keeping Force in Cyprus,"), where alone it would look like a signature.
    let several: Vec<String> =
        groups.iter().filter(|(b, _)| b.len() >= 3).flat_map(|(b, _)| b.iter().cloned()).collect();
    let document_width = if several.len() >= 6 { column_width(&several) } else { 0 };

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
        let mut width = column_width(&merged);
        if (50..=120).contains(&document_width) && width < document_width {
            width = document_width;
        }
        let wrapped = is_wrapped(&merged, width);
        let mut current: Vec<String> = Vec::new();
        for line in merged {
            let Some(prev) = current.last_mut() else {
                current.push(line);
                continue;
            };
            // In wrapped prose a paragraph ends at a sentence that stops short of the column.
            let short_end = ends_sentence(prev) && len(prev) * 10 < width * 8;
            let split = starts_block(&line)
                || is_heading_line(&line)
                || is_heading_line(prev)
                || (wrapped && short_end)
                || (!wrapped && ends_sentence(prev) && len(prev) > 60);
            if split {
                paras.push((std::mem::take(&mut current), std::mem::take(&mut after_break)));
                current.push(line);
            } else if wrapped || starts_lowercase(&line) || len(prev) > 60 {
                join_wrapped(prev, &line, &words, lines);
            } else {
                current.push(line); // a short line: its break is meaningful
            }
        }
        paras.push((current, std::mem::take(&mut after_break)));
    }
    let paras: Vec<(Para, bool)> = paras.into_iter().map(|(lines, brk)| (classify(lines), brk)).collect();
    let paras = join_lone_markers(paras);
    let mut paras = rejoin_broken_sentences(paras);
    join_wrapped_headings(&mut paras);
    promote_headings(&mut paras);
    paras
}

/// A section heading too long for its line ends on a word that cannot end one ("IV. Cooperation
/// with the Collective Peacekeeping Forces of the" / "Commonwealth of Independent States"): the
/// short line after it is the rest of it, not a heading of its own.
fn join_wrapped_headings(paras: &mut Vec<Para>) {
    let mut i = 0;
    while i + 1 < paras.len() {
        let open = matches!(paras[i].kind, ParaKind::Heading(_))
            && paras[i].lines.len() == 1
            && paras[i].lines[0]
                .rsplit(' ')
                .next()
                .is_some_and(|w| super::title::MINOR.contains(&w.to_lowercase().as_str()));
        let next = &paras[i + 1];
        let rest = next.kind == ParaKind::Text
            && next.lines.len() == 1
            && len(&next.lines[0]) <= 80
            && next.lines[0].starts_with(char::is_uppercase)
            && !ends_sentence(&next.lines[0]);
        if open && rest {
            let tail = paras.remove(i + 1).lines.remove(0);
            let head = &mut paras[i].lines[0];
            head.push(' ');
            head.push_str(&tail);
        }
        i += 1;
    }
}

/// "1." or "I." or "A." alone (a blank line after it) belongs to what follows: a numbered
/// paragraph, a section heading ("I." "DEVELOPMENTS SINCE THE LAST REPORT"), a subsection heading.
fn join_lone_markers(paras: Vec<(Para, bool)>) -> Vec<(Para, bool)> {
    static ROMAN_ALONE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[IVX]{1,5}\.$").expect("static regex"));
    static LETTER_ALONE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[A-H]\.$").expect("static regex"));
    let mut out: Vec<(Para, bool)> = Vec::with_capacity(paras.len());
    let mut pending: Option<(String, bool)> = None;
    for (para, brk) in paras {
        if let Some((marker, marker_break)) = pending.take() {
            let fits = para.kind == ParaKind::Text && para.lines.len() == 1;
            if fits && let Some(level) = marker_level(&marker, &para.lines[0]) {
                let text = format!("{marker} {}", para.lines[0]);
                out.push((Para { kind: ParaKind::Heading(level), lines: vec![text] }, marker_break));
                continue;
            }
            if fits && LONE_NUMBER.is_match(&marker) && marker.ends_with('.') {
                out.push((classify(vec![format!("{marker} {}", para.lines[0])]), marker_break));
                continue;
            }
            out.push((Para { kind: ParaKind::Text, lines: vec![marker] }, marker_break));
        }
        let alone = para.kind == ParaKind::Text && para.lines.len() == 1;
        if alone
            && (ROMAN_ALONE.is_match(&para.lines[0])
                || LETTER_ALONE.is_match(&para.lines[0])
                || LONE_NUMBER.is_match(&para.lines[0]))
        {
            pending = Some((para.lines[0].clone(), brk));
        } else {
            out.push((para, brk));
        }
    }
    if let Some((marker, brk)) = pending {
        out.push((Para { kind: ParaKind::Text, lines: vec![marker] }, brk));
    }
    out
}

/// The heading level a lone section marker gives the heading text after it, if that text is one.
fn marker_level(marker: &str, text: &str) -> Option<u8> {
    let heading_like = len(text) <= 120 && !ends_sentence(text) && text.starts_with(char::is_uppercase);
    if !heading_like {
        return None;
    }
    match marker.trim_end_matches('.') {
        m if m.chars().all(|c| matches!(c, 'I' | 'V' | 'X')) => Some(2),
        m if m.len() == 1 && m.chars().all(|c| c.is_ascii_uppercase()) => Some(3),
        _ => None,
    }
}

/// Unnumbered section headings of a report: a short line alone, in capitals or without a full
/// stop, right before a numbered paragraph or under another heading ("Political situation" /
/// "2. After the issuance …"), becomes a heading one level below the last.
fn promote_headings(paras: &mut [Para]) {
    let mut level = 2;
    for i in 0..paras.len() {
        if let ParaKind::Heading(l) = paras[i].kind {
            level = l;
            continue;
        }
        let p = &paras[i];
        if p.kind != ParaKind::Text || p.lines.len() != 1 {
            continue;
        }
        let line = &p.lines[0];
        let next_numbered = paras.get(i + 1).is_some_and(|n| matches!(n.kind, ParaKind::Numbered(_)));
        let previous_ok = i == 0
            || matches!(paras[i - 1].kind, ParaKind::Heading(_))
            || paras[i - 1].lines.last().is_some_and(|l| ends_sentence(l));
        let shape = len(line) <= 90
            && line.starts_with(char::is_uppercase)
            && !ends_sentence(line)
            && !line.ends_with(',')
            && line.split_whitespace().count() <= 12;
        if shape && next_numbered && previous_ok {
            paras[i].kind = ParaKind::Heading((level + 1).min(4));
        }
    }
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
fn rejoin_broken_sentences(paras: Vec<(Para, bool)>) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::with_capacity(paras.len());
    for (b, after_break) in paras {
        if let Some(a) = out.last_mut() {
            let joinable_a =
                matches!(a.kind, ParaKind::Text | ParaKind::Numbered(_) | ParaKind::Lettered(_) | ParaKind::Bullet)
                    && a.lines.len() == 1;
            let last = a.lines.last().map(String::as_str).unwrap_or_default();
            let ends = ends_sentence(last);
            let continues = starts_lowercase(&b.lines[0]) || (after_break && !starts_block(&b.lines[0]));
            if joinable_a && !ends && b.kind == ParaKind::Text && b.lines.len() == 1 && continues {
                let line = &mut a.lines[0];
                let trimmed = line.trim_end().len();
                line.truncate(trimmed);
                line.push(' ');
                line.push_str(&b.lines[0]);
                continue;
            }
        }
        out.push(b);
    }
    out
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
    fn a_heading_wrapped_over_two_lines_is_one_heading() {
        let paras = layout(&lines(
            "I. INTRODUCTION\n\n1. Text of the report.\n\nIV. COOPERATION WITH THE COLLECTIVE PEACEKEEPING FORCES OF THE\n\nCOMMONWEALTH OF INDEPENDENT STATES\n\n2. More text.\n\nV. OBSERVATIONS\n\nPolitical situation\n\n3. Text.\n",
        ));
        let headings: Vec<String> =
            paras.iter().filter(|p| matches!(p.kind, ParaKind::Heading(_))).map(|p| p.lines.join(" ")).collect();
        assert_eq!(
            headings,
            [
                "I. INTRODUCTION",
                "IV. COOPERATION WITH THE COLLECTIVE PEACEKEEPING FORCES OF THE COMMONWEALTH OF INDEPENDENT STATES",
                "V. OBSERVATIONS",
                "Political situation",
            ]
        );
    }

    #[test]
    fn headings_of_both_kinds() {
        let paras = layout(&lines("# Title\n\nI. Introduction\n\nA. Political developments\n\nB. is not. A heading."));
        let kinds: Vec<_> = paras.iter().map(|p| p.kind.clone()).collect();
        assert_eq!(kinds, vec![ParaKind::Heading(1), ParaKind::Heading(2), ParaKind::Heading(3), ParaKind::Text]);
        assert_eq!(paras[0].lines, vec!["Title"]);
    }
}
