#!/usr/bin/env python3
"""Builds the benchmark query set from a Plaza bench JSONL (infra/bench/legalize_to_jsonl.py).

    python3 infra/bench/make_queries.py corpus.jsonl queries.txt prefixes.txt

Queries rotate across document frequencies, so no engine is measured on easy terms only:
common words (in ≥ 1 % of documents), mid-frequency and rare words (3–30 documents), and
two-word queries taken from adjacent words of real paragraphs. Half of them lose their accents,
as people type. Prefixes (3–6 letters of title words) feed the typeahead run. Fixed seed: the
same corpus gives the same queries.
"""
import collections
import json
import random
import re
import sys
import unicodedata

WORD = re.compile(r"[a-záéíóúüñ]{4,}")
STOP = set("""para como este esta estos estas todo toda todos todas sobre entre desde hasta según
donde cuando porque aquel aquella cada otro otra otros otras sean será serán sido siendo tiene
tienen debe deben dicho dicha dichos dichas mismo misma mismos mismas cual cuales quien quienes
también sino pero además tanto solo sólo más menos muy bien""".split())


def strip_accents(text):
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn" or c == "\u0303")


def main():
    source, queries_out, prefixes_out = sys.argv[1:4]
    rng = random.Random(20261122)
    df = collections.Counter()
    bigrams = []
    titles = []
    with open(source, encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number > 100_000:
                break
            record = json.loads(line)
            if record.get("type") != "practice":
                continue
            words = WORD.findall(record["body"].lower())
            df.update(set(words))
            if len(words) > 3 and rng.random() < 0.02:
                start = rng.randrange(len(words) - 1)
                pair = words[start:start + 2]
                if not set(pair) & STOP:
                    bigrams.append(" ".join(pair))
            titles.append(record["title"])
    documents = max(1, len(titles))
    vocabulary = [(word, count) for word, count in df.items() if word not in STOP]
    common = [w for w, c in vocabulary if c >= documents * 0.01]
    middle = [w for w, c in vocabulary if documents * 0.001 <= c < documents * 0.01]
    rare = [w for w, c in vocabulary if 3 <= c <= 30]
    picked = (rng.sample(common, min(40, len(common))) + rng.sample(middle, min(60, len(middle)))
              + rng.sample(rare, min(60, len(rare))) + rng.sample(bigrams, min(40, len(bigrams))))
    rng.shuffle(picked)
    queries = [strip_accents(q) if i % 2 else q for i, q in enumerate(picked)]
    with open(queries_out, "w", encoding="utf-8") as out:
        out.write("\n".join(queries) + "\n")
    prefixes = []
    for title in rng.sample(titles, min(400, len(titles))):
        words = WORD.findall(title.lower())
        if words:
            word = rng.choice(words)
            prefixes.append(strip_accents(word[:rng.randint(3, min(6, len(word)))]))
    with open(prefixes_out, "w", encoding="utf-8") as out:
        out.write("\n".join(prefixes[:100]) + "\n")
    print(f"{len(queries)} queries ({len(common)} common, {len(middle)} middle, {len(rare)} rare words "
          f"available), {len(prefixes[:100])} prefixes", file=sys.stderr)


if __name__ == "__main__":
    main()
