//! `find` never panics, and its ranges are sorted, disjoint, non-empty, in bounds and on char
//! boundaries, on any input: arbitrary Unicode, and text stitched from the fragments the
//! recognizer reacts to (so that the interesting paths run, not only the "nothing here" one).

use std::path::Path;
use std::sync::OnceLock;

use handbook::date::Date;
use handbook::entities::{Mention, Recognizer};
use proptest::prelude::*;

fn recognizer() -> &'static Recognizer {
    static R: OnceLock<Recognizer> = OnceLock::new();
    R.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        handbook::entities::site_recognizer(root).unwrap()
    })
}

fn check(text: &str, mentions: &[Mention]) -> Result<(), TestCaseError> {
    let mut last = 0;
    for m in mentions {
        prop_assert!(m.range.start < m.range.end, "empty range {:?}", m);
        prop_assert!(m.range.start >= last, "unsorted or overlapping: {:?}", mentions);
        prop_assert!(m.range.end <= text.len(), "out of bounds: {:?}", m);
        prop_assert!(text.is_char_boundary(m.range.start) && text.is_char_boundary(m.range.end), "{:?}", m);
        last = m.range.end;
    }
    Ok(())
}

const FRAGMENTS: &[&str] = &[
    "resolution",
    "resolutions",
    "Resolución",
    "résolutions",
    "S/RES/",
    "S/",
    "A/",
    "PRST",
    "/",
    "(",
    ")",
    "\\(",
    "\\)",
    "[",
    "](#)",
    "2553",
    "2020",
    "1325",
    "2000",
    "2700",
    "2023",
    "12",
    " ",
    "  ",
    "\n",
    ",",
    " and ",
    ".",
    "-",
    "–",
    "’s",
    "Secretary-General",
    "Under-",
    "the",
    "former",
    "UN",
    "NATO",
    "of",
    "the United Nations",
    "Secretario General",
    "Secrétaire général",
    "Mr.",
    "Ms",
    "António",
    "Antonio",
    "Guterres",
    "Ban",
    "Ki-moon",
    "Trump",
    "President",
    "Foreign Secretary",
    "Minister",
    "Jane",
    "Doe",
    "Ana",
    "María",
    "de",
    "la",
    "José",
    "Ramos-Horta",
    "o\u{301}",
    "\u{301}",
    "é",
    "ß",
    "Æ",
    "ж",
    "😀",
    "\u{a0}",
    "\u{2011}",
    "Lacroix",
    "Jerry Matthews",
    "**Matjila**",
    "Presidente del Consejo de Seguridad",
    "16-page",
    "3/12/2020",
    "S/PV.8787",
    "A/HRC/45/L.1/Rev.1",
];

fn stitched() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..40).prop_map(|parts| parts.concat())
}

fn dates() -> impl Strategy<Value = Option<Date>> {
    prop_oneof![Just(None), (1990i32..2030, 1u32..13, 1u32..29).prop_map(|(y, m, d)| Date::from_ymd(y, m, d))]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_unicode(text in any::<String>(), date in dates()) {
        check(&text, &recognizer().find(&text, date))?;
    }

    #[test]
    fn stitched_fragments(text in stitched(), date in dates()) {
        check(&text, &recognizer().find(&text, date))?;
    }
}
