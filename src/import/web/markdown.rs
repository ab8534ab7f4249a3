//! The article's HTML as the handbook's Markdown (by `htmd`): headings under the page's title,
//! lists, block quotes, tables and links kept, links absolute against the page's own address.
//! Nothing is fetched: an image becomes a link to its original address, named by its alt text.

use std::sync::LazyLock;

use dom_query::Document;
use regex::Regex;

/// Elements that are never article text, whatever an extractor kept.
const NOT_TEXT: &str = "script, style, noscript, template, iframe, object, embed, form, button, input, select, \
                        textarea, svg, canvas, video, audio, nav";

/// The article's Markdown, one block (paragraph, heading, list, quote, table) an item.
pub(super) fn blocks(html: &str, base: Option<&url::Url>) -> Result<Vec<String>, String> {
    let prepared = prepare(html, base);
    let converter = htmd::HtmlToMarkdown::builder().skip_tags(vec!["head"]).build();
    let markdown = converter.convert(&prepared).map_err(|e| format!("cannot convert the article to Markdown: {e}"))?;
    Ok(split_blocks(&markdown))
}

/// Links absolute (or unlinked, where the page gives no address to resolve them against, or they
/// would run script), images as links, and what is never text removed.
fn prepare(html: &str, base: Option<&url::Url>) -> String {
    let doc = Document::fragment(html);
    doc.select(NOT_TEXT).remove();
    // Each element is replaced by new markup, one at a time and found again after each change
    // (dom_query 0.24's in-place edits, and its node lists after an edit, can lose neighbours).
    // What is done carries `data-done`, which the Markdown does not keep.
    while let Some(link) = doc.select("a:not([data-done])").nodes().first().cloned() {
        let inner = link.inner_html();
        match link.attr("href").and_then(|href| resolve(href.as_ref(), base)) {
            Some(url) => link.replace_with_html(format!("<a data-done href=\"{}\">{inner}</a>", escape(&url))),
            None => link.replace_with_html(format!("<span>{inner}</span>")),
        }
    }
    while let Some(image) = doc.select("img").nodes().first().cloned() {
        match image.attr("src").and_then(|src| resolve(src.as_ref(), base)) {
            Some(url) => {
                let alt =
                    image.attr("alt").map(|a| a.split_whitespace().collect::<Vec<_>>().join(" ")).unwrap_or_default();
                let name = if alt.is_empty() { "Image".to_string() } else { format!("Image: {alt}") };
                image.replace_with_html(format!("<a data-done href=\"{}\">{}</a>", escape(&url), escape(&name)));
            }
            None => image.replace_with_html("<span></span>"),
        }
    }
    // The page's title is the page's `#`: the article's own headings sit under it.
    while let Some(heading) = doc.select("h1").nodes().first().cloned() {
        let inner = heading.inner_html();
        heading.replace_with_html(format!("<h2>{inner}</h2>"));
    }
    let html = doc.html().to_string();
    // htmd drops a space that opens an inline element (`by<a> Karl</a>` → "byKarl"): move it out.
    static LEADING_SPACE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(<(?:a|em|strong|b|i|span|cite|q|small|sup|sub|u)(?:\s[^>]*)?>)(\s+)").expect("static regex")
    });
    LEADING_SPACE.replace_all(&html, "$2$1").into_owned()
}

/// `href` made absolute against `base`; none for a link that cannot be (relative with no base),
/// or that would leave the page for script or data.
fn resolve(href: &str, base: Option<&url::Url>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let url = match url::Url::parse(href) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => base?.join(href).ok()?,
        Err(_) => return None,
    };
    matches!(url.scheme(), "http" | "https" | "mailto").then(|| url.to_string())
}

fn escape(text: &str) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// Markdown split at blank lines, outside fenced code; each block trimmed, empty ones dropped.
fn split_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut fenced = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        if line.trim().is_empty() && !fenced {
            if !current.trim().is_empty() {
                blocks.push(current.trim_end().to_string());
            }
            current.clear();
        } else {
            current.push_str(line.trim_end());
            current.push('\n');
        }
    }
    if !current.trim().is_empty() {
        blocks.push(current.trim_end().to_string());
    }
    blocks
}

/// Whether a block is images alone (`[Image: …](…)`, as [`prepare`] makes them).
pub(super) fn is_image(block: &str) -> bool {
    block.starts_with("[Image")
        && block.split_whitespace().all(|w| !w.is_empty())
        && plain(block).trim_start().starts_with("Image")
        && block.matches("](").count() == block.matches("[Image").count()
}

/// A block's words without Markdown's marks and link targets: what a reader reads of it.
pub(super) fn plain(block: &str) -> String {
    static LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\]\([^)]*\)").expect("static regex"));
    let text = LINK.replace_all(block, "]");
    text.chars().filter(|c| !matches!(c, '*' | '_' | '#' | '[' | ']' | '>' | '|' | '`' | '\\')).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_absolute_images_are_links_and_headings_sit_under_the_title() {
        let base = url::Url::parse("https://news.example/world/story.html").ok();
        let html = r#"<div><h1>Inside</h1><p>Read <a href="../report.pdf" onclick="x()"> the report</a>,
            <a href="javascript:alert(1)">not this</a> and <a href="/a">this</a>.</p>
            <p><img src="/img/map.png" alt="A map of the
            region"><img src="data:image/png;base64,AAAA"></p><script>track()</script>
            <blockquote><p>Quoted.</p></blockquote><ul><li>One</li><li>Two</li></ul></div>"#;
        let blocks = blocks(html, base.as_ref()).unwrap();
        assert_eq!(
            blocks,
            [
                "## Inside",
                "Read [the report](https://news.example/report.pdf), not this and [this](https://news.example/a).",
                "[Image: A map of the region](https://news.example/img/map.png)",
                "> Quoted.",
                "*   One\n*   Two",
            ]
        );
        let no_base = blocks_of("<p>See <a href=\"/a\">this</a> and <a href=\"https://un.org/\">that</a>.</p>");
        assert_eq!(no_base, ["See this and [that](https://un.org/)."]);
        assert_eq!(plain("Read [the report](https://x/y) **now**"), "Read the report now");
    }

    fn blocks_of(html: &str) -> Vec<String> {
        blocks(html, None).unwrap()
    }
}
