//! Entry points for the fuzz targets (`fuzz/fuzz_targets/`) and for the tests that replay their
//! saved inputs on stable Rust (`tests/suite/robustness.rs`): each takes arbitrary bytes, as a
//! newsroom or an editor might send them, and must return without panicking, hanging or running
//! out of stack. Whatever they return is dropped: only getting there counts.

use std::path::Path;
use std::sync::LazyLock;

use crate::content::PageMeta;
use crate::date::Date;
use crate::entities::{BUILT_IN_CATALOGUE, BUILT_IN_MISSIONS, Catalogue, Entity, Missions, Recognizer, Registry};
use crate::links::{LinkTargets, PageAnnotator};
use crate::markdown::{MarkdownOptions, render};

/// A fuzz target: takes any bytes, must return.
pub type Target = fn(&[u8]);

/// The fuzz targets, by name: what `scripts/fuzz.sh` runs and the replay test reads.
pub const TARGETS: [(&str, Target); 5] = [
    ("import", import),
    ("pdf", pdf),
    ("front_matter", front_matter),
    ("recognize", recognize),
    ("annotate", annotate),
];

/// `import::convert` on a seed's bytes, in any encoding.
pub fn import(data: &[u8]) {
    let _ = crate::import::convert("fuzz.txt", data);
}

/// `import::convert` on a PDF: lopdf's check of its structure and limits, pdfplumber's glyphs,
/// the layout of rows, columns, furniture and notes, and the scanned-page images that OCR would
/// read (decoded, but never sent to Tesseract: the fuzzer has no OCR context). Bytes that do not
/// start as a PDF are given its signature, so that mutations stay on this path.
pub fn pdf(data: &[u8]) {
    let bytes = if data.starts_with(b"%PDF-") { data.to_vec() } else { [b"%PDF-1.4\n".as_slice(), data].concat() };
    let _ = crate::import::convert("fuzz.pdf", &bytes);
}

/// A page file: front-matter split, YAML parsed into `PageMeta`, the section or page it makes.
pub fn front_matter(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = crate::content::parse_file(Path::new("content/documents/fuzz.md"), &text);
}

/// The recognizer, on text of any shape, read on a date taken from the input's first bytes.
pub fn recognize(data: &[u8]) {
    let (date, text) = dated(data);
    let _ = RECOGNIZER.find(&text, date);
}

/// Markdown rendered with every mention annotated as a page's would be: the links spliced into
/// pulldown-cmark's events, ids, the table of contents, the summary. The first byte's low bits
/// also choose what changes which mentions are linked: trusted HTML, `links.every_mention`, and a
/// page that is itself an entity (an official's own page, a resolution's text) and has an
/// editor's `not_mentions:`.
pub fn annotate(data: &[u8]) {
    let (date, text) = dated(data);
    let flags = data.first().copied().unwrap_or(0);
    let Ok(mut config) = crate::config::Config::parse(Path::new("site.yaml"), "title: Fuzz\nbase_url: /\n") else {
        return;
    };
    config.links.every_mention = flags & 2 == 2;
    let published = std::collections::HashSet::from(["antonio-guterres".to_string()]);
    let targets = LinkTargets { config: &config, published_officials: &published };
    let (meta, own) = if flags & 4 == 4 {
        let meta = PageMeta {
            date,
            symbol: Some("S/RES/2553 (2020)".into()),
            not_mentions: vec!["monusco".into(), "S/PRST/2007/3".into()],
            ..PageMeta::default()
        };
        (meta, Some(Entity::Official("antonio-guterres".into())))
    } else {
        (PageMeta { date, ..PageMeta::default() }, None)
    };
    let mut annotator = PageAnnotator::new(&RECOGNIZER, &targets, &meta, own);
    let options = MarkdownOptions { trusted_html: flags & 1 == 1, smart_punctuation: true, base_path: "/".into() };
    let _ = render(&text, &options, "/documents/fuzz/", &mut annotator);
}

/// A date from the first two bytes (any day from 1945 on, or none), and the rest as text.
fn dated(data: &[u8]) -> (Option<Date>, String) {
    let (date, rest) = match data {
        [a, b, rest @ ..] => {
            let days = u32::from(*a) << 8 | u32::from(*b);
            let date =
                (days != 0).then(|| Date::from_ymd(1945 + (days / 366) as i32 % 90, 1 + days % 12, 1 + days % 28));
            (date.flatten(), rest)
        }
        _ => (None, data),
    };
    (date, String::from_utf8_lossy(rest).into_owned())
}

/// The built-in catalogue and peace operations list, and two officials with roles and aliases:
/// every kind of mention the recognizer knows.
static RECOGNIZER: LazyLock<Recognizer> = LazyLock::new(|| {
    let officials = [
        (
            "antonio-guterres",
            "title: António Guterres\naliases: [Guterres, Mr. Guterres]\nroles:\n  - title: Secretary-General of the United Nations\n    from: 2017-01-01\n    aliases: [Secretario General, Secrétaire général]\n",
        ),
        (
            "ban-ki-moon",
            "title: Ban Ki-moon\naliases: [Mr. Ban]\nroles:\n  - title: Secretary-General of the United Nations\n    from: 2007-01-01\n    to: 2016-12-31\n",
        ),
    ];
    let metas: Vec<(&str, PageMeta)> = officials
        .iter()
        .filter_map(|(slug, yaml)| {
            crate::yaml::parse(Path::new(slug), yaml, 1, "front-matter").ok().map(|meta| (*slug, meta))
        })
        .collect();
    let registry = Registry::new(metas.iter().map(|(slug, meta)| (*slug, meta)));
    let catalogue = Catalogue::parse(BUILT_IN_CATALOGUE, "(built-in catalogue)").unwrap_or_default();
    let records = crate::entities::parse_missions(BUILT_IN_MISSIONS, "(built-in list)").unwrap_or_default();
    let missions = Missions::new(&records, []);
    Recognizer::new(&catalogue, &registry, &missions).expect("the built-in data make a recognizer")
});
