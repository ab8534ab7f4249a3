//! A PDF's text layer as lines, read from where each character sits: characters on one baseline
//! make a line (a wide gap splits it, as a header's two columns); a vertical gap or a change of
//! font makes a paragraph break; page furniture is known by its place on the page (the running
//! header at the top, job numbers, page numbers and barcodes at the bottom) and by repeating from
//! page to page; footnotes, set smaller below the text, move to the end of the document so that
//! none lands in the middle of a paragraph continued on the next page.

use std::collections::HashMap;

/// One character of a page's text layer, as the PDF places it (points, top-left origin).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Glyph {
    pub(super) text: String,
    pub(super) x0: f64,
    pub(super) x1: f64,
    pub(super) top: f64,
    pub(super) bottom: f64,
    pub(super) size: f64,
    pub(super) bold: bool,
    /// Set in a barcode font: the page's tracking code, never text.
    pub(super) barcode: bool,
    /// How sure OCR is of the word (0–100); 100 for a text layer's characters.
    pub(super) confidence: f32,
    /// The OCR line the word is on: words of two lines are never one, whatever their gap.
    pub(super) ocr_line: Option<u32>,
}

/// One page's text layer.
#[derive(Debug, Clone, Default)]
pub(super) struct PageText {
    pub(super) width: f64,
    pub(super) height: f64,
    pub(super) glyphs: Vec<Glyph>,
}

/// A page read by OCR as a text layer: Tesseract's TSV (a row a word, with its box in pixels)
/// with each word a glyph, in points, its size its line's height. `mend` repairs each word.
pub(super) fn from_tsv(tsv: &str, width_pt: f64, height_pt: f64, mend: impl Fn(&str) -> String) -> PageText {
    struct Word<'a> {
        line: (u32, u32, u32),
        left: f64,
        width: f64,
        height: f64,
        confidence: f32,
        text: &'a str,
    }
    let mut page_px: Option<(f64, f64)> = None;
    let mut words: Vec<Word> = Vec::new();
    // Each line's top and height: its words share them, whatever their ascenders and descenders.
    let mut line_boxes: HashMap<(u32, u32, u32), (f64, f64)> = HashMap::new();
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 12 {
            continue;
        }
        let num = |i: usize| f[i].trim().parse::<f64>().unwrap_or(0.0);
        let id = |i: usize| f[i].trim().parse::<u32>().unwrap_or(0);
        match f[0] {
            "1" => page_px = Some((num(8), num(9))),
            "4" => {
                line_boxes.insert((id(2), id(3), id(4)), (num(7), num(9)));
            }
            // A word OCR is barely sure of, or a sign with no letter or figure it is not sure of
            // (an emblem read as "@)"), is noise.
            "5" if !f[11].trim().is_empty()
                && (num(10) >= 30.0 || mend(f[11].trim()).starts_with("S/"))
                && (num(10) >= 90.0 || f[11].chars().any(char::is_alphanumeric)) =>
            {
                words.push(Word {
                    line: (id(2), id(3), id(4)),
                    left: num(6),
                    width: num(8),
                    height: num(9),
                    confidence: num(10) as f32,
                    text: f[11].trim(),
                })
            }
            _ => {}
        }
    }
    let Some((w_px, h_px)) = page_px.filter(|(w, h)| *w > 0.0 && *h > 0.0) else {
        return PageText { width: width_pt, height: height_pt, glyphs: Vec::new() };
    };
    let (sx, sy) = (width_pt / w_px, height_pt / h_px);
    // A line's type size, from its words' heights (the median: a line's own box takes in stray
    // marks); a word's box is about 1.1 times the size. OCR's boxes vary from line to line, so a
    // line within a sixth of the page's usual size is taken to be set in the usual size.
    let mut word_heights: HashMap<(u32, u32, u32), Vec<f64>> = HashMap::new();
    for w in &words {
        word_heights.entry(w.line).or_default().push(w.height);
    }
    let line_size: HashMap<(u32, u32, u32), f64> = word_heights
        .into_iter()
        .map(|(line, mut h)| {
            h.sort_by(f64::total_cmp);
            (line, h[h.len() / 2] * sy / 1.1)
        })
        .collect();
    let mut sizes: Vec<f64> = line_size.values().copied().collect();
    sizes.sort_by(f64::total_cmp);
    let usual = sizes.get(sizes.len() / 2).copied().unwrap_or(10.0);
    let size_of = |line: (u32, u32, u32)| {
        let size = line_size.get(&line).copied().unwrap_or(usual);
        let size = if (size - usual).abs() < usual / 6.0 { usual } else { size };
        (size * 2.0).round() / 2.0
    };
    let mut first_in_line: std::collections::HashSet<(u32, u32, u32)> = std::collections::HashSet::new();
    let glyphs = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let (top, height) = line_boxes.get(&w.line).copied().unwrap_or((0.0, w.height));
            let size = size_of(w.line);
            let bottom = (top + height) * sy;
            // "4," opening a paragraph is "4.": a full stop read as a comma.
            let opens = first_in_line.insert(w.line);
            let next_capital =
                words.get(i + 1).is_some_and(|n| n.line == w.line && n.text.starts_with(char::is_uppercase));
            // A day before a month is never mended: "2. July 1995" was "24 July 1995" on one scan.
            let next_month =
                words.get(i + 1).is_some_and(|n| n.line == w.line && crate::date::MONTHS.contains(&n.text));
            let digits = |n: &str| !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit());
            let text = match w.text.strip_suffix(',') {
                Some(n) if opens && next_capital && !next_month && digits(n) => format!("{n}."),
                _ => mend(w.text),
            };
            // A word mended into a UN symbol is certain of its shape, however unsure OCR was.
            let confidence = if text != w.text && text.starts_with("S/") { 100.0 } else { w.confidence };
            Glyph {
                text: format!("{text} "),
                x0: w.left * sx,
                x1: (w.left + w.width) * sx,
                top: bottom - size.max(1.0),
                bottom,
                size: size.max(1.0),
                bold: false,
                barcode: false,
                confidence,
                ocr_line: Some(ocr_line_id(w.line)),
            }
        })
        .collect();
    PageText { width: width_pt, height: height_pt, glyphs }
}

