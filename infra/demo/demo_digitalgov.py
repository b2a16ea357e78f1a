"""English demo items from DigitalGov (U.S. General Services Administration), all about social
media in government: case studies with the figures their articles report, and practices.

Articles are chosen by id; the summaries, taxonomy codes and metric records are written for the
demo from what each article says (metric values are the article's own figures, with the article
named as the method). Bodies are the articles converted to Markdown, shortened at a paragraph
boundary when long, and end with the source line.
"""
import json
from pathlib import Path

from demo_text import clip_paragraphs, digitalgov_markdown

AGENCY, AUTHOR = "gsa-digitalgov", "digitalgov@gsa.gov"
CLIP = 7000


def metric(name, kind, unit, baseline, target, actual, start, end, method, evidence):
    return {"metric": name, "kind": kind, "unit": unit, "baseline": baseline, "target": target, "actual": actual,
            "period_start": start, "period_end": end, "method": method, "evidence_level": evidence}


def article_method(what):
    return f"{what}, as reported in the DigitalGov article (no separate data published)"


CASES = [
    dict(
        id="2012-11-19-case-study-how-gsa-launched-social-media-registry",
        summary="GSA built a registry where federal employees with a .gov or .mil address register their "
                "agencies' official social media accounts, and anyone can check whether an account is official. "
                "It answers agencies' fear of being spoofed and gives journalists and researchers a verified list.",
        split={"actions": "## The Solution", "lessons": "## Results"},
        objectives=["brand", "inter_agency", "open_government"], platforms=["x", "facebook", "youtube", "other"],
        threats=["impersonation", "uncoordinated"], dimensions=["trust_legitimacy"], stage="running",
        tags=["registry", "verification", "open source"],
    ),
    dict(
        id="2013-07-02-what-weve-learned-three-years-of-answering-questions-on-social-media",
        summary="Since January 2010 USA.gov and its Spanish-language sister site have answered the public's "
                "questions on Facebook and Twitter: more than 3,000 in three years, by a rota of seven people, "
                "in half the time per question they needed at the start.",
        objectives=["citizen_service", "conversation"], platforms=["facebook", "x"],
        threats=["no_skills"], dimensions=["service_delivery"], stage="running", started_on="2010-01-01",
        metrics=[
            metric("Questions answered on Facebook and Twitter (English and Spanish)", "questions_resolved",
                   "count", None, None, 3000, "2010-01-01", "2013-07-02",
                   article_method("\"More than 3,000\" since launch; every question is logged in a form with the "
                                  "channel and the time it took"), "self_reported"),
            metric("Questions answered in the first year", "questions_resolved", "count", None, None, 300,
                   "2010-01-01", "2010-12-31", article_method("\"More than 300 questions in 2010\""),
                   "self_reported"),
            metric("Time spent per question, relative to 2010", "other", "ratio", 1, None, 0.5, "2013-01-01",
                   "2013-07-02", article_method("\"Half as much time per question as in 2010\", from the question "
                                                "log"), "self_reported"),
        ],
        tags=["usagov", "spanish", "customer service"],
    ),
    dict(
        id="2014-02-26-noaa-national-weather-service-meteorologist-twitter-use-shows-that-all-government-"
           "employees-are-communicators",
        title="NOAA National Weather Service Meteorologist Twitter Use Shows that All Government Employees are "
              "Communicators",
        summary="When rumours of 20–30 inches of snow spread on Twitter before a winter storm, a National Weather "
                "Service meteorologist answered from his forecast office's account; the correction was retweeted "
                "169 times and ended the rumour. NOAA had prepared its offices with a policy, training and a "
                "naming convention.",
        objectives=["crisis", "information"], platforms=["x"],
        threats=["no_skills", "political_control"], dimensions=["social_outcomes", "trust_legitimacy"],
        stage="running",
        metrics=[
            metric("Retweets of the forecast office's rumour correction", "other", "count", None, None, 169,
                   "2014-01-31", "2014-01-31", article_method("Retweet count of the @NWSIndianapolis tweet"),
                   "self_reported"),
        ],
        tags=["weather", "rumours", "emergencies"],
    ),
    dict(
        id="2014-05-21-inter-agency-federal-social-media-promotes-womens-health-campaign",
        summary="For National Women's Health Week 2014, HHS, FDA, NIH and GSA coordinated a social media toolkit, "
                "a Thunderclap, Twitter chats and a shared Pinterest board: more than 13,000 Twitter accounts "
                "posted over 28,000 tweets and 1,800 women took the well-woman pledge.",
        objectives=["inter_agency", "information"], platforms=["x", "facebook", "other"],
        threats=["uncoordinated"], dimensions=["social_outcomes"], stage="finished",
        started_on="2014-05-11", ended_on="2014-05-17",
        metrics=[
            metric("Women who took the well-woman pledge", "participation", "count", None, None, 1800,
                   "2014-05-11", "2014-05-17", article_method("\"More than 1,800\""), "self_reported"),
            metric("Unique Twitter accounts posting in support of the week", "participation", "count", None, None,
                   13000, "2014-05-11", "2014-05-17", article_method("\"More than 13,000\""), "self_reported"),
            metric("Contributors to the #HealthTalk Twitter chat", "participation", "count", None, None, 409,
                   "2014-05-11", "2014-05-17", article_method("Chat analytics"), "analytics_export"),
        ],
        tags=["campaign", "health", "twitter chat"],
    ),
    dict(
        id="2014-05-29-why-we-turned-off-comments-on-the-usa-gov-blog",
        summary="USA.gov closed comments on its blog after months in which they brought only spam: the "
                "conversation had moved to Twitter and Facebook, where the team keeps answering, and people can "
                "still write by e-mail.",
        objectives=["conversation", "citizen_service"], platforms=["blog", "x", "facebook"],
        dimensions=["service_delivery"], stage="finished",
        tags=["moderation", "comments", "spam"],
    ),
    dict(
        id="2017-05-22-how-facebook-live-increased-reach-and-engagement-of-scientific-lectures-at-nih",
        summary="NCCIH streamed its spring lecture series on Facebook Live and added a live Q&A after each talk. "
                "The lectures had almost six times more views on Facebook than on NIH's own streaming service, "
                "and comments grew from 5 in the first Q&A to 34 in the last.",
        objectives=["formats", "conversation", "information"], platforms=["facebook"],
        dimensions=["social_outcomes"], stage="finished", started_on="2017-03-01", ended_on="2017-04-30",
        metrics=[
            metric("Comments and questions per Facebook Live Q&A (first vs. last session)", "participation",
                   "count", 5, None, 34, "2017-03-01", "2017-04-30", article_method("Facebook figures"),
                   "analytics_export"),
            metric("People reached per Facebook Live Q&A (first vs. last session)", "other", "count", 5073, None,
                   9430, "2017-03-01", "2017-04-30",
                   article_method("Facebook figures; the middle session reached 16,234"), "analytics_export"),
        ],
        tags=["live video", "health", "lectures"],
    ),
]

