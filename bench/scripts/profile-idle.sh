#!/usr/bin/env bash
# Heap and RSS per idle stream of a packaged Streamgate, for profiling (not part of run-all).
#   bench/scripts/profile-idle.sh <quarkus-app dir> <connections> <label>
# Needs a broker on 127.0.0.1:$KAFKA_PORT (bench/scripts/kafka.sh start 29092 <dir>) and the load
# tool built. Class histograms (after a full GC) with one stream and with C streams give the live
# heap per stream; VmRSS the resident memory. NMT=1 JOPTS=-XX:NativeMemoryTracking=summary adds
# native memory summaries. Output in bench/.cache/profile/<label>/.
set -uo pipefail
BENCH="$(cd "$(dirname "$0")/.." && pwd)"
APP="$1"; C="$2"; L="$3"; OUT="$BENCH/.cache/profile/$L"; mkdir -p "$OUT"
KAFKA_PORT="${KAFKA_PORT:-29092}"; PORT="${PORT:-28090}"
LT=(java -Xms256m -Xmx1g -XX:+UseParallelGC -jar "$BENCH/loadtool/target/loadtool.jar")
T="idle-$L-$(date +%s)"
timeout 60 "${LT[@]}" topic --bootstrap 127.0.0.1:$KAFKA_PORT --topic "$T" --partitions 3 >"$OUT/topic.log" 2>&1
setsid java -Xmx1g ${JOPTS:-} -Dkafka.bootstrap.servers=127.0.0.1:$KAFKA_PORT -Dquarkus.http.port=$PORT \
  -Dquarkus.http.host=127.0.0.1 -Dstreamgate.stream.max-streams=20000 -jar "$APP/quarkus-run.jar" >"$OUT/server.log" 2>&1 </dev/null &
SP=$!
for _ in $(seq 1 120); do curl -sf -m 2 http://127.0.0.1:$PORT/q/health/ready >/dev/null && break; sleep 0.5; done
curl -s -m 3 http://127.0.0.1:$PORT/streams/$T >/dev/null # one stream: the reader and the classes exist
sleep 1
jcmd $SP GC.class_histogram >"$OUT/histo0.txt"; grep VmRSS /proc/$SP/status >"$OUT/rss0.txt"
[ -n "${NMT:-}" ] && jcmd $SP VM.native_memory summary >"$OUT/nmt0.txt"
timeout 200 "${LT[@]}" run --system streamgate --scenario idle --url http://127.0.0.1:$PORT/streams/$T --connections $C \
  --ready-on event:caught-up --events 0 --rate 0 --partitions 3 --payload 128 --produce none --idle-seconds 25 \
  --connect-timeout 60 --server-pid $SP --max-duration 180 --out "$OUT/result.jsonl" >"$OUT/loadtool.log" 2>&1 &
LP=$!
for _ in $(seq 1 240); do
  [ "$(ss -Htn state established "( sport = :$PORT )" | wc -l)" -ge "$C" ] && break; sleep 0.5
done
sleep 5
jcmd $SP GC.class_histogram >"$OUT/histoC.txt"; grep VmRSS /proc/$SP/status >"$OUT/rssC.txt"
[ -n "${NMT:-}" ] && jcmd $SP VM.native_memory summary >"$OUT/nmtC.txt"
wait $LP
kill -TERM -- -$SP; sleep 3; kill -KILL -- -$SP 2>/dev/null
t0=$(tail -1 "$OUT/histo0.txt" | awk '{print $3}'); tc=$(tail -1 "$OUT/histoC.txt" | awk '{print $3}')
echo "live heap per stream: $(((tc - t0) / C)) bytes; RSS $(awk '{print $2}' "$OUT/rss0.txt") kB -> $(awk '{print $2}' "$OUT/rssC.txt") kB"
