package io.metricgen.engine.remotewrite;

import io.metricgen.engine.exposition.Progress;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.series.MetricFamily;
import io.metricgen.engine.series.Series;
import java.util.ArrayList;
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

  /**
   * Sends the checkpoint's remaining steps, [nextStep, endStep), from its origin. On a resumed
   * checkpoint, a batch that the receiver refuses as out of order or duplicate before it has
   * accepted any (or in the slice where it first accepted one) is taken as stored: it was sent
   * before the interruption, and a refused request is stored whole or not at all.
   */
  public Result run(Checkpoint checkpoint) throws InterruptedException {
    long from = checkpoint.nextStep();
    long toStep = checkpoint.endStep();
    BackfillPlan plan = BackfillPlan.of(scenario, scope, from);
    List<BackfillPlan.SeriesLines> series = plan.series();
    long totalSamples = (toStep - from) * plan.samplesPerStep();
    checkpoint.expect(totalSamples);
    SliceEncoder encoder = new SliceEncoder(checkpoint.originMillis(), scenario.intervalMillis());
    long skipped = 0;
    try (Sends sends = new Sends(checkpoint, totalSamples)) {
      if (from < toStep) {
        scope.pace().beforeSlice(from);
      }
      for (long slice = from; slice < toStep; slice += options.sliceSteps()) {
        int steps = (int) (Math.min(toStep, slice + options.sliceSteps()) - slice);
        int budget = Math.max(1, options.batchSamples() / steps);
        int id = 0;
        for (int p = 0; p < series.size(); ) {
          // A batch: whole series, as many as the budget of TimeSeries takes (one at least).
          int first = p;
          int timeSeries = 0;
          while (p < series.size()
              && (timeSeries == 0 || timeSeries + series.get(p).timeSeries() <= budget)) {
            timeSeries += series.get(p++).timeSeries();
          }
          // Encoded before waiting for the slice before it: encoding overlaps its last requests.
          SliceEncoder.Encoded request = encoder.encode(series.subList(first, p), slice, steps);
          int batch = id++;
          if (slice != sends.slice()) {
            sends.awaitAll();
            checkpoint.sliceDone(slice);
            scope.pace().beforeSlice(slice);
            sends.startSlice(slice);
          }
          if (checkpoint.isAcked(batch)) {
            skipped++;
            continue;
          }
          sends.submit(batch, request);
        }
      }
      sends.awaitAll();
      checkpoint.sliceDone(toStep);
      return new Result(sends.samples(), sends.requests(), skipped);
    }
  }

  /**
   * The requests in flight: at most twice the concurrency queued, all of one slice, each
   * acknowledged in the checkpoint once the receiver took it.
   */
  private final class Sends implements AutoCloseable {
    private final Checkpoint checkpoint;
    private final long totalSamples;
    private final ExecutorService senders = Executors.newFixedThreadPool(options.concurrency());
    private final Semaphore inFlight = new Semaphore(options.concurrency() * 2);
    private final List<Future<?>> pending = new ArrayList<>();
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    // After a resume, what is sent again may be stored already: the checkpoint is saved now and
    // then, not after every request. Until the receiver accepts a request, a refusal as out of
    // order or duplicate means "stored before"; after that, only within the slice it accepted in.
    private final boolean resumed;
    private final AtomicLong firstAccepted = new AtomicLong(Long.MAX_VALUE);
    private long slice;

    Sends(Checkpoint checkpoint, long totalSamples) {
      this.checkpoint = checkpoint;
      this.totalSamples = totalSamples;
      this.resumed = checkpoint.resumed();
      this.slice = checkpoint.nextStep();
    }

    long slice() {
      return slice;
    }

    void startSlice(long slice) {
      this.slice = slice;
    }

    long samples() {
      return samples.get();
    }

    long requests() {
      return requests.get();
    }

    void submit(int batch, SliceEncoder.Encoded request) throws InterruptedException {
      long at = slice;
      boolean mayBeStored = resumed && at <= firstAccepted.get();
      inFlight.acquire();
      pending.add(
          senders.submit(
              () -> {
                try {
                  if (send(request.request(), mayBeStored) && resumed) {
                    firstAccepted.accumulateAndGet(at, Math::min);
                  }
                  checkpoint.ack(batch, request.samples());
                  requests.incrementAndGet();
                  progress.update(samples.addAndGet(request.samples()), totalSamples);
                } finally {
                  inFlight.release();
                }
                return null;
              }));
    }

    /** Waits for every request in flight; the first that failed ends the run with its failure. */
    void awaitAll() throws InterruptedException {
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

    @Override
    public void close() {
      senders.shutdownNow();
    }
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
}
