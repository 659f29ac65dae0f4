#!/usr/bin/env python3
"""Prints the mutation score per folder of a Stryker JSON report (mutation-report.json).

Score = killed (and timed out) / (killed + timed out + survived + no coverage), as Stryker counts it;
compile errors and ignored mutants do not count. With --survivors, lists each surviving mutant.
"""
import json
import sys
from collections import defaultdict

def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show_survivors = "--survivors" in sys.argv
    with open(args[0], encoding="utf-8") as f:
        report = json.load(f)
    counts = defaultdict(lambda: defaultdict(int))
    survivors = []
    for path, file in report["files"].items():
        parts = path.replace("\\", "/").split("/")
        folder = parts[parts.index("GreenPT.AI") + 1] if "GreenPT.AI" in parts and parts.index("GreenPT.AI") + 2 < len(parts) else "(root)"
        for m in file["mutants"]:
            counts[folder][m["status"]] += 1
            counts["(all)"][m["status"]] += 1
            if m["status"] in ("Survived", "NoCoverage"):
                loc = m["location"]["start"]
                survivors.append(f'{"/".join(parts[-2:])}:{loc["line"]} {m["status"]} {m["mutatorName"]}: {m.get("replacement", "")!r}')
    print(f'{"folder":<14}{"score":>8}{"killed":>8}{"timeout":>8}{"survived":>9}{"nocov":>7}{"errors":>8}')
    for folder in sorted(counts, key=lambda k: (k == "(all)", k)):
        c = counts[folder]
        detected = c["Killed"] + c["Timeout"]
        valid = detected + c["Survived"] + c["NoCoverage"]
        score = 100.0 * detected / valid if valid else float("nan")
        print(f'{folder:<14}{score:>7.1f}%{c["Killed"]:>8}{c["Timeout"]:>8}{c["Survived"]:>9}{c["NoCoverage"]:>7}{c["CompileError"]:>8}')
    if show_survivors:
        print("\n".join(sorted(survivors)))

if __name__ == "__main__":
    main()
