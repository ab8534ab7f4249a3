//! Markdown → HTML with pulldown-cmark: tables, footnotes, strikethrough, smart punctuation,
//! heading ids with anchor links, a table of contents and a summary.
//!
//! Entity linking plugs in through [`Annotator`]: it sees the page's running text (never text inside
//! links, code, headings or images) and says which spans become links. This module knows nothing
//! about what the spans mean.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, TextMergeStream};
use serde::Serialize;

use crate::config::Config;

/// A span of text that should become a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    pub range: Range<usize>,
    pub href: String,
    /// Tooltip and accessible description.
    pub title: String,
    /// CSS class, e.g. `entity entity-resolution`.
    pub class: String,
}

/// Where a run of text sits: the plain text of the whole block (paragraph, list item, table cell
/// or heading: emphasis and soft line breaks do not split it), where the run starts in it, and
/// which block of the page it is (`None` for text that is no block of the page's own, a heading's
/// as its anchor reads it), so that what is learnt of a block can serve its next run.
#[derive(Debug, Clone, Copy)]
pub struct Block<'a> {
    pub text: &'a str,
    pub offset: usize,
    pub index: Option<usize>,
}

impl<'a> Block<'a> {
    /// Text that is a block of its own, alone.
    pub fn alone(text: &'a str) -> Self {
        Block { text, offset: 0, index: None }
    }
}

/// Decides which spans of running text become links.
///
/// Each call gets one run of text and the block it sits in, so a mention can be quoted with its
/// whole sentence.
pub trait Annotator {
    /// Running text: annotations must be sorted, non-overlapping and on char boundaries of `text`.
    fn annotate(&mut self, text: &str, block: Block<'_>) -> Vec<Annotation>;
    /// Text that must not become a link (a link's own text, a heading) but still counts as read.
    fn note(&mut self, _text: &str, _block: Block<'_>) {}
}

/// No links added.
pub struct NoAnnotations;

impl Annotator for NoAnnotations {
    fn annotate(&mut self, _: &str, _: Block<'_>) -> Vec<Annotation> {
        Vec::new()
    }
}

/// The plain text of every block, and for each text event, which block it is in and where.
fn block_texts(events: &[Event]) -> (Vec<String>, Vec<Option<(usize, usize)>>) {
    let mut blocks: Vec<String> = Vec::new();
    let mut positions = vec![None; events.len()];
    let mut stack: Vec<usize> = Vec::new();
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell | Tag::Item) => {
                blocks.push(String::new());
                stack.push(blocks.len() - 1);
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::Item) => {
                stack.pop();
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(&b) = stack.last() {
                    positions[i] = Some((b, blocks[b].len()));
                    blocks[b].push_str(t);
                }
            }
            Event::HardBreak => {
                if let Some(&b) = stack.last() {
                    blocks[b].push('\n');
                }
            }
            _ => {}
        }
    }
    (blocks, positions)
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    pub html: String,
    /// The first paragraph, as HTML.
    pub summary_html: String,
    /// The first paragraph as plain text (not HTML: a template escapes it), for descriptions.
    pub summary_text: String,
    pub toc: Vec<TocEntry>,
    /// Links to pages of this site found in the Markdown, for the link checker.
    pub internal_links: Vec<InternalLink>,
    pub word_count: usize,
}

/// A link to a page of this site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// The site path it goes to, relative links resolved against the page's own (`/documents/a/b.md`).
    pub path: String,
    /// A relative link as the Markdown wrote it (`b.md`, `../missions/`), for the checker to quote;
    /// `None` where it wrote the path itself (most links: every page keeps its links all build long).
    relative: Option<String>,
}

impl InternalLink {
    /// The destination as the Markdown wrote it.
    pub fn written(&self) -> &str {
        self.relative.as_deref().unwrap_or(&self.path)
    }
}

/// Options for one render, derived from `site.yaml`.
#[derive(Debug, Clone)]
pub struct MarkdownOptions {
    pub trusted_html: bool,
    pub smart_punctuation: bool,
    /// Prefix for site-absolute links (`/` or `/sub/`).
    pub base_path: String,
}

