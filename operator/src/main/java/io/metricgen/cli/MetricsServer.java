package io.metricgen.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.metricgen.engine.exposition.LiveScenario;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a {@link LiveScenario} on {@code /metrics} in the format the scraper asks for (the
 * Prometheus client's writers do the negotiation), plus {@code /-/healthy}.
 */
final class MetricsServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  static MetricsServer start(LiveScenario live, InetSocketAddress address) throws IOException {
    ExpositionFormats formats = ExpositionFormats.init();
    HttpServer server = HttpServer.create(address, 64);
    MetricsServer ms = new MetricsServer(server);
    server.createContext("/metrics", exchange -> metrics(exchange, live, formats));
    server.createContext("/-/healthy", exchange -> text(exchange, 200, "OK\n"));
    server.createContext(
        "/",
        exchange ->
            text(
                exchange,
                exchange.getRequestURI().getPath().equals("/") ? 200 : 404,
                "metricgen: scrape /metrics\n"));
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

  private static void metrics(HttpExchange exchange, LiveScenario live, ExpositionFormats formats)
      throws IOException {
    ExpositionFormatWriter writer =
        formats.findWriter(exchange.getRequestHeaders().getFirst("Accept"));
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writer.write(body, live.snapshotAt(System.currentTimeMillis()));
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
