//! The recognizer. One pass of one Aho–Corasick automaton over every name, alias, role phrase,
//! generic title, honorific and resolution keyword, stepped by hand over the text folded on the
//! fly (accents, case, hyphens; no copy of the page is made), anchored at word starts; then
//! memchr over `(` and `/`, the only places a citation or a document symbol can hang on.
//!
//! The pieces: `lexicon` (the words it knows besides the registry's), `scan` (the automaton and
//! the tokens it yields), `citations` (resolutions and document symbols), `officials` (names,
//! titles and role references resolved by date).

use super::catalogue::Catalogue;
use super::entity::Mention;
use super::fold::fold_str;
use super::lexicon::{HONORIFICS, KEYWORDS, TITLES};
use super::missions::Missions;
use super::registry::Registry;
use super::scan::{Builder, Scanner};
use crate::date::Date;
use crate::error::Result;

/// Finds entity mentions in text. Build once per site; [`find`](Recognizer::find) is `&self` and
/// can run on many threads.
pub struct Recognizer {
    /// Year of each resolution by number; 0 where the catalogue has none.
    pub(super) years: Vec<u16>,
    /// Adoption date of each resolution by number, where the catalogue has one.
    pub(super) adopted: Vec<Option<Date>>,
    /// The automaton over every name, phrase and keyword, and what each means.
    pub(super) scanner: Scanner,
    /// The officials, their roles and who held which office when.
    pub(super) registry: Registry,
    /// The peace operations, and from when each existed (its start or its first establishing
    /// resolution's adoption, whichever is earlier).
    pub(super) missions: Missions,
    pub(super) mission_since: Vec<Option<Date>>,
}

impl Recognizer {
    /// Compiles the patterns for this catalogue and registry.
    pub fn new(catalogue: &Catalogue, registry: &Registry, missions: &Missions) -> Result<Recognizer> {
        let mut b = Builder::default();
        let officials = registry.officials();
        for (o, official) in officials.iter().enumerate() {
            b.name(&official.name, o);
            if let Some(last) = official.name.split_whitespace().last() {
                b.surname(last, o);
            }
            for alias in &official.aliases {
                b.name(alias, o);
                // "Mr. Ban" declares that "Ban" is the surname.
                if let Some((first, rest)) = alias.trim().split_once(' ')
                    && HONORIFICS.contains(&first)
                {
                    b.surname(rest.trim(), o);
                }
            }
        }
        for (p, phrase) in registry.phrases.iter().enumerate() {
            if let Some(info) = b.add(&phrase.text) {
                info.role = Some(p);
            }
        }
        for (m, mission) in missions.all().iter().enumerate() {
            if let Some(acronym) = &mission.acronym
                && let Some(info) = b.add(acronym)
            {
                // An acronym counts with its capitals, as a whole word: "UNMIS" is not "UNMISS".
                info.missions.push((fold_str(acronym, false), m));
            }
            for name in std::iter::once(&mission.name).chain(&mission.aliases) {
                // The Council long wrote "Peace-keeping".
                let old_spelling = name.replace("Peacekeeping", "Peace-keeping");
                for spelling in [name.as_str(), old_spelling.as_str()] {
                    if let Some(info) = b.add(spelling) {
                        info.missions.push((Vec::new(), m));
                    }
                }
            }
        }
        for phrase in ["the Mission", "la Misión", "la Mission"] {
            if let Some(info) = b.add(phrase) {
                info.the_mission = true;
            }
        }
        for title in TITLES {
            if let Some(info) = b.add(title) {
                info.title = true;
            }
        }
        for k in KEYWORDS {
            if let Some(info) = b.add(k) {
                info.keyword = true;
            }
        }
        for h in HONORIFICS {
            let spelling = fold_str(h, false);
            if let Some(info) = b.add(h)
                && !info.honorifics.contains(&spelling)
            {
                info.honorifics.push(spelling);
            }
        }
        Ok(Recognizer {
            scanner: b.build()?,
            years: catalogue.years(),
            adopted: catalogue.adoption_dates(),
            registry: registry.clone(),
            mission_since: missions.all().iter().map(|m| m.existed_from(catalogue)).collect(),
            missions: missions.clone(),
        })
    }

    /// Every mention in `text`, sorted, non-overlapping. `page_date` resolves role references
    /// ("the Secretary-General"); without it they resolve to nobody.
    pub fn find(&self, text: &str, page_date: Option<Date>) -> Vec<Mention> {
        let mut mentions = Vec::new();
        let mut tokens = Vec::new();
        self.scanner.scan(text, page_date, &self.registry, &mut tokens);
        self.find_officials(text, page_date, &tokens, &mut mentions);
        self.find_citations(text, page_date, &tokens, &mut mentions);
        self.find_missions(page_date, &tokens, &mut mentions);
        mentions.sort_by(|a, b| a.range.start.cmp(&b.range.start).then(b.range.end.cmp(&a.range.end)));
        let mut last_end = 0;
        mentions.retain(|m| {
            let keep = m.range.start >= last_end;
            if keep {
                last_end = m.range.end;
            }
            keep
        });
        mentions
    }
}

#[cfg(test)]
mod tests {
    use super::super::citations::{is_list_glue, other_body_before};
    use super::super::officials::{is_ordinal, of_another_body, prev_word, unknown_name};

    #[test]
    fn list_glue() {
        assert!(is_list_glue(", "));
        assert!(is_list_glue(" and "));
        assert!(is_list_glue(" "));
        assert!(is_list_glue("](#) and ["));
        assert!(is_list_glue(", y "));
        assert!(!is_list_glue(" on security sector reform and "));
    }

    #[test]
    fn unknown_names() {
        fn name(t: &str) -> Option<&str> {
            unknown_name(t, 0).map(|r| &t[r])
        }
        assert_eq!(name(" Jane Doe said"), Some("Jane Doe"));
        assert_eq!(name(" Jeffrey D. Feltman."), Some("Jeffrey D. Feltman"));
        assert_eq!(name(" Oscar de la Renta’s plan"), Some("Oscar de la Renta"));
        assert_eq!(name(" Jane Doe. Then"), Some("Jane Doe"));
        assert_eq!(name(" of the Security Council"), None);
        assert_eq!(name(" Xi said"), None);
        assert_eq!(name(" The Council"), None);
        assert_eq!(name(" NATO Member"), None);
        assert_eq!(name(" Warns Member States"), None);
        assert_eq!(name(" Jane Doe Smith Jones Brown"), None);
        assert_eq!(name("Jane Doe"), None);
    }

    #[test]
    fn words_before() {
        assert_eq!(prev_word("the former "), "former");
        assert_eq!(prev_word("the [ "), "the");
        assert_eq!(prev_word(""), "");
        assert!(is_ordinal("9th"));
        assert!(!is_ordinal("9"));
        assert!(of_another_body(" of NATO said"));
        assert!(!of_another_body(" of the United Nations"));
        assert!(!of_another_body("’s report"));
        assert!(other_body_before("General Assembly "));
        assert!(other_body_before("the draft "));
        assert!(!other_body_before("recalling its "));
    }
}
