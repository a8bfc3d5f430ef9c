package io.metricgen.engine.regex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An immutable set of Unicode code points, kept as sorted, disjoint, non-adjacent ranges. */
final class CharSet {

  static final int MAX = Character.MAX_CODE_POINT;
  static final CharSet EMPTY = new CharSet(new int[0]);
  static final CharSet ANY = range(0, MAX);
  static final CharSet ANY_BUT_NEWLINE = ANY.minus(single('\n'));

  private static final Map<String, CharSet> UNICODE = new ConcurrentHashMap<>();

  // Pairs lo, hi (inclusive), sorted.
  private final int[] ranges;

  private CharSet(int[] ranges) {
    this.ranges = ranges;
  }

  static CharSet single(int cp) {
    return range(cp, cp);
  }

  static CharSet range(int lo, int hi) {
    return new CharSet(new int[] {lo, hi});
  }

  static CharSet of(String chars) {
    CharSet out = EMPTY;
    for (int i = 0; i < chars.length(); i++) {
      out = out.union(single(chars.charAt(i)));
    }
    return out;
  }

  boolean isEmpty() {
    return ranges.length == 0;
  }

  boolean contains(int cp) {
    for (int i = 0; i < ranges.length; i += 2) {
      if (cp < ranges[i]) {
        return false;
      }
      if (cp <= ranges[i + 1]) {
        return true;
      }
    }
    return false;
  }

  /** The ranges as pairs lo, hi. */
  int[] ranges() {
    return ranges.clone();
  }

  CharSet union(CharSet other) {
    int[] all = Arrays.copyOf(ranges, ranges.length + other.ranges.length);
    System.arraycopy(other.ranges, 0, all, ranges.length, other.ranges.length);
    return normalize(all);
  }

