-- Forums and Q&A: categories, topics of four kinds, posts and comments, revisions,
-- votes, tags, reputation events. Counters on topics/posts are updated in the same
-- transaction as the change that moves them.
CREATE TABLE categories (
    id TEXT PRIMARY KEY NOT NULL,
    community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    UNIQUE (community_id, slug)
);

CREATE TABLE topics (
    id TEXT PRIMARY KEY NOT NULL,
    community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    category_id TEXT REFERENCES categories(id) ON DELETE SET NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    author_id TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    bumped_at BIGINT NOT NULL,
    reply_count INTEGER NOT NULL DEFAULT 0,
    score INTEGER NOT NULL DEFAULT 0,
    accepted_post_id TEXT,
    official_reply BOOLEAN NOT NULL DEFAULT FALSE,
    pinned BOOLEAN NOT NULL DEFAULT FALSE,
    locked BOOLEAN NOT NULL DEFAULT FALSE,
    duplicate_of TEXT,
    idea_status TEXT,
    idea_status_note TEXT NOT NULL DEFAULT '',
    claimed_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    claimed_at BIGINT,
    tags TEXT NOT NULL DEFAULT '',
    deleted_at BIGINT
);
CREATE INDEX topics_community_bumped_idx ON topics(community_id, bumped_at, id);
CREATE INDEX topics_community_created_idx ON topics(community_id, created_at, id);
CREATE INDEX topics_bumped_idx ON topics(bumped_at, id);
-- A sub-community's pinned topics, and its plain latest list without them.
CREATE INDEX topics_community_pinned_idx ON topics(community_id, pinned, bumped_at, id);
CREATE INDEX topics_author_idx ON topics(author_id);

CREATE TABLE posts (
    id TEXT PRIMARY KEY NOT NULL,
    topic_id TEXT NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES users(id),
    post_number INTEGER NOT NULL,
    parent_id TEXT REFERENCES posts(id) ON DELETE CASCADE,
    body_markdown TEXT NOT NULL,
    body_html TEXT NOT NULL,
    as_brand BOOLEAN NOT NULL DEFAULT FALSE,
    score INTEGER NOT NULL DEFAULT 0,
    revision_count INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    edited_at BIGINT,
    deleted_at BIGINT,
    deleted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    UNIQUE (topic_id, post_number)
);
CREATE INDEX posts_author_idx ON posts(author_id, created_at);
CREATE INDEX posts_parent_idx ON posts(parent_id);
-- A question's answers by votes, one page at a time, without sorting the whole thread.
CREATE INDEX posts_answers_by_score_idx ON posts(topic_id, score DESC, post_number) WHERE parent_id IS NULL;
-- The official-posts feed of a sub-community.
CREATE INDEX posts_official_idx ON posts(community_id, as_brand, created_at);

CREATE TABLE post_revisions (
    id TEXT PRIMARY KEY NOT NULL,
    post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    editor_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    title TEXT,
    body_markdown TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX post_revisions_post_idx ON post_revisions(post_id, created_at);

CREATE TABLE votes (
    post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    value INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (post_id, user_id)
);

CREATE TABLE reputation_events (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    source_user_id TEXT,
    kind TEXT NOT NULL,
    points INTEGER NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX reputation_user_idx ON reputation_events(user_id);
CREATE INDEX reputation_community_idx ON reputation_events(community_id, created_at);

ALTER TABLE users ADD COLUMN reputation INTEGER NOT NULL DEFAULT 0;
