//! Pass 8: paragraphs → Markdown that is safe and says what the seed says: HTML shows as text,
//! stray emphasis markers show as asterisks, a footnote star does not become a bullet.

use std::sync::LazyLock;

use pulldown_cmark::{Event, Parser};
use regex::Regex;

use super::blocks::{Para, ParaKind};

static ENTITY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"&(#?[A-Za-z0-9]+;)").expect("static regex"));

/// Makes seed text inert: `<script>` becomes `&lt;script&gt;`, an entity written in the seed
/// stays visible as written, a backtick cannot open a code span.
pub fn escape_html(text: &str) -> String {
    let text = ENTITY.replace_all(text, "&amp;$1");
    text.replace('<', "&lt;").replace('>', "&gt;").replace('`', "\\`")
}

/// Escapes what would make a paragraph's first characters into block syntax it did not mean:
/// `* footnote` (a bullet), `# hashtag`, `1) point`, `+ x`, `= ` or `-` underlines.
fn escape_line_start(line: &str) -> String {
    static ORDERED_PAREN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d{1,9})([.)])(\s|$)").expect("static regex"));
    if let Some(c) = ORDERED_PAREN.captures(line) {
        return format!("{}\\{}{}", &c[1], &c[2], &line[c[0].len() - c[3].len()..]);
    }
    match line.chars().next() {
        // A bullet marker: the character and a space (or nothing).
        Some('*' | '+' | '-') if line.len() == 1 || line[1..].starts_with(' ') => format!("\\{line}"),
        // A setext underline.
        Some('=') if line.chars().all(|c| c == '=') => format!("\\{line}"),
        Some('#') => format!("\\{line}"),
        _ => line.to_string(),
    }
}

/// Escapes emphasis delimiters that pair with nothing (a footnote mark "carta*,"): asks the
/// Markdown parser which `*` it left as text.
pub fn escape_unpaired_emphasis(text: &str) -> String {
    let mut literal = Vec::new();
    for (event, range) in Parser::new(text).into_offset_iter() {
        if let Event::Text(_) = event {
            for (i, b) in text[range.clone()].bytes().enumerate() {
                let at = range.start + i;
                if b == b'*' && (at == 0 || text.as_bytes()[at - 1] != b'\\') {
                    literal.push(at);
                }
            }
        }
    }
    let mut out = String::with_capacity(text.len() + literal.len());
    for (i, c) in text.char_indices() {
        if literal.contains(&i) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn inline(text: &str) -> String {
    escape_unpaired_emphasis(&escape_html(text))
}

/// Writes the body. Numbered paragraphs become an ordered list; lettered sub-paragraphs are
/// indented under the numbered paragraph they follow, keeping their letters.
pub fn to_markdown(paras: &[Para]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut list_indent: Option<usize> = None;
    for p in paras {
        let text = inline(&p.joined());
        let block = match &p.kind {
            ParaKind::Heading(level) => {
                list_indent = None;
                format!("{} {}", "#".repeat(*level as usize), text)
            }
            ParaKind::Numbered(n) => {
                let marker = format!("{n}. ");
                list_indent = Some(marker.len());
                format!("{marker}{text}")
            }
            ParaKind::Lettered(label) => match list_indent {
                Some(indent) => format!("{}({label}) {text}", " ".repeat(indent)),
                None => format!("({label}) {text}"),
            },
            ParaKind::Bullet => {
                list_indent = None;
                format!("- {text}")
            }
            ParaKind::Caption { credit } => {
                list_indent = None;
                format!("*{}* (Photo: {})", text.trim_end(), inline(credit))
            }
            ParaKind::Text => {
                list_indent = None;
                p.lines.iter().map(|l| escape_line_start(&inline(l))).collect::<Vec<_>>().join("\\\n")
            }
        };
        out.push(block);
    }
    let mut body = out.join("\n\n");
    body.push('\n');
    body
}

/// Plain text of a line of seed Markdown: emphasis markers and escapes removed. HTML in the
/// seed is text, so it stays, as written.
pub fn plain(text: &str) -> String {
    let mut out = String::new();
    for event in Parser::new(text) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_inert() {
        assert_eq!(
            escape_html("<script>alert(1)</script> &amp; AT&T"),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; AT&T"
        );
        assert_eq!(escape_html("`code`"), "\\`code\\`");
    }

    #[test]
    fn stray_stars_are_escaped_and_pairs_kept() {
        assert_eq!(escape_unpaired_emphasis("en la carta*, se"), "en la carta\\*, se");
        assert_eq!(escape_unpaired_emphasis("*Reaffirms* the **Council**"), "*Reaffirms* the **Council**");
    }

    #[test]
    fn line_starts_are_not_block_syntax() {
        assert_eq!(escape_line_start("* El anexo"), "\\* El anexo");
        assert_eq!(escape_line_start("#UN75 is trending"), "\\#UN75 is trending");
        assert_eq!(escape_line_start("1) first"), "1\\) first");
        assert_eq!(escape_line_start("*Reaffirms* the"), "*Reaffirms* the");
        assert_eq!(escape_line_start("**Adopted** on"), "**Adopted** on");
        assert_eq!(escape_line_start("- note"), "\\- note");
        assert_eq!(escape_line_start("==="), "\\===");
    }

    #[test]
    fn numbered_and_lettered_paragraphs() {
        let paras = vec![
            Para { kind: ParaKind::Numbered(19), lines: vec!["*Encourages* all;".into()] },
            Para { kind: ParaKind::Numbered(20), lines: vec!["*Requests* the following:".into()] },
            Para { kind: ParaKind::Lettered("a".into()), lines: vec!["Strengthen;".into()] },
            Para::text("After."),
        ];
        assert_eq!(
            to_markdown(&paras),
            "19. *Encourages* all;\n\n20. *Requests* the following:\n\n    (a) Strengthen;\n\nAfter.\n"
        );
    }

    #[test]
    fn plain_text_of_markdown() {
        assert_eq!(plain("Jerry Matthews **Matjila**"), "Jerry Matthews Matjila");
        assert_eq!(plain("2151 \\(2014\\) *stressing*"), "2151 (2014) stressing");
        assert_eq!(plain("a <b>bold</b> claim"), "a <b>bold</b> claim");
    }
}
