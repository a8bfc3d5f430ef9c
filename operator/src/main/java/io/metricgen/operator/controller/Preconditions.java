package io.metricgen.operator.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.metricgen.operator.desired.GeneratorObjects;
import io.metricgen.operator.desired.OperatorConfig;
import io.metricgen.operator.desired.PushgatewayObjects;
import io.metricgen.operator.model.MetricGenerator;

/**
 * The workflow's branches as small named conditions. A reconcile precondition that does not hold
 * deletes its dependent: that is how expiry removes everything, and how switching to an external
 * Pushgateway removes the managed one.
 */
final class Preconditions {

  private Preconditions() {}

  /** A condition on the resource alone, evaluated at this pass's "now". */
  abstract static class OnResource implements Condition<HasMetadata, MetricGenerator> {
    @Override
    public boolean isMet(
        DependentResource<HasMetadata, MetricGenerator> dependent,
        MetricGenerator mg,
        Context<MetricGenerator> context) {
      return holds(mg, Reconciliation.of(context));
    }

    abstract boolean holds(MetricGenerator mg, Reconciliation pass);
  }

  /** Not expired. */
  static final class Active extends OnResource {
    @Override
    boolean holds(MetricGenerator mg, Reconciliation pass) {
      return !pass.expired(mg);
    }
  }

  /** Not expired, and the resource asks for a Pushgateway of its own. */
  static final class ManagedPushgateway extends OnResource {
    @Override
    boolean holds(MetricGenerator mg, Reconciliation pass) {
      return !pass.expired(mg) && PushgatewayObjects.managed(mg);
    }
  }

  /** Not expired, and dashboards go as sidecar ConfigMaps. */
  static final class SidecarDashboards extends OnResource {
    @Override
    boolean holds(MetricGenerator mg, Reconciliation pass) {
      return !pass.expired(mg)
          && pass.config().dashboards().mode() == OperatorConfig.DashboardMode.sidecar;
    }
  }

  /** Not expired, and dashboards go as the grafana-operator's GrafanaDashboards. */
  static final class OperatorDashboards extends OnResource {
    @Override
    boolean holds(MetricGenerator mg, Reconciliation pass) {
      return !pass.expired(mg)
          && pass.config().dashboards().mode() == OperatorConfig.DashboardMode.grafanaOperator;
    }
  }

  /** A managed Pushgateway, registered in the scrape Secret (the secret scrape mode). */
  static final class ScrapeSecret extends OnResource {
    @Override
    boolean holds(MetricGenerator mg, Reconciliation pass) {
      return !pass.expired(mg)
          && PushgatewayObjects.managed(mg)
          && pass.config().scrapeMode() == OperatorConfig.ScrapeMode.secret;
    }
  }

  /** Registered by a ServiceMonitor or ScrapeConfig (the other scrape modes). */
  static final class ScrapeObject extends OnResource {
    @Override
    boolean holds(MetricGenerator mg, Reconciliation pass) {
      return !pass.expired(mg) && pass.config().scrapeMode() != OperatorConfig.ScrapeMode.secret;
    }
  }

  /** Not expired, and the generator runs until the resource goes: a Deployment. */
  static final class OpenEnded extends OnResource {
    @Override
    boolean holds(MetricGenerator mg, Reconciliation pass) {
      return !pass.expired(mg) && !GeneratorObjects.finite(mg);
    }
  }

  /** Not expired, and the generator runs for a duration: a Job. */
  static final class Finite extends OnResource {
    @Override
    boolean holds(MetricGenerator mg, Reconciliation pass) {
      return !pass.expired(mg) && GeneratorObjects.finite(mg);
    }
  }

  /** Not expired, and the resource asks for history. */
  static final class WithHistory extends OnResource {
    @Override
    boolean holds(MetricGenerator mg, Reconciliation pass) {
      return !pass.expired(mg) && mg.getSpec().history != null;
    }
  }

  /** A Deployment with at least one available replica. */
  static final class Available implements Condition<Deployment, MetricGenerator> {
    @Override
    public boolean isMet(
        DependentResource<Deployment, MetricGenerator> dependent,
        MetricGenerator mg,
        Context<MetricGenerator> context) {
      return dependent.getSecondaryResource(mg, context).map(Workloads::available).orElse(false);
    }
  }

  /** A Job that has not failed: running, or done. */
  static final class NotFailed implements Condition<Job, MetricGenerator> {
    @Override
    public boolean isMet(
        DependentResource<Job, MetricGenerator> dependent,
        MetricGenerator mg,
        Context<MetricGenerator> context) {
      return dependent
          .getSecondaryResource(mg, context)
          .map(j -> !Workloads.failed(j))
          .orElse(false);
    }
  }
}
