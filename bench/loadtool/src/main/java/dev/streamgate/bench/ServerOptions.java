package dev.streamgate.bench;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The process trees whose CPU and RSS a result reports ({@code run}, {@code capacity}). */
final class ServerOptions {

  @Option(names = "--server-pid", split = ",")
  List<Long> serverPids = new ArrayList<>();

  @Option(names = "--broker-pid", split = ",")
  List<Long> brokerPids = new ArrayList<>();

  ProcStats.Sample server() {
    return ProcStats.tree(serverPids);
  }

  ProcStats.Sample broker() {
    return ProcStats.tree(brokerPids);
  }

  /** Server, broker and load tool, in that order. */
  ProcStats.Snapshot snapshot() {
    return ProcStats.Snapshot.of(serverPids, brokerPids);
  }

  /** The first server pid still runs (true when none was given). */
  boolean serverAlive() {
    return serverPids.isEmpty() || ProcessHandle.of(serverPids.get(0)).map(ProcessHandle::isAlive).orElse(false);
  }
}
