//! Cross-links: turns recognized mentions into links while a page's Markdown renders, and gathers
//! every page's mentions into the site-wide index behind the resolution and official pages
//! (backlinks with the sentence around each mention, and which resolutions recall which).
//!
//! Recognition itself lives in `entities`; this module decides what a mention becomes.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use crate::config::Config;
use crate::content::PageMeta;
use crate::date::Date;
use crate::entities::{Entity, Missions, Recognizer, ResolutionId};
use crate::markdown::{Annotation, Annotator, Block};
use crate::routes;
use crate::text::{SentenceEnds, quote, sentence_around};

/// One mention found on a page, with the sentence around it for backlink lists.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Found {
    pub entity: Entity,
    /// Shared by the mentions of one sentence, and by the mention groups that show it.
    pub sentence: Arc<str>,
}

/// What the linker needs to know about the site: which entity pages exist.
pub struct LinkTargets<'a> {
    pub config: &'a Config,
    /// Officials with a rendered page (drafts are known to the recognizer but may not be published).
    pub published_officials: &'a HashSet<String>,
}

impl LinkTargets<'_> {
    /// Where a mention links, if anywhere.
    pub fn href(&self, entity: &Entity) -> Option<(String, String, &'static str)> {
        match entity {
            Entity::Resolution(id) => Some((
                self.config.url(&routes::resolution(*id)),
                format!("Security Council resolution {id}"),
                "entity entity-resolution",
            )),
            Entity::Document(symbol) => entity
                .undocs_url()
                .map(|url| (url, format!("UN document {symbol} (official text)"), "entity entity-document")),
            Entity::Official(slug) if self.published_officials.contains(slug) => {
                Some((self.config.url(&routes::official(slug)), String::new(), "entity entity-official"))
            }
            Entity::Mission(slug) => {
                Some((self.config.url(&routes::mission(slug)), String::new(), "entity entity-mission"))
            }
            Entity::Official(_) | Entity::UnknownOfficial { .. } | Entity::TheMission | Entity::Anachronism(_) => None,
        }
    }
}

/// Annotates one page: links the first mention of each entity (or every one), records all.
pub struct PageAnnotator<'a> {
    recognizer: &'a Recognizer,
    targets: &'a LinkTargets<'a>,
    date: Option<Date>,
    every_mention: bool,
    /// Keys an editor said are not mentions (`not_mentions:`).
    excluded: HashSet<String>,
    /// What this page is (an official's own page; a document's own symbol, a resolution's
    /// text): never a mention of itself.
    own: Vec<Entity>,
    /// Entities already linked on this page.
    linked: HashSet<Entity>,
    pub found: Vec<Found>,
    /// The last block of the page that had a mention.
    block: Option<BlockSentences>,
}

/// What is known of the sentences of one block of a page: where they end, and the last whole
/// sentence quoted from it (the next mention is often in the same one).
struct BlockSentences {
    index: usize,
    ends: SentenceEnds,
    last: Option<(std::ops::Range<usize>, Arc<str>)>,
}

impl<'a> PageAnnotator<'a> {
    pub fn new(
        recognizer: &'a Recognizer,
        targets: &'a LinkTargets<'a>,
        meta: &PageMeta,
        own_entity: Option<Entity>,
    ) -> Self {
        let symbol = meta.symbol.as_deref().map(str::trim);
        let own = own_entity
            .into_iter()
            .chain(symbol.map(|s| Entity::Document(s.to_string())))
            .chain(
                symbol
                    .into_iter()
                    .chain(meta.resolution.as_deref())
                    .filter_map(ResolutionId::parse)
                    .map(Entity::Resolution),
            )
            .collect();
        PageAnnotator {
            recognizer,
            targets,
            date: meta.date,
            every_mention: targets.config.links.every_mention,
            excluded: meta.not_mentions.iter().map(|k| normalize_key(k)).collect(),
            own,
            linked: HashSet::new(),
            found: Vec::new(),
            block: None,
        }
    }
}

