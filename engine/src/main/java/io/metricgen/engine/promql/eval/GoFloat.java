package io.metricgen.engine.promql.eval;

/** Go's {@code strconv.FormatFloat(v, fmt, -1, 64)}: the shortest digits that read back. */
public final class GoFloat {

  private GoFloat() {}

  /** {@code fmt} is 'f', 'e' or 'g' (the last as {@code %v} prints). */
  public static String format(double v, char fmt) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    boolean negative = v < 0 || (v == 0 && 1 / v < 0);
    if (fmt == 'f' && v == Math.rint(v) && Math.abs(v) < 1e15) {
      // Whole numbers, the most common values, without the digit juggling below.
      return negative && v == 0 ? "-0" : Long.toString((long) v);
    }
    String digits;
    int point; // the decimal point sits after this many digits
    if (v == 0) {
      digits = "0";
      point = 1;
    } else {
      // Double.toString gives the shortest digits that read back (Java 17 now and then one more);
      // take them apart as "d.dddEn" or "ddd.ddd".
      String t = Double.toString(Math.abs(v));
      int e = t.indexOf('E');
      int exponent = e < 0 ? 0 : Integer.parseInt(t.substring(e + 1));
      String mantissa = e < 0 ? t : t.substring(0, e);
      int dot = mantissa.indexOf('.');
      StringBuilder d = new StringBuilder(mantissa.length());
      d.append(mantissa, 0, dot).append(mantissa, dot + 1, mantissa.length());
      int before = dot + exponent;
      int lead = 0;
      while (lead < d.length() - 1 && d.charAt(lead) == '0') {
        lead++;
      }
      int end = d.length();
      while (end > lead + 1 && d.charAt(end - 1) == '0') {
        end--;
      }
      digits = d.substring(lead, end);
      point = before - lead;
      // Measured over millions of doubles: Java 17 is long only from 1e16 up, and for subnormals.
      if (Math.abs(v) >= 1e16 || Math.abs(v) < Double.MIN_NORMAL) {
        Object[] shorter = shortest(Math.abs(v), digits, point);
        digits = (String) shorter[0];
        point = (Integer) shorter[1];
      }
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

  /**
   * Java 17's Double.toString now and then gives a digit or more than the shortest that reads back
   * (1.2339999999999999E22 for 1.234e22, 4.9E-324 for 5e-324; fixed in Java 19): round them off
   * while they still read back as the same double.
   */
  private static Object[] shortest(double v, String digits, int point) {
    String best = digits;
    int bestPoint = point;
    for (int p = best.length() - 1; p >= 1; p--) {
      String candidate = round(best, p);
      int shift = candidate.length() > p ? 1 : 0; // 999 rounds up to 1000
      String c = candidate.substring(0, p).replaceAll("(?<=.)0+$", "");
      double back;
      try {
        back = Double.parseDouble("0." + c + "E" + (bestPoint + shift));
      } catch (NumberFormatException e) {
        break;
      }
      if (back != v) {
        break;
      }
      best = c;
      bestPoint += shift;
      p = Math.min(p, best.length());
    }
    return new Object[] {best, bestPoint};
  }

  /** The first p digits, rounded half up on the rest. */
  private static String round(String digits, int p) {
    if (digits.charAt(p) < '5') {
      return digits.substring(0, p);
    }
    char[] out = digits.substring(0, p).toCharArray();
    int i = p - 1;
    while (i >= 0 && out[i] == '9') {
      out[i--] = '0';
    }
    if (i < 0) {
      return "1" + new String(out);
    }
    out[i]++;
    return new String(out);
  }

  /**
   * Appends Prometheus's JSON value; the common cases (whole numbers, and numbers from 1e-3 to 1e7,
   * where Java's plain digits are Go's) without building a string of their own.
   */
  static void appendJson(StringBuilder out, double v) {
    double abs = Math.abs(v);
    if (v == Math.rint(v) && abs < 1e15) {
      if (v == 0 && 1 / v < 0) {
        out.append("-0");
      } else {
        out.append((long) v);
      }
      return;
    }
    if (abs >= 1e-3 && abs < 1e7) {
      out.append(Double.toString(v));
      return;
    }
    out.append(json(v));
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
