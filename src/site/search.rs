//! What the search index is told about each page: a [`search::Record`] per document, official,
//! resolution and mission page, made when the page renders (when a one-shot build still has its
//! HTML), and the index's files once every page has rendered.

use super::routes::{Job, JobKind};
use super::sections::OFFICIALS;
use super::view::Site;
use crate::content::Page;
use crate::markdown::Rendered;
use crate::routes;
use crate::search::{self, Record};

impl Site<'_> {
    /// The record of the page a job renders, if it is one a visitor searches for.
    pub(super) fn search_record(&self, job: &Job) -> Option<Record> {
        match &job.kind {
            JobKind::Page(i) => {
                let page = &self.content.pages[*i];
                let linked = self.linked.get(page.path.as_str())?;
                Some(self.page_record(page, &linked.rendered))
            }
            JobKind::Resolution(id) => {
                let (_, input) = self.resolutions.get(id)?;
                let base = super::values::resolution_base(self.config, self.data, *id);
                // Its text, if the handbook holds it, is a page of its own (and a record): the
                // resolution's page is found by its number, symbol, topic and the editors' notes.
                let mut html = base.topic.clone().unwrap_or_default();
                if let Some(linked) = input.curated.and_then(|i| self.linked.get(self.content.pages[i].path.as_str())) {
                    html.push(' ');
                    html.push_str(&linked.rendered.html);
                }
                // "S/RES/2553 (2020)" is the symbol; "S/RES/2553" is how people type it.
                let keys = format!("{} {} S/RES/{} {}", base.title, base.symbol, id.number, id.number);
                let description = match &base.topic {
                    Some(topic) => format!("{}. {topic}", base.symbol),
                    None => base.symbol.clone(),
                };
                Some(Record {
                    url: base.url,
                    title: base.title,
                    description,
                    entity_type: "Resolution",
                    kind: "Resolution".into(),
                    date: base.adopted_long,
                    year: Some(i32::from(id.year)),
                    language: self.config.language.clone(),
                    keys,
                    html,
                })
            }
            JobKind::Mission(slug) => {
                let mission = self.missions.get(slug)?;
                let (_, input) = self.mission_models.get(slug)?;
                let html = input
                    .curated
                    .and_then(|i| self.linked.get(self.content.pages[i].path.as_str()))
                    .map(|l| l.rendered.html.clone())
                    .unwrap_or_default();
                let keys = [mission.acronym.as_deref().unwrap_or(""), &mission.name]
                    .into_iter()
                    .chain(mission.aliases.iter().map(String::as_str))
                    .chain(mission.locations.iter().map(String::as_str))
                    .collect::<Vec<_>>()
                    .join(" ");
                let description = std::iter::once(mission.name.as_str())
                    .chain(mission.locations.iter().map(String::as_str))
                    .collect::<Vec<_>>()
                    .join(", ");
                Some(Record {
                    description,
                    url: self.config.url(&routes::mission(slug)),
                    title: match &mission.acronym {
                        Some(acronym) => format!("{acronym}: {}", mission.name),
                        None => mission.name.clone(),
                    },
                    entity_type: "Mission",
                    kind: "Mission".into(),
                    date: mission.start.map(|d| d.long()),
                    year: mission.start.map(|d| d.year),
                    language: self.config.language.clone(),
                    keys,
                    html,
                })
            }
            JobKind::Agenda(slug) => {
                let item = self.data.agenda.get(slug)?;
                let ids = self.agenda_resolutions.get(slug)?;
                // Found by any of its wordings and by its resolutions' numbers.
                let keys = item
                    .wordings
                    .iter()
                    .cloned()
                    .chain(ids.iter().map(|id| format!("{} S/RES/{}", id, id.number)))
                    .collect::<Vec<_>>()
                    .join(" ");
                Some(Record {
                    url: self.config.url(&routes::agenda_item(slug)),
                    title: item.title.clone(),
                    description: agenda_description(&item.title, ids),
                    entity_type: "Agenda item",
                    kind: "Agenda item".into(),
                    date: None,
                    year: ids.last().map(|id| i32::from(id.year)),
                    language: self.config.language.clone(),
                    keys,
                    html: item.wordings.join(". "),
                })
            }
            _ => None,
        }
    }

    fn page_record(&self, page: &Page, rendered: &Rendered) -> Record {
        let meta = &page.meta;
        let entity_type = match page.section.as_str() {
            "documents" => "Document",
            OFFICIALS => "Official",
            _ => "Page",
        };
        let kind = match (entity_type, meta.kind) {
            ("Document", Some(kind)) => crate::text::capitalized(kind.as_str()),
            ("Document", None) => "Document".into(),
            (other, _) => other.into(),
        };
        let keys = [Some(meta.title.as_str()), meta.symbol.as_deref(), meta.meeting.as_deref()]
            .into_iter()
            .flatten()
            .chain(meta.aliases.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" ");
        Record {
            url: self.config.url(&page.path),
            title: meta.title.clone(),
            description: super::values::description(meta, rendered),
            entity_type,
            kind,
            date: meta.date.map(|d| d.long()),
            year: meta.date.map(|d| d.year()),
            language: meta.language.clone().unwrap_or_else(|| self.config.language.clone()),
            keys,
            html: rendered.html.clone(),
        }
    }

    /// Indexes the page `job` renders (if it is searchable).
    pub(super) fn index_for_search(&self, job: &Job) {
        if self.options.skip_search {
            return;
        }
        if let Some(record) = self.search_record(job) {
            self.search.insert(record);
        }
    }

    /// After `serve` re-rendered: forgets the pages that are gone.
    pub(super) fn forget_gone_from_search<'j>(&self, jobs: impl Iterator<Item = &'j Job>) {
        let current: std::collections::HashSet<String> = jobs.filter_map(|job| self.search_url(job)).collect();
        for url in self.search.urls() {
            if !current.contains(&url) {
                self.search.remove(&url);
            }
        }
    }

    /// The URL a searchable job's record has (`search_record` makes the same one).
    fn search_url(&self, job: &Job) -> Option<String> {
        let path = match &job.kind {
            JobKind::Page(i) => self.content.pages[*i].path.clone(),
            JobKind::Resolution(id) => routes::resolution(*id),
            JobKind::Mission(slug) => routes::mission(slug),
            _ => return None,
        };
        Some(self.config.url(&path))
    }
}

