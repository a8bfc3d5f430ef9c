package io.metricgen.operator.controller;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.metricgen.operator.desired.History;
import io.metricgen.operator.desired.Names;
import io.metricgen.operator.model.Backfill;
import io.metricgen.operator.model.MetricGenerator;
import java.time.OffsetDateTime;

/** The Backfill that writes a MetricGenerator's history, owned by it. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.BACKFILL))
class HistoryDependent extends CRUDKubernetesDependentResource<Backfill, MetricGenerator> {

  static final String NAME = "history";

  HistoryDependent() {
    super(Backfill.class);
  }

  @Override
  protected Backfill desired(MetricGenerator mg, Context<MetricGenerator> context) {
    // The reconciler records the epoch in status before the workflow runs.
    return History.backfill(mg, OffsetDateTime.parse(mg.getStatus().epoch).toInstant());
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      MetricGenerator mg, Context<MetricGenerator> context) {
    return new ResourceID(Names.history(mg), mg.getMetadata().getNamespace());
  }
}
