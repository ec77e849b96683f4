//! A tiny scoped-thread map for the two embarrassingly parallel parts of a
//! run: rendering independent files and touching the file system.

/// `f` over `items` on a few threads, results in order. Small inputs stay on
/// the calling thread; file-system calls are latency-bound, so even two cores
/// overlap them well.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4));
    if workers == 1 || items.len() < 64 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(workers);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}
