//! What the orchestrator holds between stages and between rebuilds: the site model the stages
//! made, and the caches that let `serve` redo only what changed. Plain data: the engine alone
//! fills and reads it, handing each stage only the parts it takes.

use std::collections::{BTreeMap, HashMap};

use tera::Value;

use super::agenda::AgendaModels;
use super::fingerprint::ListFingerprints;
use super::missions::{MissionFacts, MissionModels};
use super::model::{Model, PageCache, PageModel, SectionIndex, SectionTemplates, SlugIndex};
use super::previews::Previews;
use super::resolutions::ResolutionModels;
use super::routes::Job;
use crate::entities::Entity;
use crate::links::EntityIndex;

/// What the stages after linking made, in the order they run.
#[derive(Default)]
pub(super) struct SiteModel {
    /// Covers the site-wide template values (`site`, `nav`).
    pub(super) global_fp: u64,
    pub(super) sections: BTreeMap<String, Model>,
    pub(super) by_slug: SlugIndex,
    pub(super) by_section: SectionIndex,
    pub(super) neighbours: Vec<(Option<usize>, Option<usize>)>,
    pub(super) section_templates: SectionTemplates,
    /// Who mentions what, gathered from every page's link result.
    pub(super) index: EntityIndex,
    pub(super) pages: Vec<PageModel>,
    pub(super) missions: MissionModels,
    pub(super) resolutions: ResolutionModels,
    pub(super) agenda: AgendaModels,
    pub(super) previews: Previews,
    /// `serve` only.
    pub(super) list_fps: ListFingerprints,
}

impl SiteModel {
    /// One-shot builds, once every page and list has rendered: drops the values templates were
    /// given (at 10,000 documents the cards alone are 30 MB of a 226 MB heap), which nothing
    /// written after them reads, so they do not add to the peak the open data and search reach.
    pub(super) fn shed_template_values(&mut self) {
        for page in &mut self.pages {
            page.card = Value::none();
        }
        for section in self.sections.values_mut() {
            section.value = Value::none();
        }
        self.resolutions.shed_template_values();
        self.missions.list = Model::default();
        self.agenda.list = Model::default();
    }
}

/// What lets `serve` redo only what changed, kept between rebuilds.
#[derive(Default)]
pub(super) struct Caches {
    /// Whether the last derive ran to its end.
    pub(super) derived: bool,
    /// Fingerprint of the page order the entity index and the slug index were made for.
    pub(super) order_fp: u64,
    /// Fingerprint of the page order of the content as it is (a failed derive can leave the
    /// two apart).
    pub(super) content_order_fp: u64,
    /// Page models by URL path, across reorders.
    pub(super) page_cache: PageCache,
    /// The missions' facts, for the recognizer inputs of the fingerprint (the first).
    pub(super) mission_facts: (u64, BTreeMap<String, MissionFacts>),
    /// Output path → fingerprint of its last successful render (for `render_changed`).
    pub(super) rendered: HashMap<String, u64>,
    /// Every searchable page's words, added as each page renders.
    pub(super) search: crate::search::Index,
    /// Covers every searchable job's fingerprint: when it changes, `serve` writes the index again.
    pub(super) search_fp: u64,
    /// `serve`: the pages changed since the index was last written (see `search_changes`).
    pub(super) search_wanted: Option<u64>,
    /// `serve`: the pages' output files, for the page order they were listed for (`order_fp`).
    pub(super) page_jobs: (u64, Vec<Job>),
    /// `serve`: the files left stale by `render_changed_pages`.
    pub(super) later: Vec<String>,
    /// `serve`: what the last derive put off, to serve the edited pages first.
    pub(super) put_off: Option<PutOff>,
}

/// `serve`: an edit in place (its pages keep their place and cards) changes no other page's
/// model, so its pages render first (`Engine::render_edited_first`), and the rest follows: the
/// other files' fingerprints, and if it changed which entities its pages mention, the stages
/// after the page models (entity pages, previews, lists: 30-40 ms at 10,000 documents).
pub(super) struct PutOff {
    /// The pages whose models were patched: the only ones whose files the edit can have
    /// changed before the rest is made.
    pub(super) pages: Vec<usize>,
    /// The entities whose mention counts can have changed, if any can: the entity stages are
    /// then put off too.
    pub(super) recounted: Option<Vec<Entity>>,
}
