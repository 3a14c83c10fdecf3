#!/usr/bin/env bash
# Prints the Content-Security-Policy sources of the inline scripts in a built index.html:
# one 'sha256-<base64>' per <script> without src (Trunk writes one: the wasm loader), space
# separated, for deploy/security-headers.conf's @CSP_SCRIPT_HASHES@. deploy/install.sh fills
# it itself when it installs; this prints what it computes (its --csp-of).
#   scripts/csp.sh [dist/index.html]
set -euo pipefail
index="${1:-dist/index.html}"
[[ -f "$index" ]] || { echo "csp.sh: $index not found (run trunk build --release first)" >&2; exit 1; }
exec bash "$(dirname "$0")/../deploy/install.sh" --csp-of "$index"
