//! The search index: every searchable page becomes a [`Record`], and the records become a set of
//! small JSON files under `search/` that the theme's `search.js` loads in chunks, only when a
//! visitor searches (see the theme README for the format).
//!
//! Why not pagefind: indexing the 10,000-document bench handbook with pagefind 1.6 as a library
//! took 23 s and peaked at 2.7 GB (the build itself: 5 s, 250 MB), most of it gzip at level 9 and
//! the per-page data it keeps; BENCHMARKS.md has the figures. This index keeps, per page, only
//! which words it has and how much (about 2 bytes a word of text), and takes excerpts from the
//! result pages themselves, which the browser fetches (and then has cached when a result is opened).
//!
//! Words are folded (accents off, lowercase), stemmed in the page's language (Snowball, through
//! rust-stemmers) and scored with BM25 at build time; the browser folds the query the same way and
//! looks each word up in a sorted dictionary (prefixes too), which maps it to stems.

mod files;
mod packed;
mod words;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::{Mutex, RwLock};

use ahash::AHashMap as HashMap;

use packed::PackedWords;

pub use words::for_each_word;

/// The folder under the output the index is written to.
pub const DIR: &str = "search";
/// Weight of a word in a record's `keys` (title, symbol, names) against one in its text.
const KEY_WEIGHT: u32 = 8;
/// Target size of a dictionary or postings chunk: a query loads one or two per word.
const CHUNK_BYTES: usize = 24 * 1024;
/// Pages per metadata chunk (about 20 KB).
const META_CHUNK: usize = 48;
/// BM25's parameters, as usual.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// The facets results can be narrowed by, as the browser names them.
const FACETS: [&str; 4] = ["type", "kind", "year", "language"];

/// One searchable page, as the site model describes it.
#[derive(Debug, Clone)]
pub struct Record {
    /// Its URL, with the base path (`/sub/documents/x/`).
    pub url: String,
    pub title: String,
    /// What it is, for the result list and the `type` filter: "Document", "Resolution", …
    pub entity_type: &'static str,
    /// The kind of document ("Report"), or the entity type again.
    pub kind: String,
    /// `3 December 2020`.
    pub date: Option<String>,
    pub year: Option<i32>,
    /// ISO 639-1 code of the text (`en`, `es`, `fr`): which stemmer reads it.
    pub language: String,
    /// Title, symbols, names: weighted above the text.
    pub keys: String,
    /// The text, as HTML (tags and entities are skipped while reading words).
    pub html: String,
    /// A line about it, shown under the result until (or instead of) an excerpt of the page.
    pub description: String,
}

/// A record reduced to what the index needs: its facts and its words with their weight.
#[derive(Debug, Clone)]
struct Doc {
    url: String,
    title: String,
    description: String,
    entity_type: &'static str,
    kind: String,
    date: Option<String>,
    year: Option<i32>,
    language: String,
    /// Word ids (into `Inner::words`) and each one's weight. Their order does not matter: the
    /// files are written in the order of the words' text.
    words: PackedWords,
    /// Sum of the weights: BM25's document length.
    length: u32,
}

/// The search index of a site, filled record by record (in parallel: the methods take `&self`).
#[derive(Default)]
pub struct Index {
    /// Every word met, read by every page being indexed at once and written only for words new
    /// to it.
    vocabulary: RwLock<Vocabulary>,
    inner: Mutex<Inner>,
}

/// Folded words and their ids; a word never leaves (a page edited in `serve` may drop one: only
/// the words some page has are written).
#[derive(Default)]
struct Vocabulary {
    words: Vec<Box<str>>,
    ids: HashMap<Box<str>, u32>,
}

impl Vocabulary {
    fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.push(word.into());
        self.ids.insert(word.into(), id);
        id
    }
}

thread_local! {
    /// Kept from page to page for their allocations.
    static PAGE_WORDS: RefCell<PageWords> = RefCell::default();
}

/// One page's words while it is indexed.
#[derive(Default)]
struct PageWords {
    /// Each word id's count.
    counts: HashMap<u32, u32>,
    /// Where the counts are packed before they are copied out to size (kept for its allocation).
    packed: Vec<u8>,
    /// Words new to the index, and their count, until the index gives them ids.
    new: HashMap<Box<str>, u32>,
}

#[derive(Default)]
struct Inner {
    /// By URL: the order of the files written, so the same pages give the same bytes.
    docs: BTreeMap<String, Doc>,
}

