package io.metricgen.operator.controller;

import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.metricgen.operator.desired.Incidents;
import io.metricgen.operator.model.MetricGenerator;
import java.util.Map;
import java.util.Objects;

/**
 * Which updates of a MetricGenerator start a pass: a new generation (its spec changed), a change of
 * its incident annotation (which changes no generation), and what JOSDK itself needs (a deletion
 * begun, finalizers changed). Not status writes, the operator's own.
 */
public class SpecOrIncidentChanged implements OnUpdateFilter<MetricGenerator> {

  @Override
  public boolean accept(MetricGenerator updated, MetricGenerator old) {
    Long before = old.getMetadata().getGeneration();
    Long after = updated.getMetadata().getGeneration();
    return before == null
        || after == null
        || after > before
        || !Objects.equals(incident(updated), incident(old))
        || (updated.isMarkedForDeletion() && !old.isMarkedForDeletion())
        || !Objects.equals(
            updated.getMetadata().getFinalizers(), old.getMetadata().getFinalizers());
  }

  private static String incident(MetricGenerator mg) {
    Map<String, String> annotations = mg.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(Incidents.ANNOTATION);
  }
}
