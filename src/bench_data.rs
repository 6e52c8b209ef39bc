//! `parley bench-data`: a deterministic community of a given size for load tests.
//! Rows go in with multi-row INSERTs inside large transactions, so the default size
//! (2,000 members, 10 sub-communities, 20,000 topics, 500,000 posts) takes minutes.

use std::io::Write;

use diesel::prelude::*;
use indicatif::{ProgressBar, ProgressStyle};

use crate::auth::secret::{hash_token, random_token};
use crate::clock::Clock;
use crate::db::schema::{communities, posts, sessions, topics, users, votes, watches};
use crate::db::{
    write_batch, CommunityId, DbConn, PostId, SiteRole, Timestamp, TopicId, TopicKind, UserId,
    Visibility, WatchLevel, WatchTarget,
};
use crate::domain::{render_markdown, Password, Username};

mod page_thread;
use page_thread::embed_page_thread;
pub use page_thread::EMBED_PAGE;

#[derive(Debug, Clone)]
pub struct Size {
    pub members: usize,
    pub communities: usize,
    pub topics: usize,
    pub posts: usize,
    pub seed: u64,
}

impl Default for Size {
    fn default() -> Self {
        Self {
            members: 2_000,
            communities: 10,
            topics: 20_000,
            posts: 500_000,
            seed: 42,
        }
    }
}

pub const BENCH_PASSWORD: &str = "bench-password";
const BATCH: usize = 1_000;

/// Where the load suite finds its targets.
#[derive(Debug)]
pub struct Generated {
    pub topic_50: String,
    pub topic_10000: String,
    pub w3_community: String,
    pub session_tokens: Vec<String>,
    /// The embeddable sub-community's slug and the page key of its 50-comment page thread
    /// (issue 18's fragment workloads).
    pub embed_community: String,
    pub embed_page: String,
}

/// A small deterministic generator (xorshift64*): the same seed gives the same community.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }
}

#[derive(Insertable)]
#[diesel(table_name = users)]
struct UserRow {
    id: UserId,
    username: String,
    username_key: String,
    username_skeleton: String,
    email: String,
    email_key: String,
    email_confirmed_at: Option<Timestamp>,
    password_hash: String,
    role: SiteRole,
    is_employee: bool,
    created_at: Timestamp,
    updated_at: Timestamp,
}

#[derive(Insertable)]
#[diesel(table_name = topics)]
struct TopicRow {
    id: TopicId,
    community_id: CommunityId,
    kind: TopicKind,
    title: String,
    author_id: UserId,
    created_at: Timestamp,
    bumped_at: Timestamp,
    reply_count: i32,
    score: i32,
    accepted_post_id: Option<PostId>,
    tags: String,
}

#[derive(Insertable)]
#[diesel(table_name = posts)]
struct PostRow {
    id: PostId,
    topic_id: TopicId,
    community_id: CommunityId,
    author_id: UserId,
    post_number: i32,
    body_markdown: String,
    body_html: String,
    score: i32,
    created_at: Timestamp,
}

#[derive(Insertable)]
#[diesel(table_name = votes)]
struct VoteRow {
    post_id: PostId,
    topic_id: TopicId,
    user_id: UserId,
    value: i32,
    created_at: Timestamp,
}

/// Multi-row INSERT: diesel's batch insert needs the concrete backend, so match here.
macro_rules! insert_batch {
    ($conn:expr, $table:expr, $rows:expr) => {
        match $conn {
            DbConn::Sqlite(c) => diesel::insert_into($table).values($rows).execute(c),
            DbConn::Pg(c) => diesel::insert_into($table).values($rows).execute(c),
        }
    };
}

/// Reply counts per topic: most threads short, a few long, two of exact sizes.
fn reply_plan(size: &Size, rng: &mut Rng) -> Vec<usize> {
    let mut plan = vec![0usize; size.topics];
    if size.topics < 3 {
        return plan;
    }
    plan[0] = 10_000.min(size.posts / 2);
    plan[1] = 50;
    let mut budget = size.posts.saturating_sub(size.topics + plan[0] + plan[1]);
    let rest = size.topics - 2;
    // Heavy tail: 1 topic in 50 gets a long thread; the rest share what remains.
    let mut i = 2;
    while budget > 0 {
        let t = 2 + (i % rest);
        let n = if rng.below(50) == 0 {
            100 + rng.below(400)
        } else {
            rng.below(30)
        };
        let n = n.min(budget);
        plan[t] += n;
        budget -= n;
        i += 1;
    }
    plan
}

