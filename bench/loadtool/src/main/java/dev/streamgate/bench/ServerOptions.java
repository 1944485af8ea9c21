package dev.streamgate.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
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

  /**
   * Starts a daemon thread that raises {@code serverPeak} and {@code brokerPeak} to the trees' RSS
   * every 500 ms until it is interrupted.
   */
  Thread samplePeaks(AtomicLong serverPeak, AtomicLong brokerPeak) {
    Thread t =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                serverPeak.accumulateAndGet(server().rssBytes(), Math::max);
                brokerPeak.accumulateAndGet(broker().rssBytes(), Math::max);
                try {
                  Thread.sleep(500);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "rss-sampler");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
