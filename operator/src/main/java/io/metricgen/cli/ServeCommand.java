package io.metricgen.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.metricgen.engine.exposition.LiveScenario;
import io.metricgen.engine.series.CompiledScenario;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metricgen serve}: a scrape target whose values follow the wall clock. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the scenario on /metrics for Prometheus to scrape; values advance with the wall",
      "clock from the moment it starts. Runs until stopped."
    })
final class ServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ScenarioOptions scenario;

  @Option(
      names = "--listen",
      defaultValue = "127.0.0.1:9100",
      paramLabel = "HOST:PORT",
      description = "Address to listen on (default 127.0.0.1:9100; port 0 picks a free one).")
  String listen;

  @Override
  public Integer call() throws Exception {
    InetSocketAddress address = address();
    CompiledScenario compiled = scenario.load();
    LiveScenario live = new LiveScenario(compiled, System.currentTimeMillis());
    ExpositionFormats formats = ExpositionFormats.init();
    HttpServer server = HttpServer.create(address, 64);
    server.createContext("/metrics", exchange -> metrics(exchange, live, formats));
    server.createContext("/-/healthy", exchange -> text(exchange, 200, "OK\n"));
    server.createContext(
        "/",
        exchange ->
            text(
                exchange,
                exchange.getRequestURI().getPath().equals("/") ? 200 : 404,
                "metricgen: scrape /metrics\n"));
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop(0);
                  stopped.countDown();
                }));
    System.err.printf(
        "serving %d series from %s on http://%s:%d/metrics%n",
        compiled.seriesCount(),
        scenario.file,
        address.getHostString(),
        server.getAddress().getPort());
    stopped.await();
    return 0;
  }

  private InetSocketAddress address() {
    int colon = listen.lastIndexOf(':');
    try {
      if (colon < 0) {
        throw new NumberFormatException();
      }
      String host = listen.substring(0, colon);
      int port = Integer.parseInt(listen.substring(colon + 1));
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host, port);
    } catch (NumberFormatException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--listen: expected HOST:PORT like 127.0.0.1:9100, got " + listen);
    }
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
