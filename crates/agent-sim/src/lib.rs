//! A simulated OBShell agent: the real agent's encryption, envelope, error codes and validation
//! order over an in-memory OceanBase cluster model, for the console's development and tests;
//! and a simulated OCP serving its API v2 for tenant replicas and tasks.
//!
//! [`obshell`] and [`ocp`] are built alike: `model` (the world's data), `engine` (tasks),
//! `routes` (HTTP handlers by area) and `pipeline` (middleware: auth, envelope, faults). What
//! both use is at the top: [`clock`], [`faults`] (the fault switches and request log behind the
//! `/__sim` admin API; the OCP uses its request log) and [`http`]. [`ocp`] seeds its first
//! cluster from [`obshell::model`]; [`obshell`] uses nothing of [`ocp`].

pub mod clock;
pub mod faults;
pub mod http;
pub mod obshell;
pub mod ocp;

pub use clock::{Clock, ManualClock, SystemClock};
