package io.metricgen.operator.controller;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.metricgen.operator.desired.Names;
import io.metricgen.operator.desired.PushgatewayObjects;
import io.metricgen.operator.model.MetricGenerator;

/** The managed Pushgateway's Deployment. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.PUSHGATEWAY))
class PushgatewayDeploymentDependent
    extends CRUDKubernetesDependentResource<Deployment, MetricGenerator> {

  PushgatewayDeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  protected Deployment desired(MetricGenerator mg, Context<MetricGenerator> context) {
    return PushgatewayObjects.deployment(mg, Reconciliation.of(context).config());
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      MetricGenerator mg, Context<MetricGenerator> context) {
    return new ResourceID(Names.pushgateway(mg), mg.getMetadata().getNamespace());
  }
}
