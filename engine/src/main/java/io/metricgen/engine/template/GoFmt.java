package io.metricgen.engine.template;

import io.metricgen.engine.promql.eval.GoFloat;
import io.metricgen.engine.template.GoValues.GoMap;
import io.metricgen.engine.template.GoValues.GoStruct;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Go's {@code fmt} for the values of a template: {@code Sprint}, {@code Sprintln} and {@code
 * Sprintf} with the verbs templates use ({@code %v %s %q %d %f %e %g %x %t %c %T %%}), flags, width
 * and precision; numbers rounded as Go rounds them (exactly, half to even), and the same {@code
 * %!d(float64=1.5)} marks where a verb does not fit its value.
 */
public final class GoFmt {

  private GoFmt() {}

  /** {@code fmt.Sprint}: spaces between operands when neither is a string. */
  public static String sprint(List<Object> args) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      if (i > 0 && !(a instanceof String) && !(args.get(i - 1) instanceof String)) {
        out.append(' ');
      }
      out.append(value(a, 'v'));
    }
    return out.toString();
  }

  /** {@code fmt.Sprintln}: spaces between all operands, and a newline. */
  public static String sprintln(List<Object> args) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(value(args.get(i), 'v'));
    }
    return out.append('\n').toString();
  }

  /** How {@code %v} prints the value ({@code <nil>} for nil). */
  public static String value(Object v) {
    return value(v, 'v');
  }

  /** {@code fmt.Sprintf}. */
  public static String sprintf(String format, List<Object> args) {
    StringBuilder out = new StringBuilder();
    int arg = 0;
    int i = 0;
    int n = format.length();
    while (i < n) {
      char c = format.charAt(i);
      if (c != '%') {
        out.append(c);
        i++;
        continue;
      }
      i++;
      Spec s = new Spec();
      // Flags.
      while (i < n) {
        char f = format.charAt(i);
        if (f == '-') {
          s.minus = true;
          s.zero = false;
        } else if (f == '+') {
          s.plus = true;
        } else if (f == '#') {
          s.sharp = true;
        } else if (f == ' ') {
          s.space = true;
        } else if (f == '0') {
          s.zero = !s.minus;
        } else {
          break;
        }
        i++;
      }
      // Width.
      if (i < n && format.charAt(i) == '*') {
        i++;
        if (arg < args.size() && args.get(arg) instanceof Long w) {
          s.width = (int) Math.min(Math.abs(w), 1 << 16);
          if (w < 0) {
            s.minus = true;
            s.zero = false;
          }
        } else {
          out.append("%!(BADWIDTH)");
        }
        arg++;
      } else {
        int start = i;
        while (i < n && Character.isDigit(format.charAt(i))) {
          i++;
        }
        if (i > start) {
          s.width =
              Math.min(Integer.parseInt(format.substring(start, Math.min(i, start + 6))), 1 << 16);
        }
      }
      // Precision.
      if (i < n && format.charAt(i) == '.') {
        i++;
        s.precision = 0;
        if (i < n && format.charAt(i) == '*') {
          i++;
          if (arg < args.size() && args.get(arg) instanceof Long p && p >= 0) {
            s.precision = (int) Math.min(p, 1 << 16);
          } else {
            out.append("%!(BADPREC)");
            s.precision = -1;
          }
          arg++;
        } else {
          int start = i;
          while (i < n && Character.isDigit(format.charAt(i))) {
            i++;
          }
          if (i > start) {
            s.precision =
                Math.min(
                    Integer.parseInt(format.substring(start, Math.min(i, start + 6))), 1 << 16);
          }
        }
      }
      if (i >= n) {
        out.append("%!(NOVERB)");
        break;
      }
      int verb = format.codePointAt(i);
      i += Character.charCount(verb);
      if (verb == '%') {
        out.append('%');
        continue;
      }
      if (arg >= args.size()) {
        out.append("%!").appendCodePoint(verb).append("(MISSING)");
        continue;
      }
      out.append(format(args.get(arg++), verb, s));
    }
    if (arg < args.size()) {
      out.append("%!(EXTRA ");
      for (int k = arg; k < args.size(); k++) {
        if (k > arg) {
          out.append(", ");
        }
        Object a = args.get(k);
        out.append(a == null ? "<nil>" : GoValues.typeName(a) + "=" + value(a, 'v'));
      }
      out.append(')');
    }
    return out.toString();
  }

  /** A verb's flags, width and precision. */
  private static final class Spec {
    boolean minus;
    boolean plus;
    boolean sharp;
    boolean space;
    boolean zero;
    int width = -1;
    int precision = -1;
  }

  private static final Spec PLAIN = new Spec();

  private static String value(Object v, int verb) {
    return format(v, verb, PLAIN);
  }

  private static String format(Object v, int verb, Spec s) {
    if (verb == 'T') {
      return pad(GoValues.typeName(v), s, false);
    }
    if (v == null) {
      return verb == 'v' ? pad("<nil>", s, false) : "%!" + Character.toString(verb) + "(<nil>)";
    }
    if (v instanceof Boolean b) {
      return verb == 't' || verb == 'v' ? pad(b.toString(), s, false) : bad(verb, v);
    }
    if (v instanceof Long l) {
      return integer(l, verb, s);
    }
    if (v instanceof Double d) {
      return floating(d, verb, s);
    }
    if (v instanceof String str) {
      return string(str, verb, s);
    }
    if (v instanceof GoMap m) {
      StringBuilder out = new StringBuilder("map[");
      boolean first = true;
      for (Map.Entry<String, Object> e : m.entries().entrySet()) {
        out.append(first ? "" : " ")
            .append(format(e.getKey(), verb, PLAIN))
            .append(':')
            .append(format(e.getValue(), verb, PLAIN));
        first = false;
      }
      return pad(out.append(']').toString(), s, false);
    }
    if (v instanceof List<?> l) {
      StringBuilder out = new StringBuilder("[");
      for (int i = 0; i < l.size(); i++) {
        out.append(i == 0 ? "" : " ").append(format(l.get(i), verb, PLAIN));
      }
      return pad(out.append(']').toString(), s, false);
    }
    if (v instanceof GoStruct st) {
      StringBuilder out = new StringBuilder(st.pointer() ? "&{" : "{");
      boolean first = true;
      for (Object f : st.fields().values()) {
        out.append(first ? "" : " ").append(format(f, verb, PLAIN));
        first = false;
      }
      return pad(out.append('}').toString(), s, false);
    }
    return pad(v.toString(), s, false);
  }

  private static String bad(int verb, Object v) {
    return "%!" + Character.toString(verb) + "(" + GoValues.typeName(v) + "=" + value(v, 'v') + ")";
  }

  private static String string(String str, int verb, Spec s) {
    switch (verb) {
      case 'v', 's' -> {
        String t = str;
        if (s.precision >= 0 && t.codePointCount(0, t.length()) > s.precision) {
          t = t.substring(0, t.offsetByCodePoints(0, s.precision));
        }
        return pad(t, s, false);
      }
      case 'q' -> {
        return pad(quote(str), s, false);
      }
      case 'x', 'X' -> {
        StringBuilder out = new StringBuilder();
        for (byte b : str.getBytes(StandardCharsets.UTF_8)) {
          String h = String.format(verb == 'x' ? "%02x" : "%02X", b & 0xff);
          out.append(h);
        }
        return pad(out.toString(), s, false);
      }
      default -> {
        return bad(verb, str);
      }
    }
  }

  private static String integer(long l, int verb, Spec s) {
    String digits;
    switch (verb) {
      case 'v', 'd' -> digits = Long.toString(Math.abs(l));
      case 'x' -> digits = Long.toHexString(Math.abs(l));
      case 'X' -> digits = Long.toHexString(Math.abs(l)).toUpperCase(java.util.Locale.ROOT);
      case 'o' -> digits = Long.toOctalString(Math.abs(l));
      case 'b' -> digits = Long.toBinaryString(Math.abs(l));
      case 'c' -> {
        return pad(validRune(l) ? Character.toString((int) l) : "\uFFFD", s, false);
      }
      case 'q' -> {
        String r = validRune(l) ? Character.toString((int) l) : "\uFFFD";
        return pad(
            "'" + quote(r).substring(1, quote(r).length() - 1).replace("\\\"", "\"") + "'",
            s,
            false);
      }
      default -> {
        return bad(verb, l);
      }
    }
    if (l == Long.MIN_VALUE) {
      digits = Long.toString(l).substring(1);
    }
    if (s.precision >= 0 && digits.length() < s.precision) {
      digits = "0".repeat(s.precision - digits.length()) + digits;
    } else if (s.precision == 0 && l == 0) {
      digits = "";
    }
    if (s.sharp) {
      digits =
          switch (verb) {
            case 'x' -> "0x" + digits;
            case 'X' -> "0X" + digits;
            case 'o' -> "0" + digits;
            case 'b' -> "0b" + digits;
            default -> digits;
          };
    }
    String sign = l < 0 ? "-" : s.plus ? "+" : s.space ? " " : "";
    return padNumber(sign, digits, s, s.precision < 0);
  }

  private static boolean validRune(long l) {
    return l >= 0 && l <= Character.MAX_CODE_POINT && (l < 0xD800 || l > 0xDFFF);
  }

  private static String floating(double d, int verb, Spec s) {
    int prec;
    char fmt;
    switch (verb) {
      case 'v' -> {
        fmt = 'g';
        prec = s.precision >= 0 ? s.precision : -1;
      }
      case 'g', 'G' -> {
        fmt = 'g';
        prec = s.precision >= 0 ? s.precision : -1;
      }
      case 'e', 'E' -> {
        fmt = 'e';
        prec = s.precision >= 0 ? s.precision : 6;
      }
      case 'f', 'F' -> {
        fmt = 'f';
        prec = s.precision >= 0 ? s.precision : 6;
      }
      default -> {
        return bad(verb, d);
      }
    }
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      String t = Double.isNaN(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf";
      if (Double.isNaN(d) && (s.plus || s.space)) {
        t = (s.plus ? "+" : " ") + t;
      } else if (d > 0 && !s.plus && s.space) {
        t = " Inf";
      }
      return pad(t, s, false);
    }
    String body = formatFloat(Math.abs(d), fmt, prec);
    if (verb == 'E' || verb == 'G') {
      body = body.toUpperCase(java.util.Locale.ROOT);
    }
    boolean negative = d < 0 || (d == 0 && 1 / d < 0);
    String sign = negative ? "-" : s.plus ? "+" : s.space ? " " : "";
    return padNumber(sign, body, s, true);
  }

  /**
   * Go's {@code strconv.FormatFloat(v, fmt, prec, 64)} for a value that is finite and not negative;
   * {@code prec} -1 is the shortest that reads back.
   */
  static String formatFloat(double v, char fmt, int prec) {
    if (prec < 0) {
      return GoFloat.format(v, fmt);
    }
    BigDecimal exact = new BigDecimal(v);
    if (fmt == 'f') {
      return exact.setScale(prec, RoundingMode.HALF_EVEN).toPlainString();
    }
    int digitsWanted = fmt == 'e' ? prec + 1 : Math.max(prec, 1);
    String digits;
    int point; // the value is 0.digits × 10^point
    if (v == 0) {
      digits = "";
      point = 0;
    } else {
      BigDecimal r = exact.round(new MathContext(digitsWanted, RoundingMode.HALF_EVEN));
      r = r.stripTrailingZeros();
      digits = r.unscaledValue().toString();
      point = digits.length() - r.scale();
    }
    int nd = digits.length();
    if (fmt == 'e') {
      return exponent(digits, v == 0 ? 1 : point, prec);
    }
    // 'g'
    int p = Math.max(prec, 1);
    int eprec = p;
    if (eprec > nd && nd >= point) {
      eprec = nd;
    }
    int exp = point - 1;
    if (exp < -4 || exp >= eprec) {
      return exponent(digits, point, Math.min(p, nd) - 1);
    }
    int fixedPrec = p > point ? nd : p;
    return fixed(digits, point, Math.max(fixedPrec - point, 0));
  }

  private static String exponent(String digits, int point, int prec) {
    StringBuilder out = new StringBuilder();
    out.append(digits.isEmpty() ? '0' : digits.charAt(0));
    if (prec > 0) {
      out.append('.');
      for (int i = 1; i <= prec; i++) {
        out.append(i < digits.length() ? digits.charAt(i) : '0');
      }
    }
    int exp = digits.isEmpty() ? 0 : point - 1;
    String e = Integer.toString(Math.abs(exp));
    return out.append('e')
        .append(exp < 0 ? '-' : '+')
        .append(e.length() < 2 ? "0" + e : e)
        .toString();
  }

  private static String fixed(String digits, int point, int prec) {
    StringBuilder out = new StringBuilder();
    if (point > 0) {
      for (int i = 0; i < point; i++) {
        out.append(i < digits.length() ? digits.charAt(i) : '0');
      }
    } else {
      out.append('0');
    }
    if (prec > 0) {
      out.append('.');
      for (int i = 1; i <= prec; i++) {
        int j = point + i - 1;
        out.append(j >= 0 && j < digits.length() ? digits.charAt(j) : '0');
      }
    }
    return out.toString();
  }

  private static String padNumber(String sign, String body, Spec s, boolean zeroAllowed) {
    int len = sign.length() + body.codePointCount(0, body.length());
    if (s.width > len && s.zero && !s.minus && zeroAllowed) {
      return sign + "0".repeat(s.width - len) + body;
    }
    return pad(sign + body, s, false);
  }

  private static String pad(String t, Spec s, boolean unused) {
    int len = t.codePointCount(0, t.length());
    if (s.width <= len) {
      return t;
    }
    String fill = (s.zero && !s.minus ? "0" : " ").repeat(s.width - len);
    return s.minus ? t + fill : fill + t;
  }

  /** Go's {@code strconv.Quote}. */
  public static String quote(String str) {
    StringBuilder out = new StringBuilder("\"");
    str.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 7 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 11 -> out.append("\\v");
                default -> {
                  if (c < ' ' || c == 0x7f) {
                    out.append(String.format("\\x%02x", c));
                  } else if (printable(c)) {
                    out.appendCodePoint(c);
                  } else if (c < 0x10000) {
                    out.append(String.format("\\u%04x", c));
                  } else {
                    out.append(String.format("\\U%08x", c));
                  }
                }
              }
            });
    return out.append('"').toString();
  }

  private static boolean printable(int c) {
    if (c == ' ') {
      return true;
    }
    int type = Character.getType(c);
    return Character.isDefined(c)
        && type != Character.CONTROL
        && type != Character.FORMAT
        && type != Character.SURROGATE
        && type != Character.PRIVATE_USE
        && type != Character.UNASSIGNED
        && type != Character.SPACE_SEPARATOR
        && type != Character.LINE_SEPARATOR
        && type != Character.PARAGRAPH_SEPARATOR;
  }
}
