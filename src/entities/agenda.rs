//! The Security Council's agenda items: `data/sc-agenda.yaml` groups the wordings the catalogue's
//! `topic` column uses for one item ("The situation in Cyprus", "Cyprus") under one title, so that
//! each item gets one page (`/agenda/<slug>/`) however the wording drifted. A wording the file
//! does not list is an item of its own; a wording listed under two items (a resolution adopted
//! under both) belongs to both.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;

use super::catalogue::Catalogue;
use crate::error::{Diagnostic, Error, Result};

/// Where a site keeps its grouping; a site without one uses the one built in.
pub const AGENDA_FILE: &str = "data/sc-agenda.yaml";
pub const BUILT_IN_AGENDA: &str = include_str!("../../data/sc-agenda.yaml");
/// Longest slug made from a title (some agenda items run to 300 characters).
const MAX_SLUG: usize = 80;

/// One entry of the file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemSpec {
    title: String,
    #[serde(default)]
    slug: Option<String>,
    #[serde(default)]
    variants: Vec<String>,
}

/// One agenda item: its page's slug and title, and every wording that names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AgendaItem {
    pub slug: String,
    pub title: String,
    /// The wordings it groups, the title first where the catalogue uses it.
    pub wordings: Vec<String>,
}

/// Every agenda item, found by any of its wordings.
#[derive(Debug, Clone, Default)]
pub struct Agenda {
    items: Vec<AgendaItem>,
    /// Folded wording → items (indices into `items`).
    by_wording: HashMap<String, Vec<usize>>,
    by_slug: BTreeMap<String, usize>,
}

impl Agenda {
    /// The grouping in `text` (`data/sc-agenda.yaml`), completed with an item for every wording of
    /// `catalogue` it does not list.
    pub fn parse(text: &str, origin: impl AsRef<Path>, catalogue: &Catalogue) -> Result<Agenda> {
        let origin = origin.as_ref();
        let specs: Vec<ItemSpec> = crate::yaml::parse(origin, text, 1, "agenda items")?;
        let mut agenda = Agenda::default();
        let mut errors = Vec::new();
        for spec in specs {
            let title = spec.title.trim().to_string();
            let slug = spec.slug.clone().unwrap_or_else(|| crate::content::slugify_within(&title, MAX_SLUG));
            let line = line_of(text, &spec.title);
            if title.is_empty() || slug.is_empty() {
                errors.push(located(origin, line, "an agenda item needs a title with letters or digits".into()));
                continue;
            }
            if let Some(&other) = agenda.by_slug.get(&slug) {
                errors.push(located(
                    origin,
                    line,
                    format!(
                        "`{title}` would have the page /agenda/{slug}/ of `{}`: merge the two, or give one a `slug:`",
                        agenda.items[other].title
                    ),
                ));
                continue;
            }
            let mut wordings = vec![title.clone()];
            for variant in spec.variants {
                let variant = variant.trim().to_string();
                if !variant.is_empty() && !wordings.contains(&variant) {
                    wordings.push(variant);
                }
            }
            agenda.push(AgendaItem { slug, title, wordings });
        }
        Error::from_list(errors)?;
        // Wordings nobody grouped are items of their own, in the catalogue's order.
        for record in catalogue.iter() {
            let topic = record.topic.trim();
            if topic.is_empty() || agenda.by_wording.contains_key(&fold(topic)) {
                continue;
            }
            let mut slug = crate::content::slugify_within(topic, MAX_SLUG);
            if slug.is_empty() {
                continue;
            }
            // An ungrouped wording whose slug an item already has: a numbered page of its own.
            let base = slug.clone();
            let mut n = 2;
            while agenda.by_slug.contains_key(&slug) {
                slug = format!("{base}-{n}");
                n += 1;
            }
            agenda.push(AgendaItem { slug, title: topic.to_string(), wordings: vec![topic.to_string()] });
        }
        Ok(agenda)
    }

    fn push(&mut self, item: AgendaItem) {
        let index = self.items.len();
        for wording in &item.wordings {
            let items = self.by_wording.entry(fold(wording)).or_default();
            if !items.contains(&index) {
                items.push(index);
            }
        }
        self.by_slug.insert(item.slug.clone(), index);
        self.items.push(item);
    }

    /// The items a catalogue `topic` names (none for an empty one).
    pub fn items_of(&self, topic: &str) -> impl Iterator<Item = &AgendaItem> {
        self.by_wording.get(&fold(topic)).into_iter().flatten().map(|&i| &self.items[i])
    }

    /// Whether two wordings name the same item (a catalogue's and the Library's, say): grouped
    /// together, or the same once the Council's framing words are set aside ("Croatia" and "The
    /// situation in Croatia.").
    pub fn same_item(&self, a: &str, b: &str) -> bool {
        let (a, b) = (fold(a), fold(b));
        a == b
            || core(&a) == core(&b)
            || self
                .by_wording
                .get(&a)
                .zip(self.by_wording.get(&b))
                .is_some_and(|(x, y)| x.iter().any(|i| y.contains(i)))
    }

    pub fn get(&self, slug: &str) -> Option<&AgendaItem> {
        self.by_slug.get(slug).map(|&i| &self.items[i])
    }

