//! What each output depends on: equal fingerprints, equal bytes. This is what lets `serve`
//! re-render only what an edit changed (and the incremental property test holds it to that).

use super::fingerprint::{ListFingerprints, fingerprint};
use super::routes::{Job, JobKind};
use super::sections::{AGENDA, MISSIONS, RESOLUTIONS};
use super::view::Site;

impl Site<'_> {
    /// What the lists show, fingerprinted (`serve` only: a one-shot build renders each list once).
    pub(super) fn list_fingerprints(&self) -> ListFingerprints {
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
        ListFingerprints {
            sections: sections.into_iter().map(|(name, fps)| (name.to_string(), fingerprint(fps))).collect(),
            years: years.into_iter().map(|(year, fps)| (year, fingerprint(fps))).collect(),
            timeline: fingerprint(self.timeline_years()),
            timeline_resolutions: self.timeline_resolutions_fp(),
            cards: fingerprint(self.listed().map(|i| self.pages[i].card_fp).collect::<Vec<_>>()),
        }
    }

    /// Covers everything a job's output depends on: equal fingerprints, equal bytes.
    pub(super) fn job_fingerprint(&self, job: &Job) -> u64 {
        let template = self.template(job);
        let template_fp = self.template_fps.get(&*template).copied().unwrap_or(0);
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
            JobKind::Timeline => {
                fingerprint((self.list_fps.timeline, self.link_fp, self.list_fps.timeline_resolutions))
            }
            JobKind::TimelineYear(year) => fingerprint((
                self.list_fps.timeline,
                self.link_fp,
                self.list_fps.years.get(year),
                self.list_fps.timeline_resolutions,
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
            // The sitemap lists every page, the timeline's years and each resolution's among them
            // (which resolutions have pages, not what their pages or list show).
            JobKind::Machine(_) => fingerprint((
                self.list_fps.cards,
                self.list_fps.timeline,
                self.resolutions.keys().collect::<Vec<_>>(),
                self.mission_models.keys().collect::<Vec<_>>(),
                self.agenda_models.keys().collect::<Vec<_>>(),
                self.sections.keys().collect::<Vec<_>>(),
            )),
            JobKind::Data(name) => self.open_data_fingerprint(name),
            JobKind::Previews(n) => self.previews.fingerprint(*n),
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
            "data/documents.json" => fingerprint(self.listed().map(|i| self.pages[i].data_fp).collect::<Vec<_>>()),
            "data/resolutions.json" => {
                fingerprint((self.data_fp, self.resolutions.iter().map(|(k, (fp, _))| (*k, *fp)).collect::<Vec<_>>()))
            }
            "data/missions.json" => fingerprint(self.mission_models.values().map(|(fp, _)| *fp).collect::<Vec<_>>()),
            "data/agenda.json" => fingerprint((
                self.data_fp,
                self.agenda_models.values().map(|(_, inputs)| inputs.data_fp).collect::<Vec<_>>(),
                self.resolutions.keys().collect::<Vec<_>>(),
            )),
            // The officials' records (their pages' facts, in the linking inputs, and which are
            // published) and the pages that mention each: not the sentences around the mentions,
            // which every edit near a name changes. In any order: the index is a hash map.
            _ => fingerprint((
                self.link_fp,
                self.index.officials.iter().fold(0u64, |sum, (slug, backlinks)| {
                    let pages: Vec<u64> = backlinks.iter().map(|b| self.pages[b.page()].link_facts_fp).collect();
                    sum.wrapping_add(fingerprint((slug, pages)))
                }),
            )),
        }
    }
}
