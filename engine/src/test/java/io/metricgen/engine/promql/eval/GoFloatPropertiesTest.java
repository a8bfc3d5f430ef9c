package io.metricgen.engine.promql.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/** Go's number formatting: the shortest digits that read back, for any double. */
class GoFloatPropertiesTest {

  @Provide
  Arbitrary<Double> doubles() {
    return Arbitraries.oneOf(
        Arbitraries.longs().map(Double::longBitsToDouble).filter(d -> !Double.isNaN(d)),
        Arbitraries.doubles(),
        Arbitraries.integers().map(i -> (double) i),
        Arbitraries.doubles().between(1e15, 1e23));
  }

  @Property(tries = 3000, shrinking = ShrinkingMode.OFF)
  void valuesReadBackAndHaveTheShortestDigits(@ForAll("doubles") double v) {
    String s = GoFloat.format(v, 'e');
    org.assertj.core.api.Assertions.assertThat(s)
        .as("%s (%s)", v, Double.doubleToRawLongBits(v))
        .isNotNull();
    if (Double.isInfinite(v)) {
      assertThat(s).isEqualTo(v > 0 ? "+Inf" : "-Inf");
      return;
    }
    assertThat(Double.parseDouble(s)).isEqualTo(v);
    assertThat(Double.parseDouble(GoFloat.json(v))).isEqualTo(v);
    if (v != 0) {
      assertThat(mantissaDigits(s)).isEqualTo(shortest(v));
    }
  }

  /** The digits of "d.ddde±x", without the point. */
  private static String mantissaDigits(String e) {
    String m = e.substring(0, e.indexOf('e')).replace("-", "").replace(".", "");
    return m;
  }

  /** The oracle: the fewest significant digits whose nearest rounding reads back. */
  private static String shortest(double v) {
    BigDecimal exact = new BigDecimal(Math.abs(v));
    for (int p = 1; p <= 17; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (r.doubleValue() == Math.abs(v)) {
        return r.unscaledValue().toString().replaceAll("0+$", "").isEmpty()
            ? "0"
            : stripZeros(r.unscaledValue().toString());
      }
    }
    throw new AssertionError(v);
  }

  private static String stripZeros(String s) {
    String t = s.replaceAll("0+$", "");
    return t.isEmpty() ? "0" : t;
  }
}