impl MarkdownOptions {
    pub fn from_config(config: &Config) -> Self {
        MarkdownOptions {
            trusted_html: config.markdown.trusted_html,
            smart_punctuation: config.markdown.smart_punctuation,
            base_path: config.base_path(),
        }
    }
}

/// Renders the Markdown of the page at `page_path` (`/documents/a/`: where relative links start).
pub fn render(markdown: &str, options: &MarkdownOptions, page_path: &str, annotator: &mut dyn Annotator) -> Rendered {
    let mut parser_options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if options.smart_punctuation {
        parser_options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    // A soft line break is a space in running text: as text, it joins the lines of a hard-wrapped
    // paragraph into one run, so a name split across lines is still one mention.
    let parser = Parser::new_ext(markdown, parser_options)
        .map(|e| if matches!(e, Event::SoftBreak) { Event::Text(CowStr::Borrowed("\n")) } else { e });
    let events: Vec<Event> = TextMergeStream::new(parser).collect();
    let (blocks, positions) = block_texts(&events);

    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut ids = HashSet::new();
    let mut flat_toc = Vec::new();
    let mut internal_links = Vec::new();
    let mut word_count = 0;
    // Depth of links and images (their text is noted, not linked) and of code blocks (ignored).
    let mut no_link_depth = 0usize;
    let mut code_depth = 0usize;
    let mut summary_range: Option<Range<usize>> = None;
    let mut paragraph_start = None;

    let mut i = 0;
    while i < events.len() {
        let event = events[i].clone();
        match event {
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                // Gather the heading's events to compute its id from its text.
                let end = events[i..]
                    .iter()
                    .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                    .map_or(events.len(), |p| i + p);
                let inner = &events[i + 1..end];
                let text = plain_text(inner);
                word_count += text.split_whitespace().count();
                annotator.note(&text, Block::alone(&text));
                let id = unique_id(id.map(|s| s.to_string()).unwrap_or_else(|| heading_id(&text)), &mut ids);
                flat_toc.push(TocEntry {
                    level: level_number(level),
                    id: id.clone(),
                    title: text.clone(),
                    children: vec![],
                });
                out.push(Event::Start(Tag::Heading { level, id: Some(CowStr::from(id.clone())), classes, attrs }));
                for e in inner {
                    // A link in a heading is a link like any other: under the base path, and checked.
                    let e = match e.clone() {
                        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                            let dest = rebase_link(&dest_url, options, page_path, &mut internal_links);
                            Event::Start(Tag::Link { link_type, dest_url: CowStr::from(dest), title, id })
                        }
                        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                            let dest = rebase_link(&dest_url, options, page_path, &mut Vec::new());
                            Event::Start(Tag::Image { link_type, dest_url: CowStr::from(dest), title, id })
                        }
                        other => escape_html_event(other, options.trusted_html),
                    };
                    out.push(e);
                }
                out.push(Event::Html(CowStr::from(format!(
                    "<a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section: {}\">#</a>",
                    html_escape(&text)
                ))));
                out.push(Event::End(TagEnd::Heading(level)));
                i = end + 1;
                continue;
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                no_link_depth += 1;
                let dest = rebase_link(&dest_url, options, page_path, &mut internal_links);
                out.push(Event::Start(Tag::Link { link_type, dest_url: CowStr::from(dest), title, id }));
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                no_link_depth += 1;
                let dest = rebase_link(&dest_url, options, page_path, &mut Vec::new());
                out.push(Event::Start(Tag::Image { link_type, dest_url: CowStr::from(dest), title, id }));
            }
            Event::Start(tag @ Tag::CodeBlock(_)) => {
                code_depth += 1;
                out.push(Event::Start(tag));
            }
            Event::End(TagEnd::CodeBlock) => {
                code_depth = code_depth.saturating_sub(1);
                out.push(Event::End(TagEnd::CodeBlock));
            }
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
                no_link_depth = no_link_depth.saturating_sub(1);
                out.push(Event::End(end));
            }
            Event::Start(Tag::Paragraph) => {
                paragraph_start.get_or_insert(out.len());
                out.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph) => {
                out.push(Event::End(TagEnd::Paragraph));
                if summary_range.is_none()
                    && let Some(start) = paragraph_start
                {
                    summary_range = Some(start..out.len());
                }
            }
            Event::Text(text) => {
                word_count += text.split_whitespace().count();
                let block = match positions[i] {
                    Some((b, offset)) => Block { text: blocks[b].as_str(), offset, index: Some(b) },
                    None => Block::alone(&text),
                };
                if code_depth > 0 {
                    out.push(Event::Text(text));
                } else if no_link_depth == 0 {
                    let annotations = annotator.annotate(&text, block);
                    push_annotated(&text, annotations, &mut out);
                } else {
                    annotator.note(&text, block);
                    out.push(Event::Text(text));
                }
            }
            other => out.push(escape_html_event(other, options.trusted_html)),
        }
        i += 1;
    }

    let mut summary_html = String::new();
    let mut summary_text = String::new();
    if let Some(range) = summary_range {
        summary_text = plain_text(&out[range.clone()]).split_whitespace().collect::<Vec<_>>().join(" ");
        pulldown_cmark::html::push_html(&mut summary_html, out[range].iter().cloned());
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    // Pages keep their HTML until they render: do not keep the growth slack too.
    html.shrink_to_fit();
    Rendered { html, summary_html, summary_text, toc: nest_toc(flat_toc), internal_links, word_count }
}

