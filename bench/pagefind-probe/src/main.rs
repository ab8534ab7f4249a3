//! How long pagefind (as a library) takes, and how much memory it needs, to index a handbook's
//! documents as custom records: the figures behind BENCHMARKS.md's "why not pagefind".
//!
//! `pagefind-probe DIR [CHARS]` adds every Markdown file under DIR (front-matter dropped, the body
//! cut to CHARS characters if given), then builds the index in memory with `get_files`, printing
//! the time and peak resident memory after each step and the index's files by kind.

use std::collections::BTreeMap;
use std::time::Instant;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn peak_memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().filter(|l| l.starts_with("VmHWM") || l.starts_with("VmRSS")).collect::<Vec<_>>().join(" ")
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: pagefind-probe DIR [CHARS]");
    let cap: usize = args.next().map(|s| s.parse().expect("CHARS: a number")).unwrap_or(usize::MAX);
    let started = Instant::now();
    let config = pagefind::options::PagefindServiceConfig::builder().keep_index_url(true).build();
    let mut index = pagefind::api::PagefindIndex::new(Some(config)).expect("a pagefind index");
    let (mut records, mut bytes) = (0, 0);
    for entry in walkdir::WalkDir::new(&dir).into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("a UTF-8 file");
        let body: String = text.splitn(3, "---").nth(2).unwrap_or("").chars().take(cap).collect();
        bytes += body.len();
        let meta = BTreeMap::from([("title".to_string(), entry.file_name().to_string_lossy().to_string())]);
        let filters = BTreeMap::from([("kind".to_string(), vec!["news".to_string()])]);
        index
            .add_custom_record(format!("/documents/{records}/"), body, "en".into(), Some(meta), Some(filters), None)
            .await
            .expect("a record added");
        records += 1;
    }
    eprintln!("added {records} records ({bytes} bytes) in {:.1?}; {}", started.elapsed(), peak_memory());
    let files = index.get_files().await.expect("the index built");
    eprintln!("get_files done at {:.1?}; {}; {} files", started.elapsed(), peak_memory(), files.len());
    let mut kinds: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for file in &files {
        let name = file.filename.to_string_lossy().to_string();
        let kind = match name.split_once('/') {
            Some((folder, _)) => folder.to_string(),
            None => name.rsplit('.').next().unwrap_or("").to_string(),
        };
        let entry = kinds.entry(kind).or_default();
        entry.0 += 1;
        entry.1 += file.contents.len();
    }
    for (kind, (count, size)) in kinds {
        eprintln!("  {kind}: {count} files, {size} bytes");
    }
}