PRACTICES = [
    dict(
        id="2013-06-26-5-myths-about-social-media-accessibility-2",
        summary="People with disabilities use social media, and accessible posts cost little: caption videos, "
                "describe images, avoid acronyms, use few hashtags and put them at the end. Compliance with one "
                "standard is not the goal; reaching everyone is.",
        objectives=["inclusion", "information"], platforms=["x", "facebook", "youtube"],
        threats=["digital_divide"], dimensions=["social_outcomes"], tags=["accessibility", "captions"],
    ),
    dict(
        id="2014-04-30-need-help-responding-to-facebook-twitter-questions-use-your-contact-center-customer-"
           "service-experts",
        title="Need Help Responding to Facebook & Twitter Questions? Use Your Contact Center Customer Service "
              "Experts",
        summary="At the National Cancer Institute, federal staff write the posts while contact-centre staff, "
                "under federal review, answer the comments and questions: the same people and standards as on "
                "the phone and by e-mail.",
        objectives=["citizen_service", "conversation"], platforms=["facebook", "x"],
        threats=["no_skills"], dimensions=["service_delivery"], tags=["contact center", "customer service"],
    ),
    dict(
        id="2013-07-22-moderating-a-government-blog",
        summary="TSA's blogger on moderating comments: check the spam filter for real comments, review every "
                "link, allow loosely related comments and anonymous ones, and be careful before deleting a "
                "comment as spam.",
        objectives=["conversation"], platforms=["blog"], dimensions=["trust_legitimacy"],
        tags=["moderation", "comments"],
    ),
    dict(
        id="2013-04-25-government-must-respond-rapidly-to-social-media-hacking",
        summary="Most account hijackings come from weak passwords and phishing. Protect accounts, keep a "
                "contingency plan, warn followers from other channels within minutes, change every password, "
                "report to the platform and correct the record.",
        objectives=["crisis", "brand"], platforms=["x"], threats=["impersonation", "no_strategy"],
        dimensions=["trust_legitimacy"], tags=["security", "hacking", "crisis"],
    ),
    dict(
        id="2022-01-24-webinar-recap-how-to-best-connect-with-your-spanish-speaking-audience-during-an-"
           "emergency",
        title="How to Best Connect With Your Spanish-speaking Audience During an Emergency",
        summary="Federal communicators on reaching Hispanic audiences during COVID-19: bilingual stories on "
                "Facebook and Instagram, Twitter as a test bed, a WhatsApp bot with trusted Spanish-speaking "
                "doctors, social listening and cross-posting between agencies.",
        objectives=["crisis", "inclusion", "inter_agency"], platforms=["x", "facebook", "instagram", "whatsapp"],
        threats=["representation_bias"], dimensions=["social_outcomes", "trust_legitimacy"],
        tags=["emergencies", "multilingual", "spanish"],
    ),
]


