//! Who is asking (sessions, the viewer extractor) and what they may do (the guardian).
pub mod api_caller;
pub mod guardian;
pub mod password;
pub mod perms;
pub mod rate_limit;
pub mod secret;
pub mod session;
pub mod viewer;
pub mod webhook_perms;

pub use api_caller::ApiCaller;
pub use guardian::{CommunityPerms, ComposerPerms, Guardian, PostPerms, TopicPerms};
pub use viewer::{AuthUser, TokenGrant, Viewer};
