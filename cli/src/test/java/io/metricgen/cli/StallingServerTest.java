package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.testing.ProjectFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every client against a server (or proxy) that sends its headers and then stalls: a body trickled
 * a byte at a time, a chunked body that never ends. The request's own timeout covers only the
 * headers; the exchange's deadline covers the body, and the message says which came late. And
 * verify against a server that answers success with the wrong shape of data.
 */
class StallingServerTest {

  @TempDir Path dir;

  private ServerSocket socket;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private volatile String mode = "trickle";

  @BeforeEach
  void start() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    pool.submit(
        () -> {
          while (!socket.isClosed()) {
            try {
              Socket s = socket.accept();
              pool.submit(() -> serve(s));
            } catch (IOException closed) {
              return;
            }
          }
        });
  }

  @AfterEach
  void stop() throws IOException {
    socket.close();
    pool.shutdownNow();
  }

  private String url() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  /** Reads a request (headers and a Content-Length body), then answers as {@link #mode} says. */
  private void serve(Socket s) {
    try (s;
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream()) {
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int c = in.read();
        if (c < 0) {
          return;
        }
        head.append((char) c);
      }
      for (String line : head.toString().split("\r\n")) {
        if (line.toLowerCase().startsWith("content-length:")) {
          in.readNBytes(Integer.parseInt(line.substring(15).trim()));
        }
      }
      switch (mode) {
        case "trickle" -> {
          out.write(
              ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          for (int i = 0; i < 100_000; i++) {
            out.write(' ');
            out.flush();
            Thread.sleep(200);
          }
        }
        case "chunked" -> {
          out.write(
              ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                      + "Transfer-Encoding: chunked\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          while (true) {
            out.write("1\r\n \r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(20);
          }
        }
        default -> {
          byte[] body = mode.getBytes(StandardCharsets.UTF_8);
          out.write(
              ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                      + body.length
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.write(body);
          out.flush();
        }
      }
    } catch (IOException | InterruptedException gone) {
      // The client gave up: what it should do.
    }
  }

  private Path dashboard() throws IOException {
    Path d = dir.resolve("d.json");
    Files.writeString(
        d,
        "{\"title\":\"vd\",\"panels\":[{\"title\":\"p\",\"targets\":[{\"refId\":\"A\","
            + "\"expr\":\"up\"}]}]}");
    return d;
  }

  private static CliRun timed(Duration within, String... args) {
    long begun = System.nanoTime();
    CliRun run = CliRun.of(args);
    assertThat(Duration.ofNanos(System.nanoTime() - begun)).as(run.err()).isLessThan(within);
    return run;
  }

  /** verify of a one-panel dashboard against the stalling server, with a 2 s deadline. */
  private CliRun verifyWithinTwoSeconds() throws IOException {
    CliRun run =
        timed(
            Duration.ofSeconds(30),
            "verify",
            "--dashboard",
            dashboard().toString(),
            "--prometheus",
            url(),
            "--timeout",
            "2s");
    assertThat(run.exit()).as(run.err()).isEqualTo(1);
    return run;
  }

  @Test
  void verifyGivesUpOnATricklingBodyAndSaysTheBodyWasLate() throws Exception {
    CliRun run = verifyWithinTwoSeconds();
    assertThat(run.err())
        .contains("no whole reply from " + url() + "/api/v1/query_range within 2s")
        .contains("the headers came, the body did not end");
  }

  @Test
  void verifyGivesUpOnAChunkedBodyThatNeverEnds() throws Exception {
    mode = "chunked";
    assertThat(verifyWithinTwoSeconds().err()).contains("the headers came, the body did not end");
  }

  @Test
  void backfillAndPushGiveUpOnATricklingServer() throws Exception {
    String scenario = ProjectFiles.example("scenario.yaml").toString();
    CliRun backfill =
        timed(
            Duration.ofSeconds(60),
            "backfill",
            "-f",
            scenario,
            "--remote-write",
            url() + "/api/v1/write",
            "--at",
            "-10m",
            "--max-attempts",
            "1",
            "--timeout",
            "2s",
            "--checkpoint",
            dir.resolve("c").toString());
    assertThat(backfill.exit()).as(backfill.err()).isEqualTo(1);
    assertThat(backfill.err())
        .contains("no whole reply from " + url() + "/api/v1/write within 2s")
        .contains("the body did not end");
    // The Pushgateway's client, with one attempt (push retries for minutes, as it should).
    io.metricgen.engine.push.PushgatewayClient push =
        new io.metricgen.engine.push.PushgatewayClient(
            java.net.URI.create(url()),
            io.metricgen.engine.transport.HttpSettings.builder()
                .timeout(Duration.ofSeconds(2))
                .build(),
            new io.metricgen.engine.transport.Retrier(
                1, Duration.ofMillis(10), Duration.ofMillis(10), (n, r, w) -> {}));
    long begun = System.nanoTime();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                push.post(
                    new io.metricgen.engine.push.GroupingKey("j", java.util.Map.of()),
                    "x 1\n".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("no whole reply from " + url() + "/metrics/job/j within 2s")
        .hasMessageContaining("the body did not end")
        .hasMessageNotContaining("cannot reach");
    assertThat(Duration.ofNanos(System.nanoTime() - begun)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void verifyCallsAWrongShapeOfDataAnErrorNotAnEmptyPanel() throws Exception {
    for (String[] reply :
        new String[][] {
          {"{\"status\":\"success\",\"data\":null}", "answered success with no data"},
          {
            "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"1\"]}}",
            "answered success with a scalar result where Prometheus gives matrix"
          },
          {
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}",
            "answered success with a vector result where Prometheus gives matrix"
          },
          {
            "{\"status\":\"success\",\"data\":{\"result\":[]}}",
            "answered success with data without a resultType"
          }
        }) {
      mode = reply[0];
      CliRun run =
          CliRun.of("verify", "--dashboard", dashboard().toString(), "--prometheus", url());
      assertThat(run.exit()).as(run.err()).isEqualTo(1);
      assertThat(run.err()).as(reply[0]).contains(reply[1]).doesNotContain("empty");
    }
  }
}
