package io.metricgen.engine.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.engine.remotewrite.prompb.Histogram;
import io.metricgen.engine.remotewrite.prompb.Label;
import io.metricgen.engine.remotewrite.prompb.Sample;
import io.metricgen.engine.remotewrite.prompb.TimeSeries;
import io.metricgen.engine.remotewrite.prompb.WriteRequest;
import io.metricgen.engine.series.SeriesCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The encoder's bytes are those the generated protobuf classes write for the same request. */
class SliceEncoderTest {

  private static final double[] SPECIAL = {
    0.0,
    -0.0,
    Double.NaN,
    Double.longBitsToDouble(0x7ff0000000000002L),
    Double.MIN_VALUE,
    Double.POSITIVE_INFINITY,
    -1e300,
    42
  };

  @Test
  void encodesWhatTheGeneratedClassesBuildEdgeValuesIncluded() throws Exception {
    // origin 0 and interval 15 s: the first step's timestamp is 0, proto3's default.
    byte[] ours = assertSameAsGenerated(new Random(3), 5, 2, 9, 0, 15_000, 0);
    boolean sawStale = false;
    for (TimeSeries ts : WriteRequest.parseFrom(ours).getTimeseriesList()) {
      for (Sample sample : ts.getSamplesList()) {
        sawStale |= Double.doubleToRawLongBits(sample.getValue()) == 0x7ff0000000000002L;
      }
    }
    assertThat(sawStale).as("the stale marker keeps its exact bits").isTrue();
  }

