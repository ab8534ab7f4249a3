//! One document of a seed, from its lines to its facts and body: passes 4–7 of the text route
//! (layout, chrome, facts, Markdown), and the facts that need the whole seed (a vote shared with
//! the resolution a letter transmits).

use crate::content::{Kind, PageMeta, Vote};
use crate::date::Date;

use super::blocks::{self, Para, ParaKind};
use super::context::{Context, ImportedPage};
use super::header::{self, Header};
use super::{chrome, dates, facts, markdown, page, resolution, title};

/// A document of a seed, before it becomes a page.
#[derive(Debug, Clone)]
pub(super) struct Document {
    pub(super) title: String,
    pub(super) date: Option<Date>,
    pub(super) kind: Kind,
    pub(super) language: String,
    pub(super) source: Option<String>,
    pub(super) place: Option<String>,
    pub(super) author: Option<String>,
    pub(super) symbol: Option<String>,
    pub(super) meeting: Option<String>,
    pub(super) summary: Option<String>,
    pub(super) resolution: Option<String>,
    pub(super) vote: Option<Vote>,
    pub(super) sponsors: Vec<String>,
    /// A saved web page's canonical address.
    pub(super) url: Option<String>,
    /// Read from a scanned image.
    pub(super) ocr: bool,
    /// Plain text, for cross-document checks.
    pub(super) plain: String,
    pub(super) body: String,
}

