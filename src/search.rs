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

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use ahash::AHashMap as HashMap;
use rust_stemmers::{Algorithm, Stemmer};
use serde::Serialize;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

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
    /// Word ids (into `Inner::words`) and each one's weight: two arrays, 6 bytes a word. Their
    /// order does not matter: the files are written in the order of the words' text.
    word_ids: Vec<u32>,
    weights: Vec<u16>,
    /// Sum of the weights: BM25's document length.
    length: u32,
}

/// The search index of a site, filled record by record (in parallel: the methods take `&self`).
#[derive(Default)]
pub struct Index {
    inner: Mutex<Inner>,
}

/// Tells the word ids of one index (and of one life of it: a drained index starts again) from
/// another's, for the threads' own copies of them.
static GENERATIONS: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// Each thread's copy of the word ids it has met, for the index of that generation: a page's
    /// words are counted by id with no lock and no allocation for a word the thread has seen.
    static KNOWN_WORDS: RefCell<KnownWords> = RefCell::default();
}

#[derive(Default)]
struct KnownWords {
    generation: u64,
    ids: HashMap<Box<str>, u32>,
    /// One page's count of each word id, kept for its allocation.
    counts: HashMap<u32, u32>,
    /// Words new to this thread, with their count on the page, until the index gives them ids.
    new: HashMap<Box<str>, u32>,
}

struct Inner {
    generation: u64,
    /// Folded words and their ids; a word never leaves (a page edited in `serve` may drop one:
    /// only the words some page has are written).
    words: Vec<Box<str>>,
    word_ids: HashMap<Box<str>, u32>,
    /// By URL: the order of the files written, so the same pages give the same bytes.
    docs: BTreeMap<String, Doc>,
}

impl Default for Inner {
    fn default() -> Self {
        Inner {
            generation: GENERATIONS.fetch_add(1, Ordering::Relaxed),
            words: Vec::new(),
            word_ids: HashMap::new(),
            docs: BTreeMap::new(),
        }
    }
}

/// A file of the index: path under the output (`search/index.json`) and bytes.
pub type File = (String, Vec<u8>);

