//! The Council's record: `data update` merging the UN Library's voting data into `data/` (new
//! rows, empty facts filled, disagreements reported, the dataset's own contradictions refused,
//! a second run changing nothing, bad files failing by file and line), and what readers see of
//! it: votes with members named, the Council's members, agenda item pages.

use crate::common::{TestSite, html, repo};

const SAMPLE: &str = "tests/fixtures/voting/sc-voting-sample.csv";

fn sample() -> String {
    std::fs::read_to_string(repo().join(SAMPLE)).expect("the sample")
}

/// The built-in catalogue, cut after resolution `last`, as a site's own `data/sc-resolutions.csv`.
fn catalogue_until(last: u32) -> String {
    let text = std::fs::read_to_string(repo().join("data/sc-resolutions.csv")).expect("catalogue");
    text.lines()
        .filter(|l| l.split(',').next().and_then(|n| n.parse::<u32>().ok()).is_none_or(|n| n <= last))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// A site with its own data files (a catalogue to 2790, no votes, no members) and the sample
/// saved at `dataset.csv`.
fn site_with_data(dataset: &str) -> TestSite {
    let site = TestSite::new();
    site.write("data/sc-resolutions.csv", &catalogue_until(2790).replace(",without vote,undl\n", ",,\n"));
    site.write("data/sc-votes.csv", "number,against,abstaining,not_participating\n");
    site.write("data/sc-members.csv", "year,members\n");
    site.write("dataset.csv", dataset);
    site
}

fn row(csv: &str, number: u32) -> Option<&str> {
    let prefix = format!("{number},");
    csv.lines().find(|l| l.starts_with(&prefix))
}

/// `data update` of the site's `dataset.csv`, its paths shown relative to the site.
fn update(site: &TestSite, extra: &[&str]) -> crate::common::Run {
    let dataset = site.root().join("dataset.csv");
    let mut args = vec!["data", "update", dataset.to_str().expect("a UTF-8 path")];
    args.extend_from_slice(extra);
    let mut run = site.run(&args);
    assert_eq!(run.code, 0, "data update failed:\n{}\n{}", run.stdout, run.stderr);
    run.stdout = run.stdout.replace(&format!("{}/", site.root().display()), "");
    run
}

/// `data update` of the site's `dataset.csv` that must fail: its message, paths as in `update`.
fn update_fails(site: &TestSite) -> String {
    let dataset = site.root().join("dataset.csv");
    site.fails(&["data", "update", dataset.to_str().expect("a UTF-8 path")])
        .replace(&format!("{}/", site.root().display()), "")
}

#[test]
fn an_update_adds_new_resolutions_fills_empty_facts_and_records_votes_and_members() {
    let site = site_with_data(&sample());
    // 2638 (2022) was adopted without a vote; the catalogue leaves its vote empty.
    assert_eq!(
        row(&site.read("data/sc-resolutions.csv"), 2638),
        Some(
            "2638,2022,S/RES/2638 (2022),2022-06-22,S/PV.9073,Date of election to fill a vacancy in the International Court of Justice,,"
        )
    );
    let run = update(&site, &[]);
    let catalogue = site.read("data/sc-resolutions.csv");
    // The sample's resolutions after 2790 are new rows, from the Library.
    assert_eq!(
        row(&catalogue, 2797),
        Some("2797,2025,S/RES/2797 (2025),2025-10-31,S/PV.10030,The situation concerning Western Sahara,11-0-3,undl")
    );
    assert_eq!(
        row(&catalogue, 2815),
        Some("2815,2026,S/RES/2815 (2026),2026-01-30,S/PV.10100,The situation in Cyprus,13-0-2,undl")
    );
    assert!(row(&catalogue, 2814).is_none(), "the sample has no 2814");
    assert!(run.stdout.contains("new resolutions (6):"), "{}", run.stdout);
    // An empty fact is filled.
    assert!(row(&catalogue, 2638).is_some_and(|r| r.ends_with(",without vote,undl")), "{catalogue}");
    assert!(run.stdout.contains("resolution 2638 (2022): vote without vote"), "{}", run.stdout);
    // Per-member votes, with Algeria not taking part in 2756 and 2797.
    let votes = site.read("data/sc-votes.csv");
    assert_eq!(row(&votes, 2756), Some("2756,,MOZ;RUS,DZA"));
    assert_eq!(row(&votes, 2797), Some("2797,,CHN;PAK;RUS,DZA"));
    assert_eq!(row(&votes, 502), Some("502,PAN,CHN;POL;ESP;SUN,"));
    assert_eq!(row(&votes, 458), Some("458,,,CHN"));
    assert!(row(&votes, 11).is_none(), "a resolution adopted without a vote has no member votes");
    let members = site.read("data/sc-members.csv");
    assert_eq!(row(&members, 2024), Some("2024,CHE;CHN;DZA;ECU;FRA;GBR;GUY;JPN;KOR;MLT;MOZ;RUS;SLE;SVN;USA"));
    assert_eq!(row(&members, 1946), Some("1946,AUS;BRA;CHN;EGY;FRA;GBR;MEX;NLD;POL;SUN;USA"));
    // What was written builds.
    site.page("documents/a.md", "title: A\ndate: 2026-02-01", "Under resolution 2815 (2026).\n");
    site.build(&[]);
    assert!(
        html(&site, "/resolutions/2815-2026/").contains("<dt>Vote</dt><dd>13 in favour, 0 against, 2 abstentions</dd>")
    );
}

#[test]
fn a_fact_that_disagrees_is_reported_and_kept_unless_the_library_is_accepted() {
    let site = site_with_data(&sample());
    let run = update(&site, &[]);
    // The catalogue has 11 (1946) as 11-0-0; the Library says it was adopted without a vote.
    assert!(
        run.stdout.contains(
            "data/sc-resolutions.csv:12:1: resolution 11 (1946): vote: \"11-0-0\" here, \"without vote\" in the Library (dataset.csv:2)"
        ),
        "{}",
        run.stdout
    );
    assert!(row(&site.read("data/sc-resolutions.csv"), 11).is_some_and(|r| r.ends_with(",11-0-0,")));
    // The same item in other words is no disagreement: "Croatia" and "The situation in Croatia.".
    assert!(!run.stdout.contains("resolution 1038 (1996): topic"), "{}", run.stdout);

    let run = update(&site, &["--accept-library"]);
    assert!(run.stdout.contains("taken from the Library (1):"), "{}", run.stdout);
    assert!(run.stdout.contains("resolution 11 (1946): vote"), "{}", run.stdout);
    assert!(row(&site.read("data/sc-resolutions.csv"), 11).is_some_and(|r| r.ends_with(",without vote,undl")));
}

#[test]
fn the_datasets_own_contradictions_are_reported_and_left_out() {
    // 2809 as Version 6 has it: dated 13 November 2025, at meeting S/PV.10078, which comes after
    // meetings of mid-November (2801, 2803) and before January's (2812). Its rows copy 2801's.
    let sample = sample();
    let rows_2809: String = sample
        .lines()
        .filter(|l| l.contains("S/RES/2801(2025)"))
        .map(|l| {
            l.replace("S/RES/2801(2025)", "S/RES/2809(2025)")
                .replace("2025-11-14", "2025-11-13")
                .replace("S/PV.10044", "S/PV.10078")
                .replace(",A,", ",Y,")
                .replace(",13,0,2,0,15,", ",15,0,0,0,15,")
                + "\n"
        })
        .collect();
    let site = site_with_data(&format!("{sample}{rows_2809}"));
    let run = update(&site, &[]);
    assert!(run.stdout.contains("the Library's own contradictions, left out (2):"), "{}", run.stdout);
    // 2812: all fifteen member rows say yes, the totals 13-0-2: no vote, no member votes.
    assert!(
        run.stdout.contains("resolution 2812 (2026): its member rows say 15 in favour, 0 against, 0 abstaining, 0 not voting; its totals 13-0-2"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("resolution 2809 (2025): dated 2025-11-13 but adopted at meeting S/PV.10078"),
        "{}",
        run.stdout
    );
    let catalogue = site.read("data/sc-resolutions.csv");
    assert_eq!(
        row(&catalogue, 2812),
        Some("2812,2026,S/RES/2812 (2026),2026-01-14,S/PV.10089,Maintenance of international peace and security,,undl")
    );
    assert_eq!(
        row(&catalogue, 2809),
        Some("2809,2025,S/RES/2809 (2025),,S/PV.10078,The situation in the Middle East,15-0-0,undl")
    );
    let votes = site.read("data/sc-votes.csv");
    assert!(row(&votes, 2812).is_none());
    assert_eq!(row(&votes, 2809), Some("2809,,,"));
}

#[test]
fn a_second_update_with_the_same_file_changes_nothing_and_says_so() {
    let site = site_with_data(&sample());
    update(&site, &[]);
    let before: Vec<String> =
        ["data/sc-resolutions.csv", "data/sc-votes.csv", "data/sc-members.csv"].iter().map(|f| site.read(f)).collect();
    let run = update(&site, &[]);
    assert!(run.stdout.contains("nothing to change: data/ already holds everything this file says"), "{}", run.stdout);
    let after: Vec<String> =
        ["data/sc-resolutions.csv", "data/sc-votes.csv", "data/sc-members.csv"].iter().map(|f| site.read(f)).collect();
    assert_eq!(before, after);
    // And a dry run of a new file says what it would write, writing nothing.
    let fresh = site_with_data(&sample());
    let run = update(&fresh, &["--dry-run"]);
    assert!(run.stdout.contains("would write data/sc-resolutions.csv"), "{}", run.stdout);
    assert_eq!(fresh.read("data/sc-resolutions.csv"), catalogue_until(2790).replace(",without vote,undl\n", ",,\n"));
}

#[test]
fn bad_files_fail_by_file_and_line_and_leave_data_as_it_was() {
    let sample = sample();
    let lines: Vec<&str> = sample.lines().collect();
    let cases: Vec<(&str, Vec<u8>, String)> = vec![
        (
            "a wrong header",
            "number,year,symbol\n1,1946,S/RES/1 (1946)\n".into(),
            "dataset.csv:1:1: expected the header of the Library's Security Council Voting Data".into(),
        ),
        (
            "a truncated file",
            sample.as_bytes()[..sample.len() - 300].to_vec(),
            format!("dataset.csv:{}:1: expected 20 columns, found", lines.len()),
        ),
        (
            "a row that does not parse",
            sample.replacen("1946-11-15", "15/11/1946", 1).into_bytes(),
            "dataset.csv:2:1: date: expected a date like 2024-10-31, found \"15/11/1946\"".into(),
        ),
        (
            "a vote that is not one",
            sample.replacen(",False,X,1946", ",False,maybe,1946", 1).into_bytes(),
            "dataset.csv:2:1: ms_vote: expected Y, N, A or X, found \"maybe\"".into(),
        ),
        (
            "another encoding",
            {
                let mut bytes = sample.as_bytes().to_vec();
                bytes.extend_from_slice(b"280463,CIV,C\xd4TE D'IVOIRE,False,Y\n");
                bytes
            },
            "not UTF-8".into(),
        ),
    ];
    for (what, bytes, expected) in cases {
        let site = site_with_data("");
        std::fs::write(site.root().join("dataset.csv"), bytes).expect("write");
        let stderr = update_fails(&site);
        assert!(stderr.contains(&expected), "{what}: expected {expected:?} in:\n{stderr}");
        assert_eq!(
            site.read("data/sc-resolutions.csv"),
            catalogue_until(2790).replace(",without vote,undl\n", ",,\n"),
            "{what}: the catalogue changed"
        );
        assert_eq!(site.read("data/sc-votes.csv"), "number,against,abstaining,not_participating\n", "{what}");
        let leftovers: Vec<_> = std::fs::read_dir(site.root().join("data"))
            .expect("data/")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
            .collect();
        assert!(leftovers.is_empty(), "{what}: files left aside: {leftovers:?}");
    }
    let site = site_with_data("");
    let stderr = site.fails(&["data", "update", "no-such.csv"]);
    assert!(stderr.contains("no-such.csv: no such file"), "{stderr}");
    // UTF-16 with a byte-order mark, as some tools save CSV, is read.
    let site = site_with_data("");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(sample.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(site.root().join("dataset.csv"), utf16).expect("write");
    let run = update(&site, &[]);
    assert!(run.stdout.contains("19 resolutions (1946–2026), 277 member rows"), "{}", run.stdout);
}

/// The text of `html` with its tags removed and its spaces collapsed: what a reader reads.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn council_site() -> TestSite {
    let site = TestSite::with_default_theme();
    site.page(
        "documents/renewals.md",
        "title: Renewals\ndate: 2026-02-01",
        "The Council acted in resolution 2756 (2024), resolution 2814 (2026) and resolution 2815 (2026).\n",
    );
    site.page(
        "documents/cyprus-1964.md",
        "title: Cyprus in 1964\ndate: 1964-04-01",
        "Resolution 186 (1964) set up the force.\n",
    );
    site.build(&[]);
    site
}

#[test]
fn a_resolution_page_says_how_the_members_voted_and_who_sat_on_the_council() {
    let site = council_site();
    let page = text(&html(&site, "/resolutions/2756-2024/"));
    assert!(
        page.contains(
            "Vote 12 in favour, none against, 2 abstentions (Mozambique, Russian Federation); 1 did not take part (Algeria)"
        ),
        "{page}"
    );
    assert!(
        page.contains(
            "Members of the Council in 2024 Algeria, China, Ecuador, France, Guyana, Japan, Malta, Mozambique, \
             Republic of Korea, Russian Federation, Sierra Leone, Slovenia, Switzerland, United Kingdom of Great \
             Britain and Northern Ireland, United States of America"
        ),
        "{page}"
    );
    assert!(
        page.contains("Voting data: United Nations Dag Hammarskjöld Library, Security Council Voting Data"),
        "{page}"
    );
    assert!(page.contains("Agenda item The situation concerning Western Sahara"), "{page}");
    let unanimous = text(&html(&site, "/resolutions/2814-2026/"));
    assert!(unanimous.contains("Vote 15 in favour, none against, no abstentions"), "{unanimous}");
    // A resolution of 1964, from the Council's meeting tables: its vote, no member named, and
    // no attribution to a dataset it does not come from.
    let old = text(&html(&site, "/resolutions/186-1964/"));
    assert!(old.contains("Vote 11 in favour, none against, no abstentions"), "{old}");
    assert!(!old.contains("Voting data:"), "{old}");
    assert!(old.contains("(recorded as “Complaint by the Government of Cyprus”)"), "{old}");
    // The timeline's year lists it, with its vote.
    let year = text(&html(&site, "/timeline/2024/"));
    assert!(
        year.contains(
            "Resolution 2756 (2024) , 31 October 2024 : The situation concerning Western Sahara (12 in favour"
        ),
        "{year}"
    );
}

#[test]
fn the_cyprus_agenda_item_lists_its_resolutions_under_every_wording() {
    let site = council_site();
    let page = html(&site, "/agenda/the-situation-in-cyprus/");
    let catalogue = std::fs::read_to_string(repo().join("data/sc-resolutions.csv")).expect("catalogue");
    let wordings = ["The situation in Cyprus", "Cyprus", "Complaint by the Government of Cyprus"];
    for wording in wordings {
        let numbers: Vec<&str> = catalogue
            .lines()
            .filter(|l| l.split(',').nth(5) == Some(wording))
            .filter_map(|l| l.split(',').next())
            .collect();
        assert!(numbers.len() > 20, "{wording}: {}", numbers.len());
        for n in numbers {
            assert!(page.contains(&format!(">{n} (")), "{wording}: resolution {n} is missing");
        }
    }
    let rows = page.matches("<tr><th scope=\"row\">").count();
    assert_eq!(rows, 158, "every resolution once");
    // Linked to a resolution's page where it has one, else to its official text.
    assert!(page.contains("<a href=\"/resolutions/2815-2026/\">2815 (2026)</a>"), "{page}");
    // Every Cyprus resolution is in UNFICYP's mandate history, so has a page; an item without a
    // mission links its resolutions to their texts.
    let admissions = html(&site, "/agenda/admission-of-new-members/");
    assert!(
        admissions.contains("<a href=\"https://undocs.org/S/RES/1(1946)\" rel=\"external\">1 (1946)</a>"),
        "{admissions}"
    );
    assert!(page.contains("/missions/unficyp/"), "its mission");
    assert!(page.contains("/documents/cyprus-1964/"), "the page citing one of its resolutions");
    // The list of items, and the open data.
    let list = text(&html(&site, "/agenda/"));
    assert!(list.contains("The situation in Cyprus 158 1964–2026 2"), "{list}");
    let data: serde_json::Value = serde_json::from_str(&site.read("public/data/agenda.json")).expect("JSON");
    let cyprus = data.as_array().unwrap().iter().find(|i| i["slug"] == "the-situation-in-cyprus").expect("Cyprus");
    assert_eq!(cyprus["resolutions"].as_array().map(Vec::len), Some(158));
    assert_eq!(cyprus["missions"], serde_json::json!(["unficyp"]));
    // The resolution's own record says how members voted.
    let resolutions: serde_json::Value =
        serde_json::from_str(&site.read("public/data/resolutions.json")).expect("JSON");
    let r2756 = resolutions.as_array().unwrap().iter().find(|r| r["number"] == 2756).expect("2756");
    assert_eq!(r2756["not_participating"], serde_json::json!(["DZA"]));
    assert_eq!(r2756["agenda"], serde_json::json!(["the-situation-concerning-western-sahara"]));
}

#[test]
fn a_citation_of_2023_gets_the_full_facts_and_the_date_check() {
    let site = TestSite::with_default_theme();
    site.page("documents/later.md", "title: Later\ndate: 2024-03-01", "Recalling resolution 2700 (2023).\n");
    site.page("documents/earlier.md", "title: Earlier\ndate: 2023-01-05", "Recalling resolution 2700 (2023).\n");
    let run = site.build(&[]);
    let page = text(&html(&site, "/resolutions/2700-2023/"));
    assert!(!page.contains("not in the handbook's catalogue"), "{page}");
    assert!(page.contains("2023-10-19") || page.contains("19 October 2023"), "{page}");
    assert!(
        run.stderr.contains("earlier.md") && run.stderr.contains("2700 (2023)"),
        "the citation before its adoption is warned about: {}",
        run.stderr
    );
}

#[test]
fn a_bad_row_in_the_votes_or_agenda_files_fails_the_build_where_it_is() {
    let site = TestSite::new();
    site.page("documents/a.md", "title: A\ndate: 2020-01-01", "Text.\n");
    site.write("data/sc-votes.csv", "number,against,abstaining,not_participating\n2756,,MOZ;Russia,\n");
    site.write("data/sc-agenda.yaml", "- title: Cyprus\n  variant: [The situation in Cyprus]\n");
    let stderr = site.fails(&["build"]);
    assert!(
        stderr.contains("data/sc-votes.csv:2:1: abstaining: expected ISO 3166-1 alpha-3 codes separated by `;` (CHN;RUS), found \"Russia\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("data/sc-agenda.yaml:2:3: agenda items: unknown key `variant`: did you mean `variants`?"),
        "{stderr}"
    );
}
