//! A block's entries as they are stored: each written against the entry before it (*delta
//! entries*, format 1), because consecutive events mostly differ in a few bytes — a read's
//! event by its event ID, time and request ID, out of 350 — and LZ4 spent about 2,300
//! instructions an event finding the rest again. A field equal to the previous entry's is a
//! bit of a mask; the event ID is the length it shares with the previous one and the rest;
//! the time is the difference from the previous one's; the record is the lengths it shares
//! at its start and its end with the previous record, and the bytes between. The block is
//! still compressed whole (what differs may still repeat: a write's JSON).
//!
//! A block of delta entries starts with `DELTA_BLOCK`; a block written before (format 0:
//! its entries as `encode_body` writes them, after their `seq` offset) starts with its first
//! entry's offset, always 0. Readers expand a delta block into format 0 (`plain_entries`),
//! which is what every reader of a block reads.
use super::{EntryReader, Posted, PostedResources};
use iam_core::audit::capture::{put_bytes, put_varint};

/// The first byte of a block of delta entries.
pub(super) const DELTA_BLOCK: u8 = 0xF1;

/// The fields of an entry's body (`encode_body`), in their order.
const EVENT_ID: usize = 0;
const ACCOUNT: usize = 1;
const TIME: usize = 2;
const NAME: usize = 3;
const SOURCE: usize = 4;
const READ_ONLY: usize = 5;
const USER: usize = 6;
const KEY: usize = 7;
const RESOURCES: usize = 8;
const RECORD: usize = 9;
const FIELDS: usize = 10;

/// Fields copied whole from the previous entry when equal to its (a bit each in the mask).
const MASKED: [usize; 8] = [
    ACCOUNT, NAME, SOURCE, READ_ONLY, USER, KEY, RESOURCES, RECORD,
];

/// Where each field of a body ends (offsets from the body's start): fields are contiguous.
#[derive(Clone, Copy, Default)]
struct Layout {
    ends: [usize; FIELDS],
}

impl Layout {
    fn range(&self, field: usize) -> std::ops::Range<usize> {
        let start = if field == 0 { 0 } else { self.ends[field - 1] };
        start..self.ends[field]
    }
}

impl<'a> EntryReader<'a> {
    /// Past a string (its length, its bytes).
    fn skip_str(&mut self) -> Option<()> {
        self.len_bytes().map(|_| ())
    }

    /// Past an optional string (0, or its length plus 1 and its bytes).
    fn skip_opt(&mut self) -> Option<()> {
        let n = usize::try_from(self.varint()?).ok()?;
        self.bytes(n.saturating_sub(1)).map(|_| ())
    }

    /// Past resources (a count, then type and name of each).
    fn skip_resources(&mut self) -> Option<()> {
        for _ in 0..self.varint()? {
            self.skip_str()?;
            self.skip_str()?;
        }
        Some(())
    }

    /// Past a record (its JSON, or an empty one and its capture).
    fn skip_record(&mut self) -> Option<()> {
        if self.len_bytes()?.is_empty() {
            self.skip_str()?;
        }
        Some(())
    }

    /// Past the field `field` of a body.
    fn skip_field(&mut self, field: usize) -> Option<()> {
        match field {
            EVENT_ID | ACCOUNT | NAME | SOURCE => self.skip_str(),
            TIME => self.varint().map(|_| ()),
            READ_ONLY => self.bytes(1).map(|_| ()),
            USER | KEY => self.skip_opt(),
            RESOURCES => self.skip_resources(),
            _ => self.skip_record(),
        }
    }
}

