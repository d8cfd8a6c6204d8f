#!/usr/bin/env python3
"""Worst-case stack of every public (external) function, from GCC's
-fcallgraph-info=su output (.ci files, VCG): the function's own frame plus the
deepest chain of callees.
Calls through function pointers are resolved when the pointer is a member of a
const table of the project's own functions (`const struct X name = {...}`, like
the session's auth strategies): the call site's source text names the member,
and every function stored in that member is a callee. Other indirect calls
(transport, clock and caller callbacks: not core code) and libc functions not
defined in these files (mem*, strlen) count as 0.
Usage: stack_graph.py BUDGET FILE.ci...   Prints a Markdown table; exits 1 when
a function reaches BUDGET bytes, recurses, or has a dynamic frame."""
import glob
import os
import re
import sys

NODE = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"')
EDGE = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"(?: label: "([^"]*)")?')
STRUCT = re.compile(r"struct (\w+) \{(.*?)\};", re.S)
TABLE = re.compile(r"const struct (\w+) \w+ = \{(.*?)\};", re.S)
ASSIGN = re.compile(r"(?:\.|->)\s*(\w+)\s*=\s*(\w+)\s*[;,}]")
CALLEE = re.compile(r"^[\w\s>.\[\]-]*?(?:->|\.)\s*(\w+)\s*\(")
FRAME = re.compile(r'\\n(\d+) bytes \(([^)]*)\)')


def load(files):
    frames, quals, edges = {}, {}, {}
    for path in files:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for title, label in NODE.findall(text):
            m = FRAME.search(label)
            if m:  # defined here (external nodes carry no frame)
                frames[title] = int(m.group(1))
                quals[title] = m.group(2)
        for src, dst, label in EDGE.findall(text):
            if dst == "__indirect_call":
                dst = "__indirect_call@" + label  # resolved by resolve_tables()
            edges.setdefault(src, set()).add(dst)
    return frames, quals, edges


def members(body):
    """Member names of a struct body, in order (function pointers included)."""
    names = []
    for decl in re.sub(r"/\*.*?\*/", "", body, flags=re.S).split(";"):
        m = re.search(r"\(\s*\*\s*(\w+)\s*\)", decl) or re.search(r"(\w+)\s*(?:\[[^]]*\])?\s*$", decl)
        if m:
            names.append(m.group(1))
    return names


def table_targets(sources, frames):
    """{member name: {function node titles}} from the const tables in sources."""
    texts = {path: open(path, encoding="utf-8").read() for path in sources}
    layouts = {}
    for text in texts.values():
        for name, body in STRUCT.findall(text):
            layouts.setdefault(name, members(body))
    targets = {}
    for path, text in texts.items():
        # Run-time assignments: x.member = function; / p->member = function;
        for member, value in ASSIGN.findall(text):
            for title in (f"{path}:{value}", value):
                if title in frames:
                    targets.setdefault(member, set()).add(title)
        for struct, init in TABLE.findall(text):
            init = re.sub(r"/\*.*?\*/", "", init, flags=re.S)
            values = [v.strip() for v in init.split(",")]
            layout = layouts.get(struct, [])
            for i, value in enumerate(v for v in values if v):
                member = layout[i] if i < len(layout) else None
                m = re.match(r"^\.(\w+)\s*=\s*(\w+)$", value)
                if m:
                    member, value = m.group(1), m.group(2)
                for title in (f"{path}:{value}", value):
                    if member and title in frames:
                        targets.setdefault(member, set()).add(title)
    return targets


def resolve_tables(frames, edges):
    """Replaces indirect edges whose member is filled from a const table."""
    # Every source folder of the graph (static functions are titled file:name).
    folders = {os.path.dirname(t.rsplit(":", 1)[0]) for t in frames if ":" in t}
    sources = set()
    for folder in folders:
        sources.update(glob.glob(os.path.join(folder, "*.[ch]")))
    targets = table_targets(sorted(sources), frames)
    for callees in edges.values():
        for site in [d for d in callees if d.startswith("__indirect_call@")]:
            callees.discard(site)
            path, line, col = site.split("@", 1)[1].rsplit(":", 2)
            member = None
            if os.path.exists(path):
                text = open(path, encoding="utf-8").read().splitlines()[int(line) - 1]
                m = CALLEE.match(text[int(col) - 1:])
                member = m.group(1) if m else None
            callees.update(targets.get(member, {"__indirect_call"}))


def worst(fn, frames, edges, memo, active):
    """(bytes, path) of the deepest chain from fn; raises on recursion."""
    if fn in memo:
        return memo[fn]
    if fn not in frames:  # __indirect_call, libc: counted as 0
        return (0, [fn] if fn == "__indirect_call" else [])
    if fn in active:
        raise RecursionError(" -> ".join(active + [fn]))
    active.append(fn)
    best = (0, [])
    for callee in sorted(edges.get(fn, ())):
        cand = worst(callee, frames, edges, memo, active)
        if cand[0] > best[0]:
            best = cand
    active.pop()
    memo[fn] = (frames[fn] + best[0], [fn] + best[1])
    return memo[fn]


def short(title):
    return title.rsplit(":", 1)[-1]


def main():
    budget = int(sys.argv[1])
    frames, quals, edges = load(sys.argv[2:])
    resolve_tables(frames, edges)
    public = sorted(t for t in frames if ":" not in t)  # static ones are file:name
    memo, fail, rows = {}, False, []
    for fn in public:
        try:
            total, path = worst(fn, frames, edges, memo, [])
        except RecursionError as e:
            print(f"recursion: {e}", file=sys.stderr)
            fail = True
            continue
        dynamic = [short(p) for p in path if quals.get(p, "static") != "static"]
        if dynamic:
            print(f"{fn}: dynamic frame in {', '.join(dynamic)}", file=sys.stderr)
            fail = True
        fail |= total >= budget
        rows.append((total, fn, path))
    if not rows:  # nothing measured is not "within budget"
        print("no public function in the call graphs", file=sys.stderr)
        return 1
    rows.sort(key=lambda r: (-r[0], r[1]))
    print("| public function | own frame | worst case | deepest chain |")
    print("|---|---:|---:|---|")
    for total, fn, path in rows:
        chain = " → ".join(f"{short(p)} ({frames.get(p, 0)})" for p in path)
        print(f"| {fn} | {frames[fn]} | {total} | {chain} |")
    top = rows[0][0]
    verdict = "OVER" if top >= budget else ("unbounded (see above)" if fail else "ok")
    print(f"\nDeepest: {top} bytes (budget < {budget}): {verdict}")
    return 1 if fail else 0


if __name__ == "__main__":
    sys.exit(main())
