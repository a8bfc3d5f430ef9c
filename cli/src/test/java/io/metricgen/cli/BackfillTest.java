package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.series.MetricFamily;
import io.metricgen.engine.series.Series;
import io.metricgen.engine.series.SeriesCursor;
import io.metricgen.testing.FaultyProxy;
import io.metricgen.testing.Processes;
import io.metricgen.testing.PrometheusServer;
import io.metricgen.testing.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backfill} into the real Prometheus over remote write, read back through its API. */
class BackfillTest {

  /** 100 series (10 x 10) of a noisy random walk, and 10 counters: 110 series. */
  static final String SCENARIO =
      "interval: 15s\nseed: 17\nmetrics:\n"
          + "  - name: bf_walk\n    type: gauge\n    help: Walk.\n"
          + "    labels: {a: [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9],"
          + " b: [b0, b1, b2, b3, b4, b5, b6, b7, b8, b9]}\n"
          + "    value: {randomWalk: {min: 0, max: 100}, noise: 0.5}\n"
          + "  - name: bf_requests\n    type: counter\n    help: Requests.\n"
          + "    labels: {c: [c0, c1, c2, c3, c4, c5, c6, c7, c8, c9]}\n"
          + "    rate: {uniform: {min: 0, max: 20}}\n";

  static final String CONFIG = "global:\n  scrape_interval: 15s\n";
  static final int STEPS = 480; // 2 h at 15 s

  @Test
  void aBackfillOf110SeriesOverTwoHoursHoldsExactlyTheExpectedValues(@TempDir Path dir)
      throws Exception {
    Path scenario = write(dir);
    Instant start = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    try (PrometheusServer prometheus =
        PrometheusServer.start(dir.resolve("data"), CONFIG, "--web.enable-remote-write-receiver")) {
      assertThat(run(dir, scenario, prometheus.url() + "/api/v1/write", start)).isZero();
      assertEveryValue(prometheus, start);
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("the checkpoint is removed when the backfill completes")
          .noneMatch(n -> n.endsWith(".checkpoint"));
    }
  }

  @Test
  void prometheusKilledMidBackfillThenRestartedAndTheRerunCompletesWithNoGapOrDuplicate(
      @TempDir Path dir) throws Exception {
    Path scenario = write(dir);
    Path checkpoint = dir.resolve("bf.checkpoint");
    Instant start = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    int port = Processes.freePort();
    String url = "http://127.0.0.1:" + port + "/api/v1/write";
    String[] args = {
      "backfill",
      "-f",
      scenario.toString(),
      "--remote-write",
      url,
      "--start",
      start.toString(),
      "--end",
      start.plusSeconds(15L * STEPS).toString(),
      "--checkpoint",
      checkpoint.toString(),
      "--slice",
      "1m",
      "--batch-samples",
      "200",
      "--max-attempts",
      "2"
    };
    PrometheusServer prometheus =
        PrometheusServer.start(
            dir.resolve("data"), CONFIG, port, "--web.enable-remote-write-receiver");
    CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> Main.run(args));
    long deadline = System.currentTimeMillis() + 60_000;
    while (stepOf(checkpoint) < STEPS / 4 && System.currentTimeMillis() < deadline) {
      Thread.sleep(5);
    }
    prometheus.kill();
    assertThat(first.get(120, TimeUnit.SECONDS)).as("the interrupted run fails").isEqualTo(1);
    long stoppedAt = stepOf(checkpoint);
    assertThat(stoppedAt).isBetween((long) STEPS / 4, (long) STEPS - 1);

