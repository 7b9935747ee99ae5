//! Bookmarks, highlights and notes: the model, the TOML file (atomic saves, a lock, merging
//! with another reader), re-finding lines after the transcript changed, and export.

pub mod anchor;
pub mod export;
pub mod model;
pub mod store;

pub use model::{Bookmark, Color, Highlight, Notes};
