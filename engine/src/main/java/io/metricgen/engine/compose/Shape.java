package io.metricgen.engine.compose;

import io.metricgen.engine.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A value over time: what a gauge reads, or how fast a counter rises, at each step of a scenario.
 * Immutable; checked when made, so that a shape that exists is a valid one. Build one from the
 * factories ({@link #constant}, {@link #sine}, {@link #randomWalk}, ...) and combine them ({@link
 * #plus}, {@link #times}, {@link #clamp}, {@link #withNoise}, {@link #sequence}, {@link
 * #repeatEvery}). Times are offsets from the scenario's start.
 *
 * <pre>{@code
 * Shape daily = Shape.sine(Duration.ofHours(24), 40, 100).withNoise(5).clamp(0, 200);
 * Shape incident =
 *     Shape.sequence(
 *         Shape.Segment.of(Duration.ofMinutes(50), Shape.constant(0.5)),
 *         Shape.Segment.of(Duration.ofMinutes(10), Shape.constant(10)),
 *         Shape.Segment.rest(Shape.constant(0.5)));
 * }</pre>
 */
public final class Shape {

  // A private copy of the engine's scenario model; never handed out.
  private final io.metricgen.engine.model.Shape model;

  private Shape(io.metricgen.engine.model.Shape model) {
    this.model = model;
  }

  /** The same value at every step. */
  public static Shape constant(double value) {
    finite("constant", "value", value);
    return new Shape(io.metricgen.engine.model.Shape.ofConstant(value));
  }

  /** A straight line from {@code from} to {@code to} over {@code over}, then {@code to}. */
  public static Shape linear(double from, double to, Duration over) {
    finite("linear", "from", from);
    finite("linear", "to", to);
    var m = new io.metricgen.engine.model.Shape();
    m.linear = new io.metricgen.engine.model.Shape.Linear();
    m.linear.from = from;
    m.linear.to = to;
    m.linear.over = positive("linear", "over", over);
    return new Shape(m);
  }

  /** One value per step, then no samples. */
  public static Shape values(double... values) {
    Objects.requireNonNull(values, "values");
    if (values.length == 0) {
      throw new IllegalArgumentException("values: give at least one value");
    }
    List<Double> list = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      if (Double.isInfinite(values[i])) {
        throw new IllegalArgumentException(
            "values[" + i + "]: must be finite or NaN, got " + values[i]);
      }
      list.add(values[i]);
    }
    var m = new io.metricgen.engine.model.Shape();
    m.values = List.copyOf(list);
    return new Shape(m);
  }

  /**
   * Values in promtool's {@code input_series} notation, as promtool reads them: {@code 1+2x3} is 1
   * 3 5 7, {@code _x3} three missing samples.
   */
  public static Shape series(String notation) {
    Objects.requireNonNull(notation, "notation");
    if (notation.isBlank()) {
      throw new IllegalArgumentException("series: the notation is empty");
    }
    return new Shape(io.metricgen.engine.model.Shape.ofSeries(notation));
  }

  /** A new uniformly random value in [min, max) at every step. */
  public static Shape uniform(double min, double max) {
    range("uniform", min, max);
    var m = new io.metricgen.engine.model.Shape();
    m.uniform = new io.metricgen.engine.model.Shape.Range();
    m.uniform.min = min;
    m.uniform.max = max;
    return new Shape(m);
  }

  /**
   * A random walk within [min, max], from the middle, by at most a twentieth of the range a step.
   */
  public static Shape randomWalk(double min, double max) {
    range("randomWalk", min, max);
    return randomWalk(min, max, (min + max) / 2, (max - min) / 20);
  }

  /** A random walk within [min, max], from {@code start}, by at most {@code step} a step. */
  public static Shape randomWalk(double min, double max, double start, double step) {
    range("randomWalk", min, max);
    finite("randomWalk", "start", start);
    if (start < min || start > max) {
      throw new IllegalArgumentException(
          "randomWalk: start must be within [min, max] = [" + min + ", " + max + "], got " + start);
    }
    if (!(step > 0) || Double.isInfinite(step)) {
      throw new IllegalArgumentException("randomWalk: step must be positive, got " + step);
    }
    var m = new io.metricgen.engine.model.Shape();
    m.randomWalk = new io.metricgen.engine.model.Shape.RandomWalk();
    m.randomWalk.min = min;
    m.randomWalk.max = max;
    m.randomWalk.start = start;
    m.randomWalk.step = step;
    return new Shape(m);
  }

  /** {@code offset + amplitude * sin(2 pi t / period)}. */
  public static Shape sine(Duration period, double amplitude, double offset) {
    finite("sine", "amplitude", amplitude);
    finite("sine", "offset", offset);
    var m = new io.metricgen.engine.model.Shape();
    m.sine = new io.metricgen.engine.model.Shape.Sine();
    m.sine.period = positive("sine", "period", period);
    m.sine.amplitude = amplitude;
    m.sine.offset = offset;
    return new Shape(m);
  }

  /** {@code high} for the first {@code duty} fraction of each period, {@code low} for the rest. */
  public static Shape square(Duration period, double low, double high, double duty) {
    finite("square", "low", low);
    finite("square", "high", high);
    if (!(duty > 0 && duty < 1)) {
      throw new IllegalArgumentException("square: duty must be in (0, 1), got " + duty);
    }
    var m = new io.metricgen.engine.model.Shape();
    m.square = new io.metricgen.engine.model.Shape.Square();
    m.square.period = positive("square", "period", period);
    m.square.low = low;
    m.square.high = high;
    m.square.duty = duty;
    return new Shape(m);
  }

  /** Rises from {@code low} to {@code high} over each period, then drops back. */
  public static Shape sawtooth(Duration period, double low, double high) {
    var m = new io.metricgen.engine.model.Shape();
    m.sawtooth = wave("sawtooth", period, low, high);
    return new Shape(m);
  }

  /** Rises from {@code low} to {@code high} over the first half of each period, then falls. */
  public static Shape triangle(Duration period, double low, double high) {
    var m = new io.metricgen.engine.model.Shape();
    m.triangle = wave("triangle", period, low, high);
    return new Shape(m);
  }

  /** {@code base}, with a spike to {@code height} lasting {@code width} every {@code every}. */
  public static Shape spike(Duration every, double base, double height, Duration width) {
    finite("spike", "base", base);
    finite("spike", "height", height);
    var m = new io.metricgen.engine.model.Shape();
    m.spike = new io.metricgen.engine.model.Shape.Spike();
    m.spike.every = positive("spike", "every", every);
    m.spike.width = positive("spike", "width", width);
    if (width.compareTo(every) > 0) {
      throw new IllegalArgumentException(
          "spike: width must not be longer than every, got " + width + " > " + every);
    }
    m.spike.base = base;
    m.spike.height = height;
    return new Shape(m);
  }

  /** No samples at all: a void, as when a target is down. */
  public static Shape gap() {
    var m = new io.metricgen.engine.model.Shape();
    m.gap = true;
    return new Shape(m);
  }

  /** One part of a {@link #sequence}: a shape for a while (the last part: for the rest). */
  public static final class Segment {
    private final Duration duration;
    private final Shape shape;

    private Segment(Duration duration, Shape shape) {
      this.duration = duration;
      this.shape = Objects.requireNonNull(shape, "shape");
    }

    /** {@code shape} for {@code duration} (the shape starts at time 0 of its segment). */
    public static Segment of(Duration duration, Shape shape) {
      positive("sequence", "duration", duration);
      return new Segment(duration, shape);
    }

    /** {@code shape} for the rest of the scenario: only the last segment. */
    public static Segment rest(Shape shape) {
      return new Segment(null, shape);
    }
  }

  /** Segments one after another; only the last may be {@link Segment#rest}. */
  public static Shape sequence(Segment... segments) {
    Objects.requireNonNull(segments, "segments");
    if (segments.length == 0) {
      throw new IllegalArgumentException("sequence: give at least one segment");
    }
    var m = new io.metricgen.engine.model.Shape();
    m.sequence = new ArrayList<>();
    for (int i = 0; i < segments.length; i++) {
      Segment s = Objects.requireNonNull(segments[i], "segments[" + i + "]");
      if (s.duration == null && i < segments.length - 1) {
        throw new IllegalArgumentException(
            "sequence: segment " + i + " has no duration; only the last may run for the rest");
      }
      var seg = new io.metricgen.engine.model.Shape.Segment();
      seg.duration = s.duration == null ? null : Durations.format(s.duration);
      seg.value = s.shape.copy();
      m.sequence.add(seg);
    }
    return new Shape(m);
  }

  /** This shape plus the others, step by step (a step where any has no sample has none). */
  public Shape plus(Shape... others) {
    Objects.requireNonNull(others, "others");
    var m = new io.metricgen.engine.model.Shape();
    m.sum = new ArrayList<>();
    m.sum.add(copy());
    for (int i = 0; i < others.length; i++) {
      m.sum.add(Objects.requireNonNull(others[i], "others[" + i + "]").copy());
    }
    return new Shape(m);
  }

  /** This shape multiplied by {@code factor}. */
  public Shape times(double factor) {
    finite("times", "factor", factor);
    var m = new io.metricgen.engine.model.Shape();
    m.scale = new io.metricgen.engine.model.Shape.Scale();
    m.scale.factor = factor;
    m.scale.value = copy();
    return new Shape(m);
  }

  /** This shape held within [min, max]. */
  public Shape clamp(double min, double max) {
    range("clamp", min, max);
    var m = new io.metricgen.engine.model.Shape();
    m.clamp = new io.metricgen.engine.model.Shape.Clamp();
    m.clamp.min = min;
    m.clamp.max = max;
    m.clamp.value = copy();
    return new Shape(m);
  }

  /** This shape with Gaussian noise of standard deviation {@code sigma} added at each step. */
  public Shape withNoise(double sigma) {
    if (!(sigma >= 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("noise: must be zero or more, got " + sigma);
    }
    if (model.noise != null) {
      throw new IllegalArgumentException("noise: this shape has noise already");
    }
    var m = copy();
    m.noise = sigma;
    return new Shape(m);
  }

  /** This shape restarted from time 0 every {@code every}. */
  public Shape repeatEvery(Duration every) {
    var m = new io.metricgen.engine.model.Shape();
    m.repeat = new io.metricgen.engine.model.Shape.Repeat();
    m.repeat.every = positive("repeat", "every", every);
    m.repeat.value = copy();
    return new Shape(m);
  }

  /** A deep copy of the model, for the scenario built from it. */
  io.metricgen.engine.model.Shape copy() {
    return Composer.copy(model);
  }

  @Override
  public String toString() {
    return Composer.json(model);
  }

  private static io.metricgen.engine.model.Shape.Wave wave(
      String kind, Duration period, double low, double high) {
    finite(kind, "low", low);
    finite(kind, "high", high);
    var w = new io.metricgen.engine.model.Shape.Wave();
    w.period = positive(kind, "period", period);
    w.low = low;
    w.high = high;
    return w;
  }

  static void finite(String kind, String field, double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(kind + ": " + field + " must be finite, got " + v);
    }
  }

  private static void range(String kind, double min, double max) {
    finite(kind, "min", min);
    finite(kind, "max", max);
    if (min > max) {
      throw new IllegalArgumentException(
          kind + ": min must not be above max, got min " + min + " > max " + max);
    }
  }

  static String positive(String kind, String field, Duration d) {
    Objects.requireNonNull(d, kind + "." + field);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(kind + ": " + field + " must be positive, got " + d);
    }
    if (d.toMillis() * 1_000_000L != d.toNanos()) {
      throw new IllegalArgumentException(
          kind + ": " + field + " must be whole milliseconds, got " + d);
    }
    return Durations.format(d);
  }
}
