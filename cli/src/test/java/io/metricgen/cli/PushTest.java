package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricgen.testing.PrometheusServer;
import io.metricgen.testing.PushgatewayServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code push} against the real Pushgateway, scraped by the real Prometheus. */
class PushTest {

  static final String SCENARIO =
      "interval: 1s\nmetrics:\n"
          + "  - {name: pushed_value, type: gauge, help: A gauge., labels: {zone: [a, b]},"
          + " value: 42.5}\n"
          + "  - {name: pushed_requests_total, type: counter, help: Requests., rate: 2}\n";

  @Test
  void pushedValuesReachPrometheusWithTheirLabelsAndNoExportedJob(@TempDir Path dir)
      throws Exception {
    Path scenario = dir.resolve("s.yaml");
    Files.writeString(scenario, SCENARIO);
    try (PushgatewayServer gateway = PushgatewayServer.start(dir.resolve("pg"));
        PrometheusServer prometheus =
            PrometheusServer.start(dir.resolve("prom"), gateway.scrapeConfig())) {
      int exit =
          Main.run(
              "push",
              "-f",
              scenario.toString(),
              "--pushgateway",
              gateway.url(),
              "--once",
              "--job",
              "demo",
              "--grouping",
              "path=/var/lib/x",
              "--grouping",
              "empty=");
      assertThat(exit).isZero();

      JsonNode result = awaitSeries(prometheus, "pushed_value", 2);
      List<String> zones = new ArrayList<>();
      for (JsonNode series : result) {
        JsonNode m = series.path("metric");
        assertThat(m.path("job").asText()).isEqualTo("demo");
        assertThat(m.path("path").asText()).isEqualTo("/var/lib/x");
        assertThat(m.has("exported_job")).isFalse();
        assertThat(m.has("empty")).as("an empty label is no label").isFalse();
        assertThat(series.path("value").get(1).asText()).isEqualTo("42.5");
        zones.add(m.path("zone").asText());
      }
      assertThat(zones).containsExactlyInAnyOrder("a", "b");
      assertThat(
              awaitSeries(prometheus, "pushed_requests_total", 1)
                  .get(0)
                  .path("value")
                  .get(1)
                  .asText())
          .isEqualTo("0");

      // The group round-trips its labels, "/" and the empty value included.
      JsonNode group = gateway.groups().get(0).path("labels");
      assertThat(group.path("job").asText()).isEqualTo("demo");
      assertThat(group.path("path").asText()).isEqualTo("/var/lib/x");
      assertThat(group.path("empty").asText()).isEmpty();

      exit =
          Main.run(
              "push",
              "-f",
              scenario.toString(),
              "--pushgateway",
              gateway.url(),
              "--once",
              "--delete-on-exit",
              "--job",
              "demo",
              "--grouping",
              "path=/var/lib/x",
              "--grouping",
              "empty=");
      assertThat(exit).isZero();
      assertThat(gateway.groups()).isEmpty();
    }
  }

  @Test
  void aDurationPushesEveryIntervalThenDeletesTheGroup(@TempDir Path dir) throws Exception {
    Path scenario = dir.resolve("s.yaml");
    Files.writeString(scenario, SCENARIO);
    try (PushgatewayServer gateway = PushgatewayServer.start(dir.resolve("pg"))) {
      List<Double> seen = new ArrayList<>();
      Thread watcher =
          new Thread(
              () -> {
                try {
                  while (!Thread.currentThread().isInterrupted()) {
                    String body = gateway.get("/metrics").body();
                    body.lines()
                        .filter(l -> l.startsWith("pushed_requests_total{"))
                        .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                        .forEach(
                            v -> {
                              synchronized (seen) {
                                seen.add(v);
                              }
                            });
                    Thread.sleep(200);
                  }
                } catch (Exception e) {
                  Thread.currentThread().interrupt();
                }
              });
      watcher.start();
      int exit =
          Main.run(
              "push",
              "-f",
              scenario.toString(),
              "--pushgateway",
              gateway.url(),
              "--duration",
              "3500ms",
              "--interval",
              "1s");
      watcher.interrupt();
      watcher.join();
      assertThat(exit).isZero();
      // The counter rises 2 a second: the pushes showed it rising.
      synchronized (seen) {
        assertThat(seen).contains(2.0, 4.0);
      }
      assertThat(gateway.groups()).isEmpty();
    }
  }

  @Test
  void aRefusedPushStopsWithThePushgatewaysMessage(@TempDir Path dir) throws Exception {
    Path scenario = dir.resolve("s.yaml");
    Files.writeString(scenario, SCENARIO);
    Path clash = dir.resolve("clash.yaml");
    // A gauge named like a counter in another group: the Pushgateway refuses inconsistent types.
    Files.writeString(
        clash, "metrics:\n  - {name: pushed_requests_total, type: gauge, value: 1}\n");
    try (PushgatewayServer gateway = PushgatewayServer.start(dir.resolve("pg"))) {
      assertThat(
              Main.run("push", "-f", scenario.toString(), "--pushgateway", gateway.url(), "--once"))
          .isZero();
      CliRun run =
          CliRun.of(
              "push",
              "-f",
              clash.toString(),
              "--pushgateway",
              gateway.url(),
              "--once",
              "--job",
              "other");
      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err())
          .contains("was refused with HTTP 400")
          .contains("pushed_requests_total")
          .contains("inconsistent");
    }
  }

  private static JsonNode awaitSeries(PrometheusServer prometheus, String expr, int count)
      throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    while (true) {
      JsonNode r = prometheus.query(expr, Instant.now());
      if (r.size() == count || Instant.now().isAfter(deadline)) {
        assertThat(r.size()).as("series of %s in Prometheus", expr).isEqualTo(count);
        return r;
      }
      Thread.sleep(250);
    }
  }
}
