#!/usr/bin/env bash
# A longer run of one target, with libFuzzer's final stats and the process's CPU time:
#   fuzz/long-run.sh <target> <seconds>          → fuzz/artifacts/<target>/long-run.log
#   FUZZ_BUDGET=cpu fuzz/long-run.sh <target> <s> stop after <s> CPU-seconds instead of
#                                                  wall seconds (for a shared or niced run:
#                                                  polled every 5 s, then SIGINT, which makes
#                                                  libFuzzer print its final stats)
# (build first: scripts/test-fuzz.sh or `cargo +nightly fuzz build -s none -a`).
set -euo pipefail
cd "$(dirname "$0")"
t=$1; secs=$2
bin=target/x86_64-unknown-linux-gnu/release
case "$t" in document_json) dict=-dict=dict/json.dict ;; xml_*) dict=-dict=dict/xml.dict ;; sign_mutate) dict= ;; *) dict=-dict=dict/der.dict ;; esac
mkdir -p "artifacts/$t" "corpus/$t"
log="artifacts/$t/long-run.log"
wall=$secs
[ "${FUZZ_BUDGET:-wall}" = cpu ] && wall=$((secs * 50))
/usr/bin/time -f 'cpu_user_s=%U cpu_sys_s=%S wall_s=%e max_rss_kb=%M' \
  "$bin/$t" "corpus/$t" $dict -max_total_time="$wall" -rss_limit_mb=2048 -timeout=10 \
  -max_len=65536 -print_final_stats=1 -artifact_prefix="artifacts/$t/" >"$log" 2>&1 &
timer=$!
if [ "${FUZZ_BUDGET:-wall}" = cpu ]; then
  tck=$(getconf CLK_TCK)
  while kill -0 "$timer" 2>/dev/null; do
    sleep 5
    pid=$(pgrep -P "$timer" | head -1) || continue
    # fields 14, 15: utime, stime in clock ticks (the command name has no spaces here)
    cpu=$(awk '{print int(($14 + $15) / '"$tck"')}' "/proc/$pid/stat" 2>/dev/null) || continue
    if [ "${cpu:-0}" -ge "$secs" ]; then kill -INT "$pid"; break; fi
  done
fi
wait "$timer" || true
grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|^cpu_user|==ERROR|panicked|SUMMARY|Test unit written' "$log" || true
