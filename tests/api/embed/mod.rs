//! Issue 18: the corporate website (widgets, frames, page threads, signing in from the host page).

mod connect;
mod fragments;
mod frames;
mod popup;
mod sites;
mod threads;
mod widgets;
