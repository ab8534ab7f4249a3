//! Folding text for matching: accents off ("António" ~ "Antonio"), hyphens and runs of white space
//! as one space ("Secretary-General" ~ "Secretary General"), typographic apostrophes as `'`.
//!
//! Folding works char by char into a small buffer, so a page is never copied: the recognizer feeds
//! the folded bytes straight into its automaton and keeps, for each byte, where its char was.

/// Bytes one char folds to: at most 4 (a UTF-8 char left as it is).
pub(crate) struct Folded {
    buf: [u8; 4],
    len: u8,
}

impl Folded {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len as usize]
    }

    /// True when the char is a separator (white space or a hyphen), folded to one space.
    pub(crate) fn is_space(&self) -> bool {
        self.len == 1 && self.buf[0] == b' '
    }

    fn ascii(bytes: &[u8]) -> Folded {
        let mut buf = [0; 4];
        buf[..bytes.len()].copy_from_slice(bytes);
        Folded { buf, len: bytes.len() as u8 }
    }

    fn char(c: char) -> Folded {
        let mut buf = [0; 4];
        let len = c.encode_utf8(&mut buf).len();
        Folded { buf, len: len as u8 }
    }
}

/// Base letters of U+00C0..=U+00FF; `*` marks chars that are not letters (×, ÷), and the few
/// ligatures are handled before the table is read.
const LATIN1: &[u8; 64] = b"AAAAAAACEEEEIIIIDNOOOOO*OUUUUYTsaaaaaaaceeeeiiiidnooooo*ouuuuyty";
/// Base letters of U+0100..=U+017F (Latin Extended-A).
const LATIN_EXT_A: &[u8; 128] =
    b"AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";

/// How ASCII folds for matching: lowercase, with `-` and white space as one space.
pub(crate) const ASCII_FOLD: [u8; 128] = ascii_table(true);
const ASCII_FOLD_KEEP_CASE: [u8; 128] = ascii_table(false);

const fn ascii_table(lower: bool) -> [u8; 128] {
    let mut table = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        table[i] = match b {
            b'-' | b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => b' ',
            b'A'..=b'Z' if lower => b + 32,
            _ => b,
        };
        i += 1;
    }
    table
}

/// True for the combining diacritical marks of decomposed text (NFD), which folding drops.
pub(crate) fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// Folds one char. `lower` also lowercases (used for matching); without it the case is kept
/// (used to check that a name's capitals are as written).
#[inline]
pub(crate) fn fold_char(c: char, lower: bool) -> Folded {
    let out = |upper: &[u8], low: &[u8]| Folded::ascii(if lower { low } else { upper });
    match c {
        c if c.is_ascii() => {
            let b = c as u8;
            return Folded::ascii(&[if lower { ASCII_FOLD[b as usize] } else { ASCII_FOLD_KEEP_CASE[b as usize] }]);
        }
        '\u{2010}' | '\u{2011}' => return Folded::ascii(b" "),
        '\u{2019}' | '\u{2018}' | '\u{02bc}' => return Folded::ascii(b"'"),
        c if c.is_whitespace() => return Folded::ascii(b" "),
        c if is_combining(c) => return Folded { buf: [0; 4], len: 0 },
        'Æ' => return out(b"AE", b"ae"),
        'æ' => return out(b"ae", b"ae"),
        'Œ' => return out(b"OE", b"oe"),
        'œ' => return out(b"oe", b"oe"),
        'Ĳ' => return out(b"IJ", b"ij"),
        'ĳ' => return out(b"ij", b"ij"),
        'Þ' => return out(b"TH", b"th"),
        'þ' => return out(b"th", b"th"),
        'ß' => return out(b"ss", b"ss"),
        _ => {}
    }
    let code = c as u32;
    let base = match code {
        0xC0..=0xFF => LATIN1[(code - 0xC0) as usize],
        0x100..=0x17F => LATIN_EXT_A[(code - 0x100) as usize],
        // Beyond Latin-1 and Latin Extended-A (Romanian ș ț, Vietnamese ạ ế, …): the base letter
        // of the canonical decomposition, where it is ASCII.
        _ => decomposed_base(c).unwrap_or(b'*'),
    };
    if base != b'*' {
        return Folded::ascii(&[if lower { base.to_ascii_lowercase() } else { base }]);
    }
    if lower {
        let mut lowered = c.to_lowercase();
        if let (Some(l), None) = (lowered.next(), lowered.next()) {
            return Folded::char(l);
        }
    }
    Folded::char(c)
}

