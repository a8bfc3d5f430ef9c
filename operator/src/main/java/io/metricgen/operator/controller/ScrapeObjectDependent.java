package io.metricgen.operator.controller;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.metricgen.operator.desired.Names;
import io.metricgen.operator.desired.OperatorConfig;
import io.metricgen.operator.desired.ScrapeObjects;
import io.metricgen.operator.model.MetricGenerator;
import java.util.Optional;

/**
 * The resource's ServiceMonitor or ScrapeConfig, in the scrape modes that use them. Written with
 * the client rather than watched: an informer on a kind whose CRD is not installed would keep the
 * operator from starting, where a missing CRD should only stop the resources that need it, with a
 * condition that says what to install.
 */
class ScrapeObjectDependent
    implements DependentResource<GenericKubernetesResource, MetricGenerator>,
        Deleter<MetricGenerator> {

  static final String NAME = "scrape-object";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ReconcileResult<GenericKubernetesResource> reconcile(
      MetricGenerator mg, Context<MetricGenerator> context) {
    OperatorConfig config = Reconciliation.of(context).config();
    Optional<GenericKubernetesResource> desired = ScrapeObjects.of(mg, config);
    if (desired.isEmpty()) {
      delete(mg, context);
      return ReconcileResult.noOperation(null);
    }
    GenericKubernetesResource object = desired.get();
    KubernetesClient client = context.getClient();
    requireKind(client, object);
    try {
      GenericObjects.apply(client, object);
      return ReconcileResult.noOperation(object);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        throw missing(object);
      }
      throw e;
    }
  }

  /** Removes the object of the configured mode; nothing in the Secret mode, which has none. */
  @Override
  public void delete(MetricGenerator mg, Context<MetricGenerator> context) {
    OperatorConfig config = Reconciliation.of(context).config();
    if (config.scrapeMode() == OperatorConfig.ScrapeMode.secret) {
      return;
    }
    String api =
        config.scrapeMode() == OperatorConfig.ScrapeMode.serviceMonitor
            ? ScrapeObjects.SERVICE_MONITOR_API
            : ScrapeObjects.SCRAPE_CONFIG_API;
    String kind =
        config.scrapeMode() == OperatorConfig.ScrapeMode.serviceMonitor
            ? "ServiceMonitor"
            : "ScrapeConfig";
    KubernetesClient client = context.getClient();
    if (!client.supports(api, kind)) {
      return; // nothing of that kind can exist
    }
    client
        .genericKubernetesResources(api, kind)
        .inNamespace(mg.getMetadata().getNamespace())
        .withName(Names.pushgateway(mg))
        .delete();
  }

  private static void requireKind(KubernetesClient client, GenericKubernetesResource object) {
    if (!client.supports(object.getApiVersion(), object.getKind())) {
      throw missing(object);
    }
  }

  private static ResourceProblem missing(GenericKubernetesResource object) {
    return new ResourceProblem(
        "ScrapeResourceMissing",
        "the cluster has no "
            + object.getKind()
            + " ("
            + object.getApiVersion()
            + "): install the Prometheus operator's CRDs (kube-prometheus-stack has them), or run"
            + " the metricgen operator with another --scrape-mode (secret edits the"
            + " additional-scrape-configs Secret)");
  }

  @Override
  public Class<GenericKubernetesResource> resourceType() {
    return GenericKubernetesResource.class;
  }
}
