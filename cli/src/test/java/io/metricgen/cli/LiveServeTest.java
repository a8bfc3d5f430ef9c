package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricgen.testing.MetricgenProcess;
import io.metricgen.testing.PrometheusServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --watch} scraped by the real Prometheus while its scenario file is edited the way
 * the kubelet updates a ConfigMap volume (a new directory, a symbolic link swapped), and while the
 * control API runs an incident.
 */
class LiveServeTest {

  static final String V1 =
      """
      interval: 1s
      metrics:
        - name: kept
          type: counter
          labels: {code: ["200", "500"]}
          rate: 5
        - name: changed
          type: counter
          rate: 2
        - name: level
          type: gauge
          value: 10
        - name: temperature
          type: gauge
          value: 20
      """;

  static final String V2 =
      """
      interval: 1s
      metrics:
        # Unchanged, and must not look reset.
        - name: kept
          type: counter
          labels: {code: ["200", "500"]}
          rate: 5
        - name: changed
          type: counter
          rate: 50
        - name: temperature
          type: gauge
          value: 20
        - name: added
          type: counter
          rate: 1
      """;

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void editsAndAnIncidentReachPrometheusWithoutACounterReset(@TempDir Path dir) throws Exception {
    Path volume = Files.createDirectories(dir.resolve("volume"));
    Path file = volume.resolve("scenario.yaml");
    swap(volume, V1, 1);
    Files.createSymbolicLink(file, Path.of("..data", "scenario.yaml"));
    try (MetricgenProcess serve =
        MetricgenProcess.start(
            dir,
            "serve",
            "-f",
            file.toString(),
            "--listen",
            "127.0.0.1:0",
            "--watch",
            "--control",
            "127.0.0.1:0")) {
      String control = serve.await("control API on (http://\\S+)/", Duration.ofSeconds(60));
      String port = serve.await("on http://127.0.0.1:(\\d+)/metrics", Duration.ofSeconds(60));
      String config =
          "global:\n  scrape_interval: 1s\n"
              + "scrape_configs:\n  - job_name: live\n    static_configs:\n"
              + "      - targets: ['127.0.0.1:"
              + port
              + "']\n";
      try (PrometheusServer prometheus = PrometheusServer.start(dir.resolve("prom"), config)) {
        await(prometheus, "kept_total", r -> r.size() == 2, Duration.ofSeconds(60));
        await(prometheus, "changed_total", r -> value(r) >= 6, Duration.ofSeconds(30));

        // The edit: changed counts faster, level goes, added comes.
        swap(volume, V2, 2);
        serve.await(
            "applied: 3 series unchanged, 1 changed, 1 added, 1 removed", Duration.ofSeconds(20));
        // No earlier than the edit ran: the line comes after it.
        Instant applied = Instant.now();
        await(prometheus, "added_total", r -> r.size() == 1, Duration.ofSeconds(20));
        await(prometheus, "level", JsonNode::isEmpty, Duration.ofSeconds(20));
        // The added series' first sample is from the first scrape after the edit (1 s apart).
        JsonNode samples = prometheus.query("added_total[1m]", Instant.now()).get(0).path("values");
        double first = samples.get(0).get(0).asDouble();
        assertThat(first).isLessThanOrEqualTo(applied.toEpochMilli() / 1000.0 + 1.5);

        // An incident through the control API: temperature + 100 for 4 s, then 20 again.
        HttpResponse<String> started =
            http.send(
                HttpRequest.newBuilder(URI.create(control + "/api/v1/incidents"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"metric\": \"temperature\", \"shape\": 100, \"for\": \"4s\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        await(prometheus, "temperature", r -> value(r) == 120, Duration.ofSeconds(20));
        await(prometheus, "temperature", r -> value(r) == 20, Duration.ofSeconds(20));
        assertThat(
                value(
                    prometheus.query(
                        "max_over_time(temperature[15s]) - min_over_time(temperature[15s])",
                        Instant.now())))
            .isEqualTo(100);

        // An invalid edit changes nothing and says why.
        swap(volume, V2.replace("rate: 50", "rate: {sine: {}}"), 3);
        JsonNode page = awaitProblem(control);
        assertThat(page.path("problem").asText())
            .contains("scenario.yaml:10: metrics[1].rate.sine.period: required")
            .contains("still running the scenario before the edit");
        Thread.sleep(3000);
        Instant end = Instant.now();
        assertThat(prometheus.query("added_total", end)).hasSize(1);
        assertThat(prometheus.query("rate(changed_total[3s])", end))
            .singleElement()
            .satisfies(s -> assertThat(value(s)).isGreaterThan(30));
        JsonNode resets =
            prometheus.query("resets({__name__=~\"kept_total|changed_total\"}[5m])", end);
        assertThat(resets).hasSize(3);
        for (JsonNode s : resets) {
          assertThat(value(s)).as(s.toString()).isZero();
        }
      }
    }
  }

  @Test
  void incidentsListedInAFileRunFromTheirStartAndStopWhenTheirEntryGoes(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("scenario.yaml");
    Files.writeString(file, V1);
    Path incidents = dir.resolve("incidents.yaml");
    // Started 2 s ago, as a generator restarted during an incident finds it: still running.
    Instant startedAt = Instant.now().minusSeconds(2);
    Files.writeString(
        incidents,
        "- id: spike\n  startedAt: "
            + startedAt
            + "\n  metric: temperature\n  shape: {linear: {from: 100, to: 160, over: 60s}}\n"
            + "  for: 1h\n"
            + "- id: over\n  startedAt: 2020-01-01T00:00:00Z\n  metric: level\n  shape: 5\n"
            + "  for: 10m\n"
            + "- id: bad\n  startedAt: 2020-01-01T00:00:00Z\n  metric: level\n  for: 10m\n");
    try (MetricgenProcess serve =
        MetricgenProcess.start(
            dir,
            "serve",
            "-f",
            file.toString(),
            "--incidents",
            incidents.toString(),
            "--listen",
            "127.0.0.1:0")) {
      String port = serve.await("on http://127.0.0.1:(\\d+)/metrics", Duration.ofSeconds(60));
      assertThat(serve.output())
          .contains("incidents.yaml item 2 refused")
          .contains("incidents.yaml:11: [2].shape: required");
      double before = Duration.between(startedAt, Instant.now()).toMillis() / 1000.0;
      String scrape = scrape(port);
      double after = Duration.between(startedAt, Instant.now()).toMillis() / 1000.0;
      // As far into the ramp (100 to 160 over 60 s) as the incident is old, not at its start:
      // 20 (the gauge) + 100 + 1/s, give or take a step.
      double temperature = sample(scrape, "temperature");
      assertThat(temperature).isBetween(120 + before - 1.5, 120 + after + 1.5);
      assertThat(before).isGreaterThanOrEqualTo(2);
      assertThat(sample(scrape, "level")).isEqualTo(10);
      Files.writeString(incidents, "[]\n");
      serve.await("incident spike stopped", Duration.ofSeconds(20));
      assertThat(sample(scrape(port), "temperature")).isEqualTo(20);
    }
  }

  private String scrape(String port) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static double sample(String scrape, String name) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1));
      }
    }
    throw new AssertionError("no " + name + " in " + scrape);
  }

  /** What the kubelet does to update a ConfigMap volume: a new dir, {@code ..data} swapped. */
  static void swap(Path volume, String text, int version) throws Exception {
    Path data = Files.createDirectories(volume.resolve("..v" + version));
    Files.writeString(data.resolve("scenario.yaml"), text);
    Path link = volume.resolve("..data_tmp");
    Files.createSymbolicLink(link, Path.of("..v" + version));
    Files.move(link, volume.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
  }

  private JsonNode awaitProblem(String control) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(control + "/?format=json")).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode page = JSON.readTree(r.body());
      if (!page.path("problem").isNull() || System.nanoTime() > deadline) {
        return page;
      }
      Thread.sleep(200);
    }
  }

  static JsonNode await(
      PrometheusServer prometheus, String expr, Predicate<JsonNode> done, Duration timeout)
      throws Exception {
    return prometheus.await(expr, done, timeout);
  }

  /** The value of a query result's one series (or of the series given). */
  static double value(JsonNode result) {
    JsonNode s = result.isArray() ? result.get(0) : result;
    return s == null ? Double.NaN : Double.parseDouble(s.path("value").get(1).asText());
  }
}
