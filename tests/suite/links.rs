//! Whole-site tests of cross-linking: mentions of resolutions, UN documents and officials become
//! links in running text, and every mention shows up on the entity's own page with the sentence
//! around it. Real sites in temporary folders, built by the real binary, asserted on the HTML.

use crate::common::{TestSite, body, entity_hrefs, html, links_to, section};

// ----- fixture -----

const GUTERRES: &str = r#"title: António Guterres
aliases: ["Guterres", "Mr. Guterres", "Antonio Guterres"]
roles:
  - title: Secretary-General of the United Nations
    from: 2017-01-01
  - title: United Nations High Commissioner for Refugees
    from: 2005-06-15
    to: 2015-12-31"#;

const BAN: &str = r#"title: Ban Ki-moon
aliases: ["Mr. Ban", "Ban Ki Moon"]
roles:
  - title: Secretary-General of the United Nations
    from: 2007-01-01
    to: 2016-12-31
  - title: Minister of Foreign Affairs and Trade of the Republic of Korea
    from: 2004-01-17
    to: 2006-11-10"#;

/// A draft official: known to the recognizer, not published.
const ROE: &str = r#"title: Jane Roe
aliases: ["Ms. Roe"]
draft: true
roles:
  - title: Under-Secretary-General for Peace Operations
    from: 2019-01-01"#;

/// A site with the officials registry and nothing else.
fn with_officials() -> TestSite {
    let site = TestSite::new();
    site.page("officials/_index.md", "title: Officials", "The people of the handbook.\n");
    site.page("officials/antonio-guterres.md", GUTERRES, "Portuguese diplomat, ninth Secretary-General.\n");
    site.page("officials/ban-ki-moon.md", BAN, "Korean diplomat, eighth Secretary-General.\n");
    site.page("officials/jane-roe.md", ROE, "Not published yet.\n");
    site
}

/// Whether the entity page at `path` exists and lists `page` among its mentions.
fn lists_mention(site: &TestSite, path: &str, page: &str) -> bool {
    site.exists(&format!("public{path}index.html"))
        && section(&html(site, path), "mentions").contains(&format!("href=\"{page}\""))
}

/// The "Mentioned in this …" list of a page.
fn mention_list(site: &TestSite, path: &str) -> String {
    let page = html(site, path);
    match page.find("<aside class=\"page-mentions\"") {
        Some(start) => page[start..start + page[start..].find("</aside>").unwrap()].to_string(),
        None => String::new(),
    }
}

// ----- resolutions in running text -----

/// (path under /resolutions/, link text) of each link a text must get.
type Expected = &'static [(&'static str, &'static str)];

#[test]
fn every_resolution_form_links_to_its_page() {
    let site = TestSite::new();
    let cases: &[(&str, &str, Expected)] = &[
        ("keyword", "The Council adopted resolution 2086 (2013) on peacekeeping.", &[("2086-2013", "2086 (2013)")]),
        ("capital", "Resolution 2553 (2020) was adopted.", &[("2553-2020", "2553 (2020)")]),
        ("symbol", "See S/RES/2553 (2020) for the text.", &[("2553-2020", "S/RES/2553 (2020)")]),
        ("symbol-tight", "See S/RES/2553(2020) for the text.", &[("2553-2020", "S/RES/2553(2020)")]),
        (
            "list",
            "Recalling its resolutions 1325 (2000), 1820 (2008) and 2493 (2019) on women.",
            &[("1325-2000", "1325 (2000)"), ("1820-2008", "1820 (2008)"), ("2493-2019", "2493 (2019)")],
        ),
        (
            "list-no-comma",
            "Recalling resolutions 2106 (2013) 2122 (2013) on sexual violence.",
            &[("2106-2013", "2106 (2013)"), ("2122-2013", "2122 (2013)")],
        ),
        ("escaped", "Recalling its resolution 2151 \\(2014\\) on reform.", &[("2151-2014", "2151 (2014)")]),
        ("spanish", "Aprobada como resolución 2553 (2020), de 3 de diciembre.", &[("2553-2020", "2553 (2020)")]),
        (
            "spanish-plural",
            "Recordando sus resoluciones 2151 (2014) y 2282 (2016).",
            &[("2151-2014", "2151 (2014)"), ("2282-2016", "2282 (2016)")],
        ),
        ("french", "Le Conseil a adopté la résolution 2086 (2013) hier.", &[("2086-2013", "2086 (2013)")]),
        ("yearless", "Recalling resolution 2086 and its presidential statements.", &[("2086-2013", "2086")]),
    ];
    for (slug, text, _) in cases {
        site.page(&format!("documents/{slug}.md"), &format!("title: Form {slug}\ndate: 2021-01-05"), text);
    }
    site.build(&[]);
    for (slug, text, expected) in cases {
        let content = body(&site, &format!("/documents/{slug}/"));
        let hrefs: Vec<String> = expected.iter().map(|(path, _)| format!("/resolutions/{path}/")).collect();
        assert_eq!(entity_hrefs(&content), hrefs, "{text}\n{content}");
        for (path, link_text) in *expected {
            let href = format!("/resolutions/{path}/");
            assert_eq!(links_to(&content, &href), vec![link_text.to_string()], "{text}\n{content}");
            assert!(site.exists(&format!("public{href}index.html")), "{href} has a page");
        }
    }
    // The link says what it points at.
    let content = body(&site, "/documents/keyword/");
    assert!(
        content.contains(
            "<a href=\"/resolutions/2086-2013/\" title=\"Security Council resolution 2086 (2013)\"><span class=\"entity entity-resolution\">2086 (2013)</span></a>"
        ),
        "{content}"
    );
}

#[test]
fn a_resolution_inside_a_placeholder_link_is_not_relinked() {
    // Scraped pages link citations to `#`; the text stays inside the author's link, never a second one.
    let site = TestSite::new();
    site.page(
        "documents/scraped.md",
        "title: Scraped\ndate: 2020-12-04",
        "Adopted as resolution [2553 \\(2020\\)](#).\n",
    );
    site.build(&[]);
    let content = body(&site, "/documents/scraped/");
    assert!(content.contains("<a href=\"#\">2553 (2020)</a>"), "{content}");
    assert!(entity_hrefs(&content).is_empty(), "{content}");
}

