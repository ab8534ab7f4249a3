//! Unit tests of the recognizer on small fixtures: every form of citation and reference it must
//! find, and the look-alikes it must not.

use super::*;
use crate::content::PageMeta;
use crate::date::Date;

const CATALOGUE: &str = "number,year,symbol,adopted,meeting,topic,vote
12,1946,S/RES/12 (1946),1946-12-10,S/PV.84,The Greek question,
1325,2000,S/RES/1325 (2000),2000-10-31,S/PV.4213,Women and peace and security,15-0-0
1820,2008,S/RES/1820 (2008),2008-06-19,S/PV.5916,Women and peace and security,15-0-0
2063,2012,S/RES/2063 (2012),2012-07-31,S/PV.6819,Reports of the Secretary-General on the Sudan,15-0-0
2086,2013,S/RES/2086 (2013),2013-01-21,S/PV.6903,Peacekeeping operations,15-0-0
2099,2013,S/RES/2099 (2013),2013-04-25,S/PV.6951,The situation concerning Western Sahara,15-0-0
2101,2013,S/RES/2101 (2013),2013-04-25,S/PV.6952,The situation in Côte d'Ivoire,15-0-0
2106,2013,S/RES/2106 (2013),2013-06-24,S/PV.6984,Women and peace and security,15-0-0
2122,2013,S/RES/2122 (2013),2013-10-18,S/PV.7044,Women and peace and security,15-0-0
2151,2014,S/RES/2151 (2014),2014-04-28,S/PV.7161,Security sector reform,15-0-0
2282,2016,S/RES/2282 (2016),2016-04-27,S/PV.7680,Post-conflict peacebuilding,15-0-0
2493,2019,S/RES/2493 (2019),2019-10-29,S/PV.8649,Women and peace and security,15-0-0
2553,2020,S/RES/2553 (2020),2020-12-03,,Maintenance of international peace and security,15-0-0
2640,2022,S/RES/2640 (2022),2022-06-29,S/PV.9082,The situation in Mali,13-0-2
687,1991,S/RES/687 (1991),1991-04-03,S/PV.2981,Iraq-Kuwait,12-1-2
949,1994,S/RES/949 (1994),1994-10-15,S/PV.3438,Iraq-Kuwait,15-0-0
";

const OFFICIALS: &[(&str, &str)] = &[
    (
        "antonio-guterres",
        r#"
title: António Guterres
aliases: ["Guterres", "Mr. Guterres", "Antonio Guterres"]
roles:
  - title: Secretary-General of the United Nations
    from: 2017-01-01
    aliases: ["Secretario General", "Secrétaire général"]
  - title: United Nations High Commissioner for Refugees
    from: 2005-06-15
    to: 2015-12-31
"#,
    ),
    (
        "ban-ki-moon",
        r#"
title: Ban Ki-moon
aliases: ["Mr. Ban", "Ban Ki Moon"]
roles:
  - title: Secretary-General of the United Nations
    from: 2007-01-01
    to: 2016-12-31
    aliases: ["Secretario General", "Secrétaire général"]
"#,
    ),
    (
        "donald-trump",
        r#"
title: Donald Trump
aliases: ["Trump", "Mr. Trump", "President Trump"]
roles:
  - title: President of the United States
    from: 2017-01-20
    to: 2021-01-20
"#,
    ),
    (
        "jean-pierre-lacroix",
        r#"
title: Jean-Pierre Lacroix
aliases: ["Lacroix"]
roles:
  - title: Under-Secretary-General for Peacekeeping Operations
    from: 2017-04-01
    to: 2018-12-31
"#,
    ),
    (
        "jalil-abbas-jilani",
        r#"
title: Jalil Abbas Jilani
aliases: ["Jilani"]
roles:
  - title: Foreign Secretary of Pakistan
    from: 2012-03-01
    to: 2013-12-01
"#,
    ),
    (
        "jerry-matthews-matjila",
        r#"
title: Jerry Matthews Matjila
roles:
  - title: President of the Security Council
    from: 2020-12-01
    to: 2020-12-31
"#,
    ),
];

