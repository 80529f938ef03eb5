//! Writes a generated corpus (see `factmark::corpus`) into a project folder
//! and prints its size.
//!
//! ```text
//! cargo run --release --example corpus -- DIR [--articles N] [--sentences N] [--spread PCT] [--seed S]
//! ```
//!
//! The defaults (1,000 articles of 120 ± 60 sentences, seed 0x5EEDFAC7)
//! give about 13 MB of Markdown and 12 MB of YAML. One big article:
//! `--articles 1 --spread 0 --sentences 18600` (about 2 MB of Markdown and
//! 1.9 MB of YAML), or `--sentences 74400` (8 MB and 7.5 MB). Then
//! `cd DIR && factmark build`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use factmark::corpus::{self, CorpusOptions};

const USAGE: &str = "usage: corpus DIR [--articles N] [--sentences N] [--spread PCT] [--seed S]";

fn main() -> ExitCode {
    match parse(std::env::args().skip(1)) {
        Ok((dir, options)) => run(&dir, &options),
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<(PathBuf, CorpusOptions), String> {
    let mut options = CorpusOptions::default();
    let mut dir = None;
    while let Some(arg) = args.next() {
        let mut value = |name: &str| -> Result<u64, String> {
            let text = args.next().ok_or(format!("{name} needs a value"))?;
            let parsed = match text.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16),
                None => text.parse(),
            };
            parsed.map_err(|_| format!("{name}: `{text}` is not a number"))
        };
        match arg.as_str() {
            "--articles" => options.articles = value("--articles")? as usize,
            "--sentences" => options.sentences_per_article = value("--sentences")? as usize,
            "--spread" => options.spread = value("--spread")? as usize,
            "--seed" => options.seed = value("--seed")?,
            "-h" | "--help" => return Err("writes a generated corpus into DIR".to_owned()),
            _ if arg.starts_with('-') => return Err(format!("unknown option `{arg}`")),
            _ if dir.is_none() => dir = Some(PathBuf::from(arg)),
            _ => return Err(format!("unexpected argument `{arg}`")),
        }
    }
    let dir = dir.ok_or("no DIR given")?;
    Ok((dir, options))
}

fn run(dir: &std::path::Path, options: &CorpusOptions) -> ExitCode {
    let start = Instant::now();
    let stats = match corpus::write_corpus(dir, options) {
        Ok(stats) => stats,
        Err(e) => {
            eprintln!("cannot write the corpus into {}: {e}", dir.display());
            return ExitCode::from(2);
        }
    };
    let elapsed = start.elapsed();
    let mb = |bytes: usize| bytes as f64 / 1e6;
    println!("corpus in {} (seed {:#x})", dir.display(), options.seed);
    println!("  articles     {:>12}", stats.articles);
    println!("  files        {:>12}", stats.files);
    println!(
        "  Markdown     {:>12} bytes ({:.2} MB)",
        stats.markdown_bytes,
        mb(stats.markdown_bytes)
    );
    println!(
        "  YAML         {:>12} bytes ({:.2} MB)",
        stats.yaml_bytes,
        mb(stats.yaml_bytes)
    );
    println!("  sentences    {:>12}", stats.sentences);
    println!("  annotations  {:>12}", stats.annotations);
    println!("  time         {:>12.3} s", elapsed.as_secs_f64());
    ExitCode::SUCCESS
}