#[test]
fn a_resolution_inside_an_existing_link_still_counts_as_a_mention() {
    let site = TestSite::new();
    site.page(
        "documents/scraped.md",
        "title: Scraped\ndate: 2020-12-04",
        "Adopted as resolution [2553 \\(2020\\)](https://undocs.org/S/RES/2553(2020)).\n",
    );
    site.build(&[]);
    assert!(mention_list(&site, "/documents/scraped/").contains("href=\"/resolutions/2553-2020/\""));
    let page = html(&site, "/resolutions/2553-2020/");
    assert_eq!(links_to(section(&page, "mentions"), "/documents/scraped/"), vec!["Scraped"]);
}

#[test]
fn a_resolution_in_a_heading_still_counts_as_a_mention() {
    let site = TestSite::new();
    site.page("documents/headed.md", "title: Headed\ndate: 2020-12-04", "## Resolution 2553 (2020)\n\nIt passed.\n");
    site.build(&[]);
    assert!(mention_list(&site, "/documents/headed/").contains("href=\"/resolutions/2553-2020/\""));
    let page = html(&site, "/resolutions/2553-2020/");
    assert_eq!(links_to(section(&page, "mentions"), "/documents/headed/"), vec!["Headed"]);
}

#[test]
fn a_year_the_catalogue_contradicts_is_not_a_resolution() {
    let site = TestSite::new();
    site.page(
        "documents/wrong-year.md",
        "title: Wrong year\ndate: 2019-03-01",
        "The report cites 2063 (2018) in passing, and resolution 2063 (2018) too.\n",
    );
    site.build(&[]);
    let content = body(&site, "/documents/wrong-year/");
    assert!(content.contains("2063 (2018)"), "{content}");
    assert!(entity_hrefs(&content).is_empty(), "2063 was adopted in 2012: {content}");
    assert!(!site.exists("public/resolutions/2063-2018/index.html"));
    // 2063 (2012) has a page for the mission it concerns (UNAMID), and no mention.
    assert!(!lists_mention(&site, "/resolutions/2063-2012/", "/documents/wrong-year/"));
}

#[test]
fn a_resolution_newer_than_the_catalogue_gets_a_page_saying_so() {
    let site = TestSite::new();
    site.page(
        "documents/recent.md",
        "title: Recent\ndate: 2026-12-01",
        "In December the Council adopted resolution 2830 (2026) on Gaza.\n",
    );
    site.build(&[]);
    let content = body(&site, "/documents/recent/");
    assert_eq!(links_to(&content, "/resolutions/2830-2026/"), vec!["2830 (2026)"]);
    let page = html(&site, "/resolutions/2830-2026/");
    assert!(page.contains("<h1>Resolution 2830 (2026)</h1>"), "{page}");
    assert!(page.contains("not in the handbook's catalogue"), "{page}");
    assert!(page.contains("href=\"https://undocs.org/S/RES/2830(2026)\""), "{page}");
    assert!(!page.contains("<dt>Adopted</dt>"), "no invented facts: {page}");
    assert_eq!(links_to(section(&page, "mentions"), "/documents/recent/"), vec!["Recent"]);
}

// ----- UN documents -----

#[test]
fn document_symbols_link_to_the_official_document_system() {
    let site = TestSite::new();
    site.page(
        "documents/symbols.md",
        "title: Symbols\ndate: 2020-12-04",
        "The draft in S/2020/1158 was adopted.\n\n\
         The statement S/PRST/2007/3 recalled it.\n\n\
         The 2030 Agenda, A/70/1, and its resolution A/RES/70/1.\n\n\
         The meeting record is S/PV.8787.\n",
    );
    site.build(&[]);
    let content = body(&site, "/documents/symbols/");
    for symbol in ["S/2020/1158", "S/PRST/2007/3", "A/70/1", "A/RES/70/1", "S/PV.8787"] {
        let href = format!("https://undocs.org/{symbol}");
        assert_eq!(links_to(&content, &href), vec![symbol.to_string()], "{symbol}: {content}");
    }
    assert!(
        content.contains(
            "<a href=\"https://undocs.org/S/PV.8787\" title=\"UN document S/PV.8787 (official text)\"><span class=\"entity entity-document\">S/PV.8787</span></a>."
        ),
        "the full stop ends the sentence, not the symbol: {content}"
    );
    // Listed under the page too, and no page of the handbook is made for a document.
    let list = mention_list(&site, "/documents/symbols/");
    assert!(list.contains("<a href=\"https://undocs.org/S/PRST/2007/3\" rel=\"external\">S/PRST/2007/3</a>"), "{list}");
    assert!(!site.exists("public/documents/S"));
}

// ----- officials -----

#[test]
fn officials_are_linked_by_name_alias_and_role_on_the_page_date() {
    let site = with_officials();
    site.page("documents/full-name.md", "title: Full name\ndate: 2018-05-01", "António Guterres spoke first.\n");
    site.page("documents/alias.md", "title: Alias\ndate: 2018-05-02", "Then Mr. Guterres answered questions.\n");
    site.page(
        "documents/role-2013.md",
        "title: In 2013\ndate: 2013-01-22",
        "The Secretary-General welcomed the vote.\n",
    );
    site.page(
        "documents/role-2017.md",
        "title: In 2017\ndate: 2017-09-20",
        "The Secretary-General welcomed the vote.\n",
    );
    site.page("documents/role-undated.md", "title: Undated", "The Secretary-General welcomed the vote.\n");
    site.build(&[]);

    let guterres = "/officials/antonio-guterres/";
    let ban = "/officials/ban-ki-moon/";
    assert_eq!(links_to(&body(&site, "/documents/full-name/"), guterres), vec!["António Guterres"]);
    assert_eq!(links_to(&body(&site, "/documents/alias/"), guterres), vec!["Mr. Guterres"]);

    let in_2013 = body(&site, "/documents/role-2013/");
    assert_eq!(entity_hrefs(&in_2013), vec![ban], "{in_2013}");
    assert_eq!(links_to(&in_2013, ban), vec!["Secretary-General"]);
    let in_2017 = body(&site, "/documents/role-2017/");
    assert_eq!(entity_hrefs(&in_2017), vec![guterres], "{in_2017}");

    let undated = body(&site, "/documents/role-undated/");
    assert!(entity_hrefs(&undated).is_empty(), "no date, no holder: {undated}");
    assert!(!mention_list(&site, "/documents/role-undated/").contains("/officials/"));

    // The page's own list names the official.
    let list = mention_list(&site, "/documents/role-2013/");
    assert!(list.contains("<a href=\"/officials/ban-ki-moon/\">Ban Ki-moon</a>"), "{list}");
}