fn recognizer() -> Recognizer {
    let catalogue = Catalogue::parse(CATALOGUE, "fixture.csv").unwrap();
    let metas: Vec<(&str, PageMeta)> =
        OFFICIALS.iter().map(|(slug, yaml)| (*slug, serde_yaml::from_str(yaml).unwrap())).collect();
    let registry = Registry::new(metas.iter().map(|(s, m)| (*s, m)));
    let missions = Missions::new(&parse_missions(BUILT_IN_MISSIONS, "x").unwrap(), []);
    Recognizer::new(&catalogue, &registry, &missions).unwrap()
}

fn date(iso: &str) -> Option<Date> {
    Date::parse_iso(iso)
}

/// `(span text, key)` of every mention, keys prefixed by kind: `r:` `d:` `o:` `u:`.
fn found(text: &str, date: Option<Date>) -> Vec<(String, String)> {
    let mentions = recognizer().find(text, date);
    check_ranges(text, &mentions);
    mentions
        .into_iter()
        .map(|m| {
            let key = match &m.entity {
                Entity::Resolution(_) => format!("r:{}", m.entity.key()),
                Entity::Document(s) => format!("d:{s}"),
                Entity::Official(s) => format!("o:{s}"),
                Entity::UnknownOfficial(p) => format!("u:{}|{}", p.title, p.name),
                Entity::Mission(s) => format!("m:{s}"),
                Entity::TheMission => "m:the".to_string(),
                Entity::Anachronism(e) => format!("a:{}", e.key()),
            };
            (text[m.range].to_string(), key)
        })
        .collect()
}

fn keys(text: &str, date: Option<Date>) -> Vec<String> {
    found(text, date).into_iter().map(|(_, k)| k).collect()
}

