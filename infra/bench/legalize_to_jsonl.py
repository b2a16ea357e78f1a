#!/usr/bin/env python3
"""Turns ../shared/corpus/scale/legalize_ar.jsonl.gz into Plaza import records for scale runs.

Each norm is split into searchable documents: its paragraphs of ≥ 40 characters, long ones cut
further at sentence ends into pieces of 200–400 characters (about 1.14M documents in all),
imported as public practices of one national agency, in Spanish:
    python3 infra/bench/legalize_to_jsonl.py ../shared/corpus/scale/legalize_ar.jsonl.gz 100000 > /tmp/legal.jsonl
Datos legislativos provistos por el Ministerio de Justicia de la República Argentina a través de
la Dirección Nacional del Sistema Argentino de Información Jurídica (SAIJ), CC BY 4.0.
"""
import gzip
import json
import re
import sys

SENTENCE_END = re.compile(r"(?<=[.;:])\s+")


def pieces(paragraph):
    """A paragraph, or for a long one its sentences regrouped into pieces of 200-400 chars."""
    if len(paragraph) <= 400:
        yield paragraph
        return
    piece = ""
    for sentence in SENTENCE_END.split(paragraph):
        if piece and len(piece) + len(sentence) > 400 and len(piece) >= 200:
            yield piece
            piece = ""
        piece = f"{piece} {sentence}".strip()
    if piece:
        yield piece


source, limit = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
out = sys.stdout
out.write(json.dumps({"type": "agency", "external_id": "bench/agency/saij", "slug": "ar-saij",
                      "name": "Sistema Argentino de Información Jurídica", "level": "national",
                      "country": "AR", "email_domains": ["jus.gob.ar"]}) + "\n")
written = 0
with gzip.open(source, "rt", encoding="utf-8") as norms:
    for line in norms:
        norm = json.loads(line)
        title = (norm.get("title") or norm["id"]).strip()[:120]
        paragraphs = [piece for p in norm.get("body_markdown", "").split("\n\n") if len(p.strip()) >= 40
                      for piece in pieces(p.strip())]
        for number, paragraph in enumerate(paragraphs):
            if written >= limit:
                sys.exit(0)
            body = paragraph.lstrip("#* ")[:20_000]
            if len(body) < 40:  # a rule of asterisks or a bare heading marker
                continue
            out.write(json.dumps({
                "type": "practice", "external_id": f"bench/{norm['id']}/{number}", "agency": "ar-saij",
                "title": f"{title} — {norm['id']} §{number + 1}"[:200], "body": body,
                "visibility": "public", "language": "es", "licence": "CC-BY-4.0",
                "created_at": f"{norm.get('publication_date') or '2000-01-01'}T00:00:00Z",
            }, ensure_ascii=False) + "\n")
            written += 1
