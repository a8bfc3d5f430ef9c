package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;

/** The control API in process: what it refuses, and edits written back to the watched file. */
class ControlServerTest {

  static final String FILE =
      """
      # Checkout, for the dashboard review.
      interval: 1s
      metrics:
        # All requests.
        - name: requests
          type: counter
          rate: 5 # per second
        # In flight.
        - name: in_flight
          type: gauge
          value: 3
      """;

  private final ObjectMapper json = new ObjectMapper();
  private LiveRun run;
  private String base;

  private void start(Path dir, boolean watch) throws Exception {
    Path file = dir.resolve("scenario.yaml");
    Files.writeString(file, FILE);
    ScenarioOptions scenario = new ScenarioOptions();
    scenario.file = file;
    LiveOptions live = new LiveOptions();
    live.watch = watch;
    live.control = "127.0.0.1:0";
    run = LiveRun.start(scenario, live, System.currentTimeMillis(), CommandSpec.create());
    base = "http://127.0.0.1:" + run.controlPort();
  }

  @AfterEach
  void stop() {
    if (run != null) {
      run.close();
    }
  }

  private HttpResponse<String> send(String method, String path, String type, String body)
      throws Exception {
    return new ControlClient(base, null).send(method, path, type, body);
  }

  @Test
  void editsPersistedToTheWatchedFileKeepItsComments(@TempDir Path dir) throws Exception {
    start(dir, true);
    HttpResponse<String> r =
        send(
            "PUT",
            "/api/v1/metrics/requests?persist=true",
            "application/yaml",
            "type: counter\nrate: 50\n");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json.readTree(r.body()).path("commentsKept").asBoolean()).isTrue();
    String written = Files.readString(dir.resolve("scenario.yaml"));
    assertThat(written)
        .contains("# Checkout, for the dashboard review.", "# All requests.", "# In flight.")
        .contains("rate: 50\n")
        .doesNotContain("per second");
    r =
        send(
            "POST",
            "/api/v1/metrics?persist=true",
            "application/json",
            "{\"name\": \"errors\", \"type\": \"counter\", \"rate\": 1}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(Files.readString(dir.resolve("scenario.yaml")))
        .contains("  - name: errors\n    type: counter\n    rate: 1\n");
    // The watch sees our own write as no change.
    Thread.sleep(FileWatcher.DEBOUNCE.toMillis() * 3);
    assertThat(run.problem()).isNull();
    assertThat(run.session().text()).isEqualTo(Files.readString(dir.resolve("scenario.yaml")));
  }

  @Test
  void withoutWatchNothingIsWrittenAndHostileRequestsAreRefused(@TempDir Path dir)
      throws Exception {
    start(dir, false);
    assertThat(send("PUT", "/api/v1/scenario?persist=true", "application/yaml", FILE).statusCode())
        .isEqualTo(400);
    // A cross-site form posts text/plain without a preflight: refused.
    assertThat(send("POST", "/api/v1/incidents", "text/plain", "{}").statusCode()).isEqualTo(415);
    HttpResponse<String> big =
        send("PUT", "/api/v1/scenario", "application/yaml", "#".repeat(ControlHttp.MAX_BODY + 1));
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(send("PATCH", "/api/v1/scenario", "application/json", "{}").statusCode())
        .isEqualTo(405);
    assertThat(send("GET", "/api/v1/nothing", null, null).statusCode()).isEqualTo(404);
    // DNS rebinding: a page of evil.example that resolves to 127.0.0.1 sends its own Host.
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", run.controlPort())) {
      socket
          .getOutputStream()
          .write(
              "GET /api/v1/scenario HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes());
      assertThat(answer).startsWith("HTTP/1.1 403");
    }
    assertThat(Files.readString(dir.resolve("scenario.yaml"))).isEqualTo(FILE);
    HttpResponse<String> page = send("GET", "/", null, null);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(page.body()).contains("requests", "in_flight");
  }

  @Test
  void anIncidentOnAMissingMetricOrWithAMistakeSaysWhere(@TempDir Path dir) throws Exception {
    start(dir, false);
    HttpResponse<String> r =
        send(
            "POST",
            "/api/v1/incidents",
            "application/json",
            "{\"metric\": \"nope\", \"shape\": 1, \"for\": \"1m\"}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json.readTree(r.body()).path("problems").get(0).path("path").asText())
        .isEqualTo("metric");
    r =
        send(
            "POST",
            "/api/v1/incidents",
            "application/yaml",
            "metric: requests\nshape: {spike: {}}\nfor: 10x\n");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json.readTree(r.body()).path("problems").findValuesAsText("path"))
        .contains("for", "shape.spike.every");
    assertThat(send("DELETE", "/api/v1/incidents/i9", null, null).statusCode()).isEqualTo(404);
  }
}
