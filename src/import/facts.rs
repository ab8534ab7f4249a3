//! Pass 7: what the text says about itself — dateline, wire footer, signature, vote, sponsors,
//! language, kind, and a title and summary where the seed has none.

use std::sync::LazyLock;

use regex::Regex;

use super::dates;
use crate::content::{Kind, Vote};
use crate::date::Date;
use crate::text::{first_sentence, shorten};

/// A dateline opening the first paragraph, and what it gives.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dateline {
    pub date: Option<Date>,
    pub place: Option<String>,
    pub source: Option<String>,
    /// The paragraph without the dateline.
    pub rest: String,
}

/// "20 September 2017 – United Nations peace operations …": UN News's house style, a date and
/// an en dash with no place.
static DATE_DATELINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2} \p{Lu}\p{Ll}+ \d{4})\s+[–—]\s+(\S.*)$").expect("static regex"));
/// "New York, NY (BBN)- …", "GENEVA (Reuters) — …": a place and the agency in parentheses.
static AGENCY_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\p{Lu}[\p{L}.' -]{1,40}?(?:, \p{Lu}[\p{L}.' -]{1,30}?)?)\s*\((\p{Lu}[\p{L}&.-]{1,15})\)\s*[-–—]+\s*(\S.*)$",
    )
    .expect("static regex")
});
/// "UNITED NATIONS, 20 September — …": a place in capitals, maybe a date, and a dash.
static CAPS_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\p{Lu}[\p{Lu}.' -]{2,30}\p{Lu})(?:, ([^–—]{3,25}?))?\s+[–—-]{1,2}\s+(\S.*)$").expect("static regex")
});

pub fn take_dateline(first: &str) -> Option<Dateline> {
    if let Some(c) = DATE_DATELINE.captures(first) {
        let date = dates::parse_date_line(&c[1])?;
        return Some(Dateline {
            date: Some(date),
            place: None,
            source: Some("UN News".to_string()),
            rest: c[2].to_string(),
        });
    }
    if let Some(c) = AGENCY_DATELINE.captures(first) {
        return Some(Dateline {
            date: None,
            place: Some(place_name(&c[1])),
            source: Some(c[2].to_string()),
            rest: c[3].to_string(),
        });
    }
    if let Some(c) = CAPS_DATELINE.captures(first) {
        let date = c.get(2).and_then(|d| dates::find_date(d.as_str())).map(|(d, _)| d);
        return Some(Dateline { date, place: Some(place_name(&c[1])), source: None, rest: c[3].to_string() });
    }
    None
}

/// "New York, NY" → "New York"; "NEW YORK" → "New York"; "Juba, South Sudan" stays.
fn place_name(raw: &str) -> String {
    let mut place = raw.trim().to_string();
    if let Some((city, region)) = place.split_once(", ")
        && region.len() == 2
        && region.chars().all(|c| c.is_ascii_uppercase())
    {
        place = city.to_string();
    }
    if place.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) {
        place = place
            .split(' ')
            .map(|w| {
                let mut cs = w.chars();
                match cs.next() {
                    Some(f) => f.to_uppercase().chain(cs.flat_map(char::to_lowercase)).collect(),
                    None => String::new(),
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    place
}

/// "BBN/SSR/AD-22Jan13-12:07 pm (BST)": agency, desk codes, date, time.
static WIRE_FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([A-Z]{2,8})(?:/[A-Z0-9]{1,8})+\s*-\s*(\d{1,2})([A-Z][a-z]{2})(\d{2})\b").expect("static regex")
});

/// A wire-service footer line: the agency and the date it carries.
pub fn wire_footer(line: &str) -> Option<(String, Option<Date>)> {
    let c = WIRE_FOOTER.captures(line)?;
    Some((c[1].to_string(), dates::parse_wire_stamp(&c[2], &c[3], &c[4])))
}

static SIGNED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\((?i:signed|firmado|firmada|signé|signée)\)\s+(.+)$").expect("static regex"));

/// "(Firmado) Jerry Matthews **Matjila**" → "Jerry Matthews **Matjila**".
pub fn signatory(line: &str) -> Option<String> {
    SIGNED.captures(line).map(|c| c[1].trim().to_string())
}

/// Letter titles: "Letter dated …", "Carta de fecha …", "Lettre datée du …", "Identical letters …".
static LETTER_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:identical letters|cartas idénticas|lettres identiques|letter|carta|lettre|note verbale|nota verbal)\b")
        .expect("static regex")
});
static RESOLUTION_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:resolution|resolución|résolution)\s+(\d{1,4})\s*\((\d{4})\)").expect("static regex")
});
static RESOLUTION_SYMBOL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^S/RES/(\d{1,4})\s*\((\d{4})\)$").expect("static regex"));
static REPORT_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:report of|report on|informe del|informe sobre|rapport du|rapport sur)\b")
        .expect("static regex")
});
/// A report that says so in its first lines: "The present report is submitted …".
static PRESENT_REPORT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:the present|this) report\b").expect("static regex"));
static STATEMENT_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:statement|declaración|déclaration)\b").expect("static regex"));
static BRIEFING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:briefing|briefed|exposición informativa|exposé)\b").expect("static regex"));

