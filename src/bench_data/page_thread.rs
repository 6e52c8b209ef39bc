//! The bench data's embedded page thread (issue 18's widget workloads).

use crate::db::{write_batch, CommunityId, DbConn, Timestamp, UserId};

/// The bench's corporate page: its thread has 50 comments after the first.
pub const EMBED_PAGE: &str = "bench-product-page";

/// Makes the first bench sub-community embeddable (from `https://www.example.com`) and
/// gives it a page thread with 50 comments, through the normal write cores.
pub(super) fn embed_page_thread(
    conn: &mut DbConn,
    community: &CommunityId,
    author: &UserId,
    now: Timestamp,
) -> anyhow::Result<()> {
    use crate::forums::write_core::{insert_reply, insert_topic, TopicDraft};
    write_batch(conn, |conn| -> anyhow::Result<()> {
        crate::db::models::communities::set_embedding(
            conn,
            community,
            "https://www.example.com",
            "https://www.example.com/",
            true,
            now,
        )?;
        let draft = TopicDraft {
            community,
            category: None,
            kind: crate::db::TopicKind::Comment,
            title: "Bench product page",
            body: "The first comment on the product page.",
            tags: "",
            as_brand: false,
            page: Some((EMBED_PAGE, "https://www.example.com/products/bench")),
            language: None,
        };
        let topic = insert_topic(conn, &draft, author, now)?;
        for i in 1..=50 {
            let body = format!("Comment {i} on the product page: it works well for our team.");
            insert_reply(
                conn,
                &topic,
                community,
                author,
                &body,
                false,
                None,
                now.plus_secs(i),
            )?;
        }
        Ok(())
    })
}
