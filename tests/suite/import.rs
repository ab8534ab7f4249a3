//! `handbook import`: goldens of every seed and fixture as written, bad input, idempotence,
//! editor protection, and HTML safety.

use std::fs;
use std::path::{Path, PathBuf};

use handbook::content::{self, Parsed};
use handbook::import::{self, ImportOptions, ImportReport, convert, render_page};

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import");

/// Every page of a seed as `import` writes it, preceded by the encoding and warnings.
pub(crate) fn written(dir: &str, name: &str) -> String {
    written_bytes(name, &fs::read(Path::new(dir).join(name)).unwrap())
}

/// [`written`] of a seed's bytes.
pub(crate) fn written_bytes(name: &str, bytes: &[u8]) -> String {
    let conversion = convert(name, bytes).unwrap();
    let mut out = format!("encoding: {}\n", conversion.encoding);
    for w in &conversion.warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    for page in &conversion.pages {
        let text = render_page(page);
        // Whatever import writes, the content loader reads back.
        let file = PathBuf::from(format!("content/documents/{}.md", page.slug));
        match content::parse_file(&file, &text) {
            Ok(Parsed::Page(p)) => assert_eq!(p.meta, {
                let mut m = page.meta.clone();
                m.import_sha256 = p.meta.import_sha256.clone();
                m
            }),
            Ok(Parsed::Section(_)) => panic!("{} parsed as a section", file.display()),
            Err(e) => panic!("{e}\n{text}"),
        }
        out.push_str(&format!("\n===== {} =====\n{text}", file.display()));
    }
    out
}

#[test]
fn seed_000_un_news_story() {
    insta::assert_snapshot!(written(SEEDS, "000_a467dcf4e437d1cb.txt"));
}

#[test]
fn seed_001_briefing_without_title_or_date() {
    insta::assert_snapshot!(written(SEEDS, "001_44a8b1f47322e239.txt"));
}

#[test]
fn seed_002_news_site_article_in_chrome() {
    insta::assert_snapshot!(written(SEEDS, "002_29603663e12c9909.txt"));
}

#[test]
fn seed_003_wire_story() {
    insta::assert_snapshot!(written(SEEDS, "003_f6f5e4f3f5582bd4.txt"));
}

#[test]
fn seed_004_letter_transmitting_a_resolution() {
    insta::assert_snapshot!(written(SEEDS, "004_9231559b15ab4e14.txt"));
}

#[test]
fn fixture_press_release_with_sc_code() {
    insta::assert_snapshot!(written(FIXTURES, "press_release_sc.txt"));
}

#[test]
fn fixture_sg_report_hard_wrapped_with_page_footers() {
    insta::assert_snapshot!(written(FIXTURES, "sg_report_wrapped.txt"));
}

#[test]
fn fixture_letter_in_french() {
    insta::assert_snapshot!(written(FIXTURES, "letter_fr.txt"));
}

#[test]
fn fixture_news_with_html() {
    insta::assert_snapshot!(written(FIXTURES, "news_with_html.txt"));
}

/// HTML in a seed shows as text: even a renderer that passes raw HTML through emits no tag.
#[test]
fn html_in_a_seed_is_escaped() {
    let bytes = fs::read(Path::new(FIXTURES).join("news_with_html.txt")).unwrap();
    let conversion = convert("news_with_html.txt", &bytes).unwrap();
    let page = &conversion.pages[0];
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&page.body));
    for tag in ["<script", "<img", "<b>", "<em>", "<!--", "javascript:", "href=\"#\""] {
        assert!(!html.contains(tag), "{tag} in\n{html}");
    }
    assert!(html.contains("&lt;script&gt;"), "{html}");
    assert!(html.contains("<a href=\"https://news.un.org/en/\">real link</a>"), "{html}");
    assert_eq!(page.meta.title, "Council <em>debates</em> peacekeeping & the \"<b>future</b>\"");
}

#[test]
fn dead_links_never_survive() {
    for name in fs::read_dir(SEEDS).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()) {
        let conversion = convert(&name, &fs::read(Path::new(SEEDS).join(&name)).unwrap()).unwrap();
        for page in &conversion.pages {
            assert!(!page.body.contains("](#)") && !page.body.contains("\\("), "{name}: {}", page.body);
        }
    }
}

// ---- runs against a site in a temporary directory ----

fn site_with_seeds(seeds: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("seeds")).unwrap();
    for (name, bytes) in seeds {
        fs::write(dir.path().join("seeds").join(name), bytes).unwrap();
    }
    dir
}

fn all_repo_seeds() -> Vec<(String, Vec<u8>)> {
    let mut seeds: Vec<(String, Vec<u8>)> = fs::read_dir(SEEDS)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().into_string().unwrap(), fs::read(e.path()).unwrap())
        })
        .collect();
    seeds.sort();
    seeds
}

fn run(root: &Path, opts: &ImportOptions) -> ImportReport {
    import::run(root, opts).unwrap()
}

