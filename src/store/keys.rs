//! Keys of the store's trees. Integers are big-endian so that sled iterates in order:
//! session, then meeting, agenda item, participant or intervention.

use crate::domain::SessionId;

pub fn session(id: SessionId) -> [u8; 8] {
    id.0.to_be_bytes()
}

/// A session's key followed by a 32-bit number (meeting, agenda item, participant, list).
pub fn in_session_u32(id: SessionId, n: u32) -> [u8; 12] {
    let mut k = [0u8; 12];
    k[..8].copy_from_slice(&id.0.to_be_bytes());
    k[8..].copy_from_slice(&n.to_be_bytes());
    k
}

/// A session's key followed by a 64-bit number (intervention).
pub fn in_session_u64(id: SessionId, n: u64) -> [u8; 16] {
    let mut k = [0u8; 16];
    k[..8].copy_from_slice(&id.0.to_be_bytes());
    k[8..].copy_from_slice(&n.to_be_bytes());
    k
}

pub fn u64_from(bytes: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(bytes.get(..8)?.try_into().ok()?))
}

pub fn u32_from(bytes: &[u8]) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(..4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_sort_as_numbers() {
        let a = in_session_u64(SessionId(1), 255);
        let b = in_session_u64(SessionId(1), 256);
        let c = in_session_u64(SessionId(2), 1);
        assert!(a < b && b < c);
        assert_eq!(u64_from(&b[8..]), Some(256));
        assert_eq!(u32_from(&in_session_u32(SessionId(3), 7)[8..]), Some(7));
        assert!(session(SessionId(9)) < session(SessionId(10)));
    }
}
