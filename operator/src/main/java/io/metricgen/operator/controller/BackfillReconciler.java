package io.metricgen.operator.controller;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowResult;
import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import io.metricgen.engine.load.SourceMap;
import io.metricgen.engine.time.Durations;
import io.metricgen.operator.BackfillValidator;
import io.metricgen.operator.desired.BackfillObjects;
import io.metricgen.operator.desired.BackfillRun;
import io.metricgen.operator.desired.OperatorConfig;
import io.metricgen.operator.model.Backfill;
import io.metricgen.operator.model.BackfillStatus;
import io.metricgen.operator.model.MetricGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a Backfill: resolves its range once (kept in status), makes its objects through the declared
 * workflow, and reports progress from its Job and its shards' checkpoints. A spec changed after the
 * Job exists is refused with a condition: the Job can't change, and the data already written was
 * written with the old spec; a new run is a new Backfill.
 */
@ControllerConfiguration(
    name = BackfillReconciler.NAME,
    maxReconciliationInterval =
        @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
@Workflow(
    explicitInvocation = true,
    handleExceptionsInReconciler = true,
    dependents = {
      @Dependent(
          name = BackfillDependents.Scenario.NAME,
          type = BackfillDependents.Scenario.class,
          reconcilePrecondition = BackfillPass.Active.class),
      @Dependent(
          name = BackfillDependents.Checkpoints.NAME,
          type = BackfillDependents.Checkpoints.class,
          reconcilePrecondition = BackfillPass.Active.class),
      @Dependent(
          name = "backfill-account",
          type = BackfillDependents.Account.class,
          reconcilePrecondition = BackfillPass.Active.class),
      @Dependent(
          name = "backfill-role",
          type = BackfillDependents.AccountRole.class,
          reconcilePrecondition = BackfillPass.Active.class),
      @Dependent(
          name = "backfill-rolebinding",
          type = BackfillDependents.AccountBinding.class,
          reconcilePrecondition = BackfillPass.Active.class),
      @Dependent(
          name = BackfillDependents.Run.NAME,
          type = BackfillDependents.Run.class,
          reconcilePrecondition = BackfillPass.Active.class,
          dependsOn = {
            BackfillDependents.Scenario.NAME,
            BackfillDependents.Checkpoints.NAME,
            "backfill-account",
            "backfill-role",
            "backfill-rolebinding"
          })
    })
public class BackfillReconciler implements Reconciler<Backfill>, Cleaner<Backfill> {

  public static final String NAME = "backfill";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final OperatorConfig config;
  private final ResourcePhases phases;
  private final Clock clock;
  private final Duration recheck;

  public BackfillReconciler(
      OperatorConfig config, Clock clock, Duration recheck, ResourcePhases phases) {
    this.phases = phases;
    this.config = config;
    this.clock = clock;
    this.recheck = recheck;
  }

  @Override
  public UpdateControl<Backfill> reconcile(Backfill bf, Context<Backfill> context) {
    Instant now = clock.instant();
    BackfillStatus previous = bf.getStatus();
    Optional<Instant> expiresAt =
        Optional.ofNullable(previous == null ? null : previous.expiresAt)
            .map(t -> OffsetDateTime.parse(t).toInstant());
    if (expiresAt.isPresent() && !now.isBefore(expiresAt.get())) {
      new BackfillPass(config, null, true).attachTo(context);
      rethrowAnyError(
          context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow());
      return patch(context, bf, BackfillConditions.expired(bf, previous, now));
    }
    try {
      BackfillValidator.validate(bf, null, SourceMap.NONE, now);
    } catch (InvalidInputException e) {
      String message =
          e.problems().stream().map(Problem::toString).collect(Collectors.joining("; "));
      Verdict invalid = Verdict.invalid(message);
      Phase phase = previous == null ? null : Phase.of(previous.phase);
      if (phase != null && phase != Phase.PENDING && phase != Phase.INVALID) {
        // What runs from the earlier spec goes on; the phase says how it goes.
        invalid = new Verdict(phase, Verdict.Health.DEGRADED, invalid.reason(), message);
      }
      return patch(
          context,
          bf,
          BackfillConditions.withConditions(bf, BackfillConditions.copy(previous), invalid, now));
    }
    Optional<Job> job = context.getSecondaryResource(Job.class);
    Backfill resolved = withRecordedRange(bf, job);
    // The referenced scenario is read to make the run, and when the spec changed (to tell whether
    // the run still is the spec's); a run under way needs nothing of it, and its progress events
    // come often.
    MetricGenerator referenced = null;
    boolean missing = false;
    boolean specChanged =
        previous == null
            || !java.util.Objects.equals(
                bf.getMetadata().getGeneration(), previous.observedGeneration);
    if (bf.getSpec().metricGeneratorRef != null && (job.isEmpty() || specChanged)) {
      referenced =
          context
              .getClient()
              .resources(MetricGenerator.class)
              .inNamespace(bf.getMetadata().getNamespace())
              .withName(bf.getSpec().metricGeneratorRef.name)
              .get();
      missing = referenced == null;
    }
    BackfillRun run =
        BackfillRun.of(
            resolved,
            referenced,
            ref -> {
              ConfigMap source =
                  context
                      .getClient()
                      .configMaps()
                      .inNamespace(bf.getMetadata().getNamespace())
                      .withName(ref.name)
                      .get();
              return source == null || source.getData() == null
                  ? null
                  : source.getData().get(ref.key);
            },
            config,
            now);
    if (run.scenarioYaml() != null) {
      new BackfillPass(config, run, false).attachTo(context);
      WorkflowResult result =
          context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
      rethrowAnyError(result);
      job = context.getSecondaryResource(Job.class);
    }
    Map<String, ConfigMap> checkpoints =
        context
            .getSecondaryResourcesAsStream(ConfigMap.class)
            .filter(BackfillDependents.Checkpoints.of(bf))
            .collect(Collectors.toMap(cm -> cm.getMetadata().getName(), cm -> cm, (a, b) -> a));
    BackfillStatus status = new BackfillStatus();
    boolean tooOld =
        BackfillProgress.fill(
            status, previous, bf, run.shards(), run.start(), run.end(), job, checkpoints, now);
    if (status.completionTime != null && bf.getSpec().ttl != null) {
      status.expiresAt =
          StatusAggregator.time(
              OffsetDateTime.parse(status.completionTime)
                  .toInstant()
                  .plus(Durations.parse(bf.getSpec().ttl)));
    }
    Verdict verdict = verdict(bf, status, run, job, !missing, tooOld);
    UpdateControl<Backfill> control =
        patch(context, bf, BackfillConditions.withConditions(bf, status, verdict, now));
    Duration next = missing ? recheck : null;
    if (status.expiresAt != null) {
      Duration until =
          Duration.between(now, OffsetDateTime.parse(status.expiresAt).toInstant()).plusMillis(100);
      next = next == null || until.compareTo(next) < 0 ? until : next;
    }
    if (next != null) {
      control.rescheduleAfter(next.isNegative() ? Duration.ZERO : next);
    }
    return control;
  }

  /** Removes the Job, its pods and the checkpoints; the data stays. */
  @Override
  public DeleteControl cleanup(Backfill bf, Context<Backfill> context) {
    phases.remove(bf);
    new BackfillPass(config, null, true).attachTo(context);
    rethrowAnyError(context.managedWorkflowAndDependentResourceContext().cleanupManageWorkflow());
    return DeleteControl.defaultDelete();
  }

  @Override
  public ErrorStatusUpdateControl<Backfill> updateErrorStatus(
      Backfill bf, Context<Backfill> context, Exception e) {
    // The run's phase stays what it was: the error is the operator's, not the run's.
    Phase phase = bf.getStatus() == null ? null : Phase.of(bf.getStatus().phase);
    Verdict verdict =
        new Verdict(
            phase,
            Verdict.Health.DEGRADED,
            "ReconcileError",
            e.getMessage() == null ? e.toString() : e.getMessage());
    StatusPatch.write(
        context,
        bf,
        BackfillConditions.withConditions(
            bf, BackfillConditions.copy(bf.getStatus()), verdict, clock.instant()));
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  /**
   * Takes the range from the Job when the status has none (its patch was lost after the Job was
   * made): the Job's pods write that range whatever the status says.
   */
  private static Backfill withRecordedRange(Backfill bf, Optional<Job> job) {
    boolean recorded = bf.getStatus() != null && bf.getStatus().start != null;
    if (recorded || job.isEmpty() || job.get().getMetadata().getAnnotations() == null) {
      return bf;
    }
    Map<String, String> a = job.get().getMetadata().getAnnotations();
    if (a.get(BackfillObjects.START_ANNOTATION) == null
        || a.get(BackfillObjects.END_ANNOTATION) == null) {
      return bf;
    }
    Backfill copy = JSON.convertValue(bf, Backfill.class);
    BackfillStatus status = BackfillConditions.copy(bf.getStatus());
    status.start = a.get(BackfillObjects.START_ANNOTATION);
    status.end = a.get(BackfillObjects.END_ANNOTATION);
    copy.setStatus(status);
    return copy;
  }

  private Verdict verdict(
      Backfill bf,
      BackfillStatus status,
      BackfillRun run,
      Optional<Job> job,
      boolean known,
      boolean tooOld) {
    Phase phase = Phase.of(status.phase);
    if (!known) {
      return new Verdict(
          phase,
          Verdict.Health.DEGRADED,
          "MetricGeneratorNotFound",
          "spec.metricGeneratorRef: no MetricGenerator "
              + bf.getSpec().metricGeneratorRef.name
              + " in namespace "
              + bf.getMetadata().getNamespace());
    }
    String ran =
        job.map(j -> j.getMetadata().getAnnotations())
            .map(a -> a.get(BackfillObjects.RUN_ANNOTATION))
            .orElse(null);
    if (ran != null && run.scenarioYaml() != null && !ran.equals(run.hash())) {
      return new Verdict(
          phase,
          Verdict.Health.DEGRADED,
          "SpecChangedAfterStart",
          "the spec changed after the run started; its Job can't change, so the run goes on with"
              + " the spec it started with. For a run of the new spec, delete this Backfill and"
              + " apply it again (what was written stays).");
    }
    if (phase == null) {
      return new Verdict(
          null, Verdict.Health.PROGRESSING, "Progressing", "waiting for the Job's pods to start");
    }
    return switch (phase) {
      case SUCCEEDED ->
          new Verdict(
              phase,
              Verdict.Health.READY,
              "Succeeded",
              "wrote "
                  + status.samplesWritten
                  + " samples over ["
                  + status.start
                  + ", "
                  + status.end
                  + ")");
      case FAILED ->
          new Verdict(
              phase,
              Verdict.Health.DEGRADED,
              tooOld ? "RangeTooOldForTarget" : "BackfillFailed",
              status.lastError);
      case RUNNING ->
          new Verdict(
              phase, Verdict.Health.PROGRESSING, "Progressing", status.progress + " written");
      default ->
          new Verdict(
              phase,
              Verdict.Health.PROGRESSING,
              "Progressing",
              "waiting for the Job's pods to start");
    };
  }

  /**
   * Any error of a dependent goes to JOSDK's retry (a Backfill's dependents have no problems only
   * its owner can fix): the first in the order of the dependents' names.
   */
  private static void rethrowAnyError(WorkflowResult result) {
    for (Exception e : MetricGeneratorReconciler.inNameOrder(result)) {
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  /**
   * Patches status when it changed in more than its counters: the shards' checkpoints move many
   * times a second, and a write for each would load the API server. Samples, times and the estimate
   * are brought up to date whenever the progress moves by a percent, or anything else changes.
   */
  private UpdateControl<Backfill> patch(
      Context<Backfill> context, Backfill bf, BackfillStatus status) {
    phases.set(bf, status.phase);
    if (bf.getStatus() != null && BackfillProgress.onlyCountersDiffer(bf.getStatus(), status)) {
      return UpdateControl.noUpdate();
    }
    return StatusPatch.ifChanged(context, bf, bf.getStatus(), status);
  }
}
