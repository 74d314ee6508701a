//! "Did you mean …?": the nearest valid spelling of a misspelt key or word.

/// The candidate closest to `word` by edit distance (ignoring case), if it is an obvious typo:
/// at most two edits, and fewer edits than `word` has characters, so that `sd` is not "corrected"
/// to `cv`.
pub(super) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word: Vec<char> = word.to_lowercase().chars().collect();
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(&word, candidate), candidate))
        .filter(|(distance, _)| *distance <= 2 && *distance < word.len())
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance between `a` and the lower-cased `b`.
fn edit_distance(a: &[char], b: &str) -> usize {
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_obvious_typos_only() {
        let keys = ["open", "close", "duration", "interval"];
        assert_eq!(closest("clsoe", keys), Some("close"));
        assert_eq!(closest("Close", keys), Some("close"));
        assert_eq!(closest("intervall", keys), Some("interval"));
        assert_eq!(closest("lunch", keys), None);
        assert_eq!(closest("sd", ["cv"]), None);
        assert_eq!(
            closest("exponentail", ["exponential", "erlang"]),
            Some("exponential")
        );
    }
}