pub fn generate(
    conn: &mut DbConn,
    size: &Size,
    clock: &Clock,
    progress: bool,
) -> anyhow::Result<Generated> {
    let existing: i64 = communities::table
        .filter(communities::slug.like("bench-%"))
        .count()
        .get_result(conn)?;
    if existing > 0 {
        anyhow::bail!("bench data already present in this database; use a fresh one");
    }
    let mut rng = Rng(size.seed.max(1));
    let now = clock.now();
    let total = (size.members + size.topics + size.posts) as u64;
    let bar = if progress {
        ProgressBar::new(total)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{msg:>10} [{bar:40}] {pos}/{len} rows ({per_sec}, {eta} left)",
        )
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );

    // One real argon2id hash shared by every generated member (hashing 2,000 would take a minute).
    let hash = crate::auth::password::hash_now(
        &Password::parse(BENCH_PASSWORD).map_err(anyhow::Error::msg)?,
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;

    bar.set_message("members");
    let mut member_ids = Vec::with_capacity(size.members);
    let mut rows = Vec::with_capacity(BATCH);
    let joined = now.plus_secs(-400 * 86_400);
    for i in 0..size.members {
        let name = Username::parse(&format!("member{i:05}")).map_err(anyhow::Error::msg)?;
        let id = UserId::new();
        member_ids.push(id.clone());
        rows.push(UserRow {
            id,
            username: name.as_str().into(),
            username_key: name.key().into(),
            username_skeleton: name.skeleton().into(),
            email: format!("member{i:05}@bench.example"),
            email_key: format!("member{i:05}@bench.example"),
            email_confirmed_at: Some(now),
            password_hash: hash.clone(),
            role: SiteRole::Member,
            is_employee: i % 20 == 0,
            // Members joined over the past years (not new accounts with posting limits).
            created_at: joined,
            updated_at: joined,
        });
        if rows.len() == BATCH || i + 1 == size.members {
            write_batch(conn, |c| insert_batch!(c, users::table, &rows))?;
            bar.inc(rows.len() as u64);
            rows.clear();
        }
    }

    let mut community_ids = Vec::new();
    for i in 0..size.communities {
        let id = CommunityId::new();
        let slug = format!("bench-{i:02}");
        diesel::insert_into(communities::table)
            .values((
                communities::id.eq(&id),
                communities::slug.eq(&slug),
                communities::name.eq(format!("Product group {i}")),
                communities::description.eq("Generated for load tests."),
                communities::accent_color.eq("#3355cc"),
                communities::visibility.eq(Visibility::Public),
                communities::position.eq(i32::try_from(i).unwrap_or(0)),
                communities::created_at.eq(now),
                communities::updated_at.eq(now),
            ))
            .execute(conn)?;
        community_ids.push((id, slug));
    }

    let bodies: Vec<_> = [
        "Thanks, that **fixed it** for us.",
        "Have you tried restarting the service after changing the setting?\n\n```sh\nsystemctl restart widgets\n```",
        "Same here. It started after the last update; here is our log excerpt:\n\n> error 42: timeout\n\nAny idea?",
        "You can do this from *Settings → Integrations*. See https://example.com/docs/integrations for details.",
        "| option | effect |\n|---|---|\n| fast | less accurate |\n| safe | slower |\n\nWe use `safe`.",
    ]
    .iter()
    .map(|b| render_markdown(b))
    .collect();

    let plan = reply_plan(size, &mut rng);
    let spread_us: i64 = 365 * 86_400 * 1_000_000;
    let mut topic_50 = String::new();
    let mut topic_10000 = String::new();
    let mut topic_rows = Vec::with_capacity(BATCH);
    let mut post_rows: Vec<PostRow> = Vec::with_capacity(BATCH);
    let mut vote_rows: Vec<VoteRow> = Vec::with_capacity(BATCH);
    let mut event_rows = Vec::with_capacity(BATCH * 3);
    let employees: std::collections::HashSet<UserId> = member_ids
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 20 == 0)
        .map(|(_, m)| m.clone())
        .collect();
    // Every author watches their topic, as the app's default does.
    let mut watch_rows: Vec<WatchRow> = Vec::with_capacity(size.topics + 64);
    bar.set_message("topics");
    // Topics in chronological order so bump times look real.
    for (t, replies) in plan.iter().enumerate() {
        let (cid, _) = &community_ids[t % community_ids.len().max(1)];
        let created = Timestamp::from_micros(
            now.micros() - spread_us + (spread_us / size.topics.max(1) as i64) * t as i64,
        );
        let id = TopicId::new();
        if t == 0 {
            topic_10000 = format!("/t/{id}");
        } else if t == 1 {
            topic_50 = format!("/t/{id}");
        }
        let kind = match t % 10 {
            0..=5 => TopicKind::Question,
            6..=8 => TopicKind::Discussion,
            _ => TopicKind::Idea,
        };
        let author = member_ids[rng.below(member_ids.len())].clone();
        watch_rows.push(WatchRow::new(
            &author,
            WatchTarget::Topic,
            id.as_str(),
            WatchLevel::Watching,
            now,
        ));
        if t == 1 {
            // The W5 topic has watchers besides its author, so each reply notifies them.
            for w in 0..20 {
                let m = &member_ids[(w * 37 + 5) % member_ids.len()];
                if *m != author {
                    watch_rows.push(WatchRow::new(
                        m,
                        WatchTarget::Topic,
                        id.as_str(),
                        WatchLevel::Watching,
                        now,
                    ));
                }
            }
        }
        let first_reply = PostId::new();
        let accepted = (kind == TopicKind::Question && *replies > 0 && rng.below(10) < 4)
            .then(|| first_reply.clone());
        topic_rows.push(TopicRow {
            id: id.clone(),
            community_id: cid.clone(),
            kind,
            title: format!(
                "Generated topic {t}: how do I configure feature {} on plan {}?",
                t % 97,
                t % 5
            ),
            author_id: author.clone(),
            created_at: created,
            bumped_at: Timestamp::from_micros(
                created.micros() + i64::try_from(*replies).unwrap_or(0) * 60_000_000,
            ),
            reply_count: i32::try_from(*replies).unwrap_or(i32::MAX),
            score: 0,
            accepted_post_id: accepted.clone(),
            tags: if t % 3 == 0 {
                " setup ".into()
            } else {
                String::new()
            },
        });
        // Issue 20: the outcome events the write cores would have recorded.
        let mut answered = (false, false);
        for n in 0..=*replies {
            let pid = if n == 1 {
                first_reply.clone()
            } else {
                PostId::new()
            };
            let body = &bodies[rng.below(bodies.len())];
            let voters = if n <= 1 { rng.below(4) } else { 0 };
            let post_author = if n == 0 {
                author.clone()
            } else {
                member_ids[rng.below(member_ids.len())].clone()
            };
            let post_at = Timestamp::from_micros(
                created.micros() + i64::try_from(n).unwrap_or(0) * 60_000_000,
            );
            let ev = crate::outcomes::bench::BenchPost {
                community: cid,
                topic: &id,
                post: &pid,
                author: &post_author,
                employee: employees.contains(&post_author),
                at: post_at,
            };
            if n == 0 {
                crate::outcomes::bench::opening(&mut event_rows, &ev, kind == TopicKind::Question);
            } else {
                let other = post_author != author;
                let question = kind == TopicKind::Question;
                let first_other = question && other && !answered.0;
                let first_employee = question && other && ev.employee && !answered.1;
                answered.0 |= first_other;
                answered.1 |= first_employee;
                let accepted_by = (accepted.as_ref() == Some(&pid)).then_some(&author);
                crate::outcomes::bench::reply(
                    &mut event_rows,
                    &ev,
                    other,
                    first_other,
                    first_employee,
                    accepted_by,
                );
            }
            for v in 0..voters {
                vote_rows.push(VoteRow {
                    post_id: pid.clone(),
                    topic_id: id.clone(),
                    user_id: member_ids[(t * 7 + v * 13 + 1) % member_ids.len()].clone(),
                    value: 1,
                    created_at: created,
                });
            }
            post_rows.push(PostRow {
                id: pid,
                topic_id: id.clone(),
                community_id: cid.clone(),
                author_id: post_author,
                post_number: i32::try_from(n + 1).unwrap_or(i32::MAX),
                body_markdown: body.source.clone(),
                body_html: body.html.clone(),
                score: i32::try_from(voters).unwrap_or(0),
                created_at: post_at,
            });
            // Topics are inserted before posts in every flush, so a topic always precedes its posts.
            if post_rows.len() >= BATCH {
                flush(
                    conn,
                    &mut topic_rows,
                    &mut post_rows,
                    &mut vote_rows,
                    &mut event_rows,
                    &bar,
                )?;
            }
        }
    }
    flush(
        conn,
        &mut topic_rows,
        &mut post_rows,
        &mut vote_rows,
        &mut event_rows,
        &bar,
    )?;
    // Sub-community watchers: employees follow new topics where they answer.
    for (i, m) in member_ids.iter().enumerate().filter(|(i, _)| i % 20 == 0) {
        let (cid, _) = &community_ids[i % community_ids.len().max(1)];
        watch_rows.push(WatchRow::new(
            m,
            WatchTarget::Community,
            cid.as_str(),
            WatchLevel::NewTopics,
            now,
        ));
    }
    watch_rows.sort_by(|a, b| {
        (&a.user_id, a.target_id.as_str()).cmp(&(&b.user_id, b.target_id.as_str()))
    });
    watch_rows.dedup_by(|a, b| a.user_id == b.user_id && a.target_id == b.target_id);
    for chunk in watch_rows.chunks(BATCH) {
        write_batch(conn, |c| insert_batch!(c, watches::table, chunk))?;
    }
    bar.finish_with_message("done");

    // Sessions for the signed-in workloads.
    let mut session_tokens = Vec::new();
    for member in member_ids.iter().take(200) {
        let token = random_token();
        diesel::insert_into(sessions::table)
            .values((
                sessions::id_hash.eq(hash_token(&token)),
                sessions::user_id.eq(member),
                sessions::created_at.eq(now),
                sessions::last_seen_at.eq(now),
                sessions::expires_at.eq(now.plus_secs(30 * 86_400)),
            ))
            .execute(conn)?;
        session_tokens.push(token);
    }
    // Issue 19: the bulk load bypassed the write paths, so the search index is built now.
    crate::reindex::run(conn, progress)?;
    // Fresh planner statistics, as autovacuum would have them on a community that grew
    // over time: right after a bulk load PostgreSQL still believes the tables are empty.
    if let DbConn::Pg(c) = conn {
        use diesel::connection::SimpleConnection;
        bar.set_message("analyze");
        c.batch_execute("ANALYZE")?;
    }
    let w3 = community_ids
        .first()
        .map(|(_, s)| format!("/c/{s}"))
        .unwrap_or_default();
    let (embed_community, embed_page) = match (community_ids.first(), member_ids.first()) {
        (Some((id, slug)), Some(author)) => {
            embed_page_thread(conn, id, author, now)?;
            (slug.clone(), EMBED_PAGE.to_string())
        }
        _ => (String::new(), String::new()),
    };
    Ok(Generated {
        topic_50,
        topic_10000,
        w3_community: w3,
        session_tokens,
        embed_community,
        embed_page,
    })
}

