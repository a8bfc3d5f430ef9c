package io.metricgen.operator.controller;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.metricgen.operator.desired.DashboardObjects;
import io.metricgen.operator.desired.Names;
import io.metricgen.operator.desired.OperatorConfig;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dashboards as the grafana-operator's GrafanaDashboard resources. Written with the client
 * rather than watched, like the scrape objects: a cluster without the grafana-operator's CRD gets a
 * condition on the resources that ask for dashboards, not an operator that can't start. Those of
 * the resource that it no longer asks for are removed.
 */
class GrafanaDashboardsDependent
    implements DependentResource<GenericKubernetesResource, MetricGenerator>,
        Deleter<MetricGenerator> {

  static final String NAME = "grafana-dashboards";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ReconcileResult<GenericKubernetesResource> reconcile(
      MetricGenerator mg, Context<MetricGenerator> context) {
    OperatorConfig config = Reconciliation.of(context).config();
    List<MetricGeneratorSpec.DashboardSpec> dashboards = mg.getSpec().dashboards;
    KubernetesClient client = context.getClient();
    if (!client.supports(DashboardObjects.GRAFANA_DASHBOARD_API, "GrafanaDashboard")) {
      if (dashboards.isEmpty()) {
        return ReconcileResult.noOperation(null); // none asked for, none can exist
      }
      throw new ResourceProblem(
          "DashboardResourceMissing",
          "the cluster has no GrafanaDashboard ("
              + DashboardObjects.GRAFANA_DASHBOARD_API
              + "): install the grafana-operator, or run the metricgen operator with"
              + " --dashboard-mode sidecar");
    }
    List<String> uids = new ArrayList<>();
    Set<String> wanted = new HashSet<>();
    for (int i = 0; i < dashboards.size(); i++) {
      MetricGeneratorSpec.DashboardSpec d = dashboards.get(i);
      String json = DashboardSources.json(mg, d, i, context);
      GenericKubernetesResource object;
      try {
        object = DashboardObjects.grafanaDashboard(mg, d, json, config);
      } catch (IllegalArgumentException e) {
        throw new ResourceProblem(
            "InvalidDashboard",
            "spec.dashboards[" + i + "]: must hold a Grafana dashboard, a JSON object");
      }
      GenericObjects.apply(client, object);
      wanted.add(object.getMetadata().getName());
      @SuppressWarnings("unchecked")
      String preview =
          (String) ((Map<String, Object>) object.getAdditionalProperties().get("spec")).get("json");
      String uid = DashboardSources.uid(preview);
      if (uid != null) {
        uids.add(uid);
      }
    }
    removeAllBut(mg, config, client, wanted);
    context.managedWorkflowAndDependentResourceContext().put(DashboardsDependent.UIDS, uids);
    return ReconcileResult.noOperation(null);
  }

  @Override
  public void delete(MetricGenerator mg, Context<MetricGenerator> context) {
    OperatorConfig config = Reconciliation.of(context).config();
    if (config.dashboards().mode() != OperatorConfig.DashboardMode.grafanaOperator
        || !context
            .getClient()
            .supports(DashboardObjects.GRAFANA_DASHBOARD_API, "GrafanaDashboard")) {
      return;
    }
    removeAllBut(mg, config, context.getClient(), Set.of());
  }

  /** Removes the resource's GrafanaDashboards, found by its labels, except {@code keep}. */
  private static void removeAllBut(
      MetricGenerator mg, OperatorConfig config, KubernetesClient client, Set<String> keep) {
    var ours =
        client
            .genericKubernetesResources(DashboardObjects.GRAFANA_DASHBOARD_API, "GrafanaDashboard")
            .inNamespace(DashboardObjects.namespace(mg, config))
            .withLabel(Names.MANAGED_BY_LABEL, Names.MANAGED_BY)
            .withLabel(Names.COMPONENT_LABEL, DashboardObjects.COMPONENT)
            .withLabel("app.kubernetes.io/instance", mg.getMetadata().getName())
            .list()
            .getItems();
    for (GenericKubernetesResource d : ours) {
      if (!keep.contains(d.getMetadata().getName())) {
        client.resource(d).delete();
      }
    }
  }

  @Override
  public Class<GenericKubernetesResource> resourceType() {
    return GenericKubernetesResource.class;
  }
}
