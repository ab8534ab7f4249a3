//! Which part of a page is the article. Two extractors that work differently read the page: a
//! Readability port (`dom_smoothie`), which gives the article's HTML with its structure, and
//! trafilatura's port (`rs-trafilatura`), which gives its text. A block of the first is kept
//! only where the second has it too: each alone keeps some chrome (promos, captions, a comment
//! form) that the other drops. Measured on 31 saved pages (BENCHMARKS.md): F1 0.965 and 0.971
//! alone, 0.985 together.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\w+").expect("static regex"));

/// The article, as the extractors found it.
pub(super) struct Extracted {
    /// The article's HTML (the Readability port's), links made absolute against `base`.
    pub(super) html: String,
    /// The second extractor's text, to confirm blocks of `html` by.
    pub(super) confirming_text: String,
}

/// Runs both extractors on `html`; `base` is the page's own address, if it states one.
pub(super) fn extract(html: &str, base: Option<&url::Url>) -> Result<Extracted, String> {
    let config = dom_smoothie::Config { text_mode: dom_smoothie::TextMode::Formatted, ..Default::default() };
    let readability = dom_smoothie::Readability::new(html, base.map(url::Url::as_str), Some(config))
        .and_then(|mut r| r.parse())
        .ok()
        .map(|article| article.content.to_string())
        .filter(|content| !content.trim().is_empty());
    let options = rs_trafilatura::Options {
        url: base.map(|u| u.to_string()),
        include_tables: true,
        include_links: true,
        ..Default::default()
    };
    let trafilatura = rs_trafilatura::extract_with_options(html, &options).ok();
    let confirming_text = trafilatura.as_ref().map(|r| r.content_text.clone()).unwrap_or_default();
    match readability {
        Some(html) => Ok(Extracted { html, confirming_text }),
        // The Readability port found nothing (a page of one short article): trafilatura's HTML,
        // unconfirmed.
        None => match trafilatura.and_then(|r| r.content_html).filter(|h| !h.trim().is_empty()) {
            Some(html) => Ok(Extracted { html, confirming_text: String::new() }),
            None => Err("no article found on this page: neither extractor found running text".into()),
        },
    }
}

/// Keeps the blocks of `blocks` (plain text of each) that `confirming` also has: at least half
/// of a block's runs of four words, or the whole block when it has fewer than four. Where
/// nothing would be kept, or there is nothing to confirm by, every block is kept.
pub(super) fn confirmed(blocks: &[String], confirming: &str) -> Vec<bool> {
    let words: Vec<&str> = WORD.find_iter(confirming).map(|m| m.as_str()).collect();
    if words.is_empty() {
        return vec![true; blocks.len()];
    }
    let shingles: HashSet<&[&str]> = words.windows(4).collect();
    let joined = format!(" {} ", words.join(" "));
    let keep: Vec<bool> = blocks
        .iter()
        .map(|block| {
            let tokens: Vec<&str> = WORD.find_iter(block).map(|m| m.as_str()).collect();
            match tokens.len() {
                0 => true,
                1..4 => joined.contains(&format!(" {} ", tokens.join(" "))),
                n => tokens.windows(4).filter(|w| shingles.contains(w)).count() * 2 >= n - 3,
            }
        })
        .collect();
    if keep.iter().all(|k| !k) { vec![true; blocks.len()] } else { keep }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_the_other_extractor_lacks_are_dropped() {
        let blocks = vec![
            "The Council extended the mandate of the mission for a year.".to_string(),
            "SEE MORE: ten photos of the week you must not miss".to_string(),
            "Vote".to_string(),
            "It asked for a report within ninety days.".to_string(),
        ];
        let other = "The Council extended the mandate of the mission for a year. It asked for a report within ninety days. Vote";
        assert_eq!(confirmed(&blocks, other), [true, false, true, true]);
        assert_eq!(confirmed(&blocks, ""), [true; 4], "nothing to confirm by");
        assert_eq!(confirmed(&blocks, "something else entirely here"), [true; 4], "nothing confirmed");
    }
}