fn check_ranges(text: &str, mentions: &[Mention]) {
    let mut last = 0;
    for m in mentions {
        assert!(m.range.start >= last && m.range.start < m.range.end && m.range.end <= text.len(), "{mentions:?}");
        assert!(text.is_char_boundary(m.range.start) && text.is_char_boundary(m.range.end));
        last = m.range.end;
    }
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

// ----- resolutions -----

#[test]
fn resolution_forms() {
    assert_eq!(found("the adoption of resolution 2086 (2013), the", None), pairs(&[("2086 (2013)", "r:2086 (2013)")]));
    assert_eq!(found("Resolution 2553 (2020)**Adopted", None), pairs(&[("2553 (2020)", "r:2553 (2020)")]));
    assert_eq!(found("S/RES/2553 (2020)", None), pairs(&[("S/RES/2553 (2020)", "r:2553 (2020)")]));
    assert_eq!(found("see S/RES/2553(2020).", None), pairs(&[("S/RES/2553(2020)", "r:2553 (2020)")]));
    assert_eq!(found("in 2553 (2020) the Council", None), pairs(&[("2553 (2020)", "r:2553 (2020)")]));
}

#[test]
fn resolution_lists() {
    assert_eq!(
        keys("resolutions 1325 (2000), 1820 (2008) and 2493 (2019) on women", None),
        ["r:1325 (2000)", "r:1820 (2008)", "r:2493 (2019)"]
    );
    // A list missing its comma.
    assert_eq!(keys("2106 (2013) 2122 (2013), ", None), ["r:2106 (2013)", "r:2122 (2013)"]);
    // An item the catalogue doesn't have yet, inside a list.
    assert_eq!(keys("resolutions 2553 (2020) and 2700 (2023)", None), ["r:2553 (2020)", "r:2700 (2023)"]);
}

#[test]
fn markdown_escaped_parentheses() {
    let text = r"Recalling its resolutions [2151 \(2014\)](#) on reform and [2282 \(2016\)](#) on";
    assert_eq!(found(text, None), pairs(&[(r"2151 \(2014\)", "r:2151 (2014)"), (r"2282 \(2016\)", "r:2282 (2016)")]));
    assert_eq!(found("[2151 (2014)](#)", None), pairs(&[("2151 (2014)", "r:2151 (2014)")]));
    assert_eq!(
        found(r"queda aprobado como resolución [2553 \(2020\)](#), de 3", None),
        pairs(&[(r"2553 \(2020\)", "r:2553 (2020)")])
    );
}

#[test]
fn spanish_and_french() {
    assert_eq!(keys("la resolución 2553 (2020)", None), ["r:2553 (2020)"]);
    assert_eq!(keys("las resoluciones 1325 (2000) y 1820 (2008)", None), ["r:1325 (2000)", "r:1820 (2008)"]);
    assert_eq!(keys("la résolution 2553 (2020)", None), ["r:2553 (2020)"]);
    assert_eq!(keys("ses résolutions 1325 (2000) et 1820 (2008)", None), ["r:1325 (2000)", "r:1820 (2008)"]);
    assert_eq!(keys("la resolución 2700 (2023)", None), ["r:2700 (2023)"]);
}

#[test]
fn after_the_catalogue_needs_a_keyword() {
    assert_eq!(keys("resolution 2700 (2023)", None), ["r:2700 (2023)"]);
    assert_eq!(keys("S/RES/2700 (2023)", None), ["r:2700 (2023)"]);
    assert!(keys("some 2700 (2023) people", None).is_empty());
    // Older than the last catalogued resolution: not a real pair.
    assert!(keys("resolution 2700 (2019)", None).is_empty());
    // A gap in the catalogue: between its neighbours' years, with a keyword.
    assert_eq!(keys("resolution 2100 (2013)", None), ["r:2100 (2013)"]);
    assert!(keys("resolution 2100 (2016)", None).is_empty());
    assert!(keys("about 2100 (2013)", None).is_empty());
}

#[test]
fn resolution_look_alikes() {
    assert!(keys("In a 16-page document obtained by PassBlue", None).is_empty());
    assert!(keys("the 2015 report (2015) and (2015) alone", None).is_empty());
    // The catalogue says 2063 is of 2012.
    assert!(keys("Agenda 2063 (2018)", None).is_empty());
    assert!(keys("resolution 2063 (2018)", None).is_empty());
    assert!(keys("S/RES/2063 (2018)", None).is_empty());
    assert!(keys("some 12553 (2020) and 1,820 (2008)", None).is_empty());
    assert!(keys("General Assembly resolution 2553 (2020)", None).is_empty());
}

#[test]
fn resolutions_without_year() {
    assert_eq!(found("resolution 2086 was adopted", None), pairs(&[("2086", "r:2086 (2013)")]));
    assert_eq!(keys("resolutions 1325 and 1820.", None), ["r:1325 (2000)", "r:1820 (2008)"]);
    assert_eq!(found("S/RES/2553 is", None), pairs(&[("S/RES/2553", "r:2553 (2020)")]));
    // Another body's resolutions, drafts, and numbers the catalogue lacks.
    assert!(keys("General Assembly resolution 12 (II)", None).is_empty());
    assert!(keys("resolution 12 (II)", None).is_empty());
    assert!(keys("resolution 70/1", None).is_empty());
    assert!(keys("the draft resolution 12 was", None).is_empty());
    assert!(keys("resolution 2700 was", None).is_empty());
    assert!(keys("S/RES/2700 is", None).is_empty());
    assert_eq!(keys("resolution 1325, 12 people", None), ["r:1325 (2000)"]);
}

// ----- documents -----

#[test]
fn document_symbols() {
    let text = "the draft [S/2020/1158](#) and ([S/2020/253](#)), statements (S/PRST/2007/3), \
                resolution [A/70/1](#), A/RES/70/1, meeting S/PV.8787, A/HRC/45/L.1/Rev.1 and S/2020/1158.";
    assert_eq!(
        found(text, None),
        pairs(&[
            ("S/2020/1158", "d:S/2020/1158"),
            ("S/2020/253", "d:S/2020/253"),
            ("S/PRST/2007/3", "d:S/PRST/2007/3"),
            ("A/70/1", "d:A/70/1"),
            ("A/RES/70/1", "d:A/RES/70/1"),
            ("S/PV.8787", "d:S/PV.8787"),
            ("A/HRC/45/L.1/Rev.1", "d:A/HRC/45/L.1/Rev.1"),
            ("S/2020/1158", "d:S/2020/1158"),
        ])
    );
    assert_eq!(Entity::Document("S/2020/1158".into()).undocs_url().unwrap(), "https://undocs.org/S/2020/1158");
}

#[test]
fn document_look_alikes() {
    assert!(keys("on 3/12/2020 and/or A/B testing over TCP/IP, S/he", None).is_empty());
    assert!(keys("see https://undocs.org/S/2020/1158 there", None).is_empty());
    // A resolution symbol is a resolution.
    assert_eq!(keys("S/RES/2553 (2020)", None), ["r:2553 (2020)"]);
}

// ----- officials -----

#[test]
fn names_and_aliases() {
    assert_eq!(found("António Guterres said", None), pairs(&[("António Guterres", "o:antonio-guterres")]));
    assert_eq!(keys("Antonio Guterres said", None), ["o:antonio-guterres"]);
    // Accents the registry doesn't write are as good as those it does.
    assert_eq!(
        keys("Jean-Pierre Lacroix and Jean Pierre Lacroix", None),
        ["o:jean-pierre-lacroix", "o:jean-pierre-lacroix"]
    );
    assert_eq!(found("Guterres’s plan", None), pairs(&[("Guterres", "o:antonio-guterres")]));
    assert_eq!(keys("Donald Trump met Trump", None), ["o:donald-trump", "o:donald-trump"]);
    // Names are case-sensitive, and whole words.
    assert!(keys("antonio guterres, a trump card, the trumpet, Trumpet", None).is_empty());
}

#[test]
fn surnames_after_titles_and_honorifics() {
    assert_eq!(found("said Mr. Guterres.", None), pairs(&[("Mr. Guterres", "o:antonio-guterres")]));
    assert_eq!(found("Mr. Ban urged", None), pairs(&[("Mr. Ban", "o:ban-ki-moon")]));
    assert_eq!(found("as Mr Jilani said", None), pairs(&[("Mr Jilani", "o:jalil-abbas-jilani")]));
    assert_eq!(
        found("Secretary-General Guterres", None),
        pairs(&[("Secretary-General Guterres", "o:antonio-guterres")])
    );
    assert_eq!(found("Secretary-General Ban said", None), pairs(&[("Secretary-General Ban", "o:ban-ki-moon")]));
    assert_eq!(found("President Trump said", None), pairs(&[("President Trump", "o:donald-trump")]));
    assert_eq!(found("Ambassador Matjila said", None), pairs(&[("Ambassador Matjila", "o:jerry-matthews-matjila")]));
    // "Ban" alone is a word, not a person.
    assert!(keys("a Ban on imports", None).is_empty());
}

#[test]
fn title_and_name_are_one_mention() {
    let text = "opened by Secretary-General Ban Ki-moon.";
    assert_eq!(found(text, date("2013-01-22")), pairs(&[("Secretary-General Ban Ki-moon", "o:ban-ki-moon")]));
    let text = "proposed by Secretary-General António Guterres as";
    assert_eq!(found(text, None), pairs(&[("Secretary-General António Guterres", "o:antonio-guterres")]));
    // The name decides, whatever the date says of the role.
    assert_eq!(keys(text, date("2010-01-01")), ["o:antonio-guterres"]);
    let text = "UN Under-Secretary-General for Peacekeeping Operations Jean-Pierre Lacroix affirmed";
    assert_eq!(
        found(text, None),
        pairs(&[("Under-Secretary-General for Peacekeeping Operations Jean-Pierre Lacroix", "o:jean-pierre-lacroix")])
    );
}

#[test]
fn role_references_resolve_by_date() {
    let text = "the Secretary-General said";
    assert_eq!(found(text, date("2013-01-22")), pairs(&[("Secretary-General", "o:ban-ki-moon")]));
    assert_eq!(keys(text, date("2017-09-20")), ["o:antonio-guterres"]);
    assert_eq!(keys("the Secretary-General’s focus", date("2017-09-20")), ["o:antonio-guterres"]);
    assert_eq!(keys("the Secretary-General's report", date("2017-09-20")), ["o:antonio-guterres"]);
    assert_eq!(
        found("António Guterres, the UN secretary-general, was", date("2018-05-30")),
        pairs(&[("António Guterres", "o:antonio-guterres"), ("UN secretary-general", "o:antonio-guterres")])
    );
    assert_eq!(keys("the Secretary-General of the United Nations", date("2018-01-01")), ["o:antonio-guterres"]);
    assert_eq!(keys("dirigida al Secretario General y", date("2020-12-03")), ["o:antonio-guterres"]);
    assert_eq!(keys("le Secrétaire général a dit", date("2014-01-01")), ["o:ban-ki-moon"]);
    assert_eq!(keys("le Secretaire General a dit", date("2014-01-01")), ["o:ban-ki-moon"]);
    assert_eq!(keys("the Foreign Secretary of Pakistan", date("2013-01-22")), ["o:jalil-abbas-jilani"]);
    assert_eq!(keys("by the President of the Security Council", date("2020-12-03")), ["o:jerry-matthews-matjila"]);
    assert_eq!(keys("the Security Council President said", date("2020-12-03")), ["o:jerry-matthews-matjila"]);
    // Nobody in the registry held it then.
    assert!(keys("the Secretary-General said", date("2003-01-01")).is_empty());
    assert!(keys("the President of the Security Council", date("2021-06-01")).is_empty());
}

#[test]
fn role_references_without_a_date_resolve_to_nobody() {
    assert!(keys("the Secretary-General said", None).is_empty());
    assert!(keys("el Secretario General", None).is_empty());
    assert!(keys("The Under-Secretary-General highlighted", None).is_empty());
}

#[test]
fn role_look_alikes() {
    let d = date("2018-03-01");
    assert!(keys("the Under-Secretary-General and the Assistant Secretary-General", d).is_empty());
    assert!(keys("an under secretary-general and a Deputy Secretary-General", d).is_empty());
    assert!(keys("the former Secretary-General and the ninth Secretary-General", d).is_empty());
    assert!(keys("pressure to please a secretary-general who", d).is_empty());
    assert!(keys("NATO Secretary-General said; the Secretary-General of the Arab League", d).is_empty());
    assert!(keys("the Secretary-General-designate said", d).is_empty());
    assert!(keys("the president said", d).is_empty());
    assert!(keys("the General Assembly", d).is_empty());
}

#[test]
fn unknown_officials() {
    let u = |text: &str| keys(text, date("2018-01-01"));
    assert_eq!(u("Foreign Secretary Jane Doe said"), ["u:Foreign Secretary|Jane Doe"]);
    assert_eq!(u("Under-Secretary-General John Smith briefed"), ["u:Under-Secretary-General|John Smith"]);
    assert_eq!(u("Minister Ana María Pérez Gómez of"), ["u:Minister|Ana María Pérez Gómez"]);
    assert_eq!(u("as Ambassador Nikki Haley’s speech"), ["u:Ambassador|Nikki Haley"]);
    assert_eq!(u("el Embajador Juan Pérez"), ["u:Embajador|Juan Pérez"]);
    // A title before a name not in the registry is that person, never the role's holder.
    assert_eq!(u("the late Secretary-General Kofi Annan"), ["u:Secretary-General|Kofi Annan"]);
    assert_eq!(
        found("Prime Minister Shinzo Abe", None),
        pairs(&[("Prime Minister Shinzo Abe", "u:Prime Minister|Shinzo Abe")])
    );
    // Not names: one word, an institution, a headline's title case.
    assert!(u("President Xi said").is_empty());
    // The office in 2018, held by nobody the registry knows; "Office" is no name.
    assert!(u("the Foreign Secretary of Pakistan Office").is_empty());
    assert!(u("Foreign Minister Warns Member States").is_empty());
    assert_eq!(u("Judge Rules Against Trump Policy"), ["o:donald-trump"]);
    assert_eq!(u("Secretary-General Warns Member States"), ["o:antonio-guterres"]);
    assert!(u("the President of the General Assembly").is_empty());
    assert!(keys("Dulcie Leimbach is a co-founder, with Barbara Crossette, of PassBlue", None).is_empty());
}

#[test]
fn mentions_are_sorted_and_disjoint() {
    let text = "20 September 2017 – [Secretary-General](#) António Guterres told the Security Council, \
                recalling resolutions 1325 (2000), 1820 (2008) and S/PRST/2007/3, that Mr. Guterres and \
                Foreign Secretary Jane Doe agree.";
    let k = keys(text, date("2017-09-20"));
    assert_eq!(
        k,
        [
            "o:antonio-guterres",
            "o:antonio-guterres",
            "r:1325 (2000)",
            "r:1820 (2008)",
            "d:S/PRST/2007/3",
            "o:antonio-guterres",
            "u:Foreign Secretary|Jane Doe"
        ]
    );
}

#[test]
fn keys_and_urls() {
    let r = Entity::Resolution(ResolutionId::new(2553, 2020));
    assert_eq!(r.key(), "2553 (2020)");
    assert_eq!(r.undocs_url().unwrap(), "https://undocs.org/S/RES/2553(2020)");
    let d = Entity::Document("S/PRST/2007/3".into());
    assert_eq!(d.key(), "S/PRST/2007/3");
    assert_eq!(d.undocs_url().unwrap(), "https://undocs.org/S/PRST/2007/3");
    assert_eq!(Entity::Official("antonio-guterres".into()).key(), "antonio-guterres");
    assert!(Entity::Official("x".into()).undocs_url().is_none());
    let u = Entity::unknown_official("Jane Doe".into(), "Foreign Secretary".into());
    assert_eq!(u.to_string(), "Foreign Secretary Jane Doe");
}

#[test]
fn resolution_ids_parse_and_print() {
    let id = ResolutionId::new(2553, 2020);
    assert_eq!(ResolutionId::parse("2553 (2020)"), Some(id));
    assert_eq!(ResolutionId::parse("S/RES/2553(2020)"), Some(id));
    assert_eq!(ResolutionId::parse(" 2553 ( 2020 ) "), Some(id));
    for bad in ["2553", "2553 (20)", "x (2020)", "2553 (2020", "(2020)"] {
        assert_eq!(ResolutionId::parse(bad), None, "{bad}");
    }
    assert_eq!(
        (id.to_string(), id.symbol(), id.title()),
        ("2553 (2020)".into(), "S/RES/2553 (2020)".into(), "Resolution 2553 (2020)".into())
    );
    assert_eq!(serde_json::to_string(&id).unwrap(), "\"2553 (2020)\"");
}

#[test]
fn line_breaks_and_no_break_spaces_inside_names() {
    let d = date("2018-01-01");
    assert_eq!(found("said António\nGuterres.", d), pairs(&[("António\nGuterres", "o:antonio-guterres")]));
    assert_eq!(found("the Secretary-\nGeneral said", d), pairs(&[("Secretary-\nGeneral", "o:antonio-guterres")]));
    assert_eq!(
        keys("the Secretary\u{a0}General and Mr.\u{a0}Guterres", d),
        ["o:antonio-guterres", "o:antonio-guterres"]
    );
    // Decomposed accents (NFD) are accents too, and stay inside the span.
    assert_eq!(found("Anto\u{301}nio Guterres", None), pairs(&[("Anto\u{301}nio Guterres", "o:antonio-guterres")]));
}

#[test]
fn recognizer_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Recognizer>();
}