fn snapshot_dir(dir: &Path) -> Vec<(String, Vec<u8>, std::time::SystemTime)> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().into_string().unwrap(),
                fs::read(e.path()).unwrap(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

const GOOD: &[u8] = b"# A good seed\n\n3 March 2020 \xE2\x80\x93 The Council met today and adopted a resolution.\n";

/// One bad seed beside a good one: the bad one fails with one line naming it, the good one imports.
fn import_beside_a_good_seed(name: &str, bytes: &[u8]) -> ImportReport {
    let site = site_with_seeds(&[("good.txt", GOOD), (name, bytes)]);
    let report = run(site.path(), &ImportOptions::default());
    assert_eq!(report.written, vec![PathBuf::from("content/documents/a-good-seed.md")], "{report:#?}");
    report
}

fn assert_fails(report: &ImportReport, name: &str, why: &str) {
    assert!(report.has_failures());
    assert_eq!(report.failed.len(), 1, "{report:#?}");
    let line = &report.failed[0];
    assert!(line.starts_with(&format!("seeds/{name}: ")) && line.contains(why) && !line.contains('\n'), "{line}");
}

#[test]
fn empty_seed_fails_alone() {
    let report = import_beside_a_good_seed("empty.txt", b"");
    assert_fails(&report, "empty.txt", "empty");
    let report = import_beside_a_good_seed("blank.txt", b"\n \n\t\n");
    assert_fails(&report, "blank.txt", "empty");
}

#[test]
fn latin1_seed_is_decoded_and_said() {
    let site = site_with_seeds(&[(
        "latin1.txt",
        b"# S\xE9curit\xE9 et paix\n\nLe Conseil de s\xE9curit\xE9 a adopt\xE9 la r\xE9solution.\n",
    )]);
    let report = run(site.path(), &ImportOptions::default());
    assert!(!report.has_failures(), "{report:#?}");
    assert!(
        report.warnings.iter().any(|w| w.starts_with("seeds/latin1.txt: ") && w.contains("Latin-1")),
        "{report:#?}"
    );
    let text = fs::read_to_string(site.path().join("content/documents/securite-et-paix.md")).unwrap();
    assert!(text.contains("title: Sécurité et paix") && text.contains("Le Conseil de sécurité a adopté"), "{text}");
    assert!(text.contains("language: fr"), "{text}");
}

#[test]
fn utf16_le_seed_with_bom_is_decoded_and_said() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "# Paix et sécurité\n\nThe Council met today.\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let site = site_with_seeds(&[("utf16.txt", &bytes)]);
    let report = run(site.path(), &ImportOptions::default());
    assert!(!report.has_failures(), "{report:#?}");
    assert!(
        report.warnings.iter().any(|w| w.starts_with("seeds/utf16.txt: ") && w.contains("UTF-16LE")),
        "{report:#?}"
    );
    assert!(site.path().join("content/documents/paix-et-securite.md").is_file());
}

#[test]
fn binary_seed_fails_alone() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
    let report = import_beside_a_good_seed("image.txt", png);
    assert_fails(&report, "image.txt", "binary");
}

#[test]
fn fifty_megabyte_seed_fails_alone() {
    let site = site_with_seeds(&[("good.txt", GOOD)]);
    let big = site.path().join("seeds/huge.txt");
    let line = "The Security Council met today and adopted a resolution on peacekeeping.\n".repeat(1024);
    let mut file = fs::File::create(&big).unwrap();
    while file.metadata().unwrap().len() < 50 * 1024 * 1024 {
        std::io::Write::write_all(&mut file, line.as_bytes()).unwrap();
    }
    drop(file);
    let report = run(site.path(), &ImportOptions::default());
    assert_eq!(report.written, vec![PathBuf::from("content/documents/a-good-seed.md")]);
    assert_fails(&report, "huge.txt", "too large");
}

#[test]
fn importing_twice_changes_no_byte_and_no_mtime() {
    let seeds = all_repo_seeds();
    let refs: Vec<(&str, &[u8])> = seeds.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let site = site_with_seeds(&refs);
    let first = run(site.path(), &ImportOptions::default());
    assert!(!first.has_failures(), "{first:#?}");
    assert_eq!(first.written.len(), 6, "five seeds, one of them two documents: {first:#?}");
    let docs = site.path().join("content/documents");
    let before = snapshot_dir(&docs);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = run(site.path(), &ImportOptions::default());
    assert!(second.written.is_empty() && second.kept_editor_changes.is_empty(), "{second:#?}");
    assert_eq!(second.unchanged.len(), 6);
    assert_eq!(snapshot_dir(&docs), before);
    // `build` imports only seeds without a page: here, none.
    let build = run(site.path(), &ImportOptions { only_new: true, ..ImportOptions::default() });
    assert!(build.written.is_empty() && build.unchanged.is_empty(), "{build:#?}");
    // The whole site loads.
    content::load(site.path(), false).unwrap();
}

const SEED_V1: &[u8] = b"# Council meets\n\n3 March 2020 \xE2\x80\x93 The Council met today.\n";
const SEED_V2: &[u8] =
    b"# Council meets\n\n3 March 2020 \xE2\x80\x93 The Council met today and adopted a resolution.\n";

