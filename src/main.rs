//! The `factmark` command: parses arguments, calls the library, prints, and
//! maps outcomes to exit codes (0 all good, 1 findings, 2 usage or I/O error).

mod cli;

use std::process::ExitCode;

use clap::Parser;

#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    ExitCode::from(cli::run(args) as u8)
}
