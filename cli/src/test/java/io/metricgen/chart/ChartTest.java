package io.metricgen.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.metricgen.cli.Main;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.operator.desired.BackfillObjects;
import io.metricgen.operator.desired.BackfillRun;
import io.metricgen.operator.desired.OperatorConfig;
import io.metricgen.operator.model.Backfill;
import io.metricgen.testing.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart, with real Helm in-process: it lints strictly, renders least-privilege RBAC and a
 * restricted operator whose arguments the CLI takes, refuses wrong values with a message, and
 * carries the CRDs of crds/; deploy/operator.yaml is its rendering with the default values.
 */
class ChartTest {

  static final Path CHART = ProjectFiles.root().resolve("helm/metricgen");
  static final Path DEPLOY = ProjectFiles.root().resolve("deploy/operator.yaml");

  private static final String DEPLOY_HEADER =
      "# The metricgen operator, with least-privilege RBAC: the Helm chart helm/metricgen rendered"
          + " with its\n"
          + "# default values into the namespace metricgen (ChartTest checks that they agree;"
          + " regenerate with\n"
          + "# ./mvnw -B test -Dtest=ChartTest -Dmetricgen.regenerate=true). Apply the CRDs first:\n"
          + "#   kubectl apply -f crds/ && kubectl apply -f deploy/operator.yaml\n";

  private static final String NAMESPACE =
      "apiVersion: v1\n"
          + "kind: Namespace\n"
          + "metadata:\n"
          + "  name: metricgen\n"
          + "  labels:\n"
          + "    pod-security.kubernetes.io/enforce: restricted\n";

  static String render(UnaryOperator<TemplateCommand> values) {
    return values
        .apply(new Helm(CHART).template().withName("metricgen").withNamespace("metricgen"))
        .call();
  }