#[test]
fn an_official_is_not_mentioned_by_their_own_page() {
    let site = with_officials();
    site.page("officials/antonio-guterres.md", GUTERRES, "Before 2017, Guterres led UNHCR. He met Mr. Ban often.\n");
    site.build(&[]);
    let page = html(&site, "/officials/antonio-guterres/");
    let bio = body(&site, "/officials/antonio-guterres/");
    assert!(bio.contains("Guterres led UNHCR"), "{bio}");
    assert!(!bio.contains("href=\"/officials/antonio-guterres/\""), "{bio}");
    assert_eq!(links_to(&bio, "/officials/ban-ki-moon/"), vec!["Mr. Ban"]);
    assert!(section(&page, "mentions").contains("No page of the handbook mentions this yet."), "{page}");
    // Another official's page is a page like any other.
    let ban = html(&site, "/officials/ban-ki-moon/");
    assert_eq!(links_to(section(&ban, "mentions"), "/officials/antonio-guterres/"), vec!["António Guterres"]);
    assert!(section(&ban, "mentions").contains("<p>He met Mr. Ban often.</p>"), "{ban}");
}

#[test]
fn a_page_that_links_to_itself_builds_passes_check_and_is_not_its_own_backlink() {
    let site = clean_site();
    site.page(
        "officials/antonio-guterres.md",
        GUTERRES,
        "See [this page](/officials/antonio-guterres/), [it again](./) and [the roles](#roles).\n",
    );
    site.page("documents/itself.md", "title: Itself\ndate: 2019-01-01", "[This story](../itself/) links to itself.\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "a self-link is no problem: {}", run.stderr);
    site.build(&[]);
    let bio = body(&site, "/officials/antonio-guterres/");
    assert_eq!(links_to(&bio, "/officials/antonio-guterres/"), vec!["this page", "it again"], "{bio}");
    assert!(bio.contains("href=\"#roles\""), "{bio}");
    let page = html(&site, "/officials/antonio-guterres/");
    assert!(!section(&page, "mentions").contains("/officials/antonio-guterres/"), "not its own backlink: {page}");
    assert_eq!(links_to(&body(&site, "/documents/itself/"), "/documents/itself/"), vec!["This story"]);
}

#[test]
fn official_page_shows_roles_and_every_mention_with_its_sentence() {
    let site = with_officials();
    site.page(
        "documents/briefing.md",
        "title: Briefing on reform\ndate: 2017-09-20",
        "The Council met in the morning. Secretary-General António Guterres told the Council that reform was overdue. Members agreed.\n",
    );
    site.page(
        "documents/later.md",
        "title: Later story\ndate: 2019-02-01",
        "Critics were unconvinced. Mr. Guterres said the plan would hold!\n",
    );
    site.build(&[]);
    let page = html(&site, "/officials/antonio-guterres/");
    assert!(page.contains("<h1>António Guterres</h1>"), "{page}");
    assert!(
        page.contains("<strong>Secretary-General of the United Nations</strong>, <time datetime=\"2017-01-01\">1 January 2017</time> – present"),
        "{page}"
    );
    assert!(
        page.contains(
            "<strong>United Nations High Commissioner for Refugees</strong>, <time datetime=\"2005-06-15\">15 June 2005</time> – <time datetime=\"2015-12-31\">31 December 2015</time>"
        ),
        "{page}"
    );
    let mentions = section(&page, "mentions");
    assert_eq!(links_to(mentions, "/documents/briefing/"), vec!["Briefing on reform"]);
    assert_eq!(links_to(mentions, "/documents/later/"), vec!["Later story"]);
    assert!(
        mentions.contains(
            "<blockquote><p>Secretary-General António Guterres told the Council that reform was overdue.</p></blockquote>"
        ),
        "the sentence, not the paragraph: {mentions}"
    );
    assert!(mentions.contains("<blockquote><p>Mr. Guterres said the plan would hold!</p></blockquote>"), "{mentions}");
    assert!(mentions.contains("<time datetime=\"2017-09-20\">20 September 2017</time>"), "{mentions}");
    assert!(
        mentions.find("/documents/later/").unwrap() < mentions.find("/documents/briefing/").unwrap(),
        "newest first: {mentions}"
    );
    // Nobody mentions Ban Ki-moon.
    assert!(
        section(&html(&site, "/officials/ban-ki-moon/"), "mentions")
            .contains("No page of the handbook mentions this yet.")
    );

    let list = html(&site, "/officials/");
    assert_eq!(links_to(&list, "/officials/antonio-guterres/"), vec!["António Guterres"]);
    assert_eq!(links_to(&list, "/officials/ban-ki-moon/"), vec!["Ban Ki-moon"]);
}

#[test]
fn a_draft_official_is_recognized_but_neither_published_nor_linked() {
    let site = with_officials();
    site.page(
        "documents/roe.md",
        "title: Roe briefs\ndate: 2020-02-03",
        "Under-Secretary-General Jane Roe briefed the Council. Ms. Roe was brief.\n",
    );
    site.build(&[]);
    assert!(!site.exists("public/officials/jane-roe/index.html"));
    assert!(links_to(&html(&site, "/officials/"), "/officials/jane-roe/").is_empty());
    let content = body(&site, "/documents/roe/");
    assert!(content.contains("Jane Roe"), "{content}");
    assert!(!content.contains("/officials/jane-roe/"), "{content}");
    let list = mention_list(&site, "/documents/roe/");
    assert!(list.contains("<li>Jane Roe</li>"), "recognized, listed without a link: {list}");
    // Known to check: not reported as an unknown official.
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    site.build(&["--drafts"]);
    assert!(site.exists("public/officials/jane-roe/index.html"));
    let content = body(&site, "/documents/roe/");
    assert_eq!(links_to(&content, "/officials/jane-roe/"), vec!["Under-Secretary-General Jane Roe"], "{content}");
    let page = html(&site, "/officials/jane-roe/");
    assert_eq!(links_to(section(&page, "mentions"), "/documents/roe/"), vec!["Roe briefs"]);
}

#[test]
fn mentions_in_a_title_are_recorded_but_not_linked() {
    let site = with_officials();
    site.page(
        "documents/headline.md",
        "title: Guterres backs resolution 2086 (2013)\ndate: 2018-03-01",
        "No names here.\n",
    );
    site.build(&[]);
    assert!(!html(&site, "/documents/headline/").contains("class=\"entity "), "titles are not linked");
    let mentions = section(&html(&site, "/officials/antonio-guterres/"), "mentions").to_string();
    assert!(mentions.contains("<blockquote><p>Guterres backs resolution 2086 (2013)</p></blockquote>"), "{mentions}");
    let res = html(&site, "/resolutions/2086-2013/");
    assert_eq!(
        links_to(section(&res, "mentions"), "/documents/headline/"),
        vec!["Guterres backs resolution 2086 (2013)"]
    );
}

#[test]
fn a_draft_page_mentions_nothing_until_drafts_are_built() {
    let site = TestSite::new();
    site.page(
        "documents/wip.md",
        "title: Work in progress\ndate: 2018-03-01\ndraft: true",
        "Resolution 2086 (2013).\n",
    );
    site.build(&[]);
    assert!(!site.exists("public/resolutions/2086-2013/index.html"));
    site.build(&["--drafts"]);
    let res = html(&site, "/resolutions/2086-2013/");
    assert_eq!(links_to(section(&res, "mentions"), "/documents/wip/"), vec!["Work in progress"]);
}

// ----- which mentions are linked -----

#[test]
fn only_the_first_mention_is_linked_unless_every_mention_is_asked_for() {
    let site = with_officials();
    site.page(
        "documents/twice.md",
        "title: Twice\ndate: 2018-06-01",
        "Resolution 2086 (2013) set the tasks. Mr. Guterres cited it.\n\n\
         Later, 2086 (2013) was cited again, and Guterres repeated it. Finally S/RES/2086 (2013).\n",
    );
    site.build(&[]);
    let content = body(&site, "/documents/twice/");
    assert_eq!(links_to(&content, "/resolutions/2086-2013/"), vec!["2086 (2013)"], "{content}");
    assert_eq!(links_to(&content, "/officials/antonio-guterres/"), vec!["Mr. Guterres"], "{content}");
    // Every mention still counts for the backlinks: both sentences are there.
    let mentions = section(&html(&site, "/resolutions/2086-2013/"), "mentions").to_string();
    assert!(mentions.contains("<p>Resolution 2086 (2013) set the tasks.</p>"), "{mentions}");
    assert!(mentions.contains("<p>Later, 2086 (2013) was cited again, and Guterres repeated it.</p>"), "{mentions}");

    site.write("site.yaml", "title: Test Handbook\nbase_url: https://example.org/\nlinks:\n  every_mention: true\n");
    site.build(&[]);
    let content = body(&site, "/documents/twice/");
    assert_eq!(
        links_to(&content, "/resolutions/2086-2013/"),
        vec!["2086 (2013)", "2086 (2013)", "S/RES/2086 (2013)"],
        "{content}"
    );
    assert_eq!(links_to(&content, "/officials/antonio-guterres/"), vec!["Mr. Guterres", "Guterres"], "{content}");
}

#[test]
fn nothing_is_linked_inside_links_code_or_headings() {
    let site = TestSite::new();
    let text = "## Resolution 2086 (2013)\n\n\
                A [story on 2086 (2013)](https://example.com/story) and `S/RES/2086 (2013)` in code.\n\n\
                ```\nresolution 2086 (2013) and S/2020/1158\n```\n\n\
                > ### About S/2020/1158\n\n\
                The Council adopted resolution 2086 (2013) and read S/2020/1158.\n";
    site.page("documents/places.md", "title: Places\ndate: 2013-02-01", text);
    site.build(&[]);
    let content = body(&site, "/documents/places/");
    // The first mention that may be linked is the last paragraph's: that one is.
    assert_eq!(entity_hrefs(&content), vec!["/resolutions/2086-2013/", "https://undocs.org/S/2020/1158"], "{content}");
    assert!(content.contains("<h2 id=\"resolution-2086-2013\">Resolution 2086 (2013)"), "{content}");
    assert!(content.contains("<a href=\"https://example.com/story\">story on 2086 (2013)</a>"), "{content}");
    assert!(content.contains("<code>S/RES/2086 (2013)</code>"), "{content}");
    assert!(content.contains("<code>resolution 2086 (2013) and S/2020/1158\n</code>"), "{content}");
    assert!(content.contains("<p>The Council adopted resolution <a href=\"/resolutions/2086-2013/\""), "{content}");

    site.write("site.yaml", "title: Test Handbook\nbase_url: https://example.org/\nlinks:\n  every_mention: true\n");
    site.build(&[]);
    let content = body(&site, "/documents/places/");
    assert_eq!(
        entity_hrefs(&content),
        vec!["/resolutions/2086-2013/", "https://undocs.org/S/2020/1158"],
        "every mention, still none in links, code or headings: {content}"
    );
}

#[test]
fn entity_links_follow_the_base_path() {
    let site = with_officials();
    site.page("documents/sub.md", "title: Sub\ndate: 2018-01-01", "Mr. Guterres cited resolution 2086 (2013).\n");
    site.build(&["--base-url", "https://host.example/sub/"]);
    let content = body(&site, "/documents/sub/");
    assert_eq!(entity_hrefs(&content), vec!["/sub/officials/antonio-guterres/", "/sub/resolutions/2086-2013/"]);
    let page = html(&site, "/resolutions/2086-2013/");
    assert_eq!(links_to(section(&page, "mentions"), "/sub/documents/sub/"), vec!["Sub"]);
}

// ----- front-matter overrides -----

#[test]
fn front_matter_removes_and_adds_mentions() {
    let site = TestSite::new();
    site.page(
        "documents/edited.md",
        "title: Edited\ndate: 2021-03-01\nkind: news\nnot_mentions: [\"2086 (2013)\"]\nresolutions: [\"1325 (2000)\"]",
        "The figure 2086 (2013) is a page number here; resolution 2553 (2020) is real.\n",
    );
    site.build(&[]);
    let content = body(&site, "/documents/edited/");
    assert_eq!(entity_hrefs(&content), vec!["/resolutions/2553-2020/"], "{content}");
    assert!(content.contains("2086 (2013)"));

    let list = mention_list(&site, "/documents/edited/");
    assert!(list.contains("<h2 id=\"page_mentions\">Mentioned in this news</h2>"), "{list}");
    assert!(list.contains("<a href=\"/resolutions/1325-2000/\">1325 (2000)</a>"), "added: {list}");
    assert!(list.contains("<a href=\"/resolutions/2553-2020/\">2553 (2020)</a>"), "{list}");
    assert!(!list.contains("2086"), "removed: {list}");

    assert!(!site.exists("public/resolutions/2086-2013/index.html"), "nobody else mentions it");
    let added = html(&site, "/resolutions/1325-2000/");
    assert_eq!(links_to(section(&added, "mentions"), "/documents/edited/"), vec!["Edited"]);
    assert!(!section(&added, "mentions").contains("<blockquote>"), "declared, so no sentence: {added}");
}

#[test]
fn not_mentions_accepts_an_official_and_a_symbol_spelling() {
    let site = with_officials();
    site.page(
        "documents/quiet.md",
        "title: Quiet\ndate: 2018-01-01\nnot_mentions: [antonio-guterres, \"S/RES/2553 (2020)\"]",
        "Mr. Guterres is a namesake here. Resolution 2553 (2020) too.\n",
    );
    site.build(&[]);
    assert!(entity_hrefs(&body(&site, "/documents/quiet/")).is_empty());
    assert!(mention_list(&site, "/documents/quiet/").is_empty());
    assert!(!site.exists("public/resolutions/2553-2020/index.html"));
    assert!(!section(&html(&site, "/officials/antonio-guterres/"), "mentions").contains("/documents/quiet/"));
}

// ----- resolution pages -----

/// A handbook with a resolution's text, a story that mentions it, and an editor's note.
fn resolution_site() -> TestSite {
    let site = TestSite::new();
    site.page(
        "documents/peacekeeping.md",
        "title: Peacekeeping debate\ndate: 2013-01-22\nkind: news",
        "Members spoke at length. The Council unanimously adopted resolution 2086 (2013), its first on multidimensional peacekeeping. Then it adjourned.\n",
    );
    site.page(
        "documents/reform-story.md",
        "title: Reform story\ndate: 2020-12-04\nkind: news",
        "On Thursday the Council adopted resolution 2553 (2020) on security sector reform.\n\n\
         It builds on resolution 2086 (2013).\n",
    );
    site.page(
        "documents/resolution-2553-2020.md",
        "title: Resolution 2553 (2020)\ndate: 2020-12-03\nkind: resolution\nresolution: \"2553 (2020)\"",
        "*The Security Council*,\n\nRecalling its resolutions 2151 (2014) on security sector reform and 2282 (2016),\n\n\
         1. *Decides* to remain seized of the matter.\n",
    );
    site.page(
        "resolutions/2553-2020.md",
        "title: Notes on 2553",
        "The first resolution on security sector reform since 2014: an editor's note.\n",
    );
    site
}

#[test]
fn a_resolution_page_shows_catalogue_facts_and_every_mention() {
    let site = resolution_site();
    site.build(&[]);
    assert!(!site.exists("data"), "the test site has no catalogue of its own");
    let page = html(&site, "/resolutions/2086-2013/");
    assert!(page.contains("<h1>Resolution 2086 (2013)</h1>"), "{page}");
    assert!(page.contains("<dt>Symbol</dt><dd>S/RES/2086 (2013)</dd>"), "{page}");
    assert!(
        page.contains(
            "<dt>Adopted</dt><dd><time datetime=\"2013-01-21\">21 January 2013</time> at meeting S/PV.6903</dd>"
        ),
        "built-in catalogue: {page}"
    );
    assert!(page.contains("<dt>Agenda item</dt><dd>Peacekeeping operations</dd>"), "{page}");
    assert!(page.contains("<dt>Vote</dt><dd>15 in favour, 0 against, 0 abstentions</dd>"), "{page}");
    assert!(
        page.contains("<a href=\"https://undocs.org/S/RES/2086(2013)\" rel=\"external\">S/RES/2086 (2013) on the UN Official Document System</a>"),
        "{page}"
    );
    assert!(!page.contains("not in the handbook"), "{page}");
    let mentions = section(&page, "mentions");
    assert_eq!(links_to(mentions, "/documents/peacekeeping/"), vec!["Peacekeeping debate"]);
    assert_eq!(links_to(mentions, "/documents/reform-story/"), vec!["Reform story"]);
    assert!(
        mentions.contains(
            "<blockquote><p>The Council unanimously adopted resolution 2086 (2013), its first on multidimensional peacekeeping.</p></blockquote>"
        ),
        "{mentions}"
    );
    assert!(mentions.contains("<blockquote><p>It builds on resolution 2086 (2013).</p></blockquote>"), "{mentions}");
    assert!(mentions.contains("<time datetime=\"2013-01-22\">22 January 2013</time>"), "{mentions}");
}

#[test]
fn a_site_catalogue_replaces_the_built_in_one() {
    let site = resolution_site();
    site.write(
        "data/sc-resolutions.csv",
        "number,year,symbol,adopted,meeting,topic,vote\n2086,2013,S/RES/2086 (2013),2013-01-21,S/PV.6903,Edited topic,14-0-1\n",
    );
    site.build(&[]);
    let page = html(&site, "/resolutions/2086-2013/");
    assert!(page.contains("<dd>Edited topic</dd>"), "{page}");
    assert!(page.contains("<dd>14 in favour, 0 against, 1 abstentions</dd>"), "{page}");
}

#[test]
fn a_resolution_with_its_text_shows_it_and_what_it_recalls() {
    let site = resolution_site();
    site.build(&[]);
    let page = html(&site, "/resolutions/2553-2020/");
    assert!(page.contains("<dt>Adopted</dt><dd><time datetime=\"2020-12-03\">3 December 2020</time>"), "{page}");
    let text = section(&page, "text");
    assert!(text.contains("From <a href=\"/documents/resolution-2553-2020/\">Resolution 2553 (2020)</a>."), "{text}");
    assert!(text.contains("<em>Decides</em> to remain seized of the matter."), "{text}");
    assert!(text.contains("<a href=\"/resolutions/2151-2014/\""), "the text is linked too: {text}");
    let recalls = section(&page, "recalls");
    assert_eq!(links_to(recalls, "/resolutions/2151-2014/"), vec!["2151 (2014)"]);
    assert_eq!(links_to(recalls, "/resolutions/2282-2016/"), vec!["2282 (2016)"]);
    assert!(!recalls.contains("2553-2020"), "a resolution does not recall itself: {recalls}");
    let recalled = html(&site, "/resolutions/2151-2014/");
    assert_eq!(links_to(section(&recalled, "recalled_by"), "/resolutions/2553-2020/"), vec!["2553 (2020)"]);
    // Its own text is not "a page that mentions it".
    let mentions = section(&page, "mentions");
    assert!(!mentions.contains("/documents/resolution-2553-2020/"), "{mentions}");
    assert_eq!(links_to(mentions, "/documents/reform-story/"), vec!["Reform story"]);
    // The text's page points back.
    let text_page = html(&site, "/documents/resolution-2553-2020/");
    assert!(text_page.contains("<a href=\"/resolutions/2553-2020/\">About resolution 2553 (2020)"), "{text_page}");
}

#[test]
fn an_editors_note_adds_to_the_resolution_page_and_is_no_page_of_its_own() {
    let site = resolution_site();
    site.build(&[]);
    let page = html(&site, "/resolutions/2553-2020/");
    assert!(page.contains("<h1>Resolution 2553 (2020)</h1>"), "the resolution page, not the note's: {page}");
    assert!(page.contains("since 2014: an editor"), "{page}");
    assert!(page.contains("<dt>Symbol</dt>"), "{page}");
    assert!(!page.contains("Notes on 2553</h1>"), "{page}");
    let sitemap = site.read("public/sitemap.xml");
    assert_eq!(sitemap.matches("<loc>https://example.org/resolutions/2553-2020/</loc>").count(), 1, "{sitemap}");
}

#[test]
fn an_editors_note_is_not_listed_as_a_document() {
    let site = resolution_site();
    site.page("resolutions/2086-2013.md", "title: Notes on 2086\ndate: 2013-01-21", "A dated note.\n");
    site.build(&[]);
    assert!(site.root().join("public/timeline/2013/index.html").is_file(), "2013 has a page: the timeline's years");
    for file in
        ["public/index.html", "public/timeline/index.html", "public/timeline/2013/index.html", "public/atom.xml"]
    {
        let text = site.read(file);
        assert!(!text.contains("Notes on 2553") && !text.contains("Notes on 2086"), "{file}: {text}");
    }
}

#[test]
fn the_resolution_list_shows_topics_and_mention_counts() {
    let site = resolution_site();
    site.build(&[]);
    let list = html(&site, "/resolutions/");
    let row = |key: &str| -> String {
        let href = format!("<a href=\"/resolutions/{key}/\">");
        let at = list.find(&href).unwrap_or_else(|| panic!("{key} not listed:\n{list}"));
        let start = list[..at].rfind("<tr>").unwrap();
        let end = at + list[at..].find("</tr>").unwrap();
        list[start..end].to_string()
    };
    let r2086 = row("2086-2013");
    assert!(
        r2086.contains(
            "<td><time datetime=\"2013-01-21\">21 January 2013</time></td><td>Peacekeeping operations</td><td>2</td>"
        ),
        "{r2086}"
    );
    let r2553 = row("2553-2020");
    assert!(r2553.contains("security sector reform</td><td>1</td>"), "the text page is not a mention: {r2553}");
    let r2151 = row("2151-2014");
    assert!(r2151.contains("<td>Maintenance of international peace and security</td><td>1</td>"), "{r2151}");
    assert!(list.find("2086-2013").unwrap() < list.find("2151-2014").unwrap(), "by number");
    assert!(list.find("2151-2014").unwrap() < list.find("2282-2016").unwrap(), "by number");
    assert!(list.find("2282-2016").unwrap() < list.find("2553-2020").unwrap(), "by number");
    // Every other row is a resolution a mission's mandate history links to, mentioned nowhere.
    let mentioned = regex::Regex::new(r"<td>[1-9][0-9]*</td></tr>").unwrap();
    assert_eq!(mentioned.find_iter(&list).count(), 4, "{list}");
}

// ----- backlinks follow edits -----

#[test]
fn deleted_and_renamed_pages_leave_the_backlinks() {
    let site = with_officials();
    site.page("documents/first.md", "title: First\ndate: 2018-01-01", "Mr. Guterres cited resolution 2086 (2013).\n");
    site.page(
        "documents/second.md",
        "title: Second\ndate: 2018-02-01",
        "Resolution 2086 (2013) was cited by Guterres.\n",
    );
    site.page("documents/only.md", "title: Only\ndate: 2018-03-01", "The only mention of resolution 1820 (2008).\n");
    site.build(&[]);
    let res = section(&html(&site, "/resolutions/2086-2013/"), "mentions").to_string();
    assert_eq!(links_to(&res, "/documents/first/"), vec!["First"]);
    assert_eq!(links_to(&res, "/documents/second/"), vec!["Second"]);
    assert!(site.exists("public/resolutions/1820-2008/index.html"));

    std::fs::remove_file(site.root().join("content/documents/first.md")).unwrap();
    std::fs::remove_file(site.root().join("content/documents/only.md")).unwrap();
    std::fs::rename(site.root().join("content/documents/second.md"), site.root().join("content/documents/renamed.md"))
        .unwrap();
    site.build(&[]);

    let res = section(&html(&site, "/resolutions/2086-2013/"), "mentions").to_string();
    assert!(!res.contains("/documents/first/") && !res.contains("/documents/second/"), "{res}");
    assert_eq!(links_to(&res, "/documents/renamed/"), vec!["Second"]);
    let official = section(&html(&site, "/officials/antonio-guterres/"), "mentions").to_string();
    assert!(!official.contains("/documents/first/") && !official.contains("/documents/second/"), "{official}");
    assert_eq!(links_to(&official, "/documents/renamed/"), vec!["Second"]);
    assert!(!site.exists("public/resolutions/1820-2008/index.html"), "mentioned nowhere now");
    assert!(!site.exists("public/documents/second/index.html"));
    let list = html(&site, "/resolutions/");
    assert!(!list.contains("1820-2008"), "{list}");

    // Editing the sentence updates it.
    site.page(
        "documents/renamed.md",
        "title: Second, retitled\ndate: 2018-02-01",
        "A new sentence on 2086 (2013) here.\n",
    );
    site.build(&[]);
    let res = section(&html(&site, "/resolutions/2086-2013/"), "mentions").to_string();
    assert_eq!(links_to(&res, "/documents/renamed/"), vec!["Second, retitled"]);
    assert!(res.contains("<p>A new sentence on 2086 (2013) here.</p>"), "{res}");
    assert!(!res.contains("was cited by Guterres"), "{res}");
    assert!(
        section(&html(&site, "/officials/antonio-guterres/"), "mentions")
            .contains("No page of the handbook mentions this yet.")
    );
}

// ----- check -----

/// A clean handbook: every kind of mention, nothing wrong.
fn clean_site() -> TestSite {
    let site = with_officials();
    site.page(
        "documents/clean.md",
        "title: Clean\ndate: 2018-01-01\nofficials: [ban-ki-moon]\nresolutions: [\"1325 (2000)\"]\ndocuments: [\"S/2020/1158\"]",
        "Secretary-General António Guterres cited resolution 2086 (2013) and S/PRST/2007/3. See [the list](/resolutions/) and [Ban](/officials/ban-ki-moon/).\n",
    );
    site
}

#[test]
fn check_passes_a_clean_handbook() {
    let site = clean_site();
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "stdout: {}\nstderr: {}", run.stdout, run.stderr);
    assert!(!site.exists("public"), "check writes nothing");
}

