#!/usr/bin/env python3
"""Merges Cobertura files (a line or branch is covered if any test run covered it) and prints line and branch
coverage per package and per source folder."""
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict

lines = {}     # (file, line) -> hit
branches = {}  # (file, line) -> (covered, total)
for path in sys.argv[1:]:
    root = ET.parse(path).getroot()
    sources = [s.text or "" for s in root.iter("source")]
    for cls in root.iter("class"):
        name = cls.get("filename").replace("\\", "/")
        for line in cls.iter("line"):
            key = (name, int(line.get("number")))
            lines[key] = lines.get(key, False) or int(line.get("hits")) > 0
            cond = line.get("condition-coverage")
            if line.get("branch") == "True" and cond:
                m = re.search(r"\((\d+)/(\d+)\)", cond)
                covered, total = int(m.group(1)), int(m.group(2))
                old = branches.get(key, (0, total))
                branches[key] = (max(old[0], covered), max(old[1], total))

def group(file):
    parts = file.split("/")
    for package in ("GreenPT.AI.DependencyInjection", "GreenPT.AI"):
        if package in parts:
            i = parts.index(package)
            folder = parts[i + 1] if len(parts) > i + 2 else "(root)"
            return package, folder
    return "(other)", "(other)"

stats = defaultdict(lambda: [0, 0, 0, 0])
for (file, _), hit in lines.items():
    package, folder = group(file)
    for key in ((package, folder), (package, "*"), ("all", "*")):
        stats[key][0] += hit
        stats[key][1] += 1
for (file, _), (covered, total) in branches.items():
    package, folder = group(file)
    for key in ((package, folder), (package, "*"), ("all", "*")):
        stats[key][2] += covered
        stats[key][3] += total

print(f'{"package":<32}{"folder":<14}{"lines":>16}{"branches":>18}')
for (package, folder) in sorted(stats, key=lambda k: (k[0] == "all", k[0], k[1] != "*", k[1])):
    l, lt, b, bt = stats[(package, folder)]
    print(f'{package:<32}{folder:<14}{100*l/lt if lt else 0:>8.1f}% {l:>4}/{lt:<5}{100*b/bt if bt else 0:>8.1f}% {b:>4}/{bt:<5}')
