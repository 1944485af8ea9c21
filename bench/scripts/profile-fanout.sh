#!/usr/bin/env bash
# One fan-out (or, with LTX="--storm-at 5", storm) case against a packaged Streamgate under a JFR
# recording, for profiling (not part of run-all).
#   bench/scripts/profile-fanout.sh <quarkus-app dir> <label> [connections] [events] [rate]
# Needs a broker on 127.0.0.1:$KAFKA_PORT and the load tool built. Output in
# bench/.cache/profile/<label>/: rec.jfr, result.jsonl, metrics.txt (the stream metrics at the end).
set -uo pipefail
BENCH="$(cd "$(dirname "$0")/.." && pwd)"
APP="$1"; L="$2"; C="${3:-1000}"; EV="${4:-3000}"; RATE="${5:-100}"; OUT="$BENCH/.cache/profile/$L"; mkdir -p "$OUT"
KAFKA_PORT="${KAFKA_PORT:-29092}"; PORT="${PORT:-28090}"
LT=(java -Xms256m -Xmx2g -XX:+UseParallelGC -jar "$BENCH/loadtool/target/loadtool.jar")
T="fan-$L-$(date +%s)"
timeout 60 "${LT[@]}" topic --bootstrap 127.0.0.1:$KAFKA_PORT --topic "$T" --partitions 3 >"$OUT/topic.log" 2>&1
setsid java -Xmx1g ${JOPTS:-} -XX:StartFlightRecording=filename=$OUT/rec.jfr,settings=profile,dumponexit=true \
  -Dkafka.bootstrap.servers=127.0.0.1:$KAFKA_PORT -Dquarkus.http.port=$PORT -Dquarkus.http.host=127.0.0.1 \
  -Dstreamgate.stream.max-streams=20000 -jar "$APP/quarkus-run.jar" >"$OUT/server.log" 2>&1 </dev/null &
SP=$!
for _ in $(seq 1 120); do curl -sf -m 2 http://127.0.0.1:$PORT/q/health/ready >/dev/null && break; sleep 0.5; done
timeout 300 "${LT[@]}" run --system streamgate --scenario "$L" --url http://127.0.0.1:$PORT/streams/$T --connections $C \
  --ready-on event:caught-up --events $EV --rate $RATE --partitions 3 --payload 128 --produce kafka \
  --bootstrap 127.0.0.1:$KAFKA_PORT --topic $T --drain-timeout 15 --connect-timeout 60 ${LTX:-} \
  --server-pid $SP --max-duration 280 --out "$OUT/result.jsonl" >"$OUT/loadtool.log" 2>&1
# user and kernel CPU of the server's whole life (clock ticks): where the delivery CPU goes
awk '{printf "server user %.2f s, system %.2f s\n", $14/100, $15/100}' /proc/$SP/stat >"$OUT/cpu-split.txt"
curl -s -m 5 http://127.0.0.1:$PORT/q/metrics | grep -E '^streamgate_(stream_kafka_lookups|window_fell|streams_closed|stream_resumes)' >"$OUT/metrics.txt"
jcmd $SP JFR.dump filename=$OUT/rec.jfr >/dev/null 2>&1
kill -TERM -- -$SP; sleep 4; kill -KILL -- -$SP 2>/dev/null
tail -1 "$OUT/result.jsonl"
