package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.engine.live.LiveScenario;
import io.metricgen.testing.PrometheusServer;
import io.metricgen.testing.Scenarios;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server behind {@code serve} and the operator's probes, against the formats scrapers ask for
 * and clients that misbehave: half-sent requests, wrong paths and methods.
 */
class MetricsServerTest {

  private static final String SCENARIO =
      "interval: 1s\nmetrics:\n  - {name: g, type: gauge, value: 7}\n"
          + "  - {name: h_seconds, type: histogram, rate: 10, distribution: {logNormal: {p50: 0.1, p99: 1}}}\n";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void aScraperAskingForProtobufGetsItAndARealNativeHistogramPrometheusKeepsTheTargetUp(
      @TempDir Path dir) throws Exception {
    LiveScenario live = new LiveScenario(Scenarios.compile(SCENARIO), System.currentTimeMillis());
    try (MetricsServer server = MetricsServer.start(live, new InetSocketAddress("127.0.0.1", 0))) {
      String accept =
          "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
              + "encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3,*/*;q=0.1";
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(uri(server, "/metrics")).header("Accept", accept).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/vnd.google.protobuf");
      var in = new java.io.ByteArrayInputStream(r.body());
      var gauge =
          io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics
              .MetricFamily.parseDelimitedFrom(in);
      assertThat(gauge.getName()).isEqualTo("g");
      assertThat(gauge.getMetric(0).getGauge().getValue()).isEqualTo(7.0);
      HttpResponse<String> text = get(server, "/metrics", "text/plain;version=0.0.4");
      assertThat(text.body()).contains("g 7.0");

      String config =
          "global: {scrape_interval: 1s}\nscrape_configs:\n  - job_name: serve\n"
              + "    static_configs: [{targets: ['127.0.0.1:"
              + server.port()
              + "']}]\n";
      try (PrometheusServer prometheus =
          PrometheusServer.start(
              dir.resolve("prom"), config, "--enable-feature=native-histograms")) {
        double up = Double.NaN;
        for (int i = 0; i < 100 && !(up == 1.0); i++) {
          Thread.sleep(200);
          var result = prometheus.query("up{job=\"serve\"}", Instant.now());
          up = result.isEmpty() ? Double.NaN : result.get(0).path("value").get(1).asDouble();
        }
        assertThat(up).as("the target is up").isEqualTo(1.0);
        var g = prometheus.query("g", Instant.now());
        assertThat(g.get(0).path("value").get(1).asText()).isEqualTo("7");
      }
    }
  }

  @Test
  void theFormatIsTheOneTheAcceptHeaderWeighsHighest() throws Exception {
    LiveScenario live = new LiveScenario(Scenarios.compile(SCENARIO), System.currentTimeMillis());
    String protobuf =
        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";
    String[][] cases = {
      // q=0 is "not this": the next acceptable format, never the refused one.
      {"application/openmetrics-text;q=0", "text/plain"},
      {"application/openmetrics-text;q=0,*/*;q=0.1", "text/plain"},
      {"application/openmetrics-text;version=1.0.0;q=0,text/plain;q=0.2", "text/plain"},
      // The higher q wins, wherever it stands in the header.
      {
        protobuf + ";q=0.5,application/openmetrics-text;version=1.0.0;q=0.6",
        "application/openmetrics-text"
      },
      {
        "application/openmetrics-text;q=0.6," + protobuf + ";q=0.7",
        "application/vnd.google.protobuf"
      },
      {"text/plain;version=0.0.4;q=0.9,application/openmetrics-text;q=0.8", "text/plain"},
      // Prometheus 2.42's own scrape header.
      {
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
        "application/openmetrics-text"
      },
      // A protobuf of another message is not ours to write.
      {"application/vnd.google.protobuf;proto=other.Message;encoding=delimited", "text/plain"},
      // Wildcards, a malformed q, nothing at all.
      {"application/*;q=0.9,text/plain;q=0.1", "application/openmetrics-text"},
      {"application/openmetrics-text;q=abc,text/plain;q=0.5", "text/plain"},
      {"*/*", "text/plain"},
      {"application/openmetrics-text,text/plain", "application/openmetrics-text"},
      {"image/png", "text/plain"},
    };
    try (MetricsServer server = MetricsServer.start(live, new InetSocketAddress("127.0.0.1", 0))) {
      for (String[] c : cases) {
        HttpResponse<String> r = get(server, "/metrics", c[0]);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).as(c[0]).startsWith(c[1]);
      }
      assertThat(get(server, "/metrics", null).headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/plain");
    }
  }

  @Test
  void fiftyHalfSentRequestsStarveNeitherScrapesNorProbesAndAreClosedWhenIdle() throws Exception {
    LiveScenario live = new LiveScenario(Scenarios.compile(SCENARIO), System.currentTimeMillis());
    try (MetricsServer server =
            MetricsServer.start(
                () -> live.snapshotAt(System.currentTimeMillis(), false),
                Map.of("/healthz", () -> true, "/readyz", () -> false),
                new InetSocketAddress("127.0.0.1", 0));
        HalfOpen stalled = new HalfOpen(server.port(), 50)) {
      for (int i = 0; i < 3; i++) {
        assertThat(get(server, "/metrics", null).statusCode()).isEqualTo(200);
        assertThat(get(server, "/healthz", null).statusCode()).isEqualTo(200);
        assertThat(get(server, "/readyz", null).statusCode()).isEqualTo(503);
      }
      // The stalled clients are dropped once they have been idle for the timeout.
      long deadline = MetricsServer.IDLE_TIMEOUT.toMillis() + 10_000;
      for (Socket s : stalled.sockets) {
        s.setSoTimeout((int) deadline);
        InputStream in = s.getInputStream();
        byte[] rest = in.readAllBytes(); // returns at the server's close, or times out
        assertThat(new String(rest, StandardCharsets.ISO_8859_1)).doesNotContain("200 OK");
      }
    }
  }

  @Test
  void unknownPathsAre404AndOtherMethods405() throws Exception {
    LiveScenario live = new LiveScenario(Scenarios.compile(SCENARIO), System.currentTimeMillis());
    try (MetricsServer server = MetricsServer.start(live, new InetSocketAddress("127.0.0.1", 0))) {
      assertThat(get(server, "/metricsX", null).statusCode()).isEqualTo(404);
      assertThat(get(server, "/metrics/", null).statusCode()).isEqualTo(404);
      assertThat(get(server, "/-/healthy", null).statusCode()).isEqualTo(200);
      for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(uri(server, "/metrics"))
                    .method(method, HttpRequest.BodyPublishers.ofString("x"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
      }
      HttpResponse<String> head =
          http.send(
              HttpRequest.newBuilder(uri(server, "/metrics"))
                  .method("HEAD", HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
    }
  }

  private HttpResponse<String> get(MetricsServer server, String path, String accept)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(server, path)).timeout(Duration.ofSeconds(5));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(MetricsServer server, String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  /** Sockets that sent the first line of a request and then nothing. */
  private static final class HalfOpen implements AutoCloseable {
    final List<Socket> sockets = new ArrayList<>();

    HalfOpen(int port, int count) throws Exception {
      for (int i = 0; i < count; i++) {
        Socket s = new Socket("127.0.0.1", port);
        OutputStream out = s.getOutputStream();
        out.write("GET /metrics HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        sockets.add(s);
      }
    }

    @Override
    public void close() throws Exception {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }
}
