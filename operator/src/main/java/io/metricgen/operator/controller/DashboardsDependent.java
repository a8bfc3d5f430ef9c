package io.metricgen.operator.controller;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.CRUDKubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.KubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.metricgen.operator.desired.DashboardObjects;
import io.metricgen.operator.desired.Names;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The Grafana dashboards, one ConfigMap each, in the Grafana namespace. Deleted explicitly, not
 * garbage collected: the Grafana namespace is usually another one, where owner references can't
 * reach. A dashboard given by ConfigMap reference is read when the resource is reconciled.
 */
@KubernetesDependent(
    informer = @Informer(name = DashboardsDependent.NAME, labelSelector = Selectors.DASHBOARD))
class DashboardsDependent extends CRUDNoGCKubernetesDependentResource<ConfigMap, MetricGenerator>
    implements CRUDKubernetesBulkDependentResource<ConfigMap, MetricGenerator>,
        KubernetesBulkDependentResource<ConfigMap, MetricGenerator> {

  static final String NAME = "dashboards";

  /** Where the reconciler finds the uids of the dashboards this pass installed. */
  static final String UIDS = "dashboardUids";

  DashboardsDependent() {
    super(ConfigMap.class);
  }

  @Override
  public Map<ResourceID, ConfigMap> desiredResources(
      MetricGenerator mg, Context<MetricGenerator> context) {
    Map<ResourceID, ConfigMap> out = new LinkedHashMap<>();
    List<String> uids = new ArrayList<>();
    List<MetricGeneratorSpec.DashboardSpec> dashboards = mg.getSpec().dashboards;
    for (int i = 0; i < dashboards.size(); i++) {
      MetricGeneratorSpec.DashboardSpec d = dashboards.get(i);
      String json = DashboardSources.json(mg, d, i, context);
      ConfigMap cm;
      try {
        cm = DashboardObjects.configMap(mg, d, json, Reconciliation.of(context).config());
      } catch (IllegalArgumentException e) {
        throw new ResourceProblem(
            "InvalidDashboard",
            "spec.dashboards["
                + i
                + "].configMapRef: ConfigMap "
                + d.configMapRef.name
                + " key "
                + d.configMapRef.key
                + " must hold a Grafana dashboard, a JSON object");
      }
      out.put(ResourceID.fromResource(cm), cm);
      String uid = DashboardSources.uid(cm.getData().values().iterator().next());
      if (uid != null) {
        uids.add(uid);
      }
    }
    context.managedWorkflowAndDependentResourceContext().put(UIDS, uids);
    return out;
  }

  @Override
  public Predicate<ConfigMap> secondaryResourceFilter(
      MetricGenerator mg, Context<MetricGenerator> context) {
    return cm ->
        DashboardObjects.COMPONENT.equals(cm.getMetadata().getLabels().get(Names.COMPONENT_LABEL));
  }
}
