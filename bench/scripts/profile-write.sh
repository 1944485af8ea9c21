#!/usr/bin/env bash
# The cost of a write, measured over a window of steady delivery (not part of run-all): one fan-out
# case against a packaged Streamgate with the image's JVM flags, and from WAIT s after the load
# starts, for SPAN s: async-profiler's CPU samples (4.1, loaded then with jcmd, event=cpu, 1 ms),
# the server's write syscalls, user and kernel CPU and context switches (/proc/<pid>), and what its
# threads allocated (JFR's jdk.ThreadAllocationStatistics at both ends of the window).
#   bench/scripts/profile-write.sh <quarkus-app dir> <label> <connections> <events> <rate> [-Dflags...]
# PARTS (3) and PAYLOAD (128 B) set the topic's partitions and the events' size: PARTS=1 PAYLOAD=1024
# is ls-all's shape. Give it events / rate of WAIT + SPAN + 10 s or more. Needs a broker on 127.0.0.1:$KAFKA_PORT, the
# load tool built and async-profiler's library at $AP_LIB. Output in bench/.cache/write/<label>/:
# rates.txt, cpu.collapsed, top.txt (bench/scripts/collapsed-top.py), alloc.txt, result.jsonl.
set -uo pipefail
BENCH="$(cd "$(dirname "$0")/.." && pwd)"
APP="$1"; L="$2"; C="$3"; EV="$4"; RATE="$5"; shift 5
OUT="$BENCH/.cache/write/$L"; rm -rf "$OUT"; mkdir -p "$OUT"
KAFKA_PORT="${KAFKA_PORT:-29092}"; PORT="${PORT:-28090}"; WAIT="${WAIT:-25}"; SPAN="${SPAN:-20}"
PARTS="${PARTS:-3}"; PAYLOAD="${PAYLOAD:-128}"
AP_LIB="${AP_LIB:-/opt/ap/linux-x64/libasyncProfiler.so}"
LT=(java -Xms512m -Xmx3g -XX:+UseParallelGC -jar "$BENCH/loadtool/target/loadtool.jar")
T="wr-$L-$(date +%s%N)"
cat >"$OUT/alloc.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ThreadAllocationStatistics"><setting name="enabled">true</setting><setting name="period">everyChunk</setting></event>
  <event name="jdk.DirectBufferStatistics"><setting name="enabled">true</setting><setting name="period">everyChunk</setting></event>
</configuration>
JFC
timeout 60 "${LT[@]}" topic --bootstrap 127.0.0.1:$KAFKA_PORT --topic "$T" --partitions "$PARTS" >"$OUT/topic.log" 2>&1
setsid java -Xmx1g -XX:+UseSerialGC -Xmn32m -XX:TieredStopAtLevel=1 "$@" \
  -Dkafka.bootstrap.servers=127.0.0.1:$KAFKA_PORT -Dquarkus.http.port=$PORT -Dquarkus.http.host=127.0.0.1 \
  -Dstreamgate.stream.max-streams=20000 -jar "$APP/quarkus-run.jar" >"$OUT/server.log" 2>&1 </dev/null &
SP=$!
for _ in $(seq 1 120); do curl -sf -m 2 http://127.0.0.1:$PORT/q/health/ready >/dev/null && break; sleep 0.5; done
# The server's writes to its clients: TCP segments with data it sent on its port (one per write of
# a small batch: no Nagle, and loopback sends each at once). /proc/<pid>/io's syscw counts write and
# writev but not sendto, which Netty's epoll transport uses for a single buffer.
segs() { ss -tinH state established "( sport = :$PORT )" | grep -o 'data_segs_out:[0-9]*' | awk -F: '{s+=$2} END{print s+0}'; }
# writes, write/writev syscalls, user and kernel CPU ticks, voluntary and involuntary context
# switches, the load average
snap() { echo "$(segs) $(awk '/syscw/{print $2}' /proc/$SP/io) $(awk '{print $14, $15}' /proc/$SP/stat) $(cat /proc/$SP/task/*/status 2>/dev/null | awk '/^nonvoluntary_ctxt/{n+=$2} /^voluntary_ctxt/{v+=$2} END{print v, n}') $(cut -d' ' -f1 /proc/loadavg)"; }
(
  sleep "$WAIT"
  jcmd $SP JFR.start name=alloc settings="$OUT/alloc.jfc" filename="$OUT/alloc.jfr" >/dev/null 2>&1
  # jcmd splits an agent's options at commas unless they are quoted within the argument
  jcmd $SP JVMTI.agent_load "$AP_LIB" '"start,event=cpu,interval=1ms,threads"' >/dev/null 2>&1
  snap >"$OUT/s0"; sleep "$SPAN"; snap >"$OUT/s1"
  jcmd $SP JVMTI.agent_load "$AP_LIB" "\"stop,file=$OUT/cpu.collapsed,collapsed\"" >/dev/null 2>&1
  jcmd $SP JFR.stop name=alloc >/dev/null 2>&1
) &
WIN=$!
timeout 400 "${LT[@]}" run --system streamgate --scenario "$L" --url http://127.0.0.1:$PORT/streams/$T --connections $C \
  --ready-on event:caught-up --events $EV --rate $RATE --partitions "$PARTS" --payload "$PAYLOAD" --produce kafka \
  --bootstrap 127.0.0.1:$KAFKA_PORT --topic $T --drain-timeout 15 --connect-timeout 90 \
  --server-pid $SP --max-duration 380 --out "$OUT/result.jsonl" >"$OUT/loadtool.log" 2>&1
