package io.metricgen.operator.controller;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.metricgen.operator.desired.Expiry;
import io.metricgen.operator.desired.OperatorConfig;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorStatus;
import java.time.Instant;
import java.util.List;

/**
 * What the reconciler hands its dependents and conditions for one pass: the operator's
 * configuration, one "now", so that every part of a pass agrees on whether the resource has
 * expired, the operator's writer of scrape Secrets (with its watches), and the resource's incidents
 * with their start times. Carried in JOSDK's per-reconciliation context.
 */
record Reconciliation(
    OperatorConfig config,
    Instant now,
    ScrapeSecretWriter scrapeSecrets,
    List<MetricGeneratorStatus.Incident> incidents) {

  void attachTo(Context<MetricGenerator> context) {
    context.managedWorkflowAndDependentResourceContext().put(Reconciliation.class, this);
  }

  static Reconciliation of(Context<MetricGenerator> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(Reconciliation.class, Reconciliation.class);
  }

  boolean expired(MetricGenerator mg) {
    return Expiry.expired(mg, now);
  }
}
