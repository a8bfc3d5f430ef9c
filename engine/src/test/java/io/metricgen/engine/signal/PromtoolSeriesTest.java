package io.metricgen.engine.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PromtoolSeriesTest {

  private static final double A = Samples.ABSENT;
  private static final double S = Samples.STALE;

  private static String show(double[] values) {
    StringBuilder out = new StringBuilder();
    for (double v : values) {
      out.append(out.length() == 0 ? "" : " ");
      out.append(Samples.isAbsent(v) ? "_" : Samples.isStale(v) ? "stale" : Double.toString(v));
    }
    return out.toString();
  }

  @Test
  void expandsEveryExampleFromPromtoolsDocumentation() {
    assertThat(show(PromtoolSeries.expand("-2+4x3"))).isEqualTo("-2.0 2.0 6.0 10.0");
    assertThat(show(PromtoolSeries.expand(" 1-2x4"))).isEqualTo("1.0 -1.0 -3.0 -5.0 -7.0");
    assertThat(show(PromtoolSeries.expand(" 1x4"))).isEqualTo("1.0 1.0 1.0 1.0 1.0");
    assertThat(show(PromtoolSeries.expand(" 1 _x3 stale"))).isEqualTo("1.0 _ _ _ stale");
  }

  @Test
  void incrementNotationGivesNPlusOneSamplesAndBlankNotationGivesN() {
    assertThat(PromtoolSeries.expand("1+2x3")).containsExactly(1, 3, 5, 7);
    assertThat(PromtoolSeries.expand("5x3")).containsExactly(5, 5, 5, 5);
    assertThat(Arrays.stream(PromtoolSeries.expand("_x3")).boxed())
        .hasSize(3)
        .allMatch(Samples::isAbsent);
    assertThat(Arrays.stream(PromtoolSeries.expand("_")).boxed())
        .hasSize(1)
        .allMatch(Samples::isAbsent);
    assertThat(Arrays.stream(PromtoolSeries.expand("stale")).boxed())
        .hasSize(1)
        .allMatch(Samples::isStale);
    assertThat(PromtoolSeries.expand("0+10x2 100-50x1 _ 7"))
        .containsExactly(0, 10, 20, 100, 50, A, 7);
  }

  @Test
  void incrementsByRepeatedAdditionAsPromtoolDoes() {
    // Adding 0.1 seven times gives 0.7999999999999999; 0.1 + 7 * 0.1 gives 0.8. promtool adds.
    double[] v = PromtoolSeries.expand("0.1+0.1x7");
    double expected = 0.1;
    for (int i = 0; i < 7; i++) {
      expected += 0.1;
    }
    assertThat(v[7]).isEqualTo(expected).isNotEqualTo(0.1 + 7 * 0.1);
  }

  @Test
  void readsSpecialNumbers() {
    double[] v = PromtoolSeries.expand("Inf -Inf NaN 1e3 .5 +3");
    assertThat(v[0]).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(v[1]).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(v[2]).isNaN();
    assertThat(Samples.isMissing(v[2])).isFalse();
    assertThat(v).endsWith(1000, 0.5, 3);
  }

  @Test
  void readsNoHexadecimalBecausePromtoolReadsXAsRepetition() {
    assertThat(PromtoolSeries.expand("0x2")).containsExactly(0, 0, 0);
    assertThatThrownBy(() -> PromtoolSeries.expand("0x1f"))
        .hasMessageStartingWith("cannot read \"0x1f\"");
  }

  @Test
  void namesTheItemItCannotRead() {
    assertThatThrownBy(() -> PromtoolSeries.expand("1 2 3y4"))
        .hasMessage(
            "cannot read \"3y4\": expected space-separated items: a number, a+bxn, a-bxn, axn, _,"
                + " _xn or stale (e.g. \"1+2x3 _x2 stale\")");
    assertThatThrownBy(() -> PromtoolSeries.expand("1+2"))
        .hasMessage("cannot read \"1+2\": an increment needs a repetition count, as in 1+2x3");
    assertThatThrownBy(() -> PromtoolSeries.expand("1x99999999"))
        .hasMessage("cannot read \"1x99999999\": the series would have more than 1000000 samples");
    assertThatThrownBy(() -> PromtoolSeries.expand("  "))
        .hasMessageStartingWith("series notation is empty");
  }

  @Test
  void markersAreDistinctFromOrdinaryNaN() {
    assertThat(Samples.isAbsent(S)).isFalse();
    assertThat(Samples.isStale(A)).isFalse();
    assertThat(Samples.isMissing(Double.NaN)).isFalse();
  }
}
