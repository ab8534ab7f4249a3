//! PDF seeds: the 20 sample reports as goldens (14 with a text layer, 6 scanned and read by OCR),
//! the PDF route against the `pdftotext` route on the same 14 documents (the same facts, the same
//! words, the same citations), bad PDFs failing by name, OCR's cache, and `serve` reading a
//! scanned seed in the background while it goes on serving edits.
//!
//! The OCR tests need Debian's Tesseract (`tesseract-ocr` with English data); where it is missing
//! they say `*** SKIPPED` and pass, unless `CI` is set.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::common::{Server, TestSite, repo};

const PDFS: &str = "tests/fixtures/pdf";
const TEXTS: &str = "tests/fixtures/samples/reports";
const SCANNED: [&str; 6] = [
    "MIPONUH_S_1999_181",
    "UNIKOM_S_1995_836",
    "UNIKOM_S_2000_914",
    "UNIKOM_S_25514",
    "UNMIH_S_1995_614",
    "UNMIK_S_2001_565",
];

pub(crate) fn tesseract_available() -> bool {
    let present = Command::new("tesseract").arg("--version").output().is_ok_and(|o| o.status.success());
    if !present {
        assert!(std::env::var_os("CI").is_none(), "CI must run the OCR tests: install tesseract-ocr (.ci/run does)");
        eprintln!("\n*** SKIPPED: tesseract is missing: {} ***\n", handbook::import::OCR_INSTALL);
    }
    present
}

fn pdf(name: &str) -> Vec<u8> {
    std::fs::read(repo().join(PDFS).join(format!("{name}.pdf"))).expect("sample PDF")
}

/// What a golden keeps of a page: its front-matter, its headings, its size, and the start and
/// end of its body (the whole of a 20-page report would bury a change in noise).
fn golden(file: &str) -> String {
    let (front, body) = file[4..].split_once("\n---\n").expect("front-matter");
    let headings: Vec<&str> = body.lines().filter(|l| l.starts_with('#')).collect();
    let words = body.split_whitespace().count();
    let start: String = body.chars().take(1500).collect();
    let end: String = body.chars().rev().take(600).collect::<Vec<_>>().into_iter().rev().collect();
    format!(
        "---\n{front}\n---\n{words} words, {} paragraphs\n\nheadings:\n{}\n\nstarts:\n{start}\n…\nends:\n{end}",
        body.split("\n\n").count(),
        headings.join("\n")
    )
}

/// Imports `names` (PDFs of the samples) into one site: each seed's pages, as goldens.
fn import(site: &TestSite, names: &[&str]) -> BTreeMap<String, Vec<String>> {
    for name in names {
        std::fs::write(site.root().join("seeds").join(format!("{name}.pdf")), pdf(name)).expect("seed");
    }
    let run = site.run(&["import"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    pages_by_seed(site)
}

fn pages_by_seed(site: &TestSite) -> BTreeMap<String, Vec<String>> {
    let mut pages: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let dir = site.root().join("content/documents");
    let mut files: Vec<_> = std::fs::read_dir(&dir).expect("documents").flatten().map(|e| e.path()).collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("page");
        let seed = text.lines().find_map(|l| l.strip_prefix("seed: ")).unwrap_or_default().to_string();
        pages.entry(seed).or_default().push(text);
    }
    pages
}

fn site() -> TestSite {
    let site = TestSite::new();
    std::fs::create_dir_all(site.root().join("seeds")).expect("seeds/");
    site
}

#[test]
fn goldens_of_the_fourteen_reports_with_a_text_layer() {
    let names: Vec<String> = std::fs::read_dir(repo().join(TEXTS))
        .expect("reports")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().trim_end_matches(".txt").to_string())
        .collect();
    assert_eq!(names.len(), 14);
    let site = site();
    let pages = import(&site, &names.iter().map(String::as_str).collect::<Vec<_>>());
    for name in &names {
        let made = &pages[&format!("{name}.pdf")];
        assert_eq!(made.len(), 1, "{name}: one report, one page");
        assert!(!made[0].contains("\nocr: true"), "{name} has a text layer");
        insta::assert_snapshot!(format!("pdf_{name}"), golden(&made[0]));
    }
}

