package io.metricgen.engine.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

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
    byte[] ours = WriteRequestEncoder.encode(encodedLabels, values, present, timestamps, steps);
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
}
