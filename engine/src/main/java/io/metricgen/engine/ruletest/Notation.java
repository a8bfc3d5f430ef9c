package io.metricgen.engine.ruletest;

import io.metricgen.engine.promql.Expr;

/**
 * Values in promtool's input_series notation, as short as exactness allows: {@code 5x3} for four
 * equal values, {@code 1+2x3} for a run that grows by the same step (as promtool adds it up, so the
 * values read back bit for bit), {@code _x3} for three missing samples.
 */
final class Notation {

  private Notation() {}

  static String compress(String[] values) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < values.length) {
      if (out.length() > 0) {
        out.append(' ');
      }
      if (values[i].equals("_")) {
        int j = i;
        while (j < values.length && values[j].equals("_")) {
          j++;
        }
        out.append(j - i == 1 ? "_" : "_x" + (j - i));
        i = j;
        continue;
      }
      double a = parse(values[i]);
      int run = 1;
      if (i + 1 < values.length && !values[i + 1].equals("_") && !Double.isNaN(a)) {
        double b = parse(values[i + 1]) - a;
        double k = a;
        int j = i;
        while (j < values.length && !values[j].equals("_") && parse(values[j]) == k) {
          k += b;
          j++;
        }
        run = j - i;
        if (run >= 3 || (run == 2 && b == 0)) {
          out.append(Expr.NumberLiteral.format(a));
          if (b != 0) {
            out.append(b > 0 ? "+" : "").append(Expr.NumberLiteral.format(b));
          }
          out.append('x').append(run - 1);
          i = j;
          continue;
        }
      }
      out.append(Expr.NumberLiteral.format(a));
      i++;
    }
    return out.toString();
  }

  private static double parse(String s) {
    return switch (s) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(s);
    };
  }
}
