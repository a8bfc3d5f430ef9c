package io.metricgen.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorSpec;
import io.metricgen.testing.LocalPod;
import io.metricgen.testing.Processes;
import io.metricgen.testing.PrometheusServer;
import io.metricgen.testing.PushgatewayServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator container's command and arguments, taken from the rendered workload, run as a local
 * process (the image's {@code metricgen} is this build) against the real Pushgateway scraped by the
 * real Prometheus.
 */
class GeneratorWorkloadTest {

  @Test
  void theRenderedGeneratorPushesTheScenarioIntoPrometheusAndCleansUp(@TempDir Path dir)
      throws Exception {
    try (PushgatewayServer gateway = PushgatewayServer.start(dir.resolve("pg"));
        PrometheusServer prometheus =
            PrometheusServer.start(dir.resolve("prom"), gateway.scrapeConfig())) {
      MetricGenerator mg = DesiredStateTest.example("metricgenerator-quickstart.yaml");
      mg.getSpec().pushgateway.managed = false;
      mg.getSpec().pushgateway.url = gateway.url();
      mg.getSpec().generator = new MetricGeneratorSpec.GeneratorSpec();
      mg.getSpec().generator.duration = "6s";
      List<HasMetadata> objects = DesiredState.of(mg, OperatorConfig.DEFAULT, ref -> null, null);
      ConfigMap scenario = (ConfigMap) objects.get(0);
      Container container =
          ((Job) objects.get(1)).getSpec().getTemplate().getSpec().getContainers().get(0);

      // The ConfigMap's content where the volume would mount it.
      Path mount = Files.createDirectories(dir.resolve("etc-metricgen"));
      for (var e : scenario.getData().entrySet()) {
        Files.writeString(mount.resolve(e.getKey()), e.getValue());
      }
      List<String> command = LocalPod.command(container, "/etc/metricgen", mount);
      Processes.Result r = Processes.run(60, dir, command);
      assertThat(r.exitCode()).as(r.output()).isZero();

      // It pushed step 0 of the scenario: the random walk starts at 40, counters at 0.
      Instant now = Instant.now();
      String selector = "{namespace=\"team-a\",metricgenerator=\"quickstart\",job=\"metricgen\"}";
      assertThat(
              prometheus
                  .query("max_over_time(active_connections" + selector + "[1m])", now)
                  .get(0)
                  .path("value")
                  .get(1)
                  .asText())
          .isEqualTo("40");
      assertThat(
              prometheus
                  .query("count(last_over_time(requests_total" + selector + "[1m]))", now)
                  .get(0)
                  .path("value")
                  .get(1)
                  .asText())
          .isEqualTo("2");
      assertThat(
              prometheus
                  .query(
                      "count(last_over_time(request_duration_seconds_bucket" + selector + "[1m]))",
                      now)
                  .get(0)
                  .path("value")
                  .get(1)
                  .asText())
          .isEqualTo("12");
      // And it deleted its group when its duration ended.
      assertThat(gateway.groups()).isEmpty();
    }
  }
}
