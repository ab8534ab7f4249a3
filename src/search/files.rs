//! The index's files: stems, BM25-scored postings, the dictionary, the pages' facets and facts,
//! and the entry file that names every chunk.

use std::collections::BTreeMap;
use std::hash::{BuildHasher, Hasher};

use ahash::AHashMap as HashMap;
use rust_stemmers::Stemmer;
use serde::Serialize;

use super::words::{stem, stemmer};
use super::{B, CHUNK_BYTES, DIR, Doc, FACETS, Inner, K1, META_CHUNK};

impl Inner {
    /// Returns whether every file was written (`false`: `interrupted` said to stop first).
    pub(super) fn write<E>(
        &self,
        words: &[Box<str>],
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
                    languages.push((language, stemmer(language), vec![u32::MAX; words.len()]));
                    languages.len() - 1
                }
            };
            doc_language.push(l);
            let (_, stemmer, table) = &mut languages[l];
            for (word, _) in doc.words.iter() {
                let slot = &mut table[word as usize];
                if *slot == u32::MAX {
                    let text = stem(stemmer.as_ref(), language, &words[word as usize]);
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
        let mut dictionary: Vec<(&str, Vec<u32>)> = Vec::new();
        for (id, word) in words.iter().enumerate() {
            let mut stems: Vec<u32> = languages
                .iter()
                .filter_map(|(_, _, table)| table.get(id).filter(|&&s| s != u32::MAX).map(|&s| rank[s as usize]))
                .collect();
            if !stems.is_empty() {
                stems.sort_unstable();
                stems.dedup();
                dictionary.push((word, stems));
            }
        }
        dictionary.sort_unstable_by(|a, b| a.0.cmp(b.0));
        if interrupted() {
            return Ok(false);
        }
        let mut word_starts: Vec<&str> = Vec::new();
        let mut chunk: Vec<(&str, Vec<u32>)> = Vec::new();
        let mut size = 0;
        for (word, stems) in dictionary {
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
        for (word, weight) in doc.words.iter() {
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