    /// Every item, by slug.
    pub fn items(&self) -> impl Iterator<Item = &AgendaItem> {
        self.by_slug.values().map(|&i| &self.items[i])
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// A wording as compared: case, spacing, dashes and closing punctuation aside ("Middle East —
/// UNDOF" and "Middle East - UNDOF"; the Library's "… Court of Justice." and the catalogue's
/// "… Court of Justice").
fn fold(wording: &str) -> String {
    let lower = wording.to_lowercase().replace(['—', '–'], "-");
    let words: Vec<&str> = lower.split_whitespace().collect();
    words.join(" ").trim_end_matches(['.', ':', ';', ',', ' ']).replace(" - ", "-").to_string()
}

/// A folded wording without the words the Council frames an item with: "the situation in",
/// "the question concerning", a leading "the".
fn core(folded: &str) -> &str {
    const FRAMES: [&str; 9] = [
        "the situation in ",
        "the situation concerning ",
        "the situation relating to ",
        "situation in ",
        "the question concerning ",
        "the question of ",
        "question concerning ",
        "question of ",
        "the ",
    ];
    let mut text = folded;
    for frame in FRAMES {
        if let Some(rest) = text.strip_prefix(frame) {
            text = rest;
            break;
        }
    }
    text.strip_prefix("the ").unwrap_or(text)
}

/// The line of `text` where an item titled `title` starts, for messages.
fn line_of(text: &str, title: &str) -> usize {
    text.lines().position(|l| l.contains("title:") && l.contains(title.trim())).map_or(0, |i| i + 1)
}

fn located(origin: &Path, line: usize, message: String) -> Error {
    let d = Diagnostic::new(origin, message);
    if line > 0 { d.at(line, 1).into() } else { d.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        Catalogue::parse(
            "number,year,symbol,adopted,meeting,topic,vote\n\
             186,1964,S/RES/186 (1964),1964-03-04,S/PV.1102,Cyprus,11-0-0\n\
             2815,2026,S/RES/2815 (2026),2026-01-30,S/PV.10100,The situation in Cyprus,13-0-2\n\
             2640,2022,S/RES/2640 (2022),2022-06-29,S/PV.9081,Libya,15-0-0\n\
             2641,2022,S/RES/2641 (2022),2022-06-30,S/PV.9082,,15-0-0\n",
            "data/sc-resolutions.csv",
        )
        .unwrap()
    }

    #[test]
    fn wordings_of_one_item_share_its_page_and_the_rest_are_items_of_their_own() {
        let yaml = "- title: The situation in Cyprus\n  variants: [Cyprus, \"Complaint by Lebanon; Complaint by Cyprus\"]\n\
                    - title: Complaint by Lebanon\n  variants: [\"Complaint by Lebanon; Complaint by Cyprus\"]\n";
        let agenda = Agenda::parse(yaml, AGENDA_FILE, &catalogue()).unwrap();
        let slugs = |topic: &str| agenda.items_of(topic).map(|i| i.slug.clone()).collect::<Vec<_>>();
        assert_eq!(slugs("Cyprus"), ["the-situation-in-cyprus"]);
        assert_eq!(slugs("The situation in Cyprus"), ["the-situation-in-cyprus"]);
        assert_eq!(slugs("the situation in  Cyprus."), ["the-situation-in-cyprus"]);
        assert_eq!(
            slugs("Complaint by Lebanon; Complaint by Cyprus"),
            ["the-situation-in-cyprus", "complaint-by-lebanon"]
        );
        assert_eq!(slugs("Libya"), ["libya"]);
        assert!(slugs("").is_empty());
        assert_eq!(agenda.len(), 3);
        assert!(agenda.same_item("Cyprus", "The situation in Cyprus"));
        assert!(!agenda.same_item("Cyprus", "Libya"));
        assert!(agenda.same_item("Croatia", "The situation in Croatia."));
        assert!(agenda.same_item("Afghanistan", "The situation in Afghanistan."));
        assert!(!agenda.same_item("The situation in Afghanistan", "The situation in Iraq"));
    }

    #[test]
    fn two_items_with_one_page_are_an_error() {
        let yaml = "- title: The situation in Cyprus\n- title: The Situation in Cyprus\n";
        let err = Agenda::parse(yaml, AGENDA_FILE, &catalogue()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "data/sc-agenda.yaml:2:1: `The Situation in Cyprus` would have the page /agenda/the-situation-in-cyprus/ of \
             `The situation in Cyprus`: merge the two, or give one a `slug:`"
        );
        let err = Agenda::parse("- title: X\n  wordings: [Y]\n", AGENDA_FILE, &catalogue()).unwrap_err();
        assert!(err.to_string().starts_with("data/sc-agenda.yaml:2:3: agenda items: unknown key `wordings`"), "{err}");
    }

    #[test]
    fn the_built_in_grouping_covers_every_wording_of_the_built_in_catalogue() {
        let catalogue = Catalogue::parse(super::super::BUILT_IN_CATALOGUE, "x").unwrap();
        let agenda = Agenda::parse(BUILT_IN_AGENDA, AGENDA_FILE, &catalogue).unwrap();
        let cyprus = agenda.get("the-situation-in-cyprus").unwrap();
        assert!(cyprus.wordings.iter().any(|w| w == "Cyprus"), "{cyprus:?}");
        // Every item the file lists came from it: no wording fell through to an item of its own.
        let listed = BUILT_IN_AGENDA.matches("- title:").count();
        assert_eq!(agenda.len(), listed, "wordings the file does not group");
    }
}
