package io.metricgen.engine.exposition;

import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.series.MetricFamily;
import io.metricgen.engine.series.Series;
import io.metricgen.engine.series.SeriesCursor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a scenario's samples over [start, end) with timestamps, at the scenario's interval from
 * {@code start} (the scenario's time 0). Memory is bounded by the number of series, never the
 * range: each series is produced step by step and written at once.
 */
public final class RangeExporter {

  private final CompiledScenario scenario;
  private final long startMillis;
  private final long steps;
  private final Progress progress;
  private int threads = Runtime.getRuntime().availableProcessors();

  /**
   * @param endMillis exclusive; the last sample is the last step before it
   */
  public RangeExporter(
      CompiledScenario scenario, long startMillis, long endMillis, Progress progress) {
    if (endMillis <= startMillis) {
      throw new IllegalArgumentException("the end must be after the start");
    }
    this.scenario = scenario;
    this.startMillis = startMillis;
    this.steps =
        (endMillis - startMillis + scenario.intervalMillis() - 1) / scenario.intervalMillis();
    this.progress = progress;
  }

  /** Renders on this many threads (default: one per core); the output does not change. */
  public RangeExporter threads(int count) {
    this.threads = Math.max(1, count);
    return this;
  }

  /** Samples (points, whatever the lines per point) that the whole range holds at most. */
  public long plannedSamples() {
    return steps * scenario.seriesCount();
  }

  /** Writes everything to one stream; returns the number of samples written. */
  public long exportTo(OutputStream out, ExpositionFormat format) throws IOException {
    return writeRange(
        out, format, lines(), 0, steps, done -> progress.update(done * steps, plannedSamples()));
  }

  /**
   * Writes one file per window of {@code windowMillis}, aligned to multiples of it since the epoch
   * (as promtool aligns its blocks), into {@code dir}. Each file is complete in itself and appears
   * only once written. Returns the number of samples written.
   */
  public long exportSplit(Path dir, ExpositionFormat format, long windowMillis) throws IOException {
    Files.createDirectories(dir);
    List<SeriesOut> lines = lines();
    long interval = scenario.intervalMillis();
    long written = 0;
    long step = 0;
    String suffix = format == ExpositionFormat.OPENMETRICS ? ".om" : ".prom";
    while (step < steps) {
      long windowStart = Math.floorDiv(startMillis + step * interval, windowMillis) * windowMillis;
      long to =
          Math.min(steps, (windowStart + windowMillis - startMillis + interval - 1) / interval);
      Path file = dir.resolve(String.format("metrics-%013d%s", windowStart, suffix));
      Path partial = dir.resolve(file.getFileName() + ".partial");
      try (OutputStream out =
          new java.io.BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
        written += writeRange(out, format, lines, step, to, done -> {});
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(partial); // nothing half-written stays behind
        throw e;
      }
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      step = to;
      progress.update(step * scenario.seriesCount(), plannedSamples());
    }
    return written;
  }

  /** One series to write: its family, its prepared lines, its cursor (which carries on). */
  private record SeriesOut(MetricFamily family, SeriesLines lines, SeriesCursor cursor) {}

  /** Every series of every family, in order; each family has at least one. */
  private List<SeriesOut> lines() {
    List<SeriesOut> out = new ArrayList<>();
    for (MetricFamily family : scenario.families()) {
      for (Series s : family.series()) {
        out.add(new SeriesOut(family, SeriesLines.of(family, s), family.cursor(s, 0)));
      }
    }
    return out;
  }

  /**
   * Writes steps [from, to) of every series, families' metadata before their first series, and the
   * format's end; {@code seriesDone} hears how many series are written.
   */
  private long writeRange(
      OutputStream out,
      ExpositionFormat format,
      List<SeriesOut> lines,
      long from,
      long to,
      java.util.function.LongConsumer seriesDone)
      throws IOException {
    long written =
        OrderedRenderer.run(
            threads,
            lines.size(),
            (i, writer) -> {
              SeriesOut s = lines.get(i);
              if (i == 0 || lines.get(i - 1).family() != s.family()) {
                writer.family(s.family());
              }
              return writeSteps(writer, s.cursor(), s.lines(), from, to);
            },
            out,
            format,
            (done, total) -> seriesDone.accept(done));
    new StreamingWriter(out, format, true).finish();
    return written;
  }

  private long writeSteps(
      StreamingWriter writer, SeriesCursor cursor, SeriesLines lines, long from, long to)
      throws IOException {
    long written = 0;
    long interval = scenario.intervalMillis();
    for (long k = from; k < to; k++) {
      if (cursor.next() == SeriesCursor.PRESENT) {
        writer.sample(lines, cursor.values(), startMillis + k * interval);
        written++;
      }
    }
    return written;
  }
}
