package io.metricgen.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.metricgen.engine.exposition.LiveScenario;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Serves metric snapshots on {@code /metrics} in the format the scraper asks for (the Prometheus
 * client's writers do the negotiation), plus health endpoints that answer 200 or 503.
 */
final class MetricsServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  /** Serves a scenario's live values, and {@code /-/healthy}. */
  static MetricsServer start(LiveScenario live, InetSocketAddress address) throws IOException {
    return start(
        () -> live.snapshotAt(System.currentTimeMillis()),
        Map.of("/-/healthy", () -> true),
        address);
  }

  /**
   * Serves {@code metrics} and one endpoint per check (path to check).
   *
   * @param checks health endpoints: 200 "OK" while the check holds, 503 otherwise
   */
  static MetricsServer start(
      Supplier<MetricSnapshots> metrics,
      Map<String, BooleanSupplier> checks,
      InetSocketAddress address)
      throws IOException {
    ExpositionFormats formats = ExpositionFormats.init();
    HttpServer server = HttpServer.create(address, 64);
    MetricsServer ms = new MetricsServer(server);
    server.createContext("/metrics", exchange -> metrics(exchange, metrics, formats));
    checks.forEach(
        (path, check) ->
            server.createContext(
                path,
                exchange ->
                    text(
                        exchange,
                        check.getAsBoolean() ? 200 : 503,
                        check.getAsBoolean() ? "OK\n" : "not yet\n")));
    server.createContext(
        "/",
        exchange ->
            text(
                exchange,
                exchange.getRequestURI().getPath().equals("/") ? 200 : 404,
                "metricgen: see /metrics\n"));
    server.setExecutor(ms.executor);
    server.start();
    return ms;
  }

  /** The port it listens on (useful when started on port 0). */
  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static void metrics(
      HttpExchange exchange, Supplier<MetricSnapshots> metrics, ExpositionFormats formats)
      throws IOException {
    ExpositionFormatWriter writer =
        formats.findWriter(exchange.getRequestHeaders().getFirst("Accept"));
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writer.write(body, metrics.get());
    exchange.getResponseHeaders().set("Content-Type", writer.getContentType());
    send(exchange, 200, body.toByteArray());
  }

  private static void text(HttpExchange exchange, int status, String body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    send(exchange, status, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (!head) {
        out.write(body);
      }
    }
  }
}
