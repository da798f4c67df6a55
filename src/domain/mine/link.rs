//! Entries in a share link's fragment (never sent to a server): the stored JSON as bytes
//! ([`payload`]), compressed by the browser (`CompressionStream("deflate-raw")`) or not,
//! written as base64url (RFC 4648 §5, no padding) after a prefix naming the codec version
//! and the packing: `my1.` (plain) or `my1z.` (deflate-raw). A link longer than
//! [`MAX_LINK_CHARS`] is refused with the reason, and every malformed fragment has its
//! own error.

use std::fmt;

use crate::domain::mine::store::{read_value, to_json, StoreError};
use crate::domain::mine::Entry;

/// The longest fragment this app writes or reads: links up to about 8,000 characters pass
/// through mail clients, chats and every current browser.
pub const MAX_LINK_CHARS: usize = 8_000;

/// How the payload's bytes are packed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Packing {
    /// The JSON bytes as they are.
    Plain,
    /// Compressed by the browser with deflate-raw; the web layer inflates it.
    Deflate,
}

impl Packing {
    fn prefix(self) -> &'static str {
        match self {
            Packing::Plain => "my1.",
            Packing::Deflate => "my1z.",
        }
    }
}

/// Why a fragment could not be read or written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Too long to share: `chars` against [`MAX_LINK_CHARS`].
    TooLong { chars: usize },
    /// Not a link to shared data (no `my1.` / `my1z.` prefix).
    NotShared,
    /// A link from a newer codec (`my2.` …).
    Newer { prefix: String },
    /// The base64url text is damaged (a character outside the alphabet or a bad length).
    BadEncoding,
    /// The data inside could not be read.
    Data(StoreError),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::TooLong { chars } => write!(f, "The link would be {chars} characters, more than the {MAX_LINK_CHARS} a link can safely carry: share fewer entries, or export a file."),
            LinkError::NotShared => write!(f, "This link carries no shared entries."),
            LinkError::Newer { prefix } => write!(f, "This link (“{prefix}”) was made by a newer version of MSC·HSCT: reload to update the app."),
            LinkError::BadEncoding => write!(f, "The link is damaged (it may have been cut or changed when copied)."),
            LinkError::Data(error) => write!(f, "The shared data cannot be read: {error}"),
        }
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Bytes as base64url without padding.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// base64url (padding optional) to bytes; `None` for any other character, an impossible
/// length or non-zero trailing bits.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let value = |c: u8| ALPHABET.iter().position(|&a| a == c).map(|v| v as u32);
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= value(c)? << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        let keep = chunk.len() - 1;
        if bytes[keep..].iter().any(|&b| b != 0) && chunk.len() < 4 {
            return None;
        }
        out.extend_from_slice(&bytes[..keep]);
    }
    Some(out)
}

/// The bytes a link carries for `entries` (before any compression).
pub fn payload(entries: &[Entry]) -> Vec<u8> {
    to_json(entries).into_bytes()
}

/// The fragment (without `#`) for packed bytes, or `TooLong`.
pub fn encode(packing: Packing, bytes: &[u8]) -> Result<String, LinkError> {
    let text = format!("{}{}", packing.prefix(), base64url_encode(bytes));
    match text.len() {
        chars if chars > MAX_LINK_CHARS => Err(LinkError::TooLong { chars }),
        _ => Ok(text),
    }
}

/// The packing and bytes of a fragment (`#` optional).
pub fn decode(fragment: &str) -> Result<(Packing, Vec<u8>), LinkError> {
    let fragment = fragment.trim().trim_start_matches('#');
    if fragment.len() > MAX_LINK_CHARS {
        return Err(LinkError::TooLong {
            chars: fragment.len(),
        });
    }
    let (packing, body) = if let Some(body) = fragment.strip_prefix(Packing::Deflate.prefix()) {
        (Packing::Deflate, body)
    } else if let Some(body) = fragment.strip_prefix(Packing::Plain.prefix()) {
        (Packing::Plain, body)
    } else {
        let prefix = fragment.split('.').next().unwrap_or_default();
        let newer = prefix
            .strip_prefix("my")
            .and_then(|v| v.trim_end_matches('z').parse::<u32>().ok());
        return Err(match newer {
            Some(v) if v > 1 => LinkError::Newer {
                prefix: prefix.to_string(),
            },
            _ => LinkError::NotShared,
        });
    };
    let bytes = base64url_decode(body).ok_or(LinkError::BadEncoding)?;
    Ok((packing, bytes))
}

/// The entries in a link's (inflated) payload.
pub fn entries(payload: &[u8]) -> Result<Vec<Entry>, LinkError> {
    let value = serde_json::from_slice(payload).map_err(|e| {
        LinkError::Data(StoreError::Corrupt {
            message: e.to_string(),
        })
    })?;
    read_value(value)
        .map(|data| data.entries)
        .map_err(LinkError::Data)
}