/// What a page says of itself to search engines and link previews: `<link rel=canonical>`, the
/// meta description and the Open Graph tags (`head` in templates).
#[derive(serde::Serialize)]
pub(super) struct Head {
    pub title: String,
    /// Plain text, at most about 300 chars, cut at a word.
    pub description: String,
    /// Absolute when `base_url` is (`--base-url https://…` when publishing); empty on the 404 page.
    pub url: String,
    /// `article` for a page about one thing, `website` for lists.
    pub kind: &'static str,
    /// Whether `url` is absolute, as Open Graph wants it.
    pub absolute: bool,
}

impl Site<'_> {
    pub(super) fn head(&self, job: &Job) -> Head {
        let site_description = || self.config.description.clone();
        let (title, description, path, kind): (String, String, String, &'static str) = match &job.kind {
            JobKind::Page(i) => {
                let page = &self.content.pages[*i];
                let description = self
                    .linked
                    .get(page.path.as_str())
                    .map(|l| super::values::description(&page.meta, &l.rendered))
                    .or_else(|| page.meta.summary.clone())
                    .unwrap_or_default();
                (page.meta.title.clone(), description, page.path.clone(), "article")
            }
            JobKind::Resolution(id) => {
                let base = super::values::resolution_base(self.config, self.data, *id);
                let description = match &base.topic {
                    Some(topic) => format!("Security Council resolution {id}: {topic}"),
                    None => format!("Security Council resolution {id}"),
                };
                (base.title, description, routes::resolution(*id), "article")
            }
            JobKind::Mission(slug) => {
                let Some(m) = self.missions.get(slug) else {
                    return Head {
                        title: slug.clone(),
                        description: site_description(),
                        url: String::new(),
                        kind: "article",
                        absolute: false,
                    };
                };
                let mut description = m.name.clone();
                if !m.locations.is_empty() {
                    description.push_str(&format!(", {}", m.locations.join(", ")));
                }
                if let Some(start) = m.start {
                    description.push_str(&format!(", from {}", start.long()));
                }
                if let Some(end) = m.end {
                    description.push_str(&format!(" to {}", end.long()));
                }
                (m.label().to_string(), description, routes::mission(slug), "article")
            }
            JobKind::Agenda(slug) => {
                let item = self.data.agenda.get(slug);
                let ids = self.agenda_resolutions.get(slug).map_or(&[][..], Vec::as_slice);
                let title = item.map_or_else(|| slug.clone(), |i| i.title.clone());
                let description = agenda_description(&title, ids);
                (title, description, routes::agenda_item(slug), "article")
            }
            JobKind::Section(name) | JobKind::SectionPage(name, _) => {
                let section = self.content.sections.get(name);
                let mut title = section.map(|s| s.title()).unwrap_or_else(|| name.clone());
                let description = section
                    .and_then(|s| s.meta.as_ref())
                    .and_then(|m| m.description.clone())
                    .unwrap_or_else(site_description);
                let path = match &job.kind {
                    JobKind::SectionPage(_, n) => {
                        title = format!("{title}, page {n}");
                        routes::section_page(name, *n)
                    }
                    _ => routes::section(name),
                };
                (title, description, path, "website")
            }
            JobKind::ResolutionList => (
                "Resolutions".into(),
                "Security Council resolutions the handbook cites, with their pages.".into(),
                routes::RESOLUTIONS.into(),
                "website",
            ),
            JobKind::MissionList => (
                "Missions".into(),
                "Every UN peace operation, active and closed, by region.".into(),
                routes::MISSIONS.into(),
                "website",
            ),
            JobKind::AgendaList => (
                "Agenda items".into(),
                "The Security Council's agenda items, with their resolutions over time.".into(),
                routes::AGENDA.into(),
                "website",
            ),
            JobKind::Timeline => ("Timeline".into(), site_description(), routes::TIMELINE.into(), "website"),
            JobKind::TimelineYear(year) => (
                format!("{year}: timeline"),
                format!("Documents of {year} and the peace operations that began or ended in it."),
                routes::timeline_year(*year),
                "website",
            ),
            JobKind::Search => ("Search".into(), site_description(), routes::SEARCH.into(), "website"),
            JobKind::NotFound => {
                return Head {
                    title: "Page not found".into(),
                    description: site_description(),
                    url: String::new(),
                    kind: "website",
                    absolute: false,
                };
            }
            _ => (self.config.title.clone(), site_description(), routes::HOME.into(), "website"),
        };
        let url = self.config.permalink(&path);
        let absolute = url.starts_with("http://") || url.starts_with("https://");
        Head { title, description: search::clip(&description, 300), url, kind, absolute }
    }
}

/// "Security Council agenda item: The situation in Cyprus. 158 resolutions, 1964–2026."
fn agenda_description(title: &str, ids: &[crate::entities::ResolutionId]) -> String {
    let years = match (ids.iter().map(|id| id.year).min(), ids.iter().map(|id| id.year).max()) {
        (Some(a), Some(b)) if a != b => format!(", {a}–{b}"),
        (Some(a), _) => format!(", {a}"),
        _ => String::new(),
    };
    let count = if ids.len() == 1 { "1 resolution".to_string() } else { format!("{} resolutions", ids.len()) };
    format!("Security Council agenda item: {title}. {count}{years}.")
}
