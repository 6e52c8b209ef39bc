//! Issue 18: the corporate website (widgets, fragments, frames, embed sessions).

mod frames;
mod threads;