impl PageAnnotator<'_> {
    fn is_own(&self, entity: &Entity) -> bool {
        self.own.contains(entity)
    }

    /// Records the mentions in the page's title: they count for backlinks and the page's mention
    /// list, but the title is not running text and nothing in it is linked.
    pub fn note_title(&mut self, title: &str) {
        self.record(title, Block::alone(title));
    }

    /// Records every mention in `text` (which starts at `block.offset` of `block`), with its
    /// sentence from the block; returns them, less those an editor excluded and the page's own entity.
    fn record(&mut self, text: &str, block: Block<'_>) -> Vec<crate::entities::Mention> {
        let mut kept = Vec::new();
        for mention in self.recognizer.find(text, self.date) {
            // A page about an entity does not mention it: it is neither linked nor a backlink.
            let excluded = !self.excluded.is_empty() && self.excluded.contains(&mention.entity.key());
            if excluded || self.is_own(&mention.entity) {
                continue;
            }
            let in_block = mention.range.start + block.offset..mention.range.end + block.offset;
            let sentence = if block.text.is_char_boundary(in_block.start) && in_block.end <= block.text.len() {
                self.sentence_in(block, in_block)
            } else {
                Arc::from(sentence_around(text, mention.range.clone()))
            };
            self.found.push(Found { entity: mention.entity.clone(), sentence });
            kept.push(mention);
        }
        kept
    }

    /// The sentence of `block` around `range`. A block of the page's own is read for its sentence
    /// ends once, and mentions in one sentence share its text.
    fn sentence_in(&mut self, block: Block<'_>, range: std::ops::Range<usize>) -> Arc<str> {
        let Some(index) = block.index else {
            let sentence = sentence_around(block.text, range);
            // Mentions in one sentence usually follow each other: they share its text.
            return match self.found.last() {
                Some(last) if *last.sentence == *sentence => last.sentence.clone(),
                _ => Arc::from(sentence),
            };
        };
        if self.block.as_ref().is_some_and(|b| b.index != index) {
            self.block = None;
        }
        let BlockSentences { ends, last, .. } =
            self.block.get_or_insert_with(|| BlockSentences { index, ends: SentenceEnds::new(block.text), last: None });
        let span = ends.span(&range);
        if let Some((last_span, sentence)) = last
            && *last_span == span
        {
            return sentence.clone();
        }
        let (sentence, whole) = quote(block.text, span.clone(), range);
        let sentence: Arc<str> = Arc::from(sentence);
        // A long sentence is quoted as a window around each mention: not shared.
        *last = whole.then(|| (span, sentence.clone()));
        sentence
    }
}

impl Annotator for PageAnnotator<'_> {
    fn annotate(&mut self, text: &str, block: Block<'_>) -> Vec<Annotation> {
        let mut out = Vec::new();
        for mention in self.record(text, block) {
            if !self.every_mention {
                if self.linked.contains(&mention.entity) {
                    continue;
                }
                self.linked.insert(mention.entity.clone());
            }
            if let Some((href, title, class)) = self.targets.href(&mention.entity) {
                out.push(Annotation { range: mention.range, href, title, class: class.to_string() });
            }
        }
        out
    }

    fn note(&mut self, text: &str, block: Block<'_>) {
        self.record(text, block);
    }
}

/// Front-matter keys are written by hand: accept `S/RES/2553 (2020)` for `2553 (2020)`.
pub fn normalize_key(key: &str) -> String {
    match ResolutionId::parse(key) {
        Some(id) => id.to_string(),
        None => key.trim().to_string(),
    }
}

/// The entities a page mentions: found in its text, plus those its front-matter adds, less those it
/// excludes; each once, in order of first appearance.
fn page_entities(found: &[Found], meta: &PageMeta) -> Vec<Entity> {
    let excluded: HashSet<String> = meta.not_mentions.iter().map(|k| normalize_key(k)).collect();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let declared = meta
        .resolutions
        .iter()
        .filter_map(|k| ResolutionId::parse(k).map(Entity::Resolution))
        .chain(meta.officials.iter().map(|s| Entity::Official(s.trim().to_string())))
        .chain(meta.documents.iter().map(|s| Entity::Document(s.trim().to_string())))
        .chain(meta.missions.iter().map(|s| Entity::Mission(s.trim().to_lowercase())));
    for entity in found.iter().map(|f| f.entity.clone()).chain(declared) {
        let unresolved = matches!(entity, Entity::UnknownOfficial { .. } | Entity::TheMission | Entity::Anachronism(_));
        if unresolved || excluded.contains(&entity.key()) {
            continue;
        }
        if seen.insert(entity.clone()) {
            out.push(entity);
        }
    }
    out
}

/// One entity a page mentions, with the distinct sentences around its mentions (empty when only
/// declared in front-matter) and a fingerprint of those sentences.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MentionGroup {
    pub entity: Entity,
    /// Shared between the groups of a page: a sentence naming three entities is kept once. A
    /// boxed slice, made to size: most groups have one sentence, and a site has a group for
    /// every entity of every page.
    pub sentences: Box<[Arc<str>]>,
    pub sentences_fp: u64,
}

