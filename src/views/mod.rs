//! Layout and shared components. Views are pure functions of the data they receive.
pub mod brand;
pub mod components;
pub mod error_page;
pub mod holes;
pub mod layout;
pub mod page;

pub use layout::layout;
pub use page::{Notice, Page, PendingPage};
