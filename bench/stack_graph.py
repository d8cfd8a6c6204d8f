#!/usr/bin/env python3
"""Worst-case stack of every public (external) function, from GCC's
-fcallgraph-info=su output (.ci files, VCG): the function's own frame plus the
deepest chain of callees. Calls through function pointers (transport and clock
callbacks, parser callbacks: GCC's "__indirect_call" node) and calls to libc
functions not defined in these files (mem*, strlen) count as 0.
Usage: stack_graph.py BUDGET FILE.ci...   Prints a Markdown table; exits 1 when
a function reaches BUDGET bytes, recurses, or has a dynamic frame."""
import re
import sys

NODE = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"')
EDGE = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')
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
        for src, dst in EDGE.findall(text):
            edges.setdefault(src, set()).add(dst)
    return frames, quals, edges


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
    rows.sort(key=lambda r: (-r[0], r[1]))
    print("| public function | own frame | worst case | deepest chain |")
    print("|---|---:|---:|---|")
    for total, fn, path in rows:
        chain = " → ".join(f"{short(p)} ({frames.get(p, 0)})" for p in path)
        print(f"| {fn} | {frames[fn]} | {total} | {chain} |")
    top = rows[0][0] if rows else 0
    print(f"\nDeepest: {top} bytes (budget < {budget}): {'ok' if not fail else 'OVER or unbounded'}")
    return 1 if fail else 0


if __name__ == "__main__":
    sys.exit(main())