/// The resolution a document is the text of: "2553 (2020)".
pub fn resolution_number(title: &str, symbols: &[String]) -> Option<String> {
    symbols
        .iter()
        .find_map(|s| RESOLUTION_SYMBOL.captures(s))
        .or_else(|| RESOLUTION_TITLE.captures(title))
        .map(|c| format!("{} ({})", &c[1], &c[2]))
}

/// What a document is, from its header, symbols, title and lead.
pub fn kind(title: &str, symbols: &[String], un_document: bool, lead: &str) -> Kind {
    if resolution_number(title, symbols).is_some() {
        Kind::Resolution
    } else if LETTER_TITLE.is_match(title) {
        Kind::Letter
    } else if symbols.iter().any(|s| s.contains("/PRST/")) || STATEMENT_TITLE.is_match(title) {
        Kind::Statement
    } else if un_document && (REPORT_TITLE.is_match(title) || PRESENT_REPORT.is_match(lead)) {
        Kind::Report
    } else if !un_document && BRIEFING.is_match(lead) {
        Kind::Briefing
    } else {
        Kind::News
    }
}

/// "8051st meeting (AM)" → `S/PV.8051`: the record of a Security Council meeting.
pub fn meeting_record(meeting: &str) -> Option<String> {
    let digits: String = meeting.chars().take_while(char::is_ascii_digit).collect();
    (!digits.is_empty()).then(|| format!("S/PV.{digits}"))
}

/// Whether a text without a headline or dateline is someone speaking: a speech addresses its
/// audience ("Mr. President", "Excellencies") and speaks in the first person far more than a
/// report of it does, once quotations are set aside.
pub fn is_speech(paras: &[String]) -> bool {
    static QUOTED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"“[^”]*”|"[^"]*""#).expect("static regex"));
    static VOCATIVE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"\b(?:Mr\.|Madam|Madame) (?:President|Chairman|Chair|Co-Chairs?)\b|\bExcellencies\b|, Sir,",
            r"|\baddress(?:ing)? (?:the|this) (?:General Assembly|Assembly|Council|Conference|forum|body|gathering)\b",
            r"|\bon behalf of (?:my|our) (?:Government|country|delegation)\b"
        ))
        .expect("static regex")
    });
    const FIRST_PERSON: &[&str] = &["i", "me", "my", "we", "us", "our"];
    let text: String = paras.iter().take(60).map(String::as_str).collect::<Vec<_>>().join("\n");
    let unquoted = QUOTED.replace_all(&text, " ");
    let words: Vec<&str> = unquoted.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).collect();
    if words.len() < 150 {
        return false;
    }
    let first_person = words.iter().filter(|w| FIRST_PERSON.contains(&w.to_lowercase().as_str())).count();
    let opening = paras.iter().take(3).map(String::as_str).collect::<Vec<_>>().join(" ");
    first_person * 100 >= words.len() * 2 || (VOCATIVE.is_match(&opening) && first_person * 100 >= words.len())
}

