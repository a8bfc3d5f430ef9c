package io.metricgen.engine.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One metric family of a scenario. Plain data; {@code ScenarioValidator} checks it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetricSpec {

  @JsonPropertyDescription(
      "Metric name, matching [a-zA-Z_:][a-zA-Z0-9_:]*. A counter's samples end in _total whether"
          + " or not the name does.")
  public String name;

  @JsonPropertyDescription("Metric type: gauge, counter, histogram or summary.")
  public MetricType type;

  @JsonPropertyDescription("HELP text.")
  public String help;

  @JsonPropertyDescription(
      "Unit, such as seconds or bytes. When set, the name must end with _<unit> (OpenMetrics).")
  public String unit;

  @JsonPropertyDescription(
      "Labels: each a fixed value or a list of values. Lists expand into one series per"
          + " combination.")
  @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
  public Map<String, List<String>> labels = new LinkedHashMap<>();

  @JsonPropertyDescription(
      "Series given as rows of label sets, for labels whose values go together (instance with"
          + " node, pod with namespace): each row is one series, combined with every combination"
          + " of labels. A row's label names must not be among labels.")
  public List<Map<String, String>> series;

  @JsonPropertyDescription(
      "The value at each step (gauges; counters whose values are given directly, such as"
          + " 0+10x100). A number, promtool series notation, or a shape object.")
  public Shape value;

  @JsonPropertyDescription(
      "Per-second rate that drives a counter (it rises by rate x interval each step) or the"
          + " observations of a histogram or summary.")
  public Shape rate;

  @JsonPropertyDescription(
      "Offsets from the start, as durations, at which a counter, histogram or summary resets to"
          + " zero.")
  public List<String> resets;

  @JsonPropertyDescription(
      "Histogram bucket upper bounds, strictly increasing; +Inf is added. Default: the Prometheus"
          + " client defaults 0.005 ... 10.")
  public List<Double> buckets;

  @JsonPropertyDescription("Summary quantiles, each between 0 and 1. Default 0.5, 0.9, 0.99.")
  public List<Double> quantiles;

  @JsonPropertyDescription("How observations of a histogram or summary are distributed.")
  public Distribution distribution;

  @JsonProperty("native")
  @JsonPropertyDescription(
      "Histograms only: also (with buckets) or only (without) a native histogram, with sparse"
          + " exponential buckets, of the same observations. Formats that carry no native"
          + " histograms get the classic buckets (buckets, or the default ones).")
  public NativeHistogram nativeHistogram;

  @JsonPropertyDescription(
      "Counters and histograms: exemplars with a trace_id that is random but the same on every"
          + " run of the seed. A histogram's exemplar is one of its observations; a counter's is"
          + " the step's increase.")
  public Exemplars exemplars;

  @JsonPropertyDescription(
      "Series that follow their own shapes (one instance that goes down, one disk that fills):"
          + " each override names its series by labels and gives value, rate, resets or scale for"
          + " them; the rest follow the metric's.")
  public List<SeriesOverride> overrides;
}
