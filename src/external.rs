//! `check --external`: whether the links that leave the handbook still lead somewhere. A few
//! requests at a time, each with a short timeout, and a cache (`.handbook-cache/external-links.json`)
//! so a second check within a day asks again only about links that failed.
//!
//! The UN's hosts need reading: digitallibrary.un.org answers robots with `202` and
//! `x-amzn-waf-action: challenge` (the link cannot be verified, which is not a broken link), and
//! documents.un.org answers `200` with an empty body for a symbol it has not published.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// Where the cache lives, under the site root.
pub const CACHE_FILE: &str = ".handbook-cache/external-links.json";
const TIMEOUT: Duration = Duration::from_secs(10);
const CONCURRENCY: usize = 4;
/// How long an answer is trusted: a good link for a day; one that could not be verified for an
/// hour; a broken one is always asked again.
const FRESH_OK: u64 = 24 * 3600;
const FRESH_UNVERIFIABLE: u64 = 3600;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    Ok,
    /// The host would not say (a bot challenge, a timeout): not counted as broken.
    Unverifiable {
        why: String,
    },
    /// documents.un.org has no text under this symbol yet.
    NotPublished,
    Broken {
        why: String,
    },
}

/// What a host answered, reduced to what [`classify`] reads.
pub struct Answer<'a> {
    pub status: u16,
    pub waf_action: Option<&'a str>,
    pub body_len: usize,
}

/// What an answer means for a link to `url`.
pub fn classify(url: &str, answer: &Answer) -> Outcome {
    let host = url::Url::parse(url).ok().and_then(|u| u.host_str().map(str::to_ascii_lowercase)).unwrap_or_default();
    if host == "digitallibrary.un.org" && answer.status == 202 && answer.waf_action == Some("challenge") {
        return Outcome::Unverifiable {
            why: "digitallibrary.un.org answers automated requests with a challenge".into(),
        };
    }
    if host == "documents.un.org" && answer.status == 200 && answer.body_len == 0 {
        return Outcome::NotPublished;
    }
    match answer.status {
        200..=299 => Outcome::Ok,
        429 => Outcome::Unverifiable { why: "too many requests (429)".into() },
        s => Outcome::Broken { why: format!("HTTP {s}") },
    }
}

#[derive(Default, Serialize, Deserialize)]
struct Cache {
    links: BTreeMap<String, Cached>,
}

#[derive(Clone, Serialize, Deserialize)]
struct Cached {
    #[serde(flatten)]
    outcome: Outcome,
    /// Seconds since 1970.
    checked: u64,
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

impl Cached {
    fn fresh(&self, now: u64) -> bool {
        let age = now.saturating_sub(self.checked);
        match self.outcome {
            Outcome::Ok | Outcome::NotPublished => age < FRESH_OK,
            Outcome::Unverifiable { .. } => age < FRESH_UNVERIFIABLE,
            Outcome::Broken { .. } => false,
        }
    }
}

/// One external link and the first output file that has it.
#[derive(Debug, Clone)]
pub struct Link {
    pub url: String,
    pub found_in: String,
}

/// Checks every link (asking only about those the cache does not know), saves the cache, and
/// returns each link's outcome in the order given.
pub fn check(root: &Path, links: &[Link]) -> Vec<(Link, Outcome)> {
    let cache_path: PathBuf = root.join(CACHE_FILE);
    let mut cache: Cache =
        std::fs::read(&cache_path).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
    let now = now();
    let todo: Vec<&Link> = links.iter().filter(|l| !cache.links.get(&l.url).is_some_and(|c| c.fresh(now))).collect();
    tracing::info!("checking {} external links ({} known from the cache)", todo.len(), links.len() - todo.len());
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .max_redirects(5)
        .user_agent(concat!("handbook/", env!("CARGO_PKG_VERSION"), " (link check)"))
        .build()
        .into();
    let queue = Mutex::new(todo.into_iter());
    let answers = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..CONCURRENCY {
            scope.spawn(|| {
                loop {
                    let Some(link) = queue.lock().ok().and_then(|mut q| q.next()) else { return };
                    let outcome = ask(&agent, &link.url);
                    if let Ok(mut a) = answers.lock() {
                        a.push((link.url.clone(), outcome));
                    }
                }
            });
        }
    });
    for (url, outcome) in answers.into_inner().unwrap_or_default() {
        cache.links.insert(url, Cached { outcome, checked: now });
    }
    let saved = cache_path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&cache_path, serde_json::to_vec_pretty(&cache).unwrap_or_default()));
    if let Err(e) = saved {
        tracing::warn!("cannot save {}: {e}", cache_path.display());
    }
    links
        .iter()
        .map(|l| {
            let outcome = cache.links.get(&l.url).map(|c| c.outcome.clone());
            (l.clone(), outcome.unwrap_or(Outcome::Unverifiable { why: "not checked".into() }))
        })
        .collect()
}