    try (PrometheusServer restarted =
        PrometheusServer.start(
            dir.resolve("data"), CONFIG, port, "--web.enable-remote-write-receiver")) {
      assertThat(Main.run(args)).as("the rerun completes").isZero();
      assertThat(Files.exists(checkpoint)).isFalse();
      assertEveryValue(restarted, start);
    }
  }

  @Test
  void aRangeTooOldForPrometheusIsRefusedBeforeAnythingIsSent(@TempDir Path dir) throws Exception {
    Path scenario = write(dir);
    try (PrometheusServer prometheus =
        PrometheusServer.start(dir.resolve("data"), CONFIG, "--web.enable-remote-write-receiver")) {
      String url = prometheus.url() + "/api/v1/write";
      // Live data now, then history from a day ago: behind the head's window, "out of bounds".
      assertThat(
              Main.run(
                  "backfill",
                  "-f",
                  scenario.toString(),
                  "--remote-write",
                  url,
                  "--at",
                  "now",
                  "--checkpoint",
                  dir.resolve("a.checkpoint").toString()))
          .isZero();
      CliRun out =
          CliRun.of(
              "backfill",
              "-f",
              scenario.toString(),
              "--remote-write",
              url,
              "--start",
              "-25h",
              "--end",
              "-24h",
              "--checkpoint",
              dir.resolve("b.checkpoint").toString());
      // The preflight reads Prometheus's newest sample and its out-of-order window.
      assertThat(out.exit()).isEqualTo(Main.REFUSED);
      assertThat(out.err())
          .contains("would refuse this range as too old")
          .contains("it takes samples up to 1h behind that")
          .contains("it has no storage.tsdb.out_of_order_time_window")
          .contains("Set out_of_order_time_window to at least 1d1h")
          .contains("promtool tsdb create-blocks-from openmetrics")
          .doesNotContain("retrying");
      // Nothing of that day is stored.
      assertThat(
              prometheus.query(
                  "count_over_time({__name__=~\"bf_.*\"}[1h])",
                  Instant.now().minus(24, ChronoUnit.HOURS)))
          .isEmpty();
    }
  }

  @Test
  void a503IsRetriedAndTheDataArrives(@TempDir Path dir) throws Exception {
    Path scenario = write(dir);
    Instant start = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    try (PrometheusServer prometheus =
            PrometheusServer.start(
                dir.resolve("data"), CONFIG, "--web.enable-remote-write-receiver");
        FaultyProxy proxy = FaultyProxy.start(prometheus.url(), 3, 503)) {
      CliRun out =
          CliRun.of(
              "backfill",
              "-f",
              scenario.toString(),
              "--remote-write",
              proxy.url() + "/api/v1/write",
              "--start",
              start.toString(),
              "--end",
              start.plusSeconds(15L * STEPS).toString(),
              "--concurrency",
              "1",
              "--checkpoint",
              dir.resolve("c.checkpoint").toString());
      assertThat(out.exit()).as(out.err()).isZero();
      assertThat(proxy.failed()).isEqualTo(3);
      assertThat(out.err()).contains("attempt 1 failed (HTTP 503: injected failure); retrying");
      assertEveryValue(prometheus, start);
    }
  }

  @Test
  void atWritesOneSampleOfEverySeries(@TempDir Path dir) throws Exception {
    Path scenario = write(dir);
    Instant at = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    try (PrometheusServer prometheus =
        PrometheusServer.start(dir.resolve("data"), CONFIG, "--web.enable-remote-write-receiver")) {
      assertThat(
              Main.run(
                  "backfill",
                  "-f",
                  scenario.toString(),
                  "--remote-write",
                  prometheus.url() + "/api/v1/write",
                  "--at",
                  at.toString(),
                  "--checkpoint",
                  dir.resolve("d.checkpoint").toString()))
          .isZero();
      JsonNode r = prometheus.query("count_over_time({__name__=~\"bf_.*\"}[1h])", Instant.now());
      assertThat(r).hasSize(110);
      r.forEach(s -> assertThat(s.path("value").get(1).asText()).isEqualTo("1"));
      assertThat(
              prometheus
                  .query("timestamp(bf_requests_total{c=\"c3\"})", at.plusSeconds(1))
                  .get(0)
                  .path("value")
                  .get(1)
                  .asDouble())
          .isEqualTo(at.toEpochMilli() / 1000.0);
    }
  }

  private static Path write(Path dir) throws Exception {
    Path scenario = dir.resolve("scenario.yaml");
    Files.writeString(scenario, SCENARIO);
    return scenario;
  }

  private static int run(Path dir, Path scenario, String url, Instant start) {
    return Main.run(
        "backfill",
        "-f",
        scenario.toString(),
        "--remote-write",
        url,
        "--start",
        start.toString(),
        "--end",
        start.plusSeconds(15L * STEPS).toString(),
        "--checkpoint",
        dir.resolve("run.checkpoint").toString());
  }

  private static long stepOf(Path checkpoint) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(checkpoint.toFile())
          .path("nextStep")
          .asLong();
    } catch (Exception e) {
      return 0; // not written yet, or mid-rename
    }
  }

  /** Every series has exactly its 480 samples, each exactly the scenario's value. */
  private static void assertEveryValue(PrometheusServer prometheus, Instant start)
      throws Exception {
    CompiledScenario scenario = Scenarios.compile(SCENARIO);
    Instant last = start.plusSeconds(15L * (STEPS - 1));
    Map<String, double[]> actual = new HashMap<>();
    for (String name : new String[] {"bf_walk", "bf_requests_total"}) {
      actual.putAll(prometheus.rangeValues(name, start, STEPS, Duration.ofSeconds(15)));
    }
    assertThat(actual).hasSize(110);
    for (MetricFamily f : scenario.families()) {
      for (Series s : f.series()) {
        SeriesCursor c = f.cursor(s, 0);
        double[] expected = new double[STEPS];
        for (int k = 0; k < STEPS; k++) {
          c.next();
          expected[k] = c.values()[0];
        }
        Map<String, String> labels = new TreeMap<>();
        for (int i = 0; i < s.labels().size(); i++) {
          labels.put(s.labels().getName(i), s.labels().getValue(i));
        }
        String name =
            f.name() + (f.type() == io.metricgen.engine.model.MetricType.COUNTER ? "_total" : "");
        assertThat(actual.get(name + labels)).as(name + labels).containsExactly(expected);
      }
    }
    JsonNode counts = prometheus.query("count_over_time({__name__=~\"bf_.*\"}[2h])", last);
    assertThat(counts).hasSize(110);
    counts.forEach(
        c -> assertThat(c.path("value").get(1).asText()).isEqualTo(String.valueOf(STEPS)));
  }
}
