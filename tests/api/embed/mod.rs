//! Issue 18, the corporate website: widgets, fragments, frames, sessions, feeds.

mod fragments;
mod widgets;
