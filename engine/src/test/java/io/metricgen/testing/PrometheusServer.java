package io.metricgen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The real Prometheus (Debian's package) on 127.0.0.1 with a free port and its own data directory,
 * queried through its HTTP API; stopped by PID on {@link #close()}.
 */
public final class PrometheusServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path log;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusServer(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /**
   * Starts Prometheus on {@code dataDir} with {@code config} (YAML) and waits until it is ready.
   *
   * @param flags further flags, such as {@code --web.enable-remote-write-receiver}
   */
  public static PrometheusServer start(Path dataDir, String config, String... flags)
      throws IOException, InterruptedException {
    return start(dataDir, config, Processes.freePort(), flags);
  }

  /** Starts Prometheus on a given port: a restart that clients must find where it was. */
  public static PrometheusServer start(Path dataDir, String config, int port, String... flags)
      throws IOException, InterruptedException {
    Files.createDirectories(dataDir);
    Path configFile = dataDir.resolveSibling(dataDir.getFileName() + "-prometheus.yml");
    Files.writeString(configFile, config);
    Path log = dataDir.resolveSibling(dataDir.getFileName() + "-prometheus.log");
    List<String> command = new ArrayList<>();
    command.add(Binaries.prometheus().toString());
    command.add("--config.file=" + configFile);
    command.add("--storage.tsdb.path=" + dataDir);
    command.add("--web.listen-address=127.0.0.1:" + port);
    command.add("--log.level=warn");
    command.addAll(List.of(flags));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    PrometheusServer server = new PrometheusServer(p, log, port);
    server.awaitReady();
    return server;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  private void awaitReady() throws IOException, InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited:\n" + Files.readString(log));
      }
      try {
        HttpResponse<String> r = get("/-/ready");
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("prometheus not ready in 60 s:\n" + Files.readString(log));
  }

  /** GET on the server, returning the response. */
  public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url() + pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** {@code /api/v1/query_range}; returns {@code data.result}. */
  public JsonNode queryRange(String expr, Instant start, Instant end, Duration step)
      throws IOException, InterruptedException {
    return api(
        "/api/v1/query_range?query="
            + encode(expr)
            + "&start="
            + seconds(start)
            + "&end="
            + seconds(end)
            + "&step="
            + step.toMillis() / 1000.0);
  }

  /**
   * Every series {@code expr} selects over {@code steps} steps from {@code start}, keyed like
   * {@code name{label=value, ...}} (labels sorted); NaN where a step has no value.
   */
  public java.util.Map<String, double[]> rangeValues(
      String expr, Instant start, int steps, Duration step)
      throws IOException, InterruptedException {
    java.util.Map<String, double[]> out = new java.util.HashMap<>();
    Instant last = start.plus(step.multipliedBy(steps - 1L));
    for (JsonNode series : queryRange(expr, start, last, step)) {
      double[] values = new double[steps];
      java.util.Arrays.fill(values, Double.NaN);
      for (JsonNode point : series.path("values")) {
        long ms = Math.round(point.get(0).asDouble() * 1000);
        values[(int) ((ms - start.toEpochMilli()) / step.toMillis())] =
            Double.parseDouble(point.get(1).asText());
      }
      out.put(seriesKey(series.path("metric")), values);
    }
    return out;
  }

  /** {@code name{label=value, ...}} with labels sorted, from a query result's metric object. */
  public static String seriesKey(JsonNode metric) {
    java.util.Map<String, String> labels = new java.util.TreeMap<>();
    metric.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels.remove("__name__") + labels;
  }

  /**
   * Asks {@code expr} now, every 100 ms, until {@code done} holds for its result, and returns that
   * result; fails with the last one after {@code timeout}.
   */
  public JsonNode await(String expr, java.util.function.Predicate<JsonNode> done, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode result;
    do {
      result = query(expr, Instant.now());
      if (done.test(result)) {
        return result;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(expr + " never as expected; last: " + result);
  }

  /** The value of a query result's one series; NaN when it has none. */
  public static double value(JsonNode result) {
    return result.isEmpty() ? Double.NaN : result.get(0).path("value").get(1).asDouble();
  }

  /** {@code /api/v1/query} at {@code time}; returns {@code data.result}. */
  public JsonNode query(String expr, Instant time) throws IOException, InterruptedException {
    return api("/api/v1/query?query=" + encode(expr) + "&time=" + seconds(time));
  }

  private JsonNode api(String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> r = get(pathAndQuery);
    JsonNode body = JSON.readTree(r.body());
    if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      throw new IllegalStateException("query failed (" + r.statusCode() + "): " + r.body());
    }
    return body.path("data").path("result");
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String seconds(Instant t) {
    return String.format(java.util.Locale.ROOT, "%.3f", t.toEpochMilli() / 1000.0);
  }

  /** What Prometheus logged, for failure messages. */
  public String log() throws IOException {
    return Files.readString(log);
  }

  /** Kills Prometheus with SIGKILL, as a crash would. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    Processes.stop(process);
  }
}
