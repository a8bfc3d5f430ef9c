package io.metricgen.cli;

import static io.metricgen.cli.LiveServeTest.await;
import static io.metricgen.cli.LiveServeTest.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricgen.testing.MetricgenProcess;
import io.metricgen.testing.PrometheusServer;
import io.metricgen.testing.PushgatewayServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code push --control} against the real Pushgateway, scraped by the real Prometheus, changed
 * through its control API while it runs.
 */
class LivePushTest {

  static final String SCENARIO =
      """
      interval: 1s
      metrics:
        - name: kept
          type: counter
          rate: 5
        - name: changed
          type: counter
          rate: 2
        - name: gone
          type: gauge
          value: 1
        - name: temperature
          type: gauge
          value: 20
      """;

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private String control;
  private String token;

  @Test
  void controlApiEditsReachPrometheusThroughThePushgatewayWithoutAReset(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("scenario.yaml");
    Files.writeString(file, SCENARIO);
    Path tokenFile = dir.resolve("token");
    token = "s3cret-" + System.nanoTime();
    Files.writeString(tokenFile, token + "\n");
    try (PushgatewayServer gateway = PushgatewayServer.start(dir.resolve("pg"));
        PrometheusServer prometheus =
            PrometheusServer.start(dir.resolve("prom"), gateway.scrapeConfig());
        MetricgenProcess push =
            MetricgenProcess.start(
                dir,
                "push",
                "-f",
                file.toString(),
                "--pushgateway",
                gateway.url(),
                "--control",
                "127.0.0.1:0",
                "--control-token-file",
                tokenFile.toString())) {
      control = push.await("control API on (http://\\S+)/", Duration.ofSeconds(60));
      await(prometheus, "changed_total", r -> value(r) >= 6, Duration.ofSeconds(60));

      HttpResponse<String> anonymous =
          http.send(
              HttpRequest.newBuilder(URI.create(control + "/api/v1/scenario")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401);
      HttpResponse<String> r =
          send("PUT", "/api/v1/metrics/changed", "application/yaml", "type: counter\nrate: 50\n");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(JSON.readTree(r.body()).path("edit").path("changed").asInt()).isEqualTo(1);
      r =
          send(
              "POST",
              "/api/v1/metrics",
              "application/json",
              "{\"name\": \"added\", \"type\": \"counter\", \"rate\": 1}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      assertThat(
              send("POST", "/api/v1/metrics", "application/json", "{\"name\": \"added\"}")
                  .statusCode())
          .isEqualTo(409);
      assertThat(send("DELETE", "/api/v1/metrics/gone", null, null).statusCode()).isEqualTo(200);
      assertThat(send("DELETE", "/api/v1/metrics/gone", null, null).statusCode()).isEqualTo(404);
      await(prometheus, "added_total", res -> res.size() == 1, Duration.ofSeconds(20));
      await(prometheus, "gone", JsonNode::isEmpty, Duration.ofSeconds(20));

      // A whole scenario with a mistake: refused with the field, nothing changes.
      r =
          send(
              "PUT",
              "/api/v1/scenario",
              "application/yaml",
              "interval: 1s\nmetrics:\n  - {name: kept, type: counter, rate: -}\n");
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(r.body()).path("problems").get(0).path("path").asText())
          .isEqualTo("metrics[0].rate.series");
      assertThat(send("PUT", "/api/v1/scenario?persist=true", "application/yaml", SCENARIO))
          .satisfies(x -> assertThat(x.statusCode()).isEqualTo(400))
          .satisfies(x -> assertThat(x.body()).contains("--watch"));
      JsonNode scenario = JSON.readTree(send("GET", "/api/v1/scenario", null, null).body());
      assertThat(scenario.path("metrics").findValuesAsText("name"))
          .containsExactly("kept", "changed", "temperature", "added");

      // An incident that replaces temperature with 100 for 4 s.
      r =
          send(
              "POST",
              "/api/v1/incidents",
              "application/json",
              "{\"metric\": \"temperature\", \"shape\": 100, \"mode\": \"replace\", \"for\": \"4s\"}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      await(prometheus, "temperature", res -> value(res) == 100, Duration.ofSeconds(20));
      JsonNode incidents = JSON.readTree(send("GET", "/api/v1/incidents", null, null).body());
      assertThat(incidents.get(0).path("state").asText()).isIn("running", "ended");
      await(prometheus, "temperature", res -> value(res) == 20, Duration.ofSeconds(20));
      assertThat(
              JSON.readTree(send("GET", "/api/v1/incidents", null, null).body())
                  .get(0)
                  .path("state")
                  .asText())
          .isEqualTo("ended");

      Thread.sleep(2000);
      Instant end = Instant.now();
      assertThat(prometheus.query("rate(changed_total[3s])", end))
          .singleElement()
          .satisfies(s -> assertThat(value(s)).isGreaterThan(30));
      for (String counter : new String[] {"kept_total", "changed_total"}) {
        assertThat(prometheus.query("resets(" + counter + "[5m])", end))
            .as(counter)
            .singleElement()
            .satisfies(s -> assertThat(value(s)).isZero());
      }
    }
  }

  private HttpResponse<String> send(String method, String path, String type, String body)
      throws Exception {
    return new ControlClient(control, token).send(method, path, type, body);
  }
}