/// What the rest of the site needs of a page's mentions once its Markdown is rendered: one group
/// per entity (in order of first appearance) and the titled people the registry lacks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMentions {
    pub groups: Vec<MentionGroup>,
    /// (title, name), each name once.
    pub unknown_officials: Vec<(String, String)>,
    /// What reads as an entity but cannot be one on the page's date, each once.
    pub anachronisms: Vec<Entity>,
}

impl PageMentions {
    pub fn entities(&self) -> impl Iterator<Item = &Entity> {
        self.groups.iter().map(|g| &g.entity)
    }
}

/// Groups a page's found mentions by the entities it lists (`page_entities`).
/// "the Mission" is the page's mission when it names exactly one that ran on its date (a report
/// on MINUJUSTH that recalls MINUSTAH, which had closed, still means MINUJUSTH).
pub fn page_mentions(found: &[Found], meta: &PageMeta, missions: &Missions) -> PageMentions {
    let entities = page_entities(found, meta);
    let running = |slug: &str| missions.get(slug).is_some_and(|m| meta.date.is_none_or(|d| m.active_on(d)));
    let mut named = entities.iter().filter_map(|e| match e {
        Entity::Mission(slug) if running(slug) => Some(e.clone()),
        _ => None,
    });
    let the_mission = match (named.next(), named.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    };
    let slots: std::collections::HashMap<&Entity, usize> = entities.iter().enumerate().map(|(i, e)| (e, i)).collect();
    // Each found mention's group, in the order found; then each group's distinct sentences.
    let mut in_slots: Vec<(usize, &Arc<str>)> = Vec::with_capacity(found.len());
    let mut unknown_officials: Vec<(String, String)> = Vec::new();
    let mut anachronisms: Vec<Entity> = Vec::new();
    for f in found {
        if let Entity::Anachronism(entity) = &f.entity
            && !anachronisms.contains(entity)
        {
            anachronisms.push((**entity).clone());
        }
        if let Entity::UnknownOfficial(person) = &f.entity
            && !unknown_officials.iter().any(|(_, n)| *n == person.name)
        {
            unknown_officials.push((person.title.clone(), person.name.clone()));
        }
        let entity = match (&f.entity, &the_mission) {
            (Entity::TheMission, Some(mission)) => mission,
            (other, _) => other,
        };
        if let Some(&slot) = slots.get(entity) {
            in_slots.push((slot, &f.sentence));
        }
    }
    // Stable: each group's sentences stay in the order they were found.
    in_slots.sort_by_key(|&(slot, _)| slot);
    let state = ahash::RandomState::with_seeds(1, 2, 3, 4);
    let mut rest = &in_slots[..];
    let mut distinct: Vec<&Arc<str>> = Vec::new();
    let groups = entities
        .into_iter()
        .enumerate()
        .map(|(slot, entity)| {
            let ends = rest.partition_point(|&(s, _)| s == slot);
            distinct.clear();
            for &(_, sentence) in &rest[..ends] {
                if !distinct.iter().any(|s| ***s == **sentence) {
                    distinct.push(sentence);
                }
            }
            rest = &rest[ends..];
            let sentences: Box<[Arc<str>]> = distinct.iter().map(|s| Arc::clone(s)).collect();
            let sentences_fp = state.hash_one(&sentences);
            MentionGroup { entity, sentences, sentences_fp }
        })
        .collect();
    PageMentions { groups, unknown_officials, anachronisms }
}

/// Where an entity is mentioned: the page (an index into the site's page order), which of that
/// page's mention groups it is, and a fingerprint of the group's sentences. Small (16 bytes: a
/// site has one for every entity of every page) and `Copy`, so gathering the index allocates
/// nothing per mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Backlink {
    page: u32,
    group: u32,
    pub sentences_fp: u64,
}

impl Backlink {
    fn new(page: usize, group: usize, sentences_fp: u64) -> Backlink {
        // A site of four billion pages would not fit in memory long before.
        Backlink { page: page as u32, group: group as u32, sentences_fp }
    }

    /// The mentioning page: an index into the site's page order.
    pub fn page(&self) -> usize {
        self.page as usize
    }

    /// The distinct sentences around the mentions, given the mentioning page's mentions.
    pub fn sentences<'a>(&self, mentions: &'a PageMentions) -> impl Iterator<Item = &'a str> + use<'a> {
        mentions.groups.get(self.group as usize).map_or(&[][..], |g| &g.sentences[..]).iter().map(|s| &**s)
    }
}

