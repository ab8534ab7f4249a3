//! What the lists that span the whole site show: the timeline and its years, the home page's
//! most-cited resolutions, the sitemap. Made when they render, from the site model.

use std::collections::{BTreeMap, HashMap};

use tera::Value;

use super::fingerprint::fingerprint;
use super::values::map;
use super::view::{Site, Timeline};
use crate::entities::ResolutionId;
use crate::error::Result;
use crate::routes;

impl Site<'_> {
    pub(super) fn latest_date(&self) -> String {
        self.content.pages.iter().filter_map(|p| p.meta.date).max().map(|d| d.rfc3339()).unwrap_or_default()
    }

    /// Every HTML page's permalink, with its date where it has one.
    pub(super) fn sitemap(&self) -> Result<Value> {
        match self.sitemap.get_or_init(|| self.make_sitemap()) {
            Ok(sitemap) => Ok(sitemap.clone()),
            // Made again for an error of its own (errors are not `Clone`); the build fails anyway.
            Err(_) => self.make_sitemap(),
        }
    }

    fn make_sitemap(&self) -> Result<Value> {
        let dates: HashMap<String, String> = self
            .content
            .pages
            .iter()
            .filter_map(|p| p.meta.date.map(|d| (routes::output_file(&p.path), d.to_string())))
            .collect();
        let mut entries: Vec<(String, Option<&String>)> = self
            .jobs()?
            .iter()
            .filter(|j| j.output.ends_with("index.html"))
            .map(|j| {
                let path = format!("/{}", j.output.trim_end_matches("index.html"));
                (self.config.permalink(&path), dates.get(&j.output))
            })
            .collect();
        entries.sort();
        Ok(Value::from(
            entries
                .into_iter()
                .map(|(loc, lastmod)| {
                    map([
                        ("loc", Value::from(loc)),
                        ("lastmod", lastmod.map(|d| Value::from(d.as_str())).unwrap_or(Value::none())),
                    ])
                })
                .collect::<Vec<_>>(),
        ))
    }

    /// The years of the timeline, newest first, with how many dated pages each has: every year
    /// with a dated page, a mission that began or ended in it, or a resolution with a page
    /// adopted in it.
    pub(super) fn timeline_years(&self) -> Vec<(i32, usize)> {
        let mut years: BTreeMap<i32, usize> = BTreeMap::new();
        for page in self.listed().map(|i| &self.content.pages[i]) {
            if let Some(date) = page.meta.date {
                *years.entry(date.year()).or_default() += 1;
            }
        }
        // The years missions began or ended in (the events themselves are made when they render).
        for m in self.missions.all() {
            for date in [m.start, m.end].into_iter().flatten() {
                years.entry(date.year).or_default();
            }
        }
        for id in self.resolutions.keys() {
            years.entry(i32::from(id.year)).or_default();
        }
        years.into_iter().rev().collect()
    }

    /// The resolutions with a page adopted in `year`, in order of adoption, with their votes.
    fn timeline_resolutions(&self, year: i32) -> Vec<Value> {
        let language = &self.config.language;
        let mut ids: Vec<(Option<crate::date::Date>, ResolutionId)> = self
            .resolutions
            .keys()
            .filter(|id| i32::from(id.year) == year)
            .map(|&id| (self.data.catalogue.record(id).and_then(|r| r.adopted), id))
            .collect();
        ids.sort();
        ids.into_iter()
            .map(|(adopted, id)| {
                let record = self.data.catalogue.record(id);
                map([
                    ("key", Value::from(id.to_string())),
                    ("title", Value::from(id.title())),
                    ("url", Value::from(self.config.url(&routes::resolution(id)))),
                    ("adopted", adopted.map_or(Value::none(), |d| Value::from(d.to_string()))),
                    ("adopted_long", adopted.map_or(Value::none(), |d| Value::from(d.long()))),
                    ("topic", Value::from(record.map(|r| r.topic.clone()).unwrap_or_default())),
                    ("vote", self.data.vote_account(id, language).map_or(Value::none(), |v| Value::from(v.summary))),
                ])
            })
            .collect()
    }

    /// Covers what the timeline shows of the resolutions: which have pages, and the data.
    pub(super) fn timeline_resolutions_fp(&self) -> u64 {
        fingerprint((self.data_fp, self.resolutions.keys().collect::<Vec<_>>()))
    }

    /// The timeline's index: each year, its number of pages and its mission events.
    pub(super) fn timeline(&self) -> Value {
        self.made_timeline().years.clone()
    }

    fn made_timeline(&self) -> &Timeline {
        self.timeline.get_or_init(|| {
            let events = self.mission_events();
            Timeline { years: self.timeline_index(&events), events }
        })
    }

    fn timeline_index(&self, events: &BTreeMap<i32, Vec<Value>>) -> Value {
        let mut resolutions: HashMap<i32, usize> = HashMap::new();
        for id in self.resolutions.keys() {
            *resolutions.entry(i32::from(id.year)).or_default() += 1;
        }
        Value::from(
            self.timeline_years()
                .into_iter()
                .map(|(year, count)| {
                    map([
                        ("year", Value::from(year)),
                        ("url", Value::from(self.config.url(&routes::timeline_year(year)))),
                        ("count", Value::from(count)),
                        ("missions", Value::from(events.get(&year).cloned().unwrap_or_default())),
                        ("resolution_count", Value::from(resolutions.get(&year).copied().unwrap_or(0))),
                    ])
                })
                .collect::<Vec<_>>(),
        )
    }

    /// Cards of the pages dated in `year`, newest first.
    pub(super) fn year_pages(&self, year: i32) -> impl Iterator<Item = usize> + '_ {
        self.listed().filter(move |&i| self.content.pages[i].meta.date.is_some_and(|d| d.year() == year))
    }

    /// One year of the timeline: its pages and mission events.
    pub(super) fn timeline_year(&self, year: i32) -> Value {
        let pages: Vec<Value> = self.year_pages(year).map(|i| self.pages[i].card.clone()).collect();
        let missions = self.made_timeline().events.get(&year).cloned().unwrap_or_default();
        map([
            ("year", Value::from(year)),
            ("url", Value::from(self.config.url(&routes::timeline_year(year)))),
            ("count", Value::from(pages.len())),
            ("pages", Value::from(pages)),
            ("missions", Value::from(missions)),
            ("resolutions", Value::from(self.timeline_resolutions(year))),
        ])
    }

    /// The most-cited resolutions, most mentions first: for the home page.
    pub(super) fn most_cited(&self, n: usize) -> Vec<(ResolutionId, usize)> {
        let mut cited: Vec<(ResolutionId, usize)> = self
            .resolutions
            .iter()
            .map(|(id, (_, inputs))| (*id, inputs.mentions.len()))
            .filter(|(_, n)| *n > 0)
            .collect();
        cited.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
        cited.truncate(n);
        cited
    }
}
