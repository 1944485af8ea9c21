package dev.streamgate.testing.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Minimal HTTP/1.0 probe over a fresh socket that is closed after the answer, so probes never leave
 * pooled keep-alive connections behind (which would blur {@link TcpTable} counts).
 */
final class Http {

  private Http() {}

  /** The body of {@code GET path}, or "" when nothing answers within 3 s. */
  static String body(int port, String path) {
    try (Socket socket = request(port, path)) {
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int start = answer.indexOf("\r\n\r\n");
      return start < 0 ? "" : answer.substring(start + 4);
    } catch (IOException e) {
      return "";
    }
  }

  private static Socket request(int port, String path) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
      socket.setSoTimeout(3_000);
      socket
          .getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** The status code of {@code GET path}, or -1 when nothing answers within 3 s. */
  static int status(int port, String path) {
    try (Socket socket = request(port, path)) {
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        line.append((char) c);
      }
      String[] parts = line.toString().split(" ");
      return parts.length >= 2 ? Integer.parseInt(parts[1].trim()) : -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }
}