#[test]
fn a_resolution_adopted_after_the_page_is_no_citation() {
    let april_1992 = date("1992-04-15");
    // OCR noise in a 1992 report makes "resolution 949": it cannot be cited before 1994.
    assert_eq!(keys("in its resolution 949 the Council", april_1992), ["a:949 (1994)"]);
    assert_eq!(keys("resolution 949 (1994) of", april_1992), ["a:949 (1994)"]);
    assert_eq!(keys("resolution 949 (1994) of", date("1994-10-15")), ["r:949 (1994)"]);
    // Undated pages cannot tell.
    assert_eq!(keys("resolution 949 (1994) of", None), ["r:949 (1994)"]);
    assert_eq!(keys("resolutions 687 and 949", april_1992), ["r:687 (1991)", "a:949 (1994)"]);
}

#[test]
fn scanner_misreadings_are_repaired_only_into_real_citations() {
    let d = date("1992-04-15");
    assert_eq!(found("its resolution 6 8 7 (1991) of", d), pairs(&[("6 8 7 (1991)", "r:687 (1991)")]));
    assert_eq!(found("resolution 687 (19911 and", d), pairs(&[("687 (19911", "r:687 (1991)")]));
    // Not catalogued that way: nothing, rather than resolution 6 or 7.
    assert!(keys("resolution 6 8 8 (1991) of", d).is_empty(), "{:?}", keys("resolution 6 8 8 (1991) of", d));
    assert!(keys("resolution 688 (19921 and", d).is_empty());
    // Without the keyword, spaced digits are just numbers.
    assert!(keys("pages 6 8 7 (1991) of", d).is_empty());
}