/// One number for Tesseract's (block, paragraph, line).
fn ocr_line_id((block, paragraph, line): (u32, u32, u32)) -> u32 {
    (block << 20) | ((paragraph & 0x3ff) << 10) | (line & 0x3ff)
}

/// A line of a page: its text, where it sits and how it is set.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    top: f64,
    bottom: f64,
    x0: f64,
    x1: f64,
    /// The size most of its characters are set in.
    size: f64,
    bold: bool,
    barcode: bool,
    /// The mean OCR confidence of its words (100 for a text layer).
    confidence: f32,
    /// The block Tesseract's layout analysis put it in (OCR only): two blocks side by side on a
    /// row are two columns.
    ocr_block: Option<u32>,
}

/// Where page furniture lives: the top and bottom eighths of a page.
const BAND: f64 = 0.125;
/// OCR's words on a line it is this unsure of are noise (a barcode, a stamp, a map's labels).
const MIN_CONFIDENCE: f32 = 50.0;
/// A line set this much smaller than the body text, below it, is a footnote.
const FOOTNOTE_SIZE: f64 = 0.9;

/// Each page's text, and the footnotes of all of them.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct PagesText {
    /// A line a line, a blank line between paragraphs, page furniture and footnotes left out.
    pub(super) pages: Vec<String>,
    /// Each page's footnotes, in order.
    pub(super) notes: Vec<String>,
}

