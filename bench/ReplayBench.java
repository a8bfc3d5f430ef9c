// A benchmark, not a command: builds the exact requests a backfill would send, encodes and
// compresses them all first, then sends them as fast as the receiver takes them. That is the
// receiver's ceiling, against which backfill's own rate is measured. Run by
// bench/backfill-shards.sh and bench/remote-write.sh:
//   java -cp cli/target/metricgen.jar bench/ReplayBench.java SCENARIO URL START END [CONCURRENCY]
import io.metricgen.engine.exposition.Progress;
import io.metricgen.engine.load.ScenarioLoader;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

public class ReplayBench {

  private static long parsedSamples(byte[] encoded) {
    try {
      return WriteRequest.parseFrom(encoded).getTimeseriesList().stream()
          .mapToLong(t -> t.getSamplesCount())
          .sum();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: ReplayBench SCENARIO REMOTE_WRITE_URL START END [CONCURRENCY]");
      System.exit(2);
    }
    CompiledScenario compiled = ScenarioLoader.load(Path.of(args[0]), null);
    URI url = URI.create(args[1]);
    long from = Instant.parse(args[2]).toEpochMilli();
    long to = Instant.parse(args[3]).toEpochMilli();
    int concurrency = args.length > 4 ? Integer.parseInt(args[4]) : 2;
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
  }
}
