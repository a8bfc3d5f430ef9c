package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricgen.testing.PrometheusServer;
import io.metricgen.testing.PushgatewayServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code import} into the real Pushgateway and Prometheus, in each mode and each format. */
class ImportTest {

  @Test
  void autoSendsCurrentSamplesToThePushgatewayAndHistoryOverRemoteWrite(@TempDir Path dir)
      throws Exception {
    long now = System.currentTimeMillis();
    long old1 = now - 30 * 60_000;
    long old2 = now - 29 * 60_000;
    Path csv = dir.resolve("samples.csv");
    Files.writeString(
        csv,
        "# metric_name,labels,value,timestamp_ms\n"
            + "imp_temp,room=a,20.5,"
            + old1
            + "\n"
            + "imp_temp,room=a,21.5,"
            + old2
            + "\n"
            + "imp_temp,room=b,7,\n"
            + "imp_jobs_total,job_type=email;status=success,12,"
            + (now - 60_000)
            + "\n");
    try (PushgatewayServer gateway = PushgatewayServer.start(dir.resolve("pg"));
        PrometheusServer prometheus =
            PrometheusServer.start(
                dir.resolve("prom"),
                gateway.scrapeConfig(),
                "--web.enable-remote-write-receiver")) {
      assertThat(
              Main.run(
                  "import",
                  "--file",
                  csv.toString(),
                  "--pushgateway",
                  gateway.url(),
                  "--remote-write",
                  prometheus.url() + "/api/v1/write"))
          .isZero();
      JsonNode history = prometheus.query("imp_temp{room=\"a\"}", Instant.ofEpochMilli(old2));
      assertThat(history.get(0).path("value").get(1).asText()).isEqualTo("21.5");
      assertThat(
              prometheus
                  .query("count_over_time(imp_temp{room=\"a\"}[10m])", Instant.ofEpochMilli(old2))
                  .get(0)
                  .path("value")
                  .get(1)
                  .asText())
          .isEqualTo("2");
      JsonNode current = await(prometheus, "imp_jobs_total");
      assertThat(current.path("metric").path("job").asText()).isEqualTo("metricgen-import");
      assertThat(current.path("metric").path("status").asText()).isEqualTo("success");
      assertThat(current.path("value").get(1).asText()).isEqualTo("12");
      assertThat(await(prometheus, "imp_temp{room=\"b\"}").path("value").get(1).asText())
          .isEqualTo("7");
      assertThat(prometheus.query("imp_temp{room=\"a\"}", Instant.now()))
          .as("history is not current")
          .isEmpty();
    }
  }

  @Test
  void realtimeJsonGoesToThePushgatewayOnly(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("s.json");
    Files.writeString(
        json,
        "[{\"metric\": \"rt_value\", \"labels\": {\"path\": \"/a/b\"}, \"value\": 3,"
            + " \"timestamp_ms\": "
            + (System.currentTimeMillis() - 3_600_000)
            + "}]");
    try (PushgatewayServer gateway = PushgatewayServer.start(dir.resolve("pg"))) {
      assertThat(
              Main.run(
                  "import",
                  "--file",
                  json.toString(),
                  "--mode",
                  "realtime",
                  "--pushgateway",
                  gateway.url(),
                  "--job",
                  "rt"))
          .isZero();
      assertThat(gateway.get("/metrics").body())
          .contains("rt_value{instance=\"\",job=\"rt\",path=\"/a/b\"} 3");
    }
  }

  @Test
  void historicJsonGoesOverRemoteWriteOnly(@TempDir Path dir) throws Exception {
    long t = System.currentTimeMillis() - 10 * 60_000;
    Path json = dir.resolve("s.json");
    Files.writeString(
        json,
        "[{\"metric\": \"hist_value\", \"value\": 1, \"timestamp_ms\": "
            + t
            + "},\n"
            + " {\"metric\": \"hist_value\", \"value\": 2, \"timestamp_ms\": "
            + (t + 15_000)
            + "}]");
    try (PrometheusServer prometheus =
        PrometheusServer.start(
            dir.resolve("prom"),
            "global:\n  scrape_interval: 15s\n",
            "--web.enable-remote-write-receiver")) {
      assertThat(
              Main.run(
                  "import",
                  "--file",
                  json.toString(),
                  "--mode",
                  "historic",
                  "--remote-write",
                  prometheus.url() + "/api/v1/write"))
          .isZero();
      assertThat(
              prometheus
                  .query("hist_value", Instant.ofEpochMilli(t + 15_000))
                  .get(0)
                  .path("value")
                  .get(1)
                  .asText())
          .isEqualTo("2");
    }
  }

  @Test
  void aMalformedFileWritesNothingAndExitsWith2(@TempDir Path dir) throws Exception {
    long old = System.currentTimeMillis() - 30 * 60_000;
    Path csv = dir.resolve("bad.csv");
    Files.writeString(
        csv, "good,a=1,1," + old + "\n" + "bad,a=1,x," + old + "\n" + "good2,,5,\n" + "short,1\n");
    try (PushgatewayServer gateway = PushgatewayServer.start(dir.resolve("pg"));
        PrometheusServer prometheus =
            PrometheusServer.start(
                dir.resolve("prom"),
                "global:\n  scrape_interval: 15s\n",
                "--web.enable-remote-write-receiver")) {
      CliRun run =
          CliRun.of(
              "import",
              "--file",
              csv.toString(),
              "--pushgateway",
              gateway.url(),
              "--remote-write",
              prometheus.url() + "/api/v1/write");
      assertThat(run.exit()).isEqualTo(2);
      assertThat(run.err())
          .isEqualTo(
              "error: "
                  + csv
                  + ":2: value \"x\" is not a number\n"
                  + "error: "
                  + csv
                  + ":4: expected 4 columns (metric_name,labels,value,timestamp_ms),"
                  + " got 2\n");
      assertThat(gateway.groups()).isEmpty();
      assertThat(prometheus.query("{__name__=~\"good.*\"}", Instant.ofEpochMilli(old))).isEmpty();

      assertThat(
              Main.run(
                  "import",
                  "--file",
                  csv.toString(),
                  "--skip-invalid",
                  "--pushgateway",
                  gateway.url(),
                  "--remote-write",
                  prometheus.url() + "/api/v1/write"))
          .isZero();
      assertThat(
              prometheus
                  .query("good", Instant.ofEpochMilli(old))
                  .get(0)
                  .path("value")
                  .get(1)
                  .asText())
          .isEqualTo("1");
      assertThat(gateway.get("/metrics").body())
          .contains("good2{instance=\"\",job=\"metricgen-import\"} 5");
    }
  }

  @Test
  void samplesWithNowhereToGoAreRefusedBeforeAnythingIsWritten(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("s.csv");
    Files.writeString(csv, "a,,1," + (System.currentTimeMillis() - 3_600_000) + "\na,,2,\n");
    CliRun run = CliRun.of("import", "--file", csv.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "1 samples are current and need --pushgateway; 1 samples are older than 5 minutes"
                + " and need --remote-write");
  }

  private static JsonNode await(PrometheusServer prometheus, String expr) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      JsonNode r = prometheus.query(expr, Instant.now());
      if (r.size() > 0) {
        return r.get(0);
      }
      assertThat(System.currentTimeMillis()).as("%s never appeared", expr).isLessThan(deadline);
      Thread.sleep(250);
    }
  }
}