/// Passes 4–8 for one document. `None` when nothing is left of it.
pub(super) fn document(raw: header::RawDocument, context: &Context, warnings: &mut Vec<String>) -> Option<Document> {
    let header = raw.header.unwrap_or_default();
    let un_document = header.distribution || !header.symbols.is_empty();
    let mut lines = raw.lines;
    // The text of a resolution opens with its number; a report's title sits under its header.
    let opening = resolution::take_opening(&mut lines);
    let header_title = if opening.is_none() && un_document { title::take_un_title(&mut lines) } else { None };
    let mut paras = blocks::layout(&lines);
    let chrome = chrome::strip(&mut paras);

    let title = match &opening {
        Some(o) => Some(format!("Resolution {} ({})", o.number, o.year)),
        None => header_title.or_else(|| take_title(&mut paras, un_document)),
    };
    // Headings inside the body sit under the page title.
    for p in &mut paras {
        if p.kind == ParaKind::Heading(1) {
            p.kind = ParaKind::Heading(2);
        }
    }

    let mut dateline = None;
    if let Some(p) = paras.iter_mut().find(|p| p.kind == ParaKind::Text)
        && !un_document
        && opening.is_none()
        && let Some(d) = facts::take_dateline(&p.lines[0])
    {
        p.lines[0] = d.rest.clone();
        dateline = Some(d);
    }
    let mut footer = None;
    if let Some(last) = paras.last()
        && last.lines.len() == 1
        && let Some(f) = facts::wire_footer(&last.lines[0])
    {
        footer = Some(f);
        paras.pop();
    }
    if paras.is_empty() && title.is_none() {
        return None;
    }

    let plain: Vec<String> = paras.iter().map(|p| markdown::plain(&p.lines.join("\n"))).collect();
    // Titles and headings set in capitals take the case the document itself writes them in.
    // Learned only for a document that has a title or heading in capitals.
    let casing = std::cell::OnceCell::new();
    let casing = || casing.get_or_init(|| title::Casing::learn(plain.iter().map(String::as_str)));
    for p in &mut paras {
        if matches!(p.kind, ParaKind::Heading(_)) && p.lines.len() == 1 && title::is_shouting(&p.lines[0]) {
            p.lines[0] = title::sentence_case(&p.lines[0], casing(), &context.lexicon);
        }
    }
    let author =
        paras.iter().find_map(|p| facts::signatory(&p.lines[0])).map(|s| markdown::plain(&s)).or(chrome.author);
    let mut vote = facts::vote(&plain, warnings);
    let sponsors = facts::sponsors(&plain);

    let lead = paras
        .iter()
        .zip(&plain)
        .find(|(p, t)| p.kind == ParaKind::Text && t.chars().count() >= 40)
        .map(|(_, t)| t.clone())
        .unwrap_or_default();
    let speech = !un_document && title.is_none() && opening.is_none() && dateline.is_none() && facts::is_speech(&plain);
    let title = match title {
        Some(t) if title::is_shouting(&t) => title::limit(&title::sentence_case(&t, casing(), &context.lexicon)),
        Some(t) => title::limit(&t),
        None if !lead.is_empty() && (speech || un_document) => {
            warnings.push("no title line: titled with its first sentence".to_string());
            title::first_sentence_title(&lead)
        }
        None if !lead.is_empty() => {
            warnings.push("no title line: title made from the lead sentence".to_string());
            facts::title_from_lead(&lead)
        }
        None => {
            warnings.push("no title line and no lead sentence: titled \"Untitled document\"".to_string());
            "Untitled document".to_string()
        }
    };

    let all_text = plain.join("\n");
    let language = header.language.unwrap_or_else(|| facts::language(&all_text)).to_string();
    let opening_lines = plain.iter().take(2).cloned().collect::<Vec<_>>().join(" ");
    let kind = if opening.is_some() {
        Kind::Resolution
    } else if speech {
        Kind::Statement
    } else {
        facts::kind(&title, &header.symbols, un_document, &opening_lines)
    };
    let resolution = match &opening {
        Some(o) => Some(format!("{} ({})", o.number, o.year)),
        None => (kind == Kind::Resolution).then(|| facts::resolution_number(&title, &header.symbols)).flatten(),
    };
    let adoption =
        if kind == Kind::Resolution { resolution::adoption(&plain) } else { resolution::Adoption::default() };
    if vote.is_none() {
        vote = adoption.vote.clone();
    }
    let date = match &resolution {
        Some(key) => resolution_date(
            key,
            adoption.date.or(opening.as_ref().and_then(|o| o.date)).or(header.date),
            context,
            warnings,
        ),
        None => document_date(&title, &header, dateline.as_ref(), footer.as_ref()),
    };
    if date.is_none() {
        warnings.push("no date in the text: `date` left out".to_string());
    }
    let symbol = match &resolution {
        Some(key) => Some(format!("S/RES/{key}")),
        None => header.symbols.first().cloned(),
    };
    let meeting = adoption.meeting.or_else(|| {
        (header.organ == Some("Security Council"))
            .then(|| header.meeting.as_deref().and_then(facts::meeting_record))
            .flatten()
    });
    let source = if un_document || opening.is_some() {
        Some("United Nations".to_string())
    } else {
        dateline.as_ref().and_then(|d| d.source.clone()).or(footer.as_ref().map(|f| f.0.clone())).or(chrome.source)
    };
    // The summary comes from the first paragraph of prose; a resolution's from its first operative
    // paragraph (its preamble is one long subordinate clause); a report's may all be numbered.
    let numbered = || {
        paras
            .iter()
            .zip(&plain)
            .find(|(p, t)| matches!(p.kind, ParaKind::Numbered(_)) && t.chars().count() >= 40)
            .map(|(_, t)| t.clone())
    };
    let summary_text = match kind {
        Kind::Resolution => numbered().or_else(|| (!lead.is_empty()).then(|| lead.clone())),
        _ => (!lead.is_empty()).then(|| lead.clone()).or_else(numbered),
    };
    let summary = summary_text.map(|t| crate::text::shorten(crate::text::first_sentence(&t), 300));

    Some(Document {
        title,
        date,
        kind,
        language,
        source,
        place: dateline.and_then(|d| d.place),
        author,
        symbol,
        meeting,
        summary,
        resolution,
        vote,
        sponsors,
        url: None,
        ocr: false,
        plain: all_text,
        body: markdown::to_markdown(&paras),
    })
}

/// The pages of a seed's documents: slugs made unique within the seed, each page naming the
/// others (`related`), and the seed recorded.
pub(super) fn into_pages(docs: Vec<Document>, seed_name: &str, seed_sha256: &str) -> Vec<ImportedPage> {
    let mut slugs: Vec<String> = Vec::new();
    for doc in &docs {
        let base = page::slug_for(&doc.title, seed_name);
        let mut slug = base.clone();
        let mut n = 2;
        while slugs.contains(&slug) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        slugs.push(slug);
    }
    docs.into_iter()
        .zip(&slugs)
        .map(|(doc, slug)| {
            let related = slugs.iter().filter(|s| *s != slug).cloned().collect();
            let meta = PageMeta {
                title: doc.title,
                date: doc.date,
                kind: Some(doc.kind),
                language: Some(doc.language),
                source: doc.source,
                place: doc.place,
                author: doc.author,
                symbol: doc.symbol,
                meeting: doc.meeting,
                summary: doc.summary,
                seed: Some(seed_name.to_string()),
                seed_sha256: Some(seed_sha256.to_string()),
                url: doc.url,
                ocr: doc.ocr,
                resolution: doc.resolution,
                vote: doc.vote,
                sponsors: doc.sponsors,
                related,
                ..PageMeta::default()
            };
            ImportedPage { slug: slug.clone(), meta, body: doc.body }
        })
        .collect()
}

