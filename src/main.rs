use std::process::ExitCode;

/// The evaluator allocates many small, short-lived values; mimalloc handles
/// that pattern markedly faster than glibc's allocator (see docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;
use devbox_gen::cli::{self, Cli};

/// Deeply nested specs recurse deeply in the evaluator; a big stack turns a
/// would-be stack overflow into the evaluator's own depth diagnostic.
const STACK_SIZE: usize = 512 * 1024 * 1024;

// The binary is the edge, with the CLI: it may print.
#[allow(clippy::print_stderr)]
fn main() -> ExitCode {
    let cli = Cli::parse();
    let worker = std::thread::Builder::new()
        .name("devbox-gen".into())
        .stack_size(STACK_SIZE)
        .spawn(move || cli::run(cli));
    match worker.map(std::thread::JoinHandle::join) {
        Ok(Ok(code)) => code,
        _ => {
            eprintln!(
                "error: internal error (devbox-gen crashed); please report it with the spec that caused it"
            );
            ExitCode::from(cli::exit::OUTPUT)
        }
    }
}
