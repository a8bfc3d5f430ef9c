package io.metricgen.engine.template;

import static io.metricgen.engine.template.GoTemplate.function;

import io.metricgen.engine.template.GoTemplate.Kind;
import io.metricgen.engine.template.GoTemplate.TemplateFunction;
import io.metricgen.engine.template.GoValues.GoMap;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Go's predefined template functions ({@code and} and {@code or} are run lazily by Exec). */
final class Builtins {

  private Builtins() {}

  static final Map<String, TemplateFunction> FUNCTIONS = new HashMap<>();

  static {
    List<Kind> any1 = List.of(Kind.ANY);
    List<Kind> any2 = List.of(Kind.ANY, Kind.ANY);
    List<Kind> anyN = List.of(Kind.ANY);
    FUNCTIONS.put("not", function(any1, false, a -> !GoValues.truth(a.get(0))));
    FUNCTIONS.put("len", function(any1, false, a -> len(a.get(0))));
    FUNCTIONS.put("index", function(any2, true, Builtins::index));
    FUNCTIONS.put("slice", function(any2, true, Builtins::slice));
    FUNCTIONS.put("print", function(anyN, true, GoFmt::sprint));
    FUNCTIONS.put("println", function(anyN, true, GoFmt::sprintln));
    FUNCTIONS.put(
        "printf",
        function(
            List.of(Kind.STRING, Kind.ANY),
            true,
            a -> GoFmt.sprintf((String) a.get(0), a.subList(1, a.size()))));
    FUNCTIONS.put("html", function(anyN, true, a -> html(text(a))));
    FUNCTIONS.put("js", function(anyN, true, a -> js(text(a))));
    FUNCTIONS.put("urlquery", function(anyN, true, a -> queryEscape(text(a))));
    FUNCTIONS.put("eq", function(any2, true, Builtins::eq));
    FUNCTIONS.put("ne", function(any2, false, a -> !(Boolean) eq(a)));
    // As Go defines them: le is lt or eq, gt is not le, ge is not lt (so NaN is gt and ge).
    FUNCTIONS.put("lt", function(any2, false, a -> less(a.get(0), a.get(1))));
    FUNCTIONS.put("le", function(any2, false, a -> less(a.get(0), a.get(1)) || (Boolean) eq(a)));
    FUNCTIONS.put("gt", function(any2, false, a -> !(less(a.get(0), a.get(1)) || (Boolean) eq(a))));
    FUNCTIONS.put("ge", function(any2, false, a -> !less(a.get(0), a.get(1))));
    FUNCTIONS.put(
        "call",
        function(
            anyN,
            true,
            a -> {
              throw new TemplateException("call of a value that is not a function");
            }));
  }

  /** Every name Go predefines, and/or included. */
  static final Set<String> NAMES;

  static {
    java.util.Set<String> names = new java.util.HashSet<>(FUNCTIONS.keySet());
    names.add("and");
    names.add("or");
    NAMES = Set.copyOf(names);
  }

  /** The text html, js and urlquery escape: one string as it is, else Sprint of them all. */
  private static String text(List<Object> args) {
    if (args.size() == 1 && args.get(0) instanceof String s) {
      return s;
    }
    return GoFmt.sprint(args);
  }

  private static long len(Object v) {
    if (v instanceof String s) {
      return s.getBytes(StandardCharsets.UTF_8).length;
    }
    if (v instanceof GoMap m) {
      return m.entries().size();
    }
    if (v instanceof List<?> l) {
      return l.size();
    }
    throw new TemplateException("len of type " + GoValues.typeName(v));
  }

  private static Object index(List<Object> a) {
    Object v = a.get(0);
    for (Object key : a.subList(1, a.size())) {
      if (v instanceof GoMap m) {
        if (!(key instanceof String k)) {
          throw new TemplateException(
              "value has type " + GoValues.typeName(key) + "; should be string");
        }
        v = m.entries().containsKey(k) ? m.entries().get(k) : m.zero();
      } else if (v instanceof List<?> l) {
        int i = intIndex(key, l.size());
        if (i >= l.size()) {
          throw new TemplateException("index out of range: " + i);
        }
        v = l.get(i);
      } else if (v instanceof String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int i = intIndex(key, b.length);
        if (i >= b.length) {
          throw new TemplateException("index out of range: " + i);
        }
        v = (long) (b[i] & 0xff);
      } else if (v == null) {
        throw new TemplateException("index of untyped nil");
      } else {
        throw new TemplateException("can't index item of type " + GoValues.typeName(v));
      }
    }
    return v;
  }

