#!/usr/bin/env bash
# Line and branch coverage of the packages (GreenPT.AI, GreenPT.AI.DependencyInjection) by the unit and integration tests,
# with coverlet (coverlet.collector). Prints a summary per package and per folder; the Cobertura files stay in
# TestResults/coverage/ for a report tool of your choice. Not part of ./test.sh or CI.
#
#   ./coverage.sh            # both test projects
#   ./coverage.sh unit       # tests/GreenPT.AI.Tests only
set -euo pipefail
cd "$(dirname "$0")"
out="TestResults/coverage"
rm -rf "$out"
projects=(tests/GreenPT.AI.Tests)
if [ "${1:-all}" != "unit" ]; then
  projects+=(tests/GreenPT.AI.IntegrationTests)
fi

for project in "${projects[@]}"; do
  dotnet test "$project" -c Release --collect:"XPlat Code Coverage" --results-directory "$out" -- \
    DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.Format=cobertura \
    'DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.Include=[GreenPT.AI]*,[GreenPT.AI.DependencyInjection]*' \
    DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.ExcludeByAttribute=GeneratedCodeAttribute
done

python3 tools/coverage-summary.py $(find "$out" -name 'coverage.cobertura.xml')
