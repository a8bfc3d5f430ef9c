package io.metricgen.operator.controller;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.metricgen.operator.desired.GeneratorObjects;
import io.metricgen.operator.desired.Names;
import io.metricgen.operator.model.MetricGenerator;

/** The open-ended generator: a Deployment running {@code metricgen push}. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.GENERATOR))
class GeneratorDeploymentDependent
    extends CRUDKubernetesDependentResource<Deployment, MetricGenerator> {

  GeneratorDeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  protected Deployment desired(MetricGenerator mg, Context<MetricGenerator> context) {
    return (Deployment) GeneratorObjects.workload(mg, Reconciliation.of(context).config());
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      MetricGenerator mg, Context<MetricGenerator> context) {
    return new ResourceID(Names.generator(mg), mg.getMetadata().getNamespace());
  }
}
