package io.metricgen.operator.controller;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.metricgen.operator.desired.GeneratorObjects;
import io.metricgen.operator.desired.Names;
import io.metricgen.operator.model.MetricGenerator;

/** The scenario, as a ConfigMap the generator mounts. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.GENERATOR))
class ScenarioConfigMapDependent
    extends CRUDKubernetesDependentResource<ConfigMap, MetricGenerator> {

  ScenarioConfigMapDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap desired(MetricGenerator mg, Context<MetricGenerator> context) {
    return GeneratorObjects.scenario(mg);
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      MetricGenerator mg, Context<MetricGenerator> context) {
    return new ResourceID(Names.scenarioConfigMap(mg), mg.getMetadata().getNamespace());
  }
}
