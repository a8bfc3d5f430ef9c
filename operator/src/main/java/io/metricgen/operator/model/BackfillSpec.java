package io.metricgen.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.metricgen.engine.model.Scenario;
import io.metricgen.engine.remotewrite.Backfiller;
import java.util.List;

/** What a Backfill asks for. Plain data. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.scenario) != has(self.metricGeneratorRef)",
    message = "give the scenario inline or as metricGeneratorRef, exactly one")
public class BackfillSpec {

  /** The most shards a Backfill may ask for: as many as {@code metricgen backfill} takes. */
  public static final int MAX_SHARDS = Backfiller.MAX_SHARDS;

  @SchemaFrom(type = Scenario.class)
  @JsonPropertyDescription(
      "The scenario: interval, seed and metrics, as in a metricgen scenario file.")
  public JsonNode scenario;

  @JsonPropertyDescription(
      "A MetricGenerator in the same namespace whose scenario this writes, with the labels its"
          + " live series get (job, namespace, metricgenerator), so history and live data are one"
          + " series.")
  public MetricGeneratorRef metricGeneratorRef;

  @Required
  @JsonPropertyDescription(
      "Start of the range, the scenario's time 0: RFC 3339, or relative to when the operator"
          + " first sees the resource, like -7d. Resolved once and kept in status.")
  public String start;

  @JsonPropertyDescription(
      "End of the range, exclusive: RFC 3339, now, or relative like -1h. Default now. Resolved"
          + " once and kept in status.")
  public String end;

  @JsonPropertyDescription("Where the samples go. Default: the operator's configured Prometheus.")
  public RemoteWriteTarget target;

  @Min(1)
  @Max(MAX_SHARDS)
  @JsonPropertyDescription(
      "Pods that split the series between them, in step (default 1, at most 32).")
  public Integer shards;

  @JsonPropertyDescription("How often to try again.")
  public Retries retries;

  @Pattern(MetricGeneratorSpec.DURATION)
  @JsonPropertyDescription(
      "How long after the backfill ends its Job, pods and checkpoints are removed (a duration"
          + " like 1h). The data stays, and so does the resource, with Expired=True.")
  public String ttl;

  @JsonPropertyDescription("The pods that write.")
  public Workload job;

  /** A MetricGenerator of the same namespace. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class MetricGeneratorRef {
    @Required
    @Pattern(MetricGeneratorSpec.DNS_LABEL)
    @JsonPropertyDescription("Name of the MetricGenerator.")
    public String name;
  }

  /** Retry limits. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Retries {
    @Min(0)
    @Max(100)
    @JsonPropertyDescription(
        "Pod failures tolerated across all shards before the backfill fails (the Job's"
            + " backoffLimit; default 6). A refusal no retry can fix fails it at once.")
    public Integer podFailures;

    @Min(1)
    @Max(100)
    @JsonPropertyDescription(
        "Attempts per request before a pod gives up (default 10), with backoff, honouring"
            + " Retry-After.")
    public Integer requestAttempts;
  }

  /** The pods' image and resources. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Workload {
    @JsonPropertyDescription("Image of metricgen. Default: the operator's own.")
    public String image;

    @JsonPropertyDescription("Compute resources of each pod.")
    public ResourceRequirements resources;

    @JsonPropertyDescription("Pull secrets for the image.")
    public List<LocalObjectReference> imagePullSecrets;
  }
}
