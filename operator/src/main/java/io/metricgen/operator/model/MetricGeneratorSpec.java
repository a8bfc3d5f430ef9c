package io.metricgen.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.metricgen.engine.model.Scenario;
import java.util.ArrayList;
import java.util.List;

/** What a MetricGenerator asks for. Plain data. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.ttl) && has(self.expiresAt))",
    message = "set ttl or expiresAt, not both")
@ValidationRule(
    value = "has(self.scenario) != has(self.scenarioFrom)",
    message = "set scenario, or scenarioFrom: dashboards, not both")
@ValidationRule(
    value = "!has(self.scenarioFrom) || (has(self.dashboards) && size(self.dashboards) > 0)",
    message = "scenarioFrom: dashboards needs dashboards")
public class MetricGeneratorSpec {

  /** Where a scenario can come from other than the resource itself. */
  public enum ScenarioSource {
    /** Scaffolded from the resource's own dashboards, as metricgen scaffold makes it. */
    dashboards
  }

  /** Durations as Prometheus writes them. */
  public static final String DURATION = "^([0-9]+(ms|s|m|h|d|w|y))+$";

  /** A namespace's name. */
  public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /** A Secret's name. */
  public static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A key of a Secret's data, as Kubernetes allows. */
  public static final String SECRET_KEY = "^[-._a-zA-Z0-9]+$";

  // Kept as a tree and bound by the operator, so that a shape of the wrong type (shapes are
  // free-form in the schema) becomes a condition naming the field, not an unreadable resource
  // that stops the operator's watch.
  @SchemaFrom(type = Scenario.class)
  @JsonPropertyDescription(
      "The scenario: interval, seed and metrics, as in a metricgen scenario file. Required"
          + " unless scenarioFrom is set.")
  public JsonNode scenario;

  @JsonPropertyDescription(
      "dashboards: make the scenario from the resource's own dashboards, as metricgen scaffold"
          + " does, so that every panel has data. metricgen render shows the scenario it makes.")
  public ScenarioSource scenarioFrom;

  @JsonPropertyDescription(
      "Where the generator pushes: a Pushgateway the operator deploys (the default), or an"
          + " external one.")
  public PushgatewaySpec pushgateway;

  @JsonPropertyDescription(
      "The Prometheus additional-scrape-configs Secret that gets a job for the managed"
          + " Pushgateway. Defaults come from the operator's configuration.")
  public ScrapeConfigSpec scrapeConfig;

  @JsonPropertyDescription("Grafana dashboards to install with the data.")
  public List<DashboardSpec> dashboards = new ArrayList<>();

  @JsonPropertyDescription(
      "A preview, for example of a merge request: dashboard titles get a prefix and uids a"
          + " suffix, so previews never overwrite each other or the original dashboards.")
  public PreviewSpec preview;

  @Pattern(DURATION)
  @JsonPropertyDescription(
      "How long after creation everything the operator made is removed (a duration like 2h or"
          + " 3d). The resource stays, with status Expired.")
  public String ttl;

  @JsonPropertyDescription(
      "When everything the operator made is removed (RFC 3339). The resource stays, with"
          + " status Expired.")
  public String expiresAt;

  @JsonPropertyDescription("The generator workload that pushes the scenario's values.")
  public GeneratorSpec generator;

  @JsonPropertyDescription(
      "History before the live data: a Backfill, owned by this resource, writes the scenario's"
          + " last duration, and the generator continues the same series from there, without a"
          + " gap or a jump.")
  public HistorySpec history;

  /** History written before the live data. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class HistorySpec {
    @Required
    @Pattern(DURATION)
    @JsonPropertyDescription("How much history, like 7d. It ends where the live data begins.")
    public String duration;

    @JsonPropertyDescription(
        "Where the history goes. Default: the operator's configured Prometheus, which must take"
            + " samples this old (storage.tsdb.out_of_order_time_window).")
    public RemoteWriteTarget target;

    @io.fabric8.generator.annotation.Min(1)
    @io.fabric8.generator.annotation.Max(BackfillSpec.MAX_SHARDS)
    @JsonPropertyDescription("Pods that write it (default 1, at most 32).")
    public Integer shards;
  }

  /** The Pushgateway to push to. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "!(has(self.url) && has(self.managed) && self.managed)",
      message = "a managed Pushgateway has no url; set managed: false to use an external one")
  public static class PushgatewaySpec {
    @JsonPropertyDescription(
        "Deploy a Pushgateway (Deployment and Service on port 9091) for this resource. Default"
            + " true unless url is set.")
    public Boolean managed;

    @JsonPropertyDescription("Image of the managed Pushgateway. Default prom/pushgateway:v1.10.0.")
    public String image;

    @Pattern("^https?://.+")
    @JsonPropertyDescription(
        "URL of an external Pushgateway, like http://pushgateway.monitoring:9091.")
    public String url;
  }

  /** The scrape configuration Secret to patch. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ScrapeConfigSpec {
    @Pattern(DNS_LABEL)
    @JsonPropertyDescription("Namespace of the Secret. Default: the operator's configuration.")
    public String secretNamespace;

    @Pattern(DNS_SUBDOMAIN)
    @JsonPropertyDescription("Name of the Secret. Default: additional-scrape-configs.")
    public String secretName;

    @Pattern(SECRET_KEY)
    @JsonPropertyDescription("Key in the Secret. Default: additional-scrape-configs.yaml.")
    public String key;

    @Pattern(DURATION)
    @JsonPropertyDescription("Scrape interval of the job. Default 15s.")
    public String interval;
  }

  /** One Grafana dashboard. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "has(self.json) != has(self.configMapRef)",
      message = "give the dashboard as json or as configMapRef, exactly one")
  public static class DashboardSpec {
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("Name of the dashboard, used in the ConfigMap's name.")
    public String name;

    @JsonPropertyDescription("The dashboard JSON, inline.")
    public String json;

    @JsonPropertyDescription(
        "A ConfigMap in the resource's namespace that holds the dashboard JSON.")
    public ConfigMapKeyRef configMapRef;

    @JsonPropertyDescription(
        "Grafana folder: the sidecar's folder annotation, or the GrafanaDashboard's folder.")
    public String folder;
  }

  /** A key of a ConfigMap. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ConfigMapKeyRef {
    @Required
    @JsonPropertyDescription("Name of the ConfigMap.")
    public String name;

    @Required
    @JsonPropertyDescription("Key that holds the dashboard JSON.")
    public String key;
  }

  /** Preview settings. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PreviewSpec {
    @Required
    @Pattern("^[a-zA-Z0-9][a-zA-Z0-9-]{0,29}$")
    @JsonPropertyDescription(
        "Preview id, like mr-123: up to 30 letters, digits and dashes, starting with a letter or"
            + " digit.")
    public String id;
  }

  /** The generator workload. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class GeneratorSpec {
    @JsonPropertyDescription("Image of the metricgen generator. Default: the operator's own.")
    public String image;

    @JsonPropertyDescription("Compute resources of the generator container.")
    public ResourceRequirements resources;

    @JsonPropertyDescription("Pull secrets for the generator's and the Pushgateway's images.")
    public List<LocalObjectReference> imagePullSecrets;

    @JsonPropertyDescription(
        "Push in the protobuf format, with native histograms and exemplars, which the Pushgateway"
            + " keeps as pushed; for a Prometheus started with"
            + " --enable-feature=native-histograms (kube-prometheus-stack:"
            + " prometheus.prometheusSpec.enableFeatures). Default false: the text format, in which"
            + " native histograms go as classic buckets.")
    public Boolean nativeHistograms;

    @Pattern(DURATION)
    @JsonPropertyDescription(
        "Run for this long as a Job, then delete the Pushgateway group. Without it the generator"
            + " is a Deployment that runs until the resource expires or goes.")
    public String duration;
  }
}