/// BCP 47 code of the language most of `text` is in (en, es or fr), by common words.
pub fn language(text: &str) -> &'static str {
    const WORDS: &[(&str, &[&str])] = &[
        ("en", &["the", "and", "of", "to", "is", "that", "for", "with", "was", "on", "its", "by"]),
        ("es", &["el", "los", "las", "del", "y", "por", "con", "para", "una", "fue", "se", "su"]),
        ("fr", &["le", "les", "des", "du", "et", "pour", "dans", "une", "au", "est", "sur", "aux"]),
    ];
    let words: Vec<String> =
        text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).take(2000).map(str::to_lowercase).collect();
    WORDS
        .iter()
        .map(|(code, common)| (words.iter().filter(|w| common.contains(&w.as_str())).count(), *code))
        .max_by_key(|&(n, _)| n)
        .map(|(_, code)| code)
        .unwrap_or("en")
}

static REPORTED_CLAIM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(.*?\b\p{Lu}[\p{L}'’-]+)\s+(?:has |have )?",
        r"(?:said|says|affirmed|stated|stressed|warned|noted|declared|announced|emphasized|underlined|argued|insisted|told [^,]{2,60}?)",
        r"(?:\s+on\s+\p{Lu}\p{Ll}+day)?(?:\s+that)\s+(.+?)[.!]?$"
    ))
    .expect("static regex")
});
static CLAUSE_CUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:,| that | which | who | in the midst of | as | after | while )").expect("static regex")
});

/// A headline made from a lead sentence, for seeds with no title:
/// "X affirmed on Tuesday that Y" → "X: Y" (X's surname); otherwise the main clause.
pub fn title_from_lead(lead: &str) -> String {
    let sentence = first_sentence(lead).trim_end_matches(['.', '!']);
    if let Some(c) = REPORTED_CLAIM.captures(sentence) {
        let speaker = c[1].rsplit(' ').next().unwrap_or(&c[1]);
        let claim = &c[2];
        let mut chars = claim.chars();
        let claim: String = chars.next().map(|f| f.to_uppercase().chain(chars).collect()).unwrap_or_default();
        return shorten(&format!("{speaker}: {claim}"), 150);
    }
    let mut title = sentence;
    for m in CLAUSE_CUT.find_iter(sentence) {
        if m.start() >= 40 {
            title = &sentence[..m.start()];
            break;
        }
    }
    shorten(title, 120)
}

/// A list of names as a sentence writes it: "A, B, C y D" → [A, B, C, D]. Leading articles
/// ("la Federación de Rusia", "the Niger") are dropped: the list is data, not prose.
pub fn name_list(text: &str) -> Vec<String> {
    let text = text.trim().trim_end_matches('.');
    let mut items: Vec<String> = text.split(", ").map(str::to_string).collect();
    if let Some(last) = items.pop() {
        let last = last.trim();
        // After a serial comma ("B, and C and D") the conjunction is spent: the rest is one name.
        let serial = ["and ", "y ", "e ", "et "].iter().find_map(|c| last.strip_prefix(c));
        let split = if serial.is_some() {
            None
        } else {
            [" and ", " y ", " e ", " et "].iter().find_map(|c| last.split_once(c))
        };
        let last = serial.unwrap_or(last);
        match split {
            Some((a, b)) => {
                items.push(a.to_string());
                items.push(b.to_string());
            }
            _ => items.push(last.to_string()),
        }
    }
    items
        .into_iter()
        .map(|n| {
            let n = n.trim();
            ["the ", "el ", "la ", "los ", "las ", "le ", "les ", "l’", "l'"]
                .iter()
                .find_map(|a| n.strip_prefix(a))
                .unwrap_or(n)
                .to_string()
        })
        .filter(|n| !n.is_empty())
        .collect()
}

