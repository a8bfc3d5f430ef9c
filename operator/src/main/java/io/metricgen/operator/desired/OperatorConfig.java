package io.metricgen.operator.desired;

/**
 * Defaults that come from the operator's configuration rather than a resource.
 *
 * @param scrapeSecretNamespace where the Prometheus additional-scrape-configs Secret lives
 * @param scrapeSecretName its name
 * @param scrapeSecretKey the key holding the scrape configurations (a YAML list)
 * @param grafanaNamespace where dashboard ConfigMaps go (the Grafana sidecar watches it); null for
 *     the resource's own namespace
 * @param generatorImage the metricgen image that runs {@code push}
 * @param pushgatewayImage the default managed Pushgateway image
 */
public record OperatorConfig(
    String scrapeSecretNamespace,
    String scrapeSecretName,
    String scrapeSecretKey,
    String grafanaNamespace,
    String generatorImage,
    String pushgatewayImage) {

  /** kube-prometheus-stack's conventions. */
  public static final OperatorConfig DEFAULT =
      new OperatorConfig(
          "monitoring",
          "additional-scrape-configs",
          "additional-scrape-configs.yaml",
          null,
          "ghcr.io/metricgen/metricgen:0.1.0",
          "prom/pushgateway:v1.10.0");
}
