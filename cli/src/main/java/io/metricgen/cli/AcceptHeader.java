package io.metricgen.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP Accept header (RFC 9110, section 12.5.1) as a scrape sends it: media ranges with
 * parameters and q-values. A type's weight is the q of the most specific range that matches it
 * (type/subtype with its parameters, then type/subtype, then type/*, then *&#47;*); q=0 means "not
 * this". Ranges that can't be read are skipped, as servers do.
 */
final class AcceptHeader {

  /** One media range. */
  record Range(String type, String subtype, Map<String, String> params, double q) {

    /** How specifically this range names {@code type/subtype} with {@code params}; -1 if not. */
    int specificity(String t, String s, Map<String, String> wanted) {
      if (type.equals("*")) {
        return subtype.equals("*") ? 0 : -1;
      }
      if (!type.equals(t)) {
        return -1;
      }
      if (subtype.equals("*")) {
        return 1;
      }
      if (!subtype.equals(s)) {
        return -1;
      }
      for (Map.Entry<String, String> p : params.entrySet()) {
        String want = wanted.get(p.getKey());
        if (want != null && !want.equalsIgnoreCase(p.getValue())) {
          return -1;
        }
      }
      return params.isEmpty() ? 2 : 3;
    }
  }

  /** Ranges at most: a longer header is read only this far. */
  static final int MAX_RANGES = 64;

  private final List<Range> ranges;

  private AcceptHeader(List<Range> ranges) {
    this.ranges = ranges;
  }

  /** The header; null or blank accepts everything. */
  static AcceptHeader parse(String header) {
    List<Range> out = new ArrayList<>();
    if (header == null || header.isBlank()) {
      out.add(new Range("*", "*", Map.of(), 1));
      return new AcceptHeader(out);
    }
    for (String part : split(header, ',')) {
      if (out.size() >= MAX_RANGES) {
        break;
      }
      List<String> pieces = split(part, ';');
      String media = pieces.get(0).trim().toLowerCase(Locale.ROOT);
      int slash = media.indexOf('/');
      if (slash <= 0 || slash == media.length() - 1) {
        continue;
      }
      String type = media.substring(0, slash).trim();
      String subtype = media.substring(slash + 1).trim();
      if (type.equals("*") && !subtype.equals("*")) {
        continue;
      }
      double q = 1;
      boolean readable = true;
      Map<String, String> params = new TreeMap<>();
      for (String p : pieces.subList(1, pieces.size())) {
        int eq = p.indexOf('=');
        if (eq <= 0) {
          continue;
        }
        String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
        String value = unquote(p.substring(eq + 1).trim());
        if (key.equals("q")) {
          try {
            q = Double.parseDouble(value);
          } catch (NumberFormatException e) {
            readable = false;
          }
          if (!(q >= 0 && q <= 1)) {
            readable = false;
          }
        } else {
          params.put(key, value);
        }
      }
      if (readable) {
        out.add(new Range(type, subtype, params, q));
      }
    }
    return new AcceptHeader(out);
  }

  /**
   * How a type is accepted: its weight (0 when not acceptable) and whether a range names it (rather
   * than matching it by a wildcard).
   */
  record Match(double q, boolean named) {}

  /** How {@code type/subtype} with {@code params} is accepted. */
  Match match(String type, String subtype, Map<String, String> params) {
    int best = -1;
    double q = 0;
    for (Range r : ranges) {
      int s = r.specificity(type, subtype, params);
      if (s > best) {
        best = s;
        q = r.q();
      }
    }
    return new Match(best < 0 ? 0 : q, best >= 2);
  }

  /** {@code text} split at {@code sep} outside double quotes. */
  private static List<String> split(String text, char sep) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == sep && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
        ? v.substring(1, v.length() - 1)
        : v;
  }
}