#[derive(Insertable)]
#[diesel(table_name = watches)]
struct WatchRow {
    user_id: UserId,
    target_kind: WatchTarget,
    target_id: String,
    level: WatchLevel,
    last_read: i32,
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl WatchRow {
    fn new(
        user: &UserId,
        kind: WatchTarget,
        target: &str,
        level: WatchLevel,
        now: Timestamp,
    ) -> Self {
        Self {
            user_id: user.clone(),
            target_kind: kind,
            target_id: target.to_string(),
            level,
            last_read: 0,
            created_at: now,
            updated_at: now,
        }
    }
}

fn flush(
    conn: &mut DbConn,
    topic_rows: &mut Vec<TopicRow>,
    post_rows: &mut Vec<PostRow>,
    vote_rows: &mut Vec<VoteRow>,
    event_rows: &mut Vec<crate::outcomes::bench::EventRow>,
    bar: &ProgressBar,
) -> anyhow::Result<()> {
    let (t, p) = (topic_rows.len(), post_rows.len());
    write_batch(conn, |c| -> diesel::QueryResult<()> {
        for chunk in topic_rows.chunks(BATCH) {
            insert_batch!(c, topics::table, chunk)?;
        }
        for chunk in post_rows.chunks(BATCH) {
            insert_batch!(c, posts::table, chunk)?;
        }
        for chunk in vote_rows.chunks(BATCH) {
            insert_batch!(c, votes::table, chunk)?;
        }
        crate::outcomes::bench::flush(c, event_rows)?;
        Ok(())
    })?;
    bar.inc((t + p) as u64);
    topic_rows.clear();
    post_rows.clear();
    vote_rows.clear();
    Ok(())
}

/// Writes the session tokens, one per line, for wrk's signed-in workloads.
pub fn write_tokens(path: &std::path::Path, tokens: &[String]) -> std::io::Result<()> {
    let mut f = std::fs::File::create(path)?;
    for t in tokens {
        writeln!(f, "{t}")?;
    }
    Ok(())
}