  static List<HasMetadata> objects(String yaml) {
    List<HasMetadata> out = new ArrayList<>();
    for (String doc : yaml.split("(?m)^---\\s*$")) {
      if (doc.lines().anyMatch(l -> l.startsWith("kind:"))) {
        out.add(new KubernetesSerialization().unmarshal(doc));
      }
    }
    return out;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The operator container's arguments. */
  static List<String> args(List<HasMetadata> objects) {
    Deployment deployment = all(objects, Deployment.class).get(0);
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
  }

  static <T> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void theChartLintsStrictly() {
    LintResult lint = new Helm(CHART).lint().strict().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void theChartCarriesTheGeneratedCrds() throws Exception {
    try (Stream<Path> crds = Files.list(ProjectFiles.root().resolve("crds"))) {
      for (Path crd : crds.toList()) {
        Path copy = CHART.resolve("crds").resolve(crd.getFileName());
        assertThat(copy)
            .as(
                "helm/metricgen/crds/%s drifted from crds/; copy it: cp crds/*.yml helm/metricgen/crds/",
                crd.getFileName())
            .hasSameTextualContentAs(crd);
      }
    }
    // Helm installs what is in crds/ before the templates (and never upgrades or deletes it).
    try (Stream<Path> copies = Files.list(CHART.resolve("crds"))) {
      assertThat(
              copies.map(
                  p ->
                      new KubernetesSerialization()
                          .unmarshal(read(p), CustomResourceDefinition.class)
                          .getMetadata()
                          .getName()))
          .containsExactlyInAnyOrder("metricgenerators.metricgen.io", "backfills.metricgen.io");
    }
  }

  @Test
  void byDefaultTheOperatorIsRestrictedWatchesAllNamespacesAndMayMakeWhatItMakes() {
    List<HasMetadata> objects = objects(render(t -> t.skipCrds()));
    Deployment deployment = all(objects, Deployment.class).get(0);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var container = pod.getContainers().get(0);
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    // The chart's default image is the one the operator names for its generators and Backfills.
    assertThat(container.getImage()).isEqualTo(OperatorConfig.DEFAULT.generatorImage());
    List<String> args = container.getArgs();
    assertThat(args)
        .contains("--leader-election", "--leader-election-namespace=metricgen")
        .noneMatch(a -> a.startsWith("--namespace=") || a.startsWith("--scrape-secret"));
    var parsed = Main.commandLine().parseArgs(args.toArray(String[]::new));
    assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("operator");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");

    ClusterRole role = all(objects, ClusterRole.class).get(0);
    assertThat(role.getRules())
        .allSatisfy(r -> assertThat(r.getResources()).doesNotContain("secrets", "*"))
        .allSatisfy(r -> assertThat(r.getVerbs()).doesNotContain("escalate", "bind", "*"));
    Backfill bf =
        ScenarioLoader.parse(
            "backfill.yaml",
            ScenarioLoader.readFile(ProjectFiles.example("backfill.yaml")),
            Backfill.class);
    bf.getMetadata().setNamespace("shop");
    BackfillRun run = BackfillRun.of(bf, null, OperatorConfig.DEFAULT, Instant.now());
    for (HasMetadata o : BackfillObjects.all(run, OperatorConfig.DEFAULT)) {
      String group = o.getApiVersion().contains("/") ? o.getApiVersion().split("/")[0] : "";
      assertThat(role.getRules())
          .as("create and delete %s", o.getPlural())
          .anySatisfy(
              r -> {
                assertThat(r.getApiGroups()).contains(group);
                assertThat(r.getResources()).contains(o.getPlural());
                assertThat(r.getVerbs()).contains("create", "delete");
              });
    }
    PolicyRule granted = BackfillObjects.role(run).getRules().get(0);
    assertThat(role.getRules())
        .anySatisfy(
            r -> {
              assertThat(r.getResources()).containsAll(granted.getResources());
              assertThat(r.getVerbs()).containsAll(granted.getVerbs());
            });

    // The default scrape mode: ServiceMonitors, selected by kube-prometheus-stack's release label.
    assertThat(args)
        .contains("--scrape-mode=serviceMonitor", "--scrape-label=release=kube-prometheus-stack");
    assertThat(role.getRules())
        .anySatisfy(
            r -> {
              assertThat(r.getResources()).containsExactly("servicemonitors");
              assertThat(r.getVerbs()).contains("create", "update", "delete");
            });
    List<Role> roles = all(objects, Role.class);
    assertThat(roles).noneMatch(r -> r.getMetadata().getName().equals("metricgen-scrape-config"));
    Role lease =
        roles.stream()
            .filter(r -> r.getMetadata().getName().equals("metricgen-leader-election"))
            .findFirst()
            .orElseThrow();
    assertThat(lease.getMetadata().getNamespace()).isEqualTo("metricgen");
    assertThat(lease.getRules().get(0).getVerbs())
        .containsExactlyInAnyOrder("get", "create", "update");
    assertThat(objects).noneMatch(o -> o.getKind().equals("ServiceMonitor"));
  }

  @Test
  void aListOfNamespacesGetsRolesInEachAndNoClusterRole() {
    List<HasMetadata> objects =
        objects(
            render(
                t ->
                    t.skipCrds()
                        .set("watchNamespaces[0]", "team-a")
                        .set("watchNamespaces[1]", "team-b")
                        .set("grafana.namespace", "grafana")
                        .set("replicas", 2)
                        .set("serviceMonitor.enabled", true)
                        .set("serviceMonitor.labels.release", "kube-prometheus-stack")
                        .set("scrape.mode", "secret")
                        .set("scrape.secret.name", "extra-scrape")));
    assertThat(all(objects, ClusterRole.class)).isEmpty();
    assertThat(
            all(objects, Role.class).stream()
                .filter(r -> r.getMetadata().getName().equals("metricgen-operator"))
                .map(r -> r.getMetadata().getNamespace()))
        .containsExactlyInAnyOrder("team-a", "team-b", "grafana");
    Deployment deployment = all(objects, Deployment.class).get(0);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(args(objects))
        .contains(
            "--namespace=team-a",
            "--namespace=team-b",
            "--grafana-namespace=grafana",
            "--scrape-secret=monitoring/extra-scrape");
    HasMetadata monitor =
        objects.stream()
            .filter(o -> o.getKind().equals("ServiceMonitor"))
            .findFirst()
            .orElseThrow();
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
  }

  @Test
  void theSecretModeMayReadWatchAndUpdateThatOneSecretAndNoServiceMonitors() {
    List<HasMetadata> objects = objects(render(t -> t.skipCrds().set("scrape.mode", "secret")));
    Role secret =
        all(objects, Role.class).stream()
            .filter(r -> r.getMetadata().getName().equals("metricgen-scrape-config"))
            .findFirst()
            .orElseThrow();
    assertThat(secret.getMetadata().getNamespace()).isEqualTo("monitoring");
    assertThat(secret.getRules().get(0).getResourceNames())
        .containsExactly("additional-scrape-configs");
    assertThat(secret.getRules().get(0).getVerbs())
        .containsExactlyInAnyOrder("get", "list", "watch", "update");
    assertThat(all(objects, ClusterRole.class).get(0).getRules())
        .noneMatch(r -> r.getApiGroups().contains("monitoring.coreos.com"));
    assertThat(args(objects))
        .contains("--scrape-mode=secret", "--scrape-secret=monitoring/additional-scrape-configs")
        .noneMatch(a -> a.startsWith("--scrape-label"));

    List<HasMetadata> scrapeConfigs =
        objects(render(t -> t.skipCrds().set("scrape.mode", "scrapeConfig")));
    assertThat(all(scrapeConfigs, ClusterRole.class).get(0).getRules())
        .anySatisfy(r -> assertThat(r.getResources()).containsExactly("scrapeconfigs"));
  }

  @Test
  void theDashboardModesPassTheirSettingsAndTheGrafanaOperatorModeMayWriteGrafanaDashboards() {
    List<String> sidecar = args(objects(render(t -> t.skipCrds())));
    assertThat(sidecar)
        .contains(
            "--dashboard-mode=sidecar",
            "--dashboard-label=grafana_dashboard=1",
            "--dashboard-folder-annotation=grafana_folder");
    List<HasMetadata> objects =
        objects(
            render(
                t ->
                    t.skipCrds()
                        .set("dashboards.mode", "grafanaOperator")
                        .set("dashboards.grafanaOperator.instanceSelector.dashboards", "team")));
    assertThat(args(objects))
        .contains("--dashboard-mode=grafanaOperator", "--grafana-instance-label=dashboards=team")
        .noneMatch(a -> a.startsWith("--dashboard-label"));
    assertThat(all(objects, ClusterRole.class).get(0).getRules())
        .anySatisfy(r -> assertThat(r.getResources()).containsExactly("grafanadashboards"));
    var parsed = Main.commandLine().parseArgs(args(objects).toArray(String[]::new));
    assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("operator");
  }

  @Test
  void thePanelCheckIsOffByDefaultAndTakesItsPrometheusAndInterval() {
    assertThat(args(objects(render(t -> t.skipCrds()))))
        .noneMatch(a -> a.startsWith("--prometheus-url"));
    List<String> args =
        args(
            objects(
                render(
                    t ->
                        t.skipCrds()
                            .set(
                                "dashboardCheck.prometheusUrl",
                                "http://prometheus-operated.monitoring.svc:9090")
                            .set("dashboardCheck.interval", "2m"))));
    assertThat(args)
        .contains(
            "--prometheus-url=http://prometheus-operated.monitoring.svc:9090",
            "--dashboard-check-interval=2m");
    var parsed = Main.commandLine().parseArgs(args.toArray(String[]::new));
    assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("operator");
    assertThatThrownBy(() -> render(t -> t.set("dashboardCheck.prometheusUrl", "prometheus:9090")))
        .hasMessageContaining("dashboardCheck");
  }

  @Test
  void theResyncIntervalReachesTheOperatorAndAWrongOneIsRefused() {
    assertThat(args(objects(render(t -> t.skipCrds())))).contains("--resync-interval=10m");
    List<String> args = args(objects(render(t -> t.skipCrds().set("resyncInterval", "30m"))));
    assertThat(args).contains("--resync-interval=30m");
    var parsed = Main.commandLine().parseArgs(args.toArray(String[]::new));
    assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("operator");
    assertThatThrownBy(() -> render(t -> t.skipCrds().set("resyncInterval", "ten minutes")))
        .hasMessageContaining("resyncInterval");
  }

  @Test
  void withoutAPrometheusThePanelCheckCanReadEachResourcesScenario() {
    List<String> args =
        args(objects(render(t -> t.skipCrds().set("dashboardCheck.inScenario", "true"))));
    assertThat(args)
        .contains("--check-dashboards-in-scenario", "--dashboard-check-interval=5m")
        .noneMatch(a -> a.startsWith("--prometheus-url"));
    var parsed = Main.commandLine().parseArgs(args.toArray(String[]::new));
    assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("operator");
    // With a Prometheus given, it is the one checked.
    assertThat(
            args(
                objects(
                    render(
                        t ->
                            t.skipCrds()
                                .set("dashboardCheck.inScenario", "true")
                                .set("dashboardCheck.prometheusUrl", "http://p:9090")))))
        .doesNotContain("--check-dashboards-in-scenario");
  }

  @Test
  void wrongValuesAreRefusedWithAMessage() {
    assertThatThrownBy(() -> render(t -> t.set("replicas", "two")))
        .hasMessageContaining("replicas")
        .hasMessageContaining("integer");
    assertThatThrownBy(() -> render(t -> t.set("watchNamespaces[0]", "Team_A")))
        .hasMessageContaining("watchNamespaces");
    assertThatThrownBy(() -> render(t -> t.set("replicas", 2).set("leaderElection", false)))
        .hasMessageContaining("replicas above 1 need leaderElection: true");
    assertThatThrownBy(() -> render(t -> t.set("remoteWrite.url", "prometheus:9090")))
        .hasMessageContaining("remoteWrite");
    assertThatThrownBy(() -> render(t -> t.set("scrape.mode", "podMonitor")))
        .hasMessageContaining("/scrape/mode")
        .hasMessageContaining("serviceMonitor");
  }

  @Test
  void deployOperatorYamlIsTheChartRendered() throws Exception {
    String expected =
        DEPLOY_HEADER
            + NAMESPACE
            + render(TemplateCommand::skipCrds).replaceAll("(?m)^# Source: .*\\n", "");
    if (Boolean.getBoolean("metricgen.regenerate")) {
      Files.writeString(DEPLOY, expected);
    }
    assertThat(Files.readString(DEPLOY))
        .as(
            "deploy/operator.yaml drifted from the chart; regenerate it: ./mvnw -B test -Dtest=ChartTest -Dmetricgen.regenerate=true")
        .isEqualTo(expected);
  }
}