#[test]
fn a_changed_seed_updates_an_untouched_page() {
    let site = site_with_seeds(&[("s.txt", SEED_V1)]);
    run(site.path(), &ImportOptions::default());
    fs::write(site.path().join("seeds/s.txt"), SEED_V2).unwrap();
    let report = run(site.path(), &ImportOptions::default());
    assert_eq!(report.written, vec![PathBuf::from("content/documents/council-meets.md")], "{report:#?}");
    let text = fs::read_to_string(site.path().join("content/documents/council-meets.md")).unwrap();
    assert!(text.contains("adopted a resolution"));
}

#[test]
fn an_edited_page_is_kept_unless_forced() {
    let site = site_with_seeds(&[("s.txt", SEED_V1)]);
    run(site.path(), &ImportOptions::default());
    let page = site.path().join("content/documents/council-meets.md");
    let edited =
        fs::read_to_string(&page).unwrap().replace("The Council met today.", "The Council met today. Editor's note.");
    fs::write(&page, &edited).unwrap();

    // Seed unchanged: the editor's page simply stands, without a warning.
    let report = run(site.path(), &ImportOptions::default());
    assert!(report.written.is_empty() && report.warnings.is_empty(), "{report:#?}");
    assert_eq!(fs::read_to_string(&page).unwrap(), edited);

    // Seed changed: still kept, and a warning names the page.
    fs::write(site.path().join("seeds/s.txt"), SEED_V2).unwrap();
    let report = run(site.path(), &ImportOptions::default());
    assert_eq!(report.kept_editor_changes, vec![PathBuf::from("content/documents/council-meets.md")]);
    assert!(
        report.warnings.iter().any(|w| w.starts_with("content/documents/council-meets.md: ") && w.contains("--force")),
        "{report:#?}"
    );
    assert_eq!(fs::read_to_string(&page).unwrap(), edited);

    // --force overwrites.
    let report = run(site.path(), &ImportOptions { force: true, ..ImportOptions::default() });
    assert_eq!(report.written, vec![PathBuf::from("content/documents/council-meets.md")]);
    let text = fs::read_to_string(&page).unwrap();
    assert!(!text.contains("Editor's note") && text.contains("adopted a resolution"), "{text}");
    assert_eq!(import::is_as_imported(&text), Some(true));
}

#[test]
fn build_leaves_an_edited_page_alone() {
    let site = site_with_seeds(&[("s.txt", SEED_V1)]);
    run(site.path(), &ImportOptions::default());
    let page = site.path().join("content/documents/council-meets.md");
    fs::write(&page, "---\ntitle: Mine\nseed: s.txt\n---\nMine.\n").unwrap();
    fs::write(site.path().join("seeds/s.txt"), SEED_V2).unwrap();
    let report = run(site.path(), &ImportOptions { only_new: true, ..ImportOptions::default() });
    assert_eq!(report, ImportReport::default());
    assert_eq!(fs::read_to_string(&page).unwrap(), "---\ntitle: Mine\nseed: s.txt\n---\nMine.\n");
}

#[test]
fn colliding_titles_get_deterministic_slugs() {
    let site = site_with_seeds(&[("b.txt", SEED_V2), ("a.txt", SEED_V1)]);
    let report = run(site.path(), &ImportOptions::default());
    assert_eq!(
        report.written,
        vec![
            PathBuf::from("content/documents/council-meets.md"),
            PathBuf::from("content/documents/council-meets-2.md")
        ]
    );
    let first = fs::read_to_string(site.path().join("content/documents/council-meets.md")).unwrap();
    assert!(first.contains("seed: a.txt"), "seeds import in name order: {first}");
    // A page an editor wrote by hand keeps its slug too.
    let site = site_with_seeds(&[("a.txt", SEED_V1)]);
    fs::create_dir_all(site.path().join("content/documents")).unwrap();
    fs::write(site.path().join("content/documents/council-meets.md"), "---\ntitle: Hand-made\n---\n").unwrap();
    let report = run(site.path(), &ImportOptions::default());
    assert_eq!(report.written, vec![PathBuf::from("content/documents/council-meets-2.md")]);
}

#[test]
fn named_seeds_only_and_unknown_names_fail() {
    let site = site_with_seeds(&[("a.txt", SEED_V1), ("b.txt", GOOD)]);
    let opts = ImportOptions { seeds: vec!["b.txt".into(), "seeds/nope.txt".into()], ..ImportOptions::default() };
    let report = run(site.path(), &opts);
    assert_eq!(report.written, vec![PathBuf::from("content/documents/a-good-seed.md")]);
    assert_eq!(report.failed.len(), 1);
    assert!(report.failed[0].starts_with("seeds/nope.txt: no such seed"), "{report:#?}");
}

