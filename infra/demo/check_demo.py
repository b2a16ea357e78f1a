#!/usr/bin/env python3
"""Checks the demo network against the importer's rules and the tests' expectations.

    python3 infra/demo/check_demo.py            (from the repository root)

What the importer refuses (crates/plaza_server/src/import/records.rs and the domain validation
in crates/plaza_domain): unknown record types and fields, missing required fields, unknown
taxonomy codes, over-long texts, metric units that do not fit their kind, values out of range,
periods that end before they start, unknown agencies or authors. What the tests and the demo
rely on: unique external ids, each item's language, the items the search and evidence tests
look for, and a demo folder well under 1 MB. Exits non-zero, listing every problem found.
"""
import json
import re
import statistics
import sys
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO_DIR = ROOT / "crates/plaza_server/demo"

LANGUAGES = {"es", "ca", "gl", "eu", "pt", "en", "fr", "it"}
LICENCES = {"cc-by-4.0", "cc-by-sa-4.0", "cc-by-3.0-es", "cc0-1.0", "mit", "eupl-1.2", "apache-2.0",
            "public-domain", "all-rights-reserved"}
STATUSES = {"draft", "published", "withdrawn"}
VISIBILITIES = {"public", "network", "agency"}
LEVELS = {"local", "provincial", "regional", "national", "supranational", "other_public_body"}
ROLES = {"editor", "moderator", "agency_admin", "network_admin"}
OBJECTIVES = {"information", "formats", "citizen_service", "conversation", "brand", "internal_communication",
              "inter_agency", "open_government", "crisis", "inclusion"}
DIMENSIONS = {"service_delivery", "social_outcomes", "trust_legitimacy"}
THREATS = {"no_strategy", "no_guidelines", "no_skills", "political_disinterest", "political_control",
           "uncoordinated", "digital_divide", "representation_bias", "abandoned_accounts", "impersonation"}
PLATFORMS = {"x", "facebook", "instagram", "tiktok", "youtube", "linkedin", "whatsapp", "telegram", "mastodon",
             "bluesky", "threads", "flickr", "blog", "podcast", "other"}
STAGES = {"idea", "pilot", "running", "finished", "discontinued"}
EVIDENCE = {"self_reported", "analytics_export", "audited"}
DURATIONS = {"seconds", "minutes", "hours", "days"}
UNITS = {"count", "percent", "ratio", "score", "eur", "usd", "local_currency"} | DURATIONS
KIND_UNITS = {
    "phone_calls": {"count"}, "counter_visits": {"count"}, "followers": {"count"}, "response_time": DURATIONS,
    "reach_rate": {"percent", "ratio"}, "engagement_rate": {"percent", "ratio"},
    "questions_resolved": {"count", "percent", "ratio"}, "participation": {"count", "percent", "ratio"},
    "sector_outcome_harm": {"count", "percent", "ratio"}, "sector_outcome_uptake": {"count", "percent", "ratio"},
    "satisfaction": {"score", "percent", "ratio"}, "ideas_implemented": {"count", "percent"},
    "cost": {"eur", "usd", "local_currency"}, "other": UNITS,
}
HEADER = {"type", "external_id", "agency", "authors", "status", "visibility", "language", "licence", "tags",
          "created_at", "review_by"}
FIELDS = {
    "agency": {"type", "external_id", "slug", "name", "level", "country", "region", "email_domains"},
    "member": {"type", "external_id", "email", "name", "agency", "roles"},
    "case_study": HEADER | {"title", "summary", "context", "objectives", "actions", "platforms", "formats", "team",
                            "budget", "tools", "metrics", "lessons", "threats", "dimensions", "stage", "started_on",
                            "ended_on", "replicates"},
    "practice": HEADER | {"title", "summary", "body", "objectives", "platforms", "dimensions", "threats"},
    "guideline": HEADER | {"title", "summary", "versions"},
}
METRIC_FIELDS = {"metric", "kind", "unit", "baseline", "target", "actual", "period_start", "period_end", "method",
                 "evidence_level"}
