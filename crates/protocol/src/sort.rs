//! Stable sorting with one copy of the sorting code in the whole build.
//!
//! `slice::sort_by` and its kin are generic: every element type and comparison gets its own copy
//! of the standard library's sort (about 4 KB of wasm each; 25 copies were 101 KB of the
//! console, docs/benchmarks.md "Issue 25"). Here the elements' order is found by sorting their
//! indices, with the comparison behind a `dyn` (one copy), and the slice is then permuted in
//! place. Same result as `sort_by` (stable); for the short lists the console sorts, the extra
//! indirection costs nothing a person could see.

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp`, as `v.sort_by(cmp)` would.
pub fn by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let order = order(v.len(), &|a, b| cmp(&v[a], &v[b]));
    permute(v, order);
}

/// Sorts `v` stably by the key `key` gives each element, as `v.sort_by_key(key)` would.
pub fn by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` stably in its natural order, as `v.sort()` would.
pub fn natural<T: Ord>(v: &mut [T]) {
    by(v, Ord::cmp);
}

/// The indices `0..n` in the stable order `cmp` gives them: the one sort in the build.
#[inline(never)]
fn order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by(|&a, &b| cmp(a, b));
    idx
}

/// Rearranges `v` so that its element `i` is the one at `from[i]` before, following each cycle
/// of the permutation with swaps.
fn permute<T>(v: &mut [T], mut from: Vec<usize>) {
    for start in 0..from.len() {
        let mut at = start;
        while from[at] != start {
            let next = from[at];
            v.swap(at, next);
            from[at] = at;
            at = next;
        }
        from[at] = at;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so a failure names its case.
    fn lists() -> impl Iterator<Item = Vec<(u8, usize)>> {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        (0..2000).map(move |case| {
            let len = case % 40;
            (0..len)
                .map(|i| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    // Few distinct keys: many ties, whose order must be kept.
                    ((seed % 5) as u8, i)
                })
                .collect()
        })
    }

    #[test]
    fn sorts_as_the_standard_stable_sort_does_ties_kept_in_order() {
        for list in lists() {
            let mut ours = list.clone();
            by_key(&mut ours, |&(k, _)| k);
            let mut std = list.clone();
            std.sort_by_key(|&(k, _)| k);
            assert_eq!(ours, std, "from {list:?}");
        }
    }

    #[test]
    fn by_reverse_and_natural_orders() {
        let mut v = vec![3, 1, 2, 3, 0];
        by(&mut v, |a, b| b.cmp(a));
        assert_eq!(v, [3, 3, 2, 1, 0]);
        let mut words = vec!["pear".to_owned(), "apple".to_owned(), "fig".to_owned()];
        natural(&mut words);
        assert_eq!(words, ["apple", "fig", "pear"]);
        let mut empty: Vec<u8> = Vec::new();
        natural(&mut empty);
        assert!(empty.is_empty());
    }
}
