#!/usr/bin/env bash
# Trains the same model shape, method, sequence length, batch and step count with the PyTorch eager
# peer (../shared/tools/ref_hycam.py train-bench) and with `hycam bench train`, alternately, and
# prints both and the ratio.
#   bench/vs-pytorch.sh [--config FILE] [--method hycam|lora|full|none] [--seq N] [--batch N] [--steps N] [--rounds N]
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${HYCAM_SHARED:-../shared}
CONFIG=$SHARED/configs/smollm2-135m.json METHOD=hycam SEQ=512 BATCH=2 STEPS=3 ROUNDS=1
while [ $# -gt 0 ]; do
  case $1 in
    --config) CONFIG=$2; shift 2;; --method) METHOD=$2; shift 2;; --seq) SEQ=$2; shift 2;;
    --batch) BATCH=$2; shift 2;; --steps) STEPS=$2; shift 2;; --rounds) ROUNDS=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
  echo "installing python3-torch for the peer" >&2
  apt-get install -y -qq python3-torch >/dev/null
fi
[ -x build/hycam ] || make build
field() { /usr/bin/python3 -c "import json,sys; d=json.loads(sys.stdin.readlines()[0]); print(d['$1'])"; }
for r in $(seq "$ROUNDS"); do
  ours=$(build/hycam bench train --config "$CONFIG" --method "$METHOD" --seq "$SEQ" --batch "$BATCH" \
         --steps "$STEPS" --warmup 1 | head -1)
  # The peer loads the same OpenBLAS: give it the kernels hycam chose (compute_threads.h says why).
  kernels=$(echo "$ours" | field blas_kernels)
  peer=$(OPENBLAS_CORETYPE=$kernels /usr/bin/python3 "$SHARED/tools/ref_hycam.py" train-bench --config "$CONFIG" \
         --method "$METHOD" --seq "$SEQ" --batch "$BATCH" --steps "$STEPS" --warmup 1 --placement attn)
  p_tps=$(echo "$peer" | field tokens_per_s); o_tps=$(echo "$ours" | field tokens_per_s)
  p_mem=$(echo "$peer" | field peak_rss_mb); o_mem=$(echo "$ours" | field peak_rss_mb)
  o_util=$(echo "$ours" | field utilisation)
  printf 'round %s  %s seq %s batch %s  OpenBLAS kernels %s\n' "$r" "$METHOD" "$SEQ" "$BATCH" "$kernels"
  printf '  pytorch eager : %8.1f tokens/s  peak %7.0f MiB\n' "$p_tps" "$p_mem"
  printf '  hycam         : %8.1f tokens/s  peak %7.0f MiB  (%.0f%% of sgemm peak)\n' "$o_tps" "$o_mem" "$(echo "$o_util*100" | bc -l)"
  printf '  speed-up      : %8.2fx   memory ratio %.2f\n' "$(echo "$o_tps/$p_tps" | bc -l)" "$(echo "$o_mem/$p_mem" | bc -l)"
done
