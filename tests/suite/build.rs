//! Whole-site builds: real sites in temporary folders, built by the real binary, asserted on the
//! HTML they produce, and every kind of bad input failing with a located message.

use crate::common::TestSite;

fn basic() -> TestSite {
    let site = TestSite::new();
    site.page("_index.md", "title: Home", "Welcome.\n");
    site.page("documents/_index.md", "title: Documents", "All of them.\n");
    site.page(
        "documents/peace-ops.md",
        "title: Peace operations 'not a substitute'\ndate: 2017-09-20\nkind: news\nlanguage: en\nsource: UN News",
        "First paragraph with a [link](/documents/older/).\n\n## Reform\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1].\n\n[^1]: A note.\n\n## Partnerships\n\nMore ~~old~~ text.\n",
    );
    site.page("documents/older.md", "title: Older story\ndate: 2013-01-22", "Older \"quoted\" text.\n");
    site.page("documents/undated.md", "title: An undated briefing", "No date here.\n");
    site.page("documents/secret.md", "title: Work in progress\ndraft: true", "Draft.\n");
    site
}

#[test]
fn builds_every_page_at_its_url() {
    let site = basic();
    site.build(&[]);
    for path in [
        "public/index.html",
        "public/documents/index.html",
        "public/documents/peace-ops/index.html",
        "public/documents/older/index.html",
        "public/timeline/index.html",
        "public/404.html",
        "public/sitemap.xml",
        "public/atom.xml",
        "public/robots.txt",
        "public/style.css",
    ] {
        assert!(site.exists(path), "{path} missing");
    }
    assert!(!site.exists("public/documents/secret/index.html"), "drafts are left out by default");
}

#[test]
fn markdown_features_render() {
    let site = basic();
    site.build(&[]);
    let html = site.read("public/documents/peace-ops/index.html");
    assert!(html.contains("<h2 id=\"reform\">"), "heading ids");
    assert!(html.contains("href=\"#reform\""), "anchor links and toc");
    assert!(html.contains("<nav class=\"toc\""), "table of contents");
    assert!(html.contains("<table>"), "tables");
    assert!(html.contains("footnote-definition"), "footnotes");
    assert!(html.contains("<del>old</del>"), "strikethrough");
    assert!(site.read("public/documents/older/index.html").contains("Older “quoted” text."), "smart punctuation");
    assert!(html.contains("<time datetime=\"2017-09-20\">20 September 2017</time>"));
}

#[test]
fn lists_are_sorted_newest_first_then_undated() {
    let site = basic();
    site.build(&[]);
    let list = site.read("public/documents/index.html");
    let newest = list.find("/documents/peace-ops/").expect("newest listed");
    let older = list.find("/documents/older/").expect("older listed");
    let undated = list.find("/documents/undated/").expect("undated listed");
    assert!(newest < older && older < undated, "order: {list}");
    let timeline = site.read("public/timeline/index.html");
    assert!(timeline.find("/timeline/2017/").expect("2017") < timeline.find("/timeline/2013/").expect("2013"));
    assert!(site.read("public/timeline/2017/index.html").contains("/documents/peace-ops/"), "a year lists its pages");
    for year in ["2013", "2017"] {
        let page = site.read(&format!("public/timeline/{year}/index.html"));
        assert!(!page.contains("/documents/undated/"), "undated pages have no place on a timeline");
    }
}

#[test]
fn drafts_only_with_the_flag() {
    let site = basic();
    site.build(&["--drafts"]);
    assert!(site.exists("public/documents/secret/index.html"));
}

#[test]
fn sub_path_publishing_prefixes_every_internal_link() {
    let site = basic();
    site.build(&["--base-url", "https://host.example/sub/"]);
    let html = site.read("public/documents/peace-ops/index.html");
    assert!(html.contains("href=\"/sub/style.css\""), "{html}");
    assert!(html.contains("href=\"/sub/documents/older/\""), "markdown links follow the base path");
    assert!(!html.contains("href=\"/documents/"), "no link escapes the sub-path: {html}");
    assert!(site.read("public/sitemap.xml").contains("<loc>https://host.example/sub/documents/older/</loc>"));
}

