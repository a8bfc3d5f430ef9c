package io.metricgen.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator reports of a MetricGenerator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetricGeneratorStatus implements Conditioned {

  @JsonPropertyDescription(
      "Where the resource stands, in a word: Pending, Running, Completed, Invalid, Degraded or"
          + " Expired.")
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

  @JsonPropertyDescription("When everything the operator made is removed (RFC 3339).")
  public String expiresAt;

  @JsonPropertyDescription("URL of the Pushgateway the generator pushes to.")
  public String pushgatewayUrl;

  @JsonPropertyDescription(
      "The scenario's time 0 (RFC 3339) when spec.history is set: where the history starts, and"
          + " what the generator counts from. Resolved once.")
  public String epoch;

  @JsonPropertyDescription("How the history's Backfill is doing, when spec.history is set.")
  public History history;

  @JsonPropertyDescription(
      "The incidents the metricgen.io/incident annotation asks for: running until endsAt, then"
          + " ended; invalid ones say why.")
  public List<Incident> incidents;

  @JsonPropertyDescription("Uids of the installed Grafana dashboards.")
  public List<String> dashboardUids = new ArrayList<>();

  @JsonPropertyDescription(
      "Which panels of the dashboards have data in Prometheus, when the operator is given"
          + " --prometheus-url.")
  public DashboardData dashboardData;

  /** The last check of the dashboards' panels against Prometheus. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Incident {
    @JsonPropertyDescription(
        "Its id: a hash of the incident as annotated, so the same incident is the same id.")
    public String id;

    @JsonPropertyDescription("The metric it applies to.")
    public String metric;

    @JsonPropertyDescription("Running, Ended or Invalid.")
    public String state;

    @JsonPropertyDescription("When it started (RFC 3339): when the operator first saw it.")
    public String startedAt;

    @JsonPropertyDescription("When it ends, or ended (RFC 3339).")
    public String endsAt;

    @JsonPropertyDescription("Why it is invalid.")
    public String message;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class DashboardData {
    @JsonPropertyDescription("Panels with Prometheus queries.")
    public Integer panels;

    @JsonPropertyDescription("Panels whose every query returned data.")
    public Integer panelsWithData;

    @JsonPropertyDescription("The panels without data, as dashboard / panel (at most 20).")
    public List<String> emptyPanels;
  }

  /** The history's Backfill, as its own status reports it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class History {
    @JsonPropertyDescription("Name of the Backfill that writes the history.")
    public String backfill;

    @JsonPropertyDescription("Its phase: Pending, Running, Succeeded or Failed.")
    public String phase;

    @JsonPropertyDescription("Share of the history written, like 42%.")
    public String progress;
  }
}
