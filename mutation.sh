#!/usr/bin/env bash
# Mutation testing of src/GreenPT.AI with Stryker.NET (a local tool, .config/dotnet-tools.json) against tests/GreenPT.AI.Tests.
# Not part of ./test.sh or CI: a full run takes a long while (see CONTRIBUTING.md for the last timings).
#
#   ./mutation.sh                                  # Wire/, Mapping/ and Accounting/ (the folders with a score target)
#   ./mutation.sh --mutate '**/*.cs'               # every file of src/GreenPT.AI
#   STRYKER_CONCURRENCY=1 ./mutation.sh            # leave a core free while it runs
#
# Reports go to StrykerOutput/<date>/reports (HTML and JSON); the score per folder is printed at the end.
set -euo pipefail
cd "$(dirname "$0")"
root="$(pwd)"

dotnet tool restore >/dev/null

mutate=()
if ! printf '%s\n' "$@" | grep -q -- '^--mutate$\|^-m$'; then
  mutate=(--mutate '**/Wire/**/*.cs' --mutate '**/Mapping/**/*.cs' --mutate '**/Accounting/**/*.cs')
fi

# Stryker runs the tests once per mutant: the fuzz suite runs every 10th of its exhaustive cases (GREENPT_FUZZ_SAMPLE).
export GREENPT_FUZZ_SAMPLE="${GREENPT_FUZZ_SAMPLE:-10}"

started=$(date +%s)
(
  cd tests/GreenPT.AI.Tests
  # xunit v3 test projects are Microsoft.Testing.Platform executables: with the default (vstest) runner every mutant "survives".
  dotnet stryker \
    --project GreenPT.AI.csproj \
    --test-runner mtp \
    --target-framework net10.0 \
    --configuration Release \
    --concurrency "${STRYKER_CONCURRENCY:-2}" \
    --reporter Progress --reporter Html --reporter Json \
    --output "$root/StrykerOutput/$(date -u +%Y%m%dT%H%M%SZ)" \
    --skip-version-check \
    "${mutate[@]}" "$@"
)
echo "Stryker took $(( $(date +%s) - started )) s."
latest="$(ls -d "$root"/StrykerOutput/*/ | sort | tail -n 1)"
python3 "$root/tools/mutation-score.py" "$latest/reports/mutation-report.json"
