#!/usr/bin/env bash
# Installs, when missing, what the app tests need beyond the .NET SDK:
#   chromium  Debian's headless browser for tests/GreenPT.AI.BrowserTests and the Aspire dashboard screenshot in
#             tests/GreenPT.AI.Aspire.Tests (Playwright drives /usr/bin/chromium; it downloads none). The Aspire orchestrator (DCP)
#             and dashboard need nothing from apt: they come from NuGet (Aspire.Hosting.Orchestration, Aspire.Dashboard.Sdk).
#   tmux      the pseudo-terminal for tests/GreenPT.AI.Cli.Tests (the real `greenpt` binary, typed at like a person would)
#   mono      Debian's mono-complete, the .NET Framework 4.x runtime for tests/GreenPT.AI.NetFrameworkTests (the netstandard2.0
#             build in a net472 app, on Mono's two HTTP stacks); a large install (179 packages on Debian 12)
#   redis-server  the real Redis for tests/GreenPT.AI.Redis.Tests (each test fixture starts its own on a free loopback port)
# ./test.sh runs it before `dotnet test`. It never stops the run: when something cannot be installed it says so here, and the
# tests that need it fail with a message naming it (they do not skip).
set -uo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
command -v mono >/dev/null 2>&1 || missing+=(mono-complete)
[ -x /usr/bin/redis-server ] || command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)

if [ "${#missing[@]}" -eq 0 ]; then
  echo "== test dependencies: chromium, tmux, mono and redis-server are installed"
  exit 0
fi

echo "== test dependencies: installing ${missing[*]} (apt-get)"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    echo "cannot install ${missing[*]}: not root and no password-less sudo; the tests that need them will fail and say so" >&2
    exit 0
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "cannot install ${missing[*]}: apt-get is not available; the tests that need them will fail and say so" >&2
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
if "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null; then
  echo "== test dependencies: installed ${missing[*]}"
else
  echo "could not install ${missing[*]}; the tests that need them will fail and say so" >&2
fi
exit 0
