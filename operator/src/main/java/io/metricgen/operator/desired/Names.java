package io.metricgen.operator.desired;

import io.metricgen.operator.model.Backfill;
import io.metricgen.operator.model.MetricGenerator;

/** Every name derived from a MetricGenerator, in one place: dependents and tests call these. */
public final class Names {

  /** The label on every object the operator makes, and its value. */
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  public static final String MANAGED_BY = "metricgen-operator";

  /** The label that says which part of a resource an object is. */
  public static final String COMPONENT_LABEL = "app.kubernetes.io/component";

  private Names() {}

  public static String pushgateway(MetricGenerator mg) {
    return mg.getMetadata().getName() + "-pushgateway";
  }

  public static String scenarioConfigMap(MetricGenerator mg) {
    return mg.getMetadata().getName() + "-scenario";
  }

  public static String generator(MetricGenerator mg) {
    return mg.getMetadata().getName() + "-generator";
  }

  public static String dashboardConfigMap(MetricGenerator mg, String dashboard) {
    return mg.getMetadata().getName() + "-dashboard-" + dashboard;
  }

  /** The scrape job in the shared Secret: namespace and name make it unique in a cluster. */
  public static String scrapeJob(MetricGenerator mg) {
    return "metricgen/" + mg.getMetadata().getNamespace() + "/" + mg.getMetadata().getName();
  }

  /** The in-cluster URL of the managed Pushgateway. */
  public static String pushgatewayUrl(MetricGenerator mg) {
    return "http://" + pushgateway(mg) + "." + mg.getMetadata().getNamespace() + ".svc:9091";
  }

  /** The Backfill that writes a MetricGenerator's history. */
  public static String history(MetricGenerator mg) {
    return mg.getMetadata().getName() + "-history";
  }

  /** A Backfill's Job, and its ServiceAccount, Role and RoleBinding. */
  public static String backfill(Backfill bf) {
    return bf.getMetadata().getName() + "-backfill";
  }

  public static String backfillScenario(Backfill bf) {
    return bf.getMetadata().getName() + "-backfill-scenario";
  }

  /** What the shards' checkpoint ConfigMaps are named after: shard i has {@code <prefix>-i}. */
  public static String checkpointPrefix(Backfill bf) {
    return bf.getMetadata().getName() + "-backfill-shard";
  }

  public static String checkpoint(Backfill bf, int shard) {
    return checkpointPrefix(bf) + "-" + shard;
  }
}
