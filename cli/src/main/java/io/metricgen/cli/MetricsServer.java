package io.metricgen.cli;

import io.metricgen.engine.live.LiveScenario;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.expositionformats.PrometheusProtobufWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves metric snapshots on {@code /metrics} in the format the scraper asks for (Prometheus
 * protobuf, which carries native histograms, OpenMetrics, which carries exemplars, or the text
 * format) with the Prometheus client's writers, plus health endpoints that answer 200 or 503; on
 * {@link HttpServers}' Jetty.
 */
final class MetricsServer implements AutoCloseable {

  /** How long a connection may send or take nothing before it is closed. */
  static final Duration IDLE_TIMEOUT = HttpServers.IDLE_TIMEOUT;

  private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

  private final Server server;

  private MetricsServer(Server server) {
    this.server = server;
  }

  /** Serves a scenario's live values, and {@code /-/healthy}. */
  static MetricsServer start(LiveScenario live, InetSocketAddress address) throws Exception {
    return serve(
        nativeHistograms -> live.snapshotAt(System.currentTimeMillis(), nativeHistograms),
        Map.of("/-/healthy", () -> true),
        address);
  }

  /** Serves {@code metrics}, the same whatever the format, and one endpoint per check. */
  static MetricsServer start(
      Supplier<MetricSnapshots> metrics,
      Map<String, BooleanSupplier> checks,
      InetSocketAddress address)
      throws Exception {
    return serve(nativeHistograms -> metrics.get(), checks, address);
  }

  /**
   * Serves {@code metrics} and one endpoint per check (path to check).
   *
   * @param metrics the snapshots for a format that carries native histograms (true) or not
   * @param checks health endpoints: 200 "OK" while the check holds, 503 otherwise
   */
  private static MetricsServer serve(
      Function<Boolean, MetricSnapshots> metrics,
      Map<String, BooleanSupplier> checks,
      InetSocketAddress address)
      throws Exception {
    Server server =
        HttpServers.start(
            new Routes(metrics, checks, ExpositionFormats.init()), address, "metricgen-http");
    return new MetricsServer(server);
  }

  /** The port it listens on (useful when started on port 0). */
  int port() {
    return HttpServers.port(server);
  }

  @Override
  public void close() {
    HttpServers.stop(server);
  }

  /**
   * The writer for a scrape's Accept header, by its q-values, of protobuf (when it can be written
   * here), OpenMetrics and the Prometheus text format. The highest weight wins; at equal weight a
   * format the header names beats one it matches by a wildcard; among named ones the richer format
   * wins (protobuf, OpenMetrics, text), among wildcard matches the plainer (so that {@code *}{@code
   * /*}, curl's default, gets text). What accepts none of them (q=0 for all, or only other types)
   * gets the text format, which every scraper reads, rather than a 406 that would leave the target
   * down.
   */
  static ExpositionFormatWriter writerFor(String accept, ExpositionFormats formats) {
    AcceptHeader header = AcceptHeader.parse(accept);
    List<ExpositionFormatWriter> writers = new ArrayList<>();
    List<AcceptHeader.Match> matches = new ArrayList<>();
    writers.add(formats.getPrometheusTextFormatWriter());
    matches.add(header.match("text", "plain", Map.of("version", "0.0.4")));
    writers.add(formats.getOpenMetricsTextFormatWriter());
    matches.add(header.match("application", "openmetrics-text", Map.of()));
    ExpositionFormatWriter protobuf = formats.getPrometheusProtobufWriter();
    if (protobuf.isAvailable()) {
      writers.add(protobuf);
      matches.add(
          header.match(
              "application",
              "vnd.google.protobuf",
              Map.of("proto", "io.prometheus.client.MetricFamily", "encoding", "delimited")));
    }
    int best = 0;
    for (int i = 1; i < writers.size(); i++) {
      AcceptHeader.Match m = matches.get(i);
      AcceptHeader.Match b = matches.get(best);
      boolean better =
          m.q() > b.q()
              || (m.q() == b.q() && m.named() && !b.named())
              // Later in the list is richer: it wins a tie of named formats only.
              || (m.q() == b.q() && m.named() && b.named());
      if (better) {
        best = i;
      }
    }
    return matches.get(best).q() > 0 ? writers.get(best) : formats.getPrometheusTextFormatWriter();
  }

  /** {@code /metrics}, the checks, {@code /}; GET and HEAD only. */
  private static final class Routes extends Handler.Abstract {
    private final Function<Boolean, MetricSnapshots> metrics;
    private final Map<String, BooleanSupplier> checks;
    private final ExpositionFormats formats;

    Routes(
        Function<Boolean, MetricSnapshots> metrics,
        Map<String, BooleanSupplier> checks,
        ExpositionFormats formats) {
      this.metrics = metrics;
      this.checks = Map.copyOf(checks);
      this.formats = formats;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      boolean known = path.equals("/metrics") || path.equals("/") || checks.containsKey(path);
      if (!known) {
        text(response, callback, 404, "not found; see /metrics\n");
        return true;
      }
      String method = request.getMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
        // The request's body is not read, so the connection can't carry another request: say so,
        // or a client that pools connections sends its next request into a closed one.
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        text(response, callback, 405, method + " is not allowed; use GET\n");
        return true;
      }
      if (path.equals("/metrics")) {
        metrics(request, response, callback);
      } else if (path.equals("/")) {
        text(response, callback, 200, "metricgen: see /metrics\n");
      } else {
        boolean ok = checks.get(path).getAsBoolean();
        text(response, callback, ok ? 200 : 503, ok ? "OK\n" : "not yet\n");
      }
      return true;
    }

    private void metrics(Request request, Response response, Callback callback) {
      String accept = request.getHeaders().get(HttpHeader.ACCEPT);
      ExpositionFormatWriter writer = writerFor(accept, formats);
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      try {
        writer.write(body, metrics.apply(writer instanceof PrometheusProtobufWriter));
      } catch (RuntimeException | java.io.IOException e) {
        LOG.warn("a scrape of /metrics failed", e);
        text(response, callback, 500, "could not write the metrics: " + e + "\n");
        return;
      }
      send(response, callback, 200, writer.getContentType(), body.toByteArray());
    }

    private static void text(Response response, Callback callback, int status, String body) {
      send(
          response,
          callback,
          status,
          "text/plain; charset=utf-8",
          body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(
        Response response, Callback callback, int status, String contentType, byte[] body) {
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
      response.write(true, ByteBuffer.wrap(body), callback);
    }
  }
}
