//! Linking: what the handbook knows (officials, missions, the catalogue) made into a recognizer,
//! and each page's Markdown rendered with its mentions linked. Reads the sources and the content;
//! produces a [`Linking`] and each page's [`Linked`].

use std::collections::HashSet;
use std::sync::Arc;

use rayon::prelude::*;

use super::fingerprint::fingerprint;
use super::sections::{MISSIONS, OFFICIALS};
use super::sources::Sources;
use crate::content::{Content, Page};
use crate::entities::{Entity, Missions, Recognizer, Registry};
use crate::error::{Error, Result};
use crate::links::{self, LinkTargets, PageAnnotator};
use crate::markdown::{self, MarkdownOptions, Rendered};

/// A page's Markdown rendered with its mentions linked.
pub(super) struct Linked {
    pub(super) fp: u64,
    pub(super) rendered: Rendered,
    pub(super) mentions: links::PageMentions,
    /// Covers the page's record in the open data: its facts and the entities it mentions.
    pub(super) data_fp: u64,
}

/// Every page's link result, by page URL path (hashing a `Path` walks its components; a string
/// is much cheaper).
pub(super) type LinkedPages = ahash::AHashMap<String, Arc<Linked>>;

/// The entities the handbook knows and what recognizes them in text: rebuilt only when what they
/// are made of changes (the officials' and missions' pages, the reference data).
#[derive(Default)]
pub(super) struct Linking {
    pub(super) registry: Registry,
    /// The list's peace operations with what the editors' pages add.
    pub(super) missions: Missions,
    pub(super) recognizer: Option<Recognizer>,
    /// Covers what the registry, missions and recognizer are made of.
    pub(super) recognizer_inputs: u64,
    /// Covers everything a page's links depend on besides its own text.
    pub(super) link_fp: u64,
    /// Slugs of the officials with a published page (links go only to those).
    pub(super) published_officials: HashSet<String>,
    /// The officials' and missions' pages and the reference data all of it was last made from.
    made_from: (Vec<Arc<Page>>, Vec<Arc<Page>>, u64),
}

/// How many pages a one-shot build links before rendering them: enough to keep every core busy,
/// few enough that their HTML is a small part of memory. Small sites get small batches too, so
/// that tests run the batching on sites of a few dozen pages.
pub(super) fn early_render_batch(pages: usize) -> usize {
    (pages / 16).clamp(4, 256)
}

impl Linking {
    /// Brings the entities and the linking inputs up to date with the sources: the registry
    /// comes from the officials' pages, drafts included; the recognizer is rebuilt only when
    /// what it is built from changed.
    pub(super) fn update(&mut self, sources: &Sources) -> Result<()> {
        let officials = sources.section_files(OFFICIALS);
        let missions = sources.section_files(MISSIONS);
        // The same pages (not only equal ones) and data: nothing to do. What else the linking
        // inputs cover (site.yaml) makes a new engine when it changes.
        let same = |before: &[Arc<Page>], now: &[Arc<Page>]| {
            before.len() == now.len() && before.iter().zip(now).all(|(a, b)| Arc::ptr_eq(a, b))
        };
        let (officials_before, missions_before, data_before) = &self.made_from;
        if self.recognizer.is_some()
            && *data_before == sources.data_fp
            && same(officials_before, &officials)
            && same(missions_before, &missions)
        {
            return Ok(());
        }
        let inputs = fingerprint((
            officials
                .iter()
                .map(|p| (&p.slug, format!("{:?}", (&p.meta.title, &p.meta.aliases, &p.meta.roles, p.meta.draft))))
                .collect::<Vec<_>>(),
            missions
                .iter()
                .map(|p| {
                    let m = &p.meta;
                    (
                        &p.slug,
                        format!(
                            "{:?}",
                            (&m.title, &m.acronym, &m.aliases, &m.location, m.from, m.to, &m.established_by)
                        ),
                    )
                })
                .collect::<Vec<_>>(),
            sources.data_fp,
        ));
        if self.recognizer.is_none() || inputs != self.recognizer_inputs {
            let data = &sources.data;
            self.registry = Registry::new(officials.iter().map(|p| (p.slug.as_str(), &p.meta)));
            self.missions = Missions::new(&data.missions, missions.iter().map(|p| (p.slug.as_str(), &p.meta)));
            self.recognizer = Some(Recognizer::new(&data.catalogue, &self.registry, &self.missions)?);
            self.recognizer_inputs = inputs;
        }
        // The published officials are the content's: drafts only when drafts are built.
        let drafts = sources.options.drafts;
        self.published_officials =
            officials.iter().filter(|p| drafts || !p.meta.draft).map(|p| p.slug.clone()).collect();
        let mut published: Vec<&String> = self.published_officials.iter().collect();
        published.sort();
        let config = &sources.config;
        self.link_fp = fingerprint((
            self.recognizer_inputs,
            published,
            config.links.every_mention,
            format!("{:?}", (&config.base_url, &config.markdown)),
        ));
        self.made_from = (officials, missions, sources.data_fp);
        Ok(())
    }

