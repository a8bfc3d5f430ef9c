package io.metricgen.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.metricgen.testing.ProjectFiles;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** deploy/operator.yaml: least privilege, a restricted pod, and arguments the command takes. */
class DeployManifestTest {

  private final List<HasMetadata> objects = load();

  @Test
  void theScrapeSecretIsTheOnlySecretItCanReadOrChange() {
    for (HasMetadata o : objects) {
      if (o instanceof ClusterRole role) {
        assertThat(role.getRules())
            .allSatisfy(r -> assertThat(r.getResources()).doesNotContain("secrets", "*"));
      }
    }
    Role role =
        objects.stream()
            .filter(Role.class::isInstance)
            .map(Role.class::cast)
            .filter(r -> r.getMetadata().getName().equals("metricgen-scrape-config"))
            .findFirst()
            .orElseThrow();
    assertThat(role.getMetadata().getNamespace()).isEqualTo("monitoring");
    PolicyRule readWrite =
        role.getRules().stream()
            .filter(r -> r.getVerbs().contains("get"))
            .findFirst()
            .orElseThrow();
    assertThat(readWrite.getResourceNames()).containsExactly("additional-scrape-configs");
    assertThat(readWrite.getVerbs()).containsExactlyInAnyOrder("get", "update");
  }

  @Test
  void theOperatorMayMakeEveryObjectOfABackfillAndGrantItsPodsNothingItLacks() {
    ClusterRole role = only(ClusterRole.class);
    io.metricgen.operator.model.Backfill bf =
        io.metricgen.engine.load.ScenarioLoader.parse(
            "backfill.yaml",
            io.metricgen.engine.load.ScenarioLoader.readFile(ProjectFiles.example("backfill.yaml")),
            io.metricgen.operator.model.Backfill.class);
    bf.getMetadata().setNamespace("shop");
    var run =
        io.metricgen.operator.desired.BackfillRun.of(
            bf,
            null,
            io.metricgen.operator.desired.OperatorConfig.DEFAULT,
            java.time.Instant.now());
    for (HasMetadata o :
        io.metricgen.operator.desired.BackfillObjects.all(
            run, io.metricgen.operator.desired.OperatorConfig.DEFAULT)) {
      String group = o.getApiVersion().contains("/") ? o.getApiVersion().split("/")[0] : "";
      String resource = o.getPlural();
      assertThat(role.getRules())
          .as("create and delete %s", resource)
          .anySatisfy(
              r -> {
                assertThat(r.getApiGroups()).contains(group);
                assertThat(r.getResources()).contains(resource);
                assertThat(r.getVerbs()).contains("create", "delete");
              });
    }
    // What the pods' Role grants, the operator holds; it needs no escalate or bind.
    PolicyRule granted = io.metricgen.operator.desired.BackfillObjects.role(run).getRules().get(0);
    assertThat(role.getRules())
        .anySatisfy(
            r -> {
              assertThat(r.getResources()).containsAll(granted.getResources());
              assertThat(r.getVerbs()).containsAll(granted.getVerbs());
            });
    assertThat(role.getRules())
        .allSatisfy(r -> assertThat(r.getVerbs()).doesNotContain("escalate", "bind", "*"));
    assertThat(role.getRules())
        .anySatisfy(r -> assertThat(r.getResources()).contains("backfills/status"));
    assertThat(role.getRules())
        .anySatisfy(
            r -> {
              assertThat(r.getResources()).contains("events");
              assertThat(r.getVerbs()).contains("create");
            });
  }

  @Test
  void leaderElectionMayUseLeasesInTheOperatorsNamespaceOnly() {
    Role lease =
        objects.stream()
            .filter(Role.class::isInstance)
            .map(Role.class::cast)
            .filter(r -> r.getMetadata().getName().equals("metricgen-leader-election"))
            .findFirst()
            .orElseThrow();
    assertThat(lease.getMetadata().getNamespace()).isEqualTo("metricgen");
    assertThat(lease.getRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getResources()).containsExactly("leases");
              // What JOSDK checks before it campaigns.
              assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "create", "update");
            });
    assertThat(
            only(Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getArgs())
        .contains("--leader-election");
  }

  @Test
  void theOperatorPodIsRestrictedAndItsArgumentsParse() {
    PodSpec pod = only(Deployment.class).getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var container = pod.getContainers().get(0);
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    List<String> args = container.getArgs();
    assertThat(args.get(0)).isEqualTo("operator");
    var cli = io.metricgen.cli.Main.commandLine();
    var parsed = cli.parseArgs(args.toArray(String[]::new));
    assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("operator");
  }

  private <T> T only(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
  }

  private static List<HasMetadata> load() {
    try {
      String text = Files.readString(ProjectFiles.root().resolve("deploy/operator.yaml"));
      Object loaded = new KubernetesSerialization().unmarshal(text);
      @SuppressWarnings("unchecked")
      List<HasMetadata> list = (List<HasMetadata>) loaded;
      return list;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
