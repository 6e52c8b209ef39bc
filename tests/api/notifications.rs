//! Placeholder: filled in by the notifications test work.
