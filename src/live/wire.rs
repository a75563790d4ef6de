//! What `rapporteur stream` writes and `rapporteur mirror` reads: a line naming the format,
//! then frames, each checksummed so that a connection cut in the middle of one is told from
//! a whole one:
//!
//! ```text
//! rapporteur-stream 1\n
//! u8 kind | u32 length (little-endian) | u32 CRC-32 of the payload | payload
//! ```
//!
//! The first frame (`H`) names the store and the change the stream follows on from; then
//! each frame is one batch of the journal (`B`), or the whole record as a journal rewritten
//! in short starts with it (`S`), the records written as the journal writes them, each
//! note's text whole.

use std::io::{self, Read, Write};

use serde::{Deserialize, Serialize};

use crate::store::{encode_record, scan_records, Change, JournalEntry};

pub const MAGIC: &[u8] = b"rapporteur-stream 1\n";

/// A frame longer than this is taken for a stream that is not one, not read.
const MAX_FRAME: u32 = 1 << 30;

/// The stream's first frame.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    /// The id of the store streamed, as its journal names it.
    pub store_id: String,
    /// Every change numbered after this one follows, and none before it.
    pub after: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Frame {
    Hello(Hello),
    /// One batch: applied whole over what the copy holds.
    Batch(Vec<JournalEntry>),
    /// The whole record as it stood at the change numbered `seq`: it takes the place of what
    /// the copy holds.
    Whole {
        seq: u64,
        changes: Vec<Change>,
    },
}

/// What reading a frame found.
#[derive(Debug)]
pub enum Received {
    Frame(Frame),
    /// The stream ended between frames.
    End,
    /// The stream ended in the middle of a frame: the connection was cut.
    Cut,
}

pub fn write_frame(out: &mut impl Write, frame: &Frame) -> io::Result<()> {
    let (kind, payload) = match frame {
        Frame::Hello(hello) => (b'H', serde_json::to_vec(hello).map_err(io::Error::other)?),
        Frame::Batch(entries) => (b'B', records(entries)?),
        Frame::Whole { seq, changes } => {
            let entries: Vec<JournalEntry> = changes
                .iter()
                .map(|change| JournalEntry {
                    seq: *seq,
                    batch: *seq,
                    at: chrono::Utc::now(),
                    change: change.clone(),
                })
                .collect();
            (b'S', records(&entries)?)
        }
    };
    let len = u32::try_from(payload.len())
        .ok()
        .filter(|len| *len <= MAX_FRAME)
        .ok_or_else(|| io::Error::other("a batch too large to stream"))?;
    out.write_all(&[kind])?;
    out.write_all(&len.to_le_bytes())?;
    out.write_all(&crc32fast::hash(&payload).to_le_bytes())?;
    out.write_all(&payload)
}

fn records(entries: &[JournalEntry]) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    for entry in entries {
        encode_record(entry, entries.len() as u64, &mut bytes).map_err(io::Error::other)?;
    }
    Ok(bytes)
}

/// Reads the line naming the format: an error if the input is something else.
pub fn read_magic(input: &mut impl Read) -> io::Result<bool> {
    let mut magic = vec![0u8; MAGIC.len()];
    let got = read_full(input, &mut magic)?;
    if got == 0 {
        return Ok(false);
    }
    if got < magic.len() || magic != MAGIC {
        return Err(io::Error::other(
            "the input is not the output of `rapporteur stream`",
        ));
    }
    Ok(true)
}

pub fn read_frame(input: &mut impl Read) -> io::Result<Received> {
    let mut header = [0u8; 9];
    match read_full(input, &mut header)? {
        0 => return Ok(Received::End),
        9 => {}
        _ => return Ok(Received::Cut),
    }
    let len = u32::from_le_bytes(header[1..5].try_into().expect("four bytes"));
    let crc = u32::from_le_bytes(header[5..9].try_into().expect("four bytes"));
    if len > MAX_FRAME {
        return Err(bad("a frame longer than any batch"));
    }
    // Grown as the bytes come, not taken at the length a damaged header may claim.
    let mut payload = Vec::new();
    input
        .by_ref()
        .take(u64::from(len))
        .read_to_end(&mut payload)?;
    if payload.len() < len as usize {
        return Ok(Received::Cut);
    }
    if crc32fast::hash(&payload) != crc {
        return Err(bad("a frame that fails its checksum"));
    }
    let frame = match header[0] {
        b'H' => Frame::Hello(
            serde_json::from_slice(&payload)
                .map_err(|_| bad("a first frame that cannot be read"))?,
        ),
        b'B' => Frame::Batch(entries_of(&payload)?),
        b'S' => {
            let entries = entries_of(&payload)?;
            Frame::Whole {
                seq: entries.first().map_or(0, |e| e.seq),
                changes: entries.into_iter().map(|e| e.change).collect(),
            }
        }
        _ => return Err(bad("a frame of a kind it does not know")),
    };
    Ok(Received::Frame(frame))
}

