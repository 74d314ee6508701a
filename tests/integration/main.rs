//! Integration tests: one binary, one module per behaviour.

mod backtest;
mod call_log;
mod charts;
mod cli;
mod common;
mod compare;
mod contact;
mod days;
mod examples;
mod fit;
mod fractional_agents;
mod grouping;
mod hand_computed;
mod inputs;
mod invariants;
mod precision;
mod real_data;
mod regression;
mod reproducibility;
mod roster;
mod routing;
mod staffing;
mod sweep;
mod target_marks;
mod theory;
mod wrap_up;
