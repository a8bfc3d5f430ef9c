package io.metricgen.operator.controller;

import static io.metricgen.testing.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.metricgen.cli.ConfigMapCheckpointStore;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.remotewrite.Checkpoint;
import io.metricgen.engine.remotewrite.CheckpointStore;
import io.metricgen.operator.desired.BackfillObjects;
import io.metricgen.operator.desired.BackfillRun;
import io.metricgen.operator.desired.OperatorConfig;
import io.metricgen.operator.model.Backfill;
import io.metricgen.operator.model.BackfillStatus;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.testing.MockCluster;
import io.metricgen.testing.ProjectFiles;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Backfill through the real operator wiring on the mock API server: its objects, its phases as
 * the Job controller and the shards' checkpoints report them, and its end (deletion, ttl). The
 * tests play the Job controller and the pods, writing checkpoints as the pods' code does.
 */
class BackfillOperatorTest {

  private static final String NS = "shop";
  private static final String NAME = "checkout-last-week";
  private static final String JOB = NAME + "-backfill";

  private MockCluster cluster;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    cluster = new MockCluster();
    client = cluster.client();
    cluster.namespace(NS);
    cluster.startOperator(settings());
  }

  private static MetricgenOperator.Settings settings() {
    return new MetricgenOperator.Settings(
        OperatorConfig.DEFAULT,
        Set.of(NS),
        Clock.systemUTC(),
        Duration.ofMillis(500),
        new PrometheusRegistry());
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  static Backfill example() {
    String text = ScenarioLoader.readFile(ProjectFiles.example("backfill.yaml"));
    Backfill bf = ScenarioLoader.parse("backfill.yaml", text, Backfill.class);
    bf.getMetadata().setNamespace(NS);
    return bf;
  }

  private Backfill get() {
    return cluster.backfill(NS, NAME);
  }

  private Job job() {
    return client.batch().v1().jobs().inNamespace(NS).withName(JOB).get();
  }

  private static Optional<Condition> condition(Backfill bf, String type) {
    return bf == null || bf.getStatus() == null
        ? Optional.empty()
        : bf.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private static boolean has(Backfill bf, String type, String status, String reason) {
    return condition(bf, type)
        .map(c -> status.equals(c.getStatus()) && reason.equals(c.getReason()))
        .orElse(false);
  }

  /** Edits the Backfill's labels, with a merge patch that can't conflict with a status write. */
  private void touch() {
    client
        .resources(Backfill.class)
        .inNamespace(NS)
        .withName(NAME)
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            "{\"metadata\":{\"labels\":{\"touched\":\"yes\"}}}");
  }

  /** The events on the Backfill with this reason, as {@code type: message}. */
  private List<String> events(String reason) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> NAME.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .map(e -> e.getType() + ": " + e.getMessage())
        .toList();
  }

  private static String phase(Backfill bf) {
    return bf == null || bf.getStatus() == null ? null : bf.getStatus().phase;
  }

  /** A shard's checkpoint ConfigMap, through the pods' own code. */
  private CheckpointStore shard(int index) {
    return ConfigMapCheckpointStore.in(client, NS).store(NAME + "-backfill-shard-" + index);
  }

  private Checkpoint checkpoint(int shard) {
    return Checkpoint.open(shard(shard), "run", shard, 0, 100, Duration.ZERO);
  }

  private void setJobStatus(JobStatusBuilder status) {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NS)
        .withName(JOB)
        .editStatus(
            (Job j) -> {
              j.setStatus(status.build());
              return j;
            });
  }

  @Test
  void aBackfillRunsThroughPendingRunningAndSucceededWithProgressFromItsShards() {
    client.resource(example()).create();
    await(() -> job() != null, "the Job");
    await(() -> "Pending".equals(phase(get())), "Pending");
    Backfill pending = get();
    assertThat(pending.getStatus().observedGeneration).isEqualTo(1L);
    assertThat(pending.getStatus().start).isNotNull();
    assertThat(pending.getStatus().shards).hasSize(2);
    assertThat(has(pending, "Ready", "False", "Progressing")).isTrue();

    // The exact Job: what desired state makes of the resource and its recorded range.
    BackfillRun run = BackfillRun.of(pending, null, OperatorConfig.DEFAULT, Instant.EPOCH);
    Job expected = BackfillObjects.job(run, OperatorConfig.DEFAULT);
    Job actual = job();
    assertThat(
            io.fabric8.kubernetes.client.utils.Serialization.asYaml(actual.getSpec().getTemplate()))
        .isEqualTo(
            io.fabric8.kubernetes.client.utils.Serialization.asYaml(
                expected.getSpec().getTemplate()));
    assertThat(actual.getSpec().getCompletionMode()).isEqualTo("Indexed");
    assertThat(actual.getSpec().getCompletions()).isEqualTo(2);
    assertThat(actual.getMetadata().getOwnerReferences().get(0).getUid())
        .isEqualTo(pending.getMetadata().getUid());
    assertThat(actual.getMetadata().getAnnotations())
        .containsEntry(BackfillObjects.START_ANNOTATION, pending.getStatus().start);
    Role role = client.rbac().roles().inNamespace(NS).withName(JOB).get();
    assertThat(role.getRules().get(0).getResourceNames())
        .containsExactly(NAME + "-backfill-shard-0", NAME + "-backfill-shard-1");
    assertThat(client.serviceAccounts().inNamespace(NS).withName(JOB).get()).isNotNull();
    assertThat(client.rbac().roleBindings().inNamespace(NS).withName(JOB).get()).isNotNull();
    assertThat(client.configMaps().inNamespace(NS).withName(NAME + "-backfill-scenario").get())
        .isNotNull();

    // The pods start: shard 0 is half done, shard 1 has begun.
    setJobStatus(new JobStatusBuilder().withActive(2));
    Checkpoint zero = checkpoint(0);
    Checkpoint one = checkpoint(1);
    zero.expect(1000);
    zero.ack(0, 500);
    zero.sliceDone(50);
    one.expect(1000);
    one.sliceDone(10);
    await(() -> "30%".equals(get().getStatus().progress), "30% from the checkpoints");
    BackfillStatus running = get().getStatus();
    assertThat(running.phase).isEqualTo("Running");
    assertThat(running.samplesWritten).isEqualTo(500);
    assertThat(running.samplesTotal).isEqualTo(2000);
    assertThat(running.shards.get(0).progress).isEqualTo("50%");
    assertThat(running.shards.get(0).samplesWritten).isEqualTo(500);
    assertThat(running.shards.get(1).progress).isEqualTo("10%");
    assertThat(running.startTime).isNotNull();
    // More samples within the same percent are not worth a status write; the next percent is.
    cluster.awaitReconciled(() -> zero.ack(0, 7), "seven more samples");
    assertThat(get().getStatus().samplesWritten).isEqualTo(500);
    one.sliceDone(12);
    await(() -> "31%".equals(get().getStatus().progress), "31%");
    assertThat(get().getStatus().samplesWritten).isEqualTo(507);

    zero.sliceDone(100);
    one.sliceDone(100);
    setJobStatus(
        new JobStatusBuilder()
            .withSucceeded(2)
            .withCompletionTime("2026-11-30T12:00:00Z")
            .addNewCondition()
            .withType("Complete")
            .withStatus("True")
            .endCondition());
    await(() -> "Succeeded".equals(phase(get())), "Succeeded");
    Backfill done = get();
    assertThat(done.getStatus().progress).isEqualTo("100%");
    assertThat(done.getStatus().completionTime).isEqualTo("2026-11-30T12:00:00Z");
    assertThat(done.getStatus().estimatedTimeLeft).isNull();
    assertThat(has(done, "Ready", "True", "Succeeded")).isTrue();
    assertThat(has(done, "Degraded", "False", "AsExpected")).isTrue();
    // One event a transition, none for a resource at rest.
    await(() -> events("Succeeded").size() == 1, "the Succeeded event");
    assertThat(events("Succeeded").get(0)).startsWith("Normal: wrote 507 samples over [");
    assertThat(events("Progressing")).isNotEmpty();
    // A restart reconciles every resource at rest again: no second Succeeded event.
    cluster.stopOperator();
    cluster.startOperator(settings());
    cluster.awaitIdle("the passes after a restart");
    assertThat(events("Succeeded")).hasSize(1);
  }

  @Test
  void aShardRefusedForGoodFailsTheBackfillWithTheReceiversWords() {
    client.resource(example()).create();
    await(() -> job() != null, "the Job");
    checkpoint(1)
        .fail("http://prometheus:9090/api/v1/write refused the samples with HTTP 403", true, false);
    failJob();
    await(() -> "Failed".equals(phase(get())), "Failed");
    Backfill failed = get();
    assertThat(failed.getStatus().lastError)
        .isEqualTo(
            "shard 1: http://prometheus:9090/api/v1/write refused the samples with HTTP 403");
    assertThat(failed.getStatus().shards.get(1).error).contains("HTTP 403");
    assertThat(has(failed, "Ready", "False", "BackfillFailed")).isTrue();
    assertThat(has(failed, "Degraded", "True", "BackfillFailed")).isTrue();
  }

  @Test
  void aRangeTooOldForTheTargetSaysWhatToSet() {
    client.resource(example()).create();
    await(() -> job() != null, "the Job");
    // What the shard's preflight writes when Prometheus would refuse the range.
    checkpoint(0)
        .fail(
            "http://prometheus:9090/api/v1/write would refuse this range as too old: ... Set"
                + " out_of_order_time_window to at least 7d1h in its configuration",
            true,
            true);
    failJob();
    await(() -> "Failed".equals(phase(get())), "Failed");
    Backfill failed = get();
    assertThat(has(failed, "Ready", "False", "RangeTooOldForTarget")).isTrue();
    assertThat(condition(failed, "Ready").get().getMessage())
        .startsWith("shard 0: ")
        .contains("out_of_order_time_window to at least 7d1h");
    await(() -> !events("RangeTooOldForTarget").isEmpty(), "a warning event");
    assertThat(events("RangeTooOldForTarget").get(0))
        .startsWith("Warning: shard 0: ")
        .contains("out_of_order_time_window");
  }

  /** Plays the Job controller: the pod failure policy failed the Job. */
  private void failJob() {
    setJobStatus(
        new JobStatusBuilder()
            .withFailed(1)
            .addNewCondition()
            .withType("Failed")
            .withStatus("True")
            .withReason("PodFailurePolicy")
            .endCondition());
  }

  @Test
  void aSpecChangedAfterTheRunStartedIsRefusedAndTheJobStaysAsItWas() {
    client.resource(example()).create();
    await(() -> job() != null, "the Job");
    String template = job().getSpec().getTemplate().toString();

    client
        .resources(Backfill.class)
        .inNamespace(NS)
        .withName(NAME)
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            "{\"spec\":{\"shards\":4}}");
    await(() -> has(get(), "Ready", "False", "SpecChangedAfterStart"), "the refusal");
    Backfill refused = get();
    assertThat(refused.getStatus().observedGeneration).isEqualTo(2L);
    assertThat(condition(refused, "Ready").get().getMessage())
        .contains("delete this Backfill and apply it again");
    assertThat(job().getSpec().getTemplate().toString()).isEqualTo(template);
    assertThat(job().getSpec().getCompletions()).isEqualTo(2);
  }

  @Test
  void theRangeIsResolvedOnceAndAnOperatorRestartKeepsIt() throws Exception {
    client.resource(example()).create();
    await(() -> get().getStatus() != null && get().getStatus().start != null, "the range");
    String start = get().getStatus().start;
    String run = job().getMetadata().getAnnotations().get(BackfillObjects.RUN_ANNOTATION);

    cluster.stopOperator();
    Thread.sleep(1100); // "-7d" now resolves a second later
    cluster.startOperator(settings());
    cluster.awaitIdle("the passes after a restart");
    assertThat(get().getStatus().start).isEqualTo(start);
    assertThat(has(get(), "Degraded", "False", "AsExpected")).isTrue();
    assertThat(job().getMetadata().getAnnotations().get(BackfillObjects.RUN_ANNOTATION))
        .isEqualTo(run);
  }

  @Test
  void anInvalidRangeIsRefusedWithTheFieldAndNothingIsMade() {
    Backfill bf = example();
    bf.getSpec().start = "2026-12-01T00:00:00Z";
    bf.getSpec().end = "2026-11-01T00:00:00Z";
    client.resource(bf).create();
    await(() -> has(get(), "Ready", "False", "InvalidSpec"), "InvalidSpec");
    assertThat(condition(get(), "Ready").get().getMessage())
        .contains("spec.end: must be after start");
    assertThat(job()).isNull();
  }

  @Test
  void aReferenceToAMissingMetricGeneratorWaitsForItAndSaysSo() {
    Backfill bf = example();
    bf.getSpec().scenario = null;
    bf.getSpec().metricGeneratorRef =
        new io.metricgen.operator.model.BackfillSpec.MetricGeneratorRef();
    bf.getSpec().metricGeneratorRef.name = "nowhere";
    client.resource(bf).create();
    await(() -> has(get(), "Ready", "False", "MetricGeneratorNotFound"), "the missing reference");
    assertThat(condition(get(), "Ready").get().getMessage())
        .isEqualTo("spec.metricGeneratorRef: no MetricGenerator nowhere in namespace shop");
    assertThat(get().getStatus().phase).isEqualTo("Pending");
    assertThat(job()).isNull();
  }

  @Test
  void deletionRemovesTheJobAndTheCheckpoints() {
    client.resource(example()).create();
    await(() -> job() != null, "the Job");
    client.resource(get()).delete();
    await(() -> get() == null, "the finalizer to let go");
    assertThat(job()).isNull();
    assertThat(client.configMaps().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.rbac().roles().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.serviceAccounts().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void afterItsTtlTheJobAndCheckpointsGoAndTheResourceStaysExpired() {
    Backfill bf = example();
    bf.getSpec().ttl = "2s";
    client.resource(bf).create();
    await(() -> job() != null, "the Job");
    checkpoint(0).sliceDone(100);
    checkpoint(1).sliceDone(100);
    cluster.finishJob(NS, JOB, "Complete");
    await(() -> "Succeeded".equals(phase(get())), "Succeeded");
    assertThat(get().getStatus().expiresAt).isNotNull();

    await(() -> has(get(), "Expired", "True", "Expired"), "Expired=True");
    Backfill expired = get();
    assertThat(expired.getStatus().phase).isEqualTo("Succeeded");
    assertThat(expired.getStatus().progress).isEqualTo("100%");
    assertThat(has(expired, "Ready", "True", "Succeeded")).isTrue();
    assertThat(job()).isNull();
    assertThat(client.configMaps().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.rbac().roleBindings().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void aMetricGeneratorWithHistoryOwnsABackfillThatEndsWhereItsGeneratorBegins() {
    String text = ScenarioLoader.readFile(ProjectFiles.example("metricgenerator-history.yaml"));
    MetricGenerator mg = ScenarioLoader.parse("history", text, MetricGenerator.class);
    mg.getMetadata().setNamespace(NS);
    client.resource(mg).create();
    String name = "checkout-mr-124-history";
    await(() -> cluster.backfill(NS, name) != null, "the history Backfill");
    await(
        () ->
            cluster.get(NS, "checkout-mr-124").getStatus() != null
                && cluster.get(NS, "checkout-mr-124").getStatus().epoch != null,
        "the epoch in status");
    String epoch = cluster.get(NS, "checkout-mr-124").getStatus().epoch;
    Backfill history = cluster.backfill(NS, name);
    assertThat(history.getSpec().metricGeneratorRef.name).isEqualTo("checkout-mr-124");
    assertThat(history.getSpec().start).isEqualTo(epoch);
    assertThat(
            Duration.between(
                Instant.parse(history.getSpec().start), Instant.parse(history.getSpec().end)))
        .isEqualTo(Duration.ofDays(7));
    assertThat(history.getMetadata().getOwnerReferences().get(0).getKind())
        .isEqualTo("MetricGenerator");

    // The generator counts from the history's start; the history writes the live labels.
    await(
        () ->
            client.apps().deployments().inNamespace(NS).withName("checkout-mr-124-generator").get()
                != null,
        "the generator");
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName("checkout-mr-124-generator")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getArgs())
        .contains("--epoch=" + epoch);
    await(
        () -> client.batch().v1().jobs().inNamespace(NS).withName(name + "-backfill").get() != null,
        "the history's Job");
    assertThat(
            client
                .batch()
                .v1()
                .jobs()
                .inNamespace(NS)
                .withName(name + "-backfill")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getArgs())
        .contains("--start=" + epoch, "--label=metricgenerator=checkout-mr-124");

    // The MetricGenerator says how its history is doing.
    await(
        () -> {
          var h = cluster.get(NS, "checkout-mr-124").getStatus().history;
          return h != null && name.equals(h.backfill) && "Pending".equals(h.phase);
        },
        "the history's phase in the MetricGenerator's status");
    assertThat(cluster.get(NS, "checkout-mr-124").getStatus().history.progress).isEqualTo("0%");
    // The resource's passes leave its Backfill's spec as it was made: one generation, no refusal.
    cluster.awaitReconciled(
        () ->
            client
                .resources(MetricGenerator.class)
                .inNamespace(NS)
                .withName("checkout-mr-124")
                .patch(
                    io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                        io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                    "{\"spec\":{\"ttl\":\"3d\"}}"),
        "a change of the MetricGenerator's ttl");
    assertThat(cluster.backfill(NS, name).getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(has(cluster.backfill(NS, name), "Degraded", "False", "AsExpected")).isTrue();
  }
}
