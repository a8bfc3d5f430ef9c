package io.metricgen.operator.controller;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import io.metricgen.operator.desired.EffectiveScenario;
import io.metricgen.operator.desired.GeneratorObjects;
import io.metricgen.operator.desired.Incidents;
import io.metricgen.operator.desired.Names;
import io.metricgen.operator.model.MetricGenerator;
import java.util.stream.Collectors;

/** The scenario and the running incidents, as a ConfigMap the generator mounts and watches. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.GENERATOR))
class ScenarioConfigMapDependent
    extends CRUDKubernetesDependentResource<ConfigMap, MetricGenerator> {

  ScenarioConfigMapDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap desired(MetricGenerator mg, Context<MetricGenerator> context) {
    try {
      return GeneratorObjects.scenario(
          mg,
          EffectiveScenario.of(mg, ref -> DashboardSources.json(mg, ref, context)),
          Incidents.file(mg, Reconciliation.of(context).incidents()));
    } catch (InvalidInputException e) {
      throw new ResourceProblem(
          "DashboardsUnreadable",
          "scenarioFrom: dashboards: "
              + e.problems().stream().map(Problem::toString).collect(Collectors.joining("; ")));
    }
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      MetricGenerator mg, Context<MetricGenerator> context) {
    return new ResourceID(Names.scenarioConfigMap(mg), mg.getMetadata().getNamespace());
  }
}
