//! Whole-site tests of peace operations: every mission of the list gets a page with its facts,
//! lineage, mandate history, heads and every page that mentions it; mentions in running text
//! link to it by acronym or name in any of its languages, never before it existed; "the Mission"
//! means the page's one running mission. Real sites in temporary folders, built by the real
//! binary, asserted on the HTML and the open data.

use crate::common::{TestSite, body, html, links_to, repo, section};

const MINUSTAH: &str = "title: United Nations Stabilization Mission in Haiti
acronym: MINUSTAH
aliases:
  - Misión de Estabilización de las Naciones Unidas en Haití
  - Mission des Nations Unies pour la stabilisation en Haïti";

/// The one page `build` imported from a seed.
fn imported_page(site: &TestSite) -> String {
    let pages: Vec<String> = std::fs::read_dir(site.root().join("content/documents"))
        .expect("content/documents")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && n != "_index.md")
        .collect();
    assert_eq!(pages.len(), 1, "{pages:?}");
    format!("/documents/{}/", pages[0].trim_end_matches(".md"))
}

#[test]
fn a_real_report_links_its_mission_and_the_mission_page_shows_mandate_and_mentions() {
    let site = TestSite::new();
    let sample = std::fs::read(repo().join("tests/fixtures/samples/reports/UNTAC_S_26360.txt")).expect("sample");
    site.write("seeds/untac.txt", &String::from_utf8_lossy(&sample));
    site.build(&[]);
    let report = imported_page(&site);

    // The report names UNTAC by its name and acronym: the first mention links.
    let text = body(&site, &report);
    assert_eq!(links_to(&text, "/missions/untac/").len(), 1, "{text}");

    let untac = html(&site, "/missions/untac/");
    assert!(untac.contains("United Nations Transitional Authority in Cambodia <abbr>(UNTAC)</abbr>"), "{untac}");
    assert!(untac.contains("status-closed"), "UNTAC ended in 1993");
    assert!(untac.contains("<time datetime=\"1992-02-28\">28 February 1992</time>"));
    assert!(untac.contains("<time datetime=\"1993-09-24\">24 September 1993</time>"));
    // Lineage from the list: UNAMIC came before.
    assert!(untac.contains("<dt>Predecessor</dt><dd><a href=\"/missions/unamic/\">UNAMIC</a>"), "{untac}");
    // The resolution that established it heads the mandate history; later Cambodia resolutions
    // of its years follow by agenda item.
    let mandate = section(&untac, "mandate");
    assert!(mandate.contains("<a href=\"/resolutions/745-1992/\">Resolution 745 (1992)</a>"), "{mandate}");
    assert!(mandate.contains("established the mission"));
    assert!(mandate.contains("/resolutions/840-1993/"), "{mandate}");
    assert!(!mandate.contains("/resolutions/717-1991/"), "717 (1991) established UNAMIC, before UNTAC: {mandate}");
    // The report is both a report on the mission and a page that mentions it.
    assert!(section(&untac, "reports").contains(&format!("<a href=\"{report}\">")), "{untac}");
    assert!(section(&untac, "mentions").contains(&format!("href=\"{report}\"")), "{untac}");
    // Resolution 745 (1992) has a page naming the mission it established.
    let r745 = html(&site, "/resolutions/745-1992/");
    assert!(r745.contains("href=\"/missions/untac/\""), "{r745}");
}

#[test]
fn a_mission_is_linked_by_its_name_in_spanish_and_french() {
    let site = TestSite::new();
    site.page("missions/minustah.md", MINUSTAH, "A note on MINUSTAH by the editors.\n");
    site.page(
        "documents/es.md",
        "title: Haití\ndate: 2010-01-20\nlanguage: es",
        "El Consejo elogió a la Misión de Estabilización de las Naciones Unidas en Haití por su labor.\n",
    );
    site.page(
        "documents/fr.md",
        "title: Haïti\ndate: 2010-01-20\nlanguage: fr",
        "Le Conseil a salué la Mission des Nations Unies pour la stabilisation en Haïti.\n",
    );
    site.build(&[]);
    assert_eq!(
        links_to(&body(&site, "/documents/es/"), "/missions/minustah/"),
        vec!["Misión de Estabilización de las Naciones Unidas en Haití"]
    );
    assert_eq!(
        links_to(&body(&site, "/documents/fr/"), "/missions/minustah/"),
        vec!["Mission des Nations Unies pour la stabilisation en Haïti"]
    );
    let page = html(&site, "/missions/minustah/");
    assert!(
        page.contains("<span lang=\"es\">Misión de Estabilización de las Naciones Unidas en Haití</span>"),
        "{page}"
    );
    assert!(page.contains("A note on MINUSTAH by the editors."), "the note is the page's text");
    let mentions = section(&page, "mentions");
    assert!(mentions.contains("href=\"/documents/es/\"") && mentions.contains("href=\"/documents/fr/\""), "{mentions}");
    assert!(
        !mentions.contains("href=\"/missions/minustah/\""),
        "the note mentions MINUSTAH, and is its page: {mentions}"
    );
    // The note is the mission's page, not a document of its own nor a mention of itself.
    assert!(!site.exists("public/missions/minustah/minustah/index.html"));
    assert!(!html(&site, "/documents/").contains("A note on MINUSTAH"));
}