/// The layout of the body `body` starts with, and its time; `None` when malformed.
fn layout_of(body: &[u8]) -> Option<(Layout, i64)> {
    let mut r = EntryReader { data: body, at: 0 };
    let mut layout = Layout::default();
    let mut time_ms = 0;
    for field in 0..FIELDS {
        if field == TIME {
            time_ms = unzigzag(r.varint()?);
        } else {
            r.skip_field(field)?;
        }
        layout.ends[field] = r.at;
    }
    Some((layout, time_ms))
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// The content of a string field (after its length).
fn str_content(field: &[u8]) -> &[u8] {
    let mut r = EntryReader { data: field, at: 0 };
    r.len_bytes().unwrap_or_default()
}

/// How many bytes `a` and `b` share at their start, compared 16 at a time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut i = 0;
    for (x, y) in a.chunks_exact(16).zip(b.chunks_exact(16)) {
        let diff = u128::from_le_bytes(x.try_into().unwrap_or_default())
            ^ u128::from_le_bytes(y.try_into().unwrap_or_default());
        if diff != 0 {
            return i + (diff.trailing_zeros() / 8) as usize;
        }
        i += 16;
    }
    i + a[i..]
        .iter()
        .zip(&b[i..])
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many bytes `a` and `b` share at their end, at most `max`.
fn common_suffix(a: &[u8], b: &[u8], max: usize) -> usize {
    let n = a.len().min(b.len()).min(max);
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut i = 0;
    for (x, y) in a.rchunks_exact(16).zip(b.rchunks_exact(16)) {
        let diff = u128::from_le_bytes(x.try_into().unwrap_or_default())
            ^ u128::from_le_bytes(y.try_into().unwrap_or_default());
        if diff != 0 {
            return i + (diff.leading_zeros() / 8) as usize;
        }
        i += 16;
    }
    let (a, b) = (&a[..n - i], &b[..n - i]);
    i + a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// Writes the bodies of one block's entries as delta entries: each against the previous one,
/// which it keeps (a copy: a write's body is made in a buffer reused for the next).
#[derive(Default)]
pub(super) struct DeltaWriter {
    previous: Vec<u8>,
    layout: Option<Layout>,
    time_ms: i64,
}

impl DeltaWriter {
    /// Starts a block: the next entry is written against none.
    pub(super) fn reset(&mut self) {
        self.layout = None;
        self.time_ms = 0;
    }

    /// Appends `body` (`encode_body`'s) to `out`, against the previous entry, and says what
    /// it found of it; `None` (nothing appended) when it is malformed.
    pub(super) fn push(&mut self, out: &mut Vec<u8>, body: &[u8]) -> Option<Pushed> {
        let pushed = self.write(out, body)?;
        self.previous.clear();
        self.previous
            .extend_from_slice(&body[..pushed.layout.ends[RECORD]]);
        Some(self.keep(pushed))
    }

    /// Remembers the layout and time of the body just written, now `previous`.
    fn keep(&mut self, pushed: Pushed) -> Pushed {
        self.layout = Some(pushed.layout);
        self.time_ms = pushed.time_ms;
        pushed
    }

    /// Appends `body` to `out` as a delta entry (`previous` unchanged).
    fn write(&mut self, out: &mut Vec<u8>, body: &[u8]) -> Option<Pushed> {
        let (layout, time_ms) = layout_of(body)?;
        let previous = self.layout.map(|p| (p, self.previous.as_slice()));
        let mut mask = 0u64;
        if let Some((p, prev)) = previous {
            for (bit, &f) in MASKED.iter().enumerate() {
                if body[layout.range(f)] == prev[p.range(f)] {
                    mask |= 1 << bit;
                }
            }
        }
        put_varint(out, mask);
        let id = str_content(&body[layout.range(EVENT_ID)]);
        let shared = previous.map_or(0, |(p, prev)| {
            common_prefix(id, str_content(&prev[p.range(EVENT_ID)]))
        });
        put_varint(out, shared as u64);
        put_bytes(out, &id[shared..]);
        for (bit, &f) in MASKED.iter().enumerate() {
            if f == NAME {
                put_varint(out, zigzag(time_ms.wrapping_sub(self.time_ms)));
            }
            if mask & (1 << bit) != 0 {
                continue;
            }
            let this = &body[layout.range(f)];
            match (f, previous) {
                (RECORD, Some((p, prev))) => {
                    let before = &prev[p.range(RECORD)];
                    let start = common_prefix(this, before);
                    let end = common_suffix(this, before, this.len().min(before.len()) - start);
                    put_varint(out, start as u64);
                    put_varint(out, end as u64);
                    put_bytes(out, &this[start..this.len() - end]);
                }
                (RECORD, None) => {
                    out.extend_from_slice(&[0, 0]);
                    put_bytes(out, this);
                }
                _ => out.extend_from_slice(this),
            }
        }
        self.previous.clear();
        self.previous
            .extend_from_slice(&body[..layout.ends[RECORD]]);
        self.layout = Some(layout);
        self.time_ms = time_ms;
        Some(Pushed {
            layout,
            mask,
            time_ms,
        })
    }
}

/// What `DeltaWriter::push` found of a body: where its fields are, which of them are the
/// previous entry's (bits of `MASKED`), its time.
pub(super) struct Pushed {
    layout: Layout,
    mask: u64,
    pub(super) time_ms: i64,
}

impl Pushed {
    fn same(&self, field: usize) -> bool {
        MASKED
            .iter()
            .position(|&f| f == field)
            .is_some_and(|bit| self.mask & (1 << bit) != 0)
    }

    /// What `body` is posted under, `previous` (what the entry before it in the block is
    /// posted under) lending the fields that are its: only the others are read and checked
    /// as UTF-8.
    pub(super) fn posted<'a>(
        &self,
        body: &'a [u8],
        previous: Option<&Posted<'a>>,
    ) -> Option<Posted<'a>> {
        let field = |f: usize| body.get(self.layout.range(f));
        let text = |f: usize| field(f).and_then(|b| std::str::from_utf8(str_content(b)).ok());
        let optional = |f: usize| -> Option<Option<&'a str>> {
            let mut r = EntryReader {
                data: field(f)?,
                at: 0,
            };
            match r.varint()? {
                0 => Some(None),
                n => std::str::from_utf8(r.bytes(usize::try_from(n - 1).ok()?)?)
                    .ok()
                    .map(Some),
            }
        };
        let lent = previous.filter(|_| self.mask != 0);
        let (account_id, event_name, event_source, username, access_key_id) = match lent {
            Some(p) => (
                if self.same(ACCOUNT) {
                    Some(p.account_id)
                } else {
                    text(ACCOUNT)
                }?,
                if self.same(NAME) {
                    Some(p.event_name)
                } else {
                    text(NAME)
                }?,
                if self.same(SOURCE) {
                    Some(p.event_source)
                } else {
                    text(SOURCE)
                }?,
                if self.same(USER) {
                    Some(p.username)
                } else {
                    optional(USER)
                }?,
                if self.same(KEY) {
                    Some(p.access_key_id)
                } else {
                    optional(KEY)
                }?,
            ),
            None => (
                text(ACCOUNT)?,
                text(NAME)?,
                text(SOURCE)?,
                optional(USER)?,
                optional(KEY)?,
            ),
        };
        let resources = match lent {
            Some(p) if self.same(RESOURCES) => p.resources,
            _ => {
                let mut r = EntryReader {
                    data: field(RESOURCES)?,
                    at: 0,
                };
                let count = r.varint()?;
                let start = r.at;
                for _ in 0..count {
                    std::str::from_utf8(r.len_bytes()?).ok()?;
                    std::str::from_utf8(r.len_bytes()?).ok()?;
                }
                PostedResources::Encoded {
                    count,
                    data: &r.data[start..],
                }
            }
        };
        Some(Posted {
            event_id: text(EVENT_ID)?,
            account_id,
            time_ms: self.time_ms,
            event_name,
            event_source,
            read_only: field(READ_ONLY)?.first().is_some_and(|&b| b != 0),
            username,
            access_key_id,
            resources,
        })
    }
}