fn entries_of(payload: &[u8]) -> io::Result<Vec<JournalEntry>> {
    let scan = scan_records(payload, 0);
    if scan.clean_len != payload.len() as u64 || scan.unappliable_edits > 0 {
        return Err(bad("a batch whose records cannot all be read"));
    }
    Ok(scan.entries)
}

fn bad(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "the stream holds {what}: is it the output of `rapporteur stream` of the same version?"
        ),
    )
}

/// Reads until `buf` is full or the input ends; returns how much was read.
fn read_full(input: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut read = 0;
    while read < buf.len() {
        match input.read(&mut buf[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{InterventionId, SessionId};

    #[test]
    fn frames_read_back_as_written_and_a_cut_one_is_told() {
        let note = Change::Note(SessionId(1), InterventionId(2), "Chile supported".into());
        let frames = [
            Frame::Hello(Hello {
                store_id: "a1b2".into(),
                after: 4,
            }),
            Frame::Batch(vec![JournalEntry {
                seq: 5,
                batch: 5,
                at: chrono::Utc::now(),
                change: note.clone(),
            }]),
            Frame::Whole {
                seq: 9,
                changes: vec![note.clone(), Change::LastSession(SessionId(1))],
            },
        ];
        let mut bytes = MAGIC.to_vec();
        for frame in &frames {
            write_frame(&mut bytes, frame).unwrap();
        }
        let mut input = bytes.as_slice();
        assert!(read_magic(&mut input).unwrap());
        for frame in &frames {
            match read_frame(&mut input).unwrap() {
                Received::Frame(read) => assert_eq!(&read, frame),
                other => panic!("{other:?}"),
            }
        }
        assert!(matches!(read_frame(&mut input).unwrap(), Received::End));
        for cut in MAGIC.len() + 1..bytes.len() - 1 {
            let mut input = &bytes[MAGIC.len()..cut];
            let last = loop {
                match read_frame(&mut input).unwrap() {
                    Received::Frame(_) => continue,
                    other => break other,
                }
            };
            assert!(
                matches!(last, Received::Cut | Received::End),
                "cut at {cut}"
            );
        }
        let mut flipped = bytes.clone();
        let at = bytes.len() - 3;
        flipped[at] ^= 0x20;
        let mut input = &flipped[MAGIC.len()..];
        let errors = (0..3).filter(|_| read_frame(&mut input).is_err()).count();
        assert_eq!(errors, 1);
    }

    fn a_stream() -> Vec<u8> {
        let mut bytes = MAGIC.to_vec();
        write_frame(
            &mut bytes,
            &Frame::Hello(Hello {
                store_id: "a1b2".into(),
                after: 0,
            }),
        )
        .unwrap();
        for n in 1..4 {
            let change = Change::Note(SessionId(1), InterventionId(n), "Fiji agreed".into());
            let entry = JournalEntry {
                seq: n,
                batch: n,
                at: chrono::Utc::now(),
                change,
            };
            write_frame(&mut bytes, &Frame::Batch(vec![entry])).unwrap();
        }
        bytes
    }

    /// Reads `bytes` as a stream to its end: frames, then an end, a cut or an error.
    fn read_all(mut bytes: &[u8]) {
        if !matches!(read_magic(&mut bytes), Ok(true)) {
            return;
        }
        while let Ok(Received::Frame(_)) = read_frame(&mut bytes) {}
    }

    proptest::proptest! {
        /// Standard input is from outside: whatever comes, frames, an end or an error.
        #[test]
        fn any_bytes_are_read_without_a_panic(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600),
        ) {
            read_all(&bytes);
            let mut stream = MAGIC.to_vec();
            stream.extend(&bytes);
            read_all(&stream);
        }

        #[test]
        fn a_stream_with_bytes_changed_is_read_without_a_panic(
            changes in proptest::collection::vec(
                (0usize..1000, proptest::prelude::any::<u8>()),
                1..8,
            ),
        ) {
            let mut bytes = a_stream();
            for (at, byte) in changes {
                let at = at % bytes.len();
                bytes[at] = byte;
            }
            read_all(&bytes);
        }
    }
}