#[test]
fn acronyms_that_contain_each_other_are_different_missions() {
    let site = TestSite::new();
    site.page(
        "documents/sudan.md",
        "title: Sudan\ndate: 2011-07-08",
        "As UNMIS closed, UNMISS took over in Juba.\n\nThe word unmiss in lower case is no acronym.\n",
    );
    site.build(&[]);
    let text = body(&site, "/documents/sudan/");
    assert_eq!(links_to(&text, "/missions/unmis/"), vec!["UNMIS"]);
    assert_eq!(links_to(&text, "/missions/unmiss/"), vec!["UNMISS"]);
    let unmiss = html(&site, "/missions/unmiss/");
    assert!(unmiss.contains("<dt>Predecessor</dt><dd><a href=\"/missions/unmis/\">UNMIS</a>"), "{unmiss}");
    assert!(unmiss.contains("status-active"));
    // A successor the list lacks (the political office UNOL) is named, not linked.
    assert!(html(&site, "/missions/unomil/").contains("<dt>Successor</dt><dd>UNOL</dd>"));
}

#[test]
fn a_mission_named_before_it_existed_is_not_linked_and_check_says_why() {
    let site = TestSite::new();
    site.page("documents/old.md", "title: Sahel\ndate: 1985-03-01", "MINUSMA troops patrolled near Gao.\n");
    site.build(&[]);
    let text = body(&site, "/documents/old/");
    assert!(links_to(&text, "/missions/minusma/").is_empty(), "{text}");
    assert!(!section(&html(&site, "/missions/minusma/"), "mentions").contains("/documents/old/"));
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "a warning, not an error: {}", run.stderr);
    assert!(
        run.stderr.contains("content/documents/old.md: MINUSMA did not exist yet on this page's date (1 March 1985)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("add \"minusma\" to `not_mentions`"), "{}", run.stderr);
}

