//! Command-line interface (placeholder while the pipeline lands).
pub fn main() -> std::process::ExitCode {
    std::process::ExitCode::SUCCESS
}
