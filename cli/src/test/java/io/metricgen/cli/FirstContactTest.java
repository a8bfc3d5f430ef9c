package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.engine.transport.FirstContact;
import io.metricgen.testing.ProjectFiles;
import io.metricgen.testing.PrometheusServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newcomer's first mistakes get one sentence within seconds: a receiver that isn't there (it took
 * a minute of ten retries to say ConnectException), a URL without its scheme (a URISyntaxException
 * and 50 lines of usage), a remote-write URL without its path.
 */
class FirstContactTest {

  @TempDir Path dir;

  private final String scenario = ProjectFiles.example("scenario.yaml").toString();

  /** A port nothing listens on. */
  private static int deadPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static CliRun timed(Duration within, String... args) {
    long begun = System.nanoTime();
    CliRun run = CliRun.of(args);
    assertThat(Duration.ofNanos(System.nanoTime() - begun)).as(run.err()).isLessThan(within);
    return run;
  }

  @Test
  void aPushgatewayThatIsNotThereIsSaidAtOnceWithItsUrl() throws Exception {
    String url = "http://127.0.0.1:" + deadPort();
    CliRun run =
        timed(Duration.ofSeconds(10), "push", "-f", scenario, "--pushgateway", url, "--once");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .contains(
            "error: cannot reach the Pushgateway at "
                + url
                + "/metrics/job/metricgen: the connection was refused (nothing listens there)."
                + " Check the URL and that it is running")
        .contains("--wait-for-receiver")
        .doesNotContain("attempt 2")
        .doesNotContain("ConnectException");
  }

  @Test
  void aRemoteWriteReceiverThatIsNotThereIsSaidAtOnce() throws Exception {
    String url = "http://127.0.0.1:" + deadPort() + "/api/v1/write";
    CliRun run =
        timed(
            Duration.ofSeconds(10),
            "backfill",
            "-f",
            scenario,
            "--remote-write",
            url,
            "--at",
            "-1m",
            "--checkpoint",
            dir.resolve("c").toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .contains(
            "cannot reach the remote-write receiver at " + url + ": the connection was refused")
        .doesNotContain("attempt 2");
  }

  @Test
  void waitingForAReceiverRetriesItForThatLong() throws Exception {
    String url = "http://127.0.0.1:" + deadPort();
    long begun = System.nanoTime();
    CliRun run =
        CliRun.of(
            "push", "-f", scenario, "--pushgateway", url, "--once", "--wait-for-receiver", "2s");
    Duration took = Duration.ofNanos(System.nanoTime() - begun);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("attempt 1 failed").contains("waited 2s for it");
    assertThat(took)
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2))
        .isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void aHostNameThatDoesNotResolveIsNamedAsSuch() {
    FirstContact contact = new FirstContact(Duration.ZERO);
    contact.attempt();
    IOException unresolved = new ConnectException();
    unresolved.initCause(new UnresolvedAddressException());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                contact.check(
                    unresolved, URI.create("http://pushgateway.example:9091"), "the Pushgateway"))
        .hasMessageContaining(
            "cannot reach the Pushgateway at http://pushgateway.example:9091: its host name does"
                + " not resolve");
    // A receiver that answered once is retried as before.
    contact.answered();
    contact.check(new ConnectException("Connection refused"), URI.create("http://x:1"), "x");
  }

  @Test
  void aUrlWithoutItsSchemeIsOneSentenceNotTheUsage() {
    CliRun run = CliRun.of("push", "-f", scenario, "--pushgateway", "127.0.0.1:9091", "--once");
    assertThat(run.exit()).isEqualTo(Main.BAD_INPUT);
    assertThat(run.err().strip().split("\n"))
        .containsExactly(
            "error: Invalid value for option '--pushgateway': \"127.0.0.1:9091\" is no URL: write it"
                + " with its scheme, like http://127.0.0.1:9091",
            "(see: metricgen push --help)");
  }

  @Test
  void aRemoteWriteUrlWithoutItsPathGetsThePathAsTheAdvice() throws Exception {
    try (PrometheusServer prometheus =
        PrometheusServer.start(
            dir.resolve("data"),
            "global:\n  scrape_interval: 1h\n",
            "--web.enable-remote-write-receiver")) {
      String base = prometheus.url();
      CliRun run =
          CliRun.backfill(
              scenario, base, "--at", "-1m", "--checkpoint", dir.resolve("c").toString());
      assertThat(run.exit()).as(run.err()).isEqualTo(Main.REFUSED);
      assertThat(run.err())
          .contains("refused the samples with HTTP 405")
          .contains(
              "The URL has no /api/v1/write path: give the receiver's full remote-write URL, like "
                  + base
                  + "/api/v1/write");
    }
  }
}
