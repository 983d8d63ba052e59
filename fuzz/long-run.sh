#!/usr/bin/env bash
# A longer run of one target, with libFuzzer's final stats and the process's CPU time:
#   fuzz/long-run.sh <target> <seconds>     → fuzz/artifacts/<target>/long-run.log
# (build first: scripts/test-fuzz.sh or `cargo +nightly fuzz build -s none -a`).
set -euo pipefail
cd "$(dirname "$0")"
t=$1; secs=$2
bin=target/x86_64-unknown-linux-gnu/release
case "$t" in document_json) dict=-dict=dict/json.dict ;; sign_mutate) dict= ;; *) dict=-dict=dict/der.dict ;; esac
mkdir -p "artifacts/$t" "corpus/$t"
log="artifacts/$t/long-run.log"
/usr/bin/time -f 'cpu_user_s=%U cpu_sys_s=%S wall_s=%e max_rss_kb=%M' \
  "$bin/$t" "corpus/$t" $dict -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 \
  -max_len=65536 -print_final_stats=1 -artifact_prefix="artifacts/$t/" >"$log" 2>&1 || true
grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|^cpu_user|==ERROR|panicked|SUMMARY|Test unit written' "$log" || true
