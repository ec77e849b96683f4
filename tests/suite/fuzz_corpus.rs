//! Replays the committed corpus of the `pipeline` fuzz target
//! (`fuzz/corpus/pipeline/`, format in `fuzz/input.rs`) through the whole
//! compiler: no input may panic, break an invariant of `input::check`, or take
//! long. The fuzz run itself stays out of CI (docs/fuzzing.md); what it found
//! is checked here on every run.

use std::time::{Duration, Instant};

#[path = "../../fuzz/input.rs"]
#[allow(dead_code)] // the fuzz target uses all of it, this test not
mod input;

use input::{Outcome, Workdir};

fn corpus() -> Vec<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/pipeline");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("corpus entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_corpus_input_runs_through_the_pipeline_in_bounded_time() {
    // Debug builds are ~10x slower than the fuzzer's release build; the bound
    // catches hangs and blow-ups, not ordinary slowness.
    let bound = Duration::from_secs(5);
    let dir = Workdir::new("replay");
    let files = corpus();
    assert!(files.len() >= 50, "corpus too small: {}", files.len());
    let mut rendered = 0;
    let mut slow = Vec::new();
    for path in &files {
        let data = std::fs::read(path).expect("read corpus input");
        let start = Instant::now();
        let outcome = dir.run(&data);
        let took = start.elapsed();
        if took > bound {
            slow.push(format!("{}: {took:?}", path.display()));
        }
        rendered += usize::from(outcome == Outcome::Rendered);
    }
    assert!(slow.is_empty(), "inputs over {bound:?}: {slow:#?}");
    // The seeds include valid specs (the examples, awkward strings): the
    // input format must reach the renderer.
    assert!(rendered >= 2, "only {rendered} corpus inputs rendered");
}

#[test]
fn the_seed_of_the_example_renders() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus/pipeline/seed-examples-team");
    let data = std::fs::read(&path).expect("seed-examples-team");
    assert_eq!(Workdir::new("seed").run(&data), Outcome::Rendered);
}

#[test]
fn split_and_join_are_inverse() {
    let files: [&[u8]; 3] = [b"{ users = {}; }", b"{}", b"{ hosts = {}; }"];
    let data = input::join(&files);
    assert_eq!(input::split(&data), files);
    assert_eq!(input::split(b"only"), [b"only" as &[u8]]);
    // A fifth part stays in part.nix.
    let five = input::join(&[b"a", b"b", b"c", b"d", b"e"]);
    assert_eq!(input::split(&five).len(), 4);
    assert_eq!(input::split(&five)[3], b"d\n#%%\ne");
}
