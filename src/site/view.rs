//! The site model as the render stage sees it: every stage's output, read-only. The engine makes
//! a [`Site`] from what it holds whenever outputs render; what renders from it (`routes`,
//! `render`, `pages`, `timeline`, `mission_pages`, `agenda_pages`, `data`, `search`, `check`) can
//! read any of it and change none of it (the search index gathers records behind its own lock).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use super::agenda::AgendaInputs;
use super::fingerprint::ListFingerprints;
use super::link::LinkedPages;
use super::missions::MissionInputs;
use super::model::{self, Model, PageModel, SectionIndex, SectionTemplates, SlugIndex};
use super::options::BuildOptions;
use super::previews::Previews;
use super::resolutions::ResolutionInputs;
use super::sections;
use crate::config::Config;
use crate::content::{Content, Section};
use crate::entities::{Missions, ReferenceData, Registry, ResolutionId};
use crate::links::EntityIndex;
use crate::render::Templates;

/// Everything an output is rendered from.
pub(super) struct Site<'a> {
    // The sources.
    pub(super) root: &'a Path,
    pub(super) options: &'a BuildOptions,
    pub(super) config: &'a Config,
    pub(super) templates: &'a Templates,
    pub(super) template_fps: &'a HashMap<String, u64>,
    pub(super) data: &'a ReferenceData,
    pub(super) data_fp: u64,
    pub(super) content: &'a Content,
    // Linking.
    pub(super) registry: &'a Registry,
    pub(super) missions: &'a Missions,
    pub(super) published_officials: &'a HashSet<String>,
    pub(super) link_fp: u64,
    pub(super) linked: &'a LinkedPages,
    // The pages' model.
    /// Covers the site-wide template values (`site`, `nav`).
    pub(super) global_fp: u64,
    pub(super) pages: &'a [PageModel],
    pub(super) index: &'a EntityIndex,
    pub(super) by_slug: &'a SlugIndex,
    pub(super) by_section: &'a SectionIndex,
    pub(super) neighbours: &'a [(Option<usize>, Option<usize>)],
    pub(super) section_templates: &'a SectionTemplates,
    pub(super) sections: &'a BTreeMap<String, Model>,
    // The entity pages.
    pub(super) resolutions: &'a BTreeMap<ResolutionId, (u64, ResolutionInputs)>,
    pub(super) resolution_list: &'a Model,
    pub(super) mission_models: &'a BTreeMap<String, (u64, MissionInputs)>,
    pub(super) mission_list: &'a Model,
    pub(super) mission_ties: &'a BTreeMap<ResolutionId, Vec<String>>,
    pub(super) agenda_resolutions: &'a BTreeMap<String, Vec<ResolutionId>>,
    pub(super) agenda_models: &'a BTreeMap<String, (u64, AgendaInputs)>,
    pub(super) agenda_list: &'a Model,
    pub(super) previews: &'a Previews,
    /// `serve`: what the lists show, fingerprinted once per change (one-shot builds: empty).
    pub(super) list_fps: &'a ListFingerprints,
    /// Where rendered pages leave their search records.
    pub(super) search: &'a crate::search::Index,
    /// A one-shot build (`build`, `check`), which renders pages while linking.
    pub(super) one_shot: bool,
    /// The timeline's years, which every year's page shows too, and each year's mission events:
    /// made once for this view (from the rest of it) when first asked.
    pub(super) timeline: std::sync::OnceLock<Timeline>,
    /// Every HTML page's permalink and date, which each machine-read file (sitemap, feed,
    /// robots.txt) is given: made once for this view when first asked.
    pub(super) sitemap: std::sync::OnceLock<crate::error::Result<tera::Value>>,
}

/// What every page of the timeline shows of the whole of it (made in `timeline`).
pub(super) struct Timeline {
    /// The index of years (`years` in templates).
    pub(super) years: tera::Value,
    /// Missions that began or ended, by year.
    pub(super) events: BTreeMap<i32, Vec<tera::Value>>,
}

impl Site<'_> {
    /// Pages that lists show: every page but an editor's notes on a resolution or a mission.
    pub(super) fn listed(&self) -> impl Iterator<Item = usize> + '_ {
        model::listed(self.content)
    }

    /// The pages of a section, in page order.
    pub(super) fn section_pages(&self, name: &str) -> impl Iterator<Item = usize> + '_ {
        self.by_section.get(name).map_or(&[][..], Vec::as_slice).iter().copied()
    }

    pub(super) fn subsections<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Section> + 'a {
        let prefix = if name.is_empty() { String::new() } else { format!("{name}/") };
        self.content.sections.values().filter(move |s| {
            !s.name.is_empty() && s.name != name && s.name.starts_with(&prefix) && !s.name[prefix.len()..].contains('/')
        })
    }

    /// Pages that page `i` lists under `related:`, by index (same section first).
    pub(super) fn related(&self, i: usize) -> Vec<usize> {
        model::related(&self.content.pages, self.by_slug, i)
    }

    /// Whether a one-shot build rendered page `i` while linking (every page there is linked
    /// fresh, so every page that can render alone did).
    pub(super) fn rendered_while_linking(&self, i: usize) -> bool {
        self.one_shot && sections::renders_alone(&self.content.pages[i])
    }

    /// Whether the theme has agenda item pages: a theme made before them (with no
    /// `agenda/page.html`) still builds, without them.
    pub(super) fn has_agenda_pages(&self) -> bool {
        self.templates.has("agenda/page.html")
    }
}