#[test]
fn no_temporary_files_are_left() {
    let site = site_with_seeds(&[("a.txt", SEED_V1)]);
    run(site.path(), &ImportOptions::default());
    let names: Vec<String> = fs::read_dir(site.path().join("content/documents"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, vec!["council-meets.md"]);
}

#[test]
fn a_retitled_seed_moves_its_page_and_keeps_an_edited_one() {
    let site = site_with_seeds(&[("s.txt", SEED_V1)]);
    run(site.path(), &ImportOptions::default());
    fs::write(site.path().join("seeds/s.txt"), b"# Council adjourns\n\nThe Council met today.\n").unwrap();
    let report = run(site.path(), &ImportOptions::default());
    assert_eq!(report.written, vec![PathBuf::from("content/documents/council-adjourns.md")]);
    assert_eq!(report.removed, vec![PathBuf::from("content/documents/council-meets.md")]);
    assert!(!site.path().join("content/documents/council-meets.md").exists());

    // Had an editor touched the old page, it would stay, with a warning.
    let old = site.path().join("content/documents/council-adjourns.md");
    fs::write(&old, fs::read_to_string(&old).unwrap() + "\nEditor's note.\n").unwrap();
    fs::write(site.path().join("seeds/s.txt"), SEED_V1).unwrap();
    let report = run(site.path(), &ImportOptions::default());
    assert_eq!(report.written, vec![PathBuf::from("content/documents/council-meets.md")]);
    assert!(report.removed.is_empty() && old.exists());
    assert!(report.warnings.iter().any(|w| w.starts_with("content/documents/council-adjourns.md: ")), "{report:#?}");
}

#[test]
fn imported_pages_hold_facts_not_mentions_and_unknown_titled_people_become_draft_officials() {
    let seed: &[u8] = "# Council meets\n\n20 September 2017 – Foreign Secretary Jane Doe welcomed resolution 2086 (2013) and the statement S/PRST/2007/3.\n".as_bytes();
    let site = site_with_seeds(&[("one.txt", seed)]);
    let report = run(site.path(), &ImportOptions::default());
    assert!(!report.has_failures(), "{report:#?}");
    let page = fs::read_to_string(site.path().join(&report.written[0])).unwrap();
    // Mentions are recognized at every build, not frozen into the page.
    for list in ["resolutions:", "documents:", "officials:", "missions:"] {
        assert!(!page.contains(list), "{list} in\n{page}");
    }
    assert!(page.contains("resolution 2086 (2013)") && page.contains("S/PRST/2007/3"), "{page}");
    assert_eq!(report.draft_officials, vec![PathBuf::from("content/officials/jane-doe.md")]);
    let draft = fs::read_to_string(site.path().join("content/officials/jane-doe.md")).unwrap();
    assert!(
        draft.contains("title: Jane Doe") && draft.contains("draft: true") && draft.contains("Foreign Secretary"),
        "{draft}"
    );
    // A second import neither rewrites the page nor the draft an editor may be confirming.
    let confirmed = "---\ntitle: Jane Doe\naliases: [\"Ms. Doe\"]\nroles:\n  - title: Foreign Secretary\n    from: 2016-01-01\n---\nConfirmed.\n";
    fs::write(site.path().join("content/officials/jane-doe.md"), confirmed).unwrap();
    let again = run(site.path(), &ImportOptions::default());
    assert!(again.written.is_empty() && again.draft_officials.is_empty(), "{again:#?}");
    assert_eq!(fs::read_to_string(site.path().join("content/officials/jane-doe.md")).unwrap(), confirmed);
}

// ---- real UN documents: reports converted from PDF, resolution texts, speeches ----

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/samples");

/// (file, title, date, kind, symbol, meeting).
type Facts =
    (&'static str, &'static str, Option<&'static str>, &'static str, Option<&'static str>, Option<&'static str>);

/// Every sample as import writes it. One page each.
const SAMPLE_FACTS: &[Facts] = &[
    (
        "reports/MINUJUSTH_S_2018_795.txt",
        "United Nations Mission for Justice Support in Haiti: report of the Secretary-General",
        Some("2018-08-30"),
        "report",
        Some("S/2018/795"),
        None,
    ),
    (
        "reports/MINUSTAH_S_2012_128.txt",
        "Report of the Secretary-General on the United Nations Stabilization Mission in Haiti",
        Some("2012-02-29"),
        "report",
        Some("S/2012/128"),
        None,
    ),
    // A scan whose columns the OCR interleaved: the title falls back to the first sentence, which
    // is as garbled as the rest; the header's symbol, OCR'd "W21379", has the one shape it can be.
    (
        "reports/ONUCA_S_21379.txt",
        "OBSERVERGROUPIN CENTRAL AMERICA of the Secretar+General ia submitted",
        Some("1990-06-29"),
        "report",
        Some("S/21379"),
        None,
    ),
    (
        "reports/ONUSAL_S_25006.txt",
        "Report of the Secretary-General on the United Nations Observer Mission in El Salvador (ONUSAL)",
        Some("1992-12-23"),
        "report",
        Some("S/25006"),
        None,
    ),
    (
        "reports/UNIKOM_S_2003_933.txt",
        "Report of the Secretary-General on the activities of the United Nations Iraq-Kuwait Observation Mission for the period 16 June-1 October…",
        Some("2003-10-02"),
        "report",
        Some("S/2003/933"),
        None,
    ),
    (
        "reports/UNMIBH_S_2000_529.txt",
        "Report of the Secretary-General on the United Nations Mission in Bosnia and Herzegovina",
        Some("2000-06-02"),
        "report",
        Some("S/2000/529"),
        None,
    ),
    (
        "reports/UNMIK_S_2007_582.txt",
        "Report of the Secretary-General on the United Nations Interim Administration Mission in Kosovo",
        Some("2007-09-28"),
        "report",
        Some("S/2007/582"),
        None,
    ),
    (
        "reports/UNMIK_S_2014_558.txt",
        "Report of the Secretary-General on the United Nations Interim Administration Mission in Kosovo",
        Some("2014-08-01"),
        "report",
        Some("S/2014/558"),
        None,
    ),
    (
        "reports/UNMIT_S_2008_501.txt",
        "Report of the Secretary-General on the United Nations Integrated Mission in Timor-Leste (for the period from 8 January to 8 July 2008)",
        Some("2008-07-29"),
        "report",
        Some("S/2008/501"),
        None,
    ),
    // "TAJIKinTAN" in the scan: the body's "Tajikistan" mends it.
    (
        "reports/UNMOT_S_1995_1024.txt",
        "Report of the Secretary-General on the situation in Tajikistan",
        Some("1995-12-08"),
        "report",
        Some("S/1995/1024"),
        None,
    ),
    (
        "reports/UNOMIG_S_2004_570.txt",
        "Report of the Secretary-General on the situation in Abkhazia, Georgia",
        Some("2004-07-14"),
        "report",
        Some("S/2004/570"),
        None,
    ),
    (
        "reports/UNPREDEP_S_1996_819.txt",
        "Report of the Secretary-General pursuant to Security Council resolution 1058 (1996)",
        Some("1996-09-30"),
        "report",
        Some("S/1996/819"),
        None,
    ),
    (
        "reports/UNPROFOR_S_24100.txt",
        "Report of the Secretary-General pursuant to paragraph 15 of Security Council resolution 757 (1992) and paragraph 10 of Security Council…",
        Some("1992-06-15"),
        "report",
        Some("S/24100"),
        None,
    ),
    (
        "reports/UNTAC_S_26360.txt",
        "Further report of the Secretary-General pursuant to paragraph 7 of resolution 840 (1993)",
        Some("1993-08-26"),
        "report",
        Some("S/26360"),
        None,
    ),
    (
        "resolutions/S_RES_0050_1948_EN_GOLD.txt",
        "Resolution 50 (1948)",
        Some("1948-05-29"),
        "resolution",
        Some("S/RES/50 (1948)"),
        Some("S/PV.310"),
    ),
    // The text says 14 July; the catalogue 13 July (the meeting ran past midnight): the text wins, with a warning.
    (
        "resolutions/S_RES_0143_1960_EN_GOLD.txt",
        "Resolution 143 (1960)",
        Some("1960-07-14"),
        "resolution",
        Some("S/RES/143 (1960)"),
        Some("S/PV.873"),
    ),
    (
        "resolutions/S_RES_0186_1964_EN_GOLD.txt",
        "Resolution 186 (1964)",
        Some("1964-03-04"),
        "resolution",
        Some("S/RES/186 (1964)"),
        Some("S/PV.1102"),
    ),
    (
        "resolutions/S_RES_0242_1967_EN_GOLD.txt",
        "Resolution 242 (1967)",
        Some("1967-11-22"),
        "resolution",
        Some("S/RES/242 (1967)"),
        Some("S/PV.1382"),
    ),
    (
        "resolutions/S_RES_0338_1973_EN_GOLD.txt",
        "Resolution 338 (1973)",
        Some("1973-10-22"),
        "resolution",
        Some("S/RES/338 (1973)"),
        Some("S/PV.1747"),
    ),
    (
        "resolutions/S_RES_0425_1978_EN_GOLD.txt",
        "Resolution 425 (1978)",
        Some("1978-03-19"),
        "resolution",
        Some("S/RES/425 (1978)"),
        Some("S/PV.2074"),
    ),
    (
        "resolutions/S_RES_0435_1978_EN_GOLD.txt",
        "Resolution 435 (1978)",
        Some("1978-09-29"),
        "resolution",
        Some("S/RES/435 (1978)"),
        Some("S/PV.2087"),
    ),
    (
        "resolutions/S_RES_0502_1982_EN_GOLD.txt",
        "Resolution 502 (1982)",
        Some("1982-04-03"),
        "resolution",
        Some("S/RES/502 (1982)"),
        Some("S/PV.2350"),
    ),
    (
        "resolutions/S_RES_0541_1983_EN_GOLD.txt",
        "Resolution 541 (1983)",
        Some("1983-11-18"),
        "resolution",
        Some("S/RES/541 (1983)"),
        Some("S/PV.2500"),
    ),
    (
        "resolutions/S_RES_0598_1987_EN_GOLD.txt",
        "Resolution 598 (1987)",
        Some("1987-07-20"),
        "resolution",
        Some("S/RES/598 (1987)"),
        Some("S/PV.2750"),
    ),
    (
        "resolutions/S_RES_1445_2002_EN_GOLD.txt",
        "Resolution 1445 (2002)",
        Some("2002-12-04"),
        "resolution",
        Some("S/RES/1445 (2002)"),
        Some("S/PV.4653"),
    ),
    (
        "resolutions/S_RES_1454_2002_EN_GOLD.txt",
        "Resolution 1454 (2002)",
        Some("2002-12-30"),
        "resolution",
        Some("S/RES/1454 (2002)"),
        Some("S/PV.4683"),
    ),
    // Speeches state no date (the corpus files them by session): none is guessed.
    (
        "speeches/AGO_63_2008.txt",
        "I am particularly honoured to address the General Assembly on behalf of His Excellency Mr. José Eduardo dos Santos…",
        None,
        "statement",
        None,
        None,
    ),
    (
        "speeches/DEU_62_2007.txt",
        "Please accept my congratulations, Mr. President, on your election as President of the General Assembly at its…",
        None,
        "statement",
        None,
        None,
    ),
    (
        "speeches/GNB_64_2009.txt",
        "My first words are to congratulate Mr. Ali Abdussalam Treki on his election to the presidency of the General Assembly…",
        None,
        "statement",
        None,
        None,
    ),
    (
        "speeches/KIR_63_2008.txt",
        "I bring warm greetings from the Government and the people of the Republic of Kiribati, on whose behalf I am honoured…",
        None,
        "statement",
        None,
        None,
    ),
    (
        "speeches/MKD_62_2007.txt",
        "It is a privilege and an honour for me to address this forum and to share the views of the Republic of Macedonia…",
        None,
        "statement",
        None,
        None,
    ),
    (
        "speeches/VEN_63_2008.txt",
        "For Venezuelans, Latin Americans and Caribbeans, it is an honour, Sir, to have you as President of the General…",
        None,
        "statement",
        None,
        None,
    ),
];

/// Lines a page's body must never hold: what PDF conversion prints on every page.
fn furniture_in(body: &str) -> Vec<&str> {
    let furniture = regex::Regex::new(
        r"^(?:Page \d+|English|/\s?\.\.\.|\d{2}-\d{5}(?: \([A-Z]\))?|\d{6}|\*\d{7}\*|\d{1,3}/\d{1,3}|S/\d{4}/\d+|S/\d+)$",
    )
    .unwrap();
    body.lines().map(str::trim).filter(|l| furniture.is_match(l)).collect()
}

#[test]
fn every_sample_is_one_page_with_its_title_date_kind_and_symbol() {
    let mut names: Vec<String> = Vec::new();
    for dir in ["reports", "resolutions", "speeches"] {
        for entry in fs::read_dir(Path::new(SAMPLES).join(dir)).unwrap() {
            names.push(format!("{dir}/{}", entry.unwrap().file_name().to_string_lossy()));
        }
    }
    names.sort();
    let listed: Vec<&str> = SAMPLE_FACTS.iter().map(|f| f.0).collect();
    assert_eq!(names, listed, "every sample has a row");
    let mut misses = Vec::new();
    for &(file, title, date, kind, symbol, meeting) in SAMPLE_FACTS {
        let bytes = fs::read(Path::new(SAMPLES).join(file)).unwrap();
        let conversion = convert(file, &bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(conversion.pages.len(), 1, "{file} became {} pages", conversion.pages.len());
        let page = &conversion.pages[0];
        let m = &page.meta;
        let got = (
            m.title.as_str(),
            m.date.map(|d| d.to_string()),
            m.kind.map(|k| k.as_str()),
            m.symbol.as_deref(),
            m.meeting.as_deref(),
        );
        let want = (title, date.map(str::to_string), Some(kind), symbol, meeting);
        if got != want {
            misses.push(format!("{file}:\n  got  {got:?}\n  want {want:?}"));
        }
        assert!(m.title.chars().count() <= 140, "{file}: {} characters of title", m.title.chars().count());
        let left = furniture_in(&page.body);
        assert!(left.is_empty(), "{file}: page furniture in the body: {left:?}");
    }
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

#[test]
fn report_from_pdf_new_style() {
    insta::assert_snapshot!(written(&format!("{SAMPLES}/reports"), "MINUJUSTH_S_2018_795.txt"));
}

#[test]
fn report_from_pdf_old_style_in_capitals() {
    insta::assert_snapshot!(written(&format!("{SAMPLES}/reports"), "UNTAC_S_26360.txt"));
}

#[test]
fn report_from_a_noisy_scan() {
    insta::assert_snapshot!(written(&format!("{SAMPLES}/reports"), "UNPROFOR_S_24100.txt"));
}

#[test]
fn resolution_text_in_the_yearly_volume_style() {
    insta::assert_snapshot!(written(&format!("{SAMPLES}/resolutions"), "S_RES_0050_1948_EN_GOLD.txt"));
}

#[test]
fn resolution_text_with_its_date_line() {
    insta::assert_snapshot!(written(&format!("{SAMPLES}/resolutions"), "S_RES_0242_1967_EN_GOLD.txt"));
}

#[test]
fn resolution_text_with_a_document_header() {
    insta::assert_snapshot!(written(&format!("{SAMPLES}/resolutions"), "S_RES_1454_2002_EN_GOLD.txt"));
}

#[test]
fn general_debate_speech() {
    insta::assert_snapshot!(written(&format!("{SAMPLES}/speeches"), "AGO_63_2008.txt"));
}

/// A report of `pages` pages, as pdftotext writes one: header, numbered paragraphs hard-wrapped
/// at 80 columns, and at every page end a footer, a form feed and a running header.
fn generated_report(pages: usize) -> String {
    let mut text = String::from(
        "UNITED\nNATIONS\n\nS\nSecurity Council\nDistr.\nGENERAL\nS/1993/999\n5 May 1993\nORIGINAL:\n\nENGLISH\n\n\
         REPORT OF THE SECRETARY-GENERAL ON THE UNITED NATIONS TRANSITIONAL\nAUTHORITY IN CAMBODIA\n\n",
    );
    let sentence = "The Mission continued to monitor the situation in the provinces and reported to the \
                    Council on the progress made by the parties in the implementation of the Agreements.";
    let mut number = 1;
    for page in 1..=pages {
        for _ in 0..4 {
            text.push_str(&format!("{number}.\n"));
            let paragraph = format!("{sentence} {sentence} {sentence}");
            text.push_str(&textwrap_at(&paragraph, 80));
            text.push('\n');
            number += 1;
        }
        text.push_str(&format!("\n93-24735 (E)\n\n050593\n\n/...\n\u{c}S/1993/999\nEnglish\nPage {}\n\n", page + 1));
    }
    text
}

/// Wraps at spaces to at most `width` characters a line.
fn textwrap_at(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out
}

#[test]
fn a_five_thousand_page_report_is_one_page() {
    let text = generated_report(5000);
    let conversion = convert("long.txt", text.as_bytes()).unwrap();
    assert_eq!(conversion.pages.len(), 1);
    let page = &conversion.pages[0];
    assert_eq!(
        page.meta.title,
        "Report of the Secretary-General on the United Nations Transitional Authority in Cambodia"
    );
    assert_eq!(page.meta.symbol.as_deref(), Some("S/1993/999"));
    assert_eq!(page.body.matches("The Mission continued").count(), 4 * 3 * 5000);
    assert!(furniture_in(&page.body).is_empty());
    assert!(!page.body.contains("Page 2"));
}

#[test]
fn a_report_of_nothing_but_page_furniture_or_nothing_at_all_fails_alone() {
    let furniture =
        "S/1993/999\nEnglish\nPage 2\n\n93-24735 (E)\n\n050593\n\n/...\n\u{c}S/1993/999\nEnglish\nPage 3\n\n/...\n";
    let report = import_beside_a_good_seed("furniture.txt", furniture.as_bytes());
    assert_fails(&report, "furniture.txt", "nothing to import");
    let report = import_beside_a_good_seed("zero.txt", b"");
    assert_fails(&report, "zero.txt", "empty");
}

/// The words of a page body: Markdown's escapes, heading marks and list markers aside.
fn body_words(body: &str) -> Vec<String> {
    body.split_whitespace()
        .map(|w| w.replace('\\', ""))
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c == '#'))
        .collect()
}

mod rewrapping {
    use super::*;
    use proptest::prelude::*;

    const WORDS: &[&str] = &[
        "the",
        "mission",
        "council",
        "continued",
        "to",
        "monitor",
        "situation",
        "in",
        "provinces",
        "and",
        "reported",
        "progress",
        "parties",
        "made",
        "implementation",
        "of",
        "agreements",
        "ceasefire",
        "observers",
        "civilian",
        "police",
        "peace-building",
        "humanitarian",
        "assistance",
        "elections",
        "were",
        "held",
        "on",
        "schedule",
        "with",
        "support",
        "from",
        "United",
        "Nations",
        "Government",
        "Cambodia",
        "2,000",
        "officers",
        "(S/26090)",
    ];

    /// A sentence: capitalized, ending with a full stop.
    fn sentence() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(WORDS), 4..18).prop_map(|words| {
            let mut s = words.join(" ");
            if let Some(first) = s.get(..1) {
                s = first.to_uppercase() + &s[1..];
            }
            s + "."
        })
    }

    /// (numbered, sentences) for each paragraph.
    fn paragraphs() -> impl Strategy<Value = Vec<(bool, Vec<String>)>> {
        prop::collection::vec((any::<bool>(), prop::collection::vec(sentence(), 1..4)), 1..8)
    }

    const OLD_FURNITURE: &str = "\n93-24735 (E)\n\n050593\n\n/...\n\u{c}S/1993/999\nEnglish\nPage 2\n\n";
    const NEW_FURNITURE: &str = "\n2/26\n\n14-58364\n\n\u{c}S/1993/999\n\n";

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        /// However a report's lines are wrapped, and wherever pages break between paragraphs,
        /// its body holds the same words in the same order.
        #[test]
        fn rewrapping_and_page_furniture_never_change_the_words(
            paras in paragraphs(),
            width in 50usize..100,
            breaks in prop::collection::vec(0u8..3, 8),
        ) {
            let mut seed = String::from(
                "United Nations   S/1993/999\nSecurity Council   Distr.: General\n5 May 1993\nOriginal: English\n\n\
                 Report of the Secretary-General on the situation in Cambodia\n\n",
            );
            let mut expected: Vec<String> = Vec::new();
            let mut number = 1;
            for (i, (numbered, sentences)) in paras.iter().enumerate() {
                let text = sentences.join(" ");
                if *numbered {
                    seed.push_str(&format!("{number}.\n"));
                    expected.push(format!("{number}."));
                    number += 1;
                }
                seed.push_str(&textwrap_at(&text, width));
                seed.push('\n');
                expected.extend(text.split_whitespace().map(str::to_string));
                match breaks[i % breaks.len()] {
                    1 => seed.push_str(OLD_FURNITURE),
                    2 => seed.push_str(NEW_FURNITURE),
                    _ => seed.push('\n'),
                }
            }
            let conversion = convert("r.txt", seed.as_bytes()).map_err(TestCaseError::fail)?;
            prop_assert_eq!(conversion.pages.len(), 1);
            let page = &conversion.pages[0];
            prop_assert_eq!(page.meta.title.as_str(), "Report of the Secretary-General on the situation in Cambodia");
            prop_assert_eq!(body_words(&page.body), expected, "{}", page.body);
        }
    }
}

