//! How `stream` and `mirror` end: on the app's signals (SIGTERM, SIGHUP, SIGINT, through
//! `app::run::Endings`) with 128 + the signal and a line on what they leave, never in the
//! middle of a batch being applied; and, for the stream, as soon as its reader is gone.

use std::sync::{Arc, Mutex, MutexGuard};

use crate::app::run::{runtime_with_endings, EndedBySignal};

/// Held while a batch is applied: a signal waits for it, so that a copy holds whole batches.
#[derive(Debug, Clone, Default)]
pub struct WholeBatches(Arc<Mutex<()>>);

impl WholeBatches {
    /// Keeps the signals off until the guard is dropped.
    pub fn hold(&self) -> MutexGuard<'_, ()> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// From now on, a signal ends the process once no batch is held: it says `left()` (what the
/// command leaves behind) on standard error and exits with 128 + the signal. The command's
/// own thread may be blocked reading or writing a pipe, so the end comes from a thread of
/// its own.
pub fn end_on_signal(
    batches: WholeBatches,
    left: impl FnOnce() -> String + Send + 'static,
) -> anyhow::Result<()> {
    let (rt, mut endings) = runtime_with_endings()?;
    std::thread::spawn(move || {
        let ending = rt.block_on(endings.next());
        let _whole = batches.hold();
        let ended = EndedBySignal::leaving(ending, left());
        crate::tell!("rapporteur: {ended}");
        std::process::exit(ended.exit_status().into());
    });
    Ok(())
}

/// Whether nobody reads standard output any more: the other end of its pipe (or socket) is
/// closed. A stream with nothing to send learns it here instead of at its next write, which
/// may be hours away in a pause of the meeting.
pub fn stdout_reader_gone() -> bool {
    let mut fd = libc::pollfd {
        fd: libc::STDOUT_FILENO,
        events: libc::POLLOUT,
        revents: 0,
    };
    // SAFETY: one valid pollfd, for the length of the call; a timeout of 0 never blocks.
    let ready = unsafe { libc::poll(&mut fd, 1, 0) };
    ready > 0 && fd.revents & (libc::POLLERR | libc::POLLHUP) != 0
}