/// A file of the index: path under the output (`search/index.json`) and bytes.
pub type File = (String, Vec<u8>);

impl Index {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a record, replacing any with the same URL.
    pub fn insert(&self, record: Record) {
        PAGE_WORDS.with_borrow_mut(|PageWords { counts, new, packed }| {
            // Counted by id under a read lock, which every page being indexed shares.
            if let Ok(vocabulary) = self.vocabulary.read() {
                let mut count = |w: &str, n: u32| match vocabulary.ids.get(w) {
                    Some(&id) => *counts.entry(id).or_default() += n,
                    None => match new.get_mut(w) {
                        Some(c) => *c += n,
                        None => {
                            new.insert(w.into(), n);
                        }
                    },
                };
                for_each_word(&record.keys, false, |w| count(w, KEY_WEIGHT));
                for_each_word(&record.html, true, |w| count(w, 1));
            }
            if !new.is_empty()
                && let Ok(mut vocabulary) = self.vocabulary.write()
            {
                for (word, n) in new.drain() {
                    *counts.entry(vocabulary.intern(&word)).or_default() += n;
                }
            }
            let length = counts.values().sum();
            let words =
                PackedWords::pack(counts.drain().map(|(id, n)| (id, n.min(u32::from(u16::MAX)) as u16)), packed);
            let doc = Doc {
                url: record.url,
                title: record.title,
                description: clip(&record.description, 200),
                entity_type: record.entity_type,
                kind: record.kind,
                date: record.date,
                year: record.year,
                language: record.language,
                words,
                length,
            };
            if let Ok(mut inner) = self.inner.lock() {
                inner.docs.insert(doc.url.clone(), doc);
            }
        });
    }

    /// Forgets the record with this URL (a page deleted in `serve`).
    pub fn remove(&self, url: &str) {
        if let Ok(mut inner) = self.inner.lock() {
            inner.docs.remove(url);
        }
    }

    /// The URLs indexed, in order.
    pub fn urls(&self) -> Vec<String> {
        self.inner.lock().map(|i| i.docs.keys().cloned().collect()).unwrap_or_default()
    }

    /// Every file of the index.
    pub fn files(&self) -> Vec<File> {
        self.files_unless(&|| false).unwrap_or_default()
    }

    /// Every file of the index, or `None` if `interrupted` said to stop (it is asked every few
    /// hundred pages): `serve` gives up writing the index when an edit comes in meanwhile.
    pub fn files_unless(&self, interrupted: &dyn Fn() -> bool) -> Option<Vec<File>> {
        let (Ok(inner), Ok(vocabulary)) = (self.inner.lock(), self.vocabulary.read()) else { return Some(Vec::new()) };
        let mut files = Vec::new();
        let written: Result<bool, std::convert::Infallible> =
            inner.write(&vocabulary.words, interrupted, |path, bytes| {
                files.push((path, bytes));
                Ok(())
            });
        let Ok(complete) = written;
        complete.then_some(files)
    }

    /// Hands every file of the index to `emit`, one at a time; with `drain`, the index is emptied
    /// as it goes (a one-shot build needs it no more, and memory peaks while it is written).
    pub fn write<E>(&self, drain: bool, emit: impl FnMut(String, Vec<u8>) -> Result<(), E>) -> Result<(), E> {
        let written = if drain {
            let (Ok(mut inner), Ok(mut vocabulary)) = (self.inner.lock(), self.vocabulary.write()) else {
                return Ok(());
            };
            let (taken, words) = (std::mem::take(&mut *inner), std::mem::take(&mut *vocabulary));
            drop((inner, vocabulary));
            taken.write(&words.words, &|| false, emit)
        } else {
            let (Ok(inner), Ok(vocabulary)) = (self.inner.lock(), self.vocabulary.read()) else { return Ok(()) };
            inner.write(&vocabulary.words, &|| false, emit)
        };
        written.map(|_| ())
    }
}

/// Whether an output path (`search/p/3.json`) is a file of the index.
pub fn is_index_file(path: &str) -> bool {
    path.strip_prefix(DIR).is_some_and(|rest| rest.starts_with('/') && rest.ends_with(".json"))
}

