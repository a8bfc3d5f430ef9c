package io.metricgen.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.operator.model.Backfill;
import io.metricgen.operator.model.BackfillSpec;
import io.metricgen.operator.model.BackfillStatus;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorStatus;
import io.metricgen.operator.model.RemoteWriteTarget;
import io.metricgen.testing.ProjectFiles;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Backfill's objects, called directly: what the cluster gets, field by field. */
class BackfillObjectsTest {

  static final Instant NOW = Instant.parse("2026-11-30T12:00:00.123456Z");

  static Backfill example() {
    String text = ScenarioLoader.readFile(ProjectFiles.example("backfill.yaml"));
    Backfill bf = ScenarioLoader.parse("backfill.yaml", text, Backfill.class);
    bf.getMetadata().setNamespace("shop");
    bf.getMetadata().setUid("uid-bf");
    return bf;
  }

  static BackfillRun run(Backfill bf) {
    return BackfillRun.of(bf, null, OperatorConfig.DEFAULT, NOW);
  }

  @Test
  void theRangeResolvesOnceToWholeSecondsAndReadsBackFromStatus() {
    Backfill bf = example();
    BackfillRun first = run(bf);
    assertThat(first.start()).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
    assertThat(first.end()).isEqualTo(Instant.parse("2026-11-30T12:00:00Z"));

    bf.setStatus(new BackfillStatus());
    bf.getStatus().start = "2026-11-23T12:00:00Z";
    bf.getStatus().end = "2026-11-30T12:00:00Z";
    BackfillRun later = BackfillRun.of(bf, null, OperatorConfig.DEFAULT, NOW.plusSeconds(86_400));
    assertThat(later.start()).isEqualTo(first.start());
    assertThat(later.hash()).isEqualTo(first.hash());
  }