/// The ASCII letter a char decomposes to (NFD) before its combining marks, if it does.
fn decomposed_base(c: char) -> Option<u8> {
    let mut first = None;
    unicode_normalization::char::decompose_canonical(c, |d| {
        first.get_or_insert(d);
    });
    first.filter(|b| b.is_ascii_alphabetic() && *b != c).map(|b| b as u8)
}

/// The folded form of a whole string, white space collapsed and trimmed: how patterns are stored.
pub(crate) fn fold_str(text: &str, lower: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let f = fold_char(c, lower);
        if f.is_space() {
            if out.last().is_some_and(|&b| b != b' ') {
                out.push(b' ');
            }
        } else {
            out.extend_from_slice(f.as_bytes());
        }
    }
    while out.last() == Some(&b' ') {
        out.pop();
    }
    out
}

/// True when `text` folds (case kept) to exactly `folded`: "Antonio Guterres" and
/// "António Guterres" are the same name, "guterres" is not "Guterres". Allocation-free.
pub(crate) fn same_folded(text: &str, folded: &[u8]) -> bool {
    let mut rest = folded;
    let mut last_space = true;
    for c in text.chars() {
        let f = fold_char(c, false);
        if f.is_space() {
            if last_space {
                continue;
            }
            last_space = true;
        } else if f.as_bytes().is_empty() {
            continue;
        } else {
            last_space = false;
        }
        let bytes = f.as_bytes();
        match rest.strip_prefix(bytes) {
            Some(r) => rest = r,
            None => return false,
        }
    }
    rest.is_empty()
}

/// ASCII-folded, lowercased, as a `String` (for comparing short words).
pub(crate) fn fold_lower(text: &str) -> String {
    String::from_utf8(fold_str(text, true)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_and_separators() {
        assert_eq!(fold_str("António  Guterres", true), b"antonio guterres");
        assert_eq!(fold_str("Secretary-General", true), b"secretary general");
        assert_eq!(fold_str("Secrétaire\u{a0}général", true), b"secretaire general");
        assert_eq!(fold_str("Óscar Fernández-Taranco", false), b"Oscar Fernandez Taranco");
        assert_eq!(fold_str("Łódź Œuvre straße", true), b"lodz oeuvre strasse");
        assert_eq!(fold_str("Guterres’s", true), b"guterres's");
        assert_eq!(fold_str("Ж", true), "ж".as_bytes());
        // Decomposed accents (NFD) fold like composed ones.
        assert_eq!(fold_str("Anto\u{301}nio", true), b"antonio");
        // Beyond Latin Extended-A: Romanian and Vietnamese letters.
        assert_eq!(fold_str("Ștefan Țiriac", true), b"stefan tiriac");
        assert_eq!(fold_str("Nguyễn Tấn Dũng", false), b"Nguyen Tan Dung");
    }

    #[test]
    fn same_folded_keeps_case() {
        assert!(same_folded("Antonio Guterres", b"Antonio Guterres"));
        assert!(same_folded("António\nGuterres", b"Antonio Guterres"));
        assert!(!same_folded("antonio guterres", b"Antonio Guterres"));
        assert!(!same_folded("Antonio Guterre", b"Antonio Guterres"));
    }

    #[test]
    fn tables_line_up() {
        assert_eq!(fold_str("ÀÅÇÑØÝÿ", false), b"AACNOYy");
        assert_eq!(fold_str("ĀāĆčĎđĘěĞģĦĩİıĵķĹłŃňŌőŔřŚšŢťŨųŴŷŸŹž", false), b"AaCcDdEeGgHiIijkLlNnOoRrSsTtUuWyYZz");
    }
}
