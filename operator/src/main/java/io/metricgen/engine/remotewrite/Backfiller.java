package io.metricgen.engine.remotewrite;

import io.metricgen.engine.exposition.Progress;
import io.metricgen.engine.remotewrite.prompb.Label;
import io.metricgen.engine.remotewrite.prompb.Sample;
import io.metricgen.engine.remotewrite.prompb.TimeSeries;
import io.metricgen.engine.remotewrite.prompb.WriteRequest;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.series.MetricFamily;
import io.metricgen.engine.series.SampleNames;
import io.metricgen.engine.series.Series;
import io.metricgen.engine.series.SeriesCursor;
import io.metricgen.engine.signal.Samples;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
  public record Options(int batchSamples, int sliceSteps, int concurrency) {
    public static final Options DEFAULT = new Options(10_000, 40, 2);
  }

  /** What a run did. */
  public record Result(long samples, long requests, long skippedRequests) {}

  private record SeriesPlan(MetricFamily family, SeriesCursor cursor, List<List<Label>> lines) {}

  /** Where requests go: the remote-write client, or a benchmark's collector. */
  public interface RequestSink {
    void write(WriteRequest request) throws InterruptedException;
  }

  private final CompiledScenario scenario;
  private final RequestSink client;
  private final Options options;
  private final Progress progress;

  public Backfiller(
      CompiledScenario scenario, RequestSink client, Options options, Progress progress) {
    this.scenario = scenario;
    this.client = client;
    this.options = options;
    this.progress = progress;
  }

  /**
   * Sends the checkpoint's remaining steps, [nextStep, endStep), from its origin. On a resumed
   * checkpoint, a batch of the first slice that the receiver refuses as out of order or duplicate
   * is taken as stored: it was sent before the interruption, and stored whole.
   */
  public Result run(Checkpoint checkpoint) throws InterruptedException {
    long originMillis = checkpoint.originMillis();
    long toStep = checkpoint.endStep();
    long from = checkpoint.nextStep();
    List<SeriesPlan> plans = new ArrayList<>();
    int linesTotal = 0;
    for (MetricFamily family : scenario.families()) {
      List<SampleNames> names = SampleNames.of(family);
      for (Series series : family.series()) {
        List<List<Label>> lines = new ArrayList<>();
        for (SampleNames n : names) {
          lines.add(labels(n, series));
        }
        plans.add(new SeriesPlan(family, family.cursor(series, from), lines));
        linesTotal += lines.size();
      }
    }
    long interval = scenario.intervalMillis();
    long totalSamples = (toStep - from) * linesTotal;
    AtomicLong samples = new AtomicLong();
    AtomicLong requests = new AtomicLong();
    AtomicLong skipped = new AtomicLong();
    boolean firstSlice = true;
    ExecutorService senders = Executors.newFixedThreadPool(options.concurrency());
    Semaphore inFlight = new Semaphore(options.concurrency() * 2);
    try {
      for (long slice = from; slice < toStep; slice += options.sliceSteps()) {
        long sliceEnd = Math.min(toStep, slice + options.sliceSteps());
        int steps = (int) (sliceEnd - slice);
        int budgetLines = Math.max(1, options.batchSamples() / steps);
        List<Future<?>> pending = new ArrayList<>();
        boolean resumedSlice = firstSlice && checkpoint.resumed();
        int batch = 0;
        int p = 0;
        while (p < plans.size()) {
          WriteRequest.Builder request = WriteRequest.newBuilder();
          int lines = 0;
          long batchSamples = 0;
          while (p < plans.size()
              && (lines == 0 || lines + plans.get(p).lines().size() <= budgetLines)) {
            SeriesPlan plan = plans.get(p++);
            batchSamples += addSlice(request, plan, slice, steps, originMillis, interval);
            lines += plan.lines().size();
          }
          int id = batch++;
          if (checkpoint.isAcked(id)) {
            skipped.incrementAndGet();
            continue;
          }
          WriteRequest built = request.build();
          long count = batchSamples;
          inFlight.acquire();
          pending.add(
              senders.submit(
                  () -> {
                    try {
                      send(built, resumedSlice);
                      checkpoint.ack(id);
                      requests.incrementAndGet();
                      progress.update(samples.addAndGet(count), totalSamples);
                    } finally {
                      inFlight.release();
                    }
                    return null;
                  }));
        }
        await(pending);
        checkpoint.sliceDone(sliceEnd);
        firstSlice = false;
      }
    } finally {
      senders.shutdownNow();
    }
    return new Result(samples.get(), requests.get(), skipped.get());
  }

  private void send(WriteRequest request, boolean resumedSlice) throws InterruptedException {
    if (request.getTimeseriesCount() == 0) {
      return;
    }
    try {
      client.write(request);
    } catch (RejectedWriteException e) {
      if (!(resumedSlice && e.alreadyStored())) {
        throw e;
      }
    }
  }

  private static void await(List<Future<?>> pending) throws InterruptedException {
    for (Future<?> f : pending) {
      try {
        f.get();
      } catch (ExecutionException e) {
        for (Future<?> other : pending) {
          other.cancel(true);
        }
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        if (e.getCause() instanceof InterruptedException i) {
          throw i;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
  }

  /** Adds the series' samples of one slice to the request; returns how many. */
  private static long addSlice(
      WriteRequest.Builder request,
      SeriesPlan plan,
      long slice,
      int steps,
      long originMillis,
      long interval) {
    int width = plan.lines().size();
    TimeSeries.Builder[] out = new TimeSeries.Builder[width];
    for (int i = 0; i < width; i++) {
      out[i] = TimeSeries.newBuilder().addAllLabels(plan.lines().get(i));
    }
    long count = 0;
    for (int k = 0; k < steps; k++) {
      int status = plan.cursor().next();
      if (status == SeriesCursor.ABSENT) {
        continue;
      }
      long t = originMillis + (slice + k) * interval;
      double[] v = plan.cursor().values();
      for (int i = 0; i < width; i++) {
        double value =
            status == SeriesCursor.STALE
                ? Double.longBitsToDouble(Samples.PROMETHEUS_STALE_NAN_BITS)
                : v[i];
        out[i].addSamples(Sample.newBuilder().setTimestamp(t).setValue(value));
        count++;
      }
    }
    for (TimeSeries.Builder ts : out) {
      if (ts.getSamplesCount() > 0) {
        request.addTimeseries(ts);
      }
    }
    return count;
  }

  /** The labels of one sample line, {@code __name__} among them, sorted by name. */
  private static List<Label> labels(SampleNames n, Series series) {
    List<Label> out = new ArrayList<>();
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
