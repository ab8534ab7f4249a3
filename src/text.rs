//! Sentences of running text: where one ends, for the summary import writes and for the sentence
//! around a mention that an entity's page shows. One rule for both, so a page's summary and its
//! backlinks agree on what a sentence is.

/// Words whose full stop does not end a sentence (before a name, a number or a year, mostly).
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "St", "Sr", "Sra", "Srta", "M", "Mme", "Mlle", "Messrs", "Jr", "Gen", "Lt",
    "Col", "Maj", "Capt", "Cdr", "Adm", "Brig", "Sgt", "Amb", "Rev", "Hon", "Sen", "Rep", "Gov", "Fr", "No", "Nos",
    "Art", "Arts", "Para", "para", "paras", "op", "cf", "vs", "approx", "Distr", "Jan", "Feb", "Mar", "Apr", "Jun",
    "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
];

/// If the terminator `c` at byte `i` of `text` ends a sentence, where that sentence ends: after any
/// closing quotes or brackets, before white space or the end of the text. A full stop ends none
/// after an abbreviation ("Mr."), an initial ("Jeffrey D. Feltman"), a dotted acronym ("U.N."),
/// or before a lowercase word ("e.g. the"). With `semicolons`, a semicolon ends one too (the
/// clauses of a resolution's paragraph).
pub fn sentence_end(text: &str, i: usize, c: char, semicolons: bool) -> Option<usize> {
    let terminator = matches!(c, '.' | '?' | '!') || (semicolons && c == ';');
    if !terminator {
        return None;
    }
    let after = &text[i + c.len_utf8()..];
    let closed = after.trim_start_matches(['"', '\'', '”', '’', '»', ')', ']']);
    let end = text.len() - closed.len();
    if closed.starts_with(|n: char| !n.is_whitespace()) {
        return None;
    }
    if c == '.' {
        let before = &text[..i];
        let word = &before[before.trim_end_matches(|w: char| w.is_alphabetic() || w == '.').len()..];
        let mut letters = word.chars();
        let initial = matches!((letters.next(), letters.next()), (Some(l), None) if l.is_uppercase());
        if initial
            || word.contains('.')
            || ABBREVIATIONS.contains(&word)
            || closed.trim_start().starts_with(char::is_lowercase)
        {
            return None;
        }
    }
    Some(end)
}

/// Cuts `text` to at most `max` characters at a word boundary, marking the cut with "…".
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) => &cut[..i],
        None => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// `word` with its first letter in upper case.
pub fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The first sentence of `text`, trimmed.
pub fn first_sentence(text: &str) -> &str {
    let end = text.char_indices().find_map(|(i, c)| sentence_end(text, i, c, false)).unwrap_or(text.len());
    text[..end].trim()
}

/// The sentence of `text` that holds `range`, white space collapsed, cut to a readable length
/// around the mention.
pub fn sentence_around(text: &str, range: std::ops::Range<usize>) -> String {
    quote(text, SentenceEnds::new(text).span(&range), range).0
}

/// Where every sentence of a block of text ends (semicolons included, as for a mention's
/// sentence): found in one pass, so that a block with many mentions is not scanned once for each.
pub struct SentenceEnds {
    /// Each terminator's byte index and the end of its sentence, in order. Both grow together: a
    /// sentence ends only before white space, so the next terminator comes after that end.
    ends: Vec<(usize, usize)>,
    len: usize,
}

impl SentenceEnds {
    pub fn new(text: &str) -> Self {
        let ends = text.char_indices().filter_map(|(i, c)| sentence_end(text, i, c, true).map(|e| (i, e))).collect();
        SentenceEnds { ends, len: text.len() }
    }

    /// The span of the sentence that holds `range`: from the end of the last sentence that ends
    /// before it to the end of the first that ends after it.
    pub fn span(&self, range: &std::ops::Range<usize>) -> std::ops::Range<usize> {
        let before = self.ends.partition_point(|&(_, end)| end <= range.start);
        let start = before.checked_sub(1).map_or(0, |b| self.ends[b].1);
        let after = self.ends.partition_point(|&(i, _)| i < range.end);
        let end = self.ends.get(after).map_or(self.len, |&(_, end)| end);
        start..end
    }
}

/// The sentence `span` of `text`, white space collapsed; if longer than a backlink shows, a
/// window of it around `range`. Says whether it is whole (then any mention in it quotes the same).
pub fn quote(text: &str, span: std::ops::Range<usize>, range: std::ops::Range<usize>) -> (String, bool) {
    const MAX: usize = 320;
    let sentence = collapse_white_space(&text[span.clone()]);
    let length = sentence.chars().count();
    if length <= MAX {
        return (sentence, true);
    }
    // Keep the mention in view: a window around it.
    let mention_at = collapse_white_space(&text[span.start..range.start.max(span.start)]).chars().count();
    let from = mention_at.saturating_sub(MAX / 2);
    let window: String = sentence.chars().skip(from).take(MAX).collect();
    let prefix = if from > 0 { "…" } else { "" };
    let suffix = if from + MAX < length { "…" } else { "" };
    (format!("{prefix}{}{suffix}", window.trim()), false)
}

