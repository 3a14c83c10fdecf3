#!/usr/bin/env bash
# Prints the Content-Security-Policy sources of the inline scripts in a built index.html:
# one 'sha256-<base64>' per <script> without src (Trunk writes one: the wasm loader), space
# separated, for deploy/security-headers.conf's @CSP_SCRIPT_HASHES@. The hash is of the exact
# text between <script ...> and </script>, as the browser hashes it. Run it after every
# `trunk build`: a new build has a new loader (its asset names carry the build's hashes).
#   scripts/csp.sh [dist/index.html]
set -euo pipefail
index="${1:-dist/index.html}"
[[ -f "$index" ]] || { echo "csp.sh: $index not found (run trunk build --release first)" >&2; exit 1; }
# Perl's core modules only (Digest::SHA, MIME::Base64): nothing to install.
perl -MDigest::SHA=sha256 -MMIME::Base64 -0777 -ne '
    my @sources;
    while (/<script\b([^>]*)>(.*?)<\/script\s*>/gis) {
        my ($attrs, $text) = ($1, $2);
        next if $attrs =~ /\bsrc\s*=/i;
        push @sources, "\x27sha256-" . encode_base64(sha256($text), "") . "\x27";
    }
    print join(" ", @sources), "\n";
' "$index"
