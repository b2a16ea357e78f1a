#!/usr/bin/env python3
"""The PostgreSQL comparator: full-text search configured as Discourse does it, behind a minimal
HTTP handler.

    pg_search.py load  DSN corpus.jsonl   # table, generated weighted tsvector, GIN index; prints timings
    pg_search.py serve DSN HOST:PORT      # GET /search?q=… → {"hits": [{id, title, rank}]}

Text search configuration `es_unaccent`: a copy of `spanish` whose word mappings go through
`unaccent` then the Spanish Snowball stemmer; title weighted A, body B; `websearch_to_tsquery`;
`ts_rank_cd`; LIMIT 20. Needs psycopg 3 with its pool (installed by infra/bench/run.sh).
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import psycopg
from psycopg_pool import ConnectionPool

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

SEARCH = """
SELECT id, title, ts_rank_cd(search_data, query) AS rank
FROM docs, websearch_to_tsquery('es_unaccent', %s) AS query
WHERE search_data @@ query
ORDER BY rank DESC
LIMIT 20
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


def serve(dsn, listen):
    pool = ConnectionPool(dsn, min_size=4, max_size=16, open=True)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            url = urlparse(self.path)
            query = parse_qs(url.query).get("q", [""])[0]
            if url.path != "/search":
                return self.answer(404, {"error": "not found"})
            try:
                with pool.connection() as conn:
                    hits = [{"id": i, "title": t, "rank": r} for i, t, r in conn.execute(SEARCH, (query,))]
                self.answer(200, {"hits": hits})
            except Exception as error:  # a comparator reports, never hides, failures
                self.answer(500, {"error": str(error)})

        def answer(self, status, payload):
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    host, port = listen.rsplit(":", 1)
    server = ThreadingHTTPServer((host, int(port)), Handler)
    server.daemon_threads = True
    print(f"postgresql comparator listening on http://{listen}", file=sys.stderr, flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    threading.Event().wait()


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "load":
        load(sys.argv[2], sys.argv[3])
    elif command == "serve":
        serve(sys.argv[2], sys.argv[3])
    else:
        sys.exit(f"unknown command {command}")
