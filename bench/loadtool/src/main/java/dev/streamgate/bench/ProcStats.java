package dev.streamgate.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** CPU seconds and RSS of a process and all its descendants, from /proc (Linux). */
public final class ProcStats {
  private static final double CLK_TCK = 100.0; // USER_HZ on Linux

  /** One snapshot of a process tree. */
  public record Sample(double cpuSeconds, long rssBytes, int processes) {}

  /** The server's, the broker's and this load tool's own process trees, sampled in that order. */
  public record Snapshot(Sample server, Sample broker, Sample self) {
    public static Snapshot of(List<Long> serverPids, List<Long> brokerPids) {
      Sample server = tree(serverPids);
      Sample broker = tree(brokerPids);
      return new Snapshot(server, broker, tree(ProcStats.self()));
    }
  }

  private ProcStats() {}

  public static Sample tree(List<Long> roots) {
    if (roots == null || roots.isEmpty()) return new Sample(0, 0, 0);
    Map<Long, Long> parent = new HashMap<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"))) {
      for (Path d : ds) {
        String n = d.getFileName().toString();
        if (n.isEmpty() || !Character.isDigit(n.charAt(0))) continue;
        long pid = Long.parseLong(n);
        String[] st = stat(pid);
        if (st != null) parent.put(pid, Long.parseLong(st[1]));
      }
    } catch (IOException e) {
      return new Sample(0, 0, 0);
    }
    Set<Long> members = new HashSet<>();
    for (Long r : roots) if (parent.containsKey(r)) members.add(r);
    boolean grew = true;
    for (int round = 0; grew && round < 16; round++) {
      grew = false;
      for (Map.Entry<Long, Long> e : parent.entrySet()) {
        if (!members.contains(e.getKey()) && members.contains(e.getValue())) {
          members.add(e.getKey());
          grew = true;
        }
      }
    }
    double cpu = 0;
    long rss = 0;
    for (long pid : members) {
      String[] st = stat(pid);
      if (st == null) continue;
      // st[0] = state (field 3); utime is field 14, stime field 15 -> st index 11, 12
      cpu += (Long.parseLong(st[11]) + Long.parseLong(st[12])) / CLK_TCK;
      rss += rssBytes(pid);
    }
    return new Sample(cpu, rss, members.size());
  }

  /** Fields after the command name: index 0 = state, 1 = ppid, ... */
  private static String[] stat(long pid) {
    try {
      String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int close = s.lastIndexOf(')');
      return s.substring(close + 2).trim().split(" ");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static long rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // process gone
    }
    return 0;
  }

  public static List<Long> self() {
    List<Long> l = new ArrayList<>();
    l.add(ProcessHandle.current().pid());
    return l;
  }
}
