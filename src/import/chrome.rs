//! Pass 6: strip the site chrome a web page drags along — a banner, "Related articles" blocks,
//! comment and subscribe widgets, the author's bio — keeping what it tells us (the author, the
//! publisher) and turning photo captions into captions.

use std::sync::LazyLock;

use regex::Regex;

use super::blocks::{Para, ParaKind};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chrome {
    /// From an author bio ("Dulcie Leimbach is a co-founder …").
    pub author: Option<String>,
    /// From a subscribe widget ("Subscribe to PassBlue").
    pub source: Option<String>,
    /// How many paragraphs were dropped.
    pub dropped: usize,
}

/// A promotional line above the headline: ends in an arrow, or opens with a label in capitals.
static BANNER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:[→»›]\s*$|^\p{Lu}[\p{Lu} ]{3,}\s+[-–—|:]\s+\S)").expect("static regex"));
static RELATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:.{0,40}\s)?(?:related|more|recommended|further) (?:articles|posts|stories|reading|content|coverage)\s*:?$")
        .expect("static regex")
});
/// The first line of what follows an article on a web page.
static TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^(?:we (?:welcome|would love|invite) your (?:comments|thoughts)",
        r"|(?:leave|post|add) a (?:comment|reply)|please comment|notify of$|inline feedbacks|view all comments",
        r"|this site uses akismet|subscribe (?:to|now)\b|sign up for (?:our|the) newsletter",
        r"|share this (?:article|story|post)|related posts\s*:?$|about the author\s*:?$",
        r"|for information media\b)"
    ))
    .expect("static regex")
});
static BIO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\p{Lu}[\p{L}'’.-]+(?: \p{Lu}[\p{L}'’.-]+){1,3}) (?:is|was) (?:a|an|the) ").expect("static regex")
});
static SUBSCRIBE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:subscribe to)(?: (?i:the))? (\p{Lu}[\p{L}\d.&' -]{1,40}?)[.!]?$").expect("static regex")
});
/// "By Jane Doe", "By Jane Doe, Reuters".
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:by)\s+(\p{Lu}[\p{L}'’.-]+(?: (?:\p{Lu}[\p{L}'’.-]+|de|van|von|da|al-)){1,4})(?:,.*)?$")
        .expect("static regex")
});
/// A photo credit ending a caption: "MARK GARTEN/UN PHOTO", "UN Photo/Eskinder Debebe",
/// "(Photo: Jane Doe/AFP)".
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\s(\(?(?:photo|credit|photograph)s?:\s*[^()]+\)?",
        r"|(?:\p{Lu}[\p{Lu}.'-]*\s){0,3}\p{Lu}[\p{Lu}.'-]*\s?/\s?[\p{Lu} ]*PHOTO",
        r"|UN Photo/[\p{L} .'-]+)\.?$"
    ))
    .expect("static regex")
});

