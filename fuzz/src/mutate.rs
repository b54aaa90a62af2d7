//! A small deterministic mutator for the stable smoke tests: without libFuzzer's coverage
//! feedback, byte flips, splices and dictionary insertions from a fixed seed still reach the
//! parsers' error paths on every `cargo test`.

/// xorshift64*: reproducible across platforms and runs.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Returns a mutant of `input` (1 to 4 edits), drawing inserted tokens from `dictionary` and
/// spliced runs from `other`.
pub fn mutate(rng: &mut Rng, input: &[u8], other: &[u8], dictionary: &[&str]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(8) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 if !out.is_empty() => {
                let end = (at + 1 + rng.below(16)).min(out.len());
                out.drain(at.min(end)..end);
            }
            2 => {
                let token = dictionary[rng.below(dictionary.len())].as_bytes();
                out.splice(at..at, token.iter().copied());
            }
            3 if !other.is_empty() => {
                let start = rng.below(other.len());
                let end = (start + 1 + rng.below(64)).min(other.len());
                out.splice(at..at, other[start..end].iter().copied());
            }
            4 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] = [
                    0, b'"', b'{', b'}', b'[', b']', b',', b':', b'\\', b'*', b'$', 0xff,
                ][rng.below(12)];
            }
            5 if at < out.len() => {
                // Repeat a run: deep nesting and long values.
                let end = (at + 1 + rng.below(8)).min(out.len());
                let run = out[at..end].to_vec();
                for _ in 0..rng.below(32) {
                    out.splice(at..at, run.iter().copied());
                }
            }
            6 => out.truncate(at),
            _ => {
                let b = (rng.next() & 0xff) as u8;
                out.insert(at, b);
            }
        }
    }
    out
}