/// The document's text, page by page: lines, a blank line between paragraphs, page furniture
/// dropped and footnotes gathered apart.
pub(super) fn pages_text(pages: &[PageText]) -> PagesText {
    let lines: Vec<Vec<Line>> = pages
        .iter()
        .enumerate()
        .map(|(n, p)| {
            let middle = p.width / 2.0;
            let rows = lines_of(&p.glyphs, None);
            let header_until = if n == 0 { header_end(&rows, p.height) } else { 0.0 };
            // Two columns whose gutter is narrower than the gap that parts a row's pieces show
            // only once rows are also parted at the middle; such a page's right column starts
            // at one edge, which a one-column page's loose lines do not.
            let (rows, gutter) = match gutter(&rows, header_until, middle, false) {
                Some(at) => (rows, Some(at)),
                None => {
                    let parted = lines_of(&p.glyphs, Some((middle, header_until)));
                    match gutter(&parted, header_until, middle, true) {
                        Some(at) => (parted, Some(at)),
                        None => (rows, None),
                    }
                }
            };
            rows_to_lines(rows, header_until, middle, gutter)
        })
        .collect();
    let repeated = repeated_furniture(pages, &lines);
    let mut texts = PagesText::default();
    for (n, (page, lines)) in pages.iter().zip(&lines).enumerate() {
        let mut out = String::new();
        let furniture = |line: &Line| {
            let in_band = line.bottom < page.height * BAND || line.top > page.height * (1.0 - BAND);
            line.barcode
                || line.confidence < MIN_CONFIDENCE
                || (in_band && is_furniture_text(&line.text))
                || (in_band && repeated.contains_key(&shape(&line.text)) && !(n == 0 && line.top < page.height * BAND))
        };
        let kept: Vec<&Line> = lines.iter().filter(|l| !furniture(l)).collect();
        // The size this page's text is set in (a page read by OCR has sizes of its own).
        let body_size = body_size(&kept);
        // Footnotes: below the last line set in the body's size, smaller than it.
        let last_body = kept.iter().rposition(|l| l.size >= body_size * FOOTNOTE_SIZE);
        let (body, foot) = match last_body {
            Some(i) => kept.split_at(i + 1),
            None => (&kept[..], &[][..]),
        };
        let foot_is_notes = !foot.is_empty() && foot.iter().all(|l| l.size < body_size * FOOTNOTE_SIZE);
        let pitch = line_pitch(&kept, body_size);
        let mut previous: Option<&Line> = None;
        for line in body.iter().chain(if foot_is_notes { &[][..] } else { foot }) {
            if let Some(prev) = previous
                && paragraph_break(prev, line, pitch, body_size)
            {
                out.push('\n');
            }
            out.push_str(&line.text);
            out.push('\n');
            previous = Some(line);
        }
        if foot_is_notes {
            texts.notes.push(foot.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n"));
        }
        texts.pages.push(out);
    }
    texts
}

/// A page's characters grouped into lines, top to bottom: characters whose boxes overlap
/// vertically are on one line (a 20-point initial beside 10-point text too); a gap wider than a
/// few characters splits a line in two, left first, as the two columns of a UN header; so does a
/// narrower one at the middle of the page, where a two-column page's gutter is (whether the page
/// is in two columns is for [`gutter`] to judge from all its rows: pieces of one column's line
/// join again with a space). `gutter` is the page's middle and where its body starts.
fn lines_of(glyphs: &[Glyph], gutter: Option<(f64, f64)>) -> Vec<Vec<Line>> {
    // Each row is judged by the box of the glyph that started it: a large initial that reaches
    // into the line below must not pull that line in.
    let mut rows: Vec<((f64, f64), Vec<&Glyph>)> = Vec::new();
    let mut sorted: Vec<&Glyph> = glyphs.iter().filter(|g| g.bottom > g.top).collect();
    sorted.sort_by(|a, b| a.bottom.total_cmp(&b.bottom).then(a.x0.total_cmp(&b.x0)));
    for glyph in sorted {
        let row = rows.iter_mut().rev().take(4).find(|((top, bottom), _)| {
            let overlap = glyph.bottom.min(*bottom) - glyph.top.max(*top);
            overlap > 0.5 * (glyph.bottom - glyph.top).min(bottom - top)
        });
        match row {
            Some((_, row)) => row.push(glyph),
            None => rows.push(((glyph.top, glyph.bottom), vec![glyph])),
        }
    }
    let rows = rows.into_iter().map(|(_, row)| row);
    let mut lines: Vec<Vec<Line>> = Vec::new();
    for mut row in rows {
        row.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let main_size = most_common(row.iter().filter(|g| !g.text.trim().is_empty()).map(|g| g.size)).unwrap_or(10.0);
        let mut segment: Vec<&Glyph> = Vec::new();
        let mut columns: Vec<Line> = Vec::new();
        for glyph in row {
            // A wide gap parts two pieces, and so does a change of OCR line (OCR finds columns
            // whose gutter is no wider than the gaps of justified text).
            if let Some(last) = segment.last()
                && (glyph.x0 - last.x1 > 1.5 * main_size
                    || glyph.ocr_line != last.ocr_line
                    || gutter.is_some_and(|(middle, body)| {
                        glyph.top >= body
                            && glyph.x0 - last.x1 > 0.8 * main_size
                            && (last.x1 - middle).abs().max((glyph.x0 - middle).abs()) < 0.1 * middle
                    }))
            {
                columns.extend(line_of(&segment, main_size));
                segment.clear();
            }
            segment.push(glyph);
        }
        columns.extend(line_of(&segment, main_size));
        if !columns.is_empty() {
            lines.push(columns);
        }
    }
    lines.sort_by(|a, b| a[0].top.total_cmp(&b[0].top).then(a[0].x0.total_cmp(&b[0].x0)));
    lines
}

/// Where the header of a UN document ends on its first page: at its first line of running text
/// (six words or more in one piece), and never below 40% of the page.
fn header_end(rows: &[Vec<Line>], height: f64) -> f64 {
    rows.iter()
        .find(|row| row.iter().any(|l| l.text.split_whitespace().count() >= 6))
        .map_or(height * 0.4, |row| row[0].top.min(height * 0.4))
}

/// A page's rows as lines. Columns (a table's cells) stay on one line, apart by a wide gap, as
/// the text route reads columns ("Security Council    Distr.: General"); in the header at the
/// top of the first page, each side is read down before the other, each piece a line, as a
/// converter reads it ("Original:" / "English").
fn rows_to_lines(rows: Vec<Vec<Line>>, header_until: f64, middle: f64, gutter: Option<f64>) -> Vec<Line> {
    let (header, body): (Vec<Vec<Line>>, Vec<Vec<Line>>) =
        rows.into_iter().partition(|row| row[0].bottom < header_until);
    let (left, right): (Vec<Line>, Vec<Line>) = header.into_iter().flatten().partition(|l| l.x0 < middle);
    let mut lines: Vec<Line> = left;
    lines.extend(right);
    if let Some(gutter) = gutter {
        // Each column is read down before the next; a line across both (a heading over the two
        // columns) closes the stretch above it.
        let mut left: Vec<Line> = Vec::new();
        let mut right: Vec<Line> = Vec::new();
        for row in body {
            let mut row_left: Vec<Line> = Vec::new();
            let mut row_right: Vec<Line> = Vec::new();
            let mut spanning: Vec<Line> = Vec::new();
            for segment in row {
                if segment.x0 >= gutter - segment.size {
                    row_right.push(segment);
                } else if segment.x1 <= gutter + segment.size {
                    row_left.push(segment);
                } else {
                    spanning.push(segment);
                }
            }
            if !spanning.is_empty() {
                lines.append(&mut left);
                lines.append(&mut right);
                lines.extend(join_row(spanning.into_iter().chain(row_left).chain(row_right).collect()));
                continue;
            }
            left.extend(join_row(row_left));
            right.extend(join_row(row_right));
        }
        lines.append(&mut left);
        lines.append(&mut right);
        return lines;
    }
    lines.extend(body.into_iter().filter_map(join_row));
    lines
}

/// Where the gutter of a page in two columns is: the middle of the gap most of the page's longer
/// rows leave near the middle of the page (a scan may be off centre), the body's rows from
/// `body_from` down. None for one column. `aligned` judges rows parted at the middle, where a
/// loose line of one column may leave a gap too.
fn gutter(rows: &[Vec<Line>], body_from: f64, middle: f64, aligned: bool) -> Option<f64> {
    let full: Vec<&Vec<Line>> = rows
        .iter()
        .filter(|r| r[0].bottom >= body_from && r.iter().map(|l| l.text.len()).sum::<usize>() >= 40)
        .collect();
    let (mut gaps, mut across) = (Vec::new(), 0);
    for row in &full {
        let gap = row
            .windows(2)
            .map(|w| (w[0].x1, w[1].x0, w[0].size, w[0].ocr_block.is_some() && w[0].ocr_block != w[1].ocr_block))
            .find(|(end, start, size, _)| {
                start - end > 0.5 * size && (end + start) / 2.0 > middle * 0.8 && (end + start) / 2.0 < middle * 1.2
            });
        match gap {
            Some((end, start, size, blocks)) => gaps.push(((end + start) / 2.0, start, size, blocks)),
            None if row.iter().any(|l| l.x0 < middle && l.x1 > middle) => across += 1,
            None => {}
        }
    }
    if aligned {
        // A row with text on one side only (a column that ends before the other) says nothing
        // either way; the right column's lines must start at one edge.
        if gaps.len() < 4 || gaps.len() + across < 6 || gaps.len() < across * 2 {
            return None;
        }
        // Or, on a scan, OCR's layout analysis must have put the two sides in blocks of their own
        // (a scan's column edges waver with the paper).
        let mut starts: Vec<f64> = gaps.iter().map(|g| g.1).collect();
        starts.sort_by(f64::total_cmp);
        let edge = starts[starts.len() / 2];
        let aligned = gaps.iter().filter(|(_, start, size, _)| (start - edge).abs() < *size).count();
        let blocks = gaps.iter().filter(|g| g.3).count();
        if aligned * 5 < gaps.len() * 4 && blocks * 2 < gaps.len() {
            return None;
        }
    } else if full.len() < 6 || gaps.len() * 10 < full.len() * 6 {
        return None;
    }
    let mut middles: Vec<f64> = gaps.iter().map(|g| g.0).collect();
    middles.sort_by(f64::total_cmp);
    Some(middles[middles.len() / 2])
}

/// A row's pieces as one line, left to right: a gap of a few characters is a tab within a line
/// ("1.    The present"), a wide one parts columns (kept wide, as the text route reads columns).
fn join_row(mut row: Vec<Line>) -> Option<Line> {
    row.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let mut pieces = row.into_iter();
    let mut line = pieces.next()?;
    for piece in pieces {
        let gap = if piece.x0 - line.x1 > 4.0 * line.size { "    " } else { " " };
        line.text = format!("{}{gap}{}", line.text, piece.text);
        line.x1 = piece.x1;
        line.top = line.top.min(piece.top);
        line.bottom = line.bottom.max(piece.bottom);
        line.barcode |= piece.barcode;
        let (a, b) = (line.text.len() as f32, piece.text.len() as f32);
        line.confidence = (line.confidence * a + piece.confidence * b) / (a + b).max(1.0);
    }
    Some(line)
}

/// One segment of a row as a line: spaces where the characters leave a gap, raised small
/// figures (footnote references) left out.
fn line_of(glyphs: &[&Glyph], main_size: f64) -> Option<Line> {
    let baseline =
        glyphs.iter().filter(|g| (g.size - main_size).abs() < 0.5).map(|g| g.bottom).fold(f64::MIN, f64::max);
    let mut text = String::new();
    let mut last_x1: Option<f64> = None;
    for g in glyphs {
        let reference = g.size < main_size * 0.8 && g.bottom < baseline - main_size * 0.2;
        if reference && g.text.chars().all(|c| c.is_ascii_digit() || c == '*') {
            continue;
        }
        if let Some(x1) = last_x1
            && g.x0 - x1 > main_size * 0.2
            && !text.ends_with(' ')
            && !g.text.starts_with(' ')
        {
            text.push(' ');
        }
        text.push_str(&g.text);
        last_x1 = Some(g.x1);
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return None;
    }
    let visible: Vec<&&Glyph> = glyphs.iter().filter(|g| !g.text.trim().is_empty()).collect();
    Some(Line {
        text,
        top: glyphs.iter().map(|g| g.top).fold(f64::MAX, f64::min),
        bottom: glyphs.iter().map(|g| g.bottom).fold(f64::MIN, f64::max),
        x0: glyphs.first().map_or(0.0, |g| g.x0),
        x1: glyphs.last().map_or(0.0, |g| g.x1),
        size: main_size,
        bold: visible.iter().filter(|g| g.bold).count() * 2 > visible.len(),
        barcode: visible.iter().any(|g| g.barcode),
        confidence: visible.iter().map(|g| g.confidence).sum::<f32>() / visible.len().max(1) as f32,
        ocr_block: glyphs.first().and_then(|g| g.ocr_line).map(|id| id >> 20),
    })
}

/// A new paragraph: a gap well beyond the page's line spacing, or a change of weight, or of
/// size outside a block of bold lines (a title's lines differ in size and belong together).
fn paragraph_break(prev: &Line, line: &Line, pitch: f64, body_size: f64) -> bool {
    let step = line.bottom - prev.bottom;
    // A title's lines: bold, or set larger than the text, or in capitals, each like the last.
    let capitals = |l: &Line| {
        l.text.split_whitespace().count() >= 3
            && l.text.chars().any(char::is_alphabetic)
            && !l.text.chars().any(char::is_lowercase)
    };
    let large = |l: &Line| l.size > body_size * 1.1;
    let alike = (line.bold && prev.bold)
        || (large(line) && large(prev) && (line.size - prev.size).abs() <= 0.5)
        || (capitals(line) && capitals(prev));
    let title_block = alike && step < 2.5 * pitch;
    !title_block && (step > 1.6 * pitch || line.bold != prev.bold || (line.size - prev.size).abs() > 0.5)
}

/// The usual distance from one baseline to the next on a page, among lines of the body's size.
fn line_pitch(lines: &[&Line], body_size: f64) -> f64 {
    let mut steps: Vec<f64> = lines
        .windows(2)
        .filter(|w| (w[0].size - body_size).abs() < 0.5 && (w[1].size - body_size).abs() < 0.5)
        .map(|w| w[1].bottom - w[0].bottom)
        .filter(|s| *s > body_size * 0.5)
        .collect();
    steps.sort_by(f64::total_cmp);
    // Two or three lines (a report's last page) say little: a gap between them may be a
    // paragraph's, so no more than the usual leading is assumed.
    let usual = body_size * 1.2;
    if steps.len() < 3 {
        return steps.first().map_or(usual, |s| s.min(usual));
    }
    steps[steps.len() / 2]
}

/// The size most of a page's text is set in.
fn body_size(lines: &[&Line]) -> f64 {
    let weighted = lines.iter().flat_map(|l| std::iter::repeat_n(l.size, l.text.len()));
    most_common(weighted).unwrap_or(10.0)
}

fn most_common(values: impl Iterator<Item = f64>) -> Option<f64> {
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for v in values {
        *counts.entry((v * 10.0).round() as i64).or_default() += 1;
    }
    counts.into_iter().max_by_key(|(size, n)| (*n, *size)).map(|(size, _)| size as f64 / 10.0)
}

/// Lines that recur at the top or bottom of pages (digits aside: "S/2018/795", "18-13777 3/12"),
/// on at least a third of the pages and two of them: a running header or footer.
fn repeated_furniture(pages: &[PageText], lines: &[Vec<Line>]) -> HashMap<String, usize> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (page, lines) in pages.iter().zip(lines) {
        let mut on_page: Vec<String> = lines
            .iter()
            .filter(|l| l.bottom < page.height * BAND || l.top > page.height * (1.0 - BAND))
            .map(|l| shape(&l.text))
            .collect();
        on_page.sort();
        on_page.dedup();
        for s in on_page {
            *seen.entry(s).or_default() += 1;
        }
    }
    let needed = (pages.len() / 3).max(2);
    seen.retain(|_, n| *n >= needed);
    seen
}

