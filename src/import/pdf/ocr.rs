//! Reading scanned pages with Tesseract (Debian's `tesseract-ocr`), the one outside program the
//! handbook uses: no Rust crate reads print as well. Each page's image goes to `tesseract` on its
//! standard input, one process a core (`OMP_THREAD_LIMIT=1`: with its own threads a page takes
//! nine times as long on two cores, most of it in the kernel). Every page read is cached under
//! `.handbook-cache/ocr/<the PDF's SHA-256>/`, so no page is read twice: not by a rebuild, a
//! `serve` start or a re-import.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{LazyLock, Mutex};
use std::time::Duration;

use rayon::prelude::*;

use super::scan::Grey;

/// What Tesseract needs to be told, and what is installed.
#[derive(Debug, Clone)]
pub struct Ocr {
    /// `.handbook-cache/ocr` of the site.
    cache: PathBuf,
    /// Show a progress bar (on a terminal).
    progress: bool,
}

/// The command that installs what OCR needs, for messages.
pub const INSTALL: &str = "sudo apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra tesseract-ocr-spa";

/// A page that takes longer than this is given up on (it takes seconds).
const PAGE_LIMIT: Duration = Duration::from_secs(300);

/// Tesseract's languages for a document's: English unless the first page says otherwise.
const LANGUAGES: [(&str, &str); 3] = [("en", "eng"), ("fr", "fra"), ("es", "spa")];

impl Ocr {
    /// OCR for the site at `root`, its cache in `root/.handbook-cache/ocr`.
    pub fn for_site(root: &Path) -> Ocr {
        use std::io::IsTerminal;
        Ocr { cache: root.join(".handbook-cache").join("ocr"), progress: std::io::stderr().is_terminal() }
    }

    /// The folder of one PDF's pages, by its SHA-256.
    fn folder(&self, sha256: &str) -> PathBuf {
        self.cache.join(sha256)
    }

    /// Tesseract's TSV of each page (every word with its box), read from its image (`images` yields page number and image on
    /// demand), from the cache where a page was read before. `name` is the seed, for messages.
    pub(super) fn read(
        &self,
        name: &str,
        sha256: &str,
        pages: &[u32],
        image: &(dyn Fn(u32) -> Result<Grey, String> + Sync),
    ) -> Result<Vec<String>, String> {
        let folder = self.folder(sha256);
        let cached: Vec<Option<String>> = pages.iter().map(|p| cached_page(&folder, *p)).collect();
        if cached.iter().all(Option::is_some) {
            return Ok(cached.into_iter().flatten().collect());
        }
        let tesseract = tesseract()?;
        std::fs::create_dir_all(&folder)
            .map_err(|e| format!("cannot write the OCR cache {}: {e}", folder.display()))?;
        // The document's language, from its first page read in English (its own cache entry
        // says which language it was read in).
        let language = match cached.iter().flatten().next() {
            Some(text) => language_of(text, &tesseract.languages),
            None => {
                let first = pages[0];
                let text = tesseract.read(&image(first)?, "eng")?;
                let language = language_of(&text, &tesseract.languages);
                if language == "eng" {
                    store(&folder, first, &text)?;
                }
                language
            }
        };
        let bar = self.progress_bar(name, pages.len() as u64);
        let done = Mutex::new(0u64);
        let texts: Vec<Result<String, String>> = pages
            .par_iter()
            .zip(cached)
            .map(|(&page, cached)| {
                let text = match cached.or_else(|| cached_page(&folder, page)) {
                    Some(text) => text,
                    None => {
                        let text = tesseract.read(&image(page)?, language).map_err(|e| format!("page {page}: {e}"))?;
                        store(&folder, page, &text)?;
                        text
                    }
                };
                let mut done = done.lock().map_err(|_| "internal: progress lock poisoned".to_string())?;
                *done += 1;
                bar.set_position(*done);
                if !self.progress {
                    tracing::info!("{name}: OCR {} of {} pages", *done, pages.len());
                }
                Ok(text)
            })
            .collect();
        bar.finish_and_clear();
        texts.into_iter().collect()
    }

