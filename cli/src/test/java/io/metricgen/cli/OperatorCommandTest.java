package io.metricgen.cli;

import static io.metricgen.testing.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.operator.controller.MetricgenOperator;
import io.metricgen.testing.MockCluster;
import io.metricgen.testing.ProjectFiles;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code metricgen operator} on the mock API server: its options, health and metrics. */
class OperatorCommandTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private final OperatorCommand command = new OperatorCommand();

  @Test
  void servesHealthReadinessAndItsOwnMetricsWhileReconciling() throws Exception {
    try (MockCluster cluster = new MockCluster()) {
      cluster.namespace("team-a");
      cluster.namespace("monitoring");
      new CommandLine(command)
          .parseArgs(
              "--namespace=team-a", "--scrape-secret=monitoring/scrape", "--listen=127.0.0.1:0");
      MetricgenOperator.Settings parsed = command.settings();
      assertThat(parsed.namespaces()).isEqualTo(Set.of("team-a"));
      assertThat(parsed.config().scrapeSecretName()).isEqualTo("scrape");
      // The command's own settings, as it runs them in a cluster: one write path.
      MetricgenOperator.Settings settings = parsed;
      AtomicInteger exit = new AtomicInteger(-1);
      Thread running =
          new Thread(
              () -> {
                try {
                  exit.set(
                      command.run(
                          cluster.client(), settings, new InetSocketAddress("127.0.0.1", 0)));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      running.start();
      await(() -> command.port > 0 && status("/readyz") == 200, "/readyz to answer 200");
      assertThat(status("/healthz")).isEqualTo(200);

      String text =
          ScenarioLoader.readFile(ProjectFiles.example("metricgenerator-quickstart.yaml"));
      cluster.client().resource(text).inNamespace("team-a").create();
      await(
          () ->
              cluster.client().secrets().inNamespace("monitoring").withName("scrape").get() != null,
          "the scrape job in the configured Secret");
      await(
          () ->
              body("/metrics")
                  .contains("metricgen_operator_reconciliation_duration_seconds_bucket"),
          "a reconciliation's duration in /metrics");
      assertThat(body("/metrics"))
          .contains("metricgen_operator_reconciliations_total{retry=\"false\"}");

      command.stop.countDown();
      running.join(10_000);
      assertThat(exit.get()).isZero();
    }
  }

  @Test
  void aMalformedScrapeSecretOptionIsBadInput() {
    CliRun run = CliRun.of("operator", "--scrape-secret=additional-scrape-configs");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "--scrape-secret: expected NAMESPACE/NAME like monitoring/additional-scrape-configs,"
                + " got additional-scrape-configs");
  }

  private int status(String path) {
    try {
      return http.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.io.IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private String body(String path) {
    try {
      return http.send(request(path), HttpResponse.BodyHandlers.ofString()).body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + command.port + path)).build();
  }

  @Test
  void withoutAClusterItSaysWhichConfigAndServerInOneSentenceWithinSeconds(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    java.nio.file.Path kubeconfig = dir.resolve("kubeconfig");
    java.nio.file.Files.writeString(
        kubeconfig,
        "apiVersion: v1\nkind: Config\ncurrent-context: dead\n"
            + "clusters: [{name: dead, cluster: {server: 'https://127.0.0.1:"
            + port
            + "'}}]\n"
            + "contexts: [{name: dead, context: {cluster: dead, user: u}}]\n"
            + "users: [{name: u, user: {token: t}}]\n");
    String before = System.getProperty("kubeconfig");
    System.setProperty("kubeconfig", kubeconfig.toString());
    try {
      long begun = System.nanoTime();
      CliRun run = CliRun.of("operator", "--listen=127.0.0.1:0");
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - begun))
          .isLessThan(java.time.Duration.ofSeconds(15));
      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err().strip().split("\n")).hasSize(1);
      assertThat(run.err())
          .startsWith(
              "error: cannot reach the Kubernetes API server at https://127.0.0.1:"
                  + port
                  + "/ (from the kubeconfig "
                  + kubeconfig
                  + ")")
          .contains("Run the operator in a pod, or where a kubeconfig");
    } finally {
      if (before == null) {
        System.clearProperty("kubeconfig");
      } else {
        System.setProperty("kubeconfig", before);
      }
    }
  }
}
