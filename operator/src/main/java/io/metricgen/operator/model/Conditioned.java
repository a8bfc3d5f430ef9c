package io.metricgen.operator.model;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** A status with conditions: what the operator compares to tell what changed. */
public interface Conditioned {

  List<Condition> conditions();
}