BODY_MAX = 100 * 1024
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Function words that tell the demo's languages apart (whole words, lower case).
STOPWORDS = {
    "es": "el la los las de del que y en un una para con por es se su al lo como más pero sus le ya o este "
          "también entre cuando muy sin sobre hay donde desde nos ni porque qué cómo cada hasta",
    "ca": "el la els les de del que i en un una per amb és es seu al com més però seus ja o aquest també entre "
          "quan molt sense sobre hi ha on des ens ni perquè què cada fins als dels amb",
    "pt": "o a os as de do da dos das que e em um uma para com por é se seu ao como mais mas seus já ou este "
          "também entre quando muito sem sobre há onde desde nos nem porque cada até na no pela pelo",
    "en": "the of and to in a is that for it as with was on be by this are or from at an have not but which "
          "their can more when has will they we you your",
}
STOPWORDS = {lang: set(words.split()) for lang, words in STOPWORDS.items()}


def detect(text: str) -> str:
    tokens = re.findall(r"[a-zà-ÿ·']+", text.lower())
    scores = {lang: sum(token in words for token in tokens) for lang, words in STOPWORDS.items()}
    # Catalan and Spanish share many words; Catalan-only markers decide between them.
    scores["ca"] += 2 * len(re.findall(r"\b(els|amb|però|perquè|també|aquest|aquesta|són|l'|d'|és)\b|l·l", text.lower()))
    scores["pt"] += 2 * len(re.findall(r"ção\b|ções\b|\b(não|são|também|você)\b", text.lower()))
    return max(scores, key=scores.get)


def edit_distance(a: str, b: str, limit: int) -> int:
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


class Problems(list):
    def need(self, condition, message):
        if not condition:
            self.append(message)


def one_line(value, limit):
    return isinstance(value, str) and value.strip() and len(value.strip()) <= limit and "\n" not in value.strip() \
        and not CONTROL.search(value)


def check_codes(problems, where, values, allowed, field):
    problems.need(isinstance(values, list), f"{where}: {field} must be a list")
    for value in values or []:
        problems.need(value in allowed, f"{where}: unknown {field} code {value!r}")


