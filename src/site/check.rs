//! What `check` reports beyond build errors, and what it and `build` point out without failing.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use super::view::Site;
use crate::content;
use crate::entities::{Entity, ResolutionId};
use crate::error::{Diagnostic, Error, Result};
use crate::markdown::InternalLink;
use crate::routes;

impl Site<'_> {
    /// What `check` reports beyond build errors: links to pages that do not exist, entities a
    /// page names that the site does not know, titled people the registry lacks.
    pub fn problems(&self) -> Result<Vec<Error>> {
        let outputs: HashSet<String> = self.jobs()?.into_iter().map(|j| j.output).collect();
        let resolves = |path: &str| {
            let path = path.split(['#', '?']).next().unwrap_or_default();
            let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
            let rel = path.trim_start_matches('/');
            outputs.contains(rel)
                || outputs.contains(&routes::output_file(&path))
                || outputs.contains(&format!("{}/index.html", rel.trim_end_matches('/')))
        };
        // Most links go to the same entity pages (54,000 links to 10,000 URLs in the bench's
        // 10,000 documents): each URL is looked up once.
        let targets: HashSet<&str> = self
            .content
            .pages
            .par_iter()
            .fold(HashSet::new, |mut targets, page| {
                let links = &self.linked[page.path.as_str()].rendered.internal_links;
                targets.extend(links.iter().map(|link| link.path.as_str()));
                targets
            })
            .reduce(HashSet::new, |mut a, b| {
                a.extend(b);
                a
            });
        let nowhere: HashSet<&str> = targets.into_par_iter().filter(|path| !resolves(path)).collect();
        let mut problems: Vec<Error> =
            self.content.pages.par_iter().flat_map_iter(|page| self.page_problems(page, &nowhere)).collect();
        for (page, title, name) in &self.index.unknown_officials {
            let file = &self.content.pages[*page].file;
            problems.push(
                Diagnostic::new(
                    file,
                    format!("unknown official “{title} {name}”: add content/officials/{}.md (`handbook import` writes a draft)", content::slugify(name)),
                )
                .into(),
            );
        }
        Ok(problems)
    }

    /// One page's links that go nowhere (`nowhere`: the URLs no output has), and the
    /// officials, missions and resolutions of its front-matter that the site does not know.
    fn page_problems(&self, page: &content::Page, nowhere: &HashSet<&str>) -> Vec<Error> {
        let mut problems = Vec::new();
        let links = &self.linked[page.path.as_str()].rendered.internal_links;
        let broken: Vec<&InternalLink> = links.iter().filter(|link| nowhere.contains(link.path.as_str())).collect();
        if !broken.is_empty() {
            // Located in the file, read again only here: the renderer does not keep offsets.
            let body = page.read_body(self.root).unwrap_or_default();
            problems.extend(broken.into_iter().map(|link| self.broken_link(page, &body, link).into()));
        }
        for slug in &page.meta.officials {
            if self.registry.get(slug.trim()).is_none() {
                problems.push(
                    Diagnostic::new(
                        &page.file,
                        format!(
                            "front-matter: unknown official `{slug}`: expected the name of a file in content/officials/"
                        ),
                    )
                    .into(),
                );
            }
        }
        for slug in &page.meta.missions {
            if self.missions.get(&slug.trim().to_lowercase()).is_none() {
                problems.push(
                    Diagnostic::new(
                        &page.file,
                        format!("front-matter: unknown mission `{slug}`: expected a mission's slug, like `untac` (data/peace-operations.csv or content/missions/)"),
                    )
                    .into(),
                );
            }
        }
        for key in &page.meta.resolutions {
            match ResolutionId::parse(key) {
                None => problems.push(
                    Diagnostic::new(
                        &page.file,
                        format!(
                            "front-matter: `{key}` is not a resolution: expected a number and year like \"2553 (2020)\""
                        ),
                    )
                    .into(),
                ),
                Some(id) => {
                    if let Some(r) = self.data.catalogue.get(id.number)
                        && r.year != id.year
                    {
                        problems.push(
                            Diagnostic::new(
                                &page.file,
                                format!(
                                    "front-matter: resolution {} was adopted in {}, not {}",
                                    id.number, r.year, id.year
                                ),
                            )
                            .into(),
                        );
                    }
                }
            }
        }
        problems
    }

    /// A link that goes nowhere, located where the page wrote it. A link to a Markdown file
    /// (`b.md`, as editors write for GitHub or mdBook) is told the URL of the page that file makes.
    fn broken_link(&self, page: &content::Page, body: &str, link: &InternalLink) -> Diagnostic {
        let (written, path) = (link.written(), link.path.as_str());
        let shown = if written == path { format!("`{written}`") } else { format!("`{written}` ({path})") };
        let mut message = format!("link to {shown} goes nowhere: no page has that URL");
        let file = written.split(['#', '?']).next().unwrap_or_default();
        if file.ends_with(".md") {
            let from = if file.starts_with('/') {
                Path::new(content::CONTENT_DIR).join(file.trim_start_matches('/'))
            } else {
                page.file.parent().unwrap_or(Path::new("")).join(file)
            };
            let from = normalize(&from);
            if let Some(target) = self.content.pages.iter().find(|p| p.file == from) {
                message.push_str(&format!("; {} is the page at {}: link to that", target.file.display(), target.path));
            }
        }
        let diagnostic = Diagnostic::new(&page.file, message);
        let found = [format!("]({written}"), format!("](<{written}"), format!("]: {written}"), format!("<{written}>")]
            .iter()
            .find_map(|needle| body.find(needle.as_str()).map(|at| at + needle.len() - written.len()));
        match found {
            Some(at) => {
                let before = &body[..at];
                let line = page.body_line + before.matches('\n').count();
                let col = before.rsplit('\n').next().unwrap_or_default().chars().count() + 1;
                diagnostic.at(line, col)
            }
            None => diagnostic,
        }
    }

    /// What `check` and `build` point out without failing: citations that cannot be on their
    /// page's date, and catalogue rows that disagree with themselves.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings = self.data.catalogue.warnings.clone();
        for (page, entity) in &self.index.anachronisms {
            let page = &self.content.pages[*page];
            let date = page.meta.date.map(|d| d.long()).unwrap_or_default();
            let what = match entity {
                Entity::Resolution(id) => {
                    let adopted = self.data.catalogue.get(id.number).and_then(|r| r.adopted);
                    let when = adopted.map_or_else(|| id.year.to_string(), |d| d.long());
                    format!("resolution {id} was adopted on {when}, after this page's date ({date})")
                }
                Entity::Mission(slug) => {
                    let (label, since) = self.missions.get(slug).map_or((slug.to_uppercase(), None), |m| {
                        (m.label().to_string(), m.existed_from(&self.data.catalogue))
                    });
                    let since = since.map(|d| format!(" (from {})", d.long())).unwrap_or_default();
                    format!("{label} did not exist yet on this page's date ({date}){since}")
                }
                other => format!("{other} is not known on this page's date ({date})"),
            };
            warnings.push(format!(
                "{}: {what}: not linked; if the text does cite it, fix `date`, else add \"{}\" to `not_mentions`",
                page.file.display(),
                entity.key()
            ));
        }
        warnings
    }
}

/// `a/./b/../c` as `a/c`, without touching the disk (the file a link names need not exist).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