def load(corpus: Path) -> dict[str, dict]:
    wanted = {item["id"] for item in CASES + PRACTICES}
    found = {}
    for line in (corpus / "case_studies/digitalgov_social_media.jsonl").open(encoding="utf-8"):
        item = json.loads(line)
        if item["id"] in wanted:
            found[item["id"]] = item
    missing = wanted - set(found)
    assert not missing, f"DigitalGov articles not in the corpus: {missing}"
    return found


def author_names(slugs):
    return ", ".join(" ".join(part.capitalize() for part in slug.split("-")) for slug in slugs)


def source_line(article, shortened):
    date = article["date"][:10]
    cut = " Shortened for Plaza." if shortened else ""
    return (f"*Source: DigitalGov, U.S. General Services Administration — “{article['title']}”, {date}, by "
            f"{author_names(article['authors'])} (github.com/GSA/digitalgov.gov, {article['source_path']}). Public "
            f"domain in the United States; CC0 1.0 worldwide.{cut}*")


def build(corpus: Path, add, review_by):
    articles = load(corpus)
    for spec in CASES:
        spec = dict(spec)
        article = articles[spec.pop("id")]
        text = digitalgov_markdown(article["body_markdown"])
        sections = {"context": text, "actions": "", "lessons": ""}
        split = spec.pop("split", None)
        if split:
            # The article's own parts: problem, what was done, results.
            for field in ("lessons", "actions"):
                marker = split[field]
                assert marker in sections["context"], (article["id"], marker)
                before, after = sections["context"].split(marker, 1)
                sections["context"], sections[field] = before.strip(), after.strip()
        shortened = False
        for field, value in sections.items():
            sections[field], cut = clip_paragraphs(value, CLIP // 2 if split else CLIP)
            shortened = shortened or cut
        last = "lessons" if sections["lessons"] else "context"
        sections[last] += "\n\n" + source_line(article, shortened)
        add("case_study", external_id=f"demo/digitalgov/{article['id']}", agency=AGENCY, authors=[AUTHOR],
            status="published", visibility="public", language="en", licence="public-domain",
            created_at=article["id"][:10] + "T12:00:00Z", title=spec.pop("title", article["title"]),
            summary=spec.pop("summary"), context=sections["context"], actions=sections["actions"],
            lessons=sections["lessons"], review_by=review_by, **spec)
    for spec in PRACTICES:
        spec = dict(spec)
        article = articles[spec.pop("id")]
        text, shortened = clip_paragraphs(digitalgov_markdown(article["body_markdown"]), CLIP)
        add("practice", external_id=f"demo/practice/digitalgov/{article['id']}", agency=AGENCY, authors=[AUTHOR],
            status="published", visibility="public", language="en", licence="public-domain",
            created_at=article["id"][:10] + "T12:00:00Z", title=spec.pop("title", article["title"]),
            summary=spec.pop("summary"), body=text + "\n\n" + source_line(article, shortened),
            review_by=review_by, **spec)