/// A line's text with its digits as `#`: a running header with the page number in it repeats.
fn shape(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect()
}

/// What page furniture says wherever it stands: a page number ("3", "3/27", "- 3 -", "Page 3"),
/// a job number ("18-13777 (E) 040918"), "Please recycle".
fn is_furniture_text(text: &str) -> bool {
    static FURNITURE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?ix)^(?: \d{1,4} | \d{1,4}\s*/\s*\d{1,4} | -\s*\d{1,4}\s*- | page\s+\d{1,4}(?:\s+of\s+\d{1,4})? | please\s+recycle.*
               | \d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6})?(?:\s+\d{1,4}/\d{1,4})? | \d{1,4}/\d{1,4}\s+\d{2}-\d{5}(?:\s*\([A-Z]\))? )$",
        )
        .expect("static regex")
    });
    FURNITURE.is_match(text.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyphs(text: &str, x: f64, top: f64, size: f64, bold: bool) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string(),
                x0: x + i as f64 * size * 0.5,
                x1: x + (i + 1) as f64 * size * 0.5,
                top,
                bottom: top + size,
                size,
                bold,
                barcode: false,
                confidence: 100.0,
                ocr_line: None,
            })
            .collect()
    }

    fn page(lines: &[(&str, f64, f64, f64, bool)]) -> PageText {
        PageText {
            width: 600.0,
            height: 800.0,
            glyphs: lines.iter().flat_map(|(t, x, top, size, bold)| glyphs(t, *x, *top, *size, *bold)).collect(),
        }
    }

    #[test]
    fn furniture_goes_footnotes_move_to_the_end_and_paragraphs_keep_together() {
        let first = page(&[
            ("United Nations", 120.0, 60.0, 14.0, false),
            ("S/2018/795", 500.0, 60.0, 10.0, false),
            ("Report of the Secretary-General on the situation in Haiti", 110.0, 250.0, 12.0, true),
            ("1. The present report is submitted pursuant to", 120.0, 300.0, 10.0, false),
            ("resolution 2410 (2018) and covers the period", 120.0, 312.0, 10.0, false),
            ("1 See S/2018/527.", 120.0, 680.0, 8.0, false),
            ("18-13777 (E) 040918", 65.0, 750.0, 10.0, false),
        ]);
        let second = page(&[
            ("S/2018/795", 60.0, 40.0, 10.0, false),
            ("since my last report.", 120.0, 100.0, 10.0, false),
            ("2. Political developments continued.", 120.0, 124.0, 10.0, false),
            ("2/12 18-13777", 60.0, 760.0, 10.0, false),
        ]);
        let text = pages_text(&[first, second]);
        assert_eq!(
            text.pages,
            [
                "United Nations\nS/2018/795\n\nReport of the Secretary-General on the situation in Haiti\n\n\
                 1. The present report is submitted pursuant to\nresolution 2410 (2018) and covers the period\n",
                "since my last report.\n\n2. Political developments continued.\n",
            ]
        );
        assert_eq!(text.notes, ["1 See S/2018/527."]);
    }

    #[test]
    fn page_furniture_is_known_by_its_words() {
        for furniture in
            ["3", "3/27", "- 3 -", "Page 3 of 12", "18-13777 (E) 040918", "2/12 18-13777", "Please recycle"]
        {
            assert!(is_furniture_text(furniture), "{furniture}");
        }
        for text in ["2553 (2020)", "S/2018/795", "I. Introduction", "30 August 2018"] {
            assert!(!is_furniture_text(text), "{text}");
        }
    }
}
