#!/usr/bin/env bash
# lector side by side with less on a 1,000,000-line transcript, in tmux at 120×40.
#
#   scripts/compare-with-less.sh [ROUNDS]      (default 5)
#
# Builds the release binary and two examples (gen_transcript, compare_less), generates the
# transcript (~48 MB, 0.5 s; not committed), then runs both programs through the same
# keys, alternating which goes first, and prints medians, ratios and the targets met. The
# method and its error are described in examples/compare_less.rs and in the README
# ("Performance"). Needs tmux and less; LINES_TO_GENERATE and TRANSCRIPT override the defaults.
set -euo pipefail

cd "$(dirname "$0")/.."
rounds="${1:-5}"
lines="${LINES_TO_GENERATE:-1000000}"
target="${CARGO_TARGET_DIR:-target}"
file="${TRANSCRIPT:-$target/scale/transcript-$lines.txt}"

for tool in tmux less; do
    if ! command -v "$tool" >/dev/null; then
        echo "compare-with-less: $tool is needed (apt-get install $tool)" >&2
        exit 1
    fi
done

cargo build --release --quiet --bin lector --example gen_transcript --example compare_less
if [ -z "${TRANSCRIPT:-}" ]; then
    # Always made afresh: cheap, and never stale against the marks the driver looks for.
    mkdir -p "$(dirname "$file")"
    "$target/release/examples/gen_transcript" "$lines" > "$file"
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
    "$(free -g | awk '/^Mem:/ { print $2 }') GiB RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
    "$(tmux -V), less $(less --version | head -1 | cut -d' ' -f2)"
"$target/release/examples/compare_less" "$target/release/lector" "$file" "$rounds"
