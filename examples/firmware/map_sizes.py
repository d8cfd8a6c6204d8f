#!/usr/bin/env python3
"""Image size by component from a GNU ld map file: flash (.text, .rodata,
vectors, .data initialisers) and RAM (.data, .bss) per library.
Usage: map_sizes.py FILE.map   Prints a Markdown table."""
import re
import sys

COMPONENTS = [
    ("liborca_core.a", "orca core"),
    ("liborca_mbedtls.a", "orca TLS transport (port/mbedtls)"),
    ("liborca_mbedtls_lib.a", "mbedTLS 3.6 (project config)"),
    ("libc_nano.a", "newlib-nano"),
    ("libgcc.a", "libgcc"),
]
LINE = re.compile(r"^ (\.\S+|COMMON)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+)$")


def component(path):
    for key, name in COMPONENTS:
        if key in path:
            return name
    return "example (startup, clock, RNG, netif, main)"


def kind(section):
    if section.startswith((".bss", "COMMON")):
        return "bss"
    if section.startswith(".data"):
        return "data"
    if section.startswith((".text", ".rodata", ".isr_vector", ".ARM.exidx")):
        return "text"
    return None


def regions(text):
    """The named memory regions of the map's "Memory Configuration" table."""
    table = text[text.index("Memory Configuration"):text.index("Linker script and memory map")]
    found = []
    for m in re.finditer(r"^(\w+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)", table, re.M):
        origin = int(m.group(2), 16)
        found.append((origin, origin + int(m.group(3), 16)))
    return found


def main():
    text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
    memory = regions(text)  # *default* does not match \w+: left out
    text = text[text.index("Linker script and memory map"):]
    sizes, pending = {}, None
    for line in text.splitlines():
        m = LINE.match(line)
        if m and (m.group(1) or pending):
            section = m.group(1) or pending
            pending = None
            k, n = kind(section), int(m.group(3), 16)
            # Only sections placed in a memory region count (flash may start
            # at 0, where non-allocated sections also sit).
            addr = int(m.group(2), 16)
            if k and n and any(lo <= addr < hi for lo, hi in memory):
                row = sizes.setdefault(component(m.group(4)), {"text": 0, "data": 0, "bss": 0})
                row[k] += n
        elif re.match(r"^ (\.\S+|COMMON)$", line):
            pending = line.strip()  # long names wrap onto the next line
        else:
            pending = None
    print("| component | .text + .rodata | .data | .bss |")
    print("|---|---:|---:|---:|")
    total = {"text": 0, "data": 0, "bss": 0}
    for name, row in sorted(sizes.items(), key=lambda kv: -kv[1]["text"]):
        print(f"| {name} | {row['text']} | {row['data']} | {row['bss']} |")
        for k in total:
            total[k] += row[k]
    print(f"| **total** | **{total['text']}** | **{total['data']}** | **{total['bss']}** |")


if __name__ == "__main__":
    main()
