package io.metricgen.engine.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.engine.remotewrite.prompb.Histogram;
import io.metricgen.engine.remotewrite.prompb.Label;
import io.metricgen.engine.remotewrite.prompb.Sample;
import io.metricgen.engine.remotewrite.prompb.TimeSeries;
import io.metricgen.engine.remotewrite.prompb.WriteRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WriteRequestEncoderTest {

  @Test
  void encodesWhatTheGeneratedClassesBuildEdgeValuesIncluded() throws Exception {
    Random random = new Random(3);
    double[] special = {
      0.0,
      -0.0,
      Double.NaN,
      Double.longBitsToDouble(0x7ff0000000000002L),
      Double.MIN_VALUE,
      Double.POSITIVE_INFINITY,
      -1e300,
      42
    };
    int series = 5;
    int steps = 9;
    long[] timestamps = new long[steps];
    for (int k = 0; k < steps; k++) {
      timestamps[k] = k == 0 ? 0 : 1_700_000_000_000L + k * 15_000L; // 0 is proto3's default
    }
    double[][] values = new double[series][steps];
    boolean[][] present = new boolean[series][steps];
    List<byte[]> encodedLabels = new ArrayList<>();
    WriteRequest.Builder expected = WriteRequest.newBuilder();
    for (int s = 0; s < series; s++) {
      List<Label> labels =
          List.of(
              Label.newBuilder().setName("__name__").setValue("m" + s).build(),
              Label.newBuilder().setName("k").setValue("v\"" + s).build());
      encodedLabels.add(WriteRequestEncoder.labels(labels));
      TimeSeries.Builder ts = TimeSeries.newBuilder().addAllLabels(labels);
      for (int k = 0; k < steps; k++) {
        present[s][k] = s != 2 && random.nextInt(4) != 0; // series 2 has no sample at all
        values[s][k] =
            k < special.length ? special[(k + s) % special.length] : random.nextGaussian();
        if (present[s][k]) {
          ts.addSamples(Sample.newBuilder().setValue(values[s][k]).setTimestamp(timestamps[k]));
        }
      }
      if (ts.getSamplesCount() > 0) {
        expected.addTimeseries(ts);
      }
    }
    byte[] ours =
        WriteRequestEncoder.encode(encodedLabels, values, present, null, timestamps, steps);
    WriteRequest parsed = WriteRequest.parseFrom(ours);
    assertThat(parsed).isEqualTo(expected.build());
    assertThat(ours).isEqualTo(expected.build().toByteArray());
    // The stale marker keeps its exact bits.
    boolean sawStale = false;
    for (TimeSeries ts : parsed.getTimeseriesList()) {
      for (Sample sample : ts.getSamplesList()) {
        sawStale |= Double.doubleToRawLongBits(sample.getValue()) == 0x7ff0000000000002L;
      }
    }
    assertThat(sawStale).isTrue();
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
        WriteRequest.parseFrom(
                WriteRequestEncoder.encode(
                    List.of(WriteRequestEncoder.labels(List.of(label("__name__", "h")))),
                    new double[1][1],
                    new boolean[1][1],
                    new byte[][] {
                      concat(
                          WriteRequestEncoder.histogram(n, 1_700_000_000_000L),
                          WriteRequestEncoder.exemplar(List.of(label("trace_id", "ab")), 0.5, 7))
                    },
                    new long[] {0},
                    1))
            .getTimeseries(0)
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

  @Test
  void extrasAreWrittenAsTheGeneratedClassesWriteThem() throws Exception {
    Label name = label("__name__", "c_total");
    byte[] exemplar = WriteRequestEncoder.exemplar(List.of(label("trace_id", "0f")), 3, 15_000);
    byte[] ours =
        WriteRequestEncoder.encode(
            List.of(WriteRequestEncoder.labels(List.of(name))),
            new double[][] {{1, 2}},
            new boolean[][] {{true, true}},
            new byte[][] {exemplar},
            new long[] {0, 15_000},
            2);
    WriteRequest expected =
        WriteRequest.newBuilder()
            .addTimeseries(
                TimeSeries.newBuilder()
                    .addLabels(name)
                    .addSamples(Sample.newBuilder().setValue(1))
                    .addSamples(Sample.newBuilder().setValue(2).setTimestamp(15_000))
                    .addExemplars(
                        io.metricgen.engine.remotewrite.prompb.Exemplar.newBuilder()
                            .addLabels(label("trace_id", "0f"))
                            .setValue(3)
                            .setTimestamp(15_000)))
            .build();
    assertThat(ours).isEqualTo(expected.toByteArray());
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
