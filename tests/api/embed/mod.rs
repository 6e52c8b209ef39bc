//! Issue 18: the corporate website (widgets, frames, page threads, signing in from the host page).

mod connect;
mod popup;
mod sites;
mod frames;
mod threads;
mod fragments;
mod widgets;
