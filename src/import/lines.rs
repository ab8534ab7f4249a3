//! Pass 2: normalize lines, and repair the inline Markdown that seeds carry: dead `(#)` links,
//! emphasis run into the next block (`**Security Council**Distr.`), CMS shortcodes, rules.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::header::PAGE_BREAK;

/// Splits into lines: any line ending, non-breaking and odd spaces made plain, invisible characters
/// and controls dropped, each line trimmed (indentation in a seed is layout, never Markdown).
/// Runs of three or more spaces inside a line are kept: they separate columns of a UN header.
/// A form feed (a PDF's page end) becomes a [`PAGE_BREAK`] line of its own. Where a seed marks
/// paragraphs by indenting their first line (and not by blank lines), a blank line is put
/// before each indented line, so the mark survives the trimming.
pub fn normalize_lines(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace(['\r', '\u{2028}', '\u{2029}'], "\n").replace('\u{c}', "\n\u{c}\n");
    let raw: Vec<&str> = text.split('\n').collect();
    let indents = indented_paragraphs(&raw);
    let mut out = Vec::with_capacity(raw.len());
    for (i, line) in raw.iter().enumerate() {
        if *line == PAGE_BREAK {
            out.push(PAGE_BREAK.to_string());
            continue;
        }
        let line = normalize_line(line);
        if indents && !line.is_empty() && is_indented(raw[i]) && out.last().is_some_and(|l: &String| !l.is_empty()) {
            out.push(String::new());
        }
        out.push(line);
    }
    out
}

fn is_indented(raw: &str) -> bool {
    raw.starts_with([' ', '\t', '\u{a0}']) && !raw.trim().is_empty()
}

/// Whether indented first lines mark the paragraphs: some lines (not most) are indented, few
/// blank lines separate the text, and an indented line mostly follows one that ends a sentence.
fn indented_paragraphs(raw: &[&str]) -> bool {
    let text_lines = raw.iter().filter(|l| !l.trim().is_empty()).count();
    let blank_runs = raw.windows(2).filter(|w| !w[0].trim().is_empty() && w[1].trim().is_empty()).count();
    let mut indented = 0;
    let mut after_sentence = 0;
    let mut previous: Option<&str> = None;
    for line in raw {
        if line.trim().is_empty() {
            continue;
        }
        if is_indented(line) {
            indented += 1;
            if previous.is_some_and(|p| super::blocks::ends_sentence(p.trim())) {
                after_sentence += 1;
            }
        }
        previous = Some(line);
    }
    text_lines >= 10
        && indented >= 3
        && indented * 3 <= text_lines
        && blank_runs * 2 < indented
        && after_sentence * 3 >= indented * 2
}

fn normalize_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => out.push(' '),
            '\t' => out.push_str("    "),
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.trim().to_string()
}

/// `[text](#)`, `[text]()` and script links become their text; real links stay. Escaped
/// brackets and parentheses in the text are unescaped: `[2151 \(2014\)](#)` → `2151 (2014)`.
static LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[((?:[^\[\]\\]|\\.)*)\]\(\s*((?:[^()\s]|\([^()\s]*\))*)\s*\)").expect("static regex")
});

pub fn unlink_dead_links(line: &str) -> String {
    LINK.replace_all(line, |c: &Captures| {
        let target = c[2].to_ascii_lowercase();
        let dead = target.is_empty()
            || target == "#"
            || ["javascript:", "vbscript:", "data:", "file:"].iter().any(|s| target.starts_with(s));
        if dead {
            c[1].replace("\\(", "(").replace("\\)", ")").replace("\\[", "[").replace("\\]", "]")
        } else {
            c[0].to_string()
        }
    })
    .into_owned()
}

/// WordPress-style shortcodes on a line of their own: `[display-posts taxonomy="x"]`, `[/caption]`.
static SHORTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^\[/?[a-z][a-z0-9_-]*(?:\s+[a-z_-]+=(?:"[^"]*"|'[^']*'|[^\s\]]+))*\s*/?\]$"#).expect("static regex")
});
/// Decorative separators: `* *** *`, `-----`, `___`.
static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[*_=~-][*_=~ -]{2,}$").expect("static regex"));

/// Lines that are markup of the site or the typesetter, not text.
pub fn is_markup_line(line: &str) -> bool {
    SHORTCODE.is_match(line) || SEPARATOR.is_match(line)
}

