package io.metricgen.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An incident to run on a live scenario: a shape on top of a metric's series for a while. Plain
 * data; {@code IncidentCompiler} checks it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IncidentSpec {

  @JsonPropertyDescription("The metric it applies to, by name.")
  public String metric;

  @JsonPropertyDescription(
      "Which of its series: those that carry all of these labels with these values. Default: all.")
  public Map<String, String> labels = new LinkedHashMap<>();

  @JsonPropertyDescription(
      "The shape, whose time 0 is the incident's start: added to a gauge's value, or to the"
          + " per-second rate of a counter, histogram or summary (a counter given by value rises by"
          + " it as by a rate).")
  public Shape shape;

  @JsonPropertyDescription(
      "Histograms and summaries: a factor on every observation during the incident (2 doubles"
          + " every latency), as distribution.scale; with shape, or alone.")
  public Shape scale;

  @JsonProperty("for")
  @JsonPropertyDescription("How long it lasts, a duration such as 10m.")
  public String duration;

  @JsonPropertyDescription(
      "add (the default) puts the shape on top of the series' own; replace uses the shape alone.")
  public String mode;
}