    fn progress_bar(&self, name: &str, pages: u64) -> indicatif::ProgressBar {
        if !self.progress {
            return indicatif::ProgressBar::hidden();
        }
        let bar = indicatif::ProgressBar::new(pages);
        let style = indicatif::ProgressStyle::with_template("{msg} {bar:30} {pos}/{len} pages, {eta} left")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_message(format!("OCR {name}"));
        bar
    }
}

/// A page read before, if it was. The cache holds Tesseract's TSV of each page, `<page>.tsv`.
fn cached_page(folder: &Path, page: u32) -> Option<String> {
    std::fs::read_to_string(folder.join(format!("{page}.tsv"))).ok()
}

/// Writes a page's text aside, then renames it in: an interrupted write leaves no half page.
fn store(folder: &Path, page: u32, text: &str) -> Result<(), String> {
    let path = folder.join(format!("{page}.tsv"));
    let aside = folder.join(format!(".{page}.{}.tmp", std::process::id()));
    std::fs::write(&aside, text)
        .and_then(|()| std::fs::rename(&aside, &path))
        .map_err(|e| format!("cannot write the OCR cache {}: {e}", path.display()))
}

/// The Tesseract language to read a document in, from a page read in English.
fn language_of(tsv: &str, installed: &[String]) -> &'static str {
    let words: Vec<&str> = tsv.lines().filter_map(|l| l.split('\t').nth(11)).collect();
    let detected = super::super::facts::language(&words.join(" "));
    LANGUAGES
        .iter()
        .find(|(code, lang)| *code == detected && installed.iter().any(|l| l == lang))
        .map_or("eng", |(_, lang)| lang)
}

/// Tesseract as installed: its languages, and whether it can find a page's orientation.
struct Tesseract {
    languages: Vec<String>,
}

/// Tesseract, looked for once per process.
fn tesseract() -> Result<&'static Tesseract, String> {
    static FOUND: LazyLock<Result<Tesseract, String>> = LazyLock::new(|| {
        let output = Command::new("tesseract").arg("--list-langs").stdin(Stdio::null()).output();
        match output {
            Ok(out) if out.status.success() => {
                let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
                let languages: Vec<String> = text.lines().skip(1).map(|l| l.trim().to_string()).collect();
                if languages.iter().any(|l| l == "eng") {
                    Ok(Tesseract { languages })
                } else {
                    Err(format!("Tesseract has no English language data: install it with `{INSTALL}`"))
                }
            }
            _ => Err(format!(
                "the PDF is scanned (no text layer), and reading it needs Tesseract: install it with `{INSTALL}`"
            )),
        }
    });
    FOUND.as_ref().map_err(Clone::clone)
}

impl Tesseract {
    /// One page's text: the image in PGM on Tesseract's standard input, its text on its output.
    fn read(&self, image: &Grey, language: &str) -> Result<String, String> {
        // Page segmentation 1 finds the page's orientation too, where the language data for it is.
        let psm = if self.languages.iter().any(|l| l == "osd") { "1" } else { "3" };
        let mut child = Command::new("tesseract")
            .args(["stdin", "stdout", "-l", language, "--psm", psm, "--dpi"])
            .arg(image.dpi.clamp(70, 1200).to_string())
            // Every word with its box: the page is then laid out as a text layer is.
            .arg("tsv")
            .env("OMP_THREAD_LIMIT", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run tesseract: {e}"))?;
        let mut stdin = child.stdin.take().ok_or("cannot write to tesseract")?;
        let mut stdout = child.stdout.take().ok_or("cannot read from tesseract")?;
        let mut stderr = child.stderr.take().ok_or("cannot read from tesseract")?;
        let pgm = image.pgm();
        // Writing, reading and waiting at once: a full pipe must never stall the other end.
        let writer = std::thread::spawn(move || stdin.write_all(&pgm));
        let reader = std::thread::spawn(move || {
            let mut text = Vec::new();
            std::io::Read::read_to_end(&mut stdout, &mut text).map(|_| text)
        });
        let errors = std::thread::spawn(move || {
            let mut text = Vec::new();
            std::io::Read::read_to_end(&mut stderr, &mut text).map(|_| text)
        });
        let started = std::time::Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if started.elapsed() > PAGE_LIMIT => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(format!("tesseract took more than {} s on one page: gave up", PAGE_LIMIT.as_secs()));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
                Err(e) => return Err(format!("tesseract failed: {e}")),
            }
        };
        let _ = writer.join();
        let stdout = reader.join().ok().and_then(Result::ok).unwrap_or_default();
        let stderr = errors.join().ok().and_then(Result::ok).unwrap_or_default();
        let output = std::process::Output { status, stdout, stderr };
        if !output.status.success() {
            let err = String::from_utf8_lossy(&output.stderr);
            return Err(format!("tesseract failed: {}", err.lines().last().unwrap_or("no message")));
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }
}