/// Every page's mentions, gathered by entity. Each list is in page order.
#[derive(Debug, Default, PartialEq)]
pub struct EntityIndex {
    pub resolutions: BTreeMap<ResolutionId, Vec<Backlink>>,
    pub officials: ahash::AHashMap<String, Vec<Backlink>>,
    pub documents: ahash::AHashMap<String, Vec<Backlink>>,
    pub missions: ahash::AHashMap<String, Vec<Backlink>>,
    /// Titled people the registry lacks: (page, title, name).
    pub unknown_officials: Vec<(usize, String, String)>,
    /// (page, entity): citations that cannot be on their page's date, for `check`.
    pub anachronisms: Vec<(usize, Entity)>,
}

impl EntityIndex {
    /// `pages` yields every page's mentions, in site order.
    pub fn gather<'a>(pages: impl Iterator<Item = &'a PageMentions>) -> EntityIndex {
        fn push(map: &mut ahash::AHashMap<String, Vec<Backlink>>, key: &str, backlink: Backlink) {
            match map.get_mut(key) {
                Some(list) => list.push(backlink),
                None => {
                    map.insert(key.to_string(), vec![backlink]);
                }
            }
        }
        let mut index = EntityIndex::default();
        for (page, mentions) in pages.enumerate() {
            for (g, group) in mentions.groups.iter().enumerate() {
                let backlink = Backlink::new(page, g, group.sentences_fp);
                match &group.entity {
                    Entity::Resolution(id) => index.resolutions.entry(*id).or_default().push(backlink),
                    Entity::Official(slug) => push(&mut index.officials, slug, backlink),
                    Entity::Document(symbol) => push(&mut index.documents, symbol, backlink),
                    Entity::Mission(slug) => push(&mut index.missions, slug, backlink),
                    Entity::UnknownOfficial { .. } | Entity::TheMission | Entity::Anachronism(_) => {}
                }
            }
            for (title, name) in &mentions.unknown_officials {
                index.unknown_officials.push((page, title.clone(), name.clone()));
            }
            index.anachronisms.extend(mentions.anachronisms.iter().map(|e| (page, e.clone())));
        }
        index
    }

    /// Replaces what page `page` contributes (it had `old` mentions, it now has `new`), leaving
    /// the index exactly as `gather` would build it. Page order must be unchanged.
    pub fn replace_page(&mut self, page: usize, old: &PageMentions, new: &PageMentions) {
        for group in &old.groups {
            let emptied = match &group.entity {
                Entity::Resolution(id) => remove_page(self.resolutions.get_mut(id), page),
                Entity::Official(slug) => remove_page(self.officials.get_mut(slug.as_str()), page),
                Entity::Document(symbol) => remove_page(self.documents.get_mut(symbol.as_str()), page),
                Entity::Mission(slug) => remove_page(self.missions.get_mut(slug.as_str()), page),
                Entity::UnknownOfficial { .. } | Entity::TheMission | Entity::Anachronism(_) => false,
            };
            if emptied {
                match &group.entity {
                    Entity::Resolution(id) => {
                        self.resolutions.remove(id);
                    }
                    Entity::Official(slug) => {
                        self.officials.remove(slug.as_str());
                    }
                    Entity::Document(symbol) => {
                        self.documents.remove(symbol.as_str());
                    }
                    Entity::Mission(slug) => {
                        self.missions.remove(slug.as_str());
                    }
                    Entity::UnknownOfficial { .. } | Entity::TheMission | Entity::Anachronism(_) => {}
                }
            }
        }
        for (g, group) in new.groups.iter().enumerate() {
            let backlink = Backlink::new(page, g, group.sentences_fp);
            let list = match &group.entity {
                Entity::Resolution(id) => self.resolutions.entry(*id).or_default(),
                Entity::Official(slug) => self.officials.entry(slug.clone()).or_default(),
                Entity::Document(symbol) => self.documents.entry(symbol.clone()).or_default(),
                Entity::Mission(slug) => self.missions.entry(slug.clone()).or_default(),
                Entity::UnknownOfficial { .. } | Entity::TheMission | Entity::Anachronism(_) => continue,
            };
            let at = list.partition_point(|b| b.page() < page);
            list.insert(at, backlink);
        }
        self.unknown_officials.retain(|(p, _, _)| *p != page);
        let at = self.unknown_officials.partition_point(|(p, _, _)| *p < page);
        let added = new.unknown_officials.iter().map(|(title, name)| (page, title.clone(), name.clone()));
        self.unknown_officials.splice(at..at, added);
        self.anachronisms.retain(|(p, _)| *p != page);
        let at = self.anachronisms.partition_point(|(p, _)| *p < page);
        self.anachronisms.splice(at..at, new.anachronisms.iter().map(|e| (page, e.clone())));
    }
}

