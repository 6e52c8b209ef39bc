#!/usr/bin/env python3
"""Issue 19: what PostgreSQL alone can do with the search statements, without Parley or HTTP.

Writes one pgbench script per query, holding what `src/db/search/pg/query.rs` sends for an
unfiltered search of every sub-community, page 1 (the density probe, the transaction with
its planner settings, the one search statement; the path chosen by the probe as the code
does), and runs pgbench with all of them (picked at random) at 16 clients, extended
protocol (parsed and planned per statement, as diesel sends a `sql_query`). The
statements are copied from the code as of the commit that added this script: keep them in
step if the engine's SQL changes.

    bench/search_pg_ceiling.py DATABASE_URL [SECONDS] [ROUNDS] [--floor]

With `--floor`, the scripts hold instead the least the issue's design can send per search:
one statement on `post_search` alone (the 200 newest matches in the sub-communities,
`ts_rank_cd` on each, the best 10 kept), then `ts_headline` of those 10 posts; no density
probe (the path is picked here, once per query), no visibility joins, no facets, no boosts.
Run both with `-M extended` (diesel's way) and `-M prepared` (planned once per client).

DATABASE_URL: a database filled by `parley bench-data`. Prints tps, the mean latency, and
p50 and p95 from pgbench's per-transaction log, per round; p95 < 20 ms at 16 connections needs about 1,000 searches/s (Little's law with a
tail about twice the median).
"""
import os, subprocess, sys, tempfile

url = sys.argv[1]
secs = sys.argv[2] if len(sys.argv) > 2 else "10"
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 2
floor = "--floor" in sys.argv
# How many candidates the floor ranks (Parley's engines rank 200).
cap = os.environ.get("FLOOR_CANDIDATES", "200")
# A sample of bench/lua/search.lua's queries as the engine's tsquery text (`tsquery()`):
# stems as the parley_english configuration writes them.
QUERIES = {
    "timeout": "('timeout')", "restart": "('restart')", "widgets": "('widget')",
    "integrations": "('integr')", "configure": "('configur')", "feature": "('featur')",
    "restart service": "('restart' & 'servic')", "error timeout": "('error' & 'timeout')",
    "fixed it": "('fix')", "feature 42": "('featur' & '42')",
    "configure feature 17": "('configur' & 'featur' & '17')",
    "restart -systemctl": "('restart' & !'systemctl')", "\"error 42\"": "(('error' <-> '42'))",
    "kubernetes": "('kubernet')", "zebra": "('zebra')", "invoice refund": "('invoic' & 'refund')",
    "integrations settings details": "('integr' & 'set' & 'detail')",
}
# Queries left out, separated by "|" (to see the rest without the slowest ones).
for skipped in filter(None, os.environ.get("SKIP_QUERIES", "").split("|")):
    QUERIES.pop(skipped, None)
MATCH = ("((s.lang = 'fr' AND s.vector @@ to_tsquery('parley_french', {q})) OR "
         "(s.lang <> 'fr' AND s.vector @@ to_tsquery('parley_english', {q})))")
VISIBLE = ("t.community_id = ANY({c}) AND t.deleted_at IS NULL AND NOT t.held "
           "AND p.deleted_at IS NULL AND p.moderation_state = 'published'")
SCORE = ("ts_rank_cd(s.vector, CASE WHEN s.lang = 'fr' THEN to_tsquery('parley_french', {q}) "
         "ELSE to_tsquery('parley_english', {q}) END) "
         "* (CASE WHEN t.accepted_post_id = p.id THEN 2.0 ELSE 1.0 END) "
         "* (CASE WHEN p.as_brand THEN 1.6 ELSE 1.0 END) "
         "* (CASE WHEN t.accepted_post_id IS NOT NULL THEN 1.2 ELSE 1.0 END) "
         "* (1.0 + 0.25 / (1.0 + GREATEST(0, {now} - p.created_at)::float8 / (90.0 * 86400e6)))")
HEADLINE = ("StartSel=\"\x01\", StopSel=\"\x02\", MaxWords=35, MinWords=15, ShortWord=3, "
            "MaxFragments=2, FragmentDelimiter=\" … \"")


def lit(s):
    return "'" + s.replace("'", "''") + "'"


def psql(sql):
    return subprocess.run(["psql", "-At", url, "-c", sql], check=True,
                          capture_output=True, text=True).stdout.strip()


