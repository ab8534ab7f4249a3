//! The facts a saved page states about itself, from its own metadata: Open Graph and article
//! tags, JSON-LD (`NewsArticle`, `headline`, `datePublished`), `<link rel=canonical>`, `<html
//! lang>`. Nothing is taken from running text or a sidebar: a fact the page does not state is
//! left out.

use dom_query::Document;
use serde_json::Value;

use crate::date::Date;

#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct PageFacts {
    /// The article's headline, not the `<title>` with its " - WSJ".
    pub(super) title: Option<String>,
    pub(super) date: Option<Date>,
    pub(super) author: Option<String>,
    /// The site's name.
    pub(super) source: Option<String>,
    /// As the page declares it (`<html lang>`, `og:locale`), as a BCP 47 tag.
    pub(super) language: Option<String>,
    /// The page's canonical address (absolute http or https).
    pub(super) url: Option<String>,
    /// What links and images are relative to: `<base href>`, else the canonical address.
    pub(super) base: Option<url::Url>,
    /// The publisher's own one-line summary.
    pub(super) description: Option<String>,
}

/// JSON-LD types that describe the article itself (schema.org's Article and its kinds).
const ARTICLE_TYPES: [&str; 9] = [
    "Article",
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "BlogPosting",
    "ScholarlyArticle",
    "Report",
];

pub(super) fn facts(doc: &Document) -> PageFacts {
    let meta = |keys: &[&str]| -> Option<String> {
        keys.iter().find_map(|key| {
            let selector = format!("meta[property=\"{key}\" i], meta[name=\"{key}\" i], meta[itemprop=\"{key}\" i]");
            doc.select(&selector).iter().find_map(|m| clean(&m.attr("content")?))
        })
    };
    let article = json_ld_article(doc);
    let ld = |key: &str| article.as_ref().and_then(|a| a.get(key));

    let url = doc
        .select("link[rel~=\"canonical\" i]")
        .iter()
        .find_map(|l| absolute_http(&l.attr("href")?))
        .or_else(|| meta(&["og:url"]).and_then(|u| absolute_http(&u)))
        .or_else(|| ld("url").and_then(Value::as_str).and_then(absolute_http))
        .or_else(|| {
            ld("mainEntityOfPage")
                .and_then(|m| m.get("@id").or(Some(m)))
                .and_then(Value::as_str)
                .and_then(absolute_http)
        });
    let base = doc
        .select("base[href]")
        .iter()
        .find_map(|b| b.attr("href"))
        .and_then(|href| match &url {
            Some(u) => url::Url::parse(u).ok()?.join(&href).ok(),
            None => url::Url::parse(&href).ok(),
        })
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .or_else(|| url.as_deref().and_then(|u| url::Url::parse(u).ok()));

    let source = meta(&["og:site_name", "application-name"])
        .or_else(|| ld("publisher").and_then(name_of))
        .filter(|s| s.chars().count() <= 100);
    let headlines = [ld("headline").and_then(Value::as_str).and_then(clean), meta(&["og:title", "twitter:title"])];
    let page_title = doc.select("head title").iter().next().and_then(|t| clean(&t.text()));
    let h1s: Vec<String> = doc.select("h1").iter().filter_map(|h| clean(&h.text())).collect();
    let title = headline(&headlines, page_title.as_deref(), &h1s, source.as_deref());

    let date = meta(&["article:published_time", "og:published_time", "datePublished"])
        .or_else(|| ld("datePublished").and_then(Value::as_str).map(str::to_string))
        .or_else(|| {
            doc.select("time[itemprop=\"datePublished\" i][datetime], time[pubdate][datetime]")
                .iter()
                .find_map(|t| t.attr("datetime").map(|d| d.to_string()))
        })
        .or_else(|| {
            meta(&[
                "date",
                "pubdate",
                "publishdate",
                "publish-date",
                "dc.date.issued",
                "dc.date",
                "sailthru.date",
                "parsely-pub-date",
            ])
        })
        .and_then(|d| parse_date(&d));

    let author = ld("author")
        .and_then(name_of)
        .or_else(|| meta(&["author", "article:author", "byl", "sailthru.author", "parsely-author"]))
        .map(|a| a.trim_start_matches("By ").trim_start_matches("by ").trim().to_string())
        .filter(|a| !a.is_empty() && !a.contains("://") && a.chars().count() <= 120 && Some(a) != source.as_ref());

    let language = doc
        .select("html[lang]")
        .iter()
        .find_map(|h| h.attr("lang"))
        .and_then(|l| language_tag(&l))
        .or_else(|| meta(&["og:locale", "content-language", "language"]).and_then(|l| language_tag(&l)));
    let description = meta(&["og:description", "description", "twitter:description"])
        .or_else(|| ld("description").and_then(Value::as_str).and_then(clean));

    PageFacts { title, date, author, source, language, url, base, description }
}

