package io.metricgen.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator reports of a Backfill. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackfillStatus implements Conditioned {

  @JsonPropertyDescription("Where the backfill stands: Pending, Running, Succeeded or Failed.")
  public String phase;

  @JsonPropertyDescription("The generation of the spec this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription(
      "Ready, Expired, Degraded, and Reconciling and Stalled (read by kstatus), with reasons and"
          + " messages.")
  public List<Condition> conditions = new ArrayList<>();

  @Override
  public List<Condition> conditions() {
    return conditions;
  }

  @JsonPropertyDescription("Start of the range as resolved at the first reconcile (RFC 3339).")
  public String start;

  @JsonPropertyDescription("End of the range as resolved at the first reconcile (RFC 3339).")
  public String end;

  @JsonPropertyDescription("When the Job was created (RFC 3339).")
  public String startTime;

  @JsonPropertyDescription("When the Job succeeded or failed (RFC 3339).")
  public String completionTime;

  @JsonPropertyDescription("Samples stored, over all shards.")
  public Long samplesWritten;

  @JsonPropertyDescription(
      "Samples to store, over all shards: a sample for every step of every series (series the"
          + " scenario leaves absent for a while store fewer; exact once done).")
  public Long samplesTotal;

  @JsonPropertyDescription("Share of the range stored, like 42%.")
  public String progress;

  @JsonPropertyDescription("Time left at the rate so far, like 3m20s.")
  public String estimatedTimeLeft;

  @JsonPropertyDescription("Each shard's progress.")
  public List<Shard> shards = new ArrayList<>();

  @JsonPropertyDescription("The last error a shard reported, with the receiver's own words.")
  public String lastError;

  @JsonPropertyDescription("When the Job and checkpoints are removed (RFC 3339).")
  public String expiresAt;

  /** One shard. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Shard {
    @JsonPropertyDescription("The shard's index (its pods' JOB_COMPLETION_INDEX).")
    public Integer index;

    @JsonPropertyDescription("Share of the range this shard stored, like 42%.")
    public String progress;

    @JsonPropertyDescription("Samples this shard stored.")
    public Long samplesWritten;

    @JsonPropertyDescription("Time up to which this shard stored every sample (RFC 3339).")
    public String storedUntil;

    @JsonPropertyDescription("Why this shard's last run stopped, if it did.")
    public String error;
  }
}