def check_record(problems, record, agencies, members, where):
    kind = record.get("type")
    if kind not in FIELDS:
        problems.append(f"{where}: unknown record type {kind!r}")
        return
    unknown = set(record) - FIELDS[kind]
    problems.need(not unknown, f"{where}: fields the importer does not know: {sorted(unknown)}")
    problems.need(isinstance(record.get("external_id"), str) and record["external_id"], f"{where}: external_id")
    if kind == "agency":
        problems.need(re.fullmatch(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])", record.get("slug", "")) is not None,
                      f"{where}: slug")
        problems.need(one_line(record.get("name"), 120), f"{where}: name")
        problems.need(record.get("level") in LEVELS, f"{where}: level")
        problems.need(re.fullmatch(r"[A-Z]{2}", record.get("country", "")) is not None, f"{where}: country")
        return
    if kind == "member":
        problems.need(re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", record.get("email", "")) is not None,
                      f"{where}: email")
        problems.need(one_line(record.get("name"), 120), f"{where}: name")
        problems.need(record.get("agency") in agencies, f"{where}: unknown agency")
        check_codes(problems, where, record.get("roles", []), ROLES, "role")
        return
    # Content: the header.
    problems.need(record.get("agency") in agencies, f"{where}: unknown agency {record.get('agency')!r}")
    for author in record.get("authors", []):
        problems.need(author in members, f"{where}: unknown author {author!r}")
    problems.need(record.get("status", "published") in STATUSES, f"{where}: status")
    problems.need(record.get("visibility", "network") in VISIBILITIES, f"{where}: visibility")
    problems.need(record.get("language") in LANGUAGES, f"{where}: language must be set")
    problems.need(str(record.get("licence", "CC-BY-4.0")).lower() in LICENCES, f"{where}: licence")
    tags = record.get("tags", [])
    problems.need(len(tags) <= 20, f"{where}: at most 20 tags")
    for tag in tags:
        problems.need(one_line(tag, 40), f"{where}: tag {tag!r}")
    if "created_at" in record:
        try:
            datetime.fromisoformat(record["created_at"].replace("Z", "+00:00"))
        except ValueError:
            problems.append(f"{where}: created_at")
    if "review_by" in record:
        date.fromisoformat(record["review_by"])
    problems.need(one_line(record.get("title"), 200), f"{where}: title (one line, 1-200 characters)")
    summary = record.get("summary", "")
    problems.need(len(summary.strip()) <= 2000 and not CONTROL.search(summary), f"{where}: summary")
    bodies = {"case_study": ["context", "actions", "lessons"], "practice": ["body"], "guideline": []}[kind]
    for field in bodies:
        text = record.get(field, "")
        problems.need(len(text.strip().encode()) <= BODY_MAX and not CONTROL.search(text), f"{where}: {field}")
    for field, allowed in [("objectives", OBJECTIVES), ("platforms", PLATFORMS), ("threats", THREATS),
                           ("dimensions", DIMENSIONS)]:
        if field in record:
            check_codes(problems, where, record[field], allowed, field)
    if kind == "case_study":
        problems.need(bool(record.get("objectives")), f"{where}: a case study needs an objective")
        problems.need(record.get("stage", "running") in STAGES, f"{where}: stage")
        for field in ("formats", "tools"):
            items = record.get(field, [])
            problems.need(len(items) <= 30 and all(one_line(i, 120) for i in items), f"{where}: {field}")
        for field in ("team", "budget"):
            problems.need(len(record.get(field, "")) <= 2000, f"{where}: {field}")
        if record.get("started_on") and record.get("ended_on"):
            problems.need(record["started_on"] <= record["ended_on"], f"{where}: ends before it starts")
        metrics = record.get("metrics", [])
        problems.need(len(metrics) <= 50, f"{where}: at most 50 metrics")
        for index, m in enumerate(metrics):
            at = f"{where} metric {index}"
            problems.need(not set(m) - METRIC_FIELDS, f"{at}: unknown fields {sorted(set(m) - METRIC_FIELDS)}")
            problems.need(one_line(m.get("metric"), 120), f"{at}: metric name (1-120 characters)")
            kind_code = m.get("kind") or "other"
            problems.need(kind_code in KIND_UNITS, f"{at}: kind")
            problems.need(m.get("unit") in KIND_UNITS.get(kind_code, set()), f"{at}: unit {m.get('unit')} for {kind_code}")
            for field in ("baseline", "target", "actual"):
                value = m.get(field)
                if value is None:
                    continue
                low, high = {"percent": (0, 100), "ratio": (0, 1)}.get(m.get("unit"), (0, 1e12))
                if m.get("unit") == "score":
                    low = -1e12
                problems.need(isinstance(value, (int, float)) and low <= value <= high, f"{at}: {field} {value}")
            problems.need(m.get("baseline") is not None or m.get("actual") is not None, f"{at}: baseline or actual")
            try:
                start, end = date.fromisoformat(m["period_start"]), date.fromisoformat(m["period_end"])
                problems.need(start <= end, f"{at}: period ends before it starts")
            except (KeyError, ValueError):
                problems.append(f"{at}: period_start and period_end are required dates")
            problems.need(len(m.get("method", "")) <= 1000, f"{at}: method")
            problems.need(m.get("evidence_level") in EVIDENCE, f"{at}: evidence_level")
    if kind == "practice":
        problems.need(record.get("summary", "").strip() or record.get("body", "").strip(),
                      f"{where}: a practice needs a summary or a body")
    if kind == "guideline":
        versions = record.get("versions", [])
        problems.need(len(versions) >= 1, f"{where}: a guideline needs a version")
        for index, version in enumerate(versions):
            problems.need(set(version) <= {"body", "changelog"}, f"{where} v{index + 1}: unknown fields")
            body = version.get("body", "")
            problems.need(body.strip() and len(body.strip().encode()) <= BODY_MAX, f"{where} v{index + 1}: body")
            changelog = version.get("changelog", "")
            problems.need(len(changelog) <= 2000, f"{where} v{index + 1}: changelog too long")
            problems.need(index == 0 or changelog.strip(), f"{where} v{index + 1}: later versions need a changelog")