impl Index {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a record, replacing any with the same URL.
    pub fn insert(&self, record: Record) {
        let Some(generation) = self.inner.lock().ok().map(|inner| inner.generation) else { return };
        KNOWN_WORDS.with_borrow_mut(|known| {
            if known.generation != generation {
                known.ids.clear();
                known.generation = generation;
            }
            let KnownWords { ids, counts, new, .. } = known;
            let mut count = |w: &str, n: u32| match ids.get(w) {
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
            let description = clip(&record.description, 200);
            let Ok(mut inner) = self.inner.lock() else { return };
            if inner.generation != generation {
                // Drained while this page was read: the ids counted are another index's.
                counts.clear();
                new.clear();
                return;
            }
            for (word, n) in new.drain() {
                let id = inner.intern(&word);
                ids.insert(word, id);
                *counts.entry(id).or_default() += n;
            }
            let length = counts.values().sum();
            let (word_ids, weights) = counts.drain().map(|(id, n)| (id, n.min(u32::from(u16::MAX)) as u16)).unzip();
            let doc = Doc {
                url: record.url,
                title: record.title,
                description,
                entity_type: record.entity_type,
                kind: record.kind,
                date: record.date,
                year: record.year,
                language: record.language,
                word_ids,
                weights,
                length,
            };
            inner.docs.insert(doc.url.clone(), doc);
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
        let Ok(inner) = self.inner.lock() else { return Some(Vec::new()) };
        let mut files = Vec::new();
        let written: Result<bool, std::convert::Infallible> = inner.write(interrupted, |path, bytes| {
            files.push((path, bytes));
            Ok(())
        });
        let Ok(complete) = written;
        complete.then_some(files)
    }

    /// Hands every file of the index to `emit`, one at a time; with `drain`, the index is emptied
    /// as it goes (a one-shot build needs it no more, and memory peaks while it is written).
    pub fn write<E>(&self, drain: bool, emit: impl FnMut(String, Vec<u8>) -> Result<(), E>) -> Result<(), E> {
        let Ok(mut inner) = self.inner.lock() else { return Ok(()) };
        let written = if drain {
            let taken = std::mem::take(&mut *inner);
            drop(inner);
            taken.write(&|| false, emit)
        } else {
            inner.write(&|| false, emit)
        };
        written.map(|_| ())
    }
}

impl Inner {
    fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.word_ids.get(word) {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.push(word.into());
        self.word_ids.insert(word.into(), id);
        id
    }

    /// Returns whether every file was written (`false`: `interrupted` said to stop first).
    fn write<E>(
        &self,
        interrupted: &dyn Fn() -> bool,
        mut sink: impl FnMut(String, Vec<u8>) -> Result<(), E>,
    ) -> Result<bool, E> {
        // Asked between pages, in the two passes over them that take most of the time.
        const ASK_EVERY: usize = 256;
        let docs: Vec<&Doc> = self.docs.values().collect();
        let n = docs.len() as f64;
        let average = (docs.iter().map(|d| d.length as f64).sum::<f64>() / n.max(1.0)).max(1.0);

        // Stems: a word in a page's language ("es:mision"); anything with a digit (numbers,
        // symbols) is its own stem in every language, so "2553" is one entry. Dense tables by
        // word id, one per language: a word is stemmed once per language it is used in.
        let mut languages: Vec<(&str, Option<Stemmer>, Vec<u32>)> = Vec::new();
        let mut stem_index: HashMap<String, u32> = HashMap::new();
        let mut stem_texts: Vec<String> = Vec::new();
        let mut df: Vec<u32> = Vec::new();
        let mut doc_language: Vec<usize> = Vec::with_capacity(docs.len());
        let mut stem_weights = StemWeights::default();
        for (d, doc) in docs.iter().enumerate() {
            if d % ASK_EVERY == 0 && interrupted() {
                return Ok(false);
            }
            let language = if doc.language.is_empty() { "en" } else { doc.language.as_str() };
            let l = match languages.iter().position(|(code, _, _)| *code == language) {
                Some(l) => l,
                None => {
                    languages.push((language, stemmer(language), vec![u32::MAX; self.words.len()]));
                    languages.len() - 1
                }
            };
            doc_language.push(l);
            let (_, stemmer, table) = &mut languages[l];
            for &word in &doc.word_ids {
                let slot = &mut table[word as usize];
                if *slot == u32::MAX {
                    let text = stem(stemmer.as_ref(), language, &self.words[word as usize]);
                    *slot = *stem_index.entry(text).or_insert_with_key(|s| {
                        stem_texts.push(s.clone());
                        df.push(0);
                        stem_texts.len() as u32 - 1
                    });
                }
            }
            for &(stem, _) in stem_weights.of(doc, table) {
                df[stem as usize] += 1;
            }
        }
        // Stems are written in sorted order, so ids do not depend on which page came first.
        let mut order: Vec<u32> = (0..stem_texts.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| stem_texts[a as usize].cmp(&stem_texts[b as usize]));
        let mut rank = vec![0u32; order.len()];
        for (r, &s) in order.iter().enumerate() {
            rank[s as usize] = r as u32;
        }
        // Postings, all in two flat arrays (page, score) by stem rank: a page's score for a stem
        // is BM25's, ×100 and rounded, so the browser only adds them up.
        let mut start = vec![0usize; order.len() + 1];
        for &s in &order {
            start[rank[s as usize] as usize + 1] = df[s as usize] as usize;
        }
        for r in 0..order.len() {
            start[r + 1] += start[r];
        }
        let mut fill = start.clone();
        let total = start[order.len()];
        // Scores are at most about 2,000 (BM25 is bounded by idf × (K1 + 1)): two bytes each.
        let (mut post_docs, mut post_scores) = (vec![0u32; total], vec![0u16; total]);
        for (d, doc) in docs.iter().enumerate() {
            if d % ASK_EVERY == 0 && interrupted() {
                return Ok(false);
            }
            let norm = K1 * (1.0 - B + B * doc.length as f64 / average);
            let table = &languages[doc_language[d]].2;
            for &(s, weight) in stem_weights.of(doc, table) {
                let df = df[s as usize] as f64;
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                let tf = f64::from(weight);
                let score = idf * tf * (K1 + 1.0) / (tf + norm);
                let r = rank[s as usize] as usize;
                post_docs[fill[r]] = d as u32;
                post_scores[fill[r]] = ((score * 100.0).round() as u16).max(1);
                fill[r] += 1;
            }
        }
        let mut version = ahash::RandomState::with_seeds(1, 2, 3, 4).build_hasher();
        let mut emit = |path: String, bytes: Vec<u8>| {
            version.write(path.as_bytes());
            version.write(&bytes);
            sink(path, bytes)
        };

        let mut posting_starts = Vec::new();
        let mut chunk = String::from("[");
        let mut numbers = itoa::Buffer::new();
        for r in 0..order.len() {
            // The passes after the two over pages are asked too, less often: an edit should not
            // wait for the whole of the tail either (it was up to ~100 ms at 10,000 pages).
            if r % (ASK_EVERY * 16) == 0 && interrupted() {
                return Ok(false);
            }
            if chunk.len() > CHUNK_BYTES {
                chunk.push(']');
                emit(format!("{DIR}/p/{}.json", posting_starts.len() - 1), std::mem::take(&mut chunk).into_bytes())?;
                chunk.push('[');
            }
            if chunk.len() == 1 {
                posting_starts.push(r as u32);
            } else {
                chunk.push(',');
            }
            chunk.push('[');
            let mut previous = 0;
            for k in start[r]..start[r + 1] {
                if k > start[r] {
                    chunk.push(',');
                }
                chunk.push_str(numbers.format(post_docs[k] - previous));
                chunk.push(',');
                chunk.push_str(numbers.format(post_scores[k]));
                previous = post_docs[k];
            }
            chunk.push(']');
        }
        if chunk.len() > 1 {
            chunk.push(']');
            emit(format!("{DIR}/p/{}.json", posting_starts.len() - 1), chunk.into_bytes())?;
        }
        drop((post_docs, post_scores));

        // The dictionary: sorted words, each with its stems' ids; the index names each chunk's
        // first word, so a word (or a prefix) is looked up in one or two chunks. Only words some
        // page has now are written (`serve` keeps words an edit removed).
        let mut words: Vec<(&str, Vec<u32>)> = Vec::new();
        for (id, word) in self.words.iter().enumerate() {
            let mut stems: Vec<u32> = languages
                .iter()
                .filter_map(|(_, _, table)| table.get(id).filter(|&&s| s != u32::MAX).map(|&s| rank[s as usize]))
                .collect();
            if !stems.is_empty() {
                stems.sort_unstable();
                stems.dedup();
                words.push((word, stems));
            }
        }
        words.sort_unstable_by(|a, b| a.0.cmp(b.0));
        if interrupted() {
            return Ok(false);
        }
        let mut word_starts: Vec<&str> = Vec::new();
        let mut chunk: Vec<(&str, Vec<u32>)> = Vec::new();
        let mut size = 0;
        for (word, stems) in words {
            size += word.len() + 8 * stems.len() + 6;
            chunk.push((word, stems));
            if size > CHUNK_BYTES {
                flush_words(&mut chunk, &mut emit, &mut word_starts)?;
                size = 0;
            }
        }
        flush_words(&mut chunk, &mut emit, &mut word_starts)?;
        if interrupted() {
            return Ok(false);
        }

        // Facets: each value with its count, and for each page the index of its value, one char
        // per page (a page's filters cost four bytes, so a first query can load them all).
        let mut facets: BTreeMap<&str, FacetColumn> = FacetColumn::all();
        for doc in &docs {
            let year = doc.year.map(|y| y.to_string()).unwrap_or_default();
            for (facet, value) in [
                ("type", doc.entity_type),
                ("kind", doc.kind.as_str()),
                ("year", year.as_str()),
                ("language", language_name(&doc.language)),
            ] {
                if let Some(column) = facets.get_mut(facet) {
                    column.push(value);
                }
            }
        }
        for (name, column) in &mut facets {
            column.sort(*name == "year");
        }
        let columns: BTreeMap<&str, String> = facets.iter().map(|(k, f)| (*k, f.column())).collect();
        emit(format!("{DIR}/docs.json"), json(&columns))?;

        for (i, group) in docs.chunks(META_CHUNK).enumerate() {
            let rows: Vec<(&str, &str, &str, &str, &str)> = group
                .iter()
                .map(|d| {
                    let date = d.date.as_deref().unwrap_or("");
                    (d.url.as_str(), d.title.as_str(), d.kind.as_str(), date, d.description.as_str())
                })
                .collect();
            emit(format!("{DIR}/m/{i}.json"), json(&rows))?;
        }

        let values: BTreeMap<&str, Vec<(&str, usize)>> = facets.iter().map(|(k, f)| (*k, f.counts())).collect();
        let entry = Entry {
            version: format!("{:016x}", version.finish()),
            pages: docs.len(),
            meta_chunk: META_CHUNK,
            words: word_starts,
            postings: posting_starts,
            facets: values,
        };
        sink(format!("{DIR}/index.json"), json(&entry))?;
        Ok(true)
    }
}

/// A page's stems and each one's weight: the words that share a stem ("reform", "reforms") add
/// up. Summed in a dense array by stem id rather than by sorting the page's words (sorting was a
/// third of writing the index); the stems come in the order the page first uses them.
#[derive(Default)]
struct StemWeights {
    /// By stem id: the page's weight so far, 0 for stems it does not have (a word weighs at least 1).
    sums: Vec<u32>,
    stems: Vec<(u32, u32)>,
}

impl StemWeights {
    fn of(&mut self, doc: &Doc, table: &[u32]) -> &[(u32, u32)] {
        self.stems.clear();
        for (&word, &weight) in doc.word_ids.iter().zip(&doc.weights) {
            let stem = table[word as usize];
            // Every word of the page was given a stem before its weights are summed.
            debug_assert_ne!(stem, u32::MAX, "a word without a stem");
            let slot = stem as usize;
            if slot >= self.sums.len() {
                self.sums.resize(slot + 1, 0);
            }
            if self.sums[slot] == 0 {
                self.stems.push((stem, 0));
            }
            self.sums[slot] += u32::from(weight).max(1);
        }
        for (stem, weight) in &mut self.stems {
            *weight = std::mem::take(&mut self.sums[*stem as usize]);
        }
        &self.stems
    }
}

/// Writes a dictionary chunk and notes its first word.
fn flush_words<'a, E>(
    chunk: &mut Vec<(&'a str, Vec<u32>)>,
    emit: &mut impl FnMut(String, Vec<u8>) -> Result<(), E>,
    starts: &mut Vec<&'a str>,
) -> Result<(), E> {
    if let Some(&(word, _)) = chunk.first() {
        starts.push(word);
        emit(format!("{DIR}/w/{}.json", starts.len() - 1), json(&*chunk))?;
        chunk.clear();
    }
    Ok(())
}

#[derive(Serialize)]
struct Entry<'a> {
    /// Changes with any file: chunks are fetched with it, so a browser never mixes two builds.
    version: String,
    pages: usize,
    meta_chunk: usize,
    /// The first word of each dictionary chunk.
    words: Vec<&'a str>,
    /// The first stem id of each postings chunk.
    postings: Vec<u32>,
    facets: BTreeMap<&'a str, Vec<(&'a str, usize)>>,
}

/// One facet: its values in order of first use, and each page's value as one char.
#[derive(Default)]
struct FacetColumn {
    values: Vec<(String, usize)>,
    column: Vec<usize>,
}

/// The chars a page's facet value is written as: 64 values are plenty (types, kinds, languages)
/// except for years, which have a char of their own beyond them.
fn facet_char(i: usize) -> char {
    const DIGITS: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
    match DIGITS.get(i) {
        Some(&c) => c as char,
        None => char::from_u32(0xC0 + i as u32).unwrap_or('?'),
    }
}

impl FacetColumn {
    fn all() -> BTreeMap<&'static str, FacetColumn> {
        FACETS.iter().map(|f| (*f, FacetColumn::default())).collect()
    }

