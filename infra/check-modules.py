#!/usr/bin/env python3
"""Module-cycle check for every crate under crates/*.

check-deps.sh keeps the *crate* graph acyclic; this script does the same one level down.
A "module" is a crate's top-level module: the first path segment under src/
(src/schema.rs and src/notification/{mod,types}.rs are modules `schema` and `notification`).
The crate root (lib.rs, main.rs, src/bin/*) declares everything, so arrows from or to it
are ignored. Module A -> B when non-test code in A names `crate::B` (use lines, brace
groups at any nesting, inline paths) or reaches B via `super::`/`self::`. Comments, doc
comments, string/char literals, `mod tests`, `#[cfg(test)]` items and files of
`#[cfg(test)] mod x;` / tests dirs are skipped. Cycles (strongly connected components
of more than one module) are reported with the arrows inside them and one file:line each,
so it is clear which edge to cut. Exit 1 on any cycle unless --report.
--max-lines N lists .rs files longer than N lines (fails only with --fail-long).
Standard library only; `python3 infra/check-modules.py [--report] [--json]`.
"""
import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IDENT = r"(?:r#)?[A-Za-z_][A-Za-z0-9_]*"
IDENT_RE = re.compile(IDENT)
LEX = re.compile(r"//|/\*|(?<![\w])(?:[bc]?r#*\"|b\")|\"|'")
CHAR = re.compile(r"'(?:\\(?:x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]{1,6}\}|.)|[^\\'\n])'")
CFG_TEST = re.compile(r"#\s*\[\s*cfg\s*\(\s*(?:test\s*\)|all\s*\(\s*test\b)")
TEST_MOD = re.compile(r"\bmod\s+tests\s*[{;]")
INLINE_MOD = re.compile(r"\bmod\s+(" + IDENT + r")\s*\{")
# crate::, self::, super::, super::super::, ... (not `$crate`, not `a::super`)
PATH_START = re.compile(r"(?<![\w$:])(crate|self|super)((?:\s*::\s*super\b)*)\s*::\s*")


def blank(text, a, b):
    """Overwrite text[a:b] with spaces, keeping newlines so line numbers survive."""
    return text[:a] + re.sub(r"[^\n]", " ", text[a:b]) + text[b:]


def strip_code(text):
    """Blank comments and string/char literals (nested /* */ and raw strings handled)."""
    out, i = [], 0
    while (m := LEX.search(text, i)):
        out.append(text[i:m.start()])
        tok, j = m.group(), m.start()
        if tok == "//":
            end = text.find("\n", j)
            end = len(text) if end < 0 else end
        elif tok == "/*":
            depth, end = 1, j + 2
            while depth and end < len(text):
                if text.startswith("/*", end):
                    depth, end = depth + 1, end + 2
                elif text.startswith("*/", end):
                    depth, end = depth - 1, end + 2
                else:
                    end += 1
        elif tok == "'":
            c = CHAR.match(text, j)
            if not c:  # a lifetime or label, keep it
                out.append("'")
                i = j + 1
                continue
            end = c.end()
        elif "r" in tok:  # raw string: ends at a quote followed by the same number of #
            close = '"' + "#" * tok.count("#")
            end = text.find(close, m.end())
            end = len(text) if end < 0 else end + len(close)
        else:
            end = m.end()
            while end < len(text) and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            end += 1
        out.append(re.sub(r"[^\n]", " ", text[j:end]))
        i = end
    out.append(text[i:])
    return "".join(out)