/// Splits a text event into text and link events at the annotated spans.
fn push_annotated<'a>(text: &CowStr<'a>, annotations: Vec<Annotation>, out: &mut Vec<Event<'a>>) {
    if annotations.is_empty() {
        out.push(Event::Text(text.clone()));
        return;
    }
    let mut cursor = 0;
    for a in annotations {
        let valid = a.range.start >= cursor
            && a.range.end <= text.len()
            && text.is_char_boundary(a.range.start)
            && text.is_char_boundary(a.range.end);
        if !valid {
            continue;
        }
        if a.range.start > cursor {
            out.push(Event::Text(CowStr::from(text[cursor..a.range.start].to_string())));
        }
        out.push(Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url: CowStr::from(a.href),
            title: CowStr::from(a.title),
            id: CowStr::from(""),
        }));
        // pulldown-cmark's HTML writer gives links no class; wrap the text in a span that carries it.
        out.push(Event::InlineHtml(CowStr::from(format!("<span class=\"{}\">", html_escape(&a.class)))));
        out.push(Event::Text(CowStr::from(text[a.range.clone()].to_string())));
        out.push(Event::InlineHtml(CowStr::from("</span>")));
        out.push(Event::End(TagEnd::Link));
        cursor = a.range.end;
    }
    if cursor < text.len() {
        out.push(Event::Text(CowStr::from(text[cursor..].to_string())));
    }
}

/// Raw HTML from the author is shown as text unless the site trusts its authors.
fn escape_html_event(event: Event<'_>, trusted: bool) -> Event<'_> {
    match event {
        Event::Html(html) | Event::InlineHtml(html) if !trusted => Event::Text(html),
        other => other,
    }
}

/// Links within the site get the base path and are recorded for the checker. A relative link is
/// made site-absolute first, against the page's own path: the browser would resolve it so on the
/// page, but not in the feed or anywhere else the same HTML is shown.
fn rebase_link(dest: &str, options: &MarkdownOptions, page_path: &str, internal: &mut Vec<InternalLink>) -> String {
    if runs_script(dest) {
        // A link that runs code when followed (seed text is not trusted): kept as text, going nowhere.
        return "#".into();
    }
    let link = if dest.starts_with('/') && !dest.starts_with("//") {
        InternalLink { path: dest.to_string(), relative: None }
    } else if let Some(path) = resolve_relative(dest, page_path) {
        InternalLink { path, relative: Some(dest.to_string()) }
    } else {
        return dest.to_string();
    };
    let href = format!("{}{}", options.base_path.trim_end_matches('/'), link.path);
    internal.push(link);
    href
}

/// The site path a relative link on the page at `page_path` goes to; `None` for anything else: a
/// URL with a scheme, a protocol-relative one, an anchor on the page itself, or a malformed one.
fn resolve_relative(dest: &str, page_path: &str) -> Option<String> {
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") || scheme(dest).is_some() {
        return None;
    }
    let page = url::Url::parse("http://site.invalid/").ok()?.join(page_path).ok()?;
    let target = page.join(dest).ok()?;
    let mut path = target.path().to_string();
    if let Some(query) = target.query() {
        path.push('?');
        path.push_str(query);
    }
    if let Some(fragment) = target.fragment() {
        path.push('#');
        path.push_str(fragment);
    }
    Some(path)
}

