//! The `uzel` command line; everything lives in [`uzel::cli`].

fn main() -> std::process::ExitCode {
    uzel::cli::run()
}
