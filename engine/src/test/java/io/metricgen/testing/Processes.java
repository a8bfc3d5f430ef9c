package io.metricgen.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs programs for tests: free ports, output captured to files, stopped by PID. */
public final class Processes {

  private Processes() {}

  /** A port nobody listens on now, on 127.0.0.1. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  /** The result of a program that ran to its end. */
  public record Result(int exitCode, String output) {}

  /** Runs a program to its end (at most {@code timeoutSeconds}), stdout and stderr together. */
  public static Result run(long timeoutSeconds, Path workDir, List<String> command)
      throws IOException, InterruptedException {
    return run(timeoutSeconds, new ProcessBuilder(command).directory(workDir.toFile()));
  }

  /** Runs a program whose standard input is a file. */
  public static Result runWithInput(long timeoutSeconds, Path input, List<String> command)
      throws IOException, InterruptedException {
    return run(timeoutSeconds, new ProcessBuilder(command).redirectInput(input.toFile()));
  }

  /** Runs a program as {@code builder} sets it up (directory, environment) to its end. */
  public static Result run(long timeoutSeconds, ProcessBuilder builder)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("metricgen-test-", ".log");
    try {
      Process p = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor();
        throw new IllegalStateException(
            "timed out after "
                + timeoutSeconds
                + " s: "
                + builder.command()
                + "\n"
                + Files.readString(log));
      }
      return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** Stops a process by its PID: SIGTERM, then SIGKILL after five seconds. */
  public static void stop(Process p) throws InterruptedException {
    if (!p.isAlive()) {
      return;
    }
    ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroy);
    if (!p.waitFor(5, TimeUnit.SECONDS)) {
      ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
      p.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
