package io.metricgen.engine.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.metricgen.engine.compose.Metric;
import io.metricgen.engine.compose.Shape;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.transport.HttpSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checks before a backfill say what they could not read, and stay quiet for a receiver that has
 * no Prometheus status API at all.
 */
class PreflightTest {

  private static final CompiledScenario SCENARIO =
      ScenarioLoader.compile(
          "s.yaml",
          io.metricgen.engine.compose.Scenario.builder()
              .metric(Metric.gauge("g").value(Shape.constant(1)).build())
              .build()
              .toYaml(),
          null);

  private static List<String> warnings(int status) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = "{\"status\":\"error\"}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      List<String> warned = new ArrayList<>();
      URI write = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write");
      assertThat(Preflight.problem(write, HttpSettings.builder().build(), 0, SCENARIO, warned::add))
          .isEmpty();
      return warned;
    } finally {
      server.stop(0);
    }
  }

  @Test
  void whatCouldNotBeReadIsSaid() throws Exception {
    assertThat(warnings(500))
        .singleElement()
        .asString()
        .contains("could not read http://127.0.0.1:")
        .contains("/api/v1/status/tsdb (it answered HTTP 500)")
        .contains("whether the range is too old for it is not checked before writing");
  }

  @Test
  void aReceiverWithoutPrometheusStatusApiIsNotCheckedQuietly() throws Exception {
    assertThat(warnings(404)).isEmpty();
  }
}
