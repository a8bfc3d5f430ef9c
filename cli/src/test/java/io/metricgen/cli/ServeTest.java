package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.engine.live.LiveScenario;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.testing.Binaries;
import io.metricgen.testing.Processes;
import io.metricgen.testing.ProjectFiles;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} scraped over HTTP; the real promtool judges what it returns. */
class ServeTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aScrapeOfTheExampleScenarioPassesPromtoolCheckMetrics(@TempDir Path dir) throws Exception {
    var scenario = ScenarioLoader.load(ProjectFiles.example("scenario.yaml"), null);
    // Started two minutes ago, so counters and histograms have risen.
    LiveScenario live = new LiveScenario(scenario, System.currentTimeMillis() - 120_000);
    try (MetricsServer server = MetricsServer.start(live, new InetSocketAddress("127.0.0.1", 0))) {
      String uri = "http://127.0.0.1:" + server.port() + "/metrics";
      HttpResponse<String> text =
          http.send(
              HttpRequest.newBuilder(URI.create(uri)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(text.statusCode()).isEqualTo(200);
      assertThat(text.headers().firstValue("Content-Type"))
          .hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(text.body())
          .contains("# TYPE requests_total counter")
          .contains("jobs_processed_total{job_type=\"backup\",status=\"failed\"} ")
          .contains("request_duration_seconds_bucket{le=\"+Inf\"} 2400")
          .contains("request_duration_seconds_count 2400");

      Path scrape = dir.resolve("scrape.txt");
      Files.writeString(scrape, text.body());
      Processes.Result check =
          Processes.runWithInput(
              60, scrape, List.of(Binaries.promtool().toString(), "check", "metrics"));
      assertThat(check.output()).isEmpty();
      assertThat(check.exitCode()).isZero();

      HttpResponse<String> om =
          http.send(
              HttpRequest.newBuilder(URI.create(uri))
                  .header("Accept", "application/openmetrics-text; version=1.0.0")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(om.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("application/openmetrics-text");
      assertThat(om.body()).contains("# UNIT temperature_celsius celsius").endsWith("# EOF\n");
    }
  }

  @Test
  void valuesFollowTheWallClockStepByStep() throws Exception {
    var scenario =
        io.metricgen.testing.Scenarios.compile(
            "interval: 1s\nmetrics:\n  - {name: g, type: gauge, value: \"10+1x100\"}\n");
    LiveScenario live = new LiveScenario(scenario, 1_000_000);
    assertThat(live.snapshotAt(1_000_000, false).get(0).getDataPoints().get(0))
        .extracting(
            p ->
                ((io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot) p)
                    .getValue())
        .isEqualTo(10.0);
    assertThat(live.snapshotAt(1_004_999, false).get(0).getDataPoints().get(0))
        .extracting(
            p ->
                ((io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot) p)
                    .getValue())
        .isEqualTo(14.0);
    // Past the end of the notation the series has no sample, so the scrape leaves it out.
    assertThat(live.snapshotAt(1_200_000, false).get(0).getDataPoints()).isEmpty();
  }

  private static double gaugeValue(LiveScenario live, long nowMillis) {
    return ((GaugeSnapshot.GaugeDataPointSnapshot)
            live.snapshotAt(nowMillis, false).get(0).getDataPoints().get(0))
        .getValue();
  }
}
