package io.metricgen.operator.controller;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.metricgen.operator.desired.Names;
import io.metricgen.operator.desired.PushgatewayObjects;
import io.metricgen.operator.model.MetricGenerator;

/** The managed Pushgateway's Service, which the generator pushes to and Prometheus scrapes. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.PUSHGATEWAY))
class PushgatewayServiceDependent
    extends CRUDKubernetesDependentResource<Service, MetricGenerator> {

  PushgatewayServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(MetricGenerator mg, Context<MetricGenerator> context) {
    return PushgatewayObjects.service(mg);
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      MetricGenerator mg, Context<MetricGenerator> context) {
    return new ResourceID(Names.pushgateway(mg), mg.getMetadata().getNamespace());
  }
}
