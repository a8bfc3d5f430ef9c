package io.metricgen.cli;

import io.metricgen.engine.exposition.ExpositionFormat;
import io.metricgen.engine.exposition.RangeExporter;
import io.metricgen.engine.series.CompiledScenario;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metricgen export}: timestamped samples over a range, for promtool or a file. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the scenario's samples over [start, end) with timestamps, at its interval.",
      "OpenMetrics output is accepted by `promtool tsdb create-blocks-from openmetrics`.",
      "Memory stays bounded whatever the range."
    })
final class ExportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ScenarioOptions scenario;

  @Option(names = "--start", required = true, description = "Start: RFC 3339, now, or -24h.")
  String start;

  @Option(names = "--end", defaultValue = "now", description = "End, exclusive (default now).")
  String end;

  @Option(
      names = "--format",
      defaultValue = "openmetrics",
      description = "openmetrics (default) or text (Prometheus 0.0.4).")
  String format;

  @Option(
      names = {"-o", "--output"},
      description = "Output file, or directory with --split (default standard output).")
  Path output;

  @Option(
      names = "--split",
      paramLabel = "DURATION",
      description =
          "Write one file per window of this length, aligned to multiples of it (e.g. 2h, as"
              + " promtool's blocks), into the -o directory.")
  String split;

  @Override
  public Integer call() throws Exception {
    Instant now = Instant.now();
    Instant from = TimeRange.time(spec, "--start", start, now);
    Instant to = TimeRange.time(spec, "--end", end, now);
    if (!to.isAfter(from)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--end (" + to + ") must be after --start (" + from + ")");
    }
    ExpositionFormat fmt =
        switch (format.toLowerCase(Locale.ROOT)) {
          case "openmetrics" -> ExpositionFormat.OPENMETRICS;
          case "text" -> ExpositionFormat.TEXT;
          default ->
              throw new CommandLine.ParameterException(
                  spec.commandLine(), "--format: expected openmetrics or text, got " + format);
        };
    if (split != null && output == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--split needs -o DIR, the directory for the window files");
    }
    if (split == null && output != null && !output.toString().equals("-")) {
      Arguments.fileToWrite(spec, "-o", output);
    }
    CompiledScenario compiled = scenario.load();
    String note =
        compiled.classicOnlyNote(
            "export (" + format.toLowerCase(Locale.ROOT) + ", which promtool reads into blocks)");
    if (note != null) {
      System.err.println(note + "; backfill over remote write writes them");
    }
    ConsoleProgress progress = ConsoleProgress.forStderr();
    RangeExporter exporter =
        new RangeExporter(compiled, from.toEpochMilli(), to.toEpochMilli(), progress);
    long begun = System.nanoTime();
    long samples;
    if (split != null) {
      long window = TimeRange.positiveDuration(spec, "--split", split).toMillis();
      samples = exporter.exportSplit(output, fmt, window);
    } else if (output == null || output.toString().equals("-")) {
      OutputStream out = new FileOutputStream(java.io.FileDescriptor.out);
      samples = exporter.exportTo(out, fmt);
    } else {
      samples = exportToFile(exporter, fmt);
    }
    progress.done();
    double seconds = (System.nanoTime() - begun) / 1e9;
    System.err.printf(
        Locale.ROOT,
        "exported %d samples of %d series in %.2f s (%.2f M samples/s); peak heap %.1f MiB%n",
        samples,
        compiled.seriesCount(),
        seconds,
        samples / seconds / 1e6,
        peakHeapBytes() / 1048576.0);
    return 0;
  }

  /** Writes the file whole or not at all; devices and pipes (/dev/null, a FIFO) in place. */
  private long exportToFile(RangeExporter exporter, ExpositionFormat fmt) throws Exception {
    return OutputFiles.writeStream(output.toAbsolutePath(), out -> exporter.exportTo(out, fmt));
  }

  /** The highest heap use the JVM has seen, summed over its heap pools. */
  static long peakHeapBytes() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }
}
