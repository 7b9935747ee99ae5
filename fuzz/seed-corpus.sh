#!/bin/sh
# Fills fuzz/corpus/<target>/ (gitignored) with seeds: the real fixtures, the bundled transcript,
# and a few small hostile files. Run from anywhere; safe to run again (it only adds files).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
subs="$repo/tests/fixtures/subtitles"
# The dev set's transcripts are third-party text kept outside the repository, in ../shared.
dev="$repo/../shared/outline-dev"
dev_txt=""
dev_srt=""
if [ -d "$dev" ]; then
    dev_txt=$(ls "$dev"/*.txt)
    dev_srt=$(ls "$dev"/*.srt)
fi

seed() { # seed TARGET FILE...
    target=$1
    shift
    mkdir -p "$here/corpus/$target"
    for f in "$@"; do
        cp "$f" "$here/corpus/$target/"
    done
}

seed decode "$subs"/*.srt "$subs"/*.vtt "$repo/assets/llamacon-zuckerberg.zh.txt" \
    $dev_txt "$here"/seeds/*
seed srt "$subs"/*.srt $dev_srt "$here"/seeds/*.srt
seed vtt "$subs"/*.vtt "$here"/seeds/*.vtt
seed markdown "$repo/README.md" "$here"/seeds/*.md
seed notes "$here"/seeds/*.toml "$repo"/assets/*.toml
echo "seeded: $(for t in decode srt vtt markdown notes; do printf '%s=%s ' "$t" "$(ls "$here/corpus/$t" | wc -l)"; done)"
