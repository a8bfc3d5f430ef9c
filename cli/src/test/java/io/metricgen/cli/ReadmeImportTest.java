package io.metricgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.testing.Processes;
import io.metricgen.testing.ProjectFiles;
import io.metricgen.testing.PrometheusServer;
import io.metricgen.testing.PushgatewayServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's import example, run as printed by bash (the CLI from the test classpath instead of
 * the jar, the programs' ports and the file's directory substituted) against the real Pushgateway
 * and Prometheus: both samples arrive. It failed as printed once (a fixed timestamp weeks old, a
 * name the example scenario pushes with another type).
 */
class ReadmeImportTest {

  @TempDir Path dir;

  /** The shell block under "### Import CSV or JSON". */
  static String importBlock() throws Exception {
    String readme = Files.readString(ProjectFiles.root().resolve("README.md"));
    int section = readme.indexOf("### Import CSV or JSON");
    int start = readme.indexOf("```sh\n", section) + 6;
    return readme.substring(start, readme.indexOf("```", start));
  }

  @Test
  void theReadmesImportExampleWorksAsPrinted() throws Exception {
    try (PushgatewayServer pushgateway = PushgatewayServer.start(dir.resolve("pg"));
        PrometheusServer prometheus =
            PrometheusServer.start(
                dir.resolve("data"),
                "global:\n  scrape_interval: 1h\n",
                "--web.enable-remote-write-receiver")) {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String script =
          importBlock()
              .replace(
                  "java -jar cli/target/metricgen.jar",
                  java
                      + " -cp '"
                      + System.getProperty("java.class.path")
                      + "' io.metricgen.cli.Main")
              .replace("http://127.0.0.1:9091", pushgateway.url())
              .replace("http://127.0.0.1:9090", prometheus.url())
              .replace("/tmp/samples.csv", dir.resolve("samples.csv").toString());
      Processes.Result r =
          Processes.run(120, dir, List.of("bash", "-euo", "pipefail", "-c", script));
      assertThat(r.exitCode()).as(r.output()).isZero();
      assertThat(r.output())
          .contains("imported 2 samples: 1 series to the Pushgateway")
          .contains("1 samples over remote write");

      String metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(pushgateway.url() + "/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics).contains("imported_temperature_celsius{").contains("room=\"kitchen\"");
      assertThat(
              prometheus.query("count_over_time(imported_jobs_processed_total[1h])", Instant.now()))
          .hasSize(1);
    }
  }
}