/// A resolution's date: the one its text states, checked against the catalogue (a disagreement
/// is a warning naming both); where the text states none, the catalogue's adoption date.
fn resolution_date(key: &str, stated: Option<Date>, context: &Context, warnings: &mut Vec<String>) -> Option<Date> {
    let catalogued =
        crate::entities::ResolutionId::parse(key).and_then(|id| context.catalogue.record(id)).and_then(|r| r.adopted);
    match (stated, catalogued) {
        (Some(s), Some(c)) if s != c => {
            warnings.push(format!(
                "the text dates resolution {key} {}, the catalogue {}: the text's date is kept; check it",
                s.long(),
                c.long()
            ));
            Some(s)
        }
        (Some(s), _) => Some(s),
        (None, c) => c,
    }
}

/// Takes the title off the top of `paras`: a `#` heading; in a UN document the line after the
/// header; on a web page a short first line that is not a sentence.
fn take_title(paras: &mut Vec<Para>, un_document: bool) -> Option<String> {
    let first = paras.first()?;
    let is_title = match first.kind {
        ParaKind::Heading(1) => true,
        ParaKind::Text if first.lines.len() == 1 && paras.len() >= 2 => {
            let line = &first.lines[0];
            let max = if un_document { 300 } else { 160 };
            // A UN document's title is a phrase; a word or two under its header is a misread.
            let words = line.split_whitespace().count();
            line.chars().count() <= max
                && (!un_document || words >= 3)
                && !line.trim_end_matches(['*', '_']).ends_with(['.', ',', ';', ':'])
                && facts::take_dateline(line).is_none()
        }
        _ => false,
    };
    is_title.then(|| markdown::plain(&paras.remove(0).lines[0]))
}

/// The date of a document, from the places that carry one: a letter's own date ("Letter dated
/// …"), the header, the dateline, the wire footer. Never from the body text.
fn document_date(
    title: &str,
    header: &Header,
    dateline: Option<&facts::Dateline>,
    footer: Option<&(String, Option<Date>)>,
) -> Option<Date> {
    let letter_date =
        facts::kind(title, &[], true, "").eq(&Kind::Letter).then(|| dates::find_date(title).map(|(d, _)| d)).flatten();
    letter_date.or(header.date).or(dateline.and_then(|d| d.date)).or(footer.and_then(|f| f.1))
}

/// A letter that records the vote on a resolution it transmits lends that vote (and the
/// sponsors) to the resolution's own page, when it names the resolution.
pub(super) fn share_vote_with_resolutions(docs: &mut [Document]) {
    let donors: Vec<(Vote, Vec<String>, String)> =
        docs.iter().filter_map(|d| d.vote.clone().map(|v| (v, d.sponsors.clone(), d.plain.clone()))).collect();
    for doc in docs.iter_mut().filter(|d| d.kind == Kind::Resolution && d.vote.is_none()) {
        let Some(number) = doc.resolution.clone() else { continue };
        if let Some((vote, sponsors, _)) = donors.iter().find(|(_, _, text)| text.contains(&number)) {
            doc.vote = Some(vote.clone());
            if doc.sponsors.is_empty() {
                doc.sponsors = sponsors.clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_headings_or_short_first_lines() {
        let mut p = blocks::layout(&["# Peace operations".into(), "".into(), "Body text.".into()]);
        assert_eq!(take_title(&mut p, false).as_deref(), Some("Peace operations"));
        let mut p = blocks::layout(&["A sentence that is the lead.".into(), "".into(), "More.".into()]);
        assert_eq!(take_title(&mut p, false), None);
    }
}