static VOTE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^(?:(votes? in favou?r|in favou?r|votos a favor|a favor|votes? pour|pour)",
        r"|(votes? against|against|votos en contra|en contra|votes? contre|contre)",
        r"|(abstentions?|abstenciones|abstención|abstaining))\s*:\s*(.*)$"
    ))
    .expect("static regex")
});
static NONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:none|ninguno|ninguna|nadie|néant|aucun|aucune)\.?$").expect("static regex"));
static VOTES_IN_FAVOUR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2}) (?:votes in favou?r|votos a favor|voix pour)").expect("static regex")
});

/// A recorded vote: "Votes in favour:" / "Votos a favor:" followed by the members (in the same
/// paragraph or the next), likewise against and abstentions. `paras` are plain text.
pub fn vote(paras: &[String], warnings: &mut Vec<String>) -> Option<Vote> {
    let mut lists: [Option<Vec<String>>; 3] = [None, None, None];
    for (i, p) in paras.iter().enumerate() {
        let Some(c) = VOTE_LABEL.captures(p) else { continue };
        let slot = (1..=3).find(|&g| c.get(g).is_some()).expect("one label group") - 1;
        let value = if c[4].trim().is_empty() { paras.get(i + 1).map(String::as_str).unwrap_or("") } else { &c[4] };
        let members = if NONE.is_match(value.trim()) { Vec::new() } else { name_list(value) };
        lists[slot].get_or_insert(members);
    }
    let [Some(favour), against, abstentions] = lists else { return None };
    let stated = paras.iter().find_map(|p| VOTES_IN_FAVOUR.captures(p)).and_then(|c| c[1].parse::<u32>().ok());
    if let Some(n) = stated
        && n as usize != favour.len()
    {
        warnings.push(format!(
            "the text says {n} votes in favour but lists {} members: check `vote` in front-matter",
            favour.len()
        ));
    }
    Some(Vote {
        in_favour: favour.len() as u32,
        against: against.map_or(0, |v| v.len() as u32),
        abstentions: abstentions.map_or(0, |v| v.len() as u32),
        in_favour_members: favour,
    })
}

static SPONSORS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?:draft resolution|proyecto de resolución|projet de résolution)\s+",
        r"(?:was|fue|a été)\s+(?:submitted|sponsored|presentado|patrocinado|présenté|soumis)\s+(?:by|por|par)\s+(.+)"
    ))
    .expect("static regex")
});

