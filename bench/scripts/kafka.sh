#!/usr/bin/env bash
# Single-node KRaft broker (broker+controller) forked from Maven Central jars, loopback only.
#   kafka.sh start <port> <workdir>   -> prints the PID once the port answers (<= 60 s), else exits 1
#   kafka.sh stop <workdir>           -> kills the PID in <workdir>/kafka.pid (TERM, then KILL after 15 s)
set -euo pipefail
BENCH="$(cd "$(dirname "$0")/.." && pwd)"
LIBS="$BENCH/.cache/kafka-libs"
cmd="$1"; shift
case "$cmd" in
start)
  port="$1"; dir="$2"; cport=$((port + 1))
  rm -rf "$dir"; mkdir -p "$dir/data"
  cat > "$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${cport}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.quorum.bootstrap.servers=127.0.0.1:${cport}
log.dirs=$dir/data
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
num.network.threads=2
num.io.threads=4
PROPS
  cat > "$dir/log4j2.properties" <<L4J
rootLogger.level=WARN
rootLogger.appenderRef.f.ref=F
appender.f.type=File
appender.f.name=F
appender.f.fileName=$dir/broker.log
appender.f.layout.type=PatternLayout
appender.f.layout.pattern=%d %p %c{1} %m%n
L4J
  cp="$LIBS/*"
  java -cp "$cp" -Dlog4j2.configurationFile="$dir/log4j2.properties" kafka.tools.StorageTool \
    format -t "$(java -cp "$cp" -Dlog4j2.configurationFile="$dir/log4j2.properties" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)" \
    -c "$dir/server.properties" --standalone > "$dir/format.log" 2>&1
  nohup java -Xms512m -Xmx512m -XX:+UseG1GC -Dlog4j2.configurationFile="$dir/log4j2.properties" \
    -cp "$cp" kafka.Kafka "$dir/server.properties" > "$dir/stdout.log" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$dir/kafka.pid"
  for _ in $(seq 1 120); do
    if ! kill -0 "$pid" 2>/dev/null; then echo "broker exited: $(tail -5 "$dir/stdout.log")" >&2; exit 1; fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then sleep 1; echo "$pid"; exit 0; fi
    sleep 0.5
  done
  echo "broker did not open port $port in 60 s" >&2; kill -9 "$pid" 2>/dev/null || true; exit 1 ;;
stop)
  dir="$1"; [ -f "$dir/kafka.pid" ] || exit 0
  pid="$(cat "$dir/kafka.pid")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true ;;
*) echo "usage: kafka.sh start <port> <dir> | stop <dir>" >&2; exit 2 ;;
esac
