//! `handbook new DIR`: an empty handbook that builds at once. The default theme, the resolutions
//! catalogue and the peace operations list are embedded in the binary, so this works far from the
//! repository.

use std::fs;
use std::path::Path;

use include_dir::{Dir, include_dir};

use crate::error::{Error, Result};

static THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/handbook");

pub fn new_site(dir: &Path) -> Result<()> {
    if dir.exists() && fs::read_dir(dir).map_err(|e| Error::io(dir, e))?.next().is_some() {
        return Err(Error::Msg(format!(
            "{}: already exists and is not empty: choose a new folder name, so nothing of yours is overwritten",
            dir.display()
        )));
    }
    let title = dir
        .file_name()
        .and_then(|n| n.to_str())
        .map(|n| n.replace(['-', '_'], " "))
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "Handbook".to_string());
    let files: Vec<(&str, String)> = vec![
        (
            "site.yaml",
            format!(
                "title: {}\ndescription: A reference handbook on UN peace operations\nbase_url: /\nlanguage: en\ntheme: handbook\n",
                serde_json::to_string(&title).unwrap_or_else(|_| "\"Handbook\"".into())
            ),
        ),
        ("content/_index.md", "---\ntitle: Home\n---\nWelcome to the handbook.\n".to_string()),
        ("content/documents/_index.md", "---\ntitle: Documents\n---\n".to_string()),
        ("content/officials/_index.md", "---\ntitle: Officials\n---\n".to_string()),
        ("seeds/.gitkeep", String::new()),
        (crate::entities::CATALOGUE_FILE, crate::entities::BUILT_IN_CATALOGUE.to_string()),
        (crate::entities::MISSIONS_FILE, crate::entities::BUILT_IN_MISSIONS.to_string()),
        (crate::entities::VOTES_FILE, crate::entities::BUILT_IN_VOTES.to_string()),
        (crate::entities::MEMBERS_FILE, crate::entities::BUILT_IN_MEMBERS.to_string()),
        (crate::entities::NAMES_FILE, crate::entities::BUILT_IN_NAMES.to_string()),
        (crate::entities::AGENDA_FILE, crate::entities::BUILT_IN_AGENDA.to_string()),
        (".gitignore", "/public\n".to_string()),
    ];
    for (rel, text) in files {
        write(&dir.join(rel), text.as_bytes())?;
    }
    extract(&THEME, &dir.join("themes/handbook"))?;
    Ok(())
}

fn extract(tree: &Dir<'_>, dest: &Path) -> Result<()> {
    for file in tree.files() {
        write(&dest.join(file.path()), file.contents())?;
    }
    for sub in tree.dirs() {
        extract(sub, dest)?;
    }
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    fs::write(path, bytes).map_err(|e| Error::io(path, e))
}