/// Sponsors of a draft resolution: "The draft resolution was submitted by A, B and C."
pub fn sponsors(paras: &[String]) -> Vec<String> {
    for p in paras {
        let mut rest = p.as_str();
        while !rest.is_empty() {
            let sentence = first_sentence(rest);
            if let Some(c) = SPONSORS.captures(sentence) {
                return name_list(&c[1]);
            }
            rest = rest[sentence.len()..].trim_start();
            if sentence.is_empty() {
                break;
            }
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines() {
        let d = take_dateline("20 September 2017 – United Nations peace operations must").unwrap();
        assert_eq!(
            (d.date, d.source.as_deref(), d.rest.as_str()),
            (Date::parse_iso("2017-09-20"), Some("UN News"), "United Nations peace operations must")
        );
        let d = take_dateline("New York, NY (BBN)- The United Nations Security Council").unwrap();
        assert_eq!(
            (d.place.as_deref(), d.source.as_deref(), d.rest.as_str()),
            (Some("New York"), Some("BBN"), "The United Nations Security Council")
        );
        let d = take_dateline("GENEVA (Reuters) — Talks resumed").unwrap();
        assert_eq!((d.place.as_deref(), d.source.as_deref()), (Some("Geneva"), Some("Reuters")));
        let d = take_dateline("UNITED NATIONS, 20 September 2017 — The Council").unwrap();
        assert_eq!((d.place.as_deref(), d.date), (Some("United Nations"), Date::parse_iso("2017-09-20")));
        assert_eq!(take_dateline("UN Under-Secretary-General Jean-Pierre Lacroix affirmed on Tuesday"), None);
        assert_eq!(take_dateline("Guterres said – in a speech – that"), None);
    }

    #[test]
    fn wire_footers() {
        assert_eq!(
            wire_footer("BBN/SSR/AD-22Jan13-12:07 pm (BST)"),
            Some(("BBN".into(), Date::parse_iso("2013-01-22")))
        );
        assert_eq!(wire_footer("UN/DPI - a note"), None);
    }

    #[test]
    fn kinds() {
        let none: Vec<String> = vec![];
        assert_eq!(kind("Resolution 2553 (2020)", &none, true, ""), Kind::Resolution);
        assert_eq!(kind("x", &["S/RES/2553 (2020)".into()], true, ""), Kind::Resolution);
        assert_eq!(kind("Carta de fecha 3 de diciembre de 2020", &none, true, ""), Kind::Letter);
        assert_eq!(kind("Report of the Secretary-General on Mali", &["S/2017/123".into()], true, ""), Kind::Report);
        assert_eq!(kind("Security Council Press Statement on Mali", &["SC/13001".into()], true, ""), Kind::Statement);
        assert_eq!(kind("x", &none, false, "During a briefing to the Council, he"), Kind::Briefing);
        assert_eq!(kind("x", &none, false, "The Council met"), Kind::News);
    }

    #[test]
    fn languages() {
        assert_eq!(language("The Security Council and the Secretary-General of the United Nations"), "en");
        assert_eq!(
            language("Tengo el honor de comunicarle que el Consejo de Seguridad ha concluido el procedimiento"),
            "es"
        );
        assert_eq!(
            language("J'ai l'honneur de vous faire tenir le texte de la lettre du Président et des membres"),
            "fr"
        );
    }

    #[test]
    fn sentences_and_titles() {
        assert_eq!(
            first_sentence("Mr. Ban spoke in Washington, D.C. today. Then he left."),
            "Mr. Ban spoke in Washington, D.C. today."
        );
        assert_eq!(first_sentence("He said “it works.” Then left."), "He said “it works.”");
        assert_eq!(
            title_from_lead(
                "UN Under-Secretary-General Jean-Pierre Lacroix affirmed on Tuesday that peacekeeping works. More."
            ),
            "Lacroix: Peacekeeping works"
        );
        assert_eq!(
            title_from_lead(
                "The United Nations Security Council has endorsed an approach to peacekeeping that focuses more sharply on stability."
            ),
            "The United Nations Security Council has endorsed an approach to peacekeeping"
        );
        assert_eq!(shorten("one two three four", 10), "one two…");
    }

    #[test]
    fn name_lists() {
        assert_eq!(
            name_list("Alemania, San Vicente y las Granadinas, Túnez y Viet Nam."),
            vec!["Alemania", "San Vicente y las Granadinas", "Túnez", "Viet Nam"]
        );
        assert_eq!(
            name_list("la Federación de Rusia, el Japón y Sudáfrica"),
            vec!["Federación de Rusia", "Japón", "Sudáfrica"]
        );
        assert_eq!(name_list("China, France, and Trinidad and Tobago"), vec!["China", "France", "Trinidad and Tobago"]);
    }

    #[test]
    fn votes_and_sponsors() {
        let paras: Vec<String> = [
            "El proyecto de resolución fue presentado por Angola, el Níger y Túnez. La votación se llevó a cabo.",
            "Votos a favor:",
            "Alemania, Bélgica y China.",
            "Votos en contra:",
            "Ninguno.",
            "Abstenciones: Francia",
            "El proyecto de resolución recibió 3 votos a favor.",
        ]
        .map(String::from)
        .to_vec();
        let mut warnings = vec![];
        let v = vote(&paras, &mut warnings).unwrap();
        assert_eq!((v.in_favour, v.against, v.abstentions), (3, 0, 1));
        assert_eq!(v.in_favour_members, vec!["Alemania", "Bélgica", "China"]);
        assert!(warnings.is_empty());
        assert_eq!(sponsors(&paras), vec!["Angola", "Níger", "Túnez"]);
        let mut wrong = paras.clone();
        wrong[6] = "recibió 4 votos a favor".into();
        vote(&wrong, &mut warnings);
        assert_eq!(warnings.len(), 1);
    }
}
