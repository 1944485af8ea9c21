package dev.streamgate.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command the client's checks run (node, npm, java): its exit status and output. */
record Command(int exit, String output) {

  static Command run(List<String> command, Path directory, Map<String, String> env) {
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
      builder.environment().putAll(env);
      Process process = builder.start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("Timed out: " + command);
      }
      return new Command(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Command(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
