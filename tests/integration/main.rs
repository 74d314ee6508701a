//! Integration tests: one binary, one module per behaviour.

mod charts;
mod cli;
mod common;
mod examples;
mod hand_computed;
mod invariants;
mod regression;
mod reproducibility;
mod routing;
mod theory;
