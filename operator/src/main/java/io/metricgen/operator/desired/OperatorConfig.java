package io.metricgen.operator.desired;

import java.util.Map;

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
 * @param scrapeMode how Prometheus learns of a resource's Pushgateway
 * @param scrapeLabels labels on the ServiceMonitors and ScrapeConfigs, for the Prometheus that
 *     selects them (kube-prometheus-stack: {@code release: <its release>})
 * @param dashboards how dashboards reach Grafana
 */
public record OperatorConfig(
    String scrapeSecretNamespace,
    String scrapeSecretName,
    String scrapeSecretKey,
    String grafanaNamespace,
    String generatorImage,
    String pushgatewayImage,
    String remoteWriteUrl,
    ScrapeMode scrapeMode,
    Map<String, String> scrapeLabels,
    Dashboards dashboards) {

  /** How dashboards reach Grafana. */
  public enum DashboardMode {
    /** ConfigMaps that Grafana's k8s-sidecar loads. */
    sidecar,
    /** GrafanaDashboard resources (grafana.integreatly.org/v1beta1) of the grafana-operator. */
    grafanaOperator
  }

  /**
   * @param sidecarLabels the labels the sidecar looks for on ConfigMaps
   * @param folderAnnotation the annotation the sidecar reads a folder from: the k8s-sidecar's own
   *     is k8s-sidecar-target-directory; grafana_folder works where the Grafana chart sets
   *     sidecar.dashboards.folderAnnotation to it
   * @param instanceSelector the labels of the Grafana instances a GrafanaDashboard is for
   */
  public record Dashboards(
      DashboardMode mode,
      Map<String, String> sidecarLabels,
      String folderAnnotation,
      Map<String, String> instanceSelector) {

    /** kube-prometheus-stack's sidecar as its Grafana chart configures it. */
    public static final Dashboards SIDECAR =
        new Dashboards(
            DashboardMode.sidecar,
            Map.of("grafana_dashboard", "1"),
            "grafana_folder",
            Map.of("dashboards", "grafana"));

    public Dashboards {
      sidecarLabels = Map.copyOf(sidecarLabels);
      instanceSelector = Map.copyOf(instanceSelector);
    }
  }

  /** How Prometheus learns of a resource's Pushgateway. */
  public enum ScrapeMode {
    /** A job in the additional-scrape-configs Secret (managed Pushgateways). */
    secret,
    /** A ServiceMonitor (monitoring.coreos.com/v1) on the managed Pushgateway's Service. */
    serviceMonitor,
    /** A ScrapeConfig (monitoring.coreos.com/v1alpha1) for a managed or external Pushgateway. */
    scrapeConfig
  }

  public OperatorConfig {
    scrapeLabels = Map.copyOf(scrapeLabels);
  }

  /** With the default remote-write URL, and the scrape Secret. */
  public OperatorConfig(
      String scrapeSecretNamespace,
      String scrapeSecretName,
      String scrapeSecretKey,
      String grafanaNamespace,
      String generatorImage,
      String pushgatewayImage,
      String remoteWriteUrl) {
    this(
        scrapeSecretNamespace,
        scrapeSecretName,
        scrapeSecretKey,
        grafanaNamespace,
        generatorImage,
        pushgatewayImage,
        remoteWriteUrl,
        ScrapeMode.secret,
        Map.of(),
        Dashboards.SIDECAR);
  }

  /** This configuration with another scrape mode and labels. */
  public OperatorConfig withScrape(ScrapeMode mode, Map<String, String> labels) {
    return new OperatorConfig(
        scrapeSecretNamespace,
        scrapeSecretName,
        scrapeSecretKey,
        grafanaNamespace,
        generatorImage,
        pushgatewayImage,
        remoteWriteUrl,
        mode,
        labels,
        dashboards);
  }

  /** This configuration with another way to Grafana. */
  public OperatorConfig withDashboards(Dashboards delivery) {
    return new OperatorConfig(
        scrapeSecretNamespace,
        scrapeSecretName,
        scrapeSecretKey,
        grafanaNamespace,
        generatorImage,
        pushgatewayImage,
        remoteWriteUrl,
        scrapeMode,
        scrapeLabels,
        delivery);
  }

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
