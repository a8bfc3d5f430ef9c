package io.metricgen.operator.desired;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Grafana dashboards: ConfigMaps that Grafana's sidecar loads (by default kube-prometheus-stack's
 * label {@code grafana_dashboard: "1"} and folder annotation {@code grafana_folder}), or
 * GrafanaDashboard resources of the grafana-operator. A preview prefixes titles and suffixes uids,
 * so previews never overwrite each other or the original.
 */
public final class DashboardObjects {

  public static final String COMPONENT = "dashboard";
  public static final String GRAFANA_DASHBOARD_API = "grafana.integreatly.org/v1beta1";
  static final int MAX_UID = 40;
  private static final ObjectMapper JSON = new ObjectMapper();

  private DashboardObjects() {}

  /** The ConfigMap of one dashboard, whose JSON the caller has (inline or from a ConfigMap). */
  public static ConfigMap configMap(
      MetricGenerator mg, MetricGeneratorSpec.DashboardSpec d, String json, OperatorConfig config) {
    OperatorConfig.Dashboards delivery = config.dashboards();
    ObjectMeta meta = metadata(mg, d, config);
    meta.getLabels().putAll(delivery.sidecarLabels());
    if (d.folder != null) {
      meta.setAnnotations(Map.of(delivery.folderAnnotation(), d.folder));
    }
    return new ConfigMapBuilder()
        .withMetadata(meta)
        .withData(Map.of(d.name + ".json", preview(mg, json)))
        .build();
  }

  /** The grafana-operator's resource for one dashboard, for the instances the operator selects. */
  public static GenericKubernetesResource grafanaDashboard(
      MetricGenerator mg, MetricGeneratorSpec.DashboardSpec d, String json, OperatorConfig config) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("instanceSelector", Map.of("matchLabels", config.dashboards().instanceSelector()));
    if (d.folder != null) {
      spec.put("folder", d.folder);
    }
    spec.put("json", preview(mg, json));
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(GRAFANA_DASHBOARD_API)
        .withKind("GrafanaDashboard")
        .withMetadata(metadata(mg, d, config))
        .addToAdditionalProperties("spec", spec)
        .build();
  }

  /**
   * In the Grafana namespace when one is configured, else the resource's own: owned there; in
   * another namespace, where owner references can't reach, the finalizer removes it.
   */
  private static ObjectMeta metadata(
      MetricGenerator mg, MetricGeneratorSpec.DashboardSpec d, OperatorConfig config) {
    String namespace =
        config.grafanaNamespace() != null
            ? config.grafanaNamespace()
            : mg.getMetadata().getNamespace();
    if (namespace.equals(mg.getMetadata().getNamespace())) {
      return Common.owned(mg, Names.dashboardConfigMap(mg, d.name), COMPONENT);
    }
    return new ObjectMetaBuilder()
        .withName(Names.dashboardConfigMap(mg, d.name))
        .withNamespace(namespace)
        .withLabels(Common.labels(mg, COMPONENT))
        .build();
  }

  /** The namespace a resource's dashboards go to. */
  public static String namespace(MetricGenerator mg, OperatorConfig config) {
    return config.grafanaNamespace() != null
        ? config.grafanaNamespace()
        : mg.getMetadata().getNamespace();
  }

  /** The dashboard JSON with a preview's title prefix and uid suffix, or as it is. */
  static String preview(MetricGenerator mg, String json) {
    MetricGeneratorSpec.PreviewSpec p = mg.getSpec().preview;
    if (p == null) {
      return json;
    }
    try {
      ObjectNode dashboard = (ObjectNode) JSON.readTree(json);
      dashboard.put("title", "[" + p.id + "] " + dashboard.path("title").asText("dashboard"));
      dashboard.put(
          "uid", previewUid(dashboard.path("uid").asText(mg.getMetadata().getName()), p.id));
      dashboard.remove("id");
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(dashboard);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalArgumentException("a dashboard must be a JSON object", e);
    }
  }

  /**
   * A uid for a preview: at most 40 characters of {@code [a-zA-Z0-9-_]}, ending in the preview id.
   * A long or unusual uid is cut and made unique with a hash of the whole of it.
   */
  public static String previewUid(String uid, String previewId) {
    String suffix = "-" + previewId;
    String clean = uid.replaceAll("[^a-zA-Z0-9_-]", "-");
    if (clean.equals(uid) && clean.length() + suffix.length() <= MAX_UID) {
      return clean + suffix;
    }
    String hash = sha256(uid).substring(0, 8);
    int keep = Math.max(0, MAX_UID - suffix.length() - hash.length() - 1);
    return clean.substring(0, Math.min(keep, clean.length())) + "-" + hash + suffix;
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
