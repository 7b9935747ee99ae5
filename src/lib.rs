//! lector — a terminal reader for transcripts.
//!
//! The domain (`transcript`, `outline`, `wrap`) knows nothing of the terminal. `action`, `keymap`,
//! `state` and `update` describe the app as pure data and functions; only `ui` draws, and only
//! `app` (and the binary) touch the terminal, files and threads.

pub mod action;
pub mod app;
pub mod cli;
pub mod config;
pub mod keymap;
pub mod load;
pub mod notes;
pub mod outline;
pub mod search;
pub mod state;
pub mod transcript;
pub mod ui;
pub mod update;
pub mod wrap;
