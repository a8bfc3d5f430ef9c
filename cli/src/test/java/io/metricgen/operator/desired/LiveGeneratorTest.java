package io.metricgen.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.testing.LocalPod;
import io.metricgen.testing.PrometheusServer;
import io.metricgen.testing.PushgatewayServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator Deployment's container, run as a local process on a volume laid out and updated as
 * the kubelet does a ConfigMap's, against the real Pushgateway and Prometheus: a MetricGenerator
 * edited in place, and annotated with an incident, changes what one and the same generator pushes,
 * and its counters never reset.
 */
class LiveGeneratorTest {

  @Test
  void anEditedResourceAndAnIncidentReachTheRunningGeneratorThroughItsVolume(@TempDir Path dir)
      throws Exception {
    try (PushgatewayServer gateway = PushgatewayServer.start(dir.resolve("pg"));
        PrometheusServer prometheus =
            PrometheusServer.start(dir.resolve("prom"), gateway.scrapeConfig())) {
      MetricGenerator mg = DesiredStateTest.example("metricgenerator-quickstart.yaml");
      mg.getSpec().pushgateway.managed = false;
      mg.getSpec().pushgateway.url = gateway.url();
      ObjectNode scenario = (ObjectNode) mg.getSpec().scenario;
      scenario.put("interval", "1s");
      List<HasMetadata> objects = DesiredState.of(mg, OperatorConfig.DEFAULT, ref -> null, null);
      ConfigMap configMap = (ConfigMap) objects.get(0);
      Container container =
          objects.stream()
              .filter(o -> o instanceof Deployment)
              .map(o -> (Deployment) o)
              .findFirst()
              .orElseThrow()
              .getSpec()
              .getTemplate()
              .getSpec()
              .getContainers()
              .get(0);
      Path volume = Files.createDirectories(dir.resolve("etc-metricgen"));
      mount(volume, configMap, 1);
      Process generator =
          new ProcessBuilder(LocalPod.command(container, "/etc/metricgen", volume))
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("generator.log").toFile())
              .start();
      try {
        String requests = "requests_total{metricgenerator=\"quickstart\",method=\"GET\"}";
        prometheus.await(
            requests, r -> r.size() == 1 && PrometheusServer.value(r) > 0, Duration.ofSeconds(90));

        // kubectl apply of an edited resource, and kubectl annotate: the operator writes the
        // ConfigMap, the kubelet updates the volume.
        ((ObjectNode) scenario.get("metrics").get(0)).put("rate", 1000);
        mg.getMetadata().setAnnotations(new HashMap<>());
        mg.getMetadata()
            .getAnnotations()
            .put(
                Incidents.ANNOTATION,
                "{\"metric\": \"active_connections\", \"shape\": 5000, \"mode\": \"replace\","
                    + " \"for\": \"6s\"}");
        var incidents = Incidents.of(mg, null, Instant.now());
        mount(
            volume,
            GeneratorObjects.scenario(mg, mg.getSpec().scenario, Incidents.file(mg, incidents)),
            2);

        String connections = "active_connections{metricgenerator=\"quickstart\"}";
        prometheus.await(
            connections, r -> PrometheusServer.value(r) == 5000, Duration.ofSeconds(20));
        prometheus.await(
            "rate(" + requests + "[3s])",
            r -> PrometheusServer.value(r) > 900,
            Duration.ofSeconds(20));
        prometheus.await(
            connections, r -> PrometheusServer.value(r) <= 100, Duration.ofSeconds(20));
        Instant end = Instant.now();
        JsonNode resets =
            prometheus.query("resets(requests_total{metricgenerator=\"quickstart\"}[5m])", end);
        assertThat(resets).hasSize(2);
        for (JsonNode s : resets) {
          assertThat(Double.parseDouble(s.path("value").get(1).asText())).as(s.toString()).isZero();
        }
        assertThat(generator.isAlive()).as("the same generator ran throughout").isTrue();
        assertThat(Files.readString(dir.resolve("generator.log")))
            .contains("applied: ")
            .contains("incident " + incidents.get(0).id + " on active_connections started");
      } finally {
        generator.destroy();
        generator.waitFor();
      }
    }
  }

  /** Lays out the ConfigMap's keys as the kubelet does: a new directory, {@code ..data} swapped. */
  private static void mount(Path volume, ConfigMap configMap, int version) throws Exception {
    Path data = Files.createDirectories(volume.resolve("..v" + version));
    for (var e : configMap.getData().entrySet()) {
      Files.writeString(data.resolve(e.getKey()), e.getValue());
    }
    Path link = volume.resolve("..data_tmp");
    Files.createSymbolicLink(link, Path.of("..v" + version));
    Files.move(link, volume.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
    for (String key : configMap.getData().keySet()) {
      Path file = volume.resolve(key);
      if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(file, Path.of("..data", key));
      }
    }
  }
}
