package io.metricgen.engine.compose;

import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import io.metricgen.engine.exposition.ExpositionFormat;
import io.metricgen.engine.exposition.Progress;
import io.metricgen.engine.exposition.RangeExporter;
import io.metricgen.engine.live.LiveScenario;
import io.metricgen.engine.load.ScenarioCompiler;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.remotewrite.Backfiller;
import io.metricgen.engine.remotewrite.Checkpoint;
import io.metricgen.engine.remotewrite.CheckpointStore;
import io.metricgen.engine.remotewrite.RemoteWriteClient;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.series.MetricFamily;
import io.metricgen.engine.time.Durations;
import io.metricgen.engine.transport.HttpSettings;
import io.metricgen.engine.transport.Retrier;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Time series composed in code: metrics with labels and shapes, sampled every {@code interval} from
 * the scenario's start, the same on every run of a seed. Immutable and validated when built, with
 * the messages a scenario file gets (each names its field). Expose it as a scrape would see it at a
 * moment, export a range as OpenMetrics or text, or write a range to Prometheus over remote write;
 * {@link #toYaml()} gives the scenario file that {@code metricgen} runs the same.
 *
 * <pre>{@code
 * Scenario scenario =
 *     Scenario.builder()
 *         .interval(Duration.ofSeconds(15))
 *         .seed(42)
 *         .metric(
 *             Metric.counter("http_requests_total")
 *                 .label("code", "200", "500")
 *                 .rate(Shape.sine(Duration.ofHours(1), 4, 10).clamp(0, 100))
 *                 .build())
 *         .metric(Metric.gauge("queue_depth").value(Shape.randomWalk(0, 50)).build())
 *         .build();
 * String scrape = scenario.expose(Duration.ofMinutes(5), Scenario.Format.OPENMETRICS);
 * }</pre>
 *
 * <p>This package is the engine's public API; the engine's other packages are its internals and may
 * change between versions.
 */
public final class Scenario {

  /** The text formats a scenario is written in. */
  public enum Format {
    /** OpenMetrics 1.0, ending in {@code # EOF}. */
    OPENMETRICS,
    /** The Prometheus text format 0.0.4. */
    TEXT
  }

  /**
   * What {@link #remoteWrite} sent.
   *
   * @param samples samples written: one per sample line and step (a histogram's buckets, sum and
   *     count are each one)
   * @param requests requests the receiver acknowledged
   */
  public record RemoteWriteResult(long samples, long requests) {}

  private final io.metricgen.engine.model.Scenario model;
  private final CompiledScenario compiled;

  private Scenario(io.metricgen.engine.model.Scenario model, CompiledScenario compiled) {
    this.model = model;
    this.compiled = compiled;
  }

  /** A builder: interval 15s, seed 0, at most 10,000 series unless told otherwise. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a scenario file's YAML (or JSON).
   *
   * @param source the file's name, for messages
   * @throws IllegalArgumentException naming each problem's line and field
   */
  public static Scenario parse(String source, String yaml) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(yaml, "yaml");
    try {
      var model = ScenarioLoader.parse(source, yaml, io.metricgen.engine.model.Scenario.class);
      return new Scenario(model, ScenarioLoader.compile(source, yaml, null));
    } catch (InvalidInputException e) {
      throw invalid(e);
    }
  }

  /** Builds a {@link Scenario}. */
  public static final class Builder {
    private Duration interval = Duration.ofSeconds(15);
    private long seed;
    private Integer maxSeries;
    private final List<Metric> metrics = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    private Builder() {}

    /** The spacing of samples (default 15s); every duration in the shapes a multiple of it. */
    public Builder interval(Duration interval) {
      Shape.positive("scenario", "interval", interval);
      this.interval = interval;
      return this;
    }

    /** The seed of every random shape: the same seed, the same samples (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Refuse more series than this (default 10,000). */
    public Builder maxSeries(int maxSeries) {
      if (maxSeries < 1) {
        throw new IllegalArgumentException(
            "scenario: maxSeries must be at least 1, got " + maxSeries);
      }
      this.maxSeries = maxSeries;
      return this;
    }

    /** Adds a metric family; names are unique. */
    public Builder metric(Metric metric) {
      Objects.requireNonNull(metric, "metric");
      if (!names.add(metric.name())) {
        throw new IllegalArgumentException("scenario: metric " + metric.name() + " is given twice");
      }
      metrics.add(metric);
      return this;
    }

    /**
     * The scenario, compiled and checked as a scenario file is.
     *
     * @throws IllegalArgumentException listing every problem with its field, like {@code metrics[0]
     *     (http_requests_total): rate.sine.period: 7s is not a multiple of the interval 15s}
     */
    public Scenario build() {
      if (metrics.isEmpty()) {
        throw new IllegalArgumentException("scenario: add at least one metric");
      }
      var model = new io.metricgen.engine.model.Scenario();
      model.interval = Durations.format(interval);
      model.seed = seed;
      model.maxSeries = maxSeries;
      for (Metric m : metrics) {
        model.metrics.add(m.copy());
      }
      try {
        return new Scenario(model, ScenarioCompiler.compile(model));
      } catch (InvalidInputException e) {
        throw invalid(e);
      }
    }
  }

  private static IllegalArgumentException invalid(InvalidInputException e) {
    return new IllegalArgumentException(
        e.problems().stream().map(Problem::toString).collect(Collectors.joining("; ")), e);
  }

  /** The spacing of samples. */
  public Duration interval() {
    return Duration.ofMillis(compiled.intervalMillis());
  }

  /** How many series the scenario has (each metric's label combinations). */
  public long seriesCount() {
    return compiled.seriesCount();
  }

  /** The metric families' names, in order. */
  public List<String> metricNames() {
    return compiled.families().stream().map(MetricFamily::name).toList();
  }

  /** The scenario file's YAML: {@code metricgen serve -f} runs the same series. */
  public String toYaml() {
    return ScenarioLoader.write(model);
  }

  /**
   * What a scrape at {@code at} after the start sees: every series' value at the step {@code at}
   * falls in, without timestamps.
   */
  public String expose(Duration at, Format format) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(format, "format");
    if (at.isNegative()) {
      throw new IllegalArgumentException("expose: at must not be before the start, got " + at);
    }
    MetricSnapshots snapshots = new LiveScenario(compiled, 0).snapshotAt(at.toMillis(), false);
    ExpositionFormats formats = ExpositionFormats.init();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (format == Format.OPENMETRICS) {
        formats.getOpenMetricsTextFormatWriter().write(out, snapshots);
      } else {
        formats.getPrometheusTextFormatWriter().write(out, snapshots);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Writes every sample from {@code start} (the scenario's time 0) to {@code end}, with timestamps,
   * in the order {@code promtool tsdb create-blocks-from openmetrics} reads.
   *
   * @return samples written
   */
  public long export(Instant start, Instant end, OutputStream out, Format format)
      throws IOException {
    range(start, end);
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(format, "format");
    return new RangeExporter(compiled, start.toEpochMilli(), end.toEpochMilli(), Progress.NONE)
        .exportTo(
            out,
            format == Format.OPENMETRICS ? ExpositionFormat.OPENMETRICS : ExpositionFormat.TEXT);
  }

  /**
   * Writes every sample from {@code start} (the scenario's time 0) to {@code end} to a remote write
   * receiver, such as Prometheus with {@code --web.enable-remote-write-receiver}: half an hour of
   * every series at a time, two requests in flight, each retried up to 10 times.
   *
   * @throws io.metricgen.engine.MetricgenException when the receiver refuses a request, or can't be
   *     reached in the retries' time
   */
  public RemoteWriteResult remoteWrite(URI url, Instant start, Instant end)
      throws InterruptedException {
    Objects.requireNonNull(url, "url");
    range(start, end);
    long interval = compiled.intervalMillis();
    long steps = (end.toEpochMilli() - start.toEpochMilli() + interval - 1) / interval;
    RemoteWriteClient client =
        new RemoteWriteClient(
            url,
            HttpSettings.builder().build(),
            new Retrier(10, Duration.ofMillis(250), Duration.ofSeconds(30), (a, why, wait) -> {}));
    int sliceSteps = (int) Math.max(1, Duration.ofMinutes(30).toMillis() / interval);
    try (Checkpoint checkpoint =
        Checkpoint.open(new MemoryStore(), "api", 0, start.toEpochMilli(), steps, Duration.ZERO)) {
      Backfiller.Result r =
          new Backfiller(
                  compiled,
                  client::writeEncoded,
                  new Backfiller.Options(10_000, sliceSteps, 2),
                  Progress.NONE)
              .run(checkpoint);
      return new RemoteWriteResult(r.samples(), r.requests());
    }
  }

  private static void range(Instant start, Instant end) {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("the end " + end + " must be after the start " + start);
    }
  }

  /** A checkpoint kept in memory: one call's own. */
  private static final class MemoryStore implements CheckpointStore {
    private String content;

    @Override
    public String describe() {
      return "memory";
    }

    @Override
    public String read() {
      return content;
    }

    @Override
    public void write(String content) {
      this.content = content;
    }

    @Override
    public void delete() {
      content = null;
    }
  }

  @Override
  public String toString() {
    return toYaml();
  }
}
