package io.metricgen.operator.desired;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorSpec;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the Prometheus operator learns of a resource's Pushgateway, in the modes that don't edit the
 * scrape Secret: a ServiceMonitor on the managed Pushgateway's Service, or a ScrapeConfig with its
 * address (managed or external). Both honour the pushed labels, as the Secret's job does, and carry
 * the labels the Prometheus selects them by.
 *
 * @see <a href="https://prometheus-operator.dev/docs/api-reference/api/">The Prometheus operator's
 *     API</a>
 */
public final class ScrapeObjects {

  public static final String SERVICE_MONITOR_API = "monitoring.coreos.com/v1";
  public static final String SCRAPE_CONFIG_API = "monitoring.coreos.com/v1alpha1";

  private ScrapeObjects() {}

  /**
   * The object the configured mode writes for {@code mg}, if any: a ServiceMonitor needs a managed
   * Pushgateway (it selects a Service); the Secret mode writes none of these.
   */
  public static Optional<GenericKubernetesResource> of(MetricGenerator mg, OperatorConfig config) {
    return switch (config.scrapeMode()) {
      case secret -> Optional.empty();
      case serviceMonitor ->
          PushgatewayObjects.managed(mg)
              ? Optional.of(serviceMonitor(mg, config))
              : Optional.empty();
      case scrapeConfig -> Optional.of(scrapeConfig(mg, config));
    };
  }

  static GenericKubernetesResource serviceMonitor(MetricGenerator mg, OperatorConfig config) {
    Map<String, Object> endpoint = new LinkedHashMap<>();
    endpoint.put("port", "http");
    endpoint.put("path", "/metrics");
    endpoint.put("honorLabels", true);
    endpoint.put("interval", interval(mg));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("selector", Map.of("matchLabels", Common.selector(mg, PushgatewayObjects.COMPONENT)));
    spec.put("endpoints", List.of(endpoint));
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(SERVICE_MONITOR_API)
        .withKind("ServiceMonitor")
        .withMetadata(metadata(mg, config))
        .addToAdditionalProperties("spec", spec)
        .build();
  }

  static GenericKubernetesResource scrapeConfig(MetricGenerator mg, OperatorConfig config) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("honorLabels", true);
    spec.put("scrapeInterval", interval(mg));
    String target;
    if (PushgatewayObjects.managed(mg)) {
      target = Names.pushgateway(mg) + "." + mg.getMetadata().getNamespace() + ".svc:9091";
    } else {
      URI url = URI.create(mg.getSpec().pushgateway.url);
      int port = url.getPort() > 0 ? url.getPort() : url.getScheme().equals("https") ? 443 : 80;
      target = url.getHost() + ":" + port;
      if (url.getScheme().equals("https")) {
        spec.put("scheme", "HTTPS");
      }
      String path = url.getRawPath() == null ? "" : url.getRawPath().replaceAll("/+$", "");
      spec.put("metricsPath", path + "/metrics");
    }
    spec.put("staticConfigs", List.of(Map.of("targets", List.of(target))));
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(SCRAPE_CONFIG_API)
        .withKind("ScrapeConfig")
        .withMetadata(metadata(mg, config))
        .addToAdditionalProperties("spec", spec)
        .build();
  }

  /** Owned by the resource, named after its Pushgateway, with the Prometheus's selector labels. */
  private static ObjectMeta metadata(MetricGenerator mg, OperatorConfig config) {
    ObjectMeta meta = Common.owned(mg, Names.pushgateway(mg), PushgatewayObjects.COMPONENT);
    Map<String, String> labels = new LinkedHashMap<>(config.scrapeLabels());
    labels.putAll(meta.getLabels());
    meta.setLabels(labels);
    return meta;
  }

  private static String interval(MetricGenerator mg) {
    MetricGeneratorSpec.ScrapeConfigSpec sc = mg.getSpec().scrapeConfig;
    return sc != null && sc.interval != null ? sc.interval : "15s";
  }
}
