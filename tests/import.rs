//! `handbook import`: goldens of every seed and fixture as written, bad input, idempotence,
//! editor protection, and HTML safety.

use std::fs;
use std::path::{Path, PathBuf};

use handbook::content::{self, Parsed};
use handbook::import::{self, ImportOptions, ImportReport, convert, render_page};

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import");

/// Every page of a seed as `import` writes it, preceded by the encoding and warnings.
fn written(dir: &str, name: &str) -> String {
    let bytes = fs::read(Path::new(dir).join(name)).unwrap();
    let conversion = convert(name, &bytes).unwrap();
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
