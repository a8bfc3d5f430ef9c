package io.metricgen.cli;

import io.metricgen.engine.importer.SampleFileReader;
import io.metricgen.engine.load.Checks;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.remotewrite.Backfiller;
import io.metricgen.engine.remotewrite.Checkpoint;
import io.metricgen.engine.remotewrite.Preflight;
import io.metricgen.engine.remotewrite.RejectedWriteException;
import io.metricgen.engine.remotewrite.RemoteWriteClient;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.time.Durations;
import io.metricgen.engine.time.Times;
import io.metricgen.engine.transport.DeliveryException;
import io.metricgen.engine.transport.HttpSettings;
import io.metricgen.engine.transport.RefusedException;
import io.metricgen.engine.transport.Retrier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metricgen backfill}: a scenario's history into Prometheus over remote write. */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the scenario's samples over [start, end) to a remote-write receiver.",
      "For Prometheus, start it with --web.enable-remote-write-receiver. Samples go time-major,"
          + " with a checkpoint file: run again with the same arguments after an interruption and"
          + " it continues where it stopped. With --shards N, N processes (one per --shard index,"
          + " or JOB_COMPLETION_INDEX in an Indexed Job) split the series and keep in step"
          + " through each other's checkpoints."
    })
final class BackfillCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ScenarioOptions scenario;

  @Mixin HttpOptions http;

  @Mixin ShardOptions shards;

  @Option(
      names = "--remote-write",
      required = true,
      paramLabel = "URL",
      description = "Receiver URL, like%nhttp://127.0.0.1:9090/api/v1/write")
  URI url;

  @Option(names = "--start", description = "Start: RFC 3339, now, or -24h (the scenario's time 0).")
  String start;

  @Option(names = "--end", description = "End, exclusive (default now).")
  String end;

  @Option(
      names = "--at",
      paramLabel = "TIME",
      description = "Write one sample of every series at this time instead of a range.")
  String at;

  @Option(
      names = "--label",
      paramLabel = "NAME=VALUE",
      description =
          "A label added to every series (repeatable): what the scrape of live data adds, so"
              + " history and live data are one series.")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(
      names = "--batch-samples",
      defaultValue = "10000",
      description = "Samples per request, at most (default 10000).")
  int batchSamples;

  @Option(
      names = "--slice",
      defaultValue = "30m",
      paramLabel = "DURATION",
      description =
          "Time each slice covers: every series' samples of a slice are sent before the next"
              + " (default 30m, at most 1h: Prometheus accepts samples up to an hour behind its"
              + " newest).")
  String slice;

  @Option(
      names = "--concurrency",
      defaultValue = "2",
      description = "Requests in flight (default 2).")
  int concurrency;

  @Option(
      names = "--max-attempts",
      defaultValue = "10",
      description = "Attempts per request before giving up (default 10).")
  int maxAttempts;

  @Override
  public Integer call() throws Exception {
    if (at != null && (start != null || end != null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--at excludes --start and --end");
    }
    if (at == null && start == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give --start (and --end), or --at");
    }
    if (batchSamples < 1 || concurrency < 1 || maxAttempts < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--batch-samples, --concurrency and --max-attempts must be at least 1");
    }
    Arguments.endpoint(spec, "--remote-write", url, false);
    int index = shards.check(spec);
    for (String name : labels.keySet()) {
      String problem = Checks.labelNameProblem(name);
      if (problem != null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--label: " + problem);
      }
    }
    Duration sliceLength = TimeRange.positiveDuration(spec, "--slice", slice);
    Duration maxSlice = shards.count() > 1 ? Duration.ofMinutes(30) : Duration.ofHours(1);
    if (sliceLength.compareTo(maxSlice) > 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--slice must be at most "
              + Durations.format(maxSlice)
              + ": Prometheus accepts samples up to an hour behind its newest"
              + (shards.count() > 1 ? ", and shards run up to two slices apart" : ""));
    }
    // Read once: the checkpoint's identity is the content that is sent.
    String scenarioText = ScenarioLoader.readFile(scenario.file);
    CompiledScenario compiled = scenario.compile(scenarioText);
    List<String> conflicts = Backfiller.labelConflicts(compiled, labels.keySet());
    if (!conflicts.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--label: the scenario's series already have the labels "
              + String.join(", ", conflicts)
              + "; a series can't have a label twice");
    }
    Instant now = Instant.now();
    long origin;
    long steps;
    Checkpoint.Range range;
    if (at != null) {
      origin = notAhead("--at", TimeRange.time(spec, "--at", at, now), now).toEpochMilli();
      steps = 1;
      range =
          new Checkpoint.Range(
              origin,
              origin + 1,
              compiled.intervalMillis(),
              Times.isRelative(at),
              Times.isRelative(at));
    } else {
      Instant from = TimeRange.time(spec, "--start", start, now);
      Instant to =
          notAhead("--end", TimeRange.time(spec, "--end", end == null ? "now" : end, now), now);
      if (!to.isAfter(from)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--end (" + to + ") must be after --start (" + from + ")");
      }
      origin = from.toEpochMilli();
      long interval = compiled.intervalMillis();
      steps = (to.toEpochMilli() - origin + interval - 1) / interval;
      range =
          new Checkpoint.Range(
              origin,
              to.toEpochMilli(),
              interval,
              Times.isRelative(start),
              end == null || Times.isRelative(end));
    }
    int sliceSteps = (int) Math.max(1, sliceLength.toMillis() / compiled.intervalMillis());
    String identity = identity(scenarioText, sliceSteps);
    try (ShardOptions.Stores stores = shards.stores(identity);
        Checkpoint checkpoint =
            Checkpoint.open(stores.of(index), identity, index, range, stores.saveEvery())) {
      return run(compiled, identity, sliceSteps, stores, index, checkpoint);
    }
  }

  private int run(
      CompiledScenario compiled,
      String identity,
      int sliceSteps,
      ShardOptions.Stores stores,
      int index,
      Checkpoint checkpoint)
      throws InterruptedException {
    if (checkpoint.resumed()) {
      System.err.printf(
          "resuming from %s at step %d of %d (from %s)%n",
          checkpoint.describe(),
          checkpoint.nextStep(),
          checkpoint.endStep(),
          Instant.ofEpochMilli(checkpoint.originMillis()));
    }
    HttpSettings settings = http.settings(spec.commandLine());
    if (checkpoint.nextStep() < checkpoint.endStep()) {
      long oldest = checkpoint.originMillis() + checkpoint.nextStep() * compiled.intervalMillis();
      Optional<String> refused =
          Preflight.problem(url, settings, oldest, compiled, System.err::println);
      if (refused.isPresent()) {
        failOrForget(checkpoint, refused.get(), true, true, false);
        throw new RefusedException(refused.get(), true);
      }
    }
    RemoteWriteClient client =
        new RemoteWriteClient(
            url,
            settings,
            new Retrier(
                maxAttempts,
                Duration.ofMillis(250),
                Duration.ofSeconds(30),
                HttpOptions.retryLog()));
    ConsoleProgress progress = ConsoleProgress.forStderr();
    long begun = System.nanoTime();
    Backfiller.Scope scope =
        new Backfiller.Scope(
            index, shards.count(), labels, shards.pace(stores, index, identity, sliceSteps));
    Backfiller.Result result;
    try {
      result =
          new Backfiller(
                  compiled,
                  client::writeEncoded,
                  new Backfiller.Options(batchSamples, sliceSteps, concurrency),
                  progress,
                  scope)
              .run(checkpoint);
    } catch (RuntimeException e) {
      RuntimeException reported = explained(e, client, checkpoint);
      failOrForget(
          checkpoint,
          reported.getMessage(),
          reported instanceof RefusedException,
          reported instanceof RefusedException r && r.tooOld(),
          client.mayHaveDelivered());
      throw reported;
    }
    progress.done();
    if (!shards.keepWhenDone()) {
      checkpoint.delete();
    }
    double seconds = (System.nanoTime() - begun) / 1e9;
    System.err.printf(
        Locale.ROOT,
        "backfilled %d samples of %d series%s in %d requests (%d retried, %d skipped as already"
            + " stored) in %.2f s: %.0f samples/s; peak heap %.1f MiB%n",
        result.samples(),
        compiled.seriesCount(),
        shards.count() == 1 ? "" : " (shard " + index + " of " + shards.count() + ")",
        result.requests(),
        client.retries(),
        result.skippedRequests(),
        seconds,
        result.samples() / seconds,
        ExportCommand.peakHeapBytes() / 1048576.0);
    return 0;
  }

  /**
   * Records why the run stopped in its checkpoint; but a checkpoint of this run's own making, in a
   * file, through which nothing may have reached the receiver, goes instead: it would pin a range
   * relative to now (-6h) that nothing was written in to the rerun. A Backfill's checkpoints and
   * sharded ones stay, for the operator and the other shards to read the failure.
   */
  private void failOrForget(
      Checkpoint checkpoint, String why, boolean forGood, boolean old, boolean mayHaveDelivered) {
    if (!checkpoint.resumed()
        && !mayHaveDelivered
        && checkpoint.samplesWritten() == 0
        && !shards.keepWhenDone()) {
      checkpoint.delete();
      return;
    }
    checkpoint.fail(why, forGood, old);
  }

  /** A failure reworded where the bare one would mislead. */
  private static RuntimeException explained(
      RuntimeException e, RemoteWriteClient client, Checkpoint checkpoint) {
    if (e instanceof RejectedWriteException rejected) {
      if (rejected.alreadyStored() && client.connectionFailures() > 0) {
        return new DeliveryException(
            "the receiver refused samples as already stored after the connection to it had failed:"
                + " it restarted during the backfill and kept part of what was in flight. Nothing"
                + " is lost: run the same command again, and it resumes from what "
                + checkpoint.describe()
                + " records (from the start if it records nothing yet), counting what is already"
                + " stored. (It said: "
                + rejected.body()
                + ")",
            e);
      }
    }
    return e;
  }

  /**
   * {@code t} when it is not ahead of now by more than clocks differ: a backfill writes history,
   * and import refuses samples from the future alike.
   */
  private Instant notAhead(String option, Instant t, Instant now) {
    if (t.toEpochMilli() > now.toEpochMilli() + SampleFileReader.MAX_FUTURE_MILLIS) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          option
              + " ("
              + t
              + ") is in the future; a backfill writes history, up to now at the latest (live"
              + " values are for serve and push)");
    }
    return t;
  }

  /** What makes this backfill this one: the scenario and the arguments as written. */
  private String identity(String scenarioText, int sliceSteps) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      String args =
          String.join(
              "\n",
              scenarioText,
              String.valueOf(start),
              String.valueOf(end),
              String.valueOf(at),
              url.toString(),
              String.valueOf(batchSamples),
              String.valueOf(sliceSteps),
              shards.count() == 1 ? "" : "shards=" + shards.count(),
              labels.isEmpty() ? "" : new java.util.TreeMap<>(labels).toString());
      return HexFormat.of().formatHex(sha.digest(args.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
