package io.metricgen.engine.regex;

import io.metricgen.engine.regex.RegexNode.Alternate;
import io.metricgen.engine.regex.RegexNode.Assertion;
import io.metricgen.engine.regex.RegexNode.Chars;
import io.metricgen.engine.regex.RegexNode.Concat;
import io.metricgen.engine.regex.RegexNode.Empty;
import io.metricgen.engine.regex.RegexNode.Repeat;
import java.util.ArrayList;
import java.util.List;

/**
 * Values a reader would write for a regex, made in one pass over its syntax tree (linear in the
 * regex, whatever it is): literals as written, even under {@code (?i)}; the first alternative; the
 * fewest repetitions; a digit or letter for a class. {@code 5..} gives {@code 500}, {@code rgw.+}
 * gives {@code rgw0}, {@code (?i:(node-1)(\.[a-z]+)?)} gives {@code node-1}.
 */
public final class Examples {

  /** The most literal strings {@link #alternatives} lists. */
  public static final int MAX_ALTERNATIVES = 8;

  private static final int MAX_LENGTH = 256;

  private Examples() {}

  /**
   * The reader's value for a regex, checked against the regex; null when the regex can't be read or
   * the value is too long or doesn't match (assertions it can't place).
   */
  public static String example(String regex) {
    RegexNode root;
    try {
      root = RegexParser.parse(regex);
    } catch (RegexSyntaxException e) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    if (!write(root, out)) {
      return null;
    }
    String v = out.toString();
    return Re2.fullMatch(regex, v) ? v : null;
  }

  private static boolean write(RegexNode n, StringBuilder out) {
    if (out.length() > MAX_LENGTH) {
      return false;
    }
    if (n instanceof Chars c) {
      int cp = c.written() >= 0 ? c.written() : c.set().preferred();
      if (cp < 0) {
        return false;
      }
      out.appendCodePoint(cp);
      return true;
    }
    if (n instanceof Concat c) {
      for (RegexNode item : c.items()) {
        if (!write(item, out)) {
          return false;
        }
      }
      return true;
    }
    if (n instanceof Alternate a) {
      // The first alternative that is not empty, as a reader picks from a|b or (|a).
      for (RegexNode choice : a.choices()) {
        int mark = out.length();
        if (write(choice, out) && out.length() > mark) {
          return true;
        }
        out.setLength(mark);
      }
      return true;
    }
    if (n instanceof Repeat r) {
      // x* and x? give nothing, x+ gives one x, x{3,} gives three.
      for (int i = 0; i < r.min(); i++) {
        if (!write(r.node(), out)) {
          return false;
        }
      }
      return true;
    }
    return n instanceof Empty || n instanceof Assertion;
  }

  /**
   * Every string of a regex that is literals and groups of literal alternatives, as a reader lists
   * them: {@code GET|POST} gives both, {@code /api/(orders|users)} two paths, {@code 5..} nothing
   * (a class is not a list). Literals keep the case they are written in. Empty when the regex is
   * more than that or has more than {@link #MAX_ALTERNATIVES} strings.
   */
  public static List<String> alternatives(String regex) {
    RegexNode root;
    try {
      root = RegexParser.parse(regex);
    } catch (RegexSyntaxException e) {
      return List.of();
    }
    List<String> out = expand(root);
    return out == null ? List.of() : out;
  }

  private static List<String> expand(RegexNode n) {
    if (n instanceof Chars c) {
      return c.written() >= 0 ? List.of(new String(Character.toChars(c.written()))) : null;
    }
    if (n instanceof Empty) {
      return List.of("");
    }
    if (n instanceof Concat c) {
      List<String> out = List.of("");
      for (RegexNode item : c.items()) {
        List<String> part = expand(item);
        if (part == null || out.size() * part.size() > MAX_ALTERNATIVES) {
          return null;
        }
        List<String> next = new ArrayList<>();
        for (String prefix : out) {
          for (String p : part) {
            next.add(prefix + p);
          }
        }
        out = next;
      }
      return out;
    }
    if (n instanceof Alternate a) {
      List<String> out = new ArrayList<>();
      for (RegexNode choice : a.choices()) {
        List<String> part = expand(choice);
        if (part == null) {
          return null;
        }
        for (String p : part) {
          if (!out.contains(p)) {
            out.add(p);
          }
        }
        if (out.size() > MAX_ALTERNATIVES) {
          return null;
        }
      }
      return out;
    }
    if (n instanceof Repeat r && r.min() == 0 && r.max() == 1) {
      List<String> part = expand(r.node());
      if (part == null || part.size() + 1 > MAX_ALTERNATIVES) {
        return null;
      }
      List<String> out = new ArrayList<>(part);
      out.add(0, "");
      return out;
    }
    return null;
  }
}
