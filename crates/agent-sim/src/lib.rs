//! A simulated OBShell agent: the real agent's encryption, envelope, error codes and validation
//! order over an in-memory OceanBase cluster model, for the console's development and tests;
//! and a simulated OCP serving its API v2 for tenant replicas and tasks.
//!
//! [`obshell`] and [`ocp`] are built alike: `model` (the world's data), `engine` (tasks),
//! `routes` (HTTP handlers by area) and `pipeline` (middleware: auth, envelope, faults). What
//! both use is at the top: [`clock`], [`faults`] (the `/__sim` admin API's switches) and
//! [`http`].

pub mod clock;
pub mod faults;
pub mod http;
pub mod obshell;
pub mod ocp;

pub use clock::{Clock, ManualClock, SystemClock};