    /// The pages whose text or linking inputs changed since `linked` was made: (index, the
    /// fingerprint their link result will have).
    /// `only`: the pages that can have changed, if not every page.
    pub(super) fn stale_pages(
        &self,
        content: &Content,
        linked: &LinkedPages,
        only: Option<&[usize]>,
    ) -> Vec<(usize, u64)> {
        if self.recognizer.is_none() {
            return Vec::new();
        }
        let candidates: Box<dyn Iterator<Item = usize>> = match only {
            Some(only) => Box::new(only.iter().copied()),
            None => Box::new(0..content.pages.len()),
        };
        candidates
            .map(|i| {
                let p = &content.pages[i];
                // The path is part of what a page is: a renamed file with the same text moves its
                // URL. (Its bytes: hashing a `Path` walks its components.)
                (i, fingerprint((p.file.as_os_str(), &p.path, p.source_hash, self.link_fp)))
            })
            .filter(|(i, fp)| linked.get(content.pages[*i].path.as_str()).is_none_or(|l| l.fp != *fp))
            .collect()
    }

    /// Links a batch of pages, in parallel: (index, URL path, link result, the error that makes
    /// the page link as empty, if its text could not be read).
    pub(super) fn link_batch(
        &self,
        sources: &Sources,
        content: &Content,
        batch: &[(usize, u64)],
    ) -> Vec<(usize, String, Arc<Linked>, Option<Error>)> {
        let Some(recognizer) = &self.recognizer else { return Vec::new() };
        let config = &sources.config;
        let targets = LinkTargets { config, published_officials: &self.published_officials };
        let options = MarkdownOptions::from_config(config);
        batch
            .par_iter()
            .map(|&(i, fp)| {
                let page = &content.pages[i];
                let (body, error) = match page.read_body(&sources.root) {
                    Ok(body) => (body, None),
                    // The page links as empty; the error fails the build.
                    Err(e) => (std::borrow::Cow::Borrowed(""), Some(Error::Diagnostic(e))),
                };
                // The page of an official or an editor's page on a mission is about that entity.
                let own = match page.section.as_str() {
                    OFFICIALS => Some(Entity::Official(page.slug.clone())),
                    MISSIONS => Some(Entity::Mission(page.slug.clone())),
                    _ => None,
                };
                let mut annotator = PageAnnotator::new(recognizer, &targets, &page.meta, own);
                annotator.note_title(&page.meta.title);
                let rendered = markdown::render(&body, &options, &page.path, &mut annotator);
                let mentions = links::page_mentions(&annotator.found, &page.meta, &self.missions);
                let data_fp = open_data_fingerprint(page, &mentions);
                (i, page.path.clone(), Arc::new(Linked { fp, rendered, mentions, data_fp }), error)
            })
            .collect()
    }
}

/// Forgets the link results of pages that are gone.
pub(super) fn retain_present(linked: &mut LinkedPages, content: &Content) {
    if linked.len() > content.pages.len() {
        let present: HashSet<&str> = content.pages.iter().map(|p| p.path.as_str()).collect();
        linked.retain(|k, _| present.contains(k.as_str()));
    }
}

/// Covers a page's record in `data/documents.json`.
fn open_data_fingerprint(page: &Page, mentions: &links::PageMentions) -> u64 {
    let meta = &page.meta;
    let entities: Vec<&Entity> = mentions.entities().collect();
    let facts =
        (&meta.title, meta.date, meta.kind.map(|k| k.as_str()), &meta.language, &meta.source, &meta.url, meta.ocr);
    let identity = (&meta.seed, &meta.symbol, &meta.meeting, &meta.resolution);
    fingerprint((&page.path, &page.file, &page.section, facts, identity, entities))
}