#[test]
fn an_undated_role_names_nobody_by_date() {
    let catalogue = Catalogue::parse(CATALOGUE, "fixture.csv").unwrap();
    let meta: PageMeta =
        serde_yaml::from_str("title: Jane Doe\ndraft: true\nroles:\n  - title: Prime Minister of Serbia\n").unwrap();
    let registry = Registry::new([("jane-doe", &meta)]);
    let recognizer = Recognizer::new(&catalogue, &registry, &Missions::default()).unwrap();
    let mentions = recognizer.find("the post of the Prime Minister of Serbia was vacant", date("1993-08-26"));
    assert!(mentions.iter().all(|m| m.entity != Entity::Official("jane-doe".into())), "{mentions:?}");
    // By name she is still herself.
    let mentions = recognizer.find("Jane Doe spoke", date("1993-08-26"));
    assert_eq!(mentions.len(), 1);
}

#[test]
fn un_before_a_title_is_the_organization_not_the_spanish_article() {
    let date = date("2017-06-01");
    for text in [
        "UN Under-Secretary-General for Peacekeeping Operations Jean-Pierre Lacroix said",
        "U.N. Under-Secretary-General for Peacekeeping Operations Jean-Pierre Lacroix said",
    ] {
        assert_eq!(keys(text, date), ["o:jean-pierre-lacroix"], "{text}");
    }
    // The role alone, after "UN", is its holder on the page's date.
    assert_eq!(
        keys("the UN Under-Secretary-General for Peacekeeping Operations said", date),
        ["o:jean-pierre-lacroix"]
    );
    // "un" as the Spanish article still makes "a secretary-general", nobody in particular.
    assert!(keys("fue un Secretario General respetado", date).is_empty());
}

