package io.metricgen.operator.controller;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
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
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowResult;
import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import io.metricgen.engine.load.SourceMap;
import io.metricgen.operator.MetricGeneratorValidator;
import io.metricgen.operator.desired.Expiry;
import io.metricgen.operator.desired.History;
import io.metricgen.operator.desired.Incidents;
import io.metricgen.operator.desired.OperatorConfig;
import io.metricgen.operator.model.Backfill;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a MetricGenerator into its objects through the declared workflow, then reports status. The
 * workflow is invoked here rather than before {@link #reconcile}, so that a spec the schema could
 * not reject never reaches the dependents: it becomes {@code Ready=False} with the field named, and
 * no retry.
 */
@ControllerConfiguration(
    name = MetricGeneratorReconciler.NAME,
    // An incident annotation changes no generation: SpecOrIncidentChanged lets it through, as
    // generation-aware processing would not.
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrIncidentChanged.class),
    // Looks again now and then: someone may have edited the shared scrape Secret, or the
    // ConfigMap a dashboard comes from.
    maxReconciliationInterval =
        @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
@Workflow(
    explicitInvocation = true,
    handleExceptionsInReconciler = true,
    dependents = {
      @Dependent(
          name = "pushgateway",
          type = PushgatewayDeploymentDependent.class,
          reconcilePrecondition = Preconditions.ManagedPushgateway.class,
          readyPostcondition = Preconditions.Available.class),
      @Dependent(
          name = "pushgateway-service",
          type = PushgatewayServiceDependent.class,
          reconcilePrecondition = Preconditions.ManagedPushgateway.class),
      @Dependent(
          name = ScrapeJobDependent.NAME,
          type = ScrapeJobDependent.class,
          reconcilePrecondition = Preconditions.ScrapeSecret.class),
      @Dependent(
          name = ScrapeObjectDependent.NAME,
          type = ScrapeObjectDependent.class,
          reconcilePrecondition = Preconditions.ScrapeObject.class),
      @Dependent(
          name = "scenario",
          type = ScenarioConfigMapDependent.class,
          reconcilePrecondition = Preconditions.Active.class),
      @Dependent(
          name = "generator",
          type = GeneratorDeploymentDependent.class,
          dependsOn = "scenario",
          reconcilePrecondition = Preconditions.OpenEnded.class,
          readyPostcondition = Preconditions.Available.class),
      @Dependent(
          name = "generator-job",
          type = GeneratorJobDependent.class,
          dependsOn = "scenario",
          reconcilePrecondition = Preconditions.Finite.class,
          readyPostcondition = Preconditions.NotFailed.class),
      @Dependent(
          name = HistoryDependent.NAME,
          type = HistoryDependent.class,
          reconcilePrecondition = Preconditions.WithHistory.class),
      @Dependent(
          name = DashboardsDependent.NAME,
          type = DashboardsDependent.class,
          reconcilePrecondition = Preconditions.SidecarDashboards.class),
      @Dependent(
          name = GrafanaDashboardsDependent.NAME,
          type = GrafanaDashboardsDependent.class,
          reconcilePrecondition = Preconditions.OperatorDashboards.class)
    })
public class MetricGeneratorReconciler
    implements Reconciler<MetricGenerator>, Cleaner<MetricGenerator> {

  public static final String NAME = "metricgenerator";

  /** How often a resource at rest is looked at again, unless the operator is told otherwise. */
  static final Duration RESYNC = Duration.ofMinutes(10);

  private static final Logger LOG = LoggerFactory.getLogger(MetricGeneratorReconciler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a dependent that is not ready waits for, for the Ready condition's message. */
  private static final Map<String, String> WAITING_FOR =
      Map.of(
          "pushgateway", "the Pushgateway Deployment to have an available replica",
          "generator", "the generator Deployment to have an available replica",
          "generator-job", "the generator Job to start");

  private final OperatorConfig config;
  private final ResourcePhases phases;
  // Null unless the operator is given a Prometheus to check the dashboards' panels in.
  private final DashboardDataCheck dataCheck;
  private final Clock clock;
  private final Duration recheck;
  private final ScrapeSecretWriter scrapeSecrets;
  private final Duration resync;

  /**
   * @param recheck how soon to look again when the owner must fix something, like a missing
   *     dashboard ConfigMap (nothing else would trigger a pass)
   * @param scrapeSecrets the writer of scrape jobs into Secrets, shared by every pass
   * @param resync how often a resource at rest is looked at again; null for {@link #RESYNC}
   */
  MetricGeneratorReconciler(
      OperatorConfig config,
      Clock clock,
      Duration recheck,
      ResourcePhases phases,
      DashboardDataCheck dataCheck,
      ScrapeSecretWriter scrapeSecrets,
      Duration resync) {
    this.scrapeSecrets = scrapeSecrets;
    this.resync = resync == null ? RESYNC : resync;
    this.phases = phases;
    this.dataCheck = dataCheck;
    this.config = config;
    this.clock = clock;
    this.recheck = recheck;
  }

  @Override
  public UpdateControl<MetricGenerator> reconcile(
      MetricGenerator mg, Context<MetricGenerator> context) {
    Instant now = clock.instant();
    MetricGeneratorStatus before = mg.getStatus();
    Optional<Instant> expiresAt = expiry(mg, now);
    boolean expired = expiresAt.map(at -> !now.isBefore(at)).orElse(false);
    Pass pass = new Pass(context, mg, before, expiresAt, now);
    if (!expired) {
      try {
        MetricGeneratorValidator.validate(mg, null, SourceMap.NONE);
      } catch (InvalidInputException e) {
        String message =
            e.problems().stream().map(Problem::toString).collect(Collectors.joining("; "));
        // What runs from an earlier spec keeps running, until the resource's expiry; its
        // incidents run to their ends.
        List<MetricGeneratorStatus.Incident> aged =
            Incidents.aged(before == null ? null : before.incidents, now);
        UpdateControl<MetricGenerator> control =
            patch(
                pass,
                Outcome.of(Verdict.invalid(message))
                    .withHistory(before == null ? null : before.history)
                    .withIncidents(aged));
        Instant incidentEnd = aged == null ? null : Incidents.nextEnd(aged);
        Optional<Instant> wake =
            expiresAt
                .map(at -> incidentEnd != null && incidentEnd.isBefore(at) ? incidentEnd : at)
                .or(() -> Optional.ofNullable(incidentEnd));
        wake.ifPresent(at -> control.rescheduleAfter(Duration.between(now, at).plusMillis(100)));
        return control;
      }
    }
    if (!expired && mg.getSpec().history != null) {
      recordEpoch(mg, context.getSecondaryResource(Backfill.class).orElse(null), now);
    }
    List<MetricGeneratorStatus.Incident> incidents =
        expired ? List.of() : Incidents.of(mg, before, now);
    new Reconciliation(config, now, scrapeSecrets, incidents).attachTo(context);
    WorkflowReconcileResult result =
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
    if (expired) {
      rethrowUnlessTheOwnersToFix(result);
      return patch(
          pass,
          Outcome.of(
              Verdict.expired(
                  "expired at "
                      + StatusAggregator.time(expiresAt.orElseThrow())
                      + ": everything the operator made for it was removed")));
    }
    Verdict verdict = verdict(result, context);
    @SuppressWarnings("unchecked")
    List<String> uids =
        context
            .managedWorkflowAndDependentResourceContext()
            .get(DashboardsDependent.UIDS, List.class)
            .orElse(List.of());
    MetricGeneratorStatus.DashboardData data = dashboardData(mg, context, verdict, now);
    UpdateControl<MetricGenerator> control =
        patch(pass, new Outcome(verdict, uids, history(mg, context), data, incidents));
    // The soonest of: the resync (a rescheduling replaces the controller's own interval, so it is
    // counted here), the recheck of what the owner must fix, the data check, the expiry.
    Duration next = resync;
    if (verdict.degraded() && recheck.compareTo(next) < 0) {
      next = recheck;
    }
    if (data != null && dataCheck.every().compareTo(next) < 0) {
      next = dataCheck.every();
    }
    Optional<Duration> untilExpiry = expiresAt.map(at -> Duration.between(now, at));
    if (untilExpiry.isPresent() && untilExpiry.get().compareTo(next) < 0) {
      next = untilExpiry.get().plusMillis(100);
    }
    // At an incident's end, to report it ended and take it out of the generator's ConfigMap.
    Instant incidentEnd = Incidents.nextEnd(incidents);
    if (incidentEnd != null && Duration.between(now, incidentEnd).compareTo(next) < 0) {
      next = Duration.between(now, incidentEnd).plusMillis(100);
    }
    control.rescheduleAfter(next);
    return control;
  }

  /**
   * The dashboards' panels checked against Prometheus, when the operator has one to check in and
   * the resource is running with dashboards; null otherwise.
   */
  private MetricGeneratorStatus.DashboardData dashboardData(
      MetricGenerator mg, Context<MetricGenerator> context, Verdict verdict, Instant now) {
    if (dataCheck == null || mg.getSpec().dashboards.isEmpty() || verdict.isExpired()) {
      return null;
    }
    try {
      return dataCheck.run(mg, context, now);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking the dashboards", e);
    }
  }

  /**
   * Removes what owner references can't: the scrape job and the dashboards. A scrape Secret that
   * can't be parsed doesn't hold the deletion up: the job, if it is there, points at a Service that
   * is gone, and a broken Secret is its owner's to mend.
   */
  @Override
  public DeleteControl cleanup(MetricGenerator mg, Context<MetricGenerator> context) {
    phases.remove(mg);
    if (dataCheck != null) {
      dataCheck.forget(mg);
    }
    new Reconciliation(config, clock.instant(), scrapeSecrets, List.of()).attachTo(context);
    WorkflowResult result =
        context.managedWorkflowAndDependentResourceContext().cleanupManageWorkflow();
    for (Exception e : inNameOrder(result)) {
      if (e instanceof ResourceProblem p) {
        LOG.warn(
            "MetricGenerator {}/{}: {}",
            mg.getMetadata().getNamespace(),
            mg.getMetadata().getName(),
            p.getMessage());
      } else {
        throw asRuntime(e);
      }
    }
    return DeleteControl.defaultDelete();
  }

  @Override
  public ErrorStatusUpdateControl<MetricGenerator> updateErrorStatus(
      MetricGenerator mg, Context<MetricGenerator> context, Exception e) {
    Verdict verdict =
        new Verdict(
            Phase.DEGRADED,
            Verdict.Health.DEGRADED,
            "ReconcileError",
            e.getMessage() == null ? e.toString() : e.getMessage());
    Instant now = clock.instant();
    StatusPatch.write(
        context, mg, StatusAggregator.status(mg, verdict, expiry(mg, now), List.of(), now));
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  /** The resource's expiry, or none when it has none or its ttl or time can't be read. */
  private static Optional<Instant> expiry(MetricGenerator mg, Instant now) {
    try {
      return Expiry.of(mg, now);
    } catch (RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  /**
   * Problems first (the owner must act: all of them, in the order of their dependents' names, so
   * that a restart says the same), then what is still starting, then how the run is.
   */
  private static Verdict verdict(WorkflowReconcileResult result, Context<MetricGenerator> context) {
    rethrowUnlessTheOwnersToFix(result);
    List<ResourceProblem> problems = new ArrayList<>();
    for (Exception e : inNameOrder(result)) {
      problems.add((ResourceProblem) e);
    }
    if (!problems.isEmpty()) {
      String reason = problems.get(0).reason();
      List<String> messages = new ArrayList<>();
      for (ResourceProblem p : problems) {
        messages.add(
            p.reason().equals(reason) ? p.getMessage() : p.reason() + ": " + p.getMessage());
      }
      return Verdict.problem(reason, String.join("; ", messages));
    }
    Optional<Job> job = context.getSecondaryResource(Job.class);
    if (job.isPresent() && Workloads.failed(job.get())) {
      return Verdict.problem("GeneratorFailed", "the generator Job failed; see its pods' logs");
    }
    List<String> waiting = new ArrayList<>();
    for (DependentResource<?, ?> d : result.getNotReadyDependents()) {
      waiting.add(WAITING_FOR.getOrDefault(d.name(), d.name()));
    }
    if (!waiting.isEmpty()) {
      return Verdict.waiting(String.join(" and ", waiting));
    }
    if (job.isPresent() && Workloads.complete(job.get())) {
      return Verdict.completed();
    }
    return Verdict.running();
  }

  /**
   * Errors that aren't the owner's to fix (API server, network) go to JOSDK's retry; a {@link
   * ResourceProblem} stays, for a condition.
   */
  private static void rethrowUnlessTheOwnersToFix(WorkflowResult result) {
    for (Exception e : inNameOrder(result)) {
      if (!(e instanceof ResourceProblem)) {
        throw asRuntime(e);
      }
    }
  }

  /** The errors of the dependents, in the order of the dependents' names: the same every pass. */
  static List<Exception> inNameOrder(WorkflowResult result) {
    List<Map.Entry<DependentResource, Exception>> errored =
        new ArrayList<>(result.getErroredDependents().entrySet());
    errored.sort(Comparator.comparing(e -> String.valueOf(e.getKey().name())));
    List<Exception> out = new ArrayList<>();
    errored.forEach(e -> out.add(e.getValue()));
    return out;
  }

  private static RuntimeException asRuntime(Exception e) {
    return e instanceof RuntimeException r ? r : new IllegalStateException(e);
  }

  /**
   * Records the history's time 0 in the resource's status, in memory, for this pass's desired state
   * (the generator's --epoch, the Backfill's range); the status patch then keeps it.
   */
  private static void recordEpoch(MetricGenerator mg, Backfill history, Instant now) {
    String epoch = StatusAggregator.time(History.epoch(mg, history, now));
    MetricGeneratorStatus status =
        mg.getStatus() == null
            ? new MetricGeneratorStatus()
            : JSON.convertValue(mg.getStatus(), MetricGeneratorStatus.class);
    status.epoch = epoch;
    mg.setStatus(status);
  }

  /**
   * Patches status only when it changed from {@code before} (the status as read): no write, no
   * event, for a resource at rest.
   */
  private UpdateControl<MetricGenerator> patch(Pass pass, Outcome outcome) {
    MetricGenerator mg = pass.mg();
    Instant now = pass.now();
    MetricGeneratorStatus.DashboardData data = outcome.dashboardData();
    MetricGeneratorStatus status =
        StatusAggregator.status(
            mg, outcome.verdict(), pass.expiresAt(), outcome.dashboardUids(), now);
    status.history = outcome.history();
    List<MetricGeneratorStatus.Incident> incidents = outcome.incidents();
    if (incidents != null && !incidents.isEmpty()) {
      status.incidents = incidents;
      status.conditions.add(
          IncidentCondition.of(
              mg.getStatus() == null ? List.of() : mg.getStatus().conditions,
              incidents,
              status.observedGeneration,
              now));
    }
    if (data != null) {
      status.dashboardData = data;
      status.conditions.add(
          DashboardDataCheck.condition(
              mg.getStatus() == null ? List.of() : mg.getStatus().conditions,
              data,
              status.observedGeneration,
              now));
    }
    phases.set(mg, status.phase);
    phases.panelsWithoutData(
        mg,
        data == null || data.panels == null || data.panelsWithData == null
            ? null
            : data.panels - data.panelsWithData);
    return StatusPatch.ifChanged(pass.context(), mg, pass.before(), status);
  }

  /**
   * What one reconcile pass works on: the resource, its status as read, its expiry and the pass's
   * time.
   */
  private record Pass(
      Context<MetricGenerator> context,
      MetricGenerator mg,
      MetricGeneratorStatus before,
      Optional<Instant> expiresAt,
      Instant now) {}

  /**
   * What the pass concluded, for status: the verdict, the dashboards' uids, the history seam, the
   * dashboards' data check and the incidents (each null or empty when the pass has none).
   */
  private record Outcome(
      Verdict verdict,
      List<String> dashboardUids,
      MetricGeneratorStatus.History history,
      MetricGeneratorStatus.DashboardData dashboardData,
      List<MetricGeneratorStatus.Incident> incidents) {

    static Outcome of(Verdict verdict) {
      return new Outcome(verdict, List.of(), null, null, null);
    }

    Outcome withHistory(MetricGeneratorStatus.History history) {
      return new Outcome(verdict, dashboardUids, history, dashboardData, incidents);
    }

    Outcome withIncidents(List<MetricGeneratorStatus.Incident> incidents) {
      return new Outcome(verdict, dashboardUids, history, dashboardData, incidents);
    }
  }

  /** The history's Backfill as its status reports it; null without history. */
  private static MetricGeneratorStatus.History history(
      MetricGenerator mg, Context<MetricGenerator> context) {
    if (mg.getSpec().history == null) {
      return null;
    }
    MetricGeneratorStatus.History h = new MetricGeneratorStatus.History();
    h.backfill = io.metricgen.operator.desired.Names.history(mg);
    context
        .getSecondaryResource(Backfill.class)
        .map(Backfill::getStatus)
        .ifPresent(
            s -> {
              h.phase = s.phase;
              h.progress = s.progress;
            });
    return h;
  }
}
