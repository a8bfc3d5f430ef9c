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
 * @param remoteWriteUrl where Backfills without a target of their own write: the cluster's
 *     Prometheus
 */
public record OperatorConfig(
    String scrapeSecretNamespace,
    String scrapeSecretName,
    String scrapeSecretKey,
    String grafanaNamespace,
    String generatorImage,
    String pushgatewayImage,
    String remoteWriteUrl) {

  /** kube-prometheus-stack's Prometheus, through the Service the Prometheus operator makes. */
  public static final String DEFAULT_REMOTE_WRITE_URL =
      "http://prometheus-operated.monitoring.svc:9090/api/v1/write";

  /** With the default remote-write URL. */
  public OperatorConfig(
      String scrapeSecretNamespace,
      String scrapeSecretName,
      String scrapeSecretKey,
      String grafanaNamespace,
      String generatorImage,
      String pushgatewayImage) {
    this(
        scrapeSecretNamespace,
        scrapeSecretName,
        scrapeSecretKey,
        grafanaNamespace,
        generatorImage,
        pushgatewayImage,
        DEFAULT_REMOTE_WRITE_URL);
  }

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
