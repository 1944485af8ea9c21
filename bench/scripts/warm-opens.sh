#!/usr/bin/env bash
# Server CPU per open, from a cold JVM to a warm one: N rounds of C connects (no production) against
# one packaged Streamgate, each round's clients closed before the next (not part of run-all).
#   bench/scripts/warm-opens.sh <quarkus-app dir> <label> [connections] [rounds]
# Needs a broker on 127.0.0.1:$KAFKA_PORT and the load tool built. JOPTS adds JVM flags (the
# image's are there already; JIT= drops TieredStopAtLevel=1). APROUND=K loads async-profiler
# (AP=<libasyncProfiler.so>) from round K on, in 5 s collapsed chunks. Output in
# bench/.cache/profile/<label>/: r<K>.jsonl per round, server.log, ap-*.collapsed.
set -uo pipefail
BENCH="$(cd "$(dirname "$0")/.." && pwd)"
APP="$1"; L="$2"; C="${3:-5000}"; N="${4:-4}"; OUT="$BENCH/.cache/profile/$L"; mkdir -p "$OUT"
KAFKA_PORT="${KAFKA_PORT:-29092}"; PORT="${PORT:-28090}"
LT=(java -Xms256m -Xmx1g -XX:+UseParallelGC -jar "$BENCH/loadtool/target/loadtool.jar")
T="warm-$L-$(date +%s)"
timeout 60 "${LT[@]}" topic --bootstrap 127.0.0.1:$KAFKA_PORT --topic "$T" --partitions 3 >"$OUT/topic.log" 2>&1
PROF=()
[ -n "${AP:-}" ] && PROF=("-agentpath:$AP=start,event=cpu,interval=1ms,threads,collapsed,loop=5s,file=$OUT/ap-%t.collapsed")
setsid java -Xmx1g -XX:+UseSerialGC -Xmn32m ${JIT--XX:TieredStopAtLevel=1} ${JOPTS:-} "${PROF[@]}" \
  -Dkafka.bootstrap.servers=127.0.0.1:$KAFKA_PORT -Dquarkus.http.port=$PORT -Dquarkus.http.host=127.0.0.1 \
  -Dstreamgate.stream.max-streams=20000 -jar "$APP/quarkus-run.jar" >"$OUT/server.log" 2>&1 </dev/null &
SP=$!
for _ in $(seq 1 120); do curl -sf -m 2 http://127.0.0.1:$PORT/q/health/ready >/dev/null && break; sleep 0.5; done
for r in $(seq 1 "$N"); do
  timeout 120 "${LT[@]}" run --system streamgate --scenario warm-opens --url http://127.0.0.1:$PORT/streams/$T \
    --connections $C --ready-on event:caught-up --events 0 --rate 0 --partitions 3 --payload 128 --produce none \
    --idle-seconds 1 --connect-timeout 60 --server-pid $SP --max-duration 100 --out "$OUT/r$r.jsonl" >"$OUT/loadtool-$r.log" 2>&1
  python3 - "$OUT/r$r.jsonl" "$r" "$C" <<'PY'
import json, sys
j = json.loads(open(sys.argv[1]).read().splitlines()[-1]); c = int(sys.argv[3])
print(f"round {sys.argv[2]}: {j['connectionsReady']}/{c} ready in {j['connectPhaseSeconds']} s, "
      f"server CPU {j['serverCpuConnectSeconds']} s = {1000 * j['serverCpuConnectSeconds'] / c:.3f} ms per open, "
      f"connect p99 {j['connectMs']['p99']:.0f} ms")
PY
done
kill -TERM -- -$SP; sleep 3; kill -KILL -- -$SP 2>/dev/null
