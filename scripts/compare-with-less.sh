#!/usr/bin/env bash
# lector side by side with less, in tmux at 120×40, on generated files:
#
#   scripts/compare-with-less.sh [ROUNDS]      (default 5)
#
# The files (COMPARE_FILES, default all five, space-separated):
#   txt1m       1,000,000 lines of mixed Chinese and Latin subtitle text (~46 MiB)
#   txt100k     the first 100,000 such lines (~4.6 MiB)
#   srt1m       an SRT of 1,000,000 captions of the same lines (~92 MiB)
#   line-latin  one line of 10 MB of Latin words
#   line-cjk    one line of 10 MB of Chinese without spaces
# COMPARE_KEYS (default "PPage NPage Up Down") and COMPARE_KEY_REPEATS (default 3) choose the
# keys timed at the end of the file. TRANSCRIPT=FILE runs one file of your own instead (with
# the marks gen_transcript writes; KIND=txt|txt-small|srt|line picks its targets).
#
# Builds the release binary and two examples (gen_transcript, compare_less), generates the
# files into target/scale/ (not committed), then runs both programs through the same keys,
# alternating which goes first, and prints medians, p95s, bytes, peak memory and the targets
# met. The method and its error are described in examples/compare_less.rs and in the README
# ("Performance"). Needs tmux and less.
set -euo pipefail

cd "$(dirname "$0")/.."
rounds="${1:-5}"
target="${CARGO_TARGET_DIR:-target}"
files="${COMPARE_FILES:-txt1m txt100k srt1m line-latin line-cjk}"

for tool in tmux less; do
    if ! command -v "$tool" >/dev/null; then
        echo "compare-with-less: $tool is needed (apt-get install $tool)" >&2
        exit 1
    fi
done

cargo build --release --quiet --bin lector --example gen_transcript --example compare_less
gen="$target/release/examples/gen_transcript"
mkdir -p "$target/scale"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
    "$(free -g | awk '/^Mem:/ { print $2 }') GiB RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
    "$(tmux -V), less $(less --version | head -1 | cut -d' ' -f2), $(date -u '+%Y-%m-%d %H:%M UTC')"

run() { # FILE KIND
    "$target/release/examples/compare_less" "$target/release/lector" "$1" "$rounds" "$2"
}

if [ -n "${TRANSCRIPT:-}" ]; then
    run "$TRANSCRIPT" "${KIND:-txt}"
    exit
fi
# Always made afresh: cheap, and never stale against the marks the driver looks for.
for f in $files; do
    case "$f" in
    txt1m) path="$target/scale/transcript-1000000.txt"; "$gen" 1000000 > "$path"; kind=txt ;;
    txt100k) path="$target/scale/transcript-100000.txt"; "$gen" 100000 > "$path"; kind=txt-small ;;
    srt1m) path="$target/scale/transcript-1000000.srt"; "$gen" 1000000 srt > "$path"; kind=srt ;;
    line-latin) path="$target/scale/line-latin.txt"; "$gen" 10000000 line-latin > "$path"; kind=line ;;
    line-cjk) path="$target/scale/line-cjk.txt"; "$gen" 10000000 line-cjk > "$path"; kind=line ;;
    *) echo "compare-with-less: unknown file $f" >&2; exit 1 ;;
    esac
    run "$path" "$kind"
done