/// Where text extraction lost a line break, emphasis runs into its neighbour:
/// `**Security Council**Distr.: General` or `2020)**Adopted … 2020***The Security Council,*`.
/// A closing `*`/`**` directly followed by a capital, or an opening one directly preceded by a
/// non-space and followed by a capital, marks a lost block boundary: split there.
pub fn split_glued_emphasis(line: &str) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut cuts = Vec::new(); // char indices at which a new block starts
    let (mut strong, mut em) = (false, false);
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '*' || (i > 0 && chars[i - 1] == '\\') {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i] == '*' {
            i += 1;
        }
        let run = i - start;
        let before = start.checked_sub(1).map(|k| chars[k]);
        let after = chars.get(i).copied();
        let glued_before = before.is_some_and(|c| !c.is_whitespace() && c != '(' && c != '"' && c != '“');
        let capital_after = after.is_some_and(char::is_uppercase);
        match run {
            1 | 2 => {
                let open = if run == 2 { &mut strong } else { &mut em };
                if *open {
                    if capital_after {
                        cuts.push(i);
                    }
                } else if glued_before && capital_after {
                    cuts.push(start);
                }
                *open = !*open;
            }
            3 => {
                // `***` between two words: one emphasis closes, the other opens.
                if strong != em && glued_before && capital_after {
                    cuts.push(start + if strong { 2 } else { 1 });
                }
                // Whether it opens both, closes both, or closes one and opens the other, both toggle.
                strong = !strong;
                em = !em;
            }
            _ => {}
        }
    }
    if cuts.is_empty() {
        return vec![line.to_string()];
    }
    let mut out = Vec::new();
    let mut from = 0;
    for cut in cuts {
        out.push(chars[from..cut].iter().collect::<String>().trim().to_string());
        out.push(String::new());
        from = cut;
    }
    out.push(chars[from..].iter().collect::<String>().trim().to_string());
    out
}

/// Pass 2 as a whole: normalized lines with markup lines dropped and inline repairs made.
pub fn clean_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in normalize_lines(text) {
        if is_markup_line(&line) {
            continue;
        }
        let line = unlink_dead_links(&line);
        out.extend(split_glued_emphasis(&line));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_spaces_and_line_ends() {
        assert_eq!(normalize_lines("a\u{a0}b \r\n\u{a0}\r c\u{200b}d\t"), vec!["a b", "", "cd"]);
    }

    #[test]
    fn dead_links_become_text_and_real_links_stay() {
        assert_eq!(unlink_dead_links("the [Secretary-General](#) said"), "the Secretary-General said");
        assert_eq!(unlink_dead_links("resolution [2151 \\(2014\\)](#) on"), "resolution 2151 (2014) on");
        assert_eq!(unlink_dead_links("[x](javascript:alert)"), "x");
        assert_eq!(unlink_dead_links("a [x](JavaScript:alert(1)) b"), "a x b");
        assert_eq!(
            unlink_dead_links("[Mali](https://en.wikipedia.org/wiki/Mali_(country))"),
            "[Mali](https://en.wikipedia.org/wiki/Mali_(country))"
        );
        assert_eq!(unlink_dead_links("see [UN](https://un.org)"), "see [UN](https://un.org)");
    }

    #[test]
    fn markup_lines() {
        assert!(is_markup_line(r#"[display-posts taxonomy="category" posts_per_page="3" wrapper="ul"]"#));
        assert!(is_markup_line("* *** *"));
        assert!(!is_markup_line("[Secretary-General] said"));
        assert!(!is_markup_line("* El anexo se distribuye"));
    }

    #[test]
    fn glued_emphasis_is_split_into_blocks() {
        assert_eq!(
            split_glued_emphasis("**Security Council**Distr.: General"),
            vec!["**Security Council**", "", "Distr.: General"]
        );
        assert_eq!(
            split_glued_emphasis("Resolution 2553 (2020)**Adopted on 3 December 2020***The Security Council,*"),
            vec!["Resolution 2553 (2020)", "", "**Adopted on 3 December 2020**", "", "*The Security Council,*"]
        );
    }

    #[test]
    fn ordinary_emphasis_is_left_alone() {
        for line in ["Jerry Matthews **Matjila**", "and *further stressing* that", "*Reaffirms* the", "carta*, se"] {
            assert_eq!(split_glued_emphasis(line), vec![line.to_string()]);
        }
    }
}
