//! Search as a visitor uses it: headless Chromium types into `/search/` of the repository's own
//! handbook, built for a sub-path and served by a real static server, and reads the results; and
//! in `serve`, a word added to a page is found through the same page.

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator, key::Key};

use crate::browser::{browser, browser_available};
use crate::common::{Server, TestSite};
use crate::publish::{python, repository_site, serve_sub_path_build};

/// Types `query` into the search box (replacing what is there) and waits for the status line to
/// report a result; returns (status, result URLs in order).
async fn search(client: &Client, query: &str) -> (String, Vec<String>) {
    try_search(client, query).await.unwrap_or_else(|e| panic!("searching {query:?}: {e}"))
}

/// [`search`], failing (not panicking) when the page goes away meanwhile (`serve` reloads it).
async fn try_search(client: &Client, query: &str) -> Result<(String, Vec<String>), fantoccini::error::CmdError> {
    let input = client.find(Locator::Css("#search_query")).await?;
    input.clear().await?;
    input.send_keys(query).await?;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let state = client
            .execute(
                "const s = document.querySelector('#search_status').textContent; \
                 return [s, Array.from(document.querySelectorAll('#search_results h2 a'), a => a.getAttribute('href'))];",
                vec![],
            )
            .await?;
        let (status, urls): (String, Vec<String>) = serde_json::from_value(state).unwrap_or_default();
        let quoted = format!("“{}”", query.trim());
        let done = status.contains(&quoted) && (status.starts_with("No page") || !urls.is_empty());
        if done {
            return Ok((status, urls));
        }
        assert!(Instant::now() < deadline, "no results for {query:?}; status: {status:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_finds_names_numbers_symbols_and_phrases_on_a_sub_path_site() {
    if !browser_available() || !python() {
        return;
    }
    let site = repository_site();
    let (_server, origin) = serve_sub_path_build(site.path());
    let (_driver, _profile, client) = browser().await;
    client.goto(&format!("{origin}/sub/search/")).await.expect("open the search page");

    // (query, the first result's path, under /sub/)
    let cases = [
        ("2553", "/sub/resolutions/2553-2020/"),
        ("resolution 2553", "/sub/resolutions/2553-2020/"),
        ("S/RES/2553", "/sub/resolutions/2553-2020/"),
        ("S/PRST/2007/3", "/sub/documents/resolution-2553-2020/"),
        ("S/2020/1158", "/sub/documents/carta-de-fecha-3-de-diciembre-de-2020-dirigida-al-secretario-general-y-a-los/"),
        ("security sector reform", "/sub/documents/resolution-2553-2020/"),
        ("Antonio Guterres", "/sub/officials/antonio-guterres/"),
        ("Jose Ramos-Horta", "/sub/officials/jose-ramos-horta/"),
        ("MINUSCA", "/sub/missions/minusca/"),
    ];
    let mut wrong = Vec::new();
    for (query, first) in cases {
        let (status, urls) = search(&client, query).await;
        if urls.first().map(String::as_str) != Some(first) {
            wrong.push(format!("{query:?}: expected {first} first; got {:?} ({status})", &urls[..urls.len().min(4)]));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    // Each result says what it is and when, and marks the match in its excerpt.
    let (_, urls) = search(&client, "Guterres").await;
    assert!(urls.len() > 2, "{urls:?}");
    let deadline = Instant::now() + Duration::from_secs(20);
    let marks = loop {
        let marks = client
            .execute(
                "return Array.from(document.querySelectorAll('#search_results mark'), m => m.textContent);",
                vec![],
            )
            .await
            .expect("marks");
        let marks: Vec<String> = serde_json::from_value(marks).expect("texts");
        if !marks.is_empty() || Instant::now() > deadline {
            break marks;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(marks.iter().any(|m| m == "Guterres"), "{marks:?}");
    let facts =
        client.find(Locator::Css("#search_results .result-meta")).await.expect("facts").text().await.expect("text");
    assert!(!facts.is_empty(), "a kind and a date: {facts:?}");

    // Filters narrow: only documents.
    let select = client.find(Locator::Css("select[data-facet=type]")).await.expect("the type filter");
    select.select_by_value("Document").await.expect("choose Document");
    let (status, documents) = search(&client, "Guterres").await;
    assert!(!documents.is_empty() && documents.len() < urls.len(), "{status}: {documents:?} of {urls:?}");
    assert!(documents.iter().all(|u| u.starts_with("/sub/documents/")), "{documents:?}");
    select.select_by_value("").await.expect("any type");

    // Nothing matches: said plainly.
    let (status, urls) = search(&client, "zzxqjv").await;
    assert!(urls.is_empty() && status.starts_with("No page matches"), "{status}");

    // The keyboard: ↓ from the box to the first result, Enter opens it.
    let (_, urls) = search(&client, "Ramos-Horta").await;
    let input = client.find(Locator::Css("#search_query")).await.expect("box");
    input.send_keys(&Key::Down.to_string()).await.expect("down");
    let focused = client.execute("return document.activeElement.getAttribute('href');", vec![]).await.expect("focus");
    assert_eq!(focused.as_str(), urls.first().map(String::as_str));
    client.active_element().await.expect("focused").send_keys(&Key::Enter.to_string()).await.expect("enter");
    let deadline = Instant::now() + Duration::from_secs(10);
    while client.current_url().await.expect("url").path() != urls[0] {
        assert!(Instant::now() < deadline, "Enter did not open {}", urls[0]);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // A query in the address opens with its results (the header's search box on every page
    // sends one).
    client.goto(&format!("{origin}/sub/search/?q=UNTAC")).await.expect("open with a query");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let status = client.find(Locator::Css("#search_status")).await.expect("status").text().await.expect("text");
        if status.contains("“UNTAC”") {
            break;
        }
        assert!(Instant::now() < deadline, "no results from ?q=: {status:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    client.close().await.expect("close the browser");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_serve_a_word_added_to_a_page_is_found_through_the_search_page() {
    if !browser_available() {
        return;
    }
    let site = TestSite::with_default_theme();
    site.page("documents/live.md", "title: Live\ndate: 2020-01-01", "Before the edit.\n");
    let server = Server::start(&site);
    let (_driver, _profile, client) = browser().await;
    client.goto(&format!("{}search/", server.base)).await.expect("open the search page");
    let (status, _) = search(&client, "quokkaland").await;
    assert!(status.starts_with("No page matches"), "{status}");

    site.page("documents/live.md", "title: Live\ndate: 2020-01-01", "After the edit, quokkaland.\n");
    let saved = Instant::now();
    let deadline = saved + Duration::from_secs(20);
    let found = loop {
        // The edit reloads the open page; search again until the new word is found.
        tokio::time::sleep(Duration::from_millis(100)).await;
        let urls = match try_search(&client, "quokkaland").await {
            Ok((_, urls)) => urls,
            Err(_) => Vec::new(),
        };
        if !urls.is_empty() || Instant::now() > deadline {
            break urls;
        }
    };
    eprintln!("serve: the new word was found {:.0?} after the save", saved.elapsed());
    client.close().await.expect("close the browser");
    assert_eq!(found, vec!["/documents/live/".to_string()]);
}
