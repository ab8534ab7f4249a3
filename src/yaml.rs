//! Every YAML read and write in the project goes through here, so the YAML crate is a one-file
//! decision. Errors come back as [`Diagnostic`]s located in the user's file, not in the YAML
//! fragment we handed the parser.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::Diagnostic;

/// A Markdown file split into its YAML front-matter and its body.
#[derive(Debug, Clone, Copy)]
pub struct FrontMatter<'a> {
    pub yaml: &'a str,
    /// 1-based line of the file on which `yaml` starts.
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based line of the file on which `body` starts.
    pub body_line: usize,
}

/// Splits `---\n<yaml>\n---\n<body>`. The opening fence must be the first line.
pub fn split_front_matter<'a>(path: &Path, text: &'a str) -> Result<FrontMatter<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text.strip_prefix("---").and_then(|r| r.strip_prefix('\n').or_else(|| r.strip_prefix("\r\n")))
    else {
        return Err(Diagnostic::new(
            path,
            "expected front-matter: the file must start with a line `---`, then YAML, then a closing `---`",
        )
        .at(1, 1));
    };
    let mut offset = 0;
    for (index, raw) in rest.split_inclusive('\n').enumerate() {
        if raw.trim_end_matches(['\r', '\n']) == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + raw.len()..];
            // Line 1 is the opening fence, so the YAML's line `index` is the file's line `index + 2`.
            return Ok(FrontMatter { yaml, yaml_line: 2, body, body_line: index + 3 });
        }
        offset += raw.len();
    }
    Err(Diagnostic::new(path, "front-matter is not closed: expected a line `---` after the YAML").at(1, 1))
}

static AT_LINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r" at line \d+ column \d+$").expect("static regex"));
static BACKTICKED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"`([^`]*)`").expect("static regex"));
static UNKNOWN_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[\w.\[\]]+: )?unknown field `([^`]*)`, expected (?:one of )?(.*)$").expect("static regex")
});

/// Parses `yaml` (which starts on line `first_line` of `path`) into `T`.
///
/// `what` names the document for messages ("front-matter", "site.yaml").
pub fn parse<T: DeserializeOwned>(path: &Path, yaml: &str, first_line: usize, what: &str) -> Result<T, Diagnostic> {
    // An empty document is an empty mapping, so a missing required key is reported as such.
    let source = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_yaml::from_str(source).map_err(|err| {
        let raw = err.to_string();
        let message = AT_LINE.replace(&raw, "").into_owned();
        let message = explain(&message);
        let mut diag = Diagnostic::new(path, format!("{what}: {message}"));
        if let Some(loc) = err.location() {
            diag = diag.at(loc.line() + first_line - 1, loc.column());
        } else {
            diag = diag.at(first_line, 1);
        }
        diag
    })
}

/// Turns serde's wording into an editor's: suggests the closest known key for a typo.
fn explain(message: &str) -> String {
    if let Some(caps) = UNKNOWN_FIELD.captures(message) {
        let unknown = &caps[1];
        let known: Vec<&str> =
            BACKTICKED.captures_iter(&caps[2]).filter_map(|c| c.get(1)).map(|m| m.as_str()).collect();
        let closest = known
            .iter()
            .map(|k| (strsim::jaro_winkler(unknown, k), *k))
            .filter(|(score, _)| *score > 0.7)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        return match closest {
            Some((_, k)) => format!("unknown key `{unknown}`: did you mean `{k}`?"),
            None => format!("unknown key `{unknown}`: expected one of {}", known.join(", ")),
        };
    }
    message.to_string()
}

/// Serializes `value` as YAML (for files we write: imported pages, scaffolds).
pub fn to_string<T: Serialize>(value: &T) -> String {
    // Serializing plain data structs to YAML cannot fail; a failure would be a bug in our types.
    serde_yaml::to_string(value).expect("front-matter types serialize to YAML")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Fm {
        title: String,
        #[serde(default)]
        draft: bool,
    }

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let fm = split_front_matter(Path::new("x.md"), "---\ntitle: a\n---\nbody\n").unwrap();
        assert_eq!(fm.yaml, "title: a\n");
        assert_eq!(fm.body, "body\n");
        assert_eq!(fm.body_line, 4);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let err = split_front_matter(Path::new("x.md"), "---\ntitle: a\n").unwrap_err();
        assert!(err.to_string().contains("not closed"), "{err}");
    }

    #[test]
    fn type_error_points_into_the_file() {
        let err = parse::<Fm>(Path::new("x.md"), "title: a\ndraft: maybe\n", 2, "front-matter").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert_eq!(err.col, Some(8), "{err}");
    }

    #[test]
    fn unknown_key_suggests_the_closest() {
        let err = parse::<Fm>(Path::new("x.md"), "tilte: a\n", 2, "front-matter").unwrap_err();
        assert!(err.message.contains("unknown key `tilte`: did you mean `title`?"), "{err}");
        assert_eq!(err.line, Some(2));
    }
}
