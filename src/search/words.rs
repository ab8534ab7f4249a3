//! A page's words as the index and `search.js` read them: folded, and stemmed in its language.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

pub(super) fn stemmer(language: &str) -> Option<Stemmer> {
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
pub(super) fn stem(stemmer: Option<&Stemmer>, language: &str, word: &str) -> String {
    if word.chars().any(|c| c.is_numeric()) {
        return word.to_string();
    }
    match stemmer {
        Some(s) => format!("{language}:{}", s.stem(word)),
        None => format!("{language}:{word}"),
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
}
