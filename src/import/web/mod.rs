//! The web route: a saved page (`Ctrl+S`, `curl -o`) → one document whose body is the article
//! and nothing else, and whose facts are what the page's own metadata states.
//!
//! 1. [`decode`]: the bytes in the encoding the page declares (or the one it is most likely in);
//! 2. the markup's nesting is measured before any extractor walks it (they recurse);
//! 3. [`meta`]: headline, date, author, site, language and canonical address, from metadata only;
//! 4. [`extract`]: the article, as two extractors agree on it, in a thread with a time limit;
//! 5. [`markdown`]: its HTML as Markdown, links absolute, images as links.

mod decode;
mod extract;
mod markdown;
mod meta;

use std::time::Duration;

use super::context::{Context, Conversion};
use super::document::{self, Document};
use super::facts;
use crate::content::Kind;

/// Deeper than any page a person reads (real pages nest a few dozen levels); an extractor walking
/// 50,000 levels overflows its stack or runs for minutes.
const MAX_DEPTH: usize = 512;
/// How long extraction may take; a page within the size and depth limits takes well under a second.
const TIME_LIMIT: Duration = Duration::from_secs(60);
/// The extractors recurse over the tree; this is room for `MAX_DEPTH` levels with a wide margin.
const STACK: usize = 64 * 1024 * 1024;
/// Fewer words than this is no article: a page of links, a login form, a consent wall.
const MIN_WORDS: usize = 8;

pub(super) fn convert(
    seed_name: &str,
    bytes: &[u8],
    seed_sha256: &str,
    _context: &Context,
) -> Result<Conversion, String> {
    let page = decode::decode(bytes);
    let facts = {
        let doc = dom_query::Document::from(page.text.as_str());
        let depth = nesting_depth(&doc);
        if depth > MAX_DEPTH {
            return Err(format!(
                "its markup nests {depth} elements deep (more than {MAX_DEPTH}): not a page as a browser saves it; \
                 save the article's text as a .txt seed instead"
            ));
        }
        meta::facts(&doc)
    };
    if !page.text.contains('<') {
        return Err("no markup: not a web page (rename it .txt to import it as text)".into());
    }
    let extracted = extract_with_limits(page.text, facts.base.clone())?;
    let blocks = markdown::blocks(&extracted.html, facts.base.as_ref())?;
    let plains: Vec<String> = blocks.iter().map(|b| markdown::plain(b)).collect();
    let mut keep = extract::confirmed(&plains, &extracted.confirming_text);
    // An image stays where the text around it stays: the other extractor reads no images.
    for i in 0..blocks.len() {
        if markdown::is_image(&blocks[i]) {
            keep[i] = keep[..i].iter().any(|k| *k) && keep[i + 1..].iter().any(|k| *k);
        }
    }
    let title_folded = facts.title.as_deref().map(fold);
    let mut body: Vec<&String> = Vec::new();
    let mut lead: Option<String> = None;
    for ((block, plain), keep) in blocks.iter().zip(&plains).zip(keep) {
        // The headline is the page's title, not its first line.
        if !keep || (body.is_empty() && Some(fold(plain)) == title_folded) {
            continue;
        }
        if lead.is_none() && !block.starts_with(['#', '>', '*', '-', '|', '[']) && plain.chars().count() >= 40 {
            lead = Some(plain.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        body.push(block);
    }
    let words: usize = body.iter().map(|b| markdown::plain(b).split_whitespace().count()).sum();
    if words < MIN_WORDS {
        return Err(format!("no article text found on this page ({words} words once its chrome is removed)"));
    }
    let mut warnings = Vec::new();
    let all_text = plains.join("\n");
    let title = match facts.title.clone() {
        Some(title) => super::title::limit(&title),
        None => {
            warnings.push("the page states no headline: titled with its first sentence".to_string());
            super::title::first_sentence_title(lead.as_deref().unwrap_or(&plains[0]))
        }
    };
    if facts.date.is_none() {
        warnings.push("the page's metadata states no publication date: `date` left out".to_string());
    }
    let detected = detect_language(&all_text);
    let language = match (facts.language.clone(), detected) {
        // A CMS declares its default language on every page, whatever the article is in.
        (Some(declared), Some((found, true))) if primary(&declared) != found => {
            warnings.push(format!(
                "the page declares the language `{declared}`, but its text is in `{found}`: `{found}` kept"
            ));
            found.to_string()
        }
        (Some(declared), _) => declared,
        (None, Some((found, _))) => found.to_string(),
        (None, None) => facts::language(&all_text).to_string(),
    };
    let dateline = lead.as_deref().and_then(facts::take_dateline);
    let summary = facts
        .description
        .clone()
        .filter(|d| is_sentence(d))
        .or_else(|| lead.as_deref().map(|l| crate::text::first_sentence(l).to_string()))
        .map(|s| crate::text::shorten(&s, 300));
    let kind = match facts::kind(&title, &[], false, lead.as_deref().unwrap_or_default()) {
        // A web page is not itself a UN resolution or letter, however it is titled.
        Kind::Resolution | Kind::Letter => Kind::News,
        kind => kind,
    };
    let doc = Document {
        title,
        date: facts.date,
        kind,
        language,
        source: facts.source.clone().or_else(|| dateline.as_ref().and_then(|d| d.source.clone())),
        place: dateline.and_then(|d| d.place),
        author: facts.author.clone(),
        symbol: None,
        meeting: None,
        summary,
        resolution: None,
        vote: None,
        sponsors: Vec::new(),
        url: facts.url.clone(),
        ocr: false,
        plain: all_text,
        body: body.iter().map(|b| b.as_str()).collect::<Vec<_>>().join("\n\n") + "\n",
    };
    Ok(Conversion { pages: document::into_pages(vec![doc], seed_name, seed_sha256), warnings, encoding: page.encoding })
}

/// A publisher's description is a summary when it is a whole sentence, not a teaser cut off.
fn is_sentence(description: &str) -> bool {
    description.chars().count() >= 40 && description.ends_with(['.', '!', '?']) && !description.ends_with("...")
}

/// Runs the extractors on their own thread, with a stack for deep pages and a time limit: an
/// import never hangs on one page. A page past the limit fails; its thread finishes on its own.
fn extract_with_limits(html: String, base: Option<url::Url>) -> Result<extract::Extracted, String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("extract".into())
        .stack_size(STACK)
        .spawn(move || {
            let result =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| extract::extract(&html, base.as_ref())));
            let _ = tx.send(result.unwrap_or_else(|_| Err("the article extractor failed on this page".into())));
        })
        .map_err(|e| format!("cannot start the article extractor: {e}"))?;
    match rx.recv_timeout(TIME_LIMIT) {
        Ok(result) => result,
        Err(_) => Err(format!("finding the article took more than {} s: gave up", TIME_LIMIT.as_secs())),
    }
}

