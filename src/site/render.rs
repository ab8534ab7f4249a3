//! Rendering: one job's bytes, from the site model through its template. Which jobs render
//! when is the engine's to say.

use tera::{Context, Value};

use super::routes::{Job, JobKind};
use super::sections::{AGENDA, MISSIONS, RESOLUTIONS};
use super::view::Site;
use crate::error::{Error, Result};
use crate::routes;

impl Site<'_> {
    /// Renders one job.
    pub(super) fn render_job(&self, job: &Job) -> Result<Vec<u8>> {
        // After Ctrl-C, every job fails at once instead of rendering for nothing.
        if crate::output::INTERRUPTED.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(Error::Interrupted);
        }
        let mut ctx = Context::new();
        let what: String = match &job.kind {
            JobKind::Static(source) => return std::fs::read(source).map_err(|e| Error::io(source, e)),
            JobKind::Data(name) => return self.open_data(name),
            JobKind::Previews(n) => return Ok(self.previews.file(*n)),
            JobKind::Page(i) => {
                let page = &self.content.pages[*i];
                ctx.insert_value("page", self.page_value(*i));
                if let Some(section) = self.sections.get(&page.section) {
                    ctx.insert_value("section", section.value.clone());
                }
                page.file.display().to_string()
            }
            JobKind::Section(name) => {
                ctx.insert_value("section", self.section_with_pages(name, 1));
                ctx.insert_value("paginator", self.paginator(name, 1));
                routes::section(name)
            }
            JobKind::SectionPage(name, n) => {
                ctx.insert_value("section", self.section_with_pages(name, *n));
                ctx.insert_value("paginator", self.paginator(name, *n));
                routes::section_page(name, *n)
            }
            JobKind::Home => {
                if let Some(home) = self.sections.get("") {
                    ctx.insert_value("section", home.value.clone());
                }
                ctx.insert_value("pages", self.all_cards());
                let documents: Vec<Value> =
                    self.section_pages("documents").map(|i| self.pages[i].card.clone()).collect();
                ctx.insert_value("documents", Value::from(documents));
                ctx.insert_value("active_missions", Value::from_serializable(&self.active_missions()));
                ctx.insert_value("most_cited", self.most_cited_value());
                "/".into()
            }
            JobKind::Timeline => {
                ctx.insert_value("years", self.timeline());
                ctx.insert_value("section", self.timeline_section("Timeline", routes::TIMELINE, Vec::new()));
                routes::TIMELINE.into()
            }
            JobKind::TimelineYear(year) => {
                let pages: Vec<Value> = self.year_pages(*year).map(|i| self.pages[i].card.clone()).collect();
                ctx.insert_value("years", self.timeline());
                ctx.insert_value("year", self.timeline_year(*year));
                let path = routes::timeline_year(*year);
                ctx.insert_value("section", self.timeline_section(&year.to_string(), &path, pages));
                path
            }
            JobKind::NotFound => "/404.html".into(),
            JobKind::Search => routes::SEARCH.into(),
            JobKind::ResolutionList => {
                ctx.insert_value("section", self.entity_list_section(RESOLUTIONS, "Resolutions", routes::RESOLUTIONS));
                ctx.insert_value("resolutions", self.resolution_list.value.clone());
                routes::RESOLUTIONS.into()
            }
            JobKind::Resolution(key) => {
                ctx.insert_value("resolution", self.resolution_value(*key));
                routes::resolution(*key)
            }
            JobKind::MissionList => {
                ctx.insert_value("section", self.entity_list_section(MISSIONS, "Missions", routes::MISSIONS));
                ctx.insert_value("missions", self.mission_list.value.clone());
                routes::MISSIONS.into()
            }
            JobKind::AgendaList => {
                ctx.insert_value("section", self.entity_list_section(AGENDA, "Agenda items", routes::AGENDA));
                ctx.insert_value("items", self.agenda_list.value.clone());
                routes::AGENDA.into()
            }
            JobKind::Agenda(slug) => {
                ctx.insert_value("item", self.agenda_value(slug));
                routes::agenda_item(slug)
            }
            JobKind::Mission(slug) => {
                ctx.insert_value("mission", self.mission_value(slug));
                routes::mission(slug)
            }
            JobKind::Machine(name) => {
                ctx.insert_value("pages", self.all_cards());
                ctx.insert("updated", &self.latest_date());
                ctx.insert_value("sitemap", self.sitemap()?);
                format!("/{name}")
            }
        };
        ctx.insert_value("head", Value::from_serializable(&self.head(job)));
        Ok(self.templates.render(&self.template(job), &ctx, &what)?.into_bytes())
    }

    /// The section value of a list of entities (`/resolutions/`, `/missions/`, `/agenda/`): the
    /// editors' `_index.md` for it, if any, with no pages of its own.
    fn entity_list_section(&self, name: &str, title: &str, path: &str) -> Value {
        let mut section = self.sections.get(name).and_then(|m| m.value.clone().into_map()).unwrap_or_else(|| {
            let mut m = tera::Map::new();
            m.insert("title".into(), Value::from(title));
            m.insert("content".into(), Value::from(""));
            m
        });
        section.insert("url".into(), Value::from(self.config.url(path)));
        section.insert("pages".into(), Value::from(Vec::<Value>::new()));
        section.insert("subsections".into(), Value::from(Vec::<Value>::new()));
        Value::from(section)
    }

    /// What a timeline page gives a template that expects a section (`section.html`).
    fn timeline_section(&self, title: &str, path: &str, pages: Vec<Value>) -> Value {
        let mut section = tera::Map::new();
        section.insert("title".into(), Value::from(title));
        section.insert("url".into(), Value::from(self.config.url(path)));
        section.insert("content".into(), Value::from(""));
        section.insert("pages".into(), Value::from(pages));
        section.insert("subsections".into(), Value::from(Vec::<Value>::new()));
        Value::from(section)
    }

    /// The home page's most-cited resolutions: `{key, title, url, topic, adopted_long, mention_count}`.
    fn most_cited_value(&self) -> Value {
        Value::from(
            self.most_cited(8)
                .into_iter()
                .map(|(id, count)| {
                    let record = self.data.catalogue.record(id);
                    crate::site::values::map([
                        ("key", Value::from(id.to_string())),
                        ("title", Value::from(format!("Resolution {id}"))),
                        ("url", Value::from(self.config.url(&routes::resolution(id)))),
                        ("topic", Value::from(record.map(|r| r.topic.clone()).unwrap_or_default())),
                        (
                            "adopted_long",
                            Value::from(record.and_then(|r| r.adopted).map(|d| d.long()).unwrap_or_default()),
                        ),
                        ("mention_count", Value::from(count)),
                    ])
                })
                .collect::<Vec<_>>(),
        )
    }
}
