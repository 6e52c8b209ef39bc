//! Thin entry point: parse the command line and hand over to `parley::cli`.
fn main() -> std::process::ExitCode {
    parley::cli::main()
}
