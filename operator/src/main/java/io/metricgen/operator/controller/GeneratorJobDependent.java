package io.metricgen.operator.controller;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.metricgen.operator.desired.GeneratorObjects;
import io.metricgen.operator.desired.Names;
import io.metricgen.operator.model.MetricGenerator;

/**
 * The generator with a duration: a Job. Created only, never updated: a Job's pod template can't
 * change once it exists, and a finished run should stay finished.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.GENERATOR))
class GeneratorJobDependent extends KubernetesDependentResource<Job, MetricGenerator>
    implements Creator<Job, MetricGenerator>, GarbageCollected<MetricGenerator> {

  GeneratorJobDependent() {
    super(Job.class);
  }

  @Override
  protected Job desired(MetricGenerator mg, Context<MetricGenerator> context) {
    return (Job) GeneratorObjects.workload(mg, Reconciliation.of(context).config());
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      MetricGenerator mg, Context<MetricGenerator> context) {
    return new ResourceID(Names.generator(mg), mg.getMetadata().getNamespace());
  }
}