def text_of(record):
    parts = [record.get(f, "") for f in ("title", "summary", "context", "actions", "lessons", "body")]
    parts += [v["body"] for v in record.get("versions", [])]
    return "\n".join(parts)


def check_tests(problems, records, collaboration):
    """What the tests in tests/, crates/*/tests and frontend/e2e expect of the demo."""
    agencies = {r["slug"]: r for r in records if r["type"] == "agency"}
    content = [r for r in records if r["type"] in ("case_study", "practice", "guideline")]
    public = [r for r in content if r.get("status", "published") == "published" and r.get("visibility") == "public"]
    cases = [r for r in public if r["type"] == "case_study"]
    # api_contract.rs: >= 15 public cases in es, ca, en and pt; >= 5 guidelines; >= 5 Spanish practices.
    problems.need(len(cases) >= 15, f"only {len(cases)} public case studies")
    problems.need({"es", "ca", "en", "pt"} <= {r["language"] for r in cases}, "a language lacks public cases")
    problems.need(sum(r["type"] == "guideline" for r in public) >= 5, "fewer than 5 public guidelines")
    problems.need(sum(r["type"] == "practice" and r["language"] == "es" for r in public) >= 5,
                  "fewer than 5 public Spanish practices")
    # evidence.rs: local public WhatsApp cases measuring phone calls: 4, median change -0.275.
    changes = [(m["actual"] - m["baseline"]) / m["baseline"] for r in cases
               if agencies[r["agency"]]["level"] == "local" and "whatsapp" in r.get("platforms", [])
               for m in r.get("metrics", []) if m.get("kind") == "phone_calls"]
    problems.need(len(changes) == 4 and abs(statistics.median(changes) + 0.275) < 1e-9,
                  f"whatWorks phone_calls/whatsapp/local: {len(changes)} cases, changes {changes}")
    # evidence.rs: exactly one public case past its review date.
    overdue = [r["title"] for r in cases if r.get("review_by", "9999") < date.today().isoformat()]
    problems.need(len(overdue) == 1, f"possibly outdated public cases: {overdue}")
    # search.rs: the internal Vallverde case is the only Vallverde item with objective "conversation".
    internal = "Escucha activa en redes para priorizar el mantenimiento urbano (uso interno)"
    problems.need(any(r["title"] == internal and r["visibility"] == "agency" for r in content), "internal case")
    chatty = [r["title"] for r in content if r["agency"] == "demo-ayto-vallverde" and r["title"] != internal
              and "conversation" in r.get("objectives", [])]
    problems.need(not chatty, f"Vallverde items with objective conversation: {chatty}")
    # search.rs: "plataforma:tiktok nivel:local" finds only titles with TikTok.
    tiktok = [r["title"] for r in public if agencies[r["agency"]]["level"] == "local"
              and "tiktok" in r.get("platforms", []) and "TikTok" not in r["title"]]
    problems.need(not tiktok, f"local TikTok items without TikTok in the title: {tiktok}")
    # search.rs: titles the relevance checks look for.
    for needle in ["Social Media Registry", "Pressupostos", "inundaciones", "vacinação", "TikTok", "WhatsApp"]:
        problems.need(any(needle in r["title"] for r in cases), f"no public case titled with {needle!r}")
    # e2e: a guideline with several versions.
    problems.need(any(len(r.get("versions", [])) > 1 for r in public), "no guideline with several versions")
    # search_analytics.rs and e2e: "zzqxw inexistente" finds nothing (typos reach two edits).
    texts = [text_of(r) for r in content] + [json.dumps(collaboration, ensure_ascii=False)]
    vocabulary = set(re.findall(r"[a-zà-ÿ]+", "\n".join(texts).lower()))
    near = sorted(w for w in vocabulary if edit_distance(w, "inexistente", 2) <= 2
                  or edit_distance(w, "zzqxw", 1) <= 1 or w.startswith("inexist"))
    problems.need(not near, f"words near the zero-result query: {near}")


