//! lector — a terminal reader for transcripts.
//!
//! The layers, from the bottom (see ARCHITECTURE.md; `tests/architecture.rs` checks that every
//! `crate::` path points down):
//!
//! - `wrap`, `text`: width and text rules every layer shares;
//! - the domain, with no terminal code: `transcript`, `search`, `outline`, `notes`, `load`;
//! - the app as data: `options`, `theme`, `action`, `keymap`, `config`, `state`, `update`;
//! - the view: `ui` reads the state and draws it;
//! - the edges: `session` (assembly), `jobs` (background work), `commands` (non-interactive
//!   subcommands), `cli`, and `app` (the loop, the only module that touches the terminal).

pub mod action;
pub mod app;
pub mod cli;
pub mod commands;
pub mod config;
pub mod jobs;
pub mod keymap;
pub mod load;
pub mod notes;
pub mod options;
pub mod outline;
pub mod player;
pub mod search;
pub mod session;
pub mod state;
pub mod text;
pub mod theme;
pub mod transcript;
pub mod ui;
pub mod update;
pub mod wrap;
