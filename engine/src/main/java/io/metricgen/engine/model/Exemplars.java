package io.metricgen.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.LinkedHashMap;
import java.util.Map;

/** Exemplars on a counter or histogram. Plain data; {@code ScenarioCompiler} checks it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Exemplars {

  @JsonPropertyDescription(
      "How often each series records a new exemplar, a duration that is a multiple of the"
          + " scenario's interval. Default: every step.")
  public String every;

  @JsonPropertyDescription(
      "Fixed labels every exemplar carries besides trace_id, such as service: checkout. With"
          + " trace_id, their names and values fit OpenMetrics' 128 characters.")
  public Map<String, String> labels = new LinkedHashMap<>();
}
