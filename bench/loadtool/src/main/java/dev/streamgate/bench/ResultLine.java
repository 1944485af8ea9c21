package dev.streamgate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/** One result as a JSON line: printed, and appended to the results file when one is given. */
final class ResultLine {
  private ResultLine() {}

  static void write(Map<String, Object> r, Path out) throws IOException {
    String line = new ObjectMapper().writeValueAsString(r);
    System.out.println(line);
    if (out != null) {
      Path dir = out.toAbsolutePath().getParent();
      if (dir != null) Files.createDirectories(dir);
      Files.writeString(out, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }
}
