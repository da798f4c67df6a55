//! One stable sort for the whole app. Every `slice::sort_by` call is a separate copy of
//! the standard library's sort in the WASM (3–5 KB each, about 35 KB for the app's
//! sorts); sorting indices through a `dyn` comparator keeps one copy.

use std::cmp::Ordering;

/// The order of `0..len` under `compare` (stable: ties keep their order).
fn sorted_indices(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut indices: Vec<usize> = (0..len).collect();
    indices.sort_by(|&a, &b| compare(a, b));
    indices
}

/// Sorts `items` stably by `compare`.
pub fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    let order = sorted_indices(items.len(), &|a, b| compare(&items[a], &items[b]));
    let mut taken: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| taken[i].take()));
}

/// Sorts `items` and removes duplicates.
pub fn sort_dedup<T: Ord>(items: &mut Vec<T>) {
    sort_by(items, T::cmp);
    items.dedup();
}

// proptest is a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn agrees_with_the_standard_stable_sort(v in proptest::collection::vec((0u8..5, any::<u16>()), 0..60)) {
            let mut ours = v.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std_sorted = v.clone();
            std_sorted.sort_by_key(|a| a.0);
            prop_assert_eq!(ours, std_sorted);
            let mut deduped = v.clone();
            sort_dedup(&mut deduped);
            let mut expected = v;
            expected.sort();
            expected.dedup();
            prop_assert_eq!(deduped, expected);
        }
    }
}
