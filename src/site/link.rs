//! Linking: each page's Markdown rendered with its mentions linked, batch by batch; in a one-shot
//! build each batch's pages render as soon as they are linked.

use std::collections::HashSet;
use std::sync::Arc;

use rayon::prelude::*;

use super::engine::{Engine, MISSIONS, Mode, OFFICIALS, Sink, open_data_fingerprint};
use super::fingerprint::fingerprint;
use crate::content::{Page, Parsed};
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

/// How many pages a one-shot build links before rendering them: enough to keep every core busy,
/// few enough that their HTML is a small part of memory. Small sites get small batches too, so
/// that tests run the batching on sites of a few dozen pages.
pub(super) fn early_render_batch(pages: usize) -> usize {
    (pages / 16).clamp(4, 256)
}

impl Engine<'_> {
    /// The registry comes from the officials' pages, drafts included (a draft official is known,
    /// only not published). The recognizer is rebuilt only when what it is built from changed.
    pub(super) fn update_recognizer(&mut self) -> Result<()> {
        let section_pages = |section: &str| -> Vec<Arc<Page>> {
            self.files
                .values()
                .filter_map(|f| match &f.parsed {
                    Ok(Parsed::Page(p)) if p.section == section => Some(p.clone()),
                    _ => None,
                })
                .collect()
        };
        let officials = section_pages(OFFICIALS);
        let missions = section_pages(MISSIONS);
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
            self.data_fp,
        ));
        if self.recognizer.is_none() || inputs != self.recognizer_inputs {
            self.registry = Registry::new(officials.iter().map(|p| (p.slug.as_str(), &p.meta)));
            self.missions = Missions::new(&self.data.missions, missions.iter().map(|p| (p.slug.as_str(), &p.meta)));
            self.recognizer = Some(Recognizer::new(&self.data.catalogue, &self.registry, &self.missions)?);
            self.recognizer_inputs = inputs;
        }
        self.published_officials =
            self.content.pages.iter().filter(|p| p.section == OFFICIALS).map(|p| p.slug.clone()).collect();
        let mut published: Vec<&String> = self.published_officials.iter().collect();
        published.sort();
        self.link_fp = fingerprint((
            self.recognizer_inputs,
            published,
            self.config.links.every_mention,
            format!("{:?}", (&self.config.base_url, &self.config.markdown)),
        ));
        Ok(())
    }

    /// Renders the Markdown of every page whose text or linking inputs changed; returns those
    /// pages (by index) with what they were linked to before, if anything. In a one-shot build,
    /// linked pages that no other page shows in full are rendered into its sink batch by batch,
    /// then shed their text and HTML.
    pub(super) fn link_pages(&mut self) -> Vec<(usize, Option<Arc<Linked>>)> {
        let early = match &self.mode {
            Mode::OneShot(sink) => Some(*sink),
            Mode::Incremental => None,
        };
        if self.recognizer.is_none() {
            return Vec::new();
        }
        let link_fp = self.link_fp;
        let stale: Vec<(usize, u64)> = self
            .content
            .pages
            .iter()
            .enumerate()
            // The path is part of what a page is: a renamed file with the same text moves its URL.
            .map(|(i, p)| (i, fingerprint((&p.file, &p.path, p.source_hash, link_fp))))
            .filter(|(i, fp)| self.linked.get(self.content.pages[*i].path.as_str()).is_none_or(|l| l.fp != *fp))
            .collect();
        self.early_errors.clear();
        let batch = if early.is_some() { early_render_batch(stale.len()) } else { stale.len().max(1) };
        let mut relinked = Vec::with_capacity(stale.len());
        for batch in stale.chunks(batch) {
            let fresh = self.link_batch(batch);
            for (i, path, linked, error) in fresh {
                relinked.push((i, self.linked.insert(path, linked)));
                self.early_errors.extend(error);
            }
            if let Some(sink) = early {
                self.render_early(batch.iter().map(|(i, _)| *i), sink);
            }
        }
        if self.linked.len() > self.content.pages.len() {
            let present: HashSet<&str> = self.content.pages.iter().map(|p| p.path.as_str()).collect();
            self.linked.retain(|k, _| present.contains(k.as_str()));
        }
        relinked
    }

    pub(super) fn link_batch(&self, batch: &[(usize, u64)]) -> Vec<(usize, String, Arc<Linked>, Option<Error>)> {
        let Some(recognizer) = &self.recognizer else { return Vec::new() };
        let targets = LinkTargets { config: &self.config, published_officials: &self.published_officials };
        let options = MarkdownOptions::from_config(&self.config);
        batch
            .par_iter()
            .map(|&(i, fp)| {
                let page = &self.content.pages[i];
                let (body, error) = match page.read_body(&self.root) {
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

    /// Whether page `i` can render before the whole site is linked: its HTML depends only on its
    /// own links, and no other page shows its HTML. Officials list backlinks from every page; a
    /// resolution's text and editors' notes appear on the resolution's page.
    pub(super) fn renders_alone(&self, i: usize) -> bool {
        let page = &self.content.pages[i];
        page.section != OFFICIALS && page.meta.resolution.is_none() && !Self::is_entity_note(page)
    }

    /// Whether a one-shot build rendered page `i` while linking (every page there is linked
    /// fresh, so every page that can render alone did).
    pub(super) fn rendered_while_linking(&self, i: usize) -> bool {
        self.mode.is_one_shot() && self.renders_alone(i)
    }

    /// One-shot builds: renders the pages of a linked batch that can render alone, hands them to
    /// `sink`, and drops their text and HTML (nothing else reads them).
    pub(super) fn render_early(&mut self, batch: impl Iterator<Item = usize>, sink: &Sink) {
        let ready: Vec<usize> = batch.filter(|&i| self.renders_alone(i)).collect();
        let errors: Vec<Error> = ready
            .par_iter()
            .filter_map(|&i| {
                let job = self.page_job(i);
                self.index_for_search(&job);
                self.render_job(&job).and_then(|bytes| sink(&job.output, &bytes)).err()
            })
            .collect();
        self.early_errors.extend(errors);
        for i in ready {
            if let Some(linked) = self.linked.get_mut(self.content.pages[i].path.as_str()).and_then(Arc::get_mut) {
                linked.rendered.html = String::new();
            }
            if let Some(page) = Arc::get_mut(&mut self.content.pages[i]) {
                page.body = String::new();
            }
        }
    }
}
