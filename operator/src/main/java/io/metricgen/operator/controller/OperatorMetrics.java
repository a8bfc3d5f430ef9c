package io.metricgen.operator.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;

/** The operator's own metrics, from JOSDK's monitoring hooks into the Prometheus client. */
public final class OperatorMetrics implements Metrics {

  private final Counter events;
  private final Counter reconciliations;
  private final Counter failures;
  private final Counter succeeded;
  private final Counter cleanups;
  private final Histogram duration;

  public OperatorMetrics(PrometheusRegistry registry, ResourcePhases phases) {
    GaugeWithCallback.builder()
        .name("metricgen_operator_resources")
        .help("MetricGenerators and Backfills by kind and phase, as their status says.")
        .labelNames("kind", "phase")
        .callback(
            callback -> phases.counts().forEach((k, n) -> callback.call(n, k.kind(), k.phase())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("metricgen_operator_dashboard_panels_without_data")
        .help(
            "Panels of a MetricGenerator's dashboards without data at the operator's last check"
                + " (with --prometheus-url). Its namespace label is metricgenerator_namespace, as"
                + " a scrape sets namespace to the operator's.")
        .labelNames("metricgenerator_namespace", "metricgenerator")
        .callback(
            callback ->
                phases
                    .panelsWithoutData()
                    .forEach(e -> callback.call(e.panels(), e.namespace(), e.name())))
        .register(registry);
    events =
        Counter.builder()
            .name("metricgen_operator_events_total")
            .help("Events received about MetricGenerators and the objects made for them.")
            .register(registry);
    reconciliations =
        Counter.builder()
            .name("metricgen_operator_reconciliations_total")
            .help("Reconciliations started, retries included.")
            .labelNames("retry")
            .register(registry);
    failures =
        Counter.builder()
            .name("metricgen_operator_reconciliation_failures_total")
            .help("Reconciliations that ended in an error (JOSDK retries them).")
            .register(registry);
    succeeded =
        Counter.builder()
            .name("metricgen_operator_reconciliations_succeeded_total")
            .help(
                "Reconciliations that ended without an error (with the failures, every one begun"
                    + " has ended).")
            .register(registry);
    cleanups =
        Counter.builder()
            .name("metricgen_operator_cleanups_total")
            .help("MetricGenerators deleted and cleaned up after.")
            .register(registry);
    duration =
        Histogram.builder()
            .name("metricgen_operator_reconciliation_duration_seconds")
            .help("Time taken by reconciliations and cleanups.")
            .unit(io.prometheus.metrics.model.snapshots.Unit.SECONDS)
            .labelNames("outcome")
            .register(registry);
  }

  @Override
  public void receivedEvent(Event event, Map<String, Object> metadata) {
    events.inc();
  }

  @Override
  public void reconcileCustomResource(
      HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
    boolean retry = retryInfo != null && retryInfo.getAttemptCount() > 0;
    reconciliations.labelValues(Boolean.toString(retry)).inc();
  }

  @Override
  public void failedReconciliation(
      HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    failures.inc();
  }

  @Override
  public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
    succeeded.inc();
  }

  @Override
  public void cleanupDoneFor(ResourceID resourceID, Map<String, Object> metadata) {
    cleanups.inc();
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    long start = System.nanoTime();
    String outcome = "success";
    try {
      return execution.execute();
    } catch (Exception e) {
      outcome = "failure";
      throw e;
    } finally {
      duration.labelValues(outcome).observe((System.nanoTime() - start) / 1e9);
    }
  }
}