/// The entries of a block of delta entries (after `DELTA_BLOCK`) as `encode_body` writes them,
/// each after its `seq` offset (format 0); `None` when malformed.
pub(super) fn expand(delta: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(delta.len() * 4);
    let mut r = EntryReader { data: delta, at: 0 };
    // The previous body: where it starts in `out`, its layout, its time.
    let mut previous: Option<(usize, Layout, i64)> = None;
    while r.at < delta.len() {
        put_varint(&mut out, r.varint()?);
        let start = out.len();
        let mut layout = Layout::default();
        let mask = r.varint()?;
        // The previous body's field `f`, as a range of `out`.
        let prev_range = |f: usize| previous.map(|(at, p, _)| shift(p.range(f), at));
        let shared = usize::try_from(r.varint()?).ok()?;
        let rest = r.len_bytes()?;
        let prev_id = match prev_range(EVENT_ID) {
            Some(range) => {
                let field = &out[range.clone()];
                let content = str_content(field);
                let content_start = range.start + (field.len() - content.len());
                content_start..content_start + content.len()
            }
            None => 0..0,
        };
        if shared > prev_id.len() {
            return None;
        }
        put_varint(&mut out, (shared + rest.len()) as u64);
        out.extend_from_within(prev_id.start..prev_id.start + shared);
        out.extend_from_slice(rest);
        layout.ends[EVENT_ID] = out.len() - start;
        let mut time_ms = 0;
        for (bit, &f) in MASKED.iter().enumerate() {
            if f == NAME {
                let before = previous.map_or(0, |(_, _, t)| t);
                time_ms = before.wrapping_add(unzigzag(r.varint()?));
                put_varint(&mut out, zigzag(time_ms));
                layout.ends[TIME] = out.len() - start;
            }
            if mask & (1 << bit) != 0 {
                out.extend_from_within(prev_range(f)?);
            } else if f == RECORD {
                let kept_start = usize::try_from(r.varint()?).ok()?;
                let kept_end = usize::try_from(r.varint()?).ok()?;
                let middle = r.len_bytes()?;
                let before = prev_range(RECORD).unwrap_or(0..0);
                if kept_start.checked_add(kept_end)? > before.len() {
                    return None;
                }
                out.extend_from_within(before.start..before.start + kept_start);
                out.extend_from_slice(middle);
                out.extend_from_within(before.end - kept_end..before.end);
            } else {
                let from = r.at;
                r.skip_field(f)?;
                out.extend_from_slice(&delta[from..r.at]);
            }
            layout.ends[f] = out.len() - start;
        }
        previous = Some((start, layout, time_ms));
    }
    Some(out)
}

fn shift(r: std::ops::Range<usize>, by: usize) -> std::ops::Range<usize> {
    r.start + by..r.end + by
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_starts_and_ends_are_counted_exactly() {
        let a = b"0123456789abcdefghijklmnopqrstuvwxyz";
        for cut in 0..a.len() {
            let mut b = a.to_vec();
            b[cut] = b'#';
            assert_eq!(common_prefix(a, &b), cut, "{cut}");
            assert_eq!(common_suffix(a, &b, a.len()), a.len() - cut - 1, "{cut}");
        }
        assert_eq!(common_prefix(b"abc", b"abcdef"), 3);
        assert_eq!(common_suffix(b"xyzdef", b"def", 10), 3);
        assert_eq!(common_suffix(a, a, 5), 5);
        assert_eq!(common_prefix(b"", b"a"), 0);
    }
}
