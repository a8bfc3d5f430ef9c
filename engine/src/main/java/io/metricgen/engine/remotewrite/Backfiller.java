package io.metricgen.engine.remotewrite;

import io.metricgen.engine.exposition.Progress;
import io.metricgen.engine.remotewrite.prompb.Label;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.series.ExemplarPlan;
import io.metricgen.engine.series.MetricFamily;
import io.metricgen.engine.series.SampleNames;
import io.metricgen.engine.series.Series;
import io.metricgen.engine.series.SeriesCursor;
import io.metricgen.engine.signal.Samples;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a scenario's history over remote write, time-major: the steps are cut into slices, and
 * every series' samples of a slice are sent (in batches of whole series, several in flight) before
 * the next slice starts. Prometheus measures what it accepts from its newest sample, so sending
 * time-major keeps every request inside its window; samples of a series are in time order within
 * each request, as Prometheus silently drops out-of-order samples in one request.
 */
public final class Backfiller {

  /**
   * @param batchSamples samples per request, at most (a batch holds whole series)
   * @param sliceSteps steps per slice: samples per series in a request
   * @param concurrency requests in flight at once, all within one slice
   */
  public record Options(int batchSamples, int sliceSteps, int concurrency) {}

  /**
   * Which part of the scenario this run writes, and with what.
   *
   * @param shard this shard's index, in [0, shards)
   * @param shards how many shards split the series: series {@code i} (in scenario order) is written
   *     by shard {@code i % shards}, so no two shards write one series, and each gets an even share
   * @param extraLabels labels added to every series (what a Pushgateway scrape adds to the live
   *     series this history continues)
   * @param pace waited on before each slice
   */
  public record Scope(int shard, int shards, Map<String, String> extraLabels, Pace pace) {

    /** The whole scenario, as it is, at full speed. */
    public static final Scope WHOLE = new Scope(0, 1, Map.of(), Pace.NONE);

    public Scope {
      if (shards < 1 || shard < 0 || shard >= shards) {
        throw new IllegalArgumentException("shard " + shard + " of " + shards);
      }
      extraLabels = Map.copyOf(extraLabels);
    }

    boolean owns(long seriesPosition) {
      return seriesPosition % shards == shard;
    }
  }

  /** Shards at most: a Job's pods, each a connection to the receiver. */
  public static final int MAX_SHARDS = 32;

  /**
   * The extra labels that a series of {@code scenario} already has, as "name (metric)": a series
   * can't have a label twice.
   */
  public static List<String> labelConflicts(CompiledScenario scenario, Set<String> extra) {
    Set<String> out = new TreeSet<>();
    for (MetricFamily family : scenario.families()) {
      for (Series series : family.series()) {
        for (int i = 0; i < series.labels().size(); i++) {
          if (extra.contains(series.labels().getName(i))) {
            out.add(series.labels().getName(i) + " (" + family.name() + ")");
          }
        }
      }
    }
    return List.copyOf(out);
  }

  /** What a shard waits for before it starts a slice (the other shards, see {@link ShardPace}). */
  public interface Pace {
    Pace NONE = step -> {};

    /** Returns when this shard may send the slice that starts at {@code step}. */
    void beforeSlice(long step) throws InterruptedException;
  }

  /** What a run did. */
  public record Result(long samples, long requests, long skippedRequests) {}

  /**
   * One series' lines: its float lines (classic samples), then its native histogram's line, if it
   * has one, and the line of that histogram's exemplars, if it records them.
   *
   * @param exemplarLabels an exemplar's fixed labels, sorted, to which its trace_id is added; null
   *     when the series records none
   * @param bounds a classic histogram's bucket bounds, whose lines take its exemplars
   */
  private record SeriesPlan(
      SeriesCursor cursor,
      List<byte[]> lines,
      int floatLines,
      boolean nativeLine,
      List<Label> exemplarLabels,
      double[] bounds) {}

  /** Where requests go, encoded but not compressed: the client, or a benchmark's collector. */
  public interface RequestSink {
    void write(byte[] encodedRequest) throws InterruptedException;
  }

  private final CompiledScenario scenario;
  private final RequestSink client;
  private final Options options;
  private final Progress progress;
  private final Scope scope;

  public Backfiller(
      CompiledScenario scenario, RequestSink client, Options options, Progress progress) {
    this(scenario, client, options, progress, Scope.WHOLE);
  }

  public Backfiller(
      CompiledScenario scenario,
      RequestSink client,
      Options options,
      Progress progress,
      Scope scope) {
    this.scenario = scenario;
    this.client = client;
    this.options = options;
    this.progress = progress;
    this.scope = scope;
  }

  /** One request of one slice, encoded. */
  private record Batch(long slice, int id, byte[] request, long samples) {}

