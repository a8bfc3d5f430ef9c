package io.metricgen.engine.importer;

import com.fasterxml.jackson.core.io.NumberOutput;
import io.metricgen.engine.exposition.SeriesLines;
import io.metricgen.engine.remotewrite.prompb.Label;
import io.metricgen.engine.remotewrite.prompb.Sample;
import io.metricgen.engine.remotewrite.prompb.TimeSeries;
import io.metricgen.engine.remotewrite.prompb.WriteRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides where imported samples go and shapes them for it: samples under five minutes old are
 * current values for the Pushgateway (in {@code auto} mode), older ones history for remote write.
 */
public final class Importer {

  /** Where samples go. */
  public enum Mode {
    /** Under five minutes old to the Pushgateway, older over remote write. */
    AUTO,
    /** All to the Pushgateway, as current values (timestamps are not sent). */
    REALTIME,
    /** All over remote write, with their timestamps. */
    HISTORIC
  }

  /** Samples younger than this are current values in {@link Mode#AUTO}. */
  public static final long REALTIME_AGE_MILLIS = 5 * 60_000;

  /** The samples split by destination. */
  public record Plan(List<ImportSample> realtime, List<ImportSample> historic) {}

  private Importer() {}

  public static Plan route(List<ImportSample> samples, Mode mode, long nowMillis) {
    List<ImportSample> realtime = new ArrayList<>();
    List<ImportSample> historic = new ArrayList<>();
    for (ImportSample s : samples) {
      boolean current =
          switch (mode) {
            case REALTIME -> true;
            case HISTORIC -> false;
            case AUTO -> nowMillis - s.timestampMillis() < REALTIME_AGE_MILLIS;
          };
      (current ? realtime : historic).add(s);
    }
    return new Plan(realtime, historic);
  }

  /**
   * One Pushgateway group's part of an import: the newest sample of each of its series, as a
   * Prometheus text format body of untyped samples (a Pushgateway holds one value a series).
   */
  public record PushGroup(String job, byte[] body, int series) {}

  /**
   * The current samples by Pushgateway group. A sample's own {@code job} label names its group,
   * else {@code defaultJob} does: the Pushgateway sets {@code job} from the group, so a label sent
   * inside a group of another job would be lost.
   */
  public static List<PushGroup> pushGroups(List<ImportSample> realtime, String defaultJob) {
    Map<String, ImportSample> newest = new TreeMap<>();
    for (ImportSample s : realtime) {
      newest.merge(s.seriesId(), s, (a, b) -> b.timestampMillis() >= a.timestampMillis() ? b : a);
    }
    Map<String, List<ImportSample>> byJob = new TreeMap<>();
    for (ImportSample s : newest.values()) {
      byJob
          .computeIfAbsent(s.labels().getOrDefault("job", defaultJob), k -> new ArrayList<>())
          .add(s);
    }
    List<PushGroup> out = new ArrayList<>();
    byJob.forEach((job, samples) -> out.add(new PushGroup(job, body(samples), samples.size())));
    return out;
  }

  private static byte[] body(List<ImportSample> samples) {
    StringBuilder out = new StringBuilder();
    for (ImportSample s : samples) {
      out.append(s.name());
      boolean first = true;
      for (Map.Entry<String, String> l : s.labels().entrySet()) {
        if (l.getKey().equals("job")) {
          continue; // the group's path carries it
        }
        out.append(first ? "{" : ",").append(l.getKey()).append("=\"");
        SeriesLines.escapeLabelValue(l.getValue(), out);
        out.append('"');
        first = false;
      }
      out.append(first ? "" : "}").append(' ').append(number(s.value())).append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String number(double v) {
    if (v == Double.POSITIVE_INFINITY) {
      return "+Inf";
    }
    if (v == Double.NEGATIVE_INFINITY) {
      return "-Inf";
    }
    return NumberOutput.toString(v, true);
  }

  /**
   * Remote-write requests of at most {@code batchSamples} samples, time-major: all samples sorted
   * by time, so each request's series are in time order and no request reaches behind an earlier
   * one.
   */
  public static List<WriteRequest> writeRequests(List<ImportSample> historic, int batchSamples) {
    List<ImportSample> sorted = new ArrayList<>(historic);
    sorted.sort(
        Comparator.comparingLong(ImportSample::timestampMillis)
            .thenComparing(ImportSample::seriesId));
    List<WriteRequest> out = new ArrayList<>();
    Map<String, TimeSeries.Builder> current = new LinkedHashMap<>();
    int count = 0;
    for (ImportSample s : sorted) {
      current
          .computeIfAbsent(s.seriesId(), k -> TimeSeries.newBuilder().addAllLabels(labels(s)))
          .addSamples(Sample.newBuilder().setTimestamp(s.timestampMillis()).setValue(s.value()));
      if (++count == batchSamples) {
        out.add(request(current));
        current.clear();
        count = 0;
      }
    }
    if (count > 0) {
      out.add(request(current));
    }
    return out;
  }

  private static WriteRequest request(Map<String, TimeSeries.Builder> series) {
    WriteRequest.Builder b = WriteRequest.newBuilder();
    series.values().forEach(b::addTimeseries);
    return b.build();
  }

  private static List<Label> labels(ImportSample s) {
    Map<String, String> all = new TreeMap<>(s.labels());
    all.put("__name__", s.name());
    List<Label> out = new ArrayList<>();
    all.forEach((k, v) -> out.add(Label.newBuilder().setName(k).setValue(v).build()));
    return out;
  }
}
