package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.metricgen.engine.transport.Retrier;
import io.metricgen.testing.ProjectFiles;
import io.metricgen.testing.PushgatewayServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clients against a server that misbehaves on purpose (a local HTTP server written for it):
 * huge bodies with terminal escapes, a day-long Retry-After, plain HTTP where TLS is expected.
 */
class HostileServerTest {

  @TempDir Path dir;

  private final String scenario = ProjectFiles.example("scenario.yaml").toString();

  /**
   * A server answering every write with {@code status}, {@code headers} and {@code body}; GETs (a
   * backfill's preflight asking for Prometheus's status) get 404, as from a receiver that is not a
   * Prometheus.
   */
  private static HttpServer server(int status, String retryAfter, byte[] body, AtomicInteger hits)
      throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    s.createContext(
        "/",
        exchange -> {
          if (notFoundForGet(exchange)) {
            return;
          }
          hits.incrementAndGet();
          exchange.getRequestBody().readAllBytes();
          if (retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
          }
          exchange.sendResponseHeaders(status, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          } catch (java.io.IOException e) {
            // the client stopped reading: that is what it should do
          }
        });
    s.start();
    return s;
  }

  private static boolean notFoundForGet(com.sun.net.httpserver.HttpExchange exchange)
      throws java.io.IOException {
    if (!exchange.getRequestMethod().equals("GET")) {
      return false;
    }
    exchange.sendResponseHeaders(404, -1);
    exchange.close();
    return true;
  }

  @Test
  void aTooOldRefusalStopsTheBackfillForGoodWithTheAdvice() throws Exception {
    AtomicInteger hits = new AtomicInteger();
    byte[] body = "out of bounds".getBytes(StandardCharsets.UTF_8);
    HttpServer s = server(400, null, body, hits);
    try {
      Path checkpoint = dir.resolve("old.checkpoint");
      CliRun run =
          CliRun.backfill(
              scenario,
              "http://127.0.0.1:" + s.getAddress().getPort() + "/api/v1/write",
              "--at",
              "-3h",
              "--checkpoint",
              checkpoint.toString());
      // Exit 3: refused for good, which a Backfill's Job does not retry.
      assertThat(run.exit()).isEqualTo(Main.REFUSED);
      assertThat(run.err())
          .contains("refused the samples with HTTP 400: out of bounds")
          .contains("storage.tsdb.out_of_order_time_window")
          .contains("promtool tsdb create-blocks-from openmetrics")
          .doesNotContain("retrying");
      assertThat(hits.get()).isEqualTo(1);
      // The checkpoint says so too, for the other shards and the operator.
      var state =
          io.metricgen.engine.remotewrite.Checkpoint.State.parse(Files.readString(checkpoint));
      assertThat(state.permanent()).isTrue();
      assertThat(state.tooOld()).isTrue();
      assertThat(state.failure()).contains("out of bounds");
    } finally {
      s.stop(0);
    }
  }

  @Test
  void aReceiverWithNativeHistogramsDisabledIsNotRetriedAndTheFlagIsTheAdvice() throws Exception {
    AtomicInteger hits = new AtomicInteger();
    // What Prometheus 2.42 answers, with 500, to a histogram when the feature is off.
    byte[] body = "native histograms are disabled\n".getBytes(StandardCharsets.UTF_8);
    HttpServer s = server(500, null, body, hits);
    try {
      Path nativeScenario = dir.resolve("native.yaml");
      Files.writeString(
          nativeScenario,
          "metrics:\n  - name: h\n    type: histogram\n    rate: 1\n"
              + "    distribution: {logNormal: {p50: 1, p99: 3}}\n    native: {}\n");
      CliRun run =
          CliRun.backfill(
              nativeScenario.toString(),
              "http://127.0.0.1:" + s.getAddress().getPort() + "/api/v1/write",
              "--at",
              "-10m",
              "--checkpoint",
              dir.resolve("native.checkpoint").toString());
      assertThat(run.exit()).as(run.err()).isEqualTo(Main.REFUSED);
      assertThat(run.err())
          .contains("refused the samples with HTTP 500: native histograms are disabled")
          .contains("--enable-feature=native-histograms")
          .doesNotContain("retrying");
      assertThat(hits.get()).isEqualTo(1);
    } finally {
      s.stop(0);
    }
  }

  @Test
  void aHugeErrorBodyIsQuotedShortAndWithoutEscapes() throws Exception {
    byte[] body = new byte[50 * 1024 * 1024];
    byte[] head = "\u001b[31mred alert\u001b[0m\r\nsecond line ".getBytes(StandardCharsets.UTF_8);
    System.arraycopy(head, 0, body, 0, head.length);
    java.util.Arrays.fill(body, head.length, body.length, (byte) 'x');
    AtomicInteger hits = new AtomicInteger();
    HttpServer s = server(400, null, body, hits);
    try {
      String url = "http://127.0.0.1:" + s.getAddress().getPort();
      CliRun run = CliRun.of("push", "-f", scenario, "--pushgateway", url, "--once");
      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err())
          .contains("refused with HTTP 400: [31mred alert [0m  second line xxx")
          .contains("(cut at 4096 bytes)")
          .doesNotContain("\u001b");
      assertThat(run.err().length()).isLessThan(6000);
    } finally {
      s.stop(0);
    }
  }

  @Test
  void aDayLongRetryAfterIsCappedAndSaidSo() throws Exception {
    AtomicInteger hits = new AtomicInteger();
    HttpServer s = server(503, "86400", "busy".getBytes(StandardCharsets.UTF_8), hits);
    try {
      String url = "http://127.0.0.1:" + s.getAddress().getPort() + "/api/v1/write";
      long begun = System.nanoTime();
      CliRun run =
          CliRun.backfill(
              scenario,
              url,
              "--at",
              "-1h",
              "--max-attempts",
              "2",
              "--checkpoint",
              dir.resolve("c").toString());
      Duration took = Duration.ofNanos(System.nanoTime() - begun);
      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err())
          .contains("the server asked to wait 86400 s (Retry-After), capped at 30 s")
          .contains("failed after 2 attempts");
      assertThat(took).isLessThan(Duration.ofSeconds(60));
      assertThat(hits.get()).isEqualTo(2);
    } finally {
      s.stop(0);
    }
    assertThat(Retrier.MAX_TOTAL_WAIT).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aReceiverThatRestartsMidBackfillIsNamedAndTheRerunIsTheAdvice() throws Exception {
    // First the connection drops (the receiver going down), then the retry is refused as out of
    // order (what a restarted Prometheus says of samples it kept from before).
    AtomicInteger hits = new AtomicInteger();
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    s.createContext(
        "/",
        exchange -> {
          if (notFoundForGet(exchange)) {
            return;
          }
          exchange.getRequestBody().readAllBytes();
          if (hits.incrementAndGet() == 1) {
            exchange.close(); // no answer at all
            return;
          }
          byte[] body = "out of order sample".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(400, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    s.start();
    try {
      Path checkpoint = dir.resolve("restart.checkpoint");
      CliRun run =
          CliRun.backfill(
              scenario,
              "http://127.0.0.1:" + s.getAddress().getPort() + "/api/v1/write",
              "--at",
              "-1h",
              "--concurrency",
              "1",
              "--checkpoint",
              checkpoint.toString());
      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err())
          .contains("it restarted during the backfill")
          .contains("run the same command again, and it resumes from what " + checkpoint)
          .contains("(It said: out of order sample)");
    } finally {
      s.stop(0);
    }
  }

  @Test
  void tlsToAPlainHttpPortFailsAtOnceWithAReason() throws Exception {
    try (PushgatewayServer gateway = PushgatewayServer.start(dir.resolve("pg"))) {
      String url = gateway.url().replace("http://", "https://");
      CliRun run = CliRun.of("push", "-f", scenario, "--pushgateway", url, "--once");
      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err())
          .contains("TLS with " + url)
          .contains("if the server speaks plain HTTP, use http://")
          .doesNotContain("retrying");
    }
  }

  @Test
  void aRefusalQuotesTheUrlWithoutItsPassword() throws Exception {
    // Credentials in a URL are refused before anything is sent (HostileInputTest); what a server
    // says back is quoted without the URL's userinfo too, as Responses.redact is applied there.
    assertThat(
            io.metricgen.engine.transport.Responses.redact(
                java.net.URI.create("http://user:hunter2@h:1/api/v1/write?x=1")))
        .isEqualTo("http://REDACTED@h:1/api/v1/write?x=1");
  }
}
