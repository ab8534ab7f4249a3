//! The output files: one job a file, the template each renders with.

use std::borrow::Cow;
use std::path::PathBuf;

use super::sections::{self, AGENDA, MISSIONS, RESOLUTIONS};
use super::sources::static_files;
use super::view::Site;
use crate::entities::ResolutionId;
use crate::error::Result;
use crate::routes;

/// One output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobKind {
    Home,
    NotFound,
    Timeline,
    /// `/timeline/2020/`.
    TimelineYear(i32),
    Page(usize),
    Section(String),
    /// Page 2 and after of a section's list (`/documents/page/2/`).
    SectionPage(String, usize),
    ResolutionList,
    Resolution(ResolutionId),
    MissionList,
    /// By slug.
    Mission(String),
    AgendaList,
    /// An agenda item, by slug.
    Agenda(String),
    Machine(&'static str),
    /// The search page (`/search/`); the index's files are not jobs: they come from every page.
    Search,
    /// Open data for researchers (`data/documents.json`, …).
    Data(&'static str),
    /// One file of the cross-links' previews (`previews/3.json`).
    Previews(u32),
    Static(PathBuf),
}

impl JobKind {
    /// Whether the page it renders has a record in the search index.
    pub fn is_searchable(&self) -> bool {
        matches!(self, JobKind::Page(_) | JobKind::Resolution(_) | JobKind::Mission(_) | JobKind::Agenda(_))
    }

    /// Whether `serve` may write it after the edited pages are served: no page shows it, or
    /// loads it, as it is read (the open data; the feed, sitemap and robots.txt).
    pub fn can_wait(&self) -> bool {
        matches!(self, JobKind::Data(_) | JobKind::Machine(_))
    }
}

#[derive(Debug, Clone)]
pub struct Job {
    /// Path under the output folder, `/`-separated: `documents/x/index.html`.
    pub output: String,
    pub kind: JobKind,
}

impl Site<'_> {
    /// Every output file.
    pub fn jobs(&self) -> Result<Vec<Job>> {
        let mut jobs = self.page_jobs();
        jobs.extend(self.other_jobs()?);
        Ok(jobs)
    }

    /// The pages' output files: they follow from the page order alone (`serve` keeps them while
    /// it holds).
    pub(super) fn page_jobs(&self) -> Vec<Job> {
        let pages = self.content.pages.iter().enumerate();
        pages.filter(|(_, page)| !sections::is_entity_note(page)).map(|(i, _)| self.page_job(i)).collect()
    }

    /// Every output file but the pages'.
    pub(super) fn other_jobs(&self) -> Result<Vec<Job>> {
        let mut jobs = vec![
            Job { output: routes::output_file(routes::HOME), kind: JobKind::Home },
            Job { output: "404.html".into(), kind: JobKind::NotFound },
            Job { output: routes::output_file(routes::TIMELINE), kind: JobKind::Timeline },
            Job { output: routes::output_file(routes::RESOLUTIONS), kind: JobKind::ResolutionList },
            Job { output: routes::output_file(routes::MISSIONS), kind: JobKind::MissionList },
        ];
        for (year, _) in self.timeline_years() {
            jobs.push(Job {
                output: routes::output_file(&routes::timeline_year(year)),
                kind: JobKind::TimelineYear(year),
            });
        }
        for name in self.content.sections.keys() {
            if !name.is_empty() && name != RESOLUTIONS && name != MISSIONS && name != AGENDA {
                jobs.push(Job {
                    output: routes::output_file(&routes::section(name)),
                    kind: JobKind::Section(name.clone()),
                });
                for n in 2..=self.section_page_count(name) {
                    jobs.push(Job {
                        output: routes::output_file(&routes::section_page(name, n)),
                        kind: JobKind::SectionPage(name.clone(), n),
                    });
                }
            }
        }
        for &id in self.resolutions.keys() {
            jobs.push(Job { output: routes::output_file(&routes::resolution(id)), kind: JobKind::Resolution(id) });
        }
        for slug in self.mission_models.keys() {
            jobs.push(Job {
                output: routes::output_file(&routes::mission(slug)),
                kind: JobKind::Mission(slug.clone()),
            });
        }
        if self.has_agenda_pages() {
            jobs.push(Job { output: routes::output_file(routes::AGENDA), kind: JobKind::AgendaList });
        }
        for slug in self.agenda_models.keys().filter(|_| self.has_agenda_pages()) {
            jobs.push(Job {
                output: routes::output_file(&routes::agenda_item(slug)),
                kind: JobKind::Agenda(slug.clone()),
            });
        }
        if self.templates.has("search.html") {
            jobs.push(Job { output: routes::output_file(routes::SEARCH), kind: JobKind::Search });
        }
        for machine in ["sitemap.xml", "atom.xml", "robots.txt"] {
            if self.templates.has(machine) {
                jobs.push(Job { output: machine.into(), kind: JobKind::Machine(machine) });
            }
        }
        for file in super::data::DATA_FILES {
            jobs.push(Job { output: file.into(), kind: JobKind::Data(file) });
        }
        for n in 0..super::previews::SHARDS {
            jobs.push(Job { output: super::previews::shard_file(n), kind: JobKind::Previews(n) });
        }
        for (rel, source) in static_files(self.root, self.config)? {
            jobs.push(Job { output: rel, kind: JobKind::Static(source) });
        }
        Ok(jobs)
    }

    pub(super) fn page_job(&self, i: usize) -> Job {
        Job { output: routes::output_file(&self.content.pages[i].path), kind: JobKind::Page(i) }
    }

    /// The template a job renders with (none for files that are not rendered from one).
    pub(super) fn template(&self, job: &Job) -> Cow<'_, str> {
        let nested_or = |nested: &'static str, fallback: &'static str| {
            Cow::Borrowed(if self.templates.has(nested) { nested } else { fallback })
        };
        match &job.kind {
            JobKind::Home => "index.html".into(),
            JobKind::NotFound => "404.html".into(),
            JobKind::Timeline => nested_or("timeline.html", "section.html"),
            JobKind::TimelineYear(_) => nested_or("timeline_year.html", "section.html"),
            JobKind::Page(i) => {
                let page = &self.content.pages[*i];
                match &page.meta.template {
                    Some(t) => Cow::Borrowed(t),
                    None => self.section_templates.page(self.templates, &page.section),
                }
            }
            JobKind::Section(name) | JobKind::SectionPage(name, _) => self.section_templates.list(self.templates, name),
            JobKind::ResolutionList => nested_or("resolutions/section.html", "section.html"),
            JobKind::MissionList => nested_or("missions/section.html", "section.html"),
            JobKind::Mission(_) => "missions/page.html".into(),
            JobKind::Resolution(_) => "resolutions/page.html".into(),
            JobKind::AgendaList => nested_or("agenda/section.html", "section.html"),
            JobKind::Agenda(_) => "agenda/page.html".into(),
            JobKind::Machine(name) => (*name).into(),
            JobKind::Search => "search.html".into(),
            JobKind::Data(_) | JobKind::Previews(_) | JobKind::Static(_) => "".into(),
        }
    }
}