communities = psql("SELECT array_agg(id)::text FROM communities")
c = lit(communities) + "::text[]"
now = psql("SELECT (extract(epoch FROM now()) * 1e6)::bigint")
tmp = tempfile.mkdtemp(prefix="search-pg-ceiling-")
scripts = []
for i, (query, tq) in enumerate(QUERIES.items()):
    q = lit(tq)
    m = MATCH.format(q=q)
    probe = (f"SELECT count(*) AS n FROM (SELECT s.lang, s.vector FROM post_search s "
             f"WHERE s.community_id = ANY({c}) ORDER BY s.created_at DESC LIMIT 2000) s WHERE {m}")
    dense = int(psql(probe)) >= 40
    path = ("SELECT set_config('enable_bitmapscan', 'off', true), " if dense else "SELECT ") + \
        "set_config('enable_seqscan', 'off', true), set_config('max_parallel_workers_per_gather', '0', true);"
    order = "s.created_at" if dense else "s.created_at + 0"
    search = f"""WITH c AS (SELECT s.post_id, s.topic_id, s.lang, s.vector FROM post_search s
 WHERE {m} AND s.community_id = ANY({c}) ORDER BY {order} DESC LIMIT 200),
 m AS (SELECT s.topic_id, s.post_id, t.community_id, p.created_at, p.post_number,
   {SCORE.format(q=q, now=now)} AS score FROM c s JOIN posts p ON p.id = s.post_id
   JOIN topics t ON t.id = s.topic_id WHERE {VISIBLE.format(c=c)}),
 b AS MATERIALIZED (SELECT DISTINCT ON (topic_id) topic_id, post_id, community_id, created_at, score
   FROM m ORDER BY topic_id, score DESC, post_number),
 f AS (SELECT community_id, count(*) AS n FROM b GROUP BY community_id),
 page AS (SELECT b.*, row_number() OVER (ORDER BY score DESC, topic_id) AS ord FROM b
   ORDER BY score DESC, topic_id LIMIT 10 OFFSET 0)
 SELECT 'f' AS row_kind, f.community_id, f.n, NULL::text AS topic_id, NULL::text AS post_id,
   NULL::int AS post_number, NULL::text AS title, NULL::text AS kind, NULL::int AS reply_count,
   NULL::bool AS solved, NULL::text AS author_id, NULL::bigint AS created_at, NULL::bool AS accepted,
   NULL::bool AS official, NULL::bool AS wiki, NULL::text AS tags, NULL::text AS headline FROM f
 UNION ALL
 SELECT 'h', t.community_id, page.ord, page.topic_id, page.post_id, p.post_number, t.title, t.kind,
   t.reply_count, t.accepted_post_id IS NOT NULL, p.author_id, p.created_at,
   t.accepted_post_id IS NOT DISTINCT FROM p.id, p.as_brand, t.wiki, t.tags,
   ts_headline(post_search_config(t.language),
     translate(p.body_markdown, E'<>\\x01\\x02\\x03\\x04', E'\\x03\\x04'),
     CASE WHEN t.language = 'fr' THEN to_tsquery('parley_french', {q})
          ELSE to_tsquery('parley_english', {q}) END, {lit(HEADLINE)})
 FROM page JOIN posts p ON p.id = page.post_id JOIN topics t ON t.id = page.topic_id;"""
    least = f"""WITH c AS (SELECT s.post_id, s.lang, s.vector FROM post_search s
 WHERE {m} AND s.community_id = ANY({c}) ORDER BY {order} DESC LIMIT {cap}),
 best AS (SELECT post_id, ts_rank_cd(vector, CASE WHEN lang = 'fr' THEN to_tsquery('parley_french', {q})
   ELSE to_tsquery('parley_english', {q}) END) AS score FROM c ORDER BY score DESC LIMIT 10)
 SELECT best.post_id, best.score, ts_headline('parley_english', p.body_markdown,
   to_tsquery('parley_english', {q}), {lit(HEADLINE)})
 FROM best JOIN posts p ON p.id = best.post_id;"""
    path_file = os.path.join(tmp, f"q{i:02}.sql")
    with open(path_file, "w") as f:
        if floor:
            f.write("\n".join(["BEGIN;", path, least.replace("\n", " "), "COMMIT;"]) + "\n")
        else:
            f.write("\n".join([probe + ";", "BEGIN;", path, search.replace("\n", " "), "COMMIT;"]) + "\n")
    scripts += ["-f", path_file + "@1"]
    print(f"{query!r}: {'dense' if dense else 'sparse'} path")
modes = ["extended", "prepared"] if floor else ["extended"]
for r in range(rounds):
    for mode in modes:
        logs = os.path.join(tmp, f"log-{r}-{mode}")
        out = subprocess.run(["pgbench", "-n", "-M", mode, "-c16", "-j2", "-T", secs, "-l",
                              f"--log-prefix={logs}", *scripts, url],
                             check=True, capture_output=True, text=True).stdout
        tps = next(l for l in out.splitlines() if l.startswith("tps"))
        lat = next(l for l in out.splitlines() if l.startswith("latency average"))
        # Each transaction's latency (third column, microseconds), from every client thread.
        micros = sorted(int(line.split()[2]) for name in os.listdir(tmp)
                        if name.startswith(os.path.basename(logs) + ".")
                        for line in open(os.path.join(tmp, name)))
        pct = lambda q: micros[min(len(micros) - 1, int(q * len(micros)))] / 1000
        print(f"round {r + 1} ({mode}): {tps.split('(')[0].strip()}, {lat}, "
              f"p50 {pct(0.50):.1f} ms, p95 {pct(0.95):.1f} ms")
