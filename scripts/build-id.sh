#!/usr/bin/env bash
# Prints the console's build: the short git commit of this checkout, with "-dirty" when a
# tracked file differs from it; "dev" outside a git checkout. `make console` passes it to the
# build (OBSHELL_CONSOLE_BUILD, shown in every "About" panel) and `make release` names the
# tarball with it, so the two always agree for one tree.
set -euo pipefail
cd "$(dirname "$0")/.."
commit=$(git rev-parse --short=7 HEAD 2>/dev/null) || { echo dev; exit 0; }
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  echo "$commit-dirty"
else
  echo "$commit"
fi
