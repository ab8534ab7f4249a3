//! The theme in a real browser, headless Chromium (Debian's `chromium` + `chromium-driver`): live
//! reload (the test edits a page's source, and the open page shows the new text without the test
//! reloading it), a stylesheet edit restyling the open page in place, a cross-link's preview
//! reached from the keyboard and dismissed with Escape, and the sortable tables of the lists.
//!
//! Where Chromium is missing this test says so loudly and passes; with `CI` set it must run.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Killed, Server, TestSite, free_port};
use fantoccini::{ClientBuilder, Locator};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

pub(crate) fn browser_available() -> bool {
    let present = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if !present {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the browser test: install chromium and chromium-driver (.ci/run does)"
        );
        eprintln!(
            "\n*** SKIPPED: {CHROMIUM} or {CHROMEDRIVER} is missing: apt-get install chromium chromium-driver ***\n"
        );
    }
    present
}

fn start_chromedriver() -> (Killed, String) {
    let port = free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .arg("--allowed-ips=127.0.0.1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    (Killed(child), url)
}

fn capabilities(profile: &Path) -> serde_json::Map<String, serde_json::Value> {
    let args = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];
    let mut args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    let mut caps = serde_json::Map::new();
    caps.insert("goog:chromeOptions".into(), serde_json::json!({ "binary": CHROMIUM, "args": args }));
    caps
}

