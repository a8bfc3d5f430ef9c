package io.metricgen.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.testing.ProjectFiles;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Desired state, called directly: the exact objects a resource yields. */
class DesiredStateTest {

  static MetricGenerator example(String file) {
    String text = ScenarioLoader.readFile(ProjectFiles.example(file));
    MetricGenerator mg = ScenarioLoader.parse(file, text, MetricGenerator.class);
    mg.getMetadata().setNamespace("team-a");
    mg.getMetadata().setUid("uid-1");
    return mg;
  }

  static List<HasMetadata> objects(MetricGenerator mg, String existing) throws Exception {
    return DesiredState.of(mg, OperatorConfig.DEFAULT, ref -> null, existing);
  }

  @Test
  void anEditedScenarioChangesTheConfigMapAndNotTheGeneratorOrItsHistorySeam() throws Exception {
    MetricGenerator mg = example("metricgenerator-history.yaml");
    mg.setStatus(new io.metricgen.operator.model.MetricGeneratorStatus());
    mg.getStatus().epoch = "2026-11-28T00:00:00Z";
    HasMetadata before = GeneratorObjects.workload(mg, OperatorConfig.DEFAULT);
    String scenarioBefore =
        GeneratorObjects.scenario(mg, mg.getSpec().scenario).getData().get("scenario.yaml");

    ((com.fasterxml.jackson.databind.node.ObjectNode) mg.getSpec().scenario.get("metrics").get(0))
        .put("help", "Edited.")
        .putObject("rate")
        .put("constant", 99);

    // The pod template is the same, so nothing rolls out: the generator runs on, from the same
    // epoch, and reads the new scenario from its ConfigMap.
    assertThat(GeneratorObjects.workload(mg, OperatorConfig.DEFAULT)).isEqualTo(before);
    assertThat(
            ((io.fabric8.kubernetes.api.model.apps.Deployment) before)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getArgs())
        .contains("--epoch=2026-11-28T00:00:00Z", "--watch");
    assertThat(GeneratorObjects.scenario(mg, mg.getSpec().scenario).getData().get("scenario.yaml"))
        .isNotEqualTo(scenarioBefore)
        .contains("constant: 99");
  }