def item_end(text, i):
    """End of the item starting at i: first `;` at depth 0, or the `}` closing its body."""
    depth = 0
    while i < len(text):
        c = text[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0 and c == "}":
                return i + 1
        elif c == ";" and depth == 0:
            return i + 1
        i += 1
    return i


def drop_tests(text):
    """Blank `#[cfg(test)]` items and `mod tests`; return text and cfg(test) `mod x;` names."""
    test_files = set()
    while (m := CFG_TEST.search(text)) or (m := TEST_MOD.search(text)):
        end = item_end(text, text.index("]", m.start()) + 1 if m.group().startswith("#") else m.start())
        decl = re.search(r"\bmod\s+(" + IDENT + r")\s*;$", text[m.start():end])
        if decl:
            test_files.add(decl.group(1))
        text = blank(text, m.start(), end)
    return text, test_files


def mod_path(rel):
    """Module path of a file relative to src/: lib.rs -> [], a/mod.rs -> [a], a/b.rs -> [a, b]."""
    parts = list(rel.parts)
    if parts[0] == "bin" or parts in (["lib.rs"], ["main.rs"]):
        return []
    parts[-1] = parts[-1][:-3]
    return parts[:-1] if parts[-1] == "mod" else parts


def targets(text, start):
    """First segments named right after `crate::` at start: one ident or a `{...}` group."""
    if not text.startswith("{", start):
        m = IDENT_RE.match(text, start)
        return [m.group()] if m else []
    depth, i, names, expect = 0, start, [], True
    while i < len(text):
        c = text[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                break
        elif c == "," and depth == 1:
            expect = True
        elif depth == 1 and expect and not c.isspace():
            m = IDENT_RE.match(text, i)
            if m:
                names.append(m.group())
                i = m.end() - 1
            expect = False
        i += 1
    return names


def scan_file(path, rel, arrows):
    """Add this file's arrows to arrows[(src, dst)] = [(path, line), ...]."""
    text, test_files = drop_tests(strip_code(path.read_text(encoding="utf-8", errors="replace")))
    base = mod_path(rel)
    inline = [(m.start(), item_end(text, m.end() - 1), m.group(1)) for m in INLINE_MOD.finditer(text)]
    for m in PATH_START.finditer(text):
        here = base + [name for (a, b, name) in inline if a < m.start() < b]
        abs_path = {"crate": [], "self": here, "super": here[:-1]}[m.group(1)]
        ups = m.group(2).count("super")
        if not here and m.group(1) == "super" or ups > len(abs_path):
            continue  # super:: out of the crate root: not ours to judge
        abs_path = abs_path[: len(abs_path) - ups]
        src = here[0] if here else None
        dsts = abs_path[:1] or targets(text, m.end())
        line = text.count("\n", 0, m.start()) + 1
        for dst in dsts:
            if src and dst not in (src, "self", "super", "crate"):
                arrows.setdefault((src, dst), []).append((path.relative_to(ROOT), line))
    return test_files, inline


def sccs(nodes, edges):
    """Tarjan's strongly connected components."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            out.append(sorted(comp))

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def check_crate(crate):
    src = crate / "src"
    # Parents before children, so `#[cfg(test)] mod x;` is known before x's files come up.
    files = sorted(src.rglob("*.rs"), key=lambda p: (len(mod_path(p.relative_to(src))), p))
    modules, arrows, skip = set(), {}, []
    for path in files:
        rel = path.relative_to(src)
        if "tests" in rel.parts[:-1] or path.stem == "tests" or any(path.is_relative_to(s) for s in skip):
            continue
        test_files, inline = scan_file(path, rel, arrows)
        here = mod_path(rel)
        modules.update(here[:1] or [n for (a, b, n) in inline if not any(a2 < a < b2 for a2, b2, _ in inline)])
        kids = path.parent if path.name in ("mod.rs", "lib.rs", "main.rs") else path.with_suffix("")
        skip += [kids / f"{n}.rs" for n in test_files] + [kids / n for n in test_files]
    arrows = {k: v for k, v in arrows.items() if k[1] in modules}
    edges = {}
    for a, b in arrows:
        edges.setdefault(a, set()).add(b)
    cycles = sorted((c for c in sccs(modules, edges) if len(c) > 1), key=lambda c: (-len(c), c))
    return modules, arrows, cycles


# Cycles that are the GraphQL schema's own recursion, not a layering fault: `Discussion.subject`
# is a `Node`, and the `Node` interface includes `Discussion`. Any other member joining one of
# these cycles fails the check.
ALLOWED = {
    "plaza_graphql": [{"discussion", "node"}],
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--report", action="store_true", help="always exit 0")
    ap.add_argument("--json", action="store_true", help="print {crate: {modules, arrows, cycles}}")
    ap.add_argument("--max-lines", type=int, default=600, help="list .rs files longer than this")
    ap.add_argument("--fail-long", action="store_true", help="exit 1 when a file is too long")
    args = ap.parse_args()

    results, failed = {}, False
    for crate in sorted(p for p in (ROOT / "crates").iterdir() if (p / "src").is_dir()):
        modules, arrows, cycles = check_crate(crate)
        results[crate.name] = (modules, arrows, cycles)
        allowed = ALLOWED.get(crate.name, [])
        failed |= any(set(cycle) not in allowed for cycle in cycles)
    long_files = []
    for path in sorted((ROOT / "crates").glob("*/src/**/*.rs")):
        n = len(path.read_text(encoding="utf-8", errors="replace").splitlines())
        if n > args.max_lines:
            long_files.append((n, path.relative_to(ROOT)))
    failed |= args.fail_long and bool(long_files)

    if args.json:
        print(json.dumps({name: {"modules": len(m), "arrows": len(a), "cycles": c}
                          for name, (m, a, c) in results.items()}, indent=2))
    else:
        for name, (modules, arrows, cycles) in results.items():
            print(f"{name}: {len(modules)} modules, {len(arrows)} arrows, {len(cycles)} cycle(s)")
            for k, cycle in enumerate(cycles, 1):
                known = "  [allowed: the schema's own recursion]" if set(cycle) in ALLOWED.get(name, []) else ""
                print(f"  cycle {k} ({len(cycle)} modules): {', '.join(cycle)}{known}")
                for (a, b), refs in sorted(arrows.items()):
                    if a in cycle and b in cycle:
                        (f, line), more = min(refs), len(refs) - 1
                        extra = f"  (+{more} more)" if more else ""
                        print(f"    {a} -> {b}    {f}:{line}{extra}")
        print(f"\nfiles over {args.max_lines} lines: {len(long_files)}")
        for n, path in sorted(long_files, reverse=True):
            print(f"  {n:6}  {path}")
    return 1 if failed and not args.report else 0


if __name__ == "__main__":
    sys.exit(main())
