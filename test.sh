#!/usr/bin/env bash
# Runs the whole test suite: every test project in the solution (the browser, terminal and Redis tests included: their
# dependencies, chromium, tmux and redis-server, are installed first when missing), the packages (dotnet pack with package validation), then the trimmed
# (PublishTrimmed) smoke app.
# Ends with one line "N passed, N failed", counted from the test results.
set -uo pipefail
cd "$(dirname "$0")"

results="TestResults"
rm -rf "$results"
configuration="${CONFIGURATION:-Release}"

scripts/install-test-dependencies.sh
# Files the tests leave for a person to look at (the WebChat screenshot): TestResults/artifacts/.
export GREENPT_TEST_ARTIFACTS="$PWD/$results/artifacts"

dotnet test GreenPT.AI.sln -c "$configuration" --logger "trx" --results-directory "$results" "$@"
test_exit=$?

smoke_exit=0
pack_exit=0
if [ "$#" -eq 0 ]; then
  echo "== packages (dotnet pack with package validation, symbol packages)"
  pack_out="$(mktemp -d)"
  dotnet pack GreenPT.AI.sln -c "$configuration" --no-build -o "$pack_out" --nologo -v quiet || pack_exit=$?
  for id in GreenPT.AI GreenPT.AI.DependencyInjection GreenPT.AI.SemanticKernel GreenPT.AI.Redis GreenPT.AI.Charts GreenPT.AI.Cli GreenPT.AI.Aspire GreenPT.AI.Aspire.Hosting; do
    if ! ls "$pack_out/$id".[0-9]*.nupkg "$pack_out/$id".[0-9]*.snupkg >/dev/null 2>&1; then
      echo "missing package or symbol package: $id"
      pack_exit=1
    fi
  done
  rm -rf "$pack_out"

  echo "== trimmed smoke app (self-contained, PublishTrimmed, trimming warnings are errors)"
  smoke_out="$(mktemp -d)"
  if dotnet publish tests/GreenPT.AI.TrimmingSmoke -c Release -o "$smoke_out" --nologo -v quiet; then
    "$smoke_out/GreenPT.AI.TrimmingSmoke" || smoke_exit=$?
  else
    smoke_exit=1
  fi
  rm -rf "$smoke_out"
fi

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
for check_exit in "$smoke_exit" "$pack_exit"; do
  if [ "$check_exit" -ne 0 ]; then
    failed=$((failed + 1))
  elif [ "$#" -eq 0 ]; then
    passed=$((passed + 1))
  fi
done

echo "$passed passed, $failed failed"
if [ "$test_exit" -ne 0 ] || [ "$smoke_exit" -ne 0 ] || [ "$pack_exit" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
