package io.metricgen.operator.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorSpec;
import java.util.List;

/**
 * Where a dashboard's JSON comes from, for either way it reaches Grafana: inline, or a ConfigMap of
 * the resource's namespace read at each reconciliation.
 */
final class DashboardSources {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DashboardSources() {}

  /** The JSON of dashboard {@code index}; a missing source is the owner's to fix. */
  static String json(
      MetricGenerator mg,
      MetricGeneratorSpec.DashboardSpec d,
      int index,
      Context<MetricGenerator> context) {
    return d.json != null ? d.json : fromConfigMap(mg, d, index, context);
  }

  /** The JSON a dashboard's ConfigMap reference points at. */
  static String json(
      MetricGenerator mg,
      MetricGeneratorSpec.ConfigMapKeyRef ref,
      Context<MetricGenerator> context) {
    List<MetricGeneratorSpec.DashboardSpec> all = mg.getSpec().dashboards;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).configMapRef == ref) {
        return fromConfigMap(mg, all.get(i), i, context);
      }
    }
    throw new IllegalArgumentException("not a dashboard of this resource");
  }

  private static String fromConfigMap(
      MetricGenerator mg,
      MetricGeneratorSpec.DashboardSpec d,
      int index,
      Context<MetricGenerator> context) {
    String namespace = mg.getMetadata().getNamespace();
    ConfigMap source =
        context.getClient().configMaps().inNamespace(namespace).withName(d.configMapRef.name).get();
    String field = "spec.dashboards[" + index + "].configMapRef";
    if (source == null) {
      throw new ResourceProblem(
          "DashboardNotFound",
          field + ": no ConfigMap " + d.configMapRef.name + " in namespace " + namespace);
    }
    String json = source.getData() == null ? null : source.getData().get(d.configMapRef.key);
    if (json == null) {
      throw new ResourceProblem(
          "DashboardNotFound",
          field + ": ConfigMap " + d.configMapRef.name + " has no key " + d.configMapRef.key);
    }
    return json;
  }

  static String uid(String dashboardJson) {
    try {
      return JSON.readTree(dashboardJson).path("uid").asText(null);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
