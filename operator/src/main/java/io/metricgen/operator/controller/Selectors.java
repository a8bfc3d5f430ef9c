package io.metricgen.operator.controller;

import io.metricgen.operator.desired.BackfillObjects;
import io.metricgen.operator.desired.DashboardObjects;
import io.metricgen.operator.desired.GeneratorObjects;
import io.metricgen.operator.desired.Names;
import io.metricgen.operator.desired.PushgatewayObjects;

/**
 * Label selectors for the dependents' informers: each caches only the operator's own objects of one
 * component, so no informer holds a cluster's worth of ConfigMaps or Deployments.
 */
final class Selectors {

  private static final String OURS = Names.MANAGED_BY_LABEL + "=" + Names.MANAGED_BY + ",";

  static final String PUSHGATEWAY =
      OURS + Names.COMPONENT_LABEL + "=" + PushgatewayObjects.COMPONENT;
  static final String GENERATOR = OURS + Names.COMPONENT_LABEL + "=" + GeneratorObjects.COMPONENT;
  static final String DASHBOARD = OURS + Names.COMPONENT_LABEL + "=" + DashboardObjects.COMPONENT;
  static final String BACKFILL = OURS + Names.COMPONENT_LABEL + "=" + BackfillObjects.COMPONENT;
  static final String CHECKPOINT =
      OURS + Names.COMPONENT_LABEL + "=" + BackfillObjects.CHECKPOINT_COMPONENT;

  private Selectors() {}
}
