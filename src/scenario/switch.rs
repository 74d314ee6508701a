//! The `enabled` switch of the caller-contact sections (`[self_service]`, `[deflection]`,
//! `[announcement]`, `[callback]`, `[redial]`). A section switched off is read and checked in
//! full all the same, so that a typo in it is caught the day it is switched on from the command
//! line or by a variant — except a section that is nothing but `enabled = false`, which is what
//! `--set callback.enabled=false` writes into a file that has no `[callback]`: there is nothing
//! in it to check.

use super::issue::Issue;
use super::kinds::FLAG;
use super::reader::Table;

/// A section as read, and whether it is switched on.
#[derive(Debug)]
pub(super) struct Section<T> {
    /// `enabled`, `true` when not given.
    pub enabled: bool,
    /// The section's settings, checked whether or not it is switched on.
    pub value: T,
}

impl<T> Section<T> {
    /// The settings, when the section is switched on.
    pub fn on(self) -> Option<T> {
        self.enabled.then_some(self.value)
    }

    /// Applies the checks of stage two to the settings, then keeps them only when the section
    /// is switched on.
    pub fn build<U>(self, build: impl FnOnce(T) -> Result<U, Issue>) -> Result<Option<U>, Issue> {
        let built = build(self.value)?;
        Ok(self.enabled.then_some(built))
    }
}

/// Reads the section `key` of `parent` with `read`, when the section is given; `expected`
/// describes it and `keys` are its keys.
pub(super) fn read<T>(
    parent: &Table,
    key: &str,
    expected: &str,
    keys: &[&str],
    read: impl FnOnce(&Table) -> Result<T, Issue>,
) -> Result<Option<Section<T>>, Issue> {
    let Some(field) = parent.field(key) else {
        return Ok(None);
    };
    let table = field.table(expected)?;
    table.check_keys(keys)?;
    let enabled = table.optional("enabled", &FLAG)?.unwrap_or(true);
    if !enabled && table.has_only("enabled") {
        return Ok(None);
    }
    Ok(Some(Section {
        enabled,
        value: read(&table)?,
    }))
}
