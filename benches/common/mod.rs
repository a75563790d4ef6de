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
