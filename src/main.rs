//! The `ccsim` command; everything it does lives in the library's `cli` module.

fn main() -> std::process::ExitCode {
    ccsim::cli::main()
}
