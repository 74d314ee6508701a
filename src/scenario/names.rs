//! Names of classes and pools: unique, since reports and skills tell them apart by name, and
//! class names looked up where pool skills and reservations refer to them, with a suggestion
//! for a near miss.

use super::issue::{Issue, one_of};
use super::reader::Written;
use super::suggest;

/// Refuses the second use of a name among `names`; `what` names the things named ("class").
pub(super) fn unique<'a>(
    names: impl IntoIterator<Item = &'a Written<String>>,
    what: &str,
) -> Result<(), Issue> {
    let mut seen: Vec<&Written<String>> = Vec::new();
    for name in names {
        if let Some(first) = seen.iter().find(|seen| seen.value == name.value) {
            return Err(name.invalid(format!(
                "a name no other {what} has (`{}` is {} too)",
                first.key(),
                first.text()
            )));
        }
        seen.push(name);
    }
    Ok(())
}

/// The class names (or pool names), in the order the classes are declared.
pub(super) struct ClassNames<'a>(Vec<&'a str>, &'static str);

impl<'a> ClassNames<'a> {
    /// The names of the classes, in order.
    pub fn new(names: impl IntoIterator<Item = &'a str>) -> Self {
        ClassNames(names.into_iter().collect(), "class")
    }

    /// The names of the pools, in order, for shifts and start states that name a pool.
    pub fn pools(names: impl IntoIterator<Item = &'a str>) -> Self {
        ClassNames(names.into_iter().collect(), "pool")
    }

    /// Index of the class `written` names.
    pub fn index(&self, written: &Written<String>) -> Result<usize, Issue> {
        let names = || self.0.iter().copied();
        names()
            .position(|name| name == written.value)
            .ok_or_else(|| {
                let suggestion = suggest::closest(&written.value, names());
                written
                    .invalid(format!(
                        "the name of a {}, {}",
                        self.1,
                        one_of(names(), '"')
                    ))
                    .suggesting(suggestion.map(|name| format!("\"{name}\"")))
            })
    }

    /// The name of class `index`.
    pub fn name(&self, index: usize) -> &str {
        self.0.get(index).copied().unwrap_or_default()
    }
}