#[test]
fn goldens_of_the_six_scanned_reports_read_by_ocr() {
    if !tesseract_available() {
        return;
    }
    // The repository's own theme: the note on an OCR'd page is what readers see.
    let site = TestSite::with_default_theme();
    std::fs::create_dir_all(site.root().join("seeds")).expect("seeds/");
    let pages = import(&site, &SCANNED);
    for name in SCANNED {
        let made = &pages[&format!("{name}.pdf")];
        assert_eq!(made.len(), 1, "{name}: one report, one page");
        assert!(made[0].contains("\nocr: true\n"), "{name} says it was read by OCR");
        insta::assert_snapshot!(format!("pdf_ocr_{name}"), golden(&made[0]));
    }
    // The page says so to readers.
    site.build(&[]);
    let page =
        site.read("public/documents/report-of-the-secretary-general-on-the-united-nations-mission-in-haiti/index.html");
    assert!(page.contains("read by OCR from a scanned copy"), "{page}");
}

/// The front-matter facts of a page file.
fn facts(file: &str) -> BTreeMap<String, String> {
    let front = file[4..].split_once("\n---\n").map_or("", |(f, _)| f);
    front
        .lines()
        .filter_map(|l| l.split_once(": "))
        .filter(|(k, _)| ["title", "date", "kind", "language", "symbol", "meeting"].contains(k))
        .map(|(k, v)| (k.to_string(), v.trim_matches(['\'', '"']).to_string()))
        .collect()
}

fn words(text: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for w in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        *counts.entry(w.to_lowercase()).or_insert(0) += 1;
    }
    counts
}

#[test]
fn a_pdf_gives_the_facts_words_and_citations_its_converted_text_gives() {
    let site = TestSite::new();
    let mut names = Vec::new();
    for entry in std::fs::read_dir(repo().join(TEXTS)).expect("reports").flatten() {
        let name = entry.file_name().to_string_lossy().trim_end_matches(".txt").to_string();
        site.write(&format!("seeds/{name}.txt"), &std::fs::read_to_string(entry.path()).expect("text"));
        std::fs::write(site.root().join(format!("seeds/{name}.pdf")), pdf(&name)).expect("pdf");
        names.push(name);
    }
    site.build(&[]);
    let pages = pages_by_seed(&site);
    let documents: serde_json::Value =
        serde_json::from_str(&site.read("public/data/documents.json")).expect("documents.json");
    let cited = |seed: &str| -> (Vec<String>, Vec<String>) {
        let record = documents.as_array().unwrap().iter().find(|d| d["seed"] == seed).expect("a record");
        let list = |key: &str| -> Vec<String> {
            let mut v: Vec<String> =
                record[key].as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect();
            v.sort();
            v
        };
        (list("resolutions"), list("documents"))
    };
    for name in &names {
        let (from_pdf, from_text) = (&pages[&format!("{name}.pdf")], &pages[&format!("{name}.txt")]);
        assert_eq!(from_pdf.len(), from_text.len(), "{name}: pages made");
        let (a, b) = (facts(&from_pdf[0]), facts(&from_text[0]));
        if name == "ONUCA_S_21379" {
            // Its text layer is an old OCR whose title `pdftotext` reads as "OBSERVERGROUPIN
            // CENTRAL AMERICA of the Secretar+General ia s…"; read by position it is the title
            // block, "United Nations observerg roup in Central America".
            assert_eq!(a["title"], "United Nations observerg roup in Central America");
            assert_eq!((&a["date"], &a["kind"]), (&b["date"], &b["kind"]), "{name}");
        } else {
            assert_eq!(a, b, "{name}: the facts differ");
        }
        let (wa, wb) = (words(&from_pdf[0]), words(&from_text[0]));
        let shared: usize = wa.iter().map(|(w, n)| (*n).min(wb.get(w).copied().unwrap_or(0))).sum();
        let f1 = 2.0 * shared as f64 / (wa.values().sum::<usize>() + wb.values().sum::<usize>()) as f64;
        assert!(f1 >= 0.96, "{name}: the bodies share too few words: {f1:.3}");
        // Citations: what the PDF's page cites, its text's cites too (the map of a report is not
        // text in its PDF, so its labels cite nothing there).
        let ((pdf_resolutions, pdf_documents), (text_resolutions, text_documents)) =
            (cited(&format!("{name}.pdf")), cited(&format!("{name}.txt")));
        let unread: Vec<&String> = text_resolutions.iter().filter(|r| !pdf_resolutions.contains(r)).collect();
        assert!(unread.is_empty(), "{name}: resolutions only the text cites: {unread:?}");
        let extra: Vec<&String> = pdf_resolutions.iter().filter(|r| !text_resolutions.contains(r)).collect();
        // `pdftotext` reads UNMOT's "resolution 968 (1994)" as "968 (1994 )", which is no
        // citation; the PDF's glyphs have no such space.
        let explained: &[&str] = if name == "UNMOT_S_1995_1024" { &["968 (1994)"] } else { &[] };
        assert!(
            extra.iter().all(|r| explained.contains(&r.as_str())),
            "{name}: resolutions only the PDF cites: {extra:?}"
        );
        let missing: Vec<&String> = pdf_documents.iter().filter(|d| !text_documents.contains(d)).collect();
        assert!(missing.is_empty(), "{name}: symbols only the PDF cites: {missing:?}");
    }
}