#[test]
fn check_reports_each_broken_link_and_unknown_entity_naming_the_file() {
    let site = clean_site();
    site.page("documents/dead-link.md", "title: Dead link\ndate: 2018-01-02", "See [x](/documents/nope/).\n");
    site.page("documents/nobody.md", "title: Nobody\ndate: 2018-01-03\nofficials: [nobody]", "Text.\n");
    site.page(
        "documents/stranger.md",
        "title: Stranger\ndate: 2018-01-04",
        "Foreign Secretary Jane Doe arrived in New York.\n",
    );
    site.page(
        "documents/wrong-year.md",
        "title: Wrong year\ndate: 2018-01-05\nresolutions: [\"2086 (2014)\"]",
        "Text.\n",
    );
    let stderr = site.fails(&["check"]);
    let line = |file: &str| -> String {
        stderr
            .lines()
            .find(|l| l.contains(&format!("content/documents/{file}.md")))
            .unwrap_or_else(|| panic!("{file} not named:\n{stderr}"))
            .to_string()
    };
    assert!(line("dead-link").contains("/documents/nope/"), "{stderr}");
    assert!(line("nobody").contains("nobody"), "{stderr}");
    assert!(line("stranger").contains("Jane Doe"), "{stderr}");
    assert!(line("wrong-year").contains("2086") && line("wrong-year").contains("2013"), "{stderr}");
    assert!(!stderr.contains("content/documents/clean.md"), "{stderr}");
}

