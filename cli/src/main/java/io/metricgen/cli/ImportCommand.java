package io.metricgen.cli;

import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import io.metricgen.engine.importer.Importer;
import io.metricgen.engine.importer.SampleFileReader;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.push.GroupingKey;
import io.metricgen.engine.push.PushgatewayClient;
import io.metricgen.engine.remotewrite.RemoteWriteClient;
import io.metricgen.engine.remotewrite.prompb.WriteRequest;
import io.metricgen.engine.transport.HttpSettings;
import io.metricgen.engine.transport.Retrier;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metricgen import}: samples from a CSV or JSON file. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Imports samples from CSV or JSON to a Pushgateway and a remote-write receiver.",
      "CSV: metric_name,labels,value,timestamp_ms, labels as k1=v1;k2=v2 (RFC 4180 quoting)."
          + " JSON: [{\"metric\", \"labels\", \"value\", \"timestamp_ms\"}]. --mode auto"
          + " sends samples under 5 minutes old to the Pushgateway and older ones over remote"
          + " write. A file with any bad line writes nothing (exit 2) unless --skip-invalid."
    })
final class ImportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin HttpOptions http;

  @Option(
      names = "--file",
      required = true,
      paramLabel = "FILE",
      description = "The file to import.")
  Path file;

  @Option(names = "--format", description = "csv or json (default: from the file name).")
  String format;

  @Option(
      names = "--mode",
      defaultValue = "auto",
      description = "auto (default), realtime or historic.")
  String mode;

  @Option(
      names = "--pushgateway",
      paramLabel = "URL",
      description = "Pushgateway for current samples.")
  URI pushgateway;

  @Option(
      names = "--remote-write",
      paramLabel = "URL",
      description = "Remote-write receiver for older samples.")
  URI remoteWrite;

  @Option(
      names = "--job",
      defaultValue = "metricgen-import",
      description = "The Pushgateway group's job (default metricgen-import).")
  String job;

  @Option(
      names = "--timestamp-unit",
      defaultValue = "ms",
      paramLabel = "UNIT",
      description =
          "The unit of the timestamp column: ms (default) or s (decimals allowed, as Prometheus"
              + " writes them).")
  String timestampUnit;

  @Option(names = "--skip-invalid", description = "Report bad lines and import the rest.")
  boolean skipInvalid;

  @Option(
      names = "--batch-samples",
      defaultValue = "10000",
      description = "Samples per remote-write request (default 10000).")
  int batchSamples;

  @Override
  public Integer call() throws Exception {
    Importer.Mode m;
    try {
      m = Importer.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--mode: expected auto, realtime or historic, got " + mode);
    }
    String fmt = format != null ? format.toLowerCase(Locale.ROOT) : extension(file);
    if (fmt == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "cannot tell the format of "
              + file
              + " from its name; give --format csv or --format json");
    }
    Arguments.endpoint(spec, "--pushgateway", pushgateway, true);
    Arguments.endpoint(spec, "--remote-write", remoteWrite, false);
    SampleFileReader.TimestampUnit unit =
        switch (timestampUnit) {
          case "ms" -> SampleFileReader.TimestampUnit.MILLISECONDS;
          case "s" -> SampleFileReader.TimestampUnit.SECONDS;
          default ->
              throw new CommandLine.ParameterException(
                  spec.commandLine(), "--timestamp-unit: expected ms or s, got " + timestampUnit);
        };
    String text = ScenarioLoader.readFile(file);
    long now = System.currentTimeMillis();
    SampleFileReader.Result read =
        switch (fmt) {
          case "csv" -> SampleFileReader.csv(file.toString(), text, now, unit);
          case "json" -> SampleFileReader.json(file.toString(), text, now, unit);
          default ->
              throw new CommandLine.ParameterException(
                  spec.commandLine(), "--format: expected csv or json, got " + fmt);
        };
    if (!read.problems().isEmpty()) {
      if (!skipInvalid) {
        throw new InvalidInputException(read.problems());
      }
      for (Problem p : read.problems()) {
        System.err.println("skipped: " + p);
      }
    }
    Importer.Plan plan = Importer.route(read.samples(), m, now);
    List<String> missing = new ArrayList<>();
    if (!plan.realtime().isEmpty() && pushgateway == null) {
      missing.add(plan.realtime().size() + " samples are current and need --pushgateway");
    }
    if (!plan.historic().isEmpty() && remoteWrite == null) {
      missing.add(
          plan.historic().size() + " samples are older than 5 minutes and need --remote-write");
    }
    if (!missing.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), String.join("; ", missing));
    }
    HttpSettings settings = http.settings(spec.commandLine());
    Retrier retrier = Retrier.standard(HttpOptions.retryLog());
    if (!plan.historic().isEmpty()) {
      RemoteWriteClient client = new RemoteWriteClient(remoteWrite, settings, retrier);
      for (WriteRequest r : Importer.writeRequests(plan.historic(), Math.max(1, batchSamples))) {
        client.write(r);
      }
    }
    List<String> groups = new ArrayList<>();
    int pushedSeries = 0;
    if (!plan.realtime().isEmpty()) {
      PushgatewayClient client = new PushgatewayClient(pushgateway, settings, retrier);
      for (Importer.PushGroup g : Importer.pushGroups(plan.realtime(), job)) {
        GroupingKey group = new GroupingKey(g.job(), Map.of());
        client.post(group, g.body());
        groups.add(group.path());
        pushedSeries += g.series();
      }
    }
    int notPushed = plan.realtime().size() - pushedSeries;
    System.err.printf(
        "imported %d samples: %d series to the Pushgateway (%s)%s, %d samples over remote write%s%n",
        plan.realtime().size() + plan.historic().size(),
        pushedSeries,
        groups.isEmpty() ? "none" : String.join(", ", groups),
        notPushed == 0
            ? ""
            : " as the newest of their samples; "
                + notPushed
                + " older current samples were not sent, since a Pushgateway holds one value a"
                + " series",
        plan.historic().size(),
        read.problems().isEmpty() ? "" : "; skipped " + read.problems().size() + " bad lines");
    return 0;
  }

  private static String extension(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".json")
        ? "json"
        : name.endsWith(".csv") ? "csv" : "unknown (use --format)";
  }
}