  CharSet negate() {
    List<Integer> out = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < ranges.length; i += 2) {
      if (ranges[i] > next) {
        out.add(next);
        out.add(ranges[i] - 1);
      }
      next = ranges[i + 1] + 1;
    }
    if (next <= MAX) {
      out.add(next);
      out.add(MAX);
    }
    return new CharSet(out.stream().mapToInt(Integer::intValue).toArray());
  }

  CharSet minus(CharSet other) {
    return negate().union(other).negate();
  }

  /**
   * With the other cases of each letter, as RE2 folds under {@code (?i)}. Large ranges are folded
   * only where they cross the Latin and Greek letters, which keeps this cheap and covers what label
   * values use.
   */
  CharSet foldCase() {
    List<Integer> extra = new ArrayList<>();
    for (int i = 0; i < ranges.length; i += 2) {
      int lo = ranges[i];
      int hi = ranges[i + 1] - lo <= 4096 ? ranges[i + 1] : Math.min(ranges[i + 1], 0x3ff);
      for (int cp = lo; cp <= hi; cp++) {
        int up = Character.toUpperCase(cp);
        int low = Character.toLowerCase(cp);
        int title = Character.toTitleCase(cp);
        for (int f : new int[] {up, low, title, Character.toLowerCase(up)}) {
          if (f != cp) {
            extra.add(f);
            extra.add(f);
          }
        }
      }
    }
    int[] more = extra.stream().mapToInt(Integer::intValue).toArray();
    return union(normalize(more));
  }

  private static CharSet normalize(int[] pairs) {
    int n = pairs.length / 2;
    long[] packed = new long[n];
    for (int i = 0; i < n; i++) {
      packed[i] = ((long) pairs[2 * i] << 32) | (pairs[2 * i + 1] & 0xffffffffL);
    }
    Arrays.sort(packed);
    List<Integer> out = new ArrayList<>();
    for (long p : packed) {
      int lo = (int) (p >>> 32);
      int hi = (int) p;
      if (lo > hi) {
        continue;
      }
      int last = out.size() - 1;
      if (last > 0 && lo <= out.get(last) + 1) {
        out.set(last, Math.max(out.get(last), hi));
      } else {
        out.add(lo);
        out.add(hi);
      }
    }
    return new CharSet(out.stream().mapToInt(Integer::intValue).toArray());
  }

  // Perl and POSIX classes, in RE2's ASCII meaning.
  static final CharSet DIGIT = range('0', '9');
  static final CharSet SPACE = of(" \t\n\f\r");
  static final CharSet WORD =
      range('0', '9').union(range('A', 'Z')).union(range('a', 'z')).union(single('_'));

  /** A POSIX class by its name inside {@code [[:name:]]}, or null when RE2 has none. */
  static CharSet posix(String name) {
    return switch (name) {
      case "alnum" -> range('0', '9').union(range('A', 'Z')).union(range('a', 'z'));
      case "alpha" -> range('A', 'Z').union(range('a', 'z'));
      case "ascii" -> range(0, 0x7f);
      case "blank" -> of(" \t");
      case "cntrl" -> range(0, 0x1f).union(single(0x7f));
      case "digit" -> DIGIT;
      case "graph" -> range('!', '~');
      case "lower" -> range('a', 'z');
      case "print" -> range(' ', '~');
      case "punct" ->
          range('!', '/').union(range(':', '@')).union(range('[', '`')).union(range('{', '~'));
      case "space" -> of(" \t\n\u000b\f\r");
      case "upper" -> range('A', 'Z');
      case "word" -> WORD;
      case "xdigit" -> range('0', '9').union(range('A', 'F')).union(range('a', 'f'));
      default -> null;
    };
  }

  /**
   * A Unicode general category ({@code L}, {@code Lu}, …), script ({@code Greek}) or {@code Any},
   * as {@code \p{...}} names them; null when there is none of that name.
   */
  static CharSet unicode(String name) {
    CharSet cached = UNICODE.get(name);
    if (cached != null) {
      return cached;
    }
    java.util.function.IntPredicate test = unicodeTest(name);
    if (test == null) {
      return null;
    }
    List<Integer> out = new ArrayList<>();
    int start = -1;
    for (int cp = 0; cp <= MAX + 1; cp++) {
      boolean in = cp <= MAX && test.test(cp);
      if (in && start < 0) {
        start = cp;
      } else if (!in && start >= 0) {
        out.add(start);
        out.add(cp - 1);
        start = -1;
      }
    }
    CharSet set = new CharSet(out.stream().mapToInt(Integer::intValue).toArray());
    UNICODE.put(name, set);
    return set;
  }

  private static java.util.function.IntPredicate unicodeTest(String name) {
    if (name.equals("Any")) {
      return cp -> true;
    }
    int[] types = categories(name);
    if (types != null) {
      return cp -> {
        int t = Character.getType(cp);
        for (int x : types) {
          if (x == t) {
            return true;
          }
        }
        return false;
      };
    }
    if (!name.matches("[A-Z][A-Za-z_]*")) {
      return null;
    }
    Character.UnicodeScript script;
    try {
      script = Character.UnicodeScript.forName(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return cp -> Character.UnicodeScript.of(cp) == script;
  }

  private static int[] categories(String name) {
    return switch (name) {
      case "L" ->
          new int[] {
            Character.UPPERCASE_LETTER,
            Character.LOWERCASE_LETTER,
            Character.TITLECASE_LETTER,
            Character.MODIFIER_LETTER,
            Character.OTHER_LETTER
          };
      case "Lu" -> new int[] {Character.UPPERCASE_LETTER};
      case "Ll" -> new int[] {Character.LOWERCASE_LETTER};
      case "Lt" -> new int[] {Character.TITLECASE_LETTER};
      case "Lm" -> new int[] {Character.MODIFIER_LETTER};
      case "Lo" -> new int[] {Character.OTHER_LETTER};
      case "M" ->
          new int[] {
            Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK, Character.ENCLOSING_MARK
          };
      case "Mn" -> new int[] {Character.NON_SPACING_MARK};
      case "Mc" -> new int[] {Character.COMBINING_SPACING_MARK};
      case "Me" -> new int[] {Character.ENCLOSING_MARK};
      case "N" ->
          new int[] {
            Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER
          };
      case "Nd" -> new int[] {Character.DECIMAL_DIGIT_NUMBER};
      case "Nl" -> new int[] {Character.LETTER_NUMBER};
      case "No" -> new int[] {Character.OTHER_NUMBER};
      case "P" ->
          new int[] {
            Character.CONNECTOR_PUNCTUATION,
            Character.DASH_PUNCTUATION,
            Character.START_PUNCTUATION,
            Character.END_PUNCTUATION,
            Character.INITIAL_QUOTE_PUNCTUATION,
            Character.FINAL_QUOTE_PUNCTUATION,
            Character.OTHER_PUNCTUATION
          };
      case "Pc" -> new int[] {Character.CONNECTOR_PUNCTUATION};
      case "Pd" -> new int[] {Character.DASH_PUNCTUATION};
      case "Ps" -> new int[] {Character.START_PUNCTUATION};
      case "Pe" -> new int[] {Character.END_PUNCTUATION};
      case "Pi" -> new int[] {Character.INITIAL_QUOTE_PUNCTUATION};
      case "Pf" -> new int[] {Character.FINAL_QUOTE_PUNCTUATION};
      case "Po" -> new int[] {Character.OTHER_PUNCTUATION};
      case "S" ->
          new int[] {
            Character.MATH_SYMBOL,
            Character.CURRENCY_SYMBOL,
            Character.MODIFIER_SYMBOL,
            Character.OTHER_SYMBOL
          };
      case "Sm" -> new int[] {Character.MATH_SYMBOL};
      case "Sc" -> new int[] {Character.CURRENCY_SYMBOL};
      case "Sk" -> new int[] {Character.MODIFIER_SYMBOL};
      case "So" -> new int[] {Character.OTHER_SYMBOL};
      case "Z" ->
          new int[] {
            Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR
          };
      case "Zs" -> new int[] {Character.SPACE_SEPARATOR};
      case "Zl" -> new int[] {Character.LINE_SEPARATOR};
      case "Zp" -> new int[] {Character.PARAGRAPH_SEPARATOR};
      case "C" ->
          new int[] {
            Character.CONTROL,
            Character.FORMAT,
            Character.SURROGATE,
            Character.PRIVATE_USE,
            Character.UNASSIGNED
          };
      case "Cc" -> new int[] {Character.CONTROL};
      case "Cf" -> new int[] {Character.FORMAT};
      case "Cs" -> new int[] {Character.SURROGATE};
      case "Co" -> new int[] {Character.PRIVATE_USE};
      default -> null;
    };
  }

  /** The character a reader would pick from the set: a digit, a letter, then common punctuation. */
  int preferred() {
    for (int i = 0; i < PREFERENCE.length(); i++) {
      if (contains(PREFERENCE.charAt(i))) {
        return PREFERENCE.charAt(i);
      }
    }
    // Lowercase letters first, as most label values are written.
    for (int i = 0; i < ranges.length; i += 2) {
      for (int cp = ranges[i]; cp <= ranges[i + 1] && cp - ranges[i] < 256; cp++) {
        if (Character.isLowerCase(cp)) {
          return cp;
        }
      }
    }
    for (int i = 0; i < ranges.length; i += 2) {
      for (int cp = ranges[i]; cp <= ranges[i + 1] && cp - ranges[i] < 256; cp++) {
        if (Character.isLetterOrDigit(cp)) {
          return cp;
        }
      }
    }
    return ranges.length == 0 ? -1 : ranges[0];
  }

  /** Characters in the order of preference for made-up values; those first need no quoting. */
  static final String PREFERENCE =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_.:/@ ";

  @Override
  public boolean equals(Object o) {
    return o instanceof CharSet c && Arrays.equals(ranges, c.ranges);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ranges);
  }
}
