package io.metricgen.engine.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * A value shape over time. Exactly one kind field is set; {@code noise} may be added to any kind. A
 * plain number reads as {@code constant}, a string as promtool {@code series} notation. Plain data;
 * {@code SignalCompiler} turns it into something that produces samples.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Shape {

  @JsonPropertyDescription("The same value at every step.")
  public Double constant;

  @JsonPropertyDescription("A straight line from one value to another; holds the end value after.")
  public Linear linear;

  @JsonPropertyDescription("One value per step; no samples after the last.")
  public List<Double> values;

  @JsonPropertyDescription(
      "promtool input_series notation, read as promtool test rules reads it: 1+2x3 is 1 3 5 7,"
          + " 5x2 is 5 5 5, _x3 is three missing samples, stale a staleness marker.")
  public String series;

  @JsonPropertyDescription("A new uniformly random value in [min, max) at every step.")
  public Range uniform;

  @JsonPropertyDescription("A random walk that stays within [min, max].")
  public RandomWalk randomWalk;

  @JsonPropertyDescription("offset + amplitude * sin(2 pi (t + phase) / period).")
  public Sine sine;

  @JsonPropertyDescription("high for the first duty fraction of each period, low for the rest.")
  public Square square;

  @JsonPropertyDescription("Rises from low to high over each period, then drops back.")
  public Wave sawtooth;

  @JsonPropertyDescription("Rises from low to high over the first half of each period, falls back.")
  public Wave triangle;

  @JsonPropertyDescription("base, with a spike to height for width at every period.")
  public Spike spike;

  @JsonPropertyDescription("No samples at all (true): a void, as when a target is down.")
  public Boolean gap;

  @JsonPropertyDescription(
      "Segments one after another, each with its own shape and duration; the shape of each"
          + " segment starts at time 0. Only the last segment may omit its duration.")
  public List<Segment> sequence;

  @JsonPropertyDescription("Repeats a shape every period, restarting it from time 0.")
  public Repeat repeat;

  @JsonPropertyDescription("The sum of shapes; a step where any of them has no sample has none.")
  public List<Shape> sum;

  @JsonPropertyDescription("A shape multiplied by a factor.")
  public Scale scale;

  @JsonPropertyDescription("A shape held within [min, max].")
  public Clamp clamp;

  @JsonPropertyDescription(
      "Standard deviation of Gaussian noise added to this shape at every step. Default 0.")
  public Double noise;

  /** A {@code constant} shape; used when YAML gives a plain number. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Shape ofConstant(double value) {
    Shape s = new Shape();
    s.constant = value;
    return s;
  }

  /** A promtool {@code series} shape; used when YAML gives a string. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Shape ofSeries(String notation) {
    Shape s = new Shape();
    s.series = notation;
    return s;
  }

  /** Linear ramp parameters. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Linear {
    @JsonPropertyDescription("Value at time 0. Default 0.")
    public Double from;

    @JsonPropertyDescription("Value reached at the end of over.")
    public Double to;

    @JsonPropertyDescription("How long the ramp takes, a duration.")
    public String over;
  }

  /** A closed range of values. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Range {
    @JsonPropertyDescription("Lowest value.")
    public Double min;

    @JsonPropertyDescription("Highest value.")
    public Double max;
  }

  /** Bounded random walk parameters. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RandomWalk {
    @JsonPropertyDescription("Lowest value.")
    public Double min;

    @JsonPropertyDescription("Highest value.")
    public Double max;

    @JsonPropertyDescription("Value at time 0. Default: the middle of [min, max].")
    public Double start;

    @JsonPropertyDescription("Largest change in one step. Default: a twentieth of max - min.")
    public Double step;
  }

  /** Sine wave parameters. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Sine {
    @JsonPropertyDescription("Length of one cycle, a duration.")
    public String period;

    @JsonPropertyDescription("Half the distance from trough to crest. Default 1.")
    public Double amplitude;

    @JsonPropertyDescription("Value the wave swings around. Default 0.")
    public Double offset;

    @JsonPropertyDescription("Shift of the wave along time, a duration. Default 0s.")
    public String phase;
  }

  /** Square wave parameters. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Square {
    @JsonPropertyDescription("Length of one cycle, a duration.")
    public String period;

    @JsonPropertyDescription("Value in the low part. Default 0.")
    public Double low;

    @JsonPropertyDescription("Value in the high part. Default 1.")
    public Double high;

    @JsonPropertyDescription("Fraction of the period spent high, in (0, 1). Default 0.5.")
    public Double duty;
  }

  /** Sawtooth and triangle wave parameters. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Wave {
    @JsonPropertyDescription("Length of one cycle, a duration.")
    public String period;

    @JsonPropertyDescription("Lowest value. Default 0.")
    public Double low;

    @JsonPropertyDescription("Highest value. Default 1.")
    public Double high;
  }

  /** Spike parameters. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Spike {
    @JsonPropertyDescription("Value between spikes. Default 0.")
    public Double base;

    @JsonPropertyDescription("Value during a spike.")
    public Double height;

    @JsonPropertyDescription("Time from one spike to the next, a duration.")
    public String every;

    @JsonPropertyDescription("Time of the first spike, a duration. Default 0s.")
    public String at;

    @JsonPropertyDescription("How long a spike lasts, a duration. Default: one interval.")
    public String width;
  }

  /** One segment of a sequence. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Segment {
    @JsonProperty("for")
    @JsonPropertyDescription(
        "How long this segment lasts, a multiple of the interval. Only the last may omit it.")
    public String duration;

    @JsonPropertyDescription("The shape during this segment.")
    public Shape value;
  }

  /** Repetition parameters. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Repeat {
    @JsonPropertyDescription("Length of one repetition, a multiple of the interval.")
    public String every;

    @JsonPropertyDescription("The shape to repeat.")
    public Shape value;
  }

  /** Scaling parameters. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Scale {
    @JsonPropertyDescription("Factor to multiply by.")
    public Double factor;

    @JsonPropertyDescription("The shape to scale.")
    public Shape value;
  }

  /** Clamping parameters. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Clamp {
    @JsonPropertyDescription("Lowest value let through. Default: no lower bound.")
    public Double min;

    @JsonPropertyDescription("Highest value let through. Default: no upper bound.")
    public Double max;

    @JsonPropertyDescription("The shape to clamp.")
    public Shape value;
  }
}
