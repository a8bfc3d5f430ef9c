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

  /** Samples (points, whatever the lines per point) that the whole range holds at most. */
  public long plannedSamples() {
    return steps * scenario.seriesCount();
  }

  /** Writes everything to one stream; returns the number of samples written. */
  public long exportTo(OutputStream out, ExpositionFormat format) throws IOException {
    StreamingWriter writer = new StreamingWriter(out, format, true);
    long written = 0;
    long visited = 0;
    for (MetricFamily family : scenario.families()) {
      writer.family(family);
      for (Series series : family.series()) {
        SeriesLines lines = SeriesLines.of(family, series);
        SeriesCursor cursor = family.cursor(series, 0);
        written += writeSteps(writer, cursor, lines, 0, steps);
        visited += steps;
        progress.update(visited, plannedSamples());
      }
    }
    writer.finish();
    return written;
  }

  /**
   * Writes one file per window of {@code windowMillis}, aligned to multiples of it since the epoch
   * (as promtool aligns its blocks), into {@code dir}. Each file is complete in itself and appears
   * only once written. Returns the number of samples written.
   */
  public long exportSplit(Path dir, ExpositionFormat format, long windowMillis) throws IOException {
    Files.createDirectories(dir);
    List<SeriesCursor> cursors = new ArrayList<>();
    List<SeriesLines> lines = new ArrayList<>();
    for (MetricFamily family : scenario.families()) {
      for (Series series : family.series()) {
        cursors.add(family.cursor(series, 0));
        lines.add(SeriesLines.of(family, series));
      }
    }
    long interval = scenario.intervalMillis();
    long written = 0;
    long step = 0;
    String suffix = format == ExpositionFormat.OPENMETRICS ? ".om" : ".prom";
    while (step < steps) {
      long windowStart = Math.floorDiv(startMillis + step * interval, windowMillis) * windowMillis;
      long windowEnd = windowStart + windowMillis;
      long lastStep = Math.min(steps, (windowEnd - startMillis + interval - 1) / interval);
      Path file = dir.resolve(String.format("metrics-%013d%s", windowStart, suffix));
      Path partial = dir.resolve(file.getFileName() + ".partial");
      try (OutputStream out = Files.newOutputStream(partial)) {
        StreamingWriter writer = new StreamingWriter(out, format, true);
        int i = 0;
        for (MetricFamily family : scenario.families()) {
          writer.family(family);
          for (int s = 0; s < family.series().size(); s++, i++) {
            written += writeSteps(writer, cursors.get(i), lines.get(i), step, lastStep);
          }
        }
        writer.finish();
      }
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      step = lastStep;
      progress.update(step * scenario.seriesCount(), plannedSamples());
    }
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
