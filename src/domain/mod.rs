//! Parsed value types. Input is parsed into these at the edge; services take only these.
mod color;
mod content;
mod email;
mod logo;
mod markdown;
mod password;
mod slug;
mod text;
mod username;

pub use color::AccentColor;
pub use content::{PostBody, Tags, TopicTitle};
pub use email::Email;
pub use logo::LogoUrl;
pub use markdown::{
    mention_candidates, render_markdown, render_markdown_with_mentions, RenderedMarkdown,
};
pub use password::Password;
pub use slug::Slug;
pub use text::BoundedText;
pub use username::Username;