/// Strips chrome from `paras` in place and reports what it learned.
pub fn strip(paras: &mut Vec<Para>) -> Chrome {
    let mut chrome = Chrome::default();
    let before = paras.len();

    // Navigation copied above a headline ("Skip to main content", the site's name, "Search",
    // a section name): short lines without a full stop, then the `#` headline.
    if let Some(h) = paras.iter().take(8).position(|p| p.kind == ParaKind::Heading(1)).filter(|&h| h > 0) {
        let navigation = |p: &Para| {
            p.kind == ParaKind::Text
                && p.lines.len() == 1
                && p.lines[0].chars().count() <= 60
                && !p.lines[0].trim_end().ends_with(['.', '!', '?', ':', '"', '”'])
        };
        if paras[..h].iter().all(navigation) {
            paras.drain(..h);
        }
    }
    if paras.len() > 1
        && paras[0].kind == ParaKind::Text
        && paras[0].lines.len() == 1
        && BANNER.is_match(&paras[0].lines[0])
    {
        paras.remove(0);
    }
    paras.retain(|p| !RELATED.is_match(&p.lines[0]));

    // The tail: everything from the first widget on, provided some article precedes it.
    if let Some(t) = paras.iter().position(|p| TAIL.is_match(&p.lines[0])).filter(|&t| t >= 2) {
        for p in paras.drain(t..) {
            let text = p.joined();
            if let Some(c) = BIO.captures(&text) {
                chrome.author.get_or_insert_with(|| c[1].to_string());
            }
            for line in &p.lines {
                if let Some(c) = SUBSCRIBE.captures(line) {
                    chrome.source.get_or_insert_with(|| c[1].trim().to_string());
                }
            }
        }
    }

    // A byline near the top.
    if let Some(i) = paras.iter().take(4).position(|p| p.lines.len() == 1 && BYLINE.is_match(&p.lines[0])) {
        let p = paras.remove(i);
        chrome.author = BYLINE.captures(&p.lines[0]).map(|c| c[1].to_string()).or(chrome.author);
    }

    for p in paras.iter_mut() {
        if p.kind != ParaKind::Text || p.lines.len() != 1 {
            continue;
        }
        if let Some(c) = CREDIT.captures(&p.lines[0]) {
            let m = c.get(1).expect("group 1");
            let caption = p.lines[0][..m.start()].trim_end().to_string();
            if caption.chars().count() >= 20 {
                let credit = m.as_str().trim_start_matches('(').trim_end_matches(['.', ')']).to_string();
                let credit = credit.split_once(':').map(|(_, c)| c.trim().to_string()).unwrap_or(credit);
                *p = Para { kind: ParaKind::Caption { credit }, lines: vec![caption] };
            }
        }
    }
    chrome.dropped = before - paras.len();
    chrome
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(texts: &[&str]) -> Vec<Para> {
        texts.iter().map(|t| Para::text(*t)).collect()
    }

    #[test]
    fn banner_related_and_tail_go_with_what_they_say() {
        let mut p = paras(&[
            "SMALL STATES - Check out our new series →",
            "Headline",
            "Body one.",
            "Site Related Articles",
            "Body two.",
            "We welcome your comments on this article.",
            "Jane Q. Doe is a reporter for the Gazette.",
            "Subscribe to The Gazette",
            "Don't miss a story",
        ]);
        let chrome = strip(&mut p);
        assert_eq!(p, paras(&["Headline", "Body one.", "Body two."]));
        assert_eq!(chrome.author.as_deref(), Some("Jane Q. Doe"));
        assert_eq!(chrome.source.as_deref(), Some("Gazette"));
        assert_eq!(chrome.dropped, 6);
    }

    #[test]
    fn navigation_above_a_headline_goes() {
        let mut ps = paras(&["Skip to main content", "UN News", "Search", "Peace and Security"]);
        ps.push(Para { kind: ParaKind::Heading(1), lines: vec!["Council extends the mission".into()] });
        ps.extend(paras(&["20 September 2017 – The Council met today.", "More text follows here."]));
        strip(&mut ps);
        assert_eq!(ps[0].lines[0], "Council extends the mission");
        assert_eq!(ps.len(), 3);

        // A real sentence above the headline is not navigation: nothing is dropped.
        let mut ps = paras(&["The Council met today."]);
        ps.push(Para { kind: ParaKind::Heading(1), lines: vec!["Council extends the mission".into()] });
        strip(&mut ps);
        assert_eq!(ps.len(), 2);
    }

    #[test]
    fn a_widget_phrase_at_the_top_is_not_a_tail() {
        let mut p = paras(&["Subscribe to the Gazette", "Body."]);
        strip(&mut p);
        assert_eq!(p.len(), 2);
    }

    #[test]
    fn bylines_and_captions() {
        let mut p = paras(&[
            "Title",
            "By Jane Doe, Geneva",
            "António Guterres at a meeting on 30 May 2017. MARK GARTEN/UN PHOTO",
            "Peacekeepers on patrol near the border. UN Photo/Eskinder Debebe",
            "Body.",
        ]);
        let chrome = strip(&mut p);
        assert_eq!(chrome.author.as_deref(), Some("Jane Doe"));
        assert_eq!(p[1].kind, ParaKind::Caption { credit: "MARK GARTEN/UN PHOTO".into() });
        assert_eq!(p[1].lines, vec!["António Guterres at a meeting on 30 May 2017."]);
        assert_eq!(p[2].kind, ParaKind::Caption { credit: "UN Photo/Eskinder Debebe".into() });
        assert_eq!(p[3].kind, ParaKind::Text);
    }
}