#[test]
fn output_dir_flag_writes_elsewhere() {
    let site = basic();
    site.build(&["--output-dir", "out"]);
    assert!(site.exists("out/index.html"));
    assert!(!site.exists("public"));
}

#[test]
fn raw_html_in_markdown_is_escaped_unless_trusted() {
    let site = basic();
    site.page("documents/html.md", "title: HTML", "<script>alert(1)</script>\n\nInline <b>bold</b>.\n");
    site.build(&[]);
    let html = site.read("public/documents/html/index.html");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(html.contains("&lt;script&gt;"));
    site.write("site.yaml", "title: T\nmarkdown:\n  trusted_html: true\n");
    site.build(&[]);
    assert!(site.read("public/documents/html/index.html").contains("<b>bold</b>"));
}

#[test]
fn site_templates_override_the_theme_file_by_file() {
    let site = basic();
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}Custom missing page{% endblock content %}",
    );
    site.build(&[]);
    assert!(site.read("public/404.html").contains("Custom missing page"));
    assert!(site.read("public/index.html").contains("Latest documents"), "other templates still come from the theme");
}

/// The theme README's example of a site template that changes one block of the theme's.
#[test]
fn a_site_template_extends_the_themes_own_and_changes_one_block() {
    let readme = std::fs::read_to_string(crate::common::repo().join("themes/handbook/README.md")).unwrap();
    let example = readme
        .split("```tera\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the README shows a ```tera example");
    let site = TestSite::with_default_theme();
    site.page("documents/peace-ops.md", "title: Peace operations\ndate: 2017-09-20", "First paragraph.\n");
    site.write("templates/base.html", example);
    site.build(&[]);
    for page in ["public/index.html", "public/documents/peace-ops/index.html", "public/404.html"] {
        let html = site.read(page);
        assert!(html.contains("Published by the Peace Operations Library"), "{page}: the site's footer");
        assert!(html.contains("aria-label=\"Main\""), "{page}: the theme's header, untouched");
        assert_eq!(html.matches("<footer").count(), 1, "{page}: one footer, the site's");
    }
    assert!(site.read("public/documents/peace-ops/index.html").contains("First paragraph"), "the theme's page");
}

#[test]
fn unchanged_files_keep_their_mtime_across_builds() {
    let site = basic();
    site.build(&[]);
    let path = site.root().join("public/documents/older/index.html");
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(30));
    // A body edit: the older story's page shows its neighbour's title, not its text.
    site.page(
        "documents/peace-ops.md",
        "title: Peace operations 'not a substitute'\ndate: 2017-09-20\nkind: news\nlanguage: en\nsource: UN News",
        "New text.\n",
    );
    site.build(&[]);
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), before);
    assert!(site.read("public/documents/peace-ops/index.html").contains("New text."));
}

#[test]
fn new_scaffolds_a_handbook_that_builds_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("my-handbook");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_handbook")).arg("new").arg(&target).status().unwrap();
    assert!(status.success());
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_handbook"))
        .arg("--root")
        .arg(&target)
        .arg("build")
        .status()
        .unwrap();
    assert!(status.success());
    let index = std::fs::read_to_string(target.join("public/index.html")).unwrap();
    assert!(index.contains("my handbook"), "{index}");
    // A second `new` into the same folder refuses rather than overwrite.
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_handbook")).arg("new").arg(&target).output().unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
}

#[test]
fn check_writes_nothing_and_passes_on_a_good_site() {
    let site = basic();
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.exists("public"));
}

// ---- Bad input: exit 1, one located message, nothing half-written. ----

