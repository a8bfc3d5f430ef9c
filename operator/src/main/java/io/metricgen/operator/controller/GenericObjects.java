package io.metricgen.operator.controller;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.Map;
import java.util.Objects;

/**
 * Objects of other projects' kinds (ServiceMonitors, ScrapeConfigs, GrafanaDashboards), written
 * without an informer: read, and written only when their spec or labels differ, so that a resource
 * at rest costs their controllers nothing.
 */
final class GenericObjects {

  private GenericObjects() {}

  static void apply(KubernetesClient client, GenericKubernetesResource desired) {
    GenericKubernetesResource current = client.resource(desired).get();
    if (current != null
        && Objects.equals(
            current.getAdditionalProperties().get("spec"),
            desired.getAdditionalProperties().get("spec"))
        && labels(current).entrySet().containsAll(labels(desired).entrySet())) {
      return;
    }
    client.resource(desired).createOr(NonDeletingOperation::update);
  }

  private static Map<String, String> labels(GenericKubernetesResource r) {
    return r.getMetadata().getLabels() == null ? Map.of() : r.getMetadata().getLabels();
  }
}