fn ask(agent: &ureq::Agent, url: &str) -> Outcome {
    match agent.get(url).call() {
        Ok(mut res) => {
            let status = res.status().as_u16();
            let waf = res.headers().get("x-amzn-waf-action").and_then(|v| v.to_str().ok()).map(str::to_string);
            // Enough of the body to tell an empty page from a document.
            let body_len = res.body_mut().with_config().limit(64 * 1024).read_to_vec().map_or(0, |b| b.len());
            classify(url, &Answer { status, waf_action: waf.as_deref(), body_len })
        }
        Err(ureq::Error::Timeout(_)) => Outcome::Unverifiable { why: format!("no answer within {TIMEOUT:?}") },
        Err(e) => Outcome::Broken { why: e.to_string() },
    }
}

/// Every `http(s)` link in a page's HTML (`href` and `src`), entities undone.
pub fn links_in(html: &str) -> impl Iterator<Item = String> + '_ {
    static LINK: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r#"(?:href|src)="(https?://[^"\s]+)""#).expect("static regex"));
    LINK.captures_iter(html).map(|c| c[1].replace("&amp;", "&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, waf: Option<&str>, body_len: usize) -> Answer<'_> {
        Answer { status, waf_action: waf, body_len }
    }

    #[test]
    fn the_un_hosts_quirks_are_read_for_what_they_mean() {
        let library = "https://digitallibrary.un.org/record/3894345";
        assert!(matches!(classify(library, &answer(202, Some("challenge"), 0)), Outcome::Unverifiable { .. }));
        assert_eq!(classify(library, &answer(200, None, 5000)), Outcome::Ok);
        // A 202 without the challenge header is an answer like any other.
        assert_eq!(classify("https://example.org/", &answer(202, None, 10)), Outcome::Ok);
        let documents = "https://documents.un.org/api/symbol/access?s=S/2099/1&l=en&t=pdf";
        assert_eq!(classify(documents, &answer(200, None, 0)), Outcome::NotPublished);
        assert_eq!(classify(documents, &answer(200, None, 120_000)), Outcome::Ok);
        // Elsewhere an empty 200 is fine, and a 404 is broken everywhere.
        assert_eq!(classify("https://example.org/", &answer(200, None, 0)), Outcome::Ok);
        assert!(matches!(classify(documents, &answer(404, None, 0)), Outcome::Broken { .. }));
    }

    #[test]
    fn the_cache_trusts_good_answers_for_a_day_and_never_a_broken_one() {
        let at = |outcome, checked| Cached { outcome, checked };
        assert!(at(Outcome::Ok, 1_000).fresh(1_000 + 3600));
        assert!(!at(Outcome::Ok, 1_000).fresh(1_000 + FRESH_OK));
        assert!(!at(Outcome::Unverifiable { why: String::new() }, 1_000).fresh(1_000 + 2 * 3600));
        assert!(!at(Outcome::Broken { why: String::new() }, 1_000).fresh(1_000));
        let json = serde_json::to_string(&at(Outcome::NotPublished, 5)).unwrap();
        assert_eq!(json, r#"{"outcome":"not_published","checked":5}"#);
    }

    #[test]
    fn links_are_read_from_href_and_src_with_entities_undone() {
        let html =
            r#"<a href="https://a.org/x?y=1&amp;z=2">a</a> <img src="http://b.org/i.png"> <a href="/local/">l</a>"#;
        assert_eq!(links_in(html).collect::<Vec<_>>(), ["https://a.org/x?y=1&z=2", "http://b.org/i.png"]);
    }
}