  /**
   * Any batch (series of one to four float lines, samples missing, stale markers, values of every
   * kind, timestamps before 1970 and far after) encodes as the generated classes encode it, again
   * and again with the same encoder (its buffers are reused).
   */
  @Property(tries = 200)
  void anyBatchEncodesAsTheGeneratedClassesDo(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 6) int series,
      @ForAll @IntRange(min = 1, max = 4) int width,
      @ForAll @IntRange(min = 1, max = 40) int steps,
      @ForAll @IntRange(min = -5, max = 5) int originDays,
      @ForAll @IntRange(min = 0, max = 3) int slice)
      throws Exception {
    assertSameAsGenerated(
        new Random(seed),
        series,
        width,
        steps,
        1_700_000_000_000L + originDays * 400L * 86_400_000L,
        60_000,
        slice);
  }

  @Test
  void aNativeHistogramsSpansAndDeltasGiveBackItsBucketsAndExemplarsFollowTheSamples()
      throws Exception {
    var family =
        io.metricgen.testing.Scenarios.compile(
                "interval: 15s\nmetrics:\n  - name: h\n    type: histogram\n    rate: 30\n"
                    + "    distribution: {weights: [1, 0, 0, 2, 0, 0, 0, 0, 0, 5, 1, 1]}\n"
                    + "    native: {schema: 1}\n")
            .families()
            .get(0);
    var cursor = family.cursor(family.series().get(0), 0);
    for (int k = 0; k < 50; k++) {
      cursor.next();
    }
    var n = cursor.nativeSample();
    assertThat(n.size()).as("buckets with gaps between them").isGreaterThan(3);
    Histogram h =
        TimeSeries.parseFrom(
                concat(
                    WriteRequestEncoder.labels(List.of(label("__name__", "h"))),
                    WriteRequestEncoder.histogram(n, 1_700_000_000_000L)))
            .getHistograms(0);
    assertThat(h.getCountInt()).isEqualTo(n.count());
    assertThat(h.getSum()).isEqualTo(n.sum());
    assertThat(h.getSchema()).isEqualTo(1);
    assertThat(h.getZeroCountInt()).isEqualTo(n.zeroCount());
    assertThat(h.getTimestamp()).isEqualTo(1_700_000_000_000L);
    List<String> decoded = new ArrayList<>();
    int index = 0;
    long count = 0;
    int delta = 0;
    for (int s = 0; s < h.getPositiveSpansCount(); s++) {
      index += h.getPositiveSpans(s).getOffset();
      for (int j = 0; j < h.getPositiveSpans(s).getLength(); j++) {
        count += h.getPositiveDeltas(delta++);
        decoded.add(index++ + ":" + count);
      }
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      expected.add(n.index(i) + ":" + n.bucketCount(i));
    }
    assertThat(decoded).isEqualTo(expected);
    assertThat(delta).isEqualTo(h.getPositiveDeltasCount());
  }

  /**
   * A counter with exemplars, a native histogram with exemplars: the TimeSeries, in order, are
   * those the generated classes would build from the same cursor.
   */
  @Test
  void histogramsAndExemplarsGoWhereTheGeneratedClassesPutThem() throws Exception {
    var scenario =
        io.metricgen.testing.Scenarios.compile(
            "interval: 15s\nmetrics:\n"
                + "  - name: c_total\n    type: counter\n    rate: 5\n"
                + "    exemplars: {every: 1m}\n"
                + "  - name: h\n    type: histogram\n    rate: 30\n"
                + "    buckets: [0.1, 1, 10]\n    distribution: {weights: [1, 2, 5, 1]}\n"
                + "    native: {schema: 1}\n    exemplars: {every: 1m}\n");
    BackfillPlan plan = BackfillPlan.of(scenario, Backfiller.Scope.WHOLE, 0);
    BackfillPlan again = BackfillPlan.of(scenario, Backfiller.Scope.WHOLE, 0);
    long origin = 1_700_000_000_000L;
    int steps = 12;
    byte[] ours = new SliceEncoder(origin, 15_000).encode(plan.series(), 0, steps).request();

    WriteRequest.Builder expected = WriteRequest.newBuilder();
    for (BackfillPlan.SeriesLines s : again.series()) {
      List<TimeSeries.Builder> floats = new ArrayList<>();
      for (byte[] labels : s.floatLabels()) {
        floats.add(TimeSeries.parseFrom(labels).toBuilder());
      }
      TimeSeries.Builder nativeLine =
          s.hasNative() ? TimeSeries.parseFrom(s.nativeLabels()).toBuilder() : null;
      TimeSeries.Builder nativeExemplars =
          s.nativeExemplars() ? TimeSeries.parseFrom(s.nativeLabels()).toBuilder() : null;
      for (int k = 0; k < steps; k++) {
        long t = origin + k * 15_000L;
        s.cursor().next();
        double[] v = s.cursor().values();
        for (int i = 0; i < floats.size(); i++) {
          floats.get(i).addSamples(Sample.newBuilder().setValue(v[i]).setTimestamp(t));
        }
        if (nativeLine != null) {
          nativeLine.addHistograms(
              Histogram.parseFrom(
                  TimeSeries.parseFrom(WriteRequestEncoder.histogram(s.cursor().nativeSample(), t))
                      .getHistograms(0)
                      .toByteArray()));
        }
        var e = s.cursor().exemplar();
        if (e != null && e.step() == k) {
          List<Label> labels = new ArrayList<>(s.exemplarLabels());
          labels.add(label("trace_id", e.traceId()));
          labels.sort(java.util.Comparator.comparing(Label::getName));
          var exemplar =
              io.metricgen.engine.remotewrite.prompb.Exemplar.newBuilder()
                  .addAllLabels(labels)
                  .setValue(e.value())
                  .setTimestamp(t);
          if (nativeExemplars != null) {
            nativeExemplars.addExemplars(exemplar);
          }
          if (!floats.isEmpty()) {
            floats.get(s.exemplarLine(e.value())).addExemplars(exemplar);
          }
        }
      }
      floats.forEach(expected::addTimeseries);
      if (nativeLine != null) {
        expected.addTimeseries(nativeLine);
      }
      if (nativeExemplars != null && nativeExemplars.getExemplarsCount() > 0) {
        expected.addTimeseries(nativeExemplars);
      }
    }
    WriteRequest built = expected.build();
    assertThat(WriteRequest.parseFrom(ours)).isEqualTo(built);
    assertThat(built.getTimeseriesList()).anyMatch(ts -> ts.getExemplarsCount() > 0);
    assertThat(built.getTimeseriesList()).anyMatch(ts -> ts.getHistogramsCount() > 0);
    assertThat(ours).isEqualTo(built.toByteArray());
  }

  /**
   * Encodes {@code series} series of {@code width} float lines each, with random values (special
   * ones first), missing samples and stale markers, over {@code steps} steps from step {@code
   * slice}; asserts the bytes equal the generated classes' and returns them.
   */
  private static byte[] assertSameAsGenerated(
      Random random, int series, int width, int steps, long origin, long interval, int slice)
      throws Exception {
    List<BackfillPlan.SeriesLines> batch = new ArrayList<>();
    WriteRequest.Builder expected = WriteRequest.newBuilder();
    for (int s = 0; s < series; s++) {
      int[] status = new int[steps];
      double[][] values = new double[steps][width];
      List<byte[]> labels = new ArrayList<>();
      List<TimeSeries.Builder> lines = new ArrayList<>();
      for (int i = 0; i < width; i++) {
        List<Label> l =
            List.of(
                label("__name__", "m" + s),
                label("k", "v\"" + i + "\u00e9".repeat(random.nextInt(80))));
        labels.add(WriteRequestEncoder.labels(l));
        lines.add(TimeSeries.newBuilder().addAllLabels(l));
      }
      for (int k = 0; k < steps; k++) {
        int r = random.nextInt(8);
        // series 2 has no sample at all
        status[k] =
            s == 2 || r < 2
                ? SeriesCursor.ABSENT
                : r == 2 ? SeriesCursor.STALE : SeriesCursor.PRESENT;
        for (int i = 0; i < width; i++) {
          int j = k * width + i + s;
          values[k][i] = j < SPECIAL.length ? SPECIAL[j] : random.nextGaussian() * 1e6;
          if (status[k] != SeriesCursor.ABSENT) {
            double v =
                status[k] == SeriesCursor.STALE
                    ? Double.longBitsToDouble(0x7ff0000000000002L)
                    : values[k][i];
            lines
                .get(i)
                .addSamples(
                    Sample.newBuilder().setValue(v).setTimestamp(origin + (slice + k) * interval));
          }
        }
      }
      for (TimeSeries.Builder ts : lines) {
        if (ts.getSamplesCount() > 0) {
          expected.addTimeseries(ts);
        }
      }
      batch.add(new BackfillPlan.SeriesLines(new Replay(status, values), labels, null, null, null));
    }
    SliceEncoder encoder = new SliceEncoder(origin, interval);
    // A request before, of other series, leaves nothing behind in the reused buffers.
    encoder.encode(List.of(), 0, steps + 3);
    byte[] ours = encoder.encode(batch, slice, steps).request();
    assertThat(WriteRequest.parseFrom(ours)).isEqualTo(expected.build());
    assertThat(ours).isEqualTo(expected.build().toByteArray());
    return ours;
  }

  /** A cursor that plays back given statuses and values. */
  private static final class Replay implements SeriesCursor {
    private final int[] status;
    private final double[][] values;
    private int k = -1;

    Replay(int[] status, double[][] values) {
      this.status = status;
      this.values = values;
    }

    @Override
    public int next() {
      return status[++k];
    }

    @Override
    public double[] values() {
      return values[k];
    }
  }

  private static Label label(String name, String value) {
    return Label.newBuilder().setName(name).setValue(value).build();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
