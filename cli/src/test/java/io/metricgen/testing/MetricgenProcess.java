package io.metricgen.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * This build's {@code metricgen} as a process of its own, as a user runs it: its output is kept
 * line by line, to wait for and read; stopped by SIGTERM, as Ctrl-C or a pod's end would.
 */
public final class MetricgenProcess implements AutoCloseable {

  private final Process process;
  private final List<String> lines = new ArrayList<>();

  private MetricgenProcess(Process process) {
    this.process = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "metricgen-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code metricgen args...} in {@code dir}. */
  public static MetricgenProcess start(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.metricgen.cli.Main");
    command.addAll(List.of(args));
    return new MetricgenProcess(
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start());
  }

  /** Waits for a line that matches {@code regex} and returns its first group (or the line). */
  public String await(String regex, Duration timeout) throws InterruptedException {
    Pattern p = Pattern.compile(regex);
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      int from = 0;
      while (true) {
        for (; from < lines.size(); from++) {
          Matcher m = p.matcher(lines.get(from));
          if (m.find()) {
            return m.groupCount() > 0 ? m.group(1) : lines.get(from);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !process.isAlive() && from == lines.size()) {
          throw new AssertionError("no line matching " + regex + " in:\n" + output());
        }
        lines.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** Everything it wrote so far. */
  public String output() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