/// The headline: the one the page's metadata and its `<h1>` agree on, else the metadata's, else
/// the `<title>` without the site's name ("Vote in the Council - WSJ").
fn headline(
    candidates: &[Option<String>],
    page_title: Option<&str>,
    h1s: &[String],
    site: Option<&str>,
) -> Option<String> {
    let candidates: Vec<String> =
        candidates.iter().flatten().map(|t| without_site_name(t, site)).filter(|t| !t.is_empty()).collect();
    let same = |a: &str, b: &str| fold(a) == fold(b);
    for h1 in h1s {
        if candidates.iter().any(|c| same(c, h1)) || page_title.is_some_and(|t| same(&without_site_name(t, site), h1)) {
            return Some(h1.clone());
        }
    }
    candidates.into_iter().next().or_else(|| page_title.map(|t| without_site_name(t, site)).filter(|t| !t.is_empty()))
}

/// "Vote in the Council - WSJ" → "Vote in the Council": the part after the last separator goes
/// when it is the site's name, or short enough to be one.
fn without_site_name(title: &str, site: Option<&str>) -> String {
    for separator in [" | ", " - ", " – ", " — ", " :: ", " · "] {
        if let Some((head, tail)) = title.rsplit_once(separator) {
            let is_site = site.is_some_and(|s| fold(s) == fold(tail) || fold(tail).contains(&fold(s)))
                || (tail.split_whitespace().count() <= 3
                    && tail.chars().count() <= 30
                    && head.split_whitespace().count() >= 2);
            if is_site {
                return head.trim().to_string();
            }
        }
    }
    title.trim().to_string()
}

fn fold(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The first JSON-LD object on the page that is an article (in a list or an `@graph` too).
fn json_ld_article(doc: &Document) -> Option<Value> {
    let is_article = |v: &Value| match v.get("@type") {
        Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
        Some(Value::Array(ts)) => ts.iter().any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
        _ => false,
    };
    for script in doc.select("script[type=\"application/ld+json\" i]").iter() {
        let Ok(value) = serde_json::from_str::<Value>(script.text().trim()) else { continue };
        let mut queue = vec![value];
        while let Some(v) = queue.pop() {
            match v {
                Value::Array(items) => queue.extend(items),
                Value::Object(ref map) => {
                    if is_article(&v) {
                        return Some(v);
                    }
                    if let Some(graph) = map.get("@graph") {
                        queue.push(graph.clone());
                    }
                }
                _ => {}
            }
        }
    }
    None
}

/// A JSON-LD person or organization's name: `"Jane Doe"`, `{"name": "Jane Doe"}`, or a list
/// of them (joined with "and").
fn name_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => clean(s),
        Value::Object(map) => map.get("name").and_then(Value::as_str).and_then(clean),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(name_of).collect();
            match names.len() {
                0 => None,
                1 => names.into_iter().next(),
                _ => {
                    let (last, rest) = names.split_last()?;
                    Some(format!("{} and {last}", rest.join(", ")))
                }
            }
        }
        _ => None,
    }
}

/// A text with its spaces collapsed and any entity a CMS left in it decoded (`&#039;`); none if
/// empty.
fn clean(text: &str) -> Option<String> {
    let decoded = if text.contains('&') {
        Document::fragment(format!("<p>{}</p>", text.replace('<', "&lt;"))).text().to_string()
    } else {
        text.to_string()
    };
    let collapsed = decoded.split_whitespace().collect::<Vec<_>>().join(" ");
    (!collapsed.is_empty()).then_some(collapsed)
}

