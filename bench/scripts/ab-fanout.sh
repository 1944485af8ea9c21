#!/usr/bin/env bash
# One fan-out case against a packaged Streamgate with the image's JVM flags, for A/B comparisons of
# builds or settings run one after the other on one broker (not part of run-all: its ratios are
# only comparable within one series on one machine).
#   bench/scripts/ab-fanout.sh <quarkus-app dir> <label> <connections> <events> <rate> [-Dflags...]
# AP=1 runs the server under async-profiler (event=cpu, 1 ms; its library at $AP_LIB) and counts
# the server's write syscalls, CPU and context switches over 20 s of delivery, 25 s after the load
# starts (so give it events / rate of 50 s or more). Needs a broker on 127.0.0.1:$KAFKA_PORT and the load tool built. Output in
# bench/.cache/ab/<label>/: result.jsonl, rates.txt, cpu.collapsed (with AP=1).
set -uo pipefail
BENCH="$(cd "$(dirname "$0")/.." && pwd)"
APP="$1"; L="$2"; C="$3"; EV="$4"; RATE="$5"; shift 5
OUT="$BENCH/.cache/ab/$L"; mkdir -p "$OUT"
KAFKA_PORT="${KAFKA_PORT:-29092}"; PORT="${PORT:-28090}"
AP_LIB="${AP_LIB:-/opt/ap/linux-x64/libasyncProfiler.so}"
LT=(java -Xms512m -Xmx3g -XX:+UseParallelGC -jar "$BENCH/loadtool/target/loadtool.jar")
PROF=()
[ "${AP:-0}" = 1 ] && PROF=("-agentpath:$AP_LIB=start,event=cpu,interval=1ms,file=$OUT/cpu.collapsed,collapsed")
T="ab-$L-$(date +%s%N)"
timeout 60 "${LT[@]}" topic --bootstrap 127.0.0.1:$KAFKA_PORT --topic "$T" --partitions 3 >"$OUT/topic.log" 2>&1
setsid java "${PROF[@]}" -Xmx1g -XX:+UseSerialGC -Xmn32m -XX:TieredStopAtLevel=1 "$@" \
  -Dkafka.bootstrap.servers=127.0.0.1:$KAFKA_PORT -Dquarkus.http.port=$PORT -Dquarkus.http.host=127.0.0.1 \
  -Dstreamgate.stream.max-streams=20000 -jar "$APP/quarkus-run.jar" >"$OUT/server.log" 2>&1 </dev/null &
SP=$!
for _ in $(seq 1 120); do curl -sf -m 2 http://127.0.0.1:$PORT/q/health/ready >/dev/null && break; sleep 0.5; done
# write syscalls, CPU ticks, voluntary and involuntary context switches of the server's threads
snap() { echo "$(awk '/syscw/{print $2}' /proc/$SP/io) $(awk '{print $14+$15}' /proc/$SP/stat) $(cat /proc/$SP/task/*/status 2>/dev/null | awk '/^nonvoluntary_ctxt/{n+=$2} /^voluntary_ctxt/{v+=$2} END{print v, n}')"; }
( sleep 25; snap >"$OUT/s0"; sleep 20; snap >"$OUT/s1" ) &
timeout 300 "${LT[@]}" run --system streamgate --scenario "$L" --url http://127.0.0.1:$PORT/streams/$T --connections $C \
  --ready-on event:caught-up --events $EV --rate $RATE --partitions 3 --payload 128 --produce kafka \
  --bootstrap 127.0.0.1:$KAFKA_PORT --topic $T --drain-timeout 15 --connect-timeout 60 \
  --server-pid $SP --max-duration 280 --out "$OUT/result.jsonl" >"$OUT/loadtool.log" 2>&1
# a graceful stop, so that the profiler writes its output
kill -TERM -- -$SP; for _ in $(seq 1 80); do kill -0 $SP 2>/dev/null || break; sleep 0.5; done; kill -KILL -- -$SP 2>/dev/null
if [ -s "$OUT/s1" ]; then
  read -r w0 c0 v0 n0 <"$OUT/s0"; read -r w1 c1 v1 n1 <"$OUT/s1"
  echo "$L: writes/s $(( (w1 - w0) / 20 )), CPU $(( (c1 - c0) / 20 )) % of a core, voluntary switches/s $(( (v1 - v0) / 20 )), involuntary/s $(( (n1 - n0) / 20 ))" | tee "$OUT/rates.txt"
fi
tail -1 "$OUT/result.jsonl"