/// `javascript:`, `vbscript:` and `data:` (but images) URLs.
fn runs_script(dest: &str) -> bool {
    match scheme(dest).as_deref() {
        Some("javascript" | "vbscript") => true,
        Some("data") => !dest.trim_start().to_ascii_lowercase().starts_with("data:image/"),
        _ => false,
    }
}

/// A URL's scheme as a browser reads it: lowercased, with white space and control chars inside
/// it ignored; `None` for a relative reference (`a.md`, or `notes/a:b.md`: a `/` cannot be in a
/// scheme, RFC 3986 3.1).
fn scheme(dest: &str) -> Option<String> {
    let (head, _) = dest.split_once(':')?;
    let head: String = head.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).collect();
    let mut chars = head.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| head.to_ascii_lowercase())
}

fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

fn heading_id(text: &str) -> String {
    let id = slug::slugify(text);
    if id.is_empty() { "section".to_string() } else { id }
}

fn unique_id(id: String, taken: &mut HashSet<String>) -> String {
    if taken.insert(id.clone()) {
        return id;
    }
    let mut n = 1;
    loop {
        let candidate = format!("{id}-{n}");
        if taken.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// Turns a flat list of headings into a tree by level.
fn nest_toc(flat: Vec<TocEntry>) -> Vec<TocEntry> {
    let mut root: Vec<TocEntry> = Vec::new();
    for entry in flat {
        insert_toc(&mut root, entry);
    }
    root
}

fn insert_toc(siblings: &mut Vec<TocEntry>, entry: TocEntry) {
    match siblings.last_mut() {
        Some(last) if last.level < entry.level => insert_toc(&mut last.children, entry),
        _ => siblings.push(entry),
    }
}

/// Text content of a small HTML fragment (our own summaries, a link), entities left as written,
/// whitespace collapsed.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escapes text for HTML attribute and element content.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).ok();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> MarkdownOptions {
        MarkdownOptions { trusted_html: false, smart_punctuation: true, base_path: "/sub/".into() }
    }

    /// The page the tests' Markdown is on.
    const PAGE: &str = "/documents/a/";

    #[test]
    fn links_that_would_run_script_go_nowhere() {
        for dest in
            ["javascript:alert(1)", "JavaScript:alert(1)", "java\tscript:alert(1)", " vbscript:x", "data:text/html,x"]
        {
            let r = render(&format!("[x](<{dest}>) and ![i](<{dest}>)"), &opts(), PAGE, &mut NoAnnotations);
            assert!(r.html.contains("href=\"#\""), "{dest}: {}", r.html);
            assert!(!r.html.to_lowercase().contains("script:"), "{dest}: {}", r.html);
        }
        let r = render(
            "[a](https://example.org/x) ![b](data:image/png;base64,AA==) [c](/documents/y/)",
            &opts(),
            PAGE,
            &mut NoAnnotations,
        );
        assert!(r.html.contains("href=\"https://example.org/x\""), "{}", r.html);
        assert!(r.html.contains("src=\"data:image/png;base64,AA==\""), "{}", r.html);
        assert!(r.html.contains("href=\"/sub/documents/y/\""), "{}", r.html);
    }

    #[test]
    fn headings_get_unique_ids_anchors_and_a_toc() {
        let r = render("# Intro\n\n## Part\n\n## Part\n\ntext", &opts(), PAGE, &mut NoAnnotations);
        assert!(r.html.contains("<h2 id=\"part-1\">"), "{}", r.html);
        assert!(r.html.contains("href=\"#intro\""), "{}", r.html);
        assert_eq!(r.toc.len(), 1);
        assert_eq!(r.toc[0].children.len(), 2);
    }

    #[test]
    fn raw_html_is_escaped_unless_trusted() {
        let r = render("<script>alert(1)</script>\n\nHi <b>x</b>", &opts(), PAGE, &mut NoAnnotations);
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
        let trusted = MarkdownOptions { trusted_html: true, ..opts() };
        assert!(render("<b>x</b>", &trusted, PAGE, &mut NoAnnotations).html.contains("<b>x</b>"));
    }

    #[test]
    fn site_links_follow_the_base_path() {
        let r = render("[a](/documents/x/) [b](https://e.org/)", &opts(), PAGE, &mut NoAnnotations);
        assert!(r.html.contains("href=\"/sub/documents/x/\""), "{}", r.html);
        let paths: Vec<&str> = r.internal_links.iter().map(|l| l.path.as_str()).collect();
        assert_eq!(paths, vec!["/documents/x/"]);
    }

    #[test]
    fn relative_links_start_from_the_page_and_follow_the_base_path() {
        let r = render(
            "[a](b.md) [b](../../missions/untac/#mandate) [c](./) [d](#top) [e](mailto:x@e.org) [f](//e.org/x) \
             [g](<my file.pdf>) [h](..\\c/) [i](notes/a:b.md)",
            &opts(),
            PAGE,
            &mut NoAnnotations,
        );
        let links: Vec<(&str, &str)> = r.internal_links.iter().map(|l| (l.written(), l.path.as_str())).collect();
        assert_eq!(
            links,
            vec![
                ("b.md", "/documents/a/b.md"),
                ("../../missions/untac/#mandate", "/missions/untac/#mandate"),
                ("./", "/documents/a/"),
                ("my file.pdf", "/documents/a/my%20file.pdf"),
                ("..\\c/", "/documents/c/"),
                ("notes/a:b.md", "/documents/a/notes/a:b.md"),
            ]
        );
        assert!(r.html.contains("href=\"/sub/missions/untac/#mandate\""), "{}", r.html);
        assert!(r.html.contains("href=\"/sub/documents/a/\""), "{}", r.html);
        for kept in ["#top", "mailto:x@e.org", "//e.org/x"] {
            assert!(r.html.contains(&format!("href=\"{kept}\"")), "{kept}: {}", r.html);
        }
    }

    #[test]
    fn summary_is_the_first_paragraph() {
        let r = render("# T\n\nFirst *para*.\n\nSecond.", &opts(), PAGE, &mut NoAnnotations);
        assert_eq!(r.summary_html.trim(), "<p>First <em>para</em>.</p>");
    }

    struct LinkWord(&'static str);
    impl Annotator for LinkWord {
        fn annotate(&mut self, text: &str, _: Block<'_>) -> Vec<Annotation> {
            text.match_indices(self.0)
                .map(|(i, w)| Annotation {
                    range: i..i + w.len(),
                    href: "/x/".into(),
                    title: "X".into(),
                    class: "entity".into(),
                })
                .collect()
        }
    }

    #[test]
    fn annotations_skip_links_code_and_headings() {
        let md = "# Guterres\n\nGuterres said. [Guterres](/a/) `Guterres`\n\n```\nGuterres\n```\n";
        let r = render(md, &opts(), PAGE, &mut LinkWord("Guterres"));
        assert_eq!(r.html.matches("href=\"/x/\"").count(), 1, "{}", r.html);
    }
}
