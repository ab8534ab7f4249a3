//! `serve` over real HTTP: the real binary on a free loopback port, real file edits, polling until
//! the served HTML changes (no fixed sleeps decide the outcome).

use std::time::{Duration, Instant};

use crate::common::{Server, TestSite};

fn get(url: &str) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut res = agent.get(url).call().expect("request");
    let status = res.status().as_u16();
    (status, res.body_mut().read_to_string().unwrap_or_default())
}

/// The body of `url` (whatever its status).
pub(crate) fn get_body(url: &str) -> String {
    get(url).1
}

/// Polls until `pred` holds for the page at `path`, or fails after 15 s.
pub(crate) fn eventually(server: &Server, path: &str, what: &str, pred: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let (_, body) = get(&format!("{}{}", server.base, path.trim_start_matches('/')));
        if pred(&body) {
            return body;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}; last body:\n{body}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn site() -> TestSite {
    let site = TestSite::new();
    site.page("documents/a.md", "title: First\ndate: 2020-01-01", "Original text.\n");
    site
}

#[test]
fn an_edit_is_served_and_a_broken_template_shows_an_overlay_until_mended() {
    let site = site();
    let server = Server::start(&site);
    let (status, body) = get(&format!("{}documents/a/", server.base));
    assert_eq!(status, 200);
    assert!(body.contains("Original text."));
    assert!(body.contains("<script"), "the live-reload script is injected while serving");

    site.page("documents/a.md", "title: First\ndate: 2020-01-01", "Edited text.\n");
    eventually(&server, "/documents/a/", "the edit", |b| b.contains("Edited text."));

    let good = site.read("themes/handbook/templates/page.html");
    site.write(
        "themes/handbook/templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{{ page.title | nope }}{% endblock content %}",
    );
    let body = eventually(&server, "/documents/a/", "the error overlay", |b| b.contains("handbook-error"));
    assert!(body.contains("Unknown filter"), "the overlay says what is wrong: {body}");
    assert!(body.contains("Edited text."), "the last good page is still served under the overlay");

    site.write("themes/handbook/templates/page.html", &good);
    eventually(&server, "/documents/a/", "the overlay to go", |b| {
        !b.contains("handbook-error") && b.contains("Edited text.")
    });
}

#[test]
fn new_deleted_and_unknown_pages() {
    let site = site();
    let server = Server::start(&site);
    site.page("documents/b.md", "title: Second\ndate: 2021-01-01", "Brand new.\n");
    eventually(&server, "/documents/", "the new page in the list", |b| b.contains("/documents/b/"));
    std::fs::remove_file(site.root().join("content/documents/b.md")).unwrap();
    eventually(&server, "/documents/", "the deleted page to leave the list", |b| !b.contains("/documents/b/"));
    let (status, body) = get(&format!("{}documents/b/", server.base));
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "the theme's 404 page: {body}");
    for path in ["%2e%2e/%2e%2e/etc/passwd", "..%2f..%2fetc%2fpasswd", "a/..%5c..%5csite.yaml"] {
        let (status, body) = get(&format!("{}{path}", server.base));
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("root:"), "{path}");
    }
}

#[test]
fn no_spelling_of_a_path_and_no_symlink_reaches_a_file_outside_the_site() {
    let outside = tempfile::tempdir().expect("tempdir");
    std::fs::write(outside.path().join("secret.txt"), "SECRET-OUTSIDE-THE-SITE").expect("write");
    let site = site();
    site.write("static/real.txt", "a static file");
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), site.root().join("static/linked.txt"))
        .expect("symlink");
    std::os::unix::fs::symlink(outside.path(), site.root().join("static/outside")).expect("symlink");
    let server = Server::start(&site);
    let (status, body) = get(&format!("{}real.txt", server.base));
    assert_eq!((status, body.as_str()), (200, "a static file"), "the site's own static file is served");
    let secret = outside.path().join("secret.txt");
    let secret = secret.to_string_lossy();
    let above = "../".repeat(secret.matches('/').count());
    for path in [
        "linked.txt".to_string(),
        "outside/secret.txt".to_string(),
        format!("{above}{}", secret.trim_start_matches('/')),
        format!("%2e%2e/{above}{}", secret.trim_start_matches('/')),
        format!("%252e%252e/%252e%252e/{}", secret.trim_start_matches('/')),
        format!("..%252f..%252f{}", secret.trim_start_matches('/').replace('/', "%252f")),
        format!("..%5c..%5c{}", secret.trim_start_matches('/').replace('/', "%5c")),
        format!("/{}", secret.trim_start_matches('/')),
    ] {
        let (status, body) = get(&format!("{}{path}", server.base));
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("SECRET-OUTSIDE-THE-SITE"), "{path}: {body}");
    }
}

