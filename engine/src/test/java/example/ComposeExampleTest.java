package example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metricgen.engine.compose.Metric;
import io.metricgen.engine.compose.Scenario;
import io.metricgen.engine.compose.Shape;
import io.metricgen.testing.PrometheusServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library as a user's own tests use it, through the public API alone ({@code
 * io.metricgen.engine.compose}): compose series in code, look at a scrape, export a range, and
 * write an incident's history into the real Prometheus, then ask Prometheus about it.
 */
class ComposeExampleTest {

  /** An error rate that rises for ten minutes, on two status codes, and a queue. */
  static Scenario incident() {
    return Scenario.builder()
        .interval(Duration.ofSeconds(15))
        .seed(7)
        .metric(
            Metric.counter("http_requests_total")
                .help("HTTP requests by status code.")
                .label("code", "200")
                .rate(Shape.constant(20))
                .build())
        .metric(
            Metric.counter("http_request_errors_total")
                .help("HTTP requests that failed.")
                .label("code", "500", "503")
                .rate(
                    Shape.sequence(
                        Shape.Segment.of(Duration.ofMinutes(50), Shape.constant(0.5)),
                        Shape.Segment.of(Duration.ofMinutes(10), Shape.constant(10)),
                        Shape.Segment.rest(Shape.constant(0.5))))
                .build())
        .metric(
            Metric.gauge("queue_depth")
                .help("Jobs waiting.")
                .value(Shape.sine(Duration.ofHours(1), 20, 30).withNoise(2).clamp(0, 100))
                .build())
        .metric(
            Metric.histogram("request_duration_seconds")
                .help("Request latency.")
                .unit("seconds")
                .buckets(0.05, 0.1, 0.25, 0.5, 1)
                .rate(Shape.constant(10))
                .logNormal(0.08, 0.6)
                .build())
        .build();
  }

  @Test
  void aScrapeShowsEverySeriesAtThatMoment() {
    Scenario scenario = incident();
    assertThat(scenario.seriesCount()).isEqualTo(5);
    String scrape = scenario.expose(Duration.ofMinutes(10), Scenario.Format.OPENMETRICS);
    // 20 requests a second for ten minutes (40 steps of 15 s), and half an error a second.
    assertThat(scrape)
        .contains("http_requests_total{code=\"200\"} 12000.0")
        .contains("http_request_errors_total{code=\"500\"} 300.0")
        .contains("request_duration_seconds_bucket{le=\"+Inf\"} 6000")
        .endsWith("# EOF\n");
  }

  @Test
  void anExportIsTheSameOnEveryRunOfItsSeed() throws Exception {
    Instant start = Instant.parse("2026-11-01T00:00:00Z");
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    long samples =
        incident()
            .export(start, start.plus(Duration.ofHours(1)), first, Scenario.Format.OPENMETRICS);
    incident().export(start, start.plus(Duration.ofHours(1)), second, Scenario.Format.OPENMETRICS);
    // 240 steps of the 5 series (a histogram's step is one point of all its lines).
    assertThat(samples).isEqualTo(240 * 5);
    assertThat(first.toByteArray()).isEqualTo(second.toByteArray());
    assertThat(first.toString(StandardCharsets.UTF_8))
        .contains("http_requests_total{code=\"200\"} 300.0 1793491215.000");
    // The scenario as a file: metricgen serve -f runs the same series.
    assertThat(
            Scenario.parse("incident.yaml", incident().toYaml())
                .expose(Duration.ofMinutes(55), Scenario.Format.TEXT))
        .isEqualTo(incident().expose(Duration.ofMinutes(55), Scenario.Format.TEXT));
  }

  @Test
  void theIncidentsHistoryInPrometheus(@TempDir Path dir) throws Exception {
    Instant start = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MINUTES);
    try (PrometheusServer prometheus =
        PrometheusServer.start(
            dir.resolve("data"),
            "global:\n  scrape_interval: 15s\n",
            "--web.enable-remote-write-receiver")) {
      Scenario.RemoteWriteResult written =
          incident()
              .remoteWrite(
                  URI.create(prometheus.url() + "/api/v1/write"),
                  start,
                  start.plus(Duration.ofMinutes(90)));
      // 360 steps of 12 sample lines: 1 + 2 counters, the gauge, 6 buckets, _sum and _count.
      assertThat(written.samples()).isEqualTo(360 * 12);
      // The error rate Prometheus computes from what was written: 10/s in the incident, 0.5 after.
      JsonNode during =
          prometheus.query(
              "sum(rate(http_request_errors_total[5m]))", start.plus(Duration.ofMinutes(58)));
      JsonNode after =
          prometheus.query(
              "sum(rate(http_request_errors_total[5m]))", start.plus(Duration.ofMinutes(80)));
      assertThat(during.get(0).path("value").get(1).asDouble()).isEqualTo(20.0);
      assertThat(after.get(0).path("value").get(1).asDouble()).isEqualTo(1.0);
    }
  }
}