/// A PDF of `pages` pages, each drawing `text` in Helvetica (escaped for a PDF string), written
/// by hand so that each bad shape can be made exactly.
fn handmade_pdf(pages: usize, text: &str, extra_stream: Option<Vec<u8>>) -> Vec<u8> {
    let mut objects: Vec<Vec<u8>> = Vec::new();
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    objects.push(format!("<< /Type /Pages /Kids [{}] /Count {pages} >>", kids.join(" ")).into_bytes());
    objects.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec());
    let content = format!("BT /F1 12 Tf 72 700 Td ({text}) Tj ET");
    for i in 0..pages {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {} 0 R /Resources << /Font << /F1 3 0 R >> >> >>",
                5 + 2 * i
            )
            .into_bytes(),
        );
        let stream = match (&extra_stream, i) {
            (Some(deflated), 0) => {
                let mut s = format!("<< /Length {} /Filter /FlateDecode >>\nstream\n", deflated.len()).into_bytes();
                s.extend_from_slice(deflated);
                s.extend_from_slice(b"\nendstream");
                s
            }
            _ => format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()).into_bytes(),
        };
        objects.push(stream);
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

#[test]
fn bad_pdfs_fail_by_name_and_never_panic_hang_or_run_out_of_memory() {
    use std::io::Write;
    let site = site();
    let seeds = site.root().join("seeds");
    let sample = pdf("UNPREDEP_S_1996_819");
    let bad = repo().join("tests/fixtures/pdf-bad");
    let mut bomb = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    bomb.write_all(&vec![b' '; 200 * 1024 * 1024]).expect("deflate");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("encrypted.pdf", std::fs::read(bad.join("encrypted.pdf")).unwrap(), "the PDF is encrypted with a password"),
        ("corrupt.pdf", b"%PDF-1.4\n\x00\x01 not a PDF at all \xff".to_vec(), "not a PDF that can be read"),
        ("truncated.pdf", sample[..sample.len() / 2].to_vec(), "not a PDF that can be read"),
        ("empty.pdf", Vec::new(), "an empty file, named as a PDF"),
        ("no-pages.pdf", handmade_pdf(0, "", None), "the PDF has no pages"),
        ("no-pages.pdf", handmade_pdf(0, "", None), "the PDF has no pages"),
        (
            "long.pdf",
            handmade_pdf(2_000, "A page of text that says little.", None),
            "2000 pages: a seed of at most 1000 pages",
        ),
        ("bomb.pdf", handmade_pdf(1, "", Some(bomb.finish().unwrap())), "inflates to more than 64 MB: refused"),
        (
            "garbage.pdf",
            handmade_pdf(2, "#$%&\\(\\)*+,-./:;<=>?@[]^_`{|}~ #$%&*+,-./:;<=>?@[]^_`{|}~ #$%&*+,-./:;<=>", None),
            "fonts map their glyphs to no characters",
        ),
        ("self-drawing.pdf", std::fs::read(bad.join("xobject_self_recursion.pdf")).unwrap(), "page 1 cannot be read"),
        ("page-cycle.pdf", std::fs::read(bad.join("pagetree_cycle.pdf")).unwrap(), "the PDF has no pages"),
    ];
    for (name, bytes, _) in &cases {
        std::fs::write(seeds.join(name), bytes).expect("seed");
    }
    let started = std::time::Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .arg("--root")
        .arg(site.root())
        .arg("import")
        .output()
        .expect("run handbook");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for (name, _, expected) in &cases {
        let line = stderr
            .lines()
            .find(|l| l.contains(&format!("seeds/{name}:")))
            .unwrap_or_else(|| panic!("{name}: no message in\n{stderr}"));
        assert!(line.contains(expected), "{name}: expected {expected:?}, got {line:?}");
    }
    assert!(!site.exists("content/documents"), "no page was made of a bad PDF");
    eprintln!("ten bad PDFs refused in {:.1?}", started.elapsed());
}

