#!/usr/bin/env bash
# Which plausible engine bugs does the CI's baseline check catch? Plants each bug below, one at a
# time, in a copy of the committed tree, builds it and runs the CI's check of the shipped
# scenarios against tests/baselines (docs/ci.md, "Planted engine bugs"). Prints one line per bug:
# "caught" when the check fails (exit 1), "missed" when it passes.
#
# Usage: ci/planted-bugs.sh [NAME...]   (default: every bug; about a minute per bug)
# Builds reuse $CARGO_TARGET_DIR (default: ./target); rebuild your own tree afterwards.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"

# name | file | Perl substitution applied once (the text must be found)
bugs=(
  "patience-during-call|src/sim/engine/mod.rs|s/let talk = match call\.conversation_drop_after \{/let talk = match call.conversation_drop_after.or(call.patience.map(|p| (p - (now - call.arrival)).max(0.0))) {/"
  "warmup-ignored-for-counts|src/sim/engine/mod.rs|s/let counted = now >= self\.warm_end;/let counted = true;/"
  "blocked-not-offered|src/sim/engine/mod.rs|s/        self\.count_offered\(id\);\n        let limits/        let limits/; s/        if lines_full \{\n/        if !lines_full && !queue_full {\n            self.count_offered(id);\n        }\n        if lines_full {\n/"
  "service-level-without-blocked|src/sim/metrics.rs|s/c\.offered - c\.deflected - c\.callback_reached - c\.callback_failed/c.offered - c.deflected - c.callback_reached - c.callback_failed - c.missed_blocked/"
  "threshold-strict|src/sim/tally.rs|s/wait <= rules\.threshold/wait < rules.threshold/"
  "priority-swapped|src/policy/queue.rs|s/Rank\(f64::from\(call\.class\.priority\), call\.arrival\)/Rank(-f64::from(call.class.priority), call.arrival)/"
  "queue-capacity-off-by-one|src/sim/engine/mod.rs|s/self\.waiting as u32 >= capacity/self.waiting as u32 > capacity/"
  "line-limit-off-by-one|src/sim/engine/mod.rs|s/self\.waiting as u32 \+ talking >= lines/self.waiting as u32 + talking > lines/"
  "warmup-ignored-for-occupancy|src/sim/engine/mod.rs|s/let from = self\.clock_last\.max\(self\.warm_end\);/let from = self.clock_last;/"
  "abandoned-after-threshold-inclusive|src/sim/tally.rs|s/u64::from\(wait > rules\.threshold\)/u64::from(wait >= rules.threshold)/"
)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
caught=0
total=0
for entry in "${bugs[@]}"; do
  IFS='|' read -r name file substitution <<< "$entry"
  if [[ $# -gt 0 && ! " $* " =~ " $name " ]]; then
    continue
  fi
  tree="$work/ccsim"
  rm -rf "$tree"
  mkdir -p "$tree"
  git -C "$root" archive HEAD | tar -x -C "$tree"
  cp "$tree/$file" "$work/original"
  perl -0pi -e "$substitution" "$tree/$file"
  if cmp -s "$tree/$file" "$work/original"; then
    echo "error: $name: the substitution found nothing in $file; update this script" >&2
    exit 2
  fi
  (cd "$tree" && cargo build --locked --quiet --profile test)
  status=0
  (cd "$tree" && "$CARGO_TARGET_DIR/debug/ccsim" check scenarios --baseline tests/baselines \
    --quiet > "$work/check.txt" 2>&1) || status=$?
  total=$((total + 1))
  case $status in
    0) echo "missed  $name" ;;
    1) echo "caught  $name"; caught=$((caught + 1)) ;;
    *) echo "error   $name (exit $status)"; sed -n 1,5p "$work/check.txt" ;;
  esac
done
echo "$caught of $total planted bugs caught"