    fn push(&mut self, value: &str) {
        let i = match self.values.iter().position(|(v, _)| v == value) {
            Some(i) => i,
            None => {
                self.values.push((value.to_string(), 0));
                self.values.len() - 1
            }
        };
        self.values[i].1 += 1;
        self.column.push(i);
    }

    /// Puts the values in the order a visitor reads them: years newest first, the rest by count.
    fn sort(&mut self, years: bool) {
        let mut order: Vec<usize> = (0..self.values.len()).collect();
        if years {
            order.sort_by(|&a, &b| self.values[b].0.cmp(&self.values[a].0));
        } else {
            order.sort_by(|&a, &b| {
                self.values[b].1.cmp(&self.values[a].1).then(self.values[a].0.cmp(&self.values[b].0))
            });
        }
        let mut rank = vec![0; order.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i] = r;
        }
        self.values = order.iter().map(|&i| self.values[i].clone()).collect();
        for i in &mut self.column {
            *i = rank[*i];
        }
    }

    fn column(&self) -> String {
        self.column.iter().map(|&i| facet_char(i)).collect()
    }

    fn counts(&self) -> Vec<(&str, usize)> {
        self.values.iter().map(|(v, n)| (v.as_str(), *n)).collect()
    }
}

fn json<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

fn stemmer(language: &str) -> Option<Stemmer> {
    let algorithm = match language.split('-').next().unwrap_or("") {
        "en" => Algorithm::English,
        "es" => Algorithm::Spanish,
        "fr" => Algorithm::French,
        "pt" => Algorithm::Portuguese,
        "de" => Algorithm::German,
        "it" => Algorithm::Italian,
        "ru" => Algorithm::Russian,
        "ar" => Algorithm::Arabic,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// A word's stem: `language:stem` for words, the word itself for anything with a digit (numbers,
/// symbols), which reads the same in every language.
fn stem(stemmer: Option<&Stemmer>, language: &str, word: &str) -> String {
    if word.chars().any(|c| c.is_numeric()) {
        return word.to_string();
    }
    match stemmer {
        Some(s) => format!("{language}:{}", s.stem(word)),
        None => format!("{language}:{word}"),
    }
}

/// The language's name, for the `language` filter.
fn language_name(code: &str) -> &str {
    match code {
        "en" | "" => "English",
        "es" => "Spanish",
        "fr" => "French",
        "ar" => "Arabic",
        "ru" => "Russian",
        "zh" => "Chinese",
        "pt" => "Portuguese",
        other => other,
    }
}

/// Calls `f` with every folded word of `text`, in order: runs of letters and digits, accents off,
/// lowercase; and for each white-space-separated piece with a `/` and a digit (a UN symbol,
/// "S/PRST/2007/3"), its letters and digits joined ("sprst20073"), so a symbol is one word.
/// With `html`, tags are skipped and entities read as a separator. `search.js` folds a query
/// with the same rules.
///
/// Read byte by byte where the text is ASCII (a run of ASCII letters and digits is copied at
/// once), char by char elsewhere: most of a page's text is ASCII, and this is most of indexing.
pub fn for_each_word(text: &str, html: bool, mut f: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut words = Words { word: String::new(), piece: String::new(), slash: false, digit: false };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                words.digit |= bytes[i].is_ascii_digit();
                i += 1;
            }
            let at = words.word.len();
            words.word.push_str(&text[start..i]);
            words.word[at..].make_ascii_lowercase();
            continue;
        }
        if b.is_ascii() {
            i += 1;
            match b {
                b'<' if html => {
                    i = memchr::memchr(b'>', &bytes[i..]).map_or(bytes.len(), |end| i + end + 1);
                    words.end_piece(&mut f);
                }
                b'&' if html => {
                    // An entity ends at `;` (a bare `&` is text, as in "AT&T", which the Markdown
                    // renderer escapes anyway).
                    let near = &bytes[i..bytes.len().min(i + 11)];
                    if let Some(end) = memchr::memchr(b';', near) {
                        i += end + 1;
                    }
                    words.end_piece(&mut f);
                }
                _ if char::from(b).is_whitespace() => words.end_piece(&mut f),
                _ => {
                    words.slash |= b == b'/';
                    words.end_word(&mut f);
                }
            }
            continue;
        }
        let Some(c) = text[i..].chars().next() else { break };
        i += c.len_utf8();
        if c.is_whitespace() {
            words.end_piece(&mut f);
            continue;
        }
        let mut alnum = false;
        decompose_canonical(c, |d| {
            if !is_combining_mark(d) && d.is_alphanumeric() {
                alnum = true;
                for l in d.to_lowercase() {
                    words.word.push(l);
                    words.digit |= l.is_numeric();
                }
            }
        });
        if !alnum {
            words.end_word(&mut f);
        }
    }
    words.end_piece(&mut f);
}

