package dev.streamgate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP/1.1 over a plain socket, byte for byte as written: for requests no well-behaved client would
 * send (raw {@code %00} and {@code ..} in paths, 1 MB header lines, partial requests). Reads the
 * answer's head and at most 64 KB of body, for at most three seconds after the head (streams never
 * end).
 */
public final class RawHttp {

  /** What came back: the status line's code (0 if none), the head, and the start of the body. */
  public record Answer(int status, String head, String body) {

    public String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  private RawHttp() {}

  /**
   * Sends {@code GET target} with the extra header lines (each without CRLF) and reads the answer.
   */
  public static Answer get(int port, String target, String... headers) {
    StringBuilder head = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n");
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    return exchange(port, head.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Writes {@code request} and reads the answer (head plus up to 64 KB of body). */
  public static Answer exchange(int port, byte[] request) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("localhost", port), 5000);
      socket.setSoTimeout(5000);
      // Read while writing: a server that refuses a huge request answers and closes early, and the
      // reset our further bytes cause would discard an answer not yet read.
      InputStream in = socket.getInputStream();
      CompletableFuture<Answer> answer =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return read(in);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (IOException e) {
        // The server answered and closed before reading everything.
      }
      return answer.join();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int headEnd = -1;
    long deadline = System.nanoTime() + 30_000_000_000L;
    try {
      int n;
      while (System.nanoTime() < deadline && (n = in.read(buffer)) >= 0) {
        bytes.write(buffer, 0, n);
        String text = bytes.toString(StandardCharsets.ISO_8859_1);
        if (headEnd < 0) {
          headEnd = text.indexOf("\r\n\r\n");
          if (headEnd >= 0) {
            // A stream never ends: keep what arrives in the next three seconds.
            deadline = Math.min(deadline, System.nanoTime() + 3_000_000_000L);
          }
        }
        if (headEnd >= 0 && bytesOfBody(text, headEnd) >= 0) {
          break;
        }
        if (bytes.size() > 65536) {
          break;
        }
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      // a stream that keeps going, or a reset after the answer: keep what was read
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    String head = end < 0 ? text : text.substring(0, end);
    String body = end < 0 ? "" : text.substring(end + 4);
    int status = 0;
    if (head.startsWith("HTTP/1.") && head.length() >= 12) {
      status = Integer.parseInt(head.substring(9, 12));
    }
    return new Answer(status, head, body);
  }

  /** The body length once complete per Content-Length, else -1. */
  private static int bytesOfBody(String text, int headEnd) {
    String head = text.substring(0, headEnd).toLowerCase(Locale.ROOT);
    int at = head.indexOf("\r\ncontent-length:");
    if (at < 0) {
      return -1;
    }
    int lineEnd = head.indexOf("\r\n", at + 2);
    long length =
        Long.parseLong(head.substring(at + 17, lineEnd < 0 ? head.length() : lineEnd).trim());
    int have = text.length() - headEnd - 4;
    return have >= length ? have : -1;
  }
}