  /**
   * Sends the checkpoint's remaining steps, [nextStep, endStep), from its origin. On a resumed
   * checkpoint, a batch that the receiver refuses as out of order or duplicate before it has
   * accepted any (or in the slice where it first accepted one) is taken as stored: it was sent
   * before the interruption, and a refused request is stored whole or not at all.
   */
  public Result run(Checkpoint checkpoint) throws InterruptedException {
    long from = checkpoint.nextStep();
    long toStep = checkpoint.endStep();
    List<SeriesPlan> plans = new ArrayList<>();
    long linesTotal = 0;
    long position = 0;
    for (MetricFamily family : scenario.families()) {
      List<SampleNames> names = family.classicWhereNative() ? SampleNames.of(family) : List.of();
      boolean nativeLine = family.nativeLayout() != null;
      List<Label> exemplarLabels = family.exemplars() == null ? null : exemplarLabels(family);
      for (Series series : family.series()) {
        if (!scope.owns(position++)) {
          continue;
        }
        List<byte[]> lines = new ArrayList<>();
        for (SampleNames n : names) {
          lines.add(WriteRequestEncoder.labels(labels(n, series, scope.extraLabels())));
        }
        if (nativeLine) {
          SampleNames n = new SampleNames(family.name(), null, null, true);
          byte[] nativeLabels = WriteRequestEncoder.labels(labels(n, series, scope.extraLabels()));
          lines.add(nativeLabels);
          if (exemplarLabels != null) {
            // Prometheus appends a TimeSeries' exemplars before its histograms, and drops those
            // of a series that does not exist yet: they go in a second TimeSeries, after.
            lines.add(nativeLabels);
          }
        }
        plans.add(
            new SeriesPlan(
                family.cursor(series, from),
                lines,
                names.size(),
                nativeLine,
                exemplarLabels,
                family.bounds()));
        linesTotal += names.size() + (nativeLine ? 1 : 0);
      }
    }
    long totalSamples = (toStep - from) * linesTotal;
    checkpoint.expect(totalSamples);
    AtomicLong samples = new AtomicLong();
    AtomicLong requests = new AtomicLong();
    long skipped = 0;
    // After a resume, what is sent again may be stored already: the checkpoint is saved now and
    // then, not after every request. Until the receiver accepts a request, a refusal as out of
    // order or duplicate means "stored before"; after that, only within the slice it accepted in.
    boolean resumed = checkpoint.resumed();
    AtomicLong firstAccepted = new AtomicLong(Long.MAX_VALUE);
    long sendingSlice = from;
    List<Future<?>> pending = new ArrayList<>();
    ExecutorService senders = Executors.newFixedThreadPool(options.concurrency());
    Semaphore inFlight = new Semaphore(options.concurrency() * 2);
    try {
      if (from < toStep) {
        scope.pace().beforeSlice(from);
      }
      for (long slice = from; slice < toStep; slice += options.sliceSteps()) {
        int steps = (int) (Math.min(toStep, slice + options.sliceSteps()) - slice);
        int budgetLines = Math.max(1, options.batchSamples() / steps);
        int id = 0;
        for (int p = 0; p < plans.size(); ) {
          int first = p;
          int lines = 0;
          while (p < plans.size()
              && (lines == 0 || lines + plans.get(p).lines().size() <= budgetLines)) {
            lines += plans.get(p++).lines().size();
          }
          // Built before waiting for the slice before it: encoding overlaps its last requests.
          Batch batch =
              build(plans.subList(first, p), lines, slice, steps, checkpoint.originMillis(), id++);
          if (batch.slice() != sendingSlice) {
            await(pending);
            checkpoint.sliceDone(batch.slice());
            scope.pace().beforeSlice(batch.slice());
            sendingSlice = batch.slice();
          }
          if (checkpoint.isAcked(batch.id())) {
            skipped++;
            continue;
          }
          boolean mayBeStored = resumed && batch.slice() <= firstAccepted.get();
          inFlight.acquire();
          pending.add(
              senders.submit(
                  () -> {
                    try {
                      if (send(batch.request(), mayBeStored) && resumed) {
                        firstAccepted.accumulateAndGet(batch.slice(), Math::min);
                      }
                      checkpoint.ack(batch.id(), batch.samples());
                      requests.incrementAndGet();
                      progress.update(samples.addAndGet(batch.samples()), totalSamples);
                    } finally {
                      inFlight.release();
                    }
                    return null;
                  }));
        }
      }
      await(pending);
      checkpoint.sliceDone(toStep);
    } finally {
      senders.shutdownNow();
    }
    return new Result(samples.get(), requests.get(), skipped);
  }

  /** Sends a request; true when the receiver took it, false when it held it already. */
  private boolean send(byte[] request, boolean mayBeStored) throws InterruptedException {
    if (request.length == 0) {
      return true;
    }
    try {
      client.write(request);
      return true;
    } catch (RejectedWriteException e) {
      if (!(mayBeStored && e.alreadyStored())) {
        throw e;
      }
      return false;
    }
  }