  @Test
  void theQuickstartGetsAPushgatewayAGeneratorAndAScrapeJob() throws Exception {
    MetricGenerator mg = example("metricgenerator-quickstart.yaml");
    List<HasMetadata> objects = objects(mg, null);
    assertThat(objects)
        .extracting(
            o ->
                o.getKind()
                    + "/"
                    + o.getMetadata().getNamespace()
                    + "/"
                    + o.getMetadata().getName())
        .containsExactly(
            "Deployment/team-a/quickstart-pushgateway",
            "Service/team-a/quickstart-pushgateway",
            "ConfigMap/team-a/quickstart-scenario",
            "Deployment/team-a/quickstart-generator",
            "Secret/monitoring/additional-scrape-configs");
    for (HasMetadata o : objects.subList(0, 4)) {
      assertThat(o.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getKind()).isEqualTo("MetricGenerator");
                assertThat(r.getName()).isEqualTo("quickstart");
                assertThat(r.getUid()).isEqualTo("uid-1");
                assertThat(r.getController()).isTrue();
              });
      assertThat(o.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/instance", "quickstart")
          .containsEntry("app.kubernetes.io/managed-by", "metricgen-operator");
    }
    Deployment pushgateway = (Deployment) objects.get(0);
    assertRestricted(pushgateway.getSpec().getTemplate().getSpec());
    var container = pushgateway.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("prom/pushgateway:v1.10.0");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/-/ready");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/-/healthy");
    assertThat(((Service) objects.get(1)).getSpec().getPorts().get(0).getPort()).isEqualTo(9091);

    Deployment generator = (Deployment) objects.get(3);
    assertRestricted(generator.getSpec().getTemplate().getSpec());
    assertThat(generator.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsExactly(
            "push",
            "--file=/etc/metricgen/scenario.yaml",
            "--watch",
            "--incidents=/etc/metricgen/incidents.yaml",
            "--pushgateway=http://quickstart-pushgateway.team-a.svc:9091",
            "--wait-for-receiver=5m",
            "--job=metricgen",
            "--grouping=namespace=team-a",
            "--grouping=metricgenerator=quickstart",
            "--delete-on-exit");

    String scenario = ((ConfigMap) objects.get(2)).getData().get("scenario.yaml");
    assertThat(
            ScenarioLoader.parse("cm", scenario, io.metricgen.engine.model.Scenario.class).metrics)
        .hasSize(3);

    JsonNode jobs =
        new YAMLMapper()
            .readTree(
                ((Secret) objects.get(4)).getStringData().get("additional-scrape-configs.yaml"));
    assertThat(jobs).hasSize(1);
    assertThat(jobs.get(0).path("job_name").asText()).isEqualTo("metricgen/team-a/quickstart");
    assertThat(jobs.get(0).path("honor_labels").asBoolean()).isTrue();
    assertThat(jobs.get(0).path("static_configs").get(0).path("targets").get(0).asText())
        .isEqualTo("quickstart-pushgateway.team-a.svc:9091");
  }

  @Test
  void aDurationMakesTheGeneratorAJobAndAnExternalPushgatewayNeedsNoScrapeJob() throws Exception {
    MetricGenerator mg = example("metricgenerator-quickstart.yaml");
    mg.getSpec().pushgateway.managed = false;
    mg.getSpec().pushgateway.url = "http://pg.monitoring:9091";
    mg.getSpec().generator = new io.metricgen.operator.model.MetricGeneratorSpec.GeneratorSpec();
    mg.getSpec().generator.duration = "2h";
    List<HasMetadata> objects = objects(mg, null);
    assertThat(objects).extracting(HasMetadata::getKind).containsExactly("ConfigMap", "Job");
    Job job = (Job) objects.get(1);
    assertRestricted(job.getSpec().getTemplate().getSpec());
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("OnFailure");
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .contains("--pushgateway=http://pg.monitoring:9091", "--duration=2h");
  }

  @Test
  void aPreviewPrefixesTitlesAndSuffixesUids() throws Exception {
    MetricGenerator mg = example("metricgenerator-preview.yaml");
    ConfigMap cm =
        (ConfigMap)
            objects(mg, null).stream()
                .filter(o -> o.getMetadata().getName().contains("dashboard"))
                .findFirst()
                .orElseThrow();
    assertThat(cm.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(cm.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Previews");
    JsonNode dashboard = new ObjectMapper().readTree(cm.getData().get("checkout.json"));
    assertThat(dashboard.path("title").asText()).isEqualTo("[mr-123] Checkout overview");
    assertThat(dashboard.path("uid").asText()).isEqualTo("checkout-overview-mr-123");
    assertThat(dashboard.path("panels")).hasSize(1);
  }

  @Test
  void previewUidsOfLongNamesStayValidAndUnique() {
    String longA = "team-payments-checkout-overview-production-eu-west-1";
    String longB = "team-payments-checkout-overview-production-eu-west-2";
    String id = "mr-123456789012345678901234567"; // 30 characters, the most an id may have
    Set<String> uids = new HashSet<>();
    for (String uid : List.of(longA, longB, "short", "with spaces/and:colons", longA + "x")) {
      for (String preview : List.of("mr-1", id)) {
        String p = DashboardObjects.previewUid(uid, preview);
        assertThat(p).matches("^[a-zA-Z0-9_-]{1,40}$").endsWith("-" + preview);
        assertThat(uids.add(p)).as("unique: %s", p).isTrue();
      }
    }
    assertThat(DashboardObjects.previewUid("short", "mr-1")).isEqualTo("short-mr-1");
  }

  @Test
  void theScrapeSecretKeepsForeignEntriesReplacesItsOwnAndRefusesWhatItCantParse()
      throws Exception {
    MetricGenerator mg = example("metricgenerator-quickstart.yaml");
    String existing =
        "- job_name: node\n  static_configs:\n  - targets: ['node:9100']\n"
            + "- job_name: metricgen/team-a/quickstart\n  honor_labels: false\n";
    String merged = ScrapeConfig.withJob(existing, ScrapeConfig.job(mg));
    JsonNode jobs = new YAMLMapper().readTree(merged);
    assertThat(jobs).hasSize(2);
    assertThat(jobs.get(0)).isEqualTo(new YAMLMapper().readTree(existing).get(0));
    assertThat(jobs.get(1).path("honor_labels").asBoolean()).isTrue();
    assertThat(
            new YAMLMapper()
                .readTree(ScrapeConfig.withoutJob(merged, "metricgen/team-a/quickstart")))
        .containsExactly(jobs.get(0));
    assertThatThrownBy(() -> ScrapeConfig.withJob("job_name: [unclosed", ScrapeConfig.job(mg)))
        .isInstanceOf(ScrapeConfig.UnparsableException.class)
        .hasMessageStartingWith("is not YAML");
    assertThatThrownBy(() -> ScrapeConfig.withJob("global: {}\n", ScrapeConfig.job(mg)))
        .hasMessage("is not a YAML list of scrape configs");
  }

  @Test
  void namesAndValuesCannotInjectYamlIntoTheScrapeSecret() throws Exception {
    MetricGenerator mg = example("metricgenerator-quickstart.yaml");
    mg.getSpec().scrapeConfig =
        new io.metricgen.operator.model.MetricGeneratorSpec.ScrapeConfigSpec();
    mg.getSpec().scrapeConfig.interval =
        "15s\n- job_name: evil\n  static_configs: [{targets: ['x']}]";
    JsonNode jobs = new YAMLMapper().readTree(ScrapeConfig.withJob(null, ScrapeConfig.job(mg)));
    assertThat(jobs).hasSize(1);
    assertThat(jobs.get(0).path("scrape_interval").asText()).startsWith("15s\n- job_name: evil");
  }

  private static void assertRestricted(PodSpec pod) {
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    for (var c : pod.getContainers()) {
      assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    }
  }
}