/// How deep the page's elements nest, walked without recursion.
fn nesting_depth(doc: &dom_query::Document) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(doc.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        if depth > MAX_DEPTH {
            break;
        }
        stack.extend(node.children_it(false).filter(|c| c.is_element()).map(|c| (c, depth + 1)));
    }
    deepest
}

/// A language tag's language: `pt` of `pt-BR`.
fn primary(tag: &str) -> &str {
    tag.split('-').next().unwrap_or(tag)
}

/// The language the text is in, as ISO 639-1 where it has a code (else 639-3), and whether the
/// detector is sure of it.
fn detect_language(text: &str) -> Option<(&'static str, bool)> {
    let info = whatlang::detect(text)?;
    let code = info.lang().code();
    const TWO_LETTER: [(&str, &str); 20] = [
        ("eng", "en"),
        ("fra", "fr"),
        ("spa", "es"),
        ("por", "pt"),
        ("deu", "de"),
        ("ita", "it"),
        ("nld", "nl"),
        ("rus", "ru"),
        ("ara", "ar"),
        ("cmn", "zh"),
        ("jpn", "ja"),
        ("kor", "ko"),
        ("ind", "id"),
        ("tur", "tr"),
        ("pol", "pl"),
        ("ukr", "uk"),
        ("swe", "sv"),
        ("dan", "da"),
        ("fin", "fi"),
        ("hin", "hi"),
    ];
    let code = TWO_LETTER.iter().find(|(three, _)| *three == code).map_or(code, |(_, two)| two);
    Some((code, info.is_reliable() && text.len() >= 400))
}

fn fold(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}
