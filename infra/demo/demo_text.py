"""Text helpers for the demo builders: corpus paragraphs to readable Markdown.

The corpus guideline files (see ../shared/corpus/README.md) are plain text, one paragraph per
blank-line block: headings are one-line paragraphs, list items start with "• ", two-column
"NO | SÍ" examples are written as "NO: …" and "SÍ: …" paragraphs and tables as "cell | cell"
lines. These helpers turn a selection of those paragraphs into Markdown with real headings,
lists and tables, repair the few typos the PDF extraction left, and convert the DigitalGov
articles (Markdown with inline HTML) into plain Markdown.
"""
import re
from html.parser import HTMLParser
from pathlib import Path


def paragraphs(path: Path) -> list[str]:
    """The blank-line separated paragraphs of a corpus text file."""
    return [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n")]


def words(text: str) -> int:
    """Words of running text (Markdown markup not counted)."""
    return len(re.findall(r"[^\W\d_](?:[\w'’·.-]*\w)?", text))


# Typos of the source texts (present in the PDFs themselves or introduced when they were
# extracted), repaired in what the demo shows; only those in the selected paragraphs matter.
TYPOS = {
    "es": [
        ("esferas personal, socials y profesional", "esferas personal, social y profesional"),
        ("útlimos", "últimos"), ("recuros", "recursos"), ("colabroación", "colaboración"),
        ("catalans acontezcan", "catalanas se conviertan en"), ("aferes", "asuntos"),
        ("desanconseja", "desaconseja"), ("servicios políticas públicas", "servicios y políticas públicas"),
        ("publiación", "publicación"), ("hacia a un recurso", "hacia un recurso"),
        ("hacia a quién", "hacia quién"), ("mediante el monitorización", "mediante la monitorización"),
        ("recogidas todos estos datos", "recogidos todos estos datos"), ("tenido lugar la dicha", "tenido lugar dicha"),
        ('Debe responderse: "El proceso de inscripciones universitarias se abre el 25 de marzo.”',
         "Debe responderse: “El proceso de inscripciones universitarias se abre el 25 de marzo”."),
    ],
    "ca": [("ES pot consultar", "Es pot consultar"), ("aquetes dades", "aquestes dades"),
           ("es du a terme", "es duu a terme"), ("la redacció correcte", "la redacció correcta")],
    "en": [("forecastoffices", "forecast offices")],
}


def fix_typos(text: str, language: str) -> str:
    for wrong, right in TYPOS.get(language, []):
        text = text.replace(wrong, right)
    return text


BULLET = re.compile(r"^[•·▪◦]\s*")
NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+")


def is_item(paragraph: str) -> bool:
    return bool(BULLET.match(paragraph))


def block(paragraph: str) -> str:
    """One corpus paragraph as a Markdown block (a list item keeps its bullet)."""
    text = " ".join(paragraph.split()) if "|" not in paragraph else paragraph
    if BULLET.match(text):
        return "- " + BULLET.sub("", text)
    match = re.match(r"^(NO|SÍ|Sí|SI):\s*(.*)$", text, re.S)
    if match:
        label = "No" if match.group(1) == "NO" else "Sí"
        return f"- **{label}:** {match.group(2).strip()}"
    if "\n" in paragraph and all(" | " in line for line in paragraph.splitlines()):
        return table(paragraph)
    return text


def table(paragraph: str) -> str:
    rows = [[cell.strip() for cell in line.split(" | ")] for line in paragraph.splitlines()]
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def join_blocks(blocks: list[str]) -> str:
    """Blocks separated by blank lines, except consecutive list items, which form one list."""
    out: list[str] = []
    for item in blocks:
        last = out[-1].split("\n")[-1] if out else ""
        bullet = item.startswith("- ") and last.startswith("- ")
        numbered = NUMBERED.match(item) and NUMBERED.match(last)
        if bullet or numbered:
            out[-1] += "\n" + item
        else:
            out.append(item)
    return "\n\n".join(out)


def heading_text(paragraph: str) -> str:
    """A corpus heading without a trailing colon, e.g. "5.1. Consultes" → "5.1 Consultes"."""
    text = " ".join(paragraph.split()).rstrip(":")
    # "5.1. Consultes" → "5.1 Consultes"; a chapter keeps its period ("5. Gestionar").
    return re.sub(r"^(\d+(?:\.\d+)+)\.\s", r"\1 ", text)


class Selection:
    """Builds a Markdown document from chosen paragraphs of corpus files.

    `source` maps a short key to a list of paragraphs; `h(level, key, index)` takes a heading
    from the source (or `h(level, text=...)` writes one), `p(key, first, last, expect=...)` takes
    paragraphs `first..last` (inclusive), checking that the first one starts with `expect` so
    that a changed corpus fails loudly instead of shipping the wrong text.
    """

    def __init__(self, language: str, sources: dict[str, list[str]]):
        self.language = language
        self.sources = sources
        self.parts: list[str] = []
        self.pending: list[str] = []

    def _flush(self):
        if self.pending:
            self.parts.append(join_blocks(self.pending))
            self.pending = []

    def lead(self, text: str):
        self._flush()
        self.parts.append(text)
        return self

    def h(self, level: int, key: str | None = None, index: int | None = None, text: str | None = None,
          expect: str | None = None):
        self._flush()
        if text is None:
            raw = self.sources[key][index]
            assert len(raw) < 120 and not is_item(raw), (key, index, raw[:80])
            if expect:
                assert raw.startswith(expect), (key, index, raw[:80], expect)
            text = heading_text(raw)
        self.parts.append("#" * level + " " + text)
        return self

    def p(self, key: str, first: int, last: int | None = None, expect: str | None = None,
          skip: tuple[int, ...] = ()):
        source = self.sources[key]
        last = first if last is None else last
        assert 0 <= first <= last < len(source), (key, first, last)
        if expect:
            assert source[first].startswith(expect), (key, first, source[first][:80], expect)
        for index in range(first, last + 1):
            if index in skip or not source[index]:
                continue
            self.pending.append(block(source[index]))
        return self

    def text(self, markdown: str):
        """A block written for the demo (e.g. a note), kept as is."""
        self.pending.append(markdown)
        return self

    def markdown(self) -> str:
        self._flush()
        text = "\n\n".join(self.parts)
        text = fix_typos(text, self.language)
        if self.language == "ca":
            # The 7th edition writes the Catalan apostrophe as ’ and the 9th as '; one form for both.
            text = re.sub(r"(?<=\w)'(?=\w)", "’", text)
        return re.sub(r"\n{3,}", "\n\n", text).strip()


# ---------------------------------------------------------------- DigitalGov articles (Markdown + HTML)
class _HtmlToMarkdown(HTMLParser):
    """Inline HTML of the DigitalGov articles to Markdown; Markdown text passes through."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.links: list[str | None] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "sup"):
            self.skip += 1
        elif tag in ("p", "div", "section", "ul", "ol", "blockquote"):
            self.out.append("\n\n")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag == "br":
            self.out.append("\n")
        elif tag in ("strong", "b"):
            self.out.append("**")
        elif tag in ("em", "i"):
            self.out.append("_")
        elif tag == "a":
            self.links.append(attrs.get("href"))
            self.out.append("\x00[")
        elif tag in ("h2", "h3", "h4"):
            self.out.append("\n\n" + "#" * int(tag[1]) + " ")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "sup"):
            self.skip = max(0, self.skip - 1)
        elif tag in ("p", "div", "section", "ul", "ol", "blockquote", "h2", "h3", "h4"):
            self.out.append("\n\n")
        elif tag in ("strong", "b"):
            self.out.append("**")
        elif tag in ("em", "i"):
            self.out.append("_")
        elif tag == "a":
            href = self.links.pop() if self.links else None
            self.out.append(f"\x00]({href or ''})")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def _links(text: str) -> str:
    """Keeps http(s) links with text; drops images, empty links, mail and relative links."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)

    def link(match):
        label, href = match.group(1).strip(), match.group(2).strip()
        if not label:
            return ""
        if not re.search(r"\w", label):
            return label
        if href.startswith(("http://", "https://")) and not re.search(r"\.(jpe?g|png|gif)$", href, re.I):
            return f"[{label}]({href})"
        return label

    text = re.sub(r"\x00\[(.*?)\x00\]\(([^)]*)\)", link, text, flags=re.S)
    return re.sub(r"\[([^\]]*)\]\(([^)\s]*)\)", link, text)


def digitalgov_markdown(body: str) -> str:
    """A DigitalGov article body as clean Markdown paragraphs."""
    parser = _HtmlToMarkdown()
    parser.feed(body)
    parser.close()
    text = _links("".join(parser.out)).replace("\x00", "")
    text = re.sub(r"\[youtube=[^\]]*\]", "", text).replace("↩", "")
    lines = []
    for line in text.split("\n"):
        line = line.rstrip()
        stripped = line.strip()
        if stripped in (">", "**", "****", "_", "__"):
            continue
        # Markdown list items of the source ("  * item", "  1. item") lose their indentation.
        line = re.sub(r"^\s{1,4}([*-]|\d+\.)\s+", lambda m: ("- " if m.group(1) in "*-" else m.group(1) + " "), line)
        line = re.sub(r"^>\s*", "> ", line) if stripped.startswith(">") else line.strip()
        lines.append(line)
    text = "\n".join(lines)
    text = re.sub(r"\*\*[ \t]*\*\*", "", text)
    text = re.sub(r"(?<!\w)_[ \t]*_(?!\w)", "", text)
    text = re.sub(r"\*\*([.,;:])\*\*", r"\1", text)
    # "  *\n\nAvoid acronyms," — list items whose text the source put in the next paragraph.
    text = re.sub(r"(?m)^[*-][ \t]*\n\n(?=\S)", "- ", text)
    text = re.sub(r"([a-z])\[([^\]]+)\]\((https?:)", r"\1 [\2](\3", text)
    text = re.sub(r"(?m)^__(?=\S)", "", text)
    text = re.sub(r"(?m)(\S)[ \t]+_$", r"\1_", text)
    # An author's byline glued to the last sentence ("…campaigns?_**Alison Lemon** is…").
    text = re.sub(r"([.?!:)])_\*\*", r"\1\n\n_**", text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    # Paragraphs repeated by the source (copy-paste slips) are kept once.
    seen, kept = set(), []
    for paragraph in text.split("\n\n"):
        key = " ".join(paragraph.split())
        if len(key) > 60 and key in seen:
            continue
        seen.add(key)
        kept.append(paragraph.strip())
    return "\n\n".join(p for p in kept if p)


def clip_paragraphs(text: str, limit: int) -> tuple[str, bool]:
    """The leading paragraphs of `text` within `limit` characters; whether anything was cut."""
    out, size = [], 0
    for paragraph in text.split("\n\n"):
        if out and size + len(paragraph) > limit:
            # A heading or a bold line left without its text goes too.
            while out and re.fullmatch(r"#+ .*|\*\*[^*]+\*\*:?", out[-1].strip()):
                out.pop()
            return "\n\n".join(out), True
        out.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(out), False