wait $WIN
kill -TERM -- -$SP; for _ in $(seq 1 80); do kill -0 $SP 2>/dev/null || break; sleep 0.5; done; kill -KILL -- -$SP 2>/dev/null
if [ -s "$OUT/s1" ]; then
  read -r w0 y0 u0 k0 v0 n0 l0 <"$OUT/s0"; read -r w1 y1 u1 k1 v1 n1 l1 <"$OUT/s1"
  HZ=$(getconf CLK_TCK); W=$(( w1 - w0 ))
  # the window's allocation: per thread, its last count minus its first (threads alive at both ends)
  ALLOC=$(jfr print --events jdk.ThreadAllocationStatistics "$OUT/alloc.jfr" 2>/dev/null | awk '
    /allocated = /{v=$3; gsub(",","",v); u=$4; m=(u=="kB")?1024:(u=="MB")?1048576:(u=="GB")?1073741824:1; a=v*m}
    /thread = /{t=$0; if (!(t in first)) first[t]=a; last[t]=a}
    END{s=0; for (t in first) s+=last[t]-first[t]; printf "%.0f", s}')
  # direct memory in use (Netty's pooled buffers are NIO direct buffers here) at both ends
  DIRECT=$(jfr print --events jdk.DirectBufferStatistics "$OUT/alloc.jfr" 2>/dev/null | awk '
    /memoryUsed = /{v=$3; gsub(",","",v); u=$4; m=(u=="kB")?1024:(u=="MB")?1048576:(u=="GB")?1073741824:1; a[n++]=v*m}
    END{if (n) printf "%.1f MB at the start, %.1f MB at the end", a[0]/1048576, a[n-1]/1048576}')
  DELIV=$(( C * RATE * SPAN ))
  {
    echo "$L: load average $l0 at the window's start, $l1 at its end"
    echo "writes/s $(( W / SPAN )) (write/writev syscalls/s $(( (y1 - y0) / SPAN ))), deliveries/s $(( C * RATE )) (C x rate), $(awk -v d=$DELIV -v w=$W 'BEGIN{printf "%.2f", d/w}') deliveries per write"
    awk -v u=$((u1 - u0)) -v k=$((k1 - k0)) -v w=$W -v hz=$HZ -v s=$SPAN -v d=$DELIV 'BEGIN{
      printf "CPU %.0f %% of a core: user %.1f us, kernel %.1f us per write; %.2f ms per 1,000 deliveries\n",
        100*(u+k)/hz/s, 1e6*u/hz/w, 1e6*k/hz/w, 1e3*(u+k)/hz/d*1000 }'
    echo "context switches/s voluntary $(( (v1 - v0) / SPAN )), involuntary $(( (n1 - n0) / SPAN ))"
    awk -v a="$ALLOC" -v d=$DELIV -v w=$W 'BEGIN{printf "allocated %.0f MB in the window: %.0f bytes per delivery, %.0f per write\n", a/1048576, a/d, a/w}'
    echo "direct memory in use: $DIRECT"
  } | tee "$OUT/rates.txt"
  python3 "$BENCH/scripts/collapsed-top.py" "$OUT/cpu.collapsed" "$W" >"$OUT/top.txt" 2>&1 && head -3 "$OUT/top.txt"
fi
tail -1 "$OUT/result.jsonl"