/// The word and the white-space-separated piece being read, and whether the piece has a `/` and
/// a digit.
struct Words {
    word: String,
    piece: String,
    slash: bool,
    digit: bool,
}

impl Words {
    fn end_word(&mut self, f: &mut impl FnMut(&str)) {
        if !self.word.is_empty() {
            f(&self.word);
            self.piece.push_str(&self.word);
            self.word.clear();
        }
    }

    fn end_piece(&mut self, f: &mut impl FnMut(&str)) {
        self.end_word(f);
        if self.slash && self.digit && self.piece.len() > 1 {
            f(&self.piece);
        }
        self.piece.clear();
        self.slash = false;
        self.digit = false;
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

    /// The index's first reader, char by char: the byte reader must find what it finds.
    fn for_each_word_by_char(text: &str, html: bool, mut f: impl FnMut(&str)) {
        let mut word = String::new();
        let mut piece = String::new();
        let mut piece_has_slash = false;
        let mut piece_has_digit = false;
        let mut chars = text.chars();
        let emit_piece = |piece: &mut String, slash: &mut bool, digit: &mut bool, f: &mut dyn FnMut(&str)| {
            if *slash && *digit && piece.len() > 1 {
                f(piece);
            }
            piece.clear();
            *slash = false;
            *digit = false;
        };
        while let Some(c) = chars.next() {
            let separator = if html && c == '<' {
                for c in chars.by_ref() {
                    if c == '>' {
                        break;
                    }
                }
                true
            } else if html && c == '&' {
                // An entity ends at `;` (a bare `&` is text, as in "AT&T", which the Markdown
                // renderer escapes anyway).
                let rest = chars.as_str();
                if let Some(end) = rest.find(';').filter(|&e| e <= 10) {
                    chars = rest[end + 1..].chars();
                }
                true
            } else if c.is_whitespace() {
                true
            } else {
                if c == '/' {
                    piece_has_slash = true;
                }
                let mut alnum = false;
                if c.is_ascii() {
                    if c.is_ascii_alphanumeric() {
                        word.push(c.to_ascii_lowercase());
                        piece_has_digit |= c.is_ascii_digit();
                        continue;
                    }
                } else {
                    decompose_canonical(c, |d| {
                        if !is_combining_mark(d) && d.is_alphanumeric() {
                            alnum = true;
                            for l in d.to_lowercase() {
                                word.push(l);
                                piece_has_digit |= l.is_numeric();
                            }
                        }
                    });
                }
                if !alnum {
                    if !word.is_empty() {
                        f(&word);
                        piece.push_str(&word);
                        word.clear();
                    }
                    continue;
                }
                false
            };
            if separator {
                if !word.is_empty() {
                    f(&word);
                    piece.push_str(&word);
                    word.clear();
                }
                emit_piece(&mut piece, &mut piece_has_slash, &mut piece_has_digit, &mut f);
            }
        }
        if !word.is_empty() {
            f(&word);
            piece.push_str(&word);
        }
        emit_piece(&mut piece, &mut piece_has_slash, &mut piece_has_digit, &mut f);
    }

    proptest::proptest! {
        /// Reading bytes where the text is ASCII finds the words reading chars finds.
        #[test]
        fn the_byte_reader_finds_the_words_the_char_reader_finds(
            text in "([a-zA-Z0-9]{1,6}|S/PRST/2007/3|[ \\t\\n\\x0b/.,;:()\\-]|<[a-z /]{0,5}>?|&[a-z#0-9]{0,12};?|[éÉçñÑœ²½’\\u{a0}\\u{2003}\\u{0301}]|İ|ǅ){0,40}",
            html: bool,
        ) {
            let mut by_char = Vec::new();
            for_each_word_by_char(&text, html, |w| by_char.push(w.to_string()));
            proptest::prop_assert_eq!(words(&text, html), by_char);
        }
    }

    fn words(text: &str, html: bool) -> Vec<String> {
        let mut out = Vec::new();
        for_each_word(text, html, |w| out.push(w.to_string()));
        out
    }

    #[test]
    fn words_are_folded_and_symbols_are_one_word_too() {
        assert_eq!(
            words("António Guterres, Secretary-General", false),
            ["antonio", "guterres", "secretary", "general"]
        );
        assert_eq!(words("see S/PRST/2007/3.", false), ["see", "s", "prst", "2007", "3", "sprst20073"]);
        assert_eq!(words("and/or", false), ["and", "or"]);
        assert_eq!(words("<p>AT&amp;T <a href=\"/x/\">José</a></p>", true), ["at", "t", "jose"]);
        assert_eq!(words("Misión de Estabilización", false), ["mision", "de", "estabilizacion"]);
    }

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
