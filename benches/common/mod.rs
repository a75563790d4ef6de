//! Helpers shared by the benchmarks.
#![allow(dead_code)]

/// A memory figure of this process in KiB, from `/proc/self/status`: `VmRSS` (resident now)
/// or `VmHWM` (the peak).
pub fn memory_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("a {field} line in /proc/self/status"))
}

/// A temporary directory under cargo's target folder, on the disk the builds use.
pub fn temporary_dir() -> tempfile::TempDir {
    tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("a temporary directory")
}

pub fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Whether criterion measures in this run, and a side-by-side run is worth adding: not under
/// `cargo test --benches`, `--list` or `--profile-time`.
pub fn measuring_side_by_side() -> bool {
    let args: Vec<String> = std::env::args().collect();
    let flag = |f: &str| args.iter().any(|a| a == f);
    flag("--bench") && !flag("--test") && !flag("--list") && !flag("--profile-time")
}