/// The fuzzer's hand-made seeds (`fuzz/seeds/import/`, for shapes the real documents lack) import
/// as their names say: one story, with a UTF-8 byte-order mark and in UTF-16 either way round, makes
/// one and the same page; a Latin-1 file is decoded and said to be; a press release's header
/// gives its meeting record; datelines give the place; what is not a document says why.
#[test]
fn the_fuzzers_hand_made_seeds_import_as_their_names_say() {
    let dir = crate::common::repo().join("fuzz/seeds/import");
    let convert_seed = |name: &str| convert(name, &fs::read(dir.join(name)).expect("a fuzz seed"));

    let story: Vec<_> = ["utf8-bom.txt", "utf16le-bom.txt", "utf16be-bom.txt"]
        .into_iter()
        .map(|name| convert_seed(name).expect("the story imports"))
        .collect();
    assert_eq!(story.iter().map(|c| c.encoding).collect::<Vec<_>>(), ["UTF-8", "UTF-16LE", "UTF-16BE"]);
    let page = &story[0].pages[0];
    assert_eq!(story[0].pages.len(), 1);
    assert_eq!(page.meta.title, "Security Council extends mission in South Sudan");
    assert_eq!(page.meta.date.map(|d| d.to_string()).as_deref(), Some("2021-03-12"));
    for other in &story[1..] {
        assert_eq!(other.pages.len(), 1);
        assert_eq!((&other.pages[0].meta.title, &other.pages[0].meta.date), (&page.meta.title, &page.meta.date));
        assert_eq!(other.pages[0].body, page.body, "UTF-16 imports to the body UTF-8 does");
    }

    let latin1 = convert_seed("windows-1252.txt").expect("Latin-1 imports");
    assert_eq!(latin1.encoding, "windows-1252");
    assert!(latin1.warnings.iter().any(|w| w.contains("windows-1252")), "{:?}", latin1.warnings);
    assert!(latin1.pages[0].body.contains("Secrétaire général"), "{}", latin1.pages[0].body);

    let press = convert_seed("press-release.txt").expect("the press release imports");
    assert_eq!(press.pages[0].meta.meeting.as_deref(), Some("S/PV.8051"));
    assert_eq!(press.pages[0].meta.date.map(|d| d.to_string()).as_deref(), Some("2017-09-20"));

    let caps = convert_seed("caps-dateline.txt").expect("the story imports");
    assert_eq!(caps.pages[0].meta.place.as_deref(), Some("Juba"));
    let wire = convert_seed("agency-dateline.txt").expect("the wire story imports");
    assert_eq!(
        (wire.pages[0].meta.place.as_deref(), wire.pages[0].meta.source.as_deref()),
        (Some("New York"), Some("AP"))
    );

    assert_eq!(convert_seed("whitespace-only.txt").expect_err("not a document"), "empty seed: nothing to import");
    let broken = convert_seed("utf16le-bom-unpaired-surrogate.txt").expect_err("not UTF-16");
    assert_eq!(broken, "starts with a UTF-16LE byte-order mark but is not valid UTF-16LE");
}
