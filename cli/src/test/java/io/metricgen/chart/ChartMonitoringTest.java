package io.metricgen.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.metricgen.cli.Main;
import io.metricgen.testing.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart watches the operator it installs: a ServiceMonitor kube-prometheus-stack selects, a
 * PrometheusRule whose every alert fires and resolves over a scenario of its metrics (proven with
 * metricgen test-rules and promtool), the operator's dashboard in either dashboard mode; and it
 * works as a subchart (global values).
 */
class ChartMonitoringTest {

  @TempDir Path dir;

  private static GenericKubernetesResource kind(List<HasMetadata> objects, String kind) {
    return objects.stream()
        .filter(o -> o.getKind().equals(kind))
        .map(GenericKubernetesResource.class::cast)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind));
  }

  @Test
  void theChartWorksAsASubchartWithGlobalValues() {
    List<HasMetadata> objects =
        ChartTest.objects(
            ChartTest.render(
                t -> t.set("global.imageRegistry", "registry.example").set("global.foo", "bar")));
    assertThat(ChartTest.all(objects, io.fabric8.kubernetes.api.model.apps.Deployment.class))
        .hasSize(1);
  }

  @Test
  void theServiceMonitorAndRuleCarryTheScrapeLabelsUnlessGivenTheirOwn() {
    List<HasMetadata> objects =
        ChartTest.objects(
            ChartTest.render(
                t -> t.set("serviceMonitor.enabled", true).set("prometheusRule.enabled", true)));
    assertThat(kind(objects, "ServiceMonitor").getMetadata().getLabels())
        .containsEntry("release", "kube-prometheus-stack");
    assertThat(kind(objects, "PrometheusRule").getMetadata().getLabels())
        .containsEntry("release", "kube-prometheus-stack");
    List<HasMetadata> own =
        ChartTest.objects(
            ChartTest.render(
                t ->
                    t.set("serviceMonitor.enabled", true)
                        .set("serviceMonitor.labels.release", "prom")));
    assertThat(kind(own, "ServiceMonitor").getMetadata().getLabels())
        .containsEntry("release", "prom");
  }

  @Test
  void everyAlertOfTheOperatorsRuleFiresAndResolvesUnderPromtool() throws Exception {
    String rendered = ChartTest.render(t -> t.set("prometheusRule.enabled", true));
    String rule =
        java.util.Arrays.stream(rendered.split("(?m)^---\\s*$"))
            .filter(d -> d.contains("kind: PrometheusRule"))
            .findFirst()
            .orElseThrow();
    JsonNode groups = new YAMLMapper().readTree(rule).path("spec").path("groups");
    List<String> alerts = new java.util.ArrayList<>();
    groups.forEach(g -> g.path("rules").forEach(r -> alerts.add(r.path("alert").asText())));
    assertThat(alerts)
        .containsExactly(
            "MetricgenOperatorDown",
            "MetricgenReconciliationsFailing",
            "MetricgenBackfillFailed",
            "MetricgenDashboardsWithoutData");
    Path rules = dir.resolve("operator-rule.yaml");
    Files.writeString(rules, rule);
    Path scenario =
        ProjectFiles.root().resolve("cli/src/test/resources/chart/operator-alerts.yaml");
    // Every alert has its window in the scenario's expect: list, and none other fires.
    String expect = Files.readString(scenario);
    for (String alert : alerts) {
      assertThat(expect).contains("  - " + alert + " firing ");
    }
    int exit;
    picocli.CommandLine cli = Main.commandLine();
    java.io.StringWriter text = new java.io.StringWriter();
    cli.setOut(new java.io.PrintWriter(text, true));
    cli.setErr(new java.io.PrintWriter(text, true));
    exit =
        cli.execute(
            "test-rules",
            "-f",
            scenario.toString(),
            "--rules",
            rules.toString(),
            "-o",
            dir.resolve("test.yaml").toString());
    assertThat(exit).as(text.toString()).isZero();
    assertThat(text.toString()).contains("promtool test rules: passed");
  }

  @Test
  void theOperatorsDashboardShipsInEitherDashboardMode() throws Exception {
    JsonNode dashboard =
        new ObjectMapper()
            .readTree(ProjectFiles.root().resolve("dashboards/metricgen-operator.json").toFile());
    assertThat(
            Files.readString(
                ProjectFiles.root().resolve("helm/metricgen/files/metricgen-operator.json")))
        .as("the chart's copy of dashboards/metricgen-operator.json")
        .isEqualTo(
            Files.readString(ProjectFiles.root().resolve("dashboards/metricgen-operator.json")));

    List<HasMetadata> sidecar = ChartTest.objects(ChartTest.render(t -> t));
    ConfigMap cm =
        ChartTest.all(sidecar, ConfigMap.class).stream()
            .filter(c -> c.getMetadata().getName().equals("metricgen-operator-dashboard"))
            .findFirst()
            .orElseThrow();
    assertThat(cm.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(new ObjectMapper().readTree(cm.getData().get("metricgen-operator.json")))
        .isEqualTo(dashboard);

    List<HasMetadata> operator =
        ChartTest.objects(ChartTest.render(t -> t.set("dashboards.mode", "grafanaOperator")));
    GenericKubernetesResource gd = kind(operator, "GrafanaDashboard");
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) gd.getAdditionalProperties().get("spec");
    assertThat(spec)
        .containsEntry("instanceSelector", Map.of("matchLabels", Map.of("dashboards", "grafana")));
    assertThat(new ObjectMapper().readTree((String) spec.get("json"))).isEqualTo(dashboard);

    List<HasMetadata> off =
        ChartTest.objects(ChartTest.render(t -> t.set("operatorDashboard.enabled", false)));
    assertThat(ChartTest.all(off, ConfigMap.class)).isEmpty();
  }
}
