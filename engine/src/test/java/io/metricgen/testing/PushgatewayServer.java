package io.metricgen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** The real Pushgateway (Debian's package) on 127.0.0.1 with a free port; stopped by PID. */
public final class PushgatewayServer implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private PushgatewayServer(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  public static PushgatewayServer start(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    int port = Processes.freePort();
    Path log = dir.resolve("pushgateway.log");
    Process p =
        new ProcessBuilder(
                List.of(
                    Binaries.pushgateway().toString(),
                    "--web.listen-address=127.0.0.1:" + port,
                    // Debian's build persists to /var/lib/prometheus by default: keep it private.
                    "--persistence.file=" + dir.resolve("pushgateway.data"),
                    "--log.level=warn"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PushgatewayServer server = new PushgatewayServer(p, log, port);
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      if (!p.isAlive()) {
        throw new IllegalStateException("pushgateway exited:\n" + Files.readString(log));
      }
      try {
        if (server.get("/-/ready").statusCode() == 200) {
          return server;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("pushgateway not ready:\n" + Files.readString(log));
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public String target() {
    return "127.0.0.1:" + port;
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The groups the Pushgateway holds: {@code /api/v1/metrics}'s data, one item a group. */
  public JsonNode groups() throws IOException, InterruptedException {
    return new ObjectMapper().readTree(get("/api/v1/metrics").body()).path("data");
  }

  /** A Prometheus configuration that scrapes this Pushgateway every second, honoring labels. */
  public String scrapeConfig() {
    return "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
        + "scrape_configs:\n  - job_name: pushgateway\n    honor_labels: true\n"
        + "    static_configs:\n      - targets: ['"
        + target()
        + "']\n";
  }

  @Override
  public void close() throws InterruptedException {
    Processes.stop(process);
  }
}
