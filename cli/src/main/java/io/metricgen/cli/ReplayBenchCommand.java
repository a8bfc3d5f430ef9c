package io.metricgen.cli;

import io.metricgen.engine.exposition.Progress;
import io.metricgen.engine.remotewrite.Backfiller;
import io.metricgen.engine.remotewrite.Checkpoint;
import io.metricgen.engine.remotewrite.RemoteWriteClient;
import io.metricgen.engine.remotewrite.prompb.WriteRequest;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.transport.HttpSettings;
import io.metricgen.engine.transport.Retrier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A benchmark, not for users: builds the exact requests a backfill would send, encodes and
 * compresses them all first, then sends them as fast as the receiver takes them. That is the
 * receiver's ceiling, against which backfill's own rate is measured.
 */
@Command(
    name = "bench-replay",
    hidden = true,
    description = "Benchmark: replay pre-encoded remote-write requests.")
final class ReplayBenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ScenarioOptions scenario;

  @Option(names = "--remote-write", required = true)
  URI url;

  @Option(names = "--start", required = true)
  String start;

  @Option(names = "--end", required = true)
  String end;

  @Option(names = "--concurrency", defaultValue = "2")
  int concurrency;

  private static long parsedSamples(byte[] encoded) {
    try {
      return WriteRequest.parseFrom(encoded).getTimeseriesList().stream()
          .mapToLong(t -> t.getSamplesCount())
          .sum();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Integer call() throws Exception {
    CompiledScenario compiled = scenario.load();
    Instant now = Instant.now();
    long from = TimeRange.time(spec, "--start", start, now).toEpochMilli();
    long to = TimeRange.time(spec, "--end", end, now).toEpochMilli();
    long steps = (to - from + compiled.intervalMillis() - 1) / compiled.intervalMillis();
    // The requests by slice: as in a backfill, a slice is sent whole before the next starts, so
    // that no series gets a sample older than one it already has.
    List<List<byte[]>> slices = new ArrayList<>();
    long[] samples = new long[1];
    Path scratch = Files.createTempFile("metricgen-replay", ".checkpoint");
    Files.delete(scratch);
    try (Checkpoint checkpoint = Checkpoint.open(scratch, "replay", from, steps)) {
      new Backfiller(
              compiled,
              encoded -> {
                samples[0] += parsedSamples(encoded);
                slices.get(slices.size() - 1).add(RemoteWriteClient.compress(encoded));
              },
              // The backfill's default batching: 30-minute slices.
              new Backfiller.Options(
                  10_000, (int) Math.max(1, 1_800_000 / compiled.intervalMillis()), 1),
              Progress.NONE,
              new Backfiller.Scope(0, 1, java.util.Map.of(), step -> slices.add(new ArrayList<>())))
          .run(checkpoint);
      checkpoint.delete();
    }
    RemoteWriteClient client =
        new RemoteWriteClient(
            url, HttpSettings.builder().build(), Retrier.standard((n, r, w) -> {}));
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    long begun = System.nanoTime();
    int requests = 0;
    for (List<byte[]> slice : slices) {
      List<Future<?>> pending = new ArrayList<>();
      for (byte[] body : slice) {
        pending.add(
            pool.submit(
                () -> {
                  client.send(body);
                  return null;
                }));
      }
      for (Future<?> f : pending) {
        f.get();
      }
      requests += slice.size();
    }
    pool.shutdown();
    double seconds = (System.nanoTime() - begun) / 1e9;
    System.err.printf(
        Locale.ROOT,
        "replayed %d samples in %d pre-encoded requests in %.2f s: %.0f samples/s%n",
        samples[0],
        requests,
        seconds,
        samples[0] / seconds);
    return 0;
  }
}