#[test]
fn a_new_seed_is_imported_and_served() {
    let site = site();
    let server = Server::start(&site);
    site.write(
        "seeds/new-story.txt",
        "# Council extends the mission\n\n3 December 2020 – The Council adopted resolution 2553 (2020) on security sector reform.\n",
    );
    let body = eventually(&server, "/documents/council-extends-the-mission/", "the imported seed", |b| {
        b.contains("Council extends the mission") && b.contains("security sector reform")
    });
    assert!(body.contains("href=\"/resolutions/2553-2020/\""), "its mention is linked: {body}");
    assert!(site.exists("content/documents/council-extends-the-mission.md"), "import wrote the page for editors");
    eventually(&server, "/resolutions/2553-2020/", "the backlink", |b| b.contains("Council extends the mission"));
}

#[test]
fn a_first_build_that_fails_shows_its_error_on_every_path_until_mended() {
    let site = site();
    let good = site.read("themes/handbook/templates/page.html");
    site.write(
        "themes/handbook/templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{{ page.title | nope }}{% endblock content %}",
    );
    let server = Server::start(&site);
    for path in ["", "documents/a/", "no/such/page/"] {
        let (status, body) = get(&format!("{}{path}", server.base));
        assert_eq!(status, 500, "/{path}: {body}");
        assert!(body.contains("handbook-error") && body.contains("Unknown filter"), "/{path}: {body}");
        assert!(body.contains("page.html"), "the error names the template: {body}");
        assert!(body.contains("<script"), "the page reloads itself when the build is mended: {body}");
    }
    site.write("themes/handbook/templates/page.html", &good);
    eventually(&server, "/documents/a/", "the first good build", |b| {
        !b.contains("handbook-error") && b.contains("Original text.")
    });
}

#[test]
fn the_open_data_and_feed_follow_an_edit_and_a_request_for_them_waits_for_it() {
    let site = site();
    site.page("documents/b.md", "title: Second\ndate: 2021-01-01", "Resolution 2553 (2020) was recalled.\n");
    let server = Server::start(&site);
    let data = get_body(&format!("{}data/documents.json", server.base));
    assert_eq!(data.matches("\"2553 (2020)\"").count(), 1, "one page cites it: {data}");

    // The page is served first; the open data, the feed and the sitemap are written after it. A
    // request for one of them meanwhile waits: one request, no polling, sees the edit.
    site.page("documents/a.md", "title: Retitled\ndate: 2021-02-01", "The Council recalled resolution 2553 (2020).\n");
    eventually(&server, "/documents/a/", "the edit", |b| b.contains("href=\"/resolutions/2553-2020/\""));
    let data = get_body(&format!("{}data/documents.json", server.base));
    assert_eq!(data.matches("\"2553 (2020)\"").count(), 2, "both pages cite it in the open data: {data}");
    let feed = get_body(&format!("{}atom.xml", server.base));
    assert!(feed.contains("<title>Retitled</title>"), "the feed has the new title: {feed}");

    // A broken feed template is reported like any other, once the feed is written.
    let good = site.read("themes/handbook/templates/atom.xml");
    site.write("themes/handbook/templates/atom.xml", "{{ site.title | nope }}");
    eventually(&server, "/documents/a/", "the error overlay", |b| b.contains("handbook-error"));
    site.write("themes/handbook/templates/atom.xml", &good);
    eventually(&server, "/documents/a/", "the overlay to go", |b| !b.contains("handbook-error"));
    let feed = get_body(&format!("{}atom.xml", server.base));
    assert!(feed.contains("<title>Retitled</title>"), "{feed}");
}

#[test]
fn a_page_that_gains_a_mention_is_served_first_and_what_lists_it_follows_unpolled() {
    let site = TestSite::new();
    site.page("documents/a.md", "title: First\ndate: 2021-02-01", "Original text.\n");
    site.page("documents/b.md", "title: Second\ndate: 2021-01-01", "Resolution 2553 (2020) was recalled.\n");
    // Enough pages that a one-page edit takes the shorter way (the entity index patched).
    for n in 1..=9 {
        site.page(&format!("documents/other-{n}.md"), &format!("title: Other {n}\ndate: 2019-01-0{n}"), "Nothing.\n");
    }
    let server = Server::start(&site);
    // Same title, date and summary: an edit in place, whose page is served before the entity pages.
    let text = "Original text.\n\nThe Council recalled resolution 2553 (2020).\n";
    site.page("documents/a.md", "title: First\ndate: 2021-02-01", text);
    // Polled without a pause, to ask for the resolution's page as soon as the edited one is served.
    let page = format!("{}documents/a/", server.base);
    let deadline = Instant::now() + Duration::from_secs(15);
    while !get_body(&page).contains("href=\"/resolutions/2553-2020/\"") {
        assert!(Instant::now() < deadline, "timed out waiting for the edit");
    }
    // One request, no polling: a request for the resolution's page waits until it lists both.
    let resolution = get_body(&format!("{}resolutions/2553-2020/", server.base));
    assert!(resolution.contains("/documents/a/") && resolution.contains("/documents/b/"), "{resolution}");
}