/// Tesseract's usual misreadings of a UN symbol in one word, mended where the shape is certain:
/// `$/1998/1064` and `5/1998/1064` are S/1998/1064; `S/l998/lO64` is S/1998/1064. Punctuation
/// around the word stays.
pub(super) fn mend_word(word: &str) -> String {
    static SYMBOL: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"^([(\[]?)[$§5S8]([/,]?)((?:RES/|P[RF][S5]T/|PV\.)?[0-9lIO]{2,5}(?:/[0-9lIO]{1,5}){0,2}(?:/Add\.[0-9lIO]{1,2})?)([).,;:\]]*)$")
            .expect("static regex")
    });
    let Some(c) = SYMBOL.captures(word) else { return word.to_string() };
    // A presidential statement's series is the only one of that shape: "PFST" is PRST misread.
    let (series, number) = c[3].split_at(if c[3].starts_with('P') && !c[3].starts_with("PV") { 5 } else { 0 });
    let series = if series.is_empty() { "" } else { "PRST/" };
    let number: String = number
        .chars()
        .map(|ch| match ch {
            'l' | 'I' => '1',
            'O' => '0',
            other => other,
        })
        .collect();
    let body = format!("{series}{number}");
    let first = body.split('/').next().unwrap_or_default();
    let prefixed = c[3].starts_with(['R', 'P']);
    let year_like = first.len() == 4 && (first.starts_with("19") || first.starts_with("20"));
    // A symbol of the early years has one number of four or five figures (S/26360); "5/6" is a
    // fraction. Without its slash ("S2000/914") only a year and a number are a symbol.
    let early = !body.contains('/') && first.len() >= 4;
    let certain = if c[2].is_empty() {
        year_like && body.contains('/') && &word[c[1].len()..c[1].len() + 1] == "S"
    } else {
        prefixed || year_like || early
    };
    if certain { format!("{}S/{body}{}", &c[1], &c[4]) } else { word.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misread_symbols_are_mended_only_where_the_shape_is_certain() {
        let mend = |text: &str| text.split(' ').map(mend_word).collect::<Vec<_>>().join(" ");
        assert_eq!(mend("report ($/1998/1064) of"), "report (S/1998/1064) of");
        assert_eq!(mend("5/1995/614"), "S/1995/614");
        assert_eq!(mend("see S/l998/lO64."), "see S/1998/1064.");
        assert_eq!(mend("S/26360 and $/25006"), "S/26360 and S/25006");
        assert_eq!(mend("5/6 of the troops, 8/10 units"), "5/6 of the troops, 8/10 units");
        assert_eq!(mend("costs $/month"), "costs $/month");
        assert_eq!(mend("S,1995/614"), "S/1995/614");
        assert_eq!(mend("S2000/914"), "S/2000/914");
        assert_eq!(mend("52000/914"), "52000/914");
        assert_eq!(mend("(S/PFST/1995/20)"), "(S/PRST/1995/20)");
        assert_eq!(mend("S/P5T/1995/20"), "S/P5T/1995/20");
    }
}