#[test]
fn a_scanned_pdf_without_tesseract_names_the_file_and_the_install_command() {
    let site = site();
    std::fs::write(site.root().join("seeds/scan.pdf"), pdf("UNIKOM_S_1995_836")).expect("seed");
    let empty = tempfile::tempdir().expect("an empty PATH");
    let output = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .arg("--root")
        .arg(site.root())
        .arg("import")
        .env("PATH", empty.path())
        .output()
        .expect("run handbook");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("seeds/scan.pdf: the PDF is scanned (no text layer), and reading it needs Tesseract: install it with `sudo apt-get install tesseract-ocr"),
        "{stderr}"
    );
    assert!(!site.exists("content/documents"), "never an empty page");
}

#[test]
fn ocr_reads_each_page_once_and_a_reimport_needs_no_tesseract() {
    if !tesseract_available() {
        return;
    }
    let site = site();
    std::fs::write(site.root().join("seeds/scan.pdf"), pdf("UNIKOM_S_1995_836")).expect("seed");
    let first = site.run(&["import"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let sha = format!("{:x}", <sha2::Sha256 as sha2::Digest>::digest(pdf("UNIKOM_S_1995_836")));
    let cache = site.root().join(".handbook-cache/ocr").join(&sha);
    let cached: Vec<String> = std::fs::read_dir(&cache)
        .expect("the cache")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(cached.len(), 4, "a file a page: {cached:?}");
    let page = std::fs::read_to_string(
        site.root().join("content/documents").read_dir().unwrap().flatten().next().unwrap().path(),
    )
    .unwrap();
    // Without Tesseract on the PATH, a forced re-import and a build read every page from the cache.
    let empty = tempfile::tempdir().expect("an empty PATH");
    for args in [&["import", "--force"][..], &["build"][..]] {
        let output = Command::new(env!("CARGO_BIN_EXE_handbook"))
            .arg("--root")
            .arg(site.root())
            .args(args)
            .env("PATH", empty.path())
            .output()
            .expect("run handbook");
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    }
    let again = std::fs::read_to_string(
        site.root().join("content/documents").read_dir().unwrap().flatten().next().unwrap().path(),
    )
    .unwrap();
    assert_eq!(page, again, "the same page from the cache");
}

#[test]
fn serve_reads_a_scanned_seed_in_the_background_and_keeps_serving_edits() {
    if !tesseract_available() {
        return;
    }
    let site = TestSite::new();
    site.page("documents/a.md", "title: First\ndate: 2020-01-01", "Before.\n");
    let server = Server::start(&site);
    std::fs::create_dir_all(site.root().join("seeds")).expect("seeds/");
    std::fs::write(site.root().join("seeds/scan.pdf"), pdf("UNIKOM_S_1995_836")).expect("seed");
    // While its four pages are read (seconds), an edit is served at once.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let started = std::time::Instant::now();
    site.page("documents/a.md", "title: First\ndate: 2020-01-01", "After the edit.\n");
    crate::serve::eventually(&server, "/documents/a/", "the edit", |b| b.contains("After the edit."));
    let edit = started.elapsed();
    let scanned = "/documents/report-of-the-secretary-general-on-the-united-nations-iraq-kuwait-observation/";
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(240);
    loop {
        let body = crate::serve::get_body(&format!("{}{}", server.base, scanned.trim_start_matches('/')));
        if body.contains("UNIKOM") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the scanned seed's page never appeared");
        std::thread::sleep(std::time::Duration::from_millis(250));
    }
    let read = started.elapsed();
    eprintln!("edit served after {edit:.1?}; the scanned seed's page after {read:.1?}");
    assert!(edit < read, "the edit waited for OCR ({edit:.1?} against {read:.1?})");
    assert!(Path::new(&site.root().join(".handbook-cache/ocr")).is_dir());
}
