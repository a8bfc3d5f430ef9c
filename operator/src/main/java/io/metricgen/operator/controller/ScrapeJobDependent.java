package io.metricgen.operator.controller;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.metricgen.operator.desired.Names;
import io.metricgen.operator.desired.OperatorConfig;
import io.metricgen.operator.desired.ScrapeConfig;
import io.metricgen.operator.model.MetricGenerator;

/**
 * The resource's scrape job in Prometheus's additional-scrape-configs Secret. The Secret is shared
 * by every resource and usually lives in another namespace, so it isn't owned: the job is added and
 * removed by editing one key, keeping every entry the operator did not write.
 */
class ScrapeJobDependent
    implements DependentResource<Secret, MetricGenerator>, Deleter<MetricGenerator> {

  static final String NAME = "scrape-job";

  /** The workflow finds a dependent by this name (JOSDK names only its own dependent classes). */
  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ReconcileResult<Secret> reconcile(MetricGenerator mg, Context<MetricGenerator> context) {
    Reconciliation pass = Reconciliation.of(context);
    ScrapeConfig.SecretKey at = ScrapeConfig.secretKey(mg, pass.config());
    boolean written =
        pass.scrapeSecrets()
            .edit(at, true, current -> ScrapeConfig.withJob(current, ScrapeConfig.job(mg)));
    return written ? ReconcileResult.resourceUpdated(null) : ReconcileResult.noOperation(null);
  }

  @Override
  public void delete(MetricGenerator mg, Context<MetricGenerator> context) {
    Reconciliation pass = Reconciliation.of(context);
    if (pass.config().scrapeMode() != OperatorConfig.ScrapeMode.secret) {
      return; // the Secret is not this mode's, and the operator may not read it
    }
    ScrapeConfig.SecretKey at = ScrapeConfig.secretKey(mg, pass.config());
    pass.scrapeSecrets()
        .edit(at, false, current -> ScrapeConfig.withoutJob(current, Names.scrapeJob(mg)));
  }

  @Override
  public Class<Secret> resourceType() {
    return Secret.class;
  }
}