// ----- missions -----

#[test]
fn missions_by_acronym_name_alias_and_the_mission() {
    let catalogue = Catalogue::parse(CATALOGUE, "fixture.csv").unwrap();
    let registry = Registry::new(std::iter::empty::<(&str, &PageMeta)>());
    let note: PageMeta =
        serde_yaml::from_str("title: United Nations Stabilization Mission in Haiti\nacronym: MINUSTAH\naliases: [\"Misión de Estabilización de las Naciones Unidas en Haití\"]")
            .unwrap();
    let missions = Missions::new(&parse_missions(BUILT_IN_MISSIONS, "x").unwrap(), [("minustah", &note)]);
    let recognizer = Recognizer::new(&catalogue, &registry, &missions).unwrap();
    let found = |text: &str, iso: &str| -> Vec<(String, String)> {
        recognizer
            .find(text, date(iso))
            .into_iter()
            .map(|m| {
                let key = match &m.entity {
                    Entity::Mission(s) => format!("m:{s}"),
                    Entity::TheMission => "m:the".into(),
                    Entity::Anachronism(e) => format!("a:{}", e.key()),
                    other => other.key(),
                };
                (text[m.range].to_string(), key)
            })
            .collect()
    };
    assert_eq!(
        found("UNMIS handed over to UNMISS.", "2011-07-09"),
        pairs(&[("UNMIS", "m:unmis"), ("UNMISS", "m:unmiss")])
    );
    // Acronyms are case-sensitive words; names are not.
    assert_eq!(found("unmiss and minusma", "2015-01-01"), pairs(&[]));
    assert_eq!(
        found("the united nations mission in the republic of south sudan", "2015-01-01"),
        pairs(&[("united nations mission in the republic of south sudan", "m:unmiss")])
    );
    // The article before a name is part of neither "la Misión" nor the name.
    assert_eq!(
        found("La Misión de Estabilización de las Naciones Unidas en Haití trabaja.", "2010-01-20"),
        pairs(&[("Misión de Estabilización de las Naciones Unidas en Haití", "m:minustah")])
    );
    assert_eq!(
        found("La Misión trabaja; the Mission works.", "2010-01-20"),
        pairs(&[("La Misión", "m:the"), ("the Mission", "m:the")])
    );
    // "the mission" in lower case is any mission.
    assert_eq!(found("the mission works.", "2010-01-20"), pairs(&[]));
    // Before it existed: an anachronism, not a mention.
    assert_eq!(found("MINUSMA troops", "1985-03-01"), pairs(&[("MINUSMA", "a:minusma")]));
    // After it closed: history, a mention.
    assert_eq!(found("MINUSMA troops", "2024-06-01"), pairs(&[("MINUSMA", "m:minusma")]));
}