fn absolute_http(text: &str) -> Option<String> {
    let url = url::Url::parse(text.trim()).ok()?;
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

/// `en`, `pt-BR` from `en`, `PT_br`, `pt-br`; none for what is not a language tag.
fn language_tag(text: &str) -> Option<String> {
    let mut parts = text.trim().split(['-', '_']);
    let primary = parts.next()?.to_ascii_lowercase();
    if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    match parts.next() {
        Some(region) if region.len() == 2 && region.bytes().all(|b| b.is_ascii_alphabetic()) => {
            Some(format!("{primary}-{}", region.to_ascii_uppercase()))
        }
        _ => Some(primary),
    }
}

/// The calendar date a timestamp was written on, in its own time zone: `2019-03-21T23:30:00-04:00`
/// is 21 March (not the 22nd, as UTC would have it). Also RFC 2822 and bare dates.
fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(Date(dt.date_naive()));
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(text) {
        return Some(Date(dt.date_naive()));
    }
    // `2019-03-21`, `2019-03-21T10:00:00` (no zone), `2019-03-21 10:00`.
    let day = text.get(..10)?;
    let rest = &text[10..];
    if rest.is_empty() || rest.starts_with(['T', ' ']) {
        return Date::parse_iso(day);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(head: &str, body: &str) -> PageFacts {
        facts(&Document::from(format!(
            "<!DOCTYPE html><html lang=\"pt-br\"><head>{head}</head><body>{body}</body></html>"
        )))
    }

    #[test]
    fn the_headline_date_author_site_and_address_come_from_the_metadata() {
        let facts = page(
            r#"<title>Council renews the mission - The Daily | World</title>
               <meta property="og:site_name" content="The Daily">
               <meta property="og:title" content="Council renews the mission">
               <meta property="article:published_time" content="2019-03-21T23:30:00-04:00">
               <link rel="canonical" href="https://daily.example/world/council">
               <script type="application/ld+json">{"@graph":[{"@type":"WebSite","name":"x"},
                 {"@type":"NewsArticle","headline":"Council renews the mission","author":[{"name":"Ana Lima"},{"name":"Jo Kim"}]}]}</script>"#,
            "<aside><time datetime=\"2001-01-01\">old</time></aside><h1>Council renews the mission</h1><p>Text.</p>",
        );
        assert_eq!(facts.title.as_deref(), Some("Council renews the mission"));
        assert_eq!(facts.date, Date::from_ymd(2019, 3, 21), "the date as written, not in UTC");
        assert_eq!(facts.author.as_deref(), Some("Ana Lima and Jo Kim"));
        assert_eq!(facts.source.as_deref(), Some("The Daily"));
        assert_eq!(facts.url.as_deref(), Some("https://daily.example/world/council"));
        assert_eq!(facts.language.as_deref(), Some("pt-BR"));
        assert_eq!(facts.base.map(|u| u.to_string()).as_deref(), Some("https://daily.example/world/council"));
    }

    #[test]
    fn a_fact_the_page_does_not_state_is_left_out() {
        let facts = page(
            "<title>Peacekeepers &#039;stretched&#039; - WSJ</title>",
            "<p>Posted 3 March 2020.</p><div class=sidebar><time datetime=\"2020-03-01\">1 March</time></div>",
        );
        assert_eq!(facts.title.as_deref(), Some("Peacekeepers 'stretched'"));
        assert_eq!((facts.date, facts.author, facts.source, facts.url), (None, None, None, None));
    }

    #[test]
    fn dates_and_language_tags_are_read_strictly() {
        assert_eq!(parse_date("Thu, 21 Mar 2019 10:00:00 +0000"), Date::from_ymd(2019, 3, 21));
        assert_eq!(parse_date("2019-03-21"), Date::from_ymd(2019, 3, 21));
        assert_eq!(parse_date("2019-03-21T10:00"), Date::from_ymd(2019, 3, 21));
        assert_eq!(parse_date("21/03/2019"), None);
        assert_eq!(parse_date("2019-03-21junk"), None);
        assert_eq!(language_tag("en_US").as_deref(), Some("en-US"));
        assert_eq!(language_tag("de").as_deref(), Some("de"));
        assert_eq!(language_tag("{{lang}}"), None);
        assert_eq!(without_site_name("Peace in our time | Reuters", None), "Peace in our time");
        assert_eq!(without_site_name("Q&A - the mission", None), "Q&A - the mission");
    }
}