/// `text`'s words joined by single spaces.
fn collapse_white_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Text that was UTF-8 read as Latin-1 and saved again ("Peopleâ\u{80}\u{99}s"), as data
/// copied between tools often is: made UTF-8 again where that reading works, and stripped of the
/// C1 control characters HTML forbids where it does not.
pub fn mend_mojibake(text: &str) -> std::borrow::Cow<'_, str> {
    let is_c1 = |c: char| ('\u{80}'..='\u{9f}').contains(&c);
    if !text.chars().any(is_c1) {
        return text.into();
    }
    let latin1: Option<Vec<u8>> = text.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect();
    if let Some(mended) = latin1.and_then(|bytes| String::from_utf8(bytes).ok())
        && !mended.chars().any(is_c1)
    {
        return mended.into();
    }
    text.chars().filter(|c| !is_c1(*c)).collect::<String>().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_initials_and_acronyms_do_not_end_a_sentence() {
        assert_eq!(
            first_sentence("Mr. Ban spoke in Washington, D.C. today. Then he left."),
            "Mr. Ban spoke in Washington, D.C. today."
        );
        assert_eq!(first_sentence("He said “it works.” Then left."), "He said “it works.”");
        assert_eq!(
            first_sentence("Jeffrey D. Feltman met M. Dupont on 3 Oct. 2017. Later."),
            "Jeffrey D. Feltman met M. Dupont on 3 Oct. 2017."
        );
        assert_eq!(first_sentence("See e.g. the report. Then."), "See e.g. the report.");
        assert_eq!(first_sentence("No full stop"), "No full stop");
    }

    #[test]
    fn the_sentence_around_a_mention() {
        let text = "First one. The Council met Mr. Guterres; it adopted a text. Last.";
        let at = text.find("Guterres").unwrap();
        assert_eq!(sentence_around(text, at..at + 8), "The Council met Mr. Guterres;");
        let long = format!("{} Guterres {}.", "word ".repeat(100), "word ".repeat(100));
        let at = long.find("Guterres").unwrap();
        let s = sentence_around(&long, at..at + 8);
        assert!(s.starts_with('…') && s.ends_with('…') && s.contains("Guterres"), "{s}");
    }

    /// The first reader of a mention's sentence: scanning back and forth from the mention, which
    /// the sentence ends found once must agree with.
    fn span_by_scan(text: &str, range: &std::ops::Range<usize>) -> std::ops::Range<usize> {
        let start = text[..range.start]
            .char_indices()
            .rev()
            .find_map(|(i, c)| sentence_end(text, i, c, true).filter(|&e| e <= range.start))
            .unwrap_or(0);
        let end = text[range.end..]
            .char_indices()
            .find_map(|(i, c)| sentence_end(text, range.end + i, c, true))
            .unwrap_or(text.len());
        start..end
    }

    proptest::proptest! {
        /// A block's sentence ends, found once, give every mention the sentence a scan from the
        /// mention finds.
        #[test]
        fn sentence_ends_found_once_quote_what_a_scan_quotes(
            words in proptest::collection::vec("(Mr\\.|U\\.N\\.|e\\.g\\.|the|Council|A|2553|\\.|;|!|\\?|\\.”|\\)\\.|é)", 0..60),
            spaces in proptest::collection::vec("( |  |\n)", 60),
            from in 0usize..200,
            length in 0usize..20,
        ) {
            let text: String = words.iter().zip(&spaces).map(|(w, s)| format!("{w}{s}")).collect();
            let boundary = |mut at: usize| {
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                at
            };
            let start = boundary(from.min(text.len()));
            let end = boundary((start + length).min(text.len())).max(start);
            proptest::prop_assert_eq!(SentenceEnds::new(&text).span(&(start..end)), span_by_scan(&text, &(start..end)));
        }
    }

    #[test]
    fn mojibake_is_mended_or_its_control_characters_dropped() {
        assert_eq!(mend_mojibake("Democratic Peopleâ\u{80}\u{99}s Republic"), "Democratic People’s Republic");
        assert_eq!(mend_mojibake("Côte d'Ivoire"), "Côte d'Ivoire");
        assert_eq!(mend_mojibake("a\u{85}b ✓"), "ab ✓");
    }
}
