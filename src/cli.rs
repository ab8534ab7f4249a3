//! The command line: parses arguments, sets up logging, runs one command, prints its errors the
//! way an editor needs them (`file:line:col: what was expected`) and turns them into exit code 1.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing::info;

use crate::error::Error;
use crate::site::{self, BuildOptions};

#[derive(Debug, Parser)]
#[command(name = "handbook", version, about = "Build, check and preview the peace-operations handbook")]
pub struct Cli {
    /// The handbook's folder (the one with site.yaml).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// More detail (-v: debug, -vv: trace).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import new seeds, then render the whole site into public/.
    Build {
        /// Publish under this URL (e.g. https://example.org/handbook/); every link follows its path.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Write here instead of public/.
        #[arg(long, value_name = "DIR")]
        output_dir: Option<PathBuf>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Print how long each stage took: load (read and parse), link (Markdown and mentions,
        /// and the documents, which render and are written as soon as they are linked), render
        /// (lists, officials, resolutions, feeds) and write (the swap into the output folder).
        #[arg(long)]
        timings: bool,
    },
    /// Convert seeds/ into content/documents/*.md (never overwriting an editor's change).
    Import {
        /// Overwrite pages an editor changed since import.
        #[arg(long)]
        force: bool,
        /// Only these seeds (file names in seeds/ or paths); default: all.
        seeds: Vec<PathBuf>,
    },
    /// Build in memory and report every problem; writes nothing. Exit 1 if any.
    Check {
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Also request every link that leaves the site (a few at a time, 10 s each; answers
        /// are cached in .handbook-cache/ for a day).
        #[arg(long)]
        external: bool,
        /// `text` logs each problem; `json` writes them all to stdout as a JSON array (level,
        /// kind, file, line, col, message), for tools.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// Build into memory, serve, rebuild on every change and reload the browser.
    Serve {
        /// Address to listen on; 0.0.0.0 shows the preview to your whole network.
        #[arg(long, default_value = "127.0.0.1")]
        interface: std::net::IpAddr,
        /// Port to listen on (the next free one is used if it is taken).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// The handbook's reference data (data/).
    Data {
        #[command(subcommand)]
        command: DataCommand,
    },
    /// Create an empty handbook in DIR that builds at once.
    New {
        /// The folder to create.
        dir: PathBuf,
    },
}

/// How `check` reports what it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum DataCommand {
    /// Merge the UN Library's Security Council Voting Data (its CSV, as downloaded from
    /// https://digitallibrary.un.org/record/4055387) into data/: new resolutions, empty facts
    /// filled, how each member voted, the Council's members by year. A fact that disagrees with
    /// the catalogue is reported and kept.
    Update {
        /// The dataset's CSV file.
        file: PathBuf,
        /// Where the Library disagrees with the catalogue, take the Library's value.
        #[arg(long)]
        accept_library: bool,
        /// Say what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.quiet, cli.verbose);
    // Ctrl-C during a build: writes stop, the staging folder is removed as the build fails, and
    // the exit code is the shell's for an interrupt. `serve` handles Ctrl-C itself.
    if !matches!(cli.command, Command::Serve { .. }) {
        let installed = ctrlc::set_handler(|| {
            if crate::output::INTERRUPTED.swap(true, std::sync::atomic::Ordering::SeqCst) {
                // A second Ctrl-C: stop now.
                std::process::exit(130);
            }
        });
        if let Err(e) = installed {
            tracing::debug!("no Ctrl-C handler: {e}");
        }
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.is_interrupted() => {
            eprintln!("{err}");
            ExitCode::from(130)
        }
        Err(err) => {
            let problems = err.diagnostics();
            for line in &problems {
                eprintln!("{line}");
            }
            if problems.len() > 1 {
                eprintln!("error: {} problems", problems.len());
            }
            ExitCode::FAILURE
        }
    }
}

fn init_logging(quiet: bool, verbose: u8) {
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (_, 0) => "info",
        (_, 1) => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("HANDBOOK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("handbook={level}")));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .without_time()
        .with_target(false)
        .init();
}

pub fn run(cli: Cli) -> Result<(), Error> {
    let root = cli.root;
    match cli.command {
        Command::Build { base_url, output_dir, drafts, timings } => {
            let options = BuildOptions { base_url, output_dir, drafts, ..BuildOptions::default() };
            import(&root, crate::import::ImportOptions { only_new: true, ..Default::default() })?;
            let spinner = spinner("Building");
            let report = site::build(&root, &options);
            spinner.finish_and_clear();
            let report = report?;
            info!(
                "built {} pages ({} files) into {} in {:.0?}",
                report.pages,
                report.files,
                report.output_dir.display(),
                report.timings.load + report.timings.link + report.timings.render + report.timings.write
            );
            // Thousands of warnings would bury the rest: a summary by kind (`check` lists all).
            for line in crate::warnings::summary(&report.warnings) {
                tracing::warn!("{line}");
            }
            if timings {
                let t = &report.timings;
                eprintln!(
                    "timings: load {:.1?}, link {:.1?}, render {:.1?}, write {:.1?}",
                    t.load, t.link, t.render, t.write
                );
            }
            Ok(())
        }
        Command::Import { force, seeds } => {
            import(&root, crate::import::ImportOptions { force, seeds, ..Default::default() })
        }
        Command::Check { drafts, external, format } => {
            // What `build` would import, checked as if it were written.
            let imported = crate::import::run(
                &root,
                &crate::import::ImportOptions { only_new: true, dry_run: true, ..Default::default() },
            )?;
            let json = format == CheckFormat::Json;
            if !json {
                for warning in &imported.warnings {
                    tracing::warn!("{warning}");
                }
            }
            for planned in &imported.planned {
                match &planned.seed {
                    Some(seed) => info!("would import {seed} as {}", planned.file.display()),
                    None => info!("would write the draft official page {}", planned.file.display()),
                }
            }
            let planned: Vec<(PathBuf, String)> =
                imported.planned.iter().map(|p| (p.file.clone(), p.text.clone())).collect();
            let import_failed = (!imported.failed.is_empty())
                .then(|| Error::Many(imported.failed.iter().map(|f| Error::Msg(f.clone())).collect()));
            let report = site::check(&root, &BuildOptions { drafts, ..BuildOptions::default() }, &planned, external);
            let report = match (report, import_failed) {
                (Ok(report), None) => report,
                (Ok(_), Some(failed)) => return Err(json_errors(json, &imported.warnings, failed)),
                (Err(e), Some(failed)) => {
                    return Err(json_errors(json, &imported.warnings, Error::Many(vec![failed, e])));
                }
                (Err(e), None) => return Err(json_errors(json, &imported.warnings, e)),
            };
            let warnings: Vec<String> = imported.warnings.iter().chain(&report.warnings).cloned().collect();
            if json {
                let external = if external { check_external(&root, &report.external_links).err() } else { None };
                let errors = external.as_ref().map(Error::diagnostics).unwrap_or_default();
                println!("{}", crate::warnings::to_json(&errors, &warnings));
                return match external {
                    Some(e) => Err(e),
                    None => Ok(()),
                };
            }
            for warning in &report.warnings {
                tracing::warn!("{warning}");
            }
            if external {
                check_external(&root, &report.external_links)?;
            }
            info!("checked {} pages: no problems ({} warnings)", report.pages, warnings.len());
            Ok(())
        }
        Command::Serve { interface, port, open, drafts } => {
            crate::serve::serve(&root, &crate::serve::ServeOptions { interface, port, open, drafts })
        }
        Command::Data { command: DataCommand::Update { file, accept_library, dry_run } } => {
            if !file.is_file() {
                return Err(crate::voting_data::not_found(&file));
            }
            let options = crate::voting_data::UpdateOptions { accept_library, dry_run };
            let report = crate::voting_data::update(&root, &file, &options)?;
            for line in crate::voting_data::print(&report, &options) {
                println!("{line}");
            }
            Ok(())
        }
        Command::New { dir } => {
            crate::scaffold::new_site(&dir)?;
            info!("created {}: build it with `handbook --root {} build`", dir.display(), dir.display());
            Ok(())
        }
    }
}

/// `check --format json` on a failed check: every error and warning to stdout as JSON, and the
/// error back (the exit status says the check failed; stderr says why, as with `text`).
fn json_errors(json: bool, warnings: &[String], error: Error) -> Error {
    if json {
        println!("{}", crate::warnings::to_json(&error.diagnostics(), warnings));
    }
    error
}

/// Runs an import and reports it; any seed that failed makes the command fail, after the others
/// were imported.
fn import(root: &std::path::Path, options: crate::import::ImportOptions) -> Result<(), Error> {
    let report = crate::import::run(root, &options)?;
    for warning in &report.warnings {
        tracing::warn!("{warning}");
    }
    for path in &report.written {
        info!("imported {}", path.display());
    }
    for path in &report.kept_editor_changes {
        tracing::warn!("{}: changed by an editor since import: kept (use --force to overwrite)", path.display());
    }
    for path in &report.draft_officials {
        tracing::warn!(
            "{}: new draft official page for a titled person the registry lacks: confirm it",
            path.display()
        );
    }
    for path in &report.removed {
        info!("removed {} (its seed no longer makes it)", path.display());
    }
    if report.failed.is_empty() {
        if !options.only_new {
            info!("{} written, {} unchanged", report.written.len(), report.unchanged.len());
        }
        Ok(())
    } else {
        Err(Error::Many(report.failed.iter().map(|f| Error::Msg(f.clone())).collect()))
    }
}

/// A spinner on stderr; indicatif draws nothing when stderr is not a terminal.
fn spinner(message: &'static str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_message(message);
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// `check --external`: broken links fail the check; those a host would not confirm, and UN
/// symbols not published yet, are warnings.
fn check_external(root: &Path, links: &[crate::external::Link]) -> crate::error::Result<()> {
    use crate::external::Outcome;
    let mut broken = Vec::new();
    for (link, outcome) in crate::external::check(root, links) {
        match outcome {
            Outcome::Ok => {}
            Outcome::NotPublished => tracing::warn!(
                "{}: {}: not published yet (documents.un.org has no text for it)",
                link.found_in,
                link.url
            ),
            Outcome::Unverifiable { why } => {
                tracing::warn!("{}: {}: could not be verified: {why}", link.found_in, link.url)
            }
            Outcome::Broken { why } => {
                broken.push(Error::Msg(format!("{}: broken external link {}: {why}", link.found_in, link.url)))
            }
        }
    }
    info!("checked {} external links: {} broken", links.len(), broken.len());
    Error::from_list(broken)
}