/// Builds once (good), breaks the site, and checks the failure leaves the last good site untouched.
fn fails_keeping_last_good(site: &TestSite, break_it: impl FnOnce(&TestSite), expected: &str) -> String {
    site.build(&[]);
    break_it(site);
    let before = site.read("public/index.html");
    let stderr = site.fails(&["build"]);
    assert!(stderr.contains(expected), "expected {expected:?} in:\n{stderr}");
    assert_eq!(site.read("public/index.html"), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
    stderr
}

#[test]
fn malformed_yaml_is_located() {
    let site = basic();
    site.build(&[]);
    site.write("content/documents/bad.md", "---\ntitle: \"unclosed\ndate: 2020-01-01\n---\nx\n");
    let stderr = site.fails(&["build"]);
    assert!(stderr.starts_with("content/documents/bad.md:"), "{stderr}");
    assert!(stderr.contains("front-matter"), "{stderr}");
    let check = site.fails(&["check"]);
    assert!(check.contains("content/documents/bad.md:"), "check reports what build fails on: {check}");
}

#[test]
fn missing_title_is_located() {
    let site = basic();
    fails_keeping_last_good(
        &site,
        |site| {
            site.page("documents/bad.md", "date: 2020-01-01", "x\n");
        },
        "content/documents/bad.md:2:1: front-matter: missing field `title`",
    );
}

#[test]
fn wrong_date_type_is_located() {
    let site = basic();
    fails_keeping_last_good(
        &site,
        |site| {
            site.page("documents/bad.md", "title: X\ndate: yesterday", "x\n");
        },
        "content/documents/bad.md:3:7: front-matter: date: expected a date like 2020-12-03, found \"yesterday\"",
    );
}

#[test]
fn unknown_front_matter_key_names_the_closest() {
    let site = basic();
    fails_keeping_last_good(
        &site,
        |site| {
            site.page("documents/bad.md", "title: X\nsumary: typo", "x\n");
        },
        "content/documents/bad.md:3:1: front-matter: unknown key `sumary`: did you mean `summary`?",
    );
}

#[test]
fn every_bad_page_is_reported_at_once() {
    let site = basic();
    site.page("documents/bad1.md", "title: X\ndate: nope", "x\n");
    site.page("documents/bad2.md", "date: 2020-01-01", "x\n");
    let stderr = site.fails(&["build"]);
    assert!(stderr.contains("bad1.md:3:7") && stderr.contains("bad2.md:2:1"), "{stderr}");
    assert!(stderr.contains("2 problems"), "{stderr}");
}

#[test]
fn template_syntax_error_is_located_in_the_template_file() {
    let site = basic();
    let stderr = fails_keeping_last_good(
        &site,
        |site| {
            site.write(
                "templates/page.html",
                "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title \n{% endblock content %}\n",
            );
        },
        "templates/page.html:",
    );
    assert!(stderr.contains("template:"), "{stderr}");
}

#[test]
fn unknown_filter_is_located() {
    let site = basic();
    fails_keeping_last_good(
        &site,
        |site| {
            site.write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n  {{ page.title | shout }}\n{% endblock content %}\n");
        },
        "templates/page.html:3:19: template: Unknown filter `shout`",
    );
}

#[test]
fn unknown_variable_is_located_with_the_page_being_rendered() {
    let site = basic();
    let stderr = fails_keeping_last_good(
        &site,
        |site| {
            site.write(
                "templates/page.html",
                "{% extends \"base.html\" %}\n{% block content %}\n{{ page.nonexistent }}\n{% endblock content %}\n",
            );
        },
        "templates/page.html:3:",
    );
    assert!(stderr.contains("while rendering content/documents/"), "{stderr}");
}

#[test]
fn missing_theme_names_what_exists() {
    let site = basic();
    site.build(&[]);
    site.write("site.yaml", "title: T\ntheme: fancy\n");
    let stderr = site.fails(&["build"]);
    assert!(stderr.contains("site.yaml:2:1: theme `fancy` not found"), "{stderr}");
    assert!(stderr.contains("available: handbook"), "{stderr}");
}

#[test]
fn unknown_site_key_names_the_closest() {
    let site = basic();
    site.write("site.yaml", "title: T\nbase_ulr: /x/\n");
    let stderr = site.fails(&["build"]);
    assert!(stderr.contains("site.yaml:2:1: site.yaml: unknown key `base_ulr`: did you mean `base_url`?"), "{stderr}");
}

#[test]
fn missing_site_yaml_says_what_to_do() {
    let site = TestSite::new();
    std::fs::remove_file(site.root().join("site.yaml")).unwrap();
    let stderr = site.fails(&["build"]);
    assert!(stderr.contains("handbook new DIR"), "{stderr}");
}

#[test]
fn a_section_without_pages_builds_and_says_it_has_none() {
    let site = TestSite::with_default_theme();
    site.page("documents/a.md", "title: A\ndate: 2020-01-01", "Text.\n");
    site.page("briefings/_index.md", "title: Briefings", "Briefings to the Council.\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "an empty section is no problem: {}", run.stderr);
    site.build(&[]);
    let html = site.read("public/briefings/index.html");
    assert!(html.contains("Briefings to the Council."), "{html}");
    assert!(html.contains("No pages in this section yet."), "{html}");
    assert!(!html.contains("<ul class=\"page-list\">"), "no empty list: {html}");
}

#[test]
fn two_pages_with_one_url_is_an_error() {
    let site = basic();
    site.page("documents/Older.md", "title: Another", "x\n");
    let stderr = site.fails(&["build"]);
    assert!(stderr.contains("is already taken by"), "{stderr}");
}

/// The `content` of the page's `<meta name="description">`, as written in the HTML.
fn meta_description(html: &str) -> &str {
    let at = html.find("<meta name=\"description\" content=\"").expect("a description") + 34;
    let end = html[at..].find('"').expect("attribute end");
    &html[at..at + end]
}

#[test]
fn a_description_is_escaped_once() {
    let site = TestSite::new();
    // From the first paragraph, and from `summary:`.
    site.page("documents/a.md", "title: A\ndate: 2020-01-01", "AT&T and \"Fiji\" <wrote> to the Council.\n");
    site.page("documents/b.md", "title: B\ndate: 2020-01-02\nsummary: 'AT&T wrote.'", "Body.\n");
    site.build(&[]);
    assert_eq!(
        meta_description(&site.read("public/documents/a/index.html")),
        "AT&amp;T and “Fiji” &lt;wrote&gt; to the Council."
    );
    assert_eq!(meta_description(&site.read("public/documents/b/index.html")), "AT&amp;T wrote.");
}

#[test]
fn a_link_in_a_heading_follows_the_base_path_and_check_sees_it() {
    let site = TestSite::new();
    site.page("documents/a.md", "title: A\ndate: 2020-01-01", "## See [the other](/documents/b/)\n\nText.\n");
    site.page("documents/b.md", "title: B\ndate: 2020-01-02", "Body.\n");
    site.build(&["--base-url", "https://host.example/sub/"]);
    let html = site.read("public/documents/a/index.html");
    assert!(html.contains("<a href=\"/sub/documents/b/\">the other</a>"), "{html}");
    site.page("documents/a.md", "title: A\ndate: 2020-01-01", "## See [nothing](/documents/none/)\n\nText.\n");
    let stderr = site.fails(&["check"]);
    assert!(stderr.contains("content/documents/a.md:5:18: link to `/documents/none/` goes nowhere"), "{stderr}");
}

#[test]
fn check_reports_what_import_would_do_and_writes_nothing() {
    let site = TestSite::new();
    site.write(
        "seeds/story.txt",
        "# Council meets\n\n3 December 2020 – The Council met. See [the report](/documents/missing/).\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "the seed's page has a broken link, as `build` would make it:\n{}", run.stderr);
    assert!(
        run.stderr.contains("would import seeds/story.txt as content/documents/council-meets.md"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/documents/council-meets.md: link to `/documents/missing/` goes nowhere"),
        "{}",
        run.stderr
    );
    assert!(!site.exists("content/documents/council-meets.md"), "check writes nothing");
    // `build` does what check said.
    site.write("seeds/story.txt", "# Council meets\n\n3 December 2020 – The Council met.\n");
    assert_eq!(site.run(&["check"]).code, 0);
    site.build(&[]);
    assert!(site.exists("content/documents/council-meets.md"));
}
