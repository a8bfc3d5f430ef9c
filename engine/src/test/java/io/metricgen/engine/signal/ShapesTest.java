package io.metricgen.engine.signal;

import static io.metricgen.testing.Scenarios.gaugeValues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.metricgen.testing.Scenarios;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every shape, read from YAML at a 1m interval, with exact expected values. */
class ShapesTest {

  private static final double NONE = Double.NaN;

  @Test
  void constantFromANumberOrAMapping() {
    assertThat(gaugeValues("7.5", 3)).containsExactly(7.5, 7.5, 7.5);
    assertThat(gaugeValues("{constant: -2}", 2)).containsExactly(-2, -2);
  }

  @Test
  void linearRampsThenHolds() {
    assertThat(gaugeValues("{linear: {from: 10, to: 20, over: 4m}}", 7))
        .containsExactly(10, 12.5, 15, 17.5, 20, 20, 20);
  }

  @Test
  void customValuesOnePerStepThenNone() {
    assertThat(gaugeValues("{values: [3, 1, 4]}", 5)).containsExactly(3, 1, 4, NONE, NONE);
  }

  @Test
  void promtoolNotationFromAString() {
    assertThat(gaugeValues("\"1+2x2 _ 9\"", 6)).containsExactly(1, 3, 5, NONE, 9, NONE);
    assertThat(gaugeValues("\"1 stale\"", 2)).containsExactly(1, Double.NEGATIVE_INFINITY);
  }

  @Test
  void sineIsExactAtItsQuarterPoints() {
    assertThat(gaugeValues("{sine: {period: 4m, amplitude: 10, offset: 50}}", 5))
        .containsExactly(50, 60, 50, 40, 50);
    assertThat(gaugeValues("{sine: {period: 4m, amplitude: 10, offset: 50, phase: 1m}}", 3))
        .containsExactly(60, 50, 40);
    assertThat(gaugeValues("{sine: {period: 8m}}", 2)[1]).isEqualTo(Math.sqrt(0.5), within(1e-15));
  }

  @Test
  void squareSpendsItsDutyHigh() {
    assertThat(gaugeValues("{square: {period: 4m, low: 1, high: 5, duty: 0.25}}", 6))
        .containsExactly(5, 1, 1, 1, 5, 1);
    assertThat(gaugeValues("{square: {period: 2m}}", 4)).containsExactly(1, 0, 1, 0);
  }

  @Test
  void sawtoothRisesAndDrops() {
    assertThat(gaugeValues("{sawtooth: {period: 4m, low: 0, high: 8}}", 6))
        .containsExactly(0, 2, 4, 6, 0, 2);
  }

  @Test
  void triangleRisesAndFalls() {
    assertThat(gaugeValues("{triangle: {period: 4m, low: 0, high: 8}}", 6))
        .containsExactly(0, 4, 8, 4, 0, 4);
  }

  @Test
  void spikeRisesForItsWidthEveryPeriod() {
    assertThat(gaugeValues("{spike: {base: 1, height: 9, every: 3m, at: 1m, width: 2m}}", 8))
        .containsExactly(1, 9, 9, 1, 9, 9, 1, 9);
    assertThat(gaugeValues("{spike: {height: 5, every: 2m}}", 4)).containsExactly(5, 0, 5, 0);
  }

  @Test
  void gapHasNoSamples() {
    assertThat(gaugeValues("{gap: true}", 3)).containsExactly(NONE, NONE, NONE);
  }

  @Test
  void sequenceJoinsSegmentsEachStartingAtItsOwnTimeZero() {
    String yaml =
        "{sequence: [{for: 2m, value: 1}, {for: 1m, value: {gap: true}},"
            + " {value: {linear: {from: 0, to: 30, over: 3m}}}]}";
    assertThat(gaugeValues(yaml, 8)).containsExactly(1, 1, NONE, 0, 10, 20, 30, 30);
    assertThat(gaugeValues("{sequence: [{for: 2m, value: 4}]}", 3)).containsExactly(4, 4, NONE);
  }

  @Test
  void repeatRestartsItsShape() {
    assertThat(gaugeValues("{repeat: {every: 3m, value: \"0+1x5\"}}", 7))
        .containsExactly(0, 1, 2, 0, 1, 2, 0);
  }

  @Test
  void arithmeticSumScaleClamp() {
    assertThat(gaugeValues("{sum: [{constant: 1}, \"0+10x3\"]}", 5))
        .containsExactly(1, 11, 21, 31, NONE);
    assertThat(gaugeValues("{scale: {factor: -2, value: \"1 2 _\"}}", 3))
        .containsExactly(-2, -4, NONE);
    assertThat(gaugeValues("{clamp: {min: 2, max: 4, value: \"0+1x6\"}}", 7))
        .containsExactly(2, 2, 2, 3, 4, 4, 4);
    assertThat(gaugeValues("{clamp: {max: 1, value: \"0+1x2\"}}", 3)).containsExactly(0, 1, 1);
  }

  @Test
  void uniformStaysInRangeAndDiffersBetweenSeries() {
    var s =
        Scenarios.compile(
            "interval: 1m\nmetrics:\n  - name: g\n    type: gauge\n    labels: {i: [a, b]}\n"
                + "    value: {uniform: {min: 5, max: 6}}\n");
    double[] a = Scenarios.values(s, 0, 1000);
    double[] b = Scenarios.values(s, 1, 1000);
    assertThat(Arrays.stream(a).boxed()).allMatch(v -> v >= 5 && v < 6);
    assertThat(Arrays.stream(a).average().orElseThrow()).isCloseTo(5.5, within(0.03));
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void randomWalkStartsWhereToldAndNeverLeavesItsBoundsOrStepsTooFar() {
    double[] v = gaugeValues("{randomWalk: {min: 0, max: 10, start: 9.5, step: 1}}", 5000);
    assertThat(v[0]).isEqualTo(9.5);
    assertThat(Arrays.stream(v).boxed()).allMatch(x -> x >= 0 && x <= 10);
    for (int i = 1; i < v.length; i++) {
      assertThat(Math.abs(v[i] - v[i - 1])).isLessThanOrEqualTo(1.0);
    }
    assertThat(Arrays.stream(v).max().orElseThrow() - Arrays.stream(v).min().orElseThrow())
        .isGreaterThan(5);
  }

  @Test
  void noiseAddsGaussianValuesOfTheGivenDeviation() {
    double[] v = gaugeValues("{constant: 100, noise: 2}", 20000);
    double mean = Arrays.stream(v).average().orElseThrow();
    double sd = Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / v.length);
    assertThat(mean).isCloseTo(100, within(0.05));
    assertThat(sd).isCloseTo(2, within(0.05));
    assertThat(gaugeValues("{constant: 100, noise: 0}", 3)).containsExactly(100, 100, 100);
    assertThat(gaugeValues("{values: [1, 2], noise: 1}", 3)[2]).isNaN();
  }
}
