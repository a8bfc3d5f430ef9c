package io.metricgen.engine.promql.eval;

import java.math.BigDecimal;

/** Go's {@code strconv.FormatFloat(v, fmt, -1, 64)}: the shortest digits that read back. */
final class GoFloat {

  private GoFloat() {}

  /** {@code fmt} is 'f', 'e' or 'g' (the last as {@code %v} prints). */
  static String format(double v, char fmt) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    boolean negative = v < 0 || (v == 0 && 1 / v < 0);
    String digits;
    int point; // the decimal point sits after this many digits
    if (v == 0) {
      digits = "0";
      point = 1;
    } else {
      BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
      digits = d.unscaledValue().toString();
      point = digits.length() - d.scale();
    }
    String body =
        switch (fmt) {
          case 'f' -> fixed(digits, point);
          case 'e' -> exponent(digits, point);
          default -> {
            int exp = point - 1;
            yield exp < -4 || exp >= 6 ? exponent(digits, point) : fixed(digits, point);
          }
        };
    return negative ? "-" + body : body;
  }

  /** Prometheus's JSON value: 'f', or 'e' below 1e-6 and from 1e21 up. */
  static String json(double v) {
    double abs = Math.abs(v);
    if (abs != 0 && !Double.isNaN(v) && (abs < 1e-6 || abs >= 1e21)) {
      return format(v, 'e');
    }
    return format(v, 'f');
  }

  private static String fixed(String digits, int point) {
    if (point <= 0) {
      return "0." + "0".repeat(-point) + digits;
    }
    if (point >= digits.length()) {
      return digits + "0".repeat(point - digits.length());
    }
    return digits.substring(0, point) + "." + digits.substring(point);
  }

  private static String exponent(String digits, int point) {
    int exp = point - 1;
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String e = Integer.toString(Math.abs(exp));
    return mantissa + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
  }
}
