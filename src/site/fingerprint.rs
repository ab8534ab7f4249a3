//! What each output depends on: equal fingerprints, equal bytes. This is what lets `serve`
//! re-render only what an edit changed (and the incremental property test holds it to that).

use std::hash::Hash;

use super::engine::{AGENDA, Engine, MISSIONS, OFFICIALS, RESOLUTIONS};
use super::routes::{Job, JobKind};

/// A 64-bit fingerprint of `value`: equal inputs, equal fingerprints within a process.
pub(super) fn fingerprint(value: impl Hash) -> u64 {
    static STATE: std::sync::LazyLock<ahash::RandomState> = std::sync::LazyLock::new(ahash::RandomState::new);
    STATE.hash_one(value)
}

/// What the lists show, fingerprinted once per `derive` (`serve` only): a list of 10,000 cards
/// split into 200 pages, or 80 years of the timeline, would otherwise gather the same cards once
/// per job on every rebuild.
#[derive(Default)]
pub(super) struct ListFingerprints {
    /// Section name → its cards, in order.
    sections: std::collections::HashMap<String, u64>,
    /// Year → the cards dated in it.
    years: std::collections::HashMap<i32, u64>,
    /// The years of the timeline and how many pages each has.
    timeline: u64,
    /// Every listed page's card, in order: what the home, the feeds and the sitemap list.
    cards: u64,
}

impl Engine<'_> {
    pub(super) fn update_list_fingerprints(&mut self) {
        if self.mode.is_one_shot() {
            return;
        }
        let mut sections: std::collections::HashMap<&str, Vec<u64>> = std::collections::HashMap::new();
        let mut years: std::collections::HashMap<i32, Vec<u64>> = std::collections::HashMap::new();
        for (i, page) in self.content.pages.iter().enumerate() {
            sections.entry(page.section.as_str()).or_default().push(self.pages[i].card_fp);
        }
        for i in self.listed() {
            if let Some(date) = self.content.pages[i].meta.date {
                years.entry(date.year()).or_default().push(self.pages[i].card_fp);
            }
        }
        self.list_fps = ListFingerprints {
            sections: sections.into_iter().map(|(name, fps)| (name.to_string(), fingerprint(fps))).collect(),
            years: years.into_iter().map(|(year, fps)| (year, fingerprint(fps))).collect(),
            timeline: fingerprint(self.timeline_years()),
            cards: fingerprint(self.listed().map(|i| self.pages[i].card_fp).collect::<Vec<_>>()),
        };
    }

    /// Covers everything a job's output depends on: equal fingerprints, equal bytes.
    pub(super) fn job_fingerprint(&self, job: &Job) -> u64 {
        let template = self.template(job);
        let template_fp = self.template_fps.get(&template).copied().unwrap_or(0);
        let section_fp = |name: &str| self.sections.get(name).map_or(0, |m| m.fp);
        let inputs: u64 = match &job.kind {
            JobKind::Search => 0,
            JobKind::Home => fingerprint((
                section_fp(""),
                self.list_fps.cards,
                serde_json::to_string(&self.active_missions()).unwrap_or_default(),
                self.most_cited(8),
            )),
            JobKind::NotFound => 0,
            // Mission events come from the list and the notes alone, both in the linking inputs.
            JobKind::Timeline => fingerprint((self.list_fps.timeline, self.link_fp, self.timeline_resolutions_fp())),
            JobKind::TimelineYear(year) => fingerprint((
                self.list_fps.timeline,
                self.link_fp,
                self.list_fps.years.get(year),
                self.timeline_resolutions_fp(),
            )),
            JobKind::Page(i) => {
                fingerprint((self.pages[*i].fp, section_fp(&self.content.pages[*i].section), self.neighbours_fp(*i)))
            }
            // Every page of a list shows the pager, so covers the whole list.
            JobKind::Section(name) | JobKind::SectionPage(name, _) => fingerprint((
                section_fp(name),
                self.list_fps.sections.get(name),
                self.subsections(name).map(|s| section_fp(&s.name)).collect::<Vec<_>>(),
            )),
            JobKind::ResolutionList => fingerprint((self.resolution_list.fp, section_fp(RESOLUTIONS))),
            JobKind::Resolution(key) => self.resolutions.get(key).map_or(0, |(fp, _)| *fp),
            JobKind::MissionList => fingerprint((self.mission_list.fp, section_fp(MISSIONS))),
            JobKind::Mission(slug) => self.mission_models.get(slug).map_or(0, |(fp, _)| *fp),
            JobKind::AgendaList => fingerprint((self.agenda_list.fp, section_fp(AGENDA))),
            JobKind::Agenda(slug) => self.agenda_models.get(slug).map_or(0, |(fp, _)| *fp),
            // The sitemap lists every page, the timeline's years among them.
            JobKind::Machine(_) => fingerprint((
                self.list_fps.cards,
                self.list_fps.timeline,
                self.resolution_list.fp,
                self.mission_models.keys().collect::<Vec<_>>(),
                self.agenda_models.keys().collect::<Vec<_>>(),
                self.sections.keys().collect::<Vec<_>>(),
            )),
            JobKind::Data(name) => self.open_data_fingerprint(name),
            JobKind::Previews(n) => self.previews_fingerprint(*n),
            // Must equal `fingerprint(&bytes)` in `render_all`.
            JobKind::Static(source) => return fingerprint(std::fs::read(source).unwrap_or_default()),
        };
        fingerprint((template, template_fp, self.global_fp, inputs))
    }

    /// Covers what one file of the open data shows: page facts and which entities each page
    /// mentions, not the sentences around them. Cheap: each part is fingerprinted once, when its
    /// page or resolution is derived.
    pub(super) fn open_data_fingerprint(&self, name: &str) -> u64 {
        match name {
            "data/documents.json" => fingerprint(
                self.listed().map(|i| self.linked[self.content.pages[i].path.as_str()].data_fp).collect::<Vec<_>>(),
            ),
            "data/resolutions.json" => {
                fingerprint((self.data_fp, self.resolutions.iter().map(|(k, (fp, _))| (*k, *fp)).collect::<Vec<_>>()))
            }
            "data/missions.json" => fingerprint(self.mission_models.values().map(|(fp, _)| *fp).collect::<Vec<_>>()),
            "data/agenda.json" => fingerprint((
                self.data_fp,
                self.agenda_models
                    .iter()
                    .map(|(slug, (_, i))| {
                        let citing: Vec<&str> = i.citing.iter().map(|&p| self.content.pages[p].path.as_str()).collect();
                        (slug, citing, &i.missions)
                    })
                    .collect::<Vec<_>>(),
                self.resolutions.keys().collect::<Vec<_>>(),
            )),
            _ => fingerprint(
                self.content
                    .pages
                    .iter()
                    .zip(&self.pages)
                    .filter(|(p, _)| p.section == OFFICIALS)
                    .map(|(_, m)| m.fp)
                    .collect::<Vec<_>>(),
            ),
        }
    }
}