#[test]
fn a_broken_relative_link_is_located_and_a_link_to_a_markdown_file_is_told_the_pages_url() {
    let site = clean_site();
    site.page(
        "documents/relative.md",
        "title: Relative\ndate: 2018-01-02",
        "Fine: [clean](../clean/).\n\nSee [the clean page](clean.md) and\n[a mission](../../missions/nowhere/).\n",
    );
    let stderr = site.fails(&["check"]);
    assert!(
        stderr.contains(
            "content/documents/relative.md:7:22: link to `clean.md` (/documents/relative/clean.md) goes nowhere: \
             no page has that URL; content/documents/clean.md is the page at /documents/clean/: link to that"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "content/documents/relative.md:8:13: link to `../../missions/nowhere/` (/missions/nowhere/) goes nowhere"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("../clean/"), "a relative link that works is fine: {stderr}");
}

#[test]
fn check_fails_on_each_problem_alone() {
    let problems: &[(&str, &str, &str)] = &[
        ("title: A\ndate: 2018-01-02", "See [x](/documents/nope/).\n", "/documents/nope/"),
        ("title: A\nofficials: [nobody]", "Text.\n", "nobody"),
        ("title: A\ndate: 2018-01-04", "Foreign Secretary Jane Doe arrived.\n", "Jane Doe"),
        ("title: A\nresolutions: [\"2086 (2014)\"]", "Text.\n", "2086"),
    ];
    for (front, text, expect) in problems {
        let site = clean_site();
        site.page("documents/problem.md", front, text);
        let stderr = site.fails(&["check"]);
        assert!(stderr.contains("content/documents/problem.md"), "{front}: {stderr}");
        assert!(stderr.contains(expect), "{front}: {stderr}");
    }
}

// ----- the sentence around a mention -----

#[test]
fn backlink_sentences_survive_abbreviations_initials_and_quotes() {
    let site = with_officials();
    site.page(
        "documents/a.md",
        "title: A\ndate: 2018-01-01",
        "Earlier. Mr. Guterres cited resolution 2086 (2013) today. Later.\n",
    );
    site.page(
        "documents/b.md",
        "title: B\ndate: 2018-01-02",
        "First. Resolution 2106 (2013) was welcomed by Mr. Guterres and Jeffrey D. Feltman on Monday. Later.\n",
    );
    site.page(
        "documents/c.md",
        "title: C\ndate: 2018-01-03",
        "He said: \"We agree.\" The U.N. Security Council adopted resolution 2282 (2016) today. Later.\n",
    );
    site.build(&[]);
    let sentence = |key: &str| -> String {
        let page = html(&site, &format!("/resolutions/{key}/"));
        let mentions = section(&page, "mentions");
        let start = mentions.find("<blockquote><p>").unwrap_or_else(|| panic!("{mentions}")) + "<blockquote><p>".len();
        mentions[start..start + mentions[start..].find("</p>").unwrap()].to_string()
    };
    assert_eq!(sentence("2086-2013"), "Mr. Guterres cited resolution 2086 (2013) today.");
    assert_eq!(
        sentence("2106-2013"),
        "Resolution 2106 (2013) was welcomed by Mr. Guterres and Jeffrey D. Feltman on Monday."
    );
    assert_eq!(sentence("2282-2016"), "The U.N. Security Council adopted resolution 2282 (2016) today.");
    let official = section(&html(&site, "/officials/antonio-guterres/"), "mentions").to_string();
    assert!(official.contains("<p>Mr. Guterres cited resolution 2086 (2013) today.</p>"), "{official}");
}

#[test]
fn backlink_sentences_span_inline_markup() {
    let site = TestSite::new();
    site.page(
        "documents/c.md",
        "title: C\ndate: 2018-01-03",
        "Earlier. The Council *unanimously* adopted resolution 2122 (2013) today. Later.\n",
    );
    site.build(&[]);
    let mentions = section(&html(&site, "/resolutions/2122-2013/"), "mentions").to_string();
    assert!(mentions.contains("<p>The Council unanimously adopted resolution 2122 (2013) today.</p>"), "{mentions}");
}

#[test]
fn hard_wrapped_paragraphs_are_one_text() {
    let site = with_officials();
    site.page(
        "documents/wrapped.md",
        "title: Wrapped\ndate: 2018-01-04",
        "Earlier. The Council adopted\nresolution 2151 (2014) today,\nafter a long debate. Later.\n\n\
         The former\nSecretary-General spoke.\n",
    );
    site.build(&[]);
    let mentions = section(&html(&site, "/resolutions/2151-2014/"), "mentions").to_string();
    assert!(
        mentions.contains("<p>The Council adopted resolution 2151 (2014) today, after a long debate.</p>"),
        "{mentions}"
    );
    let content = body(&site, "/documents/wrapped/");
    assert!(
        !content.contains("/officials/antonio-guterres/"),
        "the former Secretary-General is not Guterres: {content}"
    );
}

// ----- open data, own identity, dates -----

fn json(site: &TestSite, rel: &str) -> Vec<serde_json::Value> {
    match serde_json::from_str(&site.read(rel)) {
        Ok(serde_json::Value::Array(records)) => records,
        other => panic!("{rel}: expected a JSON array, found {other:?}"),
    }
}

fn record<'a>(records: &'a [serde_json::Value], field: &str, value: &str) -> &'a serde_json::Value {
    records
        .iter()
        .find(|r| r[field] == value)
        .unwrap_or_else(|| panic!("no record with {field} = {value}: {records:?}"))
}