#[test]
fn thousands_of_warnings_are_summed_up_by_build_and_listed_by_check() {
    let site = TestSite::new();
    for i in 0..40 {
        site.page(
            &format!("documents/old-{i:02}.md"),
            "title: Sahel\ndate: 1985-03-01",
            "MINUSMA troops patrolled near Gao.\n",
        );
    }
    for i in 0..5 {
        site.page(
            &format!("documents/older-{i}.md"),
            "title: Haiti\ndate: 1980-01-01",
            "See resolution 2350 (2017) on MINUJUSTH.\n",
        );
    }
    let build = site.build(&[]);
    let warned: Vec<&str> = build.stderr.lines().filter(|l| l.contains("WARN")).collect();
    assert!(warned.iter().any(|l| l.contains("50 warnings of 2 kinds:")), "{}", build.stderr);
    assert!(warned.iter().any(|l| l.contains("45 × X did not exist yet on this page's date (…)")), "{}", build.stderr);
    assert!(
        warned.iter().any(|l| l.contains("5 × resolution N (…) was adopted on N after this page's date (…)")),
        "{}",
        build.stderr
    );
    assert!(warned.iter().any(|l| l.contains("… and 42 more")), "{}", build.stderr);
    assert!(warned.len() < 20, "a summary, not a list: {}", build.stderr);
    assert!(build.stderr.contains("`handbook check` lists them all"));

    // check lists every one, once.
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    for i in 0..40 {
        let line = format!("content/documents/old-{i:02}.md: MINUSMA did not exist yet");
        assert_eq!(check.stderr.matches(&line).count(), 1, "{line} once: {}", check.stderr);
    }
    // …and as JSON, for tools, with nothing else on stdout.
    let json = site.run(&["check", "--format", "json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let list: serde_json::Value = serde_json::from_str(&json.stdout).expect("check --format json writes JSON");
    let list = list.as_array().expect("an array");
    assert_eq!(list.len(), 50);
    let first = list.iter().find(|w| w["file"] == "content/documents/old-00.md").expect("old-00.md's warning");
    assert_eq!(first["level"], "warning");
    assert_eq!(first["kind"], "X did not exist yet on this page's date (…)");
    assert!(first["message"].as_str().is_some_and(|m| m.starts_with("MINUSMA did not exist yet")), "{first}");
    assert!(!json.stderr.contains("did not exist yet"), "the warnings are not logged twice: {}", json.stderr);

    // A failing check still writes its errors and warnings as JSON, and exits 1.
    site.page("documents/broken.md", "title: Broken\ndate: 2020-01-01\nofficials: [nobody-at-all]", "Text.\n");
    let failed = site.run(&["check", "--format", "json"]);
    assert_eq!(failed.code, 1, "{}", failed.stderr);
    let list: serde_json::Value = serde_json::from_str(&failed.stdout).expect("JSON on failure too");
    assert!(
        list.as_array()
            .expect("array")
            .iter()
            .any(|w| w["level"] == "error" && w["file"] == "content/documents/broken.md"),
        "{list}"
    );
}

#[test]
fn the_mission_is_the_one_mission_a_page_names_that_ran_on_its_date() {
    let site = TestSite::new();
    site.page(
        "documents/report.md",
        "title: Report on MINUJUSTH\ndate: 2018-03-01\nkind: report\nsymbol: S/2018/100",
        "MINUJUSTH followed MINUSTAH, which closed in 2017.\n\nThe Mission trained the Haitian National Police.\n",
    );
    site.page(
        "documents/two.md",
        "title: Two missions\ndate: 2012-01-01",
        "MINUSTAH and UNMISS were both running.\n\nThe Mission reported progress.\n",
    );
    site.build(&[]);
    let minujusth = section(&html(&site, "/missions/minujusth/"), "mentions").to_string();
    assert!(minujusth.contains("The Mission trained the Haitian National Police."), "{minujusth}");
    let minustah = section(&html(&site, "/missions/minustah/"), "mentions").to_string();
    assert!(!minustah.contains("The Mission trained"), "MINUSTAH had closed: {minustah}");
    // A report whose one running mission is MINUJUSTH is listed among its reports.
    assert!(section(&html(&site, "/missions/minujusth/"), "reports").contains("href=\"/documents/report/\""));
    // Two running missions: "the Mission" is neither.
    for slug in ["minustah", "unmiss"] {
        let mentions = section(&html(&site, &format!("/missions/{slug}/")), "mentions").to_string();
        assert!(mentions.contains("/documents/two/"), "{slug}: {mentions}");
        assert!(!mentions.contains("The Mission reported progress."), "{slug}: {mentions}");
    }
}

#[test]
fn a_resolution_text_gives_the_mandate_its_words_and_the_current_authorization() {
    let site = TestSite::new();
    site.page(
        "documents/res-2625.md",
        "title: Resolution 2625 (2022)\ndate: 2022-03-15\nkind: resolution\nresolution: 2625 (2022)\nsymbol: S/RES/2625 (2022)",
        "The Security Council,\n\n1. *Decides* to extend the mandate of UNMISS until 30 April 2023;\n\n2. *Requests* the Secretary-General to report.\n",
    );
    site.build(&[]);
    let unmiss = html(&site, "/missions/unmiss/");
    let mandate = section(&unmiss, "mandate");
    assert!(mandate.contains("its text names the mission"), "{mandate}");
    assert!(
        mandate
            .contains("<blockquote><p>Decides to extend the mandate of UNMISS until 30 April 2023;</p></blockquote>"),
        "{mandate}"
    );
    assert!(
        unmiss.contains("<dt>Current authorization</dt><dd>until <time datetime=\"2023-04-30\">30 April 2023</time> — <a href=\"/resolutions/2625-2022/\">resolution 2625 (2022)</a>"),
        "{unmiss}"
    );
    // The resolution's own page lists the mission its text concerns.
    assert!(html(&site, "/resolutions/2625-2022/").contains("href=\"/missions/unmiss/\""));
}

#[test]
fn an_officials_role_names_the_mission_and_both_pages_link_each_other() {
    let site = TestSite::new();
    site.page(
        "officials/el-ghassim-wane.md",
        "title: El-Ghassim Wane\nroles:\n  - title: Special Representative of the Secretary-General for Mali and Head of MINUSMA\n    from: 2021-05-20\n    to: 2023-12-31",
        "Mauritanian diplomat.\n",
    );
    site.build(&[]);
    let minusma = html(&site, "/missions/minusma/");
    let heads = section(&minusma, "officials");
    assert!(
        heads.contains("<a href=\"/officials/el-ghassim-wane/\">El-Ghassim Wane</a>, Special Representative"),
        "{heads}"
    );
    assert!(
        heads.contains("<time datetime=\"2021-05-20\">20 May 2021</time> – <time datetime=\"2023-12-31\">"),
        "{heads}"
    );
    let official = html(&site, "/officials/el-ghassim-wane/");
    assert!(official.contains("href=\"/missions/minusma/\""), "{official}");
}

#[test]
fn the_mission_list_the_timeline_and_the_open_data_hold_every_mission() {
    let site = TestSite::new();
    site.page("documents/a.md", "title: A\ndate: 2014-01-01", "MINUSMA and MONUSCO were deployed.\n");
    site.build(&[]);
    let list = html(&site, "/missions/");
    let active = section(&list, "active");
    let closed = section(&list, "closed");
    assert!(
        active.contains("href=\"/missions/monusco/\"") && !active.contains("href=\"/missions/minusma/\""),
        "{active}"
    );
    assert!(closed.contains("href=\"/missions/minusma/\"") && closed.contains("href=\"/missions/untac/\""), "{closed}");
    assert!(section(&list, "by_region").contains("<h3>Africa</h3>"));
    // Listed by start date: UNTSO (1948) before UNTAC (1992).
    assert!(list.find("/missions/untso/") < list.find("/missions/untac/"));

    let timeline = html(&site, "/timeline/");
    assert!(timeline.contains("href=\"/missions/untac/\""), "UNTAC began in 1992: {timeline}");

    let data: serde_json::Value = serde_json::from_str(&site.read("public/data/missions.json")).expect("missions.json");
    let missions = data.as_array().expect("a list");
    let untac = missions.iter().find(|m| m["slug"] == "untac").expect("untac");
    assert_eq!(untac["acronym"], "UNTAC");
    assert_eq!(untac["start"], "1992-02-28");
    assert_eq!(untac["established_by"][0], "745 (1992)");
    assert_eq!(untac["predecessors"][0], "unamic");
    let minusma = missions.iter().find(|m| m["slug"] == "minusma").expect("minusma");
    assert_eq!(minusma["status"], "closed");
    assert!(
        minusma["mentioned_in"].as_array().is_some_and(|m| m.iter().any(|p| p.as_str() == Some("/documents/a/"))),
        "{minusma}"
    );
    // Every mission of the list has a page.
    for m in missions {
        let slug = m["slug"].as_str().expect("slug");
        assert!(site.exists(&format!("public/missions/{slug}/index.html")), "{slug}");
    }
}

#[test]
fn a_sites_own_list_replaces_the_built_in_one_and_its_errors_are_located() {
    let site = TestSite::new();
    site.write(
        "data/peace-operations.csv",
        "acronym,name,kind,location,start,end,established_by,predecessor,successor,source\n\
         UNXYZ,United Nations Example Mission,political,Atlantis,2020-01-01,,,,,made up\n",
    );
    site.page("documents/a.md", "title: A\ndate: 2021-01-01", "UNXYZ opened an office; UNTAC is history.\n");
    site.build(&[]);
    assert!(site.exists("public/missions/unxyz/index.html"));
    assert!(!site.exists("public/missions/untac/index.html"), "the site's list replaces the built-in one");
    assert_eq!(links_to(&body(&site, "/documents/a/"), "/missions/unxyz/"), vec!["UNXYZ"]);

    site.write(
        "data/peace-operations.csv",
        "acronym,name,kind,location,start,end,established_by,predecessor,successor,source\n\
         UNXYZ,United Nations Example Mission,political,Atlantis,2020-13-01,,,,,made up\n",
    );
    let stderr = site.fails(&["build"]);
    assert!(stderr.contains("data/peace-operations.csv:2"), "{stderr}");
    assert!(stderr.contains("2020-13-01"), "{stderr}");
    assert!(site.exists("public/missions/unxyz/index.html"), "a failed build leaves the last good site");
}

#[test]
fn an_unknown_mission_in_front_matter_is_a_warning_to_build_and_an_error_to_check() {
    let site = TestSite::new();
    site.page("documents/a.md", "title: A\nmissions: [untak]", "Text.\n");
    let run = site.build(&[]);
    assert!(run.stderr.contains("content/documents/a.md: front-matter: unknown mission `untak`"), "{}", run.stderr);
    let stderr = site.fails(&["check"]);
    assert!(stderr.contains("content/documents/a.md: front-matter: unknown mission `untak`"), "{stderr}");
}