/// A browser session: the driver (stopped when dropped), its profile folder, the client.
pub(crate) async fn browser() -> (Killed, tempfile::TempDir, fantoccini::Client) {
    let (driver, driver_url) = start_chromedriver();
    let profile = tempfile::tempdir().expect("profile dir");
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities(profile.path()))
        .connect(&driver_url)
        .await
        .expect("a Chromium session");
    (driver, profile, client)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_page_shows_an_edit_without_being_reloaded_by_the_test() {
    if !browser_available() {
        return;
    }
    let site = TestSite::with_default_theme();
    site.page("documents/live.md", "title: Live\ndate: 2020-01-01", "Before the edit.\n");
    let server = Server::start(&site);
    let base = &server.base;
    let (_driver, _profile, client) = browser().await;

    let url = format!("{base}documents/live/");
    client.goto(&url).await.expect("open the page");
    let text = client.find(Locator::Css("article")).await.expect("article").text().await.expect("text");
    assert!(text.contains("Before the edit."), "{text}");

    site.page("documents/live.md", "title: Live\ndate: 2020-01-01", "After the edit.\n");
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Ok(article) = client.find(Locator::Css("article")).await {
            last = article.text().await.unwrap_or_default();
            if last.contains("After the edit.") {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let current = client.current_url().await.expect("url");
    client.close().await.expect("close the browser");
    assert!(last.contains("After the edit."), "the open page never showed the edit; last text: {last}");
    assert_eq!(current.as_str(), url, "the page reloaded itself in place");
}

/// The texts of column `column` (0 is the row heading) of the table `table`, top to bottom.
async fn column(client: &fantoccini::Client, table: &str, column: usize) -> Vec<String> {
    let script = "const [table, column] = arguments; \
        return Array.from(document.querySelector(table).tBodies[0].rows, r => r.cells[column].textContent.trim());";
    let value = client.execute(script, vec![table.into(), column.into()]).await.expect("read the column");
    serde_json::from_value(value).expect("a list of texts")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_column_heading_sorts_the_mission_table_and_pressing_it_again_reverses_it() {
    if !browser_available() {
        return;
    }
    let site = TestSite::with_default_theme();
    let server = Server::start(&site);
    let (_driver, _profile, client) = browser().await;
    client.goto(&format!("{}missions/", server.base)).await.expect("open the list");
    let closed = "section[aria-labelledby=missions_closed] table";
    let heading = |n: usize| format!("{closed} thead th:nth-child({n})");

    // Built by start date; the Start heading says so.
    let aria = client.find(Locator::Css(&heading(4))).await.expect("Start").attr("aria-sort").await.expect("attr");
    assert_eq!(aria.as_deref(), Some("ascending"));
    let regions_before = column(&client, closed, 2).await;

    client
        .find(Locator::Css(&format!("{} button", heading(3))))
        .await
        .expect("Region button")
        .click()
        .await
        .expect("click");
    let regions = column(&client, closed, 2).await;
    let mut sorted = regions.clone();
    sorted.sort();
    assert_eq!(regions, sorted, "by region");
    assert_ne!(regions, regions_before, "the order changed");
    let aria = client.find(Locator::Css(&heading(3))).await.expect("Region").attr("aria-sort").await.expect("attr");
    assert_eq!(aria.as_deref(), Some("ascending"));

    // Again: reversed. Then by end date, ISO dates compared, not their English words.
    client
        .find(Locator::Css(&format!("{} button", heading(3))))
        .await
        .expect("Region button")
        .click()
        .await
        .expect("click");
    let mut reversed = sorted.clone();
    reversed.reverse();
    assert_eq!(column(&client, closed, 2).await, reversed);
    client
        .find(Locator::Css(&format!("{} button", heading(5))))
        .await
        .expect("End button")
        .click()
        .await
        .expect("click");
    let script =
        "return Array.from(document.querySelector(arguments[0]).tBodies[0].rows, r => r.cells[4].dataset.sort);";
    let ends: Vec<String> =
        serde_json::from_value(client.execute(script, vec![closed.into()]).await.expect("ends")).expect("texts");
    let mut by_date = ends.clone();
    by_date.sort();
    client.close().await.expect("close the browser");
    assert_eq!(ends, by_date);
    assert!(ends.first() < ends.last(), "{ends:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resolution_page_tells_a_reader_how_each_member_voted() {
    if !browser_available() {
        return;
    }
    let site = TestSite::with_default_theme();
    site.page(
        "documents/renewals.md",
        "title: Renewals\ndate: 2026-02-01",
        "The Council adopted resolution 2756 (2024) and resolution 2814 (2026).\n",
    );
    let server = Server::start(&site);
    let (_driver, _profile, client) = browser().await;
    // What a reader sees: the facts' visible text, and the figure's marks (one per member).
    let read = |path: &'static str| {
        let client = client.clone();
        let url = format!("{}{path}", server.base);
        async move {
            client.goto(&url).await.expect("open the resolution");
            let facts = client.find(Locator::Css("dl.facts")).await.expect("facts").text().await.expect("text");
            let seats: Vec<String> = serde_json::from_value(
                client
                    .execute(
                        "return Array.from(document.querySelectorAll('.vote-seats .seat'), s => s.className);",
                        vec![],
                    )
                    .await
                    .expect("seats"),
            )
            .expect("class names");
            let attribution = client.find(Locator::Css("p.attribution")).await.ok();
            let attribution = match attribution {
                Some(p) => p.text().await.unwrap_or_default(),
                None => String::new(),
            };
            (facts, seats, attribution)
        }
    };
    let (facts, seats, attribution) = read("resolutions/2756-2024/").await;
    let (unanimous, unanimous_seats, _) = read("resolutions/2814-2026/").await;
    client.close().await.expect("close the browser");

    assert!(
        facts.contains(
            "12 in favour, none against, 2 abstentions (Mozambique, Russian Federation); 1 did not take part (Algeria)"
        ),
        "{facts}"
    );
    assert!(facts.contains("Members of the Council in 2024"), "{facts}");
    assert!(facts.contains("Sierra Leone, Slovenia, Switzerland"), "{facts}");
    let count = |seats: &[String], class: &str| seats.iter().filter(|s| s.contains(class)).count();
    assert_eq!(seats.len(), 15, "one mark per member: {seats:?}");
    assert_eq!((count(&seats, "seat-for"), count(&seats, "seat-abstained"), count(&seats, "seat-absent")), (12, 2, 1));
    assert!(
        attribution.contains("United Nations Dag Hammarskjöld Library, Security Council Voting Data"),
        "{attribution}"
    );
    assert!(unanimous.contains("15 in favour, none against, no abstentions"), "{unanimous}");
    assert_eq!(count(&unanimous_seats, "seat-for"), 15);
}

/// Presses one key in the page (to whatever has focus), as a reader's keyboard would.
async fn press(client: &fantoccini::Client, key: fantoccini::key::Key) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key.into() })
        .then(KeyAction::Up { value: key.into() });
    client.perform_actions(keys).await.expect("press a key");
}

