package io.metricgen.cli;

import io.metricgen.engine.importer.SampleFileReader;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.remotewrite.Backfiller;
import io.metricgen.engine.remotewrite.Checkpoint;
import io.metricgen.engine.remotewrite.RejectedWriteException;
import io.metricgen.engine.remotewrite.RemoteWriteClient;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.transport.DeliveryException;
import io.metricgen.engine.transport.Retrier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
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
      "Writes the scenario's samples over [start, end) to a remote-write receiver (Prometheus",
      "with --web.enable-remote-write-receiver), time-major, with a checkpoint file: run again",
      "with the same arguments after an interruption and it continues where it stopped."
    })
final class BackfillCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ScenarioOptions scenario;

  @Mixin HttpOptions http;

  @Option(
      names = "--remote-write",
      required = true,
      paramLabel = "URL",
      description = "Receiver URL, like http://127.0.0.1:9090/api/v1/write.")
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
      names = "--checkpoint",
      paramLabel = "FILE",
      description =
          "Checkpoint file (default metricgen-backfill-<id>.checkpoint here). Removed when the backfill completes.")
  Path checkpointFile;

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
    if (checkpointFile != null) {
      Arguments.fileToWrite(spec, "--checkpoint", checkpointFile);
    }
    Duration sliceLength = TimeRange.positiveDuration(spec, "--slice", slice);
    if (sliceLength.compareTo(Duration.ofHours(1)) > 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--slice must be at most 1h: Prometheus accepts samples up to an hour behind its newest");
    }
    // Read once: the checkpoint's identity is the content that is sent.
    String scenarioText = ScenarioLoader.readFile(scenario.file);
    CompiledScenario compiled = scenario.compile(scenarioText);
    Instant now = Instant.now();
    long origin;
    long steps;
    if (at != null) {
      origin = notAhead("--at", TimeRange.time(spec, "--at", at, now), now).toEpochMilli();
      steps = 1;
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
    }
    int sliceSteps = (int) Math.max(1, sliceLength.toMillis() / compiled.intervalMillis());
    String identity = identity(scenarioText, sliceSteps);
    Path file =
        checkpointFile != null
            ? checkpointFile
            : Path.of("metricgen-backfill-" + identity.substring(0, 12) + ".checkpoint");
    Checkpoint checkpoint = Checkpoint.open(file, identity, origin, steps);
    if (checkpoint.resumed()) {
      System.err.printf(
          "resuming from %s at step %d of %d (from %s)%n",
          file,
          checkpoint.nextStep(),
          checkpoint.endStep(),
          Instant.ofEpochMilli(checkpoint.originMillis()));
    }
    RemoteWriteClient client =
        new RemoteWriteClient(
            url,
            http.settings(spec.commandLine()),
            new Retrier(
                maxAttempts,
                Duration.ofMillis(250),
                Duration.ofSeconds(30),
                HttpOptions.retryLog()));
    ConsoleProgress progress = ConsoleProgress.forStderr();
    long begun = System.nanoTime();
    Backfiller.Result result;
    try {
      result =
          new Backfiller(
                  compiled,
                  client::writeEncoded,
                  new Backfiller.Options(batchSamples, sliceSteps, concurrency),
                  progress)
              .run(checkpoint);
    } catch (RejectedWriteException e) {
      if (e.alreadyStored() && client.connectionFailures() > 0) {
        throw new DeliveryException(
            "the receiver refused samples as already stored after the connection to it had failed:"
                + " it restarted during the backfill and kept part of what was in flight. Nothing"
                + " is lost: run the same command again, and it resumes from what "
                + file
                + " records (from the start if it records nothing yet), counting what is already"
                + " stored. (It said: "
                + e.body()
                + ")",
            e);
      }
      throw e;
    }
    progress.done();
    checkpoint.delete();
    double seconds = (System.nanoTime() - begun) / 1e9;
    System.err.printf(
        Locale.ROOT,
        "backfilled %d samples of %d series in %d requests (%d retried, %d skipped as already"
            + " stored) in %.2f s: %.0f samples/s; peak heap %.1f MiB%n",
        result.samples(),
        compiled.seriesCount(),
        result.requests(),
        client.retries(),
        result.skippedRequests(),
        seconds,
        result.samples() / seconds,
        ExportCommand.peakHeapBytes() / 1048576.0);
    return 0;
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
              String.valueOf(sliceSteps));
      return HexFormat.of().formatHex(sha.digest(args.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