def check_collaboration(problems, collaboration, members):
    groups = {g["slug"]: g for g in collaboration["groups"]}
    for group in collaboration["groups"]:
        problems.need(group["owner"] in members, f"group {group['slug']}: owner")
        for email in group["members"]:
            problems.need(email in members, f"group {group['slug']}: member {email}")
    for thread in collaboration["threads"]:
        where = f"thread {thread['title'][:40]!r}"
        problems.need(thread["kind"] in ("discussion", "question"), f"{where}: kind")
        problems.need(thread["author"] in members, f"{where}: author")
        problems.need(thread["group"] is None or thread["group"] in groups, f"{where}: group")
        problems.need(one_line(thread["title"], 200), f"{where}: title")
        problems.need(thread["replies"], f"{where}: every thread has replies")
        audience = None
        if thread["group"]:
            group = groups[thread["group"]]
            audience = set(group["members"]) | {group["owner"]}
        stack = list(thread["replies"])
        while stack:
            reply = stack.pop()
            problems.need(reply["author"] in members, f"{where}: reply author")
            problems.need(audience is None or reply["author"] in audience, f"{where}: reply by a non-member")
            problems.need(reply["body"].strip(), f"{where}: empty reply")
            stack.extend(reply.get("replies", []))
        accepted = thread.get("accepted")
        problems.need(accepted is None or (thread["kind"] == "question" and accepted < len(thread["replies"])),
                      f"{where}: accepted answer")


def main(path=None):
    path = Path(path) if path else DEMO_DIR / "demo.jsonl"
    problems = Problems()
    records, ids = [], set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"line {number}: not JSON ({error})")
            continue
        records.append(record)
        problems.need(record.get("external_id") not in ids, f"line {number}: duplicate id {record.get('external_id')}")
        ids.add(record.get("external_id"))
    agencies = {r["slug"] for r in records if r["type"] == "agency"}
    members = {r["email"] for r in records if r["type"] == "member"}
    case_ids = {r["external_id"] for r in records if r["type"] == "case_study"}
    for number, record in enumerate(records, 1):
        where = f"line {number} ({record.get('external_id')})"
        check_record(problems, record, agencies, members, where)
        if record.get("replicates"):
            problems.need(record["replicates"] in case_ids, f"{where}: replicates an unknown case")
        if record["type"] in ("case_study", "practice", "guideline"):
            sample = " ".join([record.get("title", ""), record.get("summary", ""), text_of(record)[:3000]])
            detected = detect(sample)
            problems.need(detected == record.get("language"),
                          f"{where}: language {record.get('language')} but the text reads as {detected}")
    collaboration = json.loads((path.parent / "collaboration.json").read_text(encoding="utf-8"))
    check_collaboration(problems, collaboration, members)
    check_tests(problems, records, collaboration)
    size = sum(f.stat().st_size for f in path.parent.iterdir() if f.is_file())
    problems.need(size < 700 * 1024, f"the demo folder is {size} bytes")
    threads = collaboration["threads"]
    group_members = {g["slug"]: set(g["members"]) | {g["owner"]} for g in collaboration["groups"]}
    print(f"checked {len(records)} records, {len(threads)} threads; demo folder {size} bytes")
    print("  discussions test: lucia sees "
          f"{sum(t['group'] is None or 'lucia.moreno@vallverde.example' in group_members[t['group']] for t in threads)}"
          f", an outsider {sum(t['group'] is None for t in threads)}, answered questions "
          f"{sum(t['kind'] == 'question' and t['accepted'] is not None for t in threads)}, groups {len(group_members)}")
    if problems:
        for problem in problems:
            print("PROBLEM", problem)
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