/// Runs `script` until it returns something other than `null`, for up to ten seconds.
async fn wait_for(client: &fantoccini::Client, script: &str) -> Option<serde_json::Value> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        let value = client.execute(script, vec![]).await.expect("run a script");
        if !value.is_null() {
            return Some(value);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tabbing_to_a_cross_link_shows_its_preview_and_escape_dismisses_it() {
    if !browser_available() {
        return;
    }
    let site = TestSite::with_default_theme();
    site.page(
        "documents/brief.md",
        "title: Brief\ndate: 2021-01-05",
        "The Council adopted resolution 2553 (2020) on security sector reform.\n",
    );
    let server = Server::start(&site);
    let (_driver, _profile, client) = browser().await;
    client.goto(&format!("{}documents/brief/", server.base)).await.expect("open the page");

    // Tab through the page, as a keyboard user does, until the cross-link has focus.
    let focused_link = "var a = document.activeElement; \
        return a && a.querySelector('.entity-resolution') ? a.getAttribute('href') : null;";
    let mut href = serde_json::Value::Null;
    for _ in 0..60 {
        press(&client, fantoccini::key::Key::Tab).await;
        href = client.execute(focused_link, vec![]).await.expect("read the focus");
        if !href.is_null() {
            break;
        }
    }
    assert_eq!(href, serde_json::json!("/resolutions/2553-2020/"), "Tab never reached the cross-link");

    let shown = "var t = document.getElementById('link_preview'); \
        return t && !t.hidden && document.activeElement.getAttribute('aria-describedby') === 'link_preview' \
        ? t.textContent : null;";
    let preview = wait_for(&client, shown).await.expect("focusing the link shows its preview");
    let text = preview.as_str().unwrap_or_default().to_string();
    for needle in ["Security Council resolution", "Resolution 2553 (2020)", "3 December 2020", "15–0–0"] {
        assert!(text.contains(needle), "the preview lacks {needle:?}: {text}");
    }

    press(&client, fantoccini::key::Key::Escape).await;
    let hidden = "var t = document.getElementById('link_preview'); return t.hidden ? true : null;";
    let dismissed = wait_for(&client, hidden).await;
    let still_focused = client.execute(focused_link, vec![]).await.expect("read the focus");
    client.close().await.expect("close the browser");
    assert_eq!(dismissed, Some(serde_json::json!(true)), "Escape hides the preview");
    assert_eq!(still_focused, href, "Escape leaves the focus on the link");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stylesheet_edit_restyles_the_open_page_without_reloading_it() {
    if !browser_available() {
        return;
    }
    let site = TestSite::with_default_theme();
    site.page("documents/live.md", "title: Live\ndate: 2020-01-01", "Text.\n");
    let server = Server::start(&site);
    let (_driver, _profile, client) = browser().await;
    client.goto(&format!("{}documents/live/", server.base)).await.expect("open the page");
    // A mark a reload would wipe, and the page's scroll position a reload would lose.
    client.execute("window.handbookMark = 'before the edit';", vec![]).await.expect("mark the page");

    let theme_css = std::fs::read_to_string(crate::common::repo().join("themes/handbook/static/style.css"))
        .expect("the theme's stylesheet");
    site.write("static/style.css", &format!("{theme_css}\nbody {{ background: rgb(1, 2, 3); }}\n"));
    let restyled = "return getComputedStyle(document.body).backgroundColor === 'rgb(1, 2, 3)' \
        ? (window.handbookMark || 'reloaded') : null;";
    let mark = wait_for(&client, restyled).await;
    let sheets: serde_json::Value = client
        .execute("return document.querySelectorAll('link[rel=stylesheet]').length;", vec![])
        .await
        .expect("count the stylesheets");
    client.close().await.expect("close the browser");
    assert_eq!(mark, Some(serde_json::json!("before the edit")), "restyled in place, not reloaded");
    assert_eq!(sheets, serde_json::json!(1), "the old stylesheet is removed once the new one loads");
}
