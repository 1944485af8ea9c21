package dev.streamgate.testing.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads Linux' socket tables to count the established connections of a local listening port. */
final class TcpTable {

  private TcpTable() {}

  static int established(int localPort) {
    return count(Path.of("/proc/net/tcp"), localPort) + count(Path.of("/proc/net/tcp6"), localPort);
  }

  private static int count(Path table, int localPort) {
    String port = String.format(":%04X", localPort);
    int n = 0;
    try {
      List<String> lines = Files.readAllLines(table);
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        String[] f = line.trim().split("\\s+");
        // f[1] local address, f[3] state (01 = ESTABLISHED)
        if (f.length > 3 && f[1].endsWith(port) && f[3].equals("01")) {
          n++;
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return n;
  }
}
