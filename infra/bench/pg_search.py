#!/usr/bin/env python3
"""The PostgreSQL comparator's loader: full-text search configured as Discourse does it.

    pg_search.py load  DSN corpus.jsonl   # table, generated weighted tsvector, GIN index; prints timings

Searches are served by a compiled handler with a connection pool, `plaza-bench postgres`
(crates/plaza_bench/src/postgres.rs), which holds the query.

Text search configuration `es_unaccent`: a copy of `spanish` whose word mappings go through
`unaccent` then the Spanish Snowball stemmer; title weighted A, body B; `websearch_to_tsquery`;
`ts_rank_cd`; LIMIT 20. Needs psycopg 3 (installed by infra/bench/run.sh).
"""
import json
import sys
import time

import psycopg

SETUP = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DROP TABLE IF EXISTS docs;
DROP TEXT SEARCH CONFIGURATION IF EXISTS es_unaccent;
CREATE TEXT SEARCH CONFIGURATION es_unaccent (COPY = spanish);
ALTER TEXT SEARCH CONFIGURATION es_unaccent
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
CREATE TABLE docs (
    id text PRIMARY KEY,
    title text NOT NULL,
    body text NOT NULL,
    search_data tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('es_unaccent', title), 'A') ||
        setweight(to_tsvector('es_unaccent', body), 'B')) STORED
);
"""

def load(dsn, corpus):
    started = time.monotonic()
    rows = 0
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(SETUP)
        with conn.cursor() as cur, cur.copy("COPY docs (id, title, body) FROM STDIN") as copy:
            with open(corpus, encoding="utf-8") as lines:
                for line in lines:
                    record = json.loads(line)
                    if record.get("type") == "practice":
                        copy.write_row((record["external_id"], record["title"], record["body"]))
                        rows += 1
        loaded = time.monotonic()
        conn.execute("CREATE INDEX docs_search ON docs USING gin (search_data)")
        conn.execute("VACUUM ANALYZE docs")
        indexed = time.monotonic()
        size = conn.execute("SELECT pg_total_relation_size('docs')").fetchone()[0]
    print(json.dumps({"engine": "postgresql", "loaded": rows, "copy_s": loaded - started,
                      "index_s": indexed - loaded, "seconds": indexed - started,
                      "docs_per_s": rows / (indexed - started), "bytes": size}))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "load":
        load(sys.argv[2], sys.argv[3])
    else:
        sys.exit(f"unknown command {command}")
