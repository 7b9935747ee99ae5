#!/bin/sh
# Fills fuzz/corpus/<target>/ (gitignored) with seeds: the real fixtures, the bundled transcript,
# and a few small hostile files. Run from anywhere; safe to run again (it only adds files).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
subs="$repo/tests/fixtures/subtitles"
dev="$repo/tests/data/outline-dev"

seed() { # seed TARGET FILE...
    target=$1
    shift
    mkdir -p "$here/corpus/$target"
    for f in "$@"; do
        cp "$f" "$here/corpus/$target/"
    done
}

seed decode "$subs"/*.srt "$subs"/*.vtt "$repo/assets/llamacon-zuckerberg.zh.txt" \
    "$dev"/*.txt "$here"/seeds/*
seed srt "$subs"/*.srt "$dev"/*.srt "$here"/seeds/*.srt
seed vtt "$subs"/*.vtt "$here"/seeds/*.vtt
seed markdown "$repo/README.md" "$here"/seeds/*.md
seed notes "$here"/seeds/*.toml "$repo"/assets/*.toml
echo "seeded: $(for t in decode srt vtt markdown notes; do printf '%s=%s ' "$t" "$(ls "$here/corpus/$t" | wc -l)"; done)"