/// Removes page `page`'s backlinks from a list; true if the list is now empty.
fn remove_page(list: Option<&mut Vec<Backlink>>, page: usize) -> bool {
    match list {
        Some(list) => {
            list.retain(|b| b.page() != page);
            list.is_empty()
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(entity: Entity, sentence: &str) -> Found {
        Found { entity, sentence: Arc::from(sentence) }
    }

    #[test]
    fn replacing_a_page_leaves_the_index_gather_would_build() {
        let res = |n| Entity::Resolution(ResolutionId::new(n, 2013));
        let who = |s: &str| Entity::Official(s.to_string());
        let unknown = Entity::unknown_official("Jane Doe".into(), "Minister".into());
        let pages_before: Vec<Vec<Found>> = vec![
            vec![found(res(2086), "a"), found(who("ban"), "b")],
            vec![found(res(2086), "c"), found(Entity::Document("S/1".into()), "d")],
            vec![found(who("ban"), "e")],
        ];
        let mut pages_after = pages_before.clone();
        pages_after[1] = vec![found(who("ban"), "x"), found(unknown, "y"), found(res(2100), "z")];
        let mentions = |pages: &[Vec<Found>]| -> Vec<PageMentions> {
            pages.iter().map(|f| page_mentions(f, &PageMeta::default(), &Missions::default())).collect()
        };
        let (before, after) = (mentions(&pages_before), mentions(&pages_after));
        let mut index = EntityIndex::gather(before.iter());
        index.replace_page(1, &before[1], &after[1]);
        let expected = EntityIndex::gather(after.iter());
        assert_eq!(index, expected);
        assert!(!index.documents.contains_key("S/1"), "an entity no page mentions any more is gone");
    }

    #[test]
    fn sentence_is_cut_at_sentence_ends() {
        let text = "First one. The Council adopted resolution 2553 (2020) today. Then more.";
        let at = text.find("2553").unwrap();
        assert_eq!(sentence_around(text, at..at + 11), "The Council adopted resolution 2553 (2020) today.");
        let text = "No end here 2553 (2020)";
        assert_eq!(sentence_around(text, 12..23), "No end here 2553 (2020)");
    }

    fn around(text: &str, mention: &str) -> String {
        let at = text.find(mention).unwrap();
        sentence_around(text, at..at + mention.len())
    }

    #[test]
    fn abbreviations_and_initials_end_no_sentence() {
        let text = "Earlier. Mr. Guterres cited resolution 2086 (2013) today. Later.";
        assert_eq!(around(text, "2086 (2013)"), "Mr. Guterres cited resolution 2086 (2013) today.");
        let text = "First. Resolution 2106 (2013) was welcomed by Mr. Guterres on Monday. Later.";
        assert_eq!(around(text, "2106 (2013)"), "Resolution 2106 (2013) was welcomed by Mr. Guterres on Monday.");
        let text = "So. Under-Secretary-General Jeffrey D. Feltman cited 2086 (2013), e.g. in Mali. Then.";
        assert_eq!(
            around(text, "2086 (2013)"),
            "Under-Secretary-General Jeffrey D. Feltman cited 2086 (2013), e.g. in Mali."
        );
        let text = "Done. The U.N. Security Council adopted 2086 (2013). Then.";
        assert_eq!(around(text, "2086 (2013)"), "The U.N. Security Council adopted 2086 (2013).");
        let text = "It was adopted in 2013. 2086 (2013) came first. Then.";
        assert_eq!(around(text, "2086 (2013)"), "2086 (2013) came first.");
    }

    #[test]
    fn closing_quotes_belong_to_the_sentence_they_end() {
        let text = "He said: “We agree.” The Council adopted resolution 2282 (2016) today. Later.";
        assert_eq!(around(text, "2282 (2016)"), "The Council adopted resolution 2282 (2016) today.");
        let text = "Earlier. The Council cited “resolution 2282 (2016) and its aims.” Later.";
        assert_eq!(around(text, "2282 (2016)"), "The Council cited “resolution 2282 (2016) and its aims.”");
        let text = "Earlier (in brief.) Resolution 2282 (2016) followed.";
        assert_eq!(around(text, "2282 (2016)"), "Resolution 2282 (2016) followed.");
    }

    #[test]
    fn long_sentences_keep_the_mention_in_view() {
        let text = format!("{} resolution 2553 (2020) {}", "word ".repeat(200), "more ".repeat(200));
        let at = text.find("2553").unwrap();
        let s = sentence_around(&text, at..at + 11);
        assert!(s.contains("2553 (2020)"), "{s}");
        assert!(s.chars().count() <= 322, "{}", s.chars().count());
    }
}
