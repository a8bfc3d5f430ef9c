package io.metricgen.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A native (sparse, exponential) histogram's settings, as the Prometheus client libraries take
 * them. Plain data; {@code ScenarioCompiler} checks it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NativeHistogram {

  /** The Java client's initial schema: 2^5 = 32 buckets per power of two. */
  public static final int DEFAULT_SCHEMA = 5;

  /** The Java and Go clients' default zero threshold, 2^-128. */
  public static final double DEFAULT_ZERO_THRESHOLD = 0x1.0p-128;

  /** The Java client's default bucket limit. */
  public static final int DEFAULT_MAX_BUCKETS = 160;

  @JsonPropertyDescription(
      "Resolution, from -4 to 8: each power of two is cut into 2^schema buckets (schema 3: bucket"
          + " bounds grow by a factor of 1.09). Default 5, as the Java client starts.")
  public Integer schema;

  @JsonPropertyDescription(
      "Observations at or below this (in absolute value) count in the zero bucket. Default 2^-128,"
          + " as the client libraries have it.")
  public Double zeroThreshold;

  @JsonPropertyDescription(
      "Most populated buckets a sample may have; when more would be, the resolution halves until"
          + " they fit, as client libraries do. 0 means no limit. Default 160.")
  public Integer maxBuckets;
}
