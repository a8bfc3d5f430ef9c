package io.metricgen.cli;

import io.metricgen.engine.importer.SampleFileReader;
import io.metricgen.engine.live.LiveScenario;
import io.metricgen.engine.push.GroupingKey;
import io.metricgen.engine.push.PushgatewayClient;
import io.metricgen.engine.transport.Responses;
import io.metricgen.engine.transport.Retrier;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metricgen push}: the scenario's current values to a Pushgateway, every interval. */
@Command(
    name = "push",
    mixinStandardHelpOptions = true,
    description = {
      "Pushes the scenario's current values to a Pushgateway every interval.",
      "PUT replaces the group. The group is deleted at the end of --duration, and on exit with"
          + " --delete-on-exit."
    })
final class PushCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ScenarioOptions scenario;

  @Mixin HttpOptions http;

  @Mixin LiveOptions liveOptions;

  @Option(
      names = "--pushgateway",
      required = true,
      paramLabel = "URL",
      description = "Pushgateway base URL, like http://127.0.0.1:9091.")
  URI pushgateway;

  @Option(
      names = "--job",
      defaultValue = "metricgen",
      description = "The job label of the group (default metricgen).")
  String job;

  @Option(
      names = "--grouping",
      paramLabel = "NAME=VALUE",
      description = "A further grouping label (repeatable).")
  Map<String, String> grouping = new LinkedHashMap<>();

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      description = "Time between pushes (default: the scenario's interval).")
  String interval;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description = "Stop after this long, then delete the group.")
  String duration;

  @Option(
      names = "--epoch",
      paramLabel = "TIME",
      description =
          "The scenario's time 0 (RFC 3339 or -7d; default: when push starts): with the start of"
              + " a backfill, the live values continue its history without a jump.")
  String epoch;

  @Option(
      names = "--once",
      description = "Push once and exit (the group stays unless --delete-on-exit).")
  boolean once;

  @Option(
      names = "--native-histograms",
      description =
          "Push in the Prometheus protobuf format, which carries native histograms and"
              + " exemplars: the Pushgateway (1.5.1 too) keeps them as pushed, and a Prometheus"
              + " started with --enable-feature=native-histograms scrapes them. A native-only"
              + " histogram then has no classic buckets for scrapers that read text. Default:"
              + " the text format, with classic buckets.")
  boolean nativeHistograms;

  @Option(
      names = "--delete-on-exit",
      description = "Delete the group when the command ends, also on Ctrl-C or SIGTERM.")
  boolean deleteOnExit;

  @Override
  public Integer call() throws Exception {
    if (once && duration != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--once and --duration exclude each other");
    }
    if (once && (liveOptions.watch || liveOptions.control != null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--once pushes once: --watch and --control need a push that runs");
    }
    GroupingKey group;
    try {
      group = new GroupingKey(job, grouping);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--grouping/--job: " + e.getMessage());
    }
    Arguments.endpoint(spec, "--pushgateway", pushgateway, true);
    Duration limit =
        duration == null ? null : TimeRange.positiveDuration(spec, "--duration", duration);
    Duration fixedEvery =
        interval == null ? null : TimeRange.positiveDuration(spec, "--interval", interval);
    PushgatewayClient client =
        new PushgatewayClient(
            pushgateway,
            http.settings(spec.commandLine()),
            Retrier.standard(HttpOptions.retryLog()));

    long started = System.currentTimeMillis();
    long origin = started;
    if (epoch != null) {
      Instant now = Instant.ofEpochMilli(started);
      Instant t = TimeRange.time(spec, "--epoch", epoch, now);
      if (t.isAfter(now.plusMillis(SampleFileReader.MAX_FUTURE_MILLIS))) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--epoch (" + t + ") is in the future; time 0 is now or before");
      }
      origin = t.toEpochMilli();
    }
    try (LiveRun run = LiveRun.start(scenario, liveOptions, origin, spec)) {
      LiveScenario live = run.session().live();
      String note = live.scenario().classicOnlyNote("the Pushgateway's text format");
      if (note != null && !nativeHistograms) {
        System.err.println(note + " (--native-histograms pushes them in protobuf)");
      }
      // Released by a change (pushed at once, not at the next interval) and by the end.
      Semaphore wake = new Semaphore(0);
      run.onChange(wake::release);
      return pushUntilStopped(client, group, live, fixedEvery, limit, started, wake);
    }
  }

  private int pushUntilStopped(
      PushgatewayClient client,
      GroupingKey group,
      LiveScenario live,
      Duration fixedEvery,
      Duration limit,
      long started,
      Semaphore wake)
      throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              wake.release();
              try {
                finished.await(15, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    Runtime.getRuntime().addShutdownHook(hook);
    boolean deleteAtEnd = deleteOnExit;
    long pushes = 0;
    try {
      while (true) {
        long now = System.currentTimeMillis();
        client.put(group, live.snapshotAt(now, nativeHistograms), nativeHistograms);
        pushes++;
        // The scenario's interval, which an edit may change, unless --interval sets one.
        Duration every =
            fixedEvery != null ? fixedEvery : Duration.ofMillis(live.scenario().intervalMillis());
        if (pushes == 1) {
          System.err.printf(
              "pushing %d series to %s%s every %s%n",
              live.scenario().seriesCount(),
              Responses.redact(pushgateway),
              group.path(),
              io.metricgen.engine.time.Durations.format(every));
        }
        if (once) {
          break;
        }
        long wait = every.toMillis();
        if (limit != null) {
          long left = started + limit.toMillis() - System.currentTimeMillis();
          if (left <= 0) {
            deleteAtEnd = true;
            break;
          }
          wait = Math.min(wait, left);
        }
        wake.tryAcquire(wait, TimeUnit.MILLISECONDS);
        wake.drainPermits();
        if (stop.getCount() == 0) {
          break;
        }
      }
      if (deleteAtEnd) {
        client.delete(group);
        System.err.printf("deleted group %s after %d pushes%n", group.path(), pushes);
      }
    } finally {
      finished.countDown();
      if (stop.getCount() > 0) {
        Runtime.getRuntime().removeShutdownHook(hook);
      }
    }
    return 0;
  }
}
