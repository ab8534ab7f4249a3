//! Templates: Tera 2, loaded from the theme (`themes/<theme>/templates/`), with the site's own
//! `templates/` overriding the theme file by file. The theme's templates are also known by their
//! theme's name (`handbook/page.html`, through Tera's fallback prefixes), so a site's `page.html`
//! can extend the theme's and change one block. Errors point at the template file the editor has
//! open, with line and column.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use tera::{Context, Tera};
use walkdir::WalkDir;

use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};

/// Templates every theme must provide.
pub const REQUIRED_TEMPLATES: &[&str] = &["index.html", "page.html", "section.html", "404.html"];

pub struct Templates {
    tera: Tera,
    /// `handbook/`: the name prefix of the theme's templates.
    prefix: String,
    /// Template name → its source, for working out what a template edit touches.
    sources: HashMap<String, String>,
    /// Template name → the file it came from, relative to the site root.
    files: HashMap<String, PathBuf>,
}

impl Templates {
    /// Loads the theme's templates, then the site's overrides.
    pub fn load(root: &Path, config: &Config) -> Result<Templates> {
        let theme_dir = config.theme_dir(root);
        if !theme_dir.is_dir() {
            let available = list_themes(root);
            let hint = if available.is_empty() {
                "no themes/ folder here: copy one in, or start from `handbook new DIR`".to_string()
            } else {
                format!("available: {}", available.join(", "))
            };
            let line = config.line_of("theme");
            return Err(Diagnostic::new(
                "site.yaml",
                format!(
                    "theme `{}` not found: expected a folder themes/{}/templates ({hint})",
                    config.theme, config.theme
                ),
            )
            .at(line, 1)
            .into());
        }
        // The theme's templates go by `<theme>/<name>`; a name the site does not define falls
        // back to the theme's.
        let prefix = format!("{}/", config.theme);
        let mut theme = Vec::new();
        collect_templates(root, &theme_dir.join("templates"), &mut theme)?;
        let mut by_name: HashMap<String, PathBuf> =
            theme.into_iter().map(|(name, file)| (format!("{prefix}{name}"), file)).collect();
        let mut site = Vec::new();
        collect_templates(root, &root.join("templates"), &mut site)?;
        by_name.extend(site);
        let mut texts = Vec::with_capacity(by_name.len());
        for (name, rel) in &by_name {
            let text = std::fs::read_to_string(root.join(rel)).map_err(|e| Error::io(rel, e))?;
            texts.push((name.clone(), text));
        }
        let mut tera = Tera::new();
        tera.set_fallback_prefixes([prefix.clone()])
            .map_err(|e| Error::Msg(format!("internal: template prefixes: {e}")))?;
        tera.add_raw_templates(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| template_error(&e, &by_name, None))?;
        let templates = Templates { tera, prefix, files: by_name, sources: texts.into_iter().collect() };
        for name in REQUIRED_TEMPLATES {
            if !templates.has(name) {
                return Err(Diagnostic::new(
                    theme_dir.strip_prefix(root).unwrap_or(&theme_dir).join("templates"),
                    format!(
                        "theme is missing the template `{name}`: every theme needs {}",
                        REQUIRED_TEMPLATES.join(", ")
                    ),
                )
                .into());
            }
        }
        Ok(templates)
    }

    /// Whether `name` is a template of the site's or, under the theme's prefix, of the theme's.
    pub fn has(&self, name: &str) -> bool {
        self.resolve(name).is_some()
    }

    /// The template `name` stands for: the site's own, or else the theme's (`handbook/name`).
    fn resolve<'a>(&'a self, name: &'a str) -> Option<&'a str> {
        if self.sources.contains_key(name) {
            return Some(name);
        }
        let prefixed = format!("{}{name}", self.prefix);
        self.sources.get_key_value(&prefixed).map(|(k, _)| k.as_str())
    }

    /// Values every template sees (`site`, `config`).
    pub fn set_global(&mut self, key: &'static str, value: tera::Value) {
        self.tera.global_context().insert_value(key, value);
    }