#[test]
fn the_open_data_records_each_page_resolution_and_official_with_resolved_mentions() {
    let site = with_officials();
    site.page(
        "documents/report.md",
        "title: Report on Mali\ndate: 2017-03-01\nkind: report\nlanguage: en\nsymbol: S/2017/123\nseed: r.txt\nsource: United Nations",
        "The Secretary-General recalled resolution 2100 (2013) and the statement S/PRST/2007/3.\n",
    );
    site.page(
        "documents/resolution-2100.md",
        "title: Resolution 2100 (2013)\ndate: 2013-04-25\nkind: resolution\nsymbol: S/RES/2100 (2013)\nresolution: 2100 (2013)\nmeeting: S/PV.6952",
        "United Nations S/RES/2100 (2013)\n\nRecalling its resolution 2085 (2012),\n",
    );
    site.build(&[]);

    let documents = json(&site, "public/data/documents.json");
    let report = record(&documents, "url", "/documents/report/");
    assert_eq!(report["file"], "content/documents/report.md");
    assert_eq!((report["date"].as_str(), report["kind"].as_str()), (Some("2017-03-01"), Some("report")));
    assert_eq!((report["symbol"].as_str(), report["seed"].as_str()), (Some("S/2017/123"), Some("r.txt")));
    assert_eq!(report["resolutions"], serde_json::json!(["2100 (2013)"]));
    assert_eq!(report["officials"], serde_json::json!(["antonio-guterres"]), "the Secretary-General on 1 March 2017");
    assert_eq!(report["documents"], serde_json::json!(["S/PRST/2007/3"]));
    // A resolution's text does not mention itself, though its header carries its own symbol.
    let text = record(&documents, "url", "/documents/resolution-2100/");
    assert_eq!(text["resolutions"], serde_json::json!(["2085 (2012)"]));
    assert_eq!(text["meeting"], "S/PV.6952");
    assert!(documents.iter().all(|d| !d["url"].as_str().unwrap_or("").starts_with("/officials/")));

    let resolutions = json(&site, "public/data/resolutions.json");
    let r2100 = record(&resolutions, "url", "/resolutions/2100-2013/");
    assert_eq!((r2100["number"].as_u64(), r2100["year"].as_u64()), (Some(2100), Some(2013)));
    assert_eq!(r2100["adopted"], "2013-04-25");
    assert_eq!(r2100["vote"], "15-0-0");
    assert_eq!(r2100["text"], "/documents/resolution-2100/");
    assert_eq!(r2100["recalls"], serde_json::json!(["2085 (2012)"]));
    assert_eq!(r2100["mentioned_in"], serde_json::json!(["/documents/report/"]));
    let r2085 = record(&resolutions, "url", "/resolutions/2085-2012/");
    assert_eq!(r2085["recalled_by"], serde_json::json!(["2100 (2013)"]));

    let officials = json(&site, "public/data/officials.json");
    let guterres = record(&officials, "slug", "antonio-guterres");
    assert_eq!(guterres["name"], "António Guterres");
    assert_eq!(guterres["roles"][0]["from"], "2017-01-01");
    assert_eq!(guterres["mentioned_in"], serde_json::json!(["/documents/report/"]));
    assert!(officials.iter().all(|o| o["slug"] != "jane-roe"), "drafts are not published");
}

#[test]
fn a_citation_dated_after_its_page_is_not_linked_and_check_says_so() {
    let site = TestSite::new();
    site.page(
        "documents/old.md",
        "title: An April 1992 report\ndate: 1992-04-15",
        "Under resolution 949 and resolution 687 (1991), the Council acted.\n",
    );
    site.build(&[]);
    let page = body(&site, "/documents/old/");
    assert!(links_to(&page, "/resolutions/949-1994/").is_empty(), "{page}");
    assert_eq!(links_to(&page, "/resolutions/687-1991/"), ["687 (1991)"]);
    assert!(!lists_mention(&site, "/resolutions/949-1994/", "/documents/old/"));
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "a warning, not a failure:\n{}", run.stderr);
    assert!(
        run.stderr.contains("content/documents/old.md: resolution 949 (1994) was adopted on 15 October 1994, after this page's date (15 April 1992): not linked"),
        "{}",
        run.stderr
    );
}
