#!/usr/bin/env bash
# The zoo SE over several training seeds (docs/BENCHMARKS.md, "Over training seeds"). For each seed:
# the SE trained with mlp4 and parity5 held out (zero-shot F1 and AUC against the truth), and an SE
# trained on every task, benched at the truth's size against the baselines it must beat. Then the
# harness prints one row per seed and the medians.
#
#   bench/se-seeds.sh ZOO OUT SEED...        e.g. bench/se-seeds.sh runs/zoo runs/seeds 0 1 2 3 4
#
# TRAIN_OPTIONS adds options to both `subx train` commands, e.g. TRAIN_OPTIONS="--learning-rate 1e-3";
# BENCH_OPTIONS to `subx bench`, e.g. BENCH_OPTIONS="--continue 100" (an se+continue row, summarised too).
#
# About 5 minutes a seed on 2 cores (15 with --continue 100). OUT/SEED/ keeps every run folder and what
# each command printed.
set -euo pipefail
if [ $# -lt 3 ]; then echo "usage: $0 ZOO OUT SEED..." >&2; exit 2; fi
zoo=$1 out=$2; shift 2
cd "$(dirname "$0")/.."
dotnet build -c Release src/Subx.Cli -v q -nologo > /dev/null
dotnet build -c Release bench/Subx.Bench -v q -nologo > /dev/null
subx() { dotnet src/Subx.Cli/bin/Release/net10.0/subx.dll "$@"; }
for s in "$@"; do
  d=$out/$s
  rm -rf "$d" && mkdir -p "$d"
  subx train --host "$zoo" --holdout mlp4,parity5 --seed "$s" ${TRAIN_OPTIONS:-} --out "$d/holdout" > "$d/holdout.txt"
  subx train --host "$zoo" --seed "$s" ${TRAIN_OPTIONS:-} --out "$d/all" > "$d/all.txt"
  subx bench --host "$zoo" --policy "$d/all" --extractors correlation,attribution,mask,se ${BENCH_OPTIONS:-} --json "$d/bench.json" > "$d/bench.txt"
  echo "seed $s: done $(date -u +%H:%M:%S)"
done
dotnet bench/Subx.Bench/bin/Release/net10.0/Subx.Bench.dll se-seeds "$zoo" "$out" mlp4,parity5 "$(IFS=,; echo "$*")"