    /// Renders `name`; `page` names what was being rendered, for the error message.
    pub fn render(&self, name: &str, context: &Context, page: &str) -> Result<String> {
        self.tera.render(name, context).map_err(|e| template_error(&e, &self.files, Some(page)))
    }

    /// A fingerprint per template name covering its own source and every template it extends or
    /// includes, so an edit re-renders exactly the pages whose templates it touches. A template that
    /// defines components may be used from anywhere, so it counts for every template.
    pub fn fingerprints(&self) -> HashMap<String, u64> {
        use std::hash::{Hash, Hasher};
        static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r#"\{%-?\s*(?:extends|include|import)\s+["']([^"']+)["']"#).expect("static regex")
        });
        let mut shared = std::collections::hash_map::DefaultHasher::new();
        let mut component_sources: Vec<&String> =
            self.sources.iter().filter(|(_, s)| s.contains("{% component")).map(|(n, _)| n).collect();
        component_sources.sort();
        for name in component_sources {
            self.sources[name].hash(&mut shared);
        }
        let shared = shared.finish();
        let mut out = HashMap::new();
        // Every name a job may ask for: each template's own, and the theme's without its prefix.
        let names: std::collections::BTreeSet<&str> =
            self.sources.keys().flat_map(|n| [n.as_str(), n.strip_prefix(self.prefix.as_str()).unwrap_or(n)]).collect();
        for name in names {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            shared.hash(&mut hasher);
            let mut stack = vec![name];
            let mut seen = std::collections::HashSet::new();
            while let Some(asked) = stack.pop() {
                let Some(current) = self.resolve(asked) else { continue };
                if !seen.insert(current) {
                    continue;
                }
                current.hash(&mut hasher);
                if let Some(source) = self.sources.get(current) {
                    source.hash(&mut hasher);
                    let mut deps: Vec<&str> =
                        REFERENCE.captures_iter(source).filter_map(|c| c.get(1)).map(|m| m.as_str()).collect();
                    deps.sort();
                    stack.extend(deps);
                }
            }
            out.insert(name.to_string(), hasher.finish());
        }
        out
    }
}

fn list_themes(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("themes"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    names.sort();
    names
}

fn collect_templates(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::Msg(format!("{}: cannot read: {e}", dir.display())))?;
        if !entry.file_type().is_file() || entry.file_name().to_str().is_some_and(|n| n.starts_with('.')) {
            continue;
        }
        let name = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let name = name.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path()).to_path_buf();
        out.push((name, rel));
    }
    Ok(())
}

static REPORT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^error: (.*)\n\s*--> (.+?):(\d+):(\d+)\s*$").expect("static regex"));

/// Turns a Tera error into diagnostics located in template files.
fn template_error(err: &tera::Error, files: &HashMap<String, PathBuf>, page: Option<&str>) -> Error {
    let suffix = page.map(|p| format!(" (while rendering {p})")).unwrap_or_default();
    let file_of = |name: &str| files.get(name).cloned().unwrap_or_else(|| PathBuf::from(name));
    match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            Diagnostic::new(file_of(report.filename()), format!("template: {}{suffix}", report.message()))
                .at(span.start_line, span.start_col + 1)
                .into()
        }
        _ => {
            let text = err.to_string();
            let found: Vec<Error> = REPORT
                .captures_iter(&text)
                .map(|c| {
                    let line = c[3].parse().unwrap_or(1);
                    let col = c[4].parse().unwrap_or(1);
                    Diagnostic::new(file_of(&c[2]), format!("template: {}{suffix}", &c[1])).at(line, col).into()
                })
                .collect();
            if found.is_empty() {
                let mut message = format!("template: {text}{suffix}");
                let mut source = std::error::Error::source(err);
                while let Some(s) = source {
                    message.push_str(&format!(": {s}"));
                    source = s.source();
                }
                // Errors Tera gives no place for (a circular include) still name the template:
                // say which file that is.
                let named = files.keys().filter(|name| text.contains(&format!("'{name}'"))).min_by_key(|n| n.len());
                match named {
                    Some(name) => Diagnostic::new(file_of(name), message).into(),
                    None => Error::Msg(message),
                }
            } else {
                Error::from_list(found).err().unwrap_or(Error::Msg(text))
            }
        }
    }
}