  @Test
  void theJobIsIndexedWithOnePodPerShardRestrictedAndOwned() {
    Backfill bf = example();
    Job job = BackfillObjects.job(run(bf), OperatorConfig.DEFAULT);
    assertThat(job.getMetadata().getName()).isEqualTo("checkout-last-week-backfill");
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("Backfill");
              assertThat(o.getUid()).isEqualTo("uid-bf");
              assertThat(o.getController()).isTrue();
            });
    assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
    assertThat(job.getSpec().getCompletions()).isEqualTo(2);
    assertThat(job.getSpec().getParallelism()).isEqualTo(2);
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(6);
    // Bad input and refusals fail the Job at once; evictions don't count.
    assertThat(job.getSpec().getPodFailurePolicy().getRules().get(0).getAction())
        .isEqualTo("FailJob");
    assertThat(job.getSpec().getPodFailurePolicy().getRules().get(0).getOnExitCodes().getValues())
        .containsExactly(2, 3);
    assertThat(job.getSpec().getPodFailurePolicy().getRules().get(1).getAction())
        .isEqualTo("Ignore");

    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("checkout-last-week-backfill");
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    Container c = pod.getContainers().get(0);
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getCommand()).containsExactly("metricgen");
    assertThat(c.getArgs())
        .containsExactly(
            "backfill",
            "--file=/etc/metricgen/scenario.yaml",
            "--remote-write=http://prometheus-operated.monitoring.svc:9090/api/v1/write",
            "--wait-for-receiver=5m",
            "--start=2026-11-23T12:00:00Z",
            "--end=2026-11-30T12:00:00Z",
            "--shards=2",
            "--checkpoint-configmap=checkout-last-week-backfill-shard");
    assertThat(job.getMetadata().getAnnotations())
        .containsEntry(BackfillObjects.START_ANNOTATION, "2026-11-23T12:00:00Z")
        .containsEntry(BackfillObjects.RUN_ANNOTATION, run(bf).hash());
  }

  @Test
  void thePodsMayReadAndUpdateTheirCheckpointsByNameAndNothingElse() {
    Backfill bf = example();
    List<HasMetadata> all = BackfillObjects.all(run(bf), OperatorConfig.DEFAULT);
    assertThat(all)
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .containsExactly(
            "ConfigMap/checkout-last-week-backfill-scenario",
            "ConfigMap/checkout-last-week-backfill-shard-0",
            "ConfigMap/checkout-last-week-backfill-shard-1",
            "ServiceAccount/checkout-last-week-backfill",
            "Role/checkout-last-week-backfill",
            "RoleBinding/checkout-last-week-backfill",
            "Job/checkout-last-week-backfill");
    Role role = BackfillObjects.role(run(bf));
    assertThat(role.getRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getResources()).containsExactly("configmaps");
              assertThat(r.getResourceNames())
                  .containsExactly(
                      "checkout-last-week-backfill-shard-0", "checkout-last-week-backfill-shard-1");
              assertThat(r.getVerbs()).containsExactly("get", "update", "patch");
            });
  }

  @Test
  void credentialsComeFromSecretsThroughTheEnvironmentNeverTheArguments() {
    Backfill bf = example();
    RemoteWriteTarget t = bf.getSpec().target;
    t.basicAuth = new RemoteWriteTarget.BasicAuth();
    t.basicAuth.username = "checkout";
    t.basicAuth.passwordSecretRef = new SecretKeySelector("password", "rw-credentials", false);
    t.ca = new RemoteWriteTarget.CaSource();
    t.ca.configMapKeyRef = new ConfigMapKeySelector("ca.pem", "rw-ca", false);
    t.headers.put("X-Scope-OrgID", "team-checkout");
    Job job = BackfillObjects.job(run(bf), OperatorConfig.DEFAULT);
    Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getArgs())
        .contains(
            "--header=X-Scope-OrgID=team-checkout",
            "--basic-auth-user=checkout",
            "--basic-auth-password-env=METRICGEN_BASIC_AUTH_PASSWORD",
            "--ca-file=/etc/metricgen/ca/ca.crt");
    EnvVar password = c.getEnv().get(0);
    assertThat(password.getName()).isEqualTo("METRICGEN_BASIC_AUTH_PASSWORD");
    assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("rw-credentials");
    assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
    assertThat(job.getSpec().getTemplate().getSpec().getVolumes())
        .anySatisfy(
            v -> {
              assertThat(v.getConfigMap().getName()).isEqualTo("rw-ca");
              assertThat(v.getConfigMap().getItems().get(0).getKey()).isEqualTo("ca.pem");
            });
  }

  @Test
  void theRunHashChangesWithWhatTheJobRunsButNotWithTheTtl() {
    Backfill bf = example();
    String hash = run(bf).hash();
    bf.getSpec().ttl = "3h";
    assertThat(run(bf).hash()).isEqualTo(hash);
    bf.getSpec().shards = 3;
    assertThat(run(bf).hash()).isNotEqualTo(hash);
  }

  @Test
  void aRangeResolvedOnceStaysValidAndAnEditOfItIsANewRun() {
    Backfill bf = example();
    bf.getSpec().start = "-7d";
    bf.getSpec().end = "2026-11-29T00:00:00Z";
    bf.setStatus(new BackfillStatus());
    bf.getStatus().start = "2026-11-22T00:00:00Z";
    bf.getStatus().end = "2026-11-29T00:00:00Z";
    String hash = run(bf).hash();
    // Ten days later "-7d" is after the end, but the range was resolved when it wasn't.
    io.metricgen.operator.BackfillValidator.validate(
        bf, null, io.metricgen.engine.load.SourceMap.NONE, NOW.plusSeconds(10 * 86_400));
    bf.getSpec().start = "-6d";
    assertThat(run(bf).hash()).isNotEqualTo(hash);
  }

  @Test
  void aHistoryContinuesTheGeneratorsSeriesFromItsEpoch() {
    MetricGenerator mg = DesiredStateTest.example("metricgenerator-history.yaml");
    Instant epoch = History.epoch(mg, null, NOW);
    assertThat(epoch).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
    mg.setStatus(new MetricGeneratorStatus());
    mg.getStatus().epoch = epoch.toString();

    Backfill history = History.backfill(mg, epoch);
    assertThat(history.getMetadata().getName()).isEqualTo("checkout-mr-124-history");
    assertThat(history.getMetadata().getOwnerReferences().get(0).getKind())
        .isEqualTo("MetricGenerator");
    assertThat(history.getSpec().metricGeneratorRef.name).isEqualTo("checkout-mr-124");
    assertThat(history.getSpec().start).isEqualTo("2026-11-23T12:00:00Z");
    assertThat(history.getSpec().end).isEqualTo("2026-11-30T12:00:00Z");

    history.getMetadata().setUid("uid-h");
    BackfillRun run = BackfillRun.of(history, mg, OperatorConfig.DEFAULT, NOW.plusSeconds(60));
    // The labels the Pushgateway puts on the live series, and the generator's own scenario.
    assertThat(BackfillObjects.args(run))
        .contains(
            "--label=job=metricgen",
            "--label=namespace=team-a",
            "--label=metricgenerator=checkout-mr-124");
    assertThat(run.scenarioYaml())
        .isEqualTo(
            GeneratorObjects.scenario(mg, mg.getSpec().scenario).getData().get("scenario.yaml"));
    // The generator counts from the same time 0.
    assertThat(GeneratorObjects.args(mg)).contains("--epoch=2026-11-23T12:00:00Z");
    assertThat(GeneratorObjects.args(mg))
        .contains("--job=metricgen", "--grouping=namespace=team-a");
    // A status recorded earlier wins over now.
    assertThat(History.epoch(mg, null, NOW.plusSeconds(3600))).isEqualTo(epoch);
    BackfillSpec spec = history.getSpec();
    assertThat(spec.scenario).isNull();
  }
}