  private static int intIndex(Object key, int len) {
    if (!(key instanceof Long l)) {
      throw new TemplateException("cannot index slice/array with type " + GoValues.typeName(key));
    }
    if (l < 0) {
      throw new TemplateException("index out of range: " + l);
    }
    return (int) Math.min(l, Integer.MAX_VALUE);
  }

  private static Object slice(List<Object> a) {
    Object v = a.get(0);
    int size;
    if (v instanceof String s) {
      size = s.getBytes(StandardCharsets.UTF_8).length;
    } else if (v instanceof List<?> l) {
      size = l.size();
    } else {
      throw new TemplateException("can't slice item of type " + GoValues.typeName(v));
    }
    if (a.size() > 4 || (a.size() == 4 && v instanceof String)) {
      throw new TemplateException("too many slice indexes: " + (a.size() - 1));
    }
    int from = a.size() > 1 ? intIndex(a.get(1), size) : 0;
    int to = a.size() > 2 ? intIndex(a.get(2), size) : size;
    if (from > to || to > size) {
      throw new TemplateException("invalid slice index: " + from + " > " + to);
    }
    if (v instanceof String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      return new String(b, from, to - from, StandardCharsets.UTF_8);
    }
    return List.copyOf(((List<?>) v).subList(from, to));
  }

  private enum BasicKind {
    BOOL,
    INT,
    FLOAT,
    STRING
  }

  private static BasicKind kind(Object v) {
    if (v instanceof Boolean) {
      return BasicKind.BOOL;
    }
    if (v instanceof Long) {
      return BasicKind.INT;
    }
    if (v instanceof Double) {
      return BasicKind.FLOAT;
    }
    if (v instanceof String) {
      return BasicKind.STRING;
    }
    throw new TemplateException("invalid type for comparison");
  }

  private static Object eq(List<Object> a) {
    Object first = a.get(0);
    BasicKind k1 = kind(first);
    for (Object other : a.subList(1, a.size())) {
      BasicKind k2 = kind(other);
      if (k1 != k2) {
        throw new TemplateException("incompatible types for comparison");
      }
      boolean equal =
          k1 == BasicKind.FLOAT
              ? ((Double) first).doubleValue() == ((Double) other).doubleValue()
              : first.equals(other);
      if (equal) {
        return true;
      }
    }
    return false;
  }

  private static boolean less(Object x, Object y) {
    BasicKind k1 = kind(x);
    BasicKind k2 = kind(y);
    if (k1 != k2) {
      throw new TemplateException("incompatible types for comparison");
    }
    return switch (k1) {
      case BOOL -> throw new TemplateException("invalid type for comparison");
      case INT -> (Long) x < (Long) y;
      case FLOAT -> (Double) x < (Double) y;
      case STRING -> compareBytes((String) x, (String) y) < 0;
    };
  }

  /** Compares as Go compares strings: by their UTF-8 bytes. */
  static int compareBytes(String x, String y) {
    byte[] a = x.getBytes(StandardCharsets.UTF_8);
    byte[] b = y.getBytes(StandardCharsets.UTF_8);
    return java.util.Arrays.compareUnsigned(a, b);
  }

  /** Go's {@code template.HTMLEscapeString}. */
  static String html(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case 0 -> out.append('\uFFFD');
        case '"' -> out.append("&#34;");
        case '\'' -> out.append("&#39;");
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Go's {@code template.JSEscapeString}. */
  static String js(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '"' -> out.append("\\\"");
                case '<' -> out.append("\\u003C");
                case '>' -> out.append("\\u003E");
                case '&' -> out.append("\\u0026");
                case '=' -> out.append("\\u003D");
                default -> {
                  if (c < ' '
                      || (c >= 0x80
                          && !Character.isLetterOrDigit(c)
                          && Character.getType(c) == Character.CONTROL)) {
                    out.append(String.format("\\u%04X", c));
                  } else {
                    out.appendCodePoint(c);
                  }
                }
              }
            });
    return out.toString();
  }

  /** Go's {@code url.QueryEscape}. */
  static String queryEscape(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        out.append((char) c);
      } else if (c == ' ') {
        out.append('+');
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }
}
