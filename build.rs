//! `handbook new` embeds the default theme (`include_dir!`), which does not tell Cargo to rebuild
//! when a theme file is added or removed: say so here, folder by folder.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    for entry in walkdir::WalkDir::new("themes/handbook").into_iter().flatten() {
        println!("cargo::rerun-if-changed={}", entry.path().display());
    }
}