  private static void await(List<Future<?>> pending) throws InterruptedException {
    try {
      for (Future<?> f : pending) {
        try {
          f.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          if (e.getCause() instanceof InterruptedException i) {
            throw i;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
    } finally {
      for (Future<?> f : pending) {
        f.cancel(true);
      }
      pending.clear();
    }
  }

  /** Advances each series of the batch through the slice and encodes the request. */
  private Batch build(
      List<SeriesPlan> batch, int lineCount, long slice, int steps, long originMillis, int id) {
    long interval = scenario.intervalMillis();
    long[] timestamps = new long[steps];
    for (int k = 0; k < steps; k++) {
      timestamps[k] = originMillis + (slice + k) * interval;
    }
    double[][] values = new double[lineCount][steps];
    boolean[][] present = new boolean[lineCount][steps];
    byte[][] extras = null;
    List<byte[]> labels = new ArrayList<>(lineCount);
    long count = 0;
    int line = 0;
    for (SeriesPlan plan : batch) {
      int width = plan.floatLines();
      labels.addAll(plan.lines());
      ByteArrayOutputStream[] more = null;
      if (plan.nativeLine() || plan.exemplarLabels() != null) {
        more = new ByteArrayOutputStream[plan.lines().size()];
      }
      for (int k = 0; k < steps; k++) {
        int status = plan.cursor().next();
        if (status == SeriesCursor.ABSENT) {
          continue;
        }
        double[] v = plan.cursor().values();
        for (int i = 0; i < width; i++) {
          values[line + i][k] = status == SeriesCursor.STALE ? STALE_NAN : v[i];
          present[line + i][k] = true;
        }
        count += width;
        if (status == SeriesCursor.STALE) {
          // A native histogram series takes no float staleness marker in Prometheus 2.42: it
          // goes stale five minutes after its last sample, as a scraped one that vanished.
          continue;
        }
        if (plan.nativeLine()) {
          append(
              more,
              width,
              WriteRequestEncoder.histogram(plan.cursor().nativeSample(), timestamps[k]));
          count++;
        }
        ExemplarPlan.Exemplar e = plan.exemplarLabels() == null ? null : plan.cursor().exemplar();
        if (e != null && e.step() == slice + k) {
          List<Label> exemplarLabels = new ArrayList<>(plan.exemplarLabels());
          exemplarLabels.add(
              Label.newBuilder().setName(ExemplarPlan.TRACE_ID).setValue(e.traceId()).build());
          exemplarLabels.sort(Comparator.comparing(Label::getName));
          byte[] field = WriteRequestEncoder.exemplar(exemplarLabels, e.value(), timestamps[k]);
          if (plan.nativeLine()) {
            append(more, width + 1, field);
          }
          if (width > 0) {
            append(more, exemplarLine(plan, e.value()), field);
          }
        }
      }
      if (more != null) {
        if (extras == null) {
          extras = new byte[lineCount][];
        }
        for (int i = 0; i < more.length; i++) {
          if (more[i] != null) {
            extras[line + i] = more[i].toByteArray();
          }
        }
      }
      line += plan.lines().size();
    }
    return new Batch(
        slice,
        id,
        WriteRequestEncoder.encode(labels, values, present, extras, timestamps, steps),
        count);
  }

  private static void append(ByteArrayOutputStream[] lines, int line, byte[] field) {
    if (lines[line] == null) {
      lines[line] = new ByteArrayOutputStream();
    }
    lines[line].writeBytes(field);
  }

  /**
   * The float line an exemplar goes with: a counter's one line, or the classic bucket that holds
   * its value (the lowest bound at or above it, else +Inf), as client libraries place them.
   */
  private static int exemplarLine(SeriesPlan plan, double value) {
    double[] bounds = plan.bounds();
    if (plan.floatLines() == 1 || bounds == null) {
      return 0;
    }
    int i = 0;
    while (i < bounds.length && bounds[i] < value) {
      i++;
    }
    return i;
  }

  /** A family's fixed exemplar labels, as remote write takes them. */
  private static List<Label> exemplarLabels(MetricFamily family) {
    List<Label> out = new ArrayList<>();
    var fixed = family.exemplars().fixedLabels();
    for (int i = 0; i < fixed.size(); i++) {
      out.add(Label.newBuilder().setName(fixed.getName(i)).setValue(fixed.getValue(i)).build());
    }
    return List.copyOf(out);
  }

  private static final double STALE_NAN =
      Double.longBitsToDouble(Samples.PROMETHEUS_STALE_NAN_BITS);

  /** The labels of one sample line, {@code __name__} among them, sorted by name. */
  private static List<Label> labels(SampleNames n, Series series, Map<String, String> extra) {
    List<Label> out = new ArrayList<>();
    for (Map.Entry<String, String> e : extra.entrySet()) {
      out.add(Label.newBuilder().setName(e.getKey()).setValue(e.getValue()).build());
    }
    out.add(Label.newBuilder().setName("__name__").setValue(n.name()).build());
    for (int i = 0; i < series.labels().size(); i++) {
      out.add(
          Label.newBuilder()
              .setName(series.labels().getName(i))
              .setValue(series.labels().getValue(i))
              .build());
    }
    if (n.extraLabel() != null) {
      out.add(Label.newBuilder().setName(n.extraLabel()).setValue(n.extraValue()).build());
    }
    out.sort(Comparator.comparing(Label::getName));
    return List.copyOf(out);
  }
}