/// `text` on one line, at most about `max` chars, cut at a word with "…".
pub fn clip(text: &str, max: usize) -> String {
    crate::text::shorten(&text.split_whitespace().collect::<Vec<_>>().join(" "), max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(url: &str, title: &str, html: &str, language: &str) -> Record {
        Record {
            url: url.into(),
            title: title.into(),
            entity_type: "Document",
            kind: "Report".into(),
            date: Some("1 May 2020".into()),
            year: Some(2020),
            language: language.into(),
            keys: title.into(),
            html: html.into(),
            description: String::new(),
        }
    }

    /// A word's stem ids, from the (here only) dictionary chunk.
    fn stems_of(files: &[File], word: &str) -> Option<serde_json::Value> {
        let dictionary = file(files, "search/w/0.json");
        dictionary.as_array()?.iter().find(|e| e[0] == word).map(|e| e[1].clone())
    }

    fn file(files: &[File], path: &str) -> serde_json::Value {
        let bytes = &files.iter().find(|(p, _)| p == path).unwrap_or_else(|| panic!("no {path}")).1;
        serde_json::from_slice(bytes).expect("valid JSON")
    }

    #[test]
    fn the_files_map_words_to_stems_to_pages_in_their_language() {
        let index = Index::new();
        index.insert(record("/b/", "Elections", "<p>The elections were held.</p>", "en"));
        index.insert(record("/a/", "Misiones", "<p>Las misiones de paz.</p>", "es"));
        index.insert(record("/b/", "Elections", "<p>The election was held.</p>", "en"));
        let files = index.files();
        let entry = file(&files, "search/index.json");
        assert_eq!(entry["pages"], 2);
        assert_eq!(
            entry["facets"]["language"],
            serde_json::json!([["English", 1], ["Spanish", 1]]),
            "by count, then name"
        );
        let meta = file(&files, "search/m/0.json");
        assert_eq!(meta[0][0], "/a/", "pages in URL order");
        // "elections" (title) and "election" (text) share a stem.
        let stems = |w: &str| stems_of(&files, w);
        assert!(stems("election").is_some());
        assert_eq!(stems("elections"), stems("election"));
        assert!(stems("misiones").is_some());
        assert_eq!(stems("elecciones"), None);
        // "were" is gone with the first version of /b/: only words some page has now.
        assert_eq!(stems("were"), None);
        assert!(stems("was").is_some());
        let postings = file(&files, "search/p/0.json");
        let election = stems("election").unwrap()[0].as_u64().unwrap() as usize;
        // Page 1 (/b/) has it: the gap from page 0 is 1.
        assert_eq!(postings[election][0], 1);
        // "Elections" in its title and "election" in its text are one entry, their weights added.
        assert_eq!(postings[election].as_array().map(Vec::len), Some(2), "{}", postings[election]);
    }

    #[test]
    fn spanish_and_french_words_are_stemmed_in_their_language() {
        let index = Index::new();
        index.insert(record("/es/", "Carta", "<p>Las misiones de paz.</p>", "es"));
        index.insert(record("/es2/", "Otra", "<p>La misión.</p>", "es"));
        index.insert(record("/fr/", "Lettre", "<p>Les opérations de maintien de la paix.</p>", "fr"));
        index.insert(record("/fr2/", "Autre", "<p>Une opération.</p>", "fr"));
        let files = index.files();
        let stems = |w: &str| stems_of(&files, w);
        assert!(stems("misiones").is_some() && stems("operations").is_some());
        assert_eq!(stems("misiones"), stems("mision"));
        assert_eq!(stems("operations"), stems("operation"));
    }

    #[test]
    fn an_interrupted_write_gives_no_files_and_an_uninterrupted_one_all() {
        let index = Index::new();
        index.insert(record("/a/", "Peacekeeping", "<p>Blue helmets in Abyei.</p>", "en"));
        assert_eq!(index.files_unless(&|| true), None);
        assert_eq!(index.files_unless(&|| false), Some(index.files()));
        assert!(index.files().iter().any(|(path, _)| path == "search/index.json"));
    }

    #[test]
    fn the_same_records_give_the_same_bytes_in_any_order() {
        let (a, b) = (Index::new(), Index::new());
        let records: Vec<Record> = (0..50)
            .map(|i| record(&format!("/d/{i}/"), &format!("Doc {i}"), "<p>peace operations</p>", "en"))
            .collect();
        for r in &records {
            a.insert(r.clone());
        }
        for r in records.iter().rev() {
            b.insert(r.clone());
        }
        assert_eq!(a.files(), b.files());
    }
}
