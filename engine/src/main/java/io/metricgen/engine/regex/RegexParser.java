package io.metricgen.engine.regex;

import io.metricgen.engine.regex.RegexNode.Alternate;
import io.metricgen.engine.regex.RegexNode.Assertion;
import io.metricgen.engine.regex.RegexNode.Chars;
import io.metricgen.engine.regex.RegexNode.Concat;
import io.metricgen.engine.regex.RegexNode.Empty;
import io.metricgen.engine.regex.RegexNode.Kind;
import io.metricgen.engine.regex.RegexNode.Repeat;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RE2 syntax, the regex dialect of Prometheus (Go's regexp/syntax with Perl flags), into a
 * {@link RegexNode} tree: literals, {@code .}, classes ({@code [a-z]}, {@code [^...]}, {@code
 * [[:alpha:]]}, {@code \d \w \s}, {@code \pL}, {@code \p{Greek}}), groups ({@code (...)}, {@code
 * (?:...)}, {@code (?P<name>...)}), flags ({@code (?i)}, {@code (?s:...)}, {@code (?m)}, {@code
 * (?U)}), repetition ({@code * + ? {n,m}}, lazy or not), alternation, anchors and {@code \Q...\E}.
 *
 * <p>The grammar, from the lowest precedence up:
 *
 * <pre>
 * alternation := concat ('|' concat)*
 * concat      := repeat*
 * repeat      := atom ('*' | '+' | '?' | '{' n (',' m?)? '}') '?'?
 * atom        := '(' ('?' flags (':' alternation)? | '?P&lt;' name '&gt;' alternation | alternation) ')'
 *              | '[' class ']' | '.' | '^' | '$' | '\' escape | literal
 * </pre>
 *
 * Whether RE2 accepts a regex is RE2/J's call ({@link Re2#problem}); this reader exists to make
 * values that a regex matches, and throws {@link RegexSyntaxException} for what it can't read.
 *
 * @see <a href="https://github.com/google/re2/wiki/Syntax">RE2 syntax</a>
 */
final class RegexParser {

  /** Nesting deeper than this is refused, as Go's regexp/syntax refuses it. */
  static final int MAX_DEPTH = 1000;

  /**
   * Nesting deeper than this is not read here (RE2 accepts up to {@link #MAX_DEPTH}): this reader
   * recurses, and no label matcher written by a person nests so deep.
   */
  static final int MAX_READ_DEPTH = 200;

  private static final int MAX_REPEAT = 1000;

  private final String text;
  private int pos;
  private int depth;

  private record Flags(boolean fold, boolean dotNewline, boolean multiLine) {}

  private RegexParser(String text) {
    this.text = text;
  }

  /**
   * Parses a regex as Prometheus compiles a label matcher's, {@code ^(?s:regex)$}: {@code .}
   * matches a newline too. Throws RegexSyntaxException with the offending text.
   */
  static RegexNode parse(String regex) {
    int depth = depth(regex);
    if (depth > MAX_READ_DEPTH) {
      throw new RegexSyntaxException(
          "the regex nests "
              + depth
              + " groups deep; values are made for regexes up to "
              + MAX_READ_DEPTH
              + " deep");
    }
    RegexParser p = new RegexParser(regex);
    RegexNode n = p.alternation(new Flags[] {new Flags(false, true, false)});
    if (p.pos < regex.length()) {
      throw p.error("unexpected )", regex);
    }
    return n;
  }

  /** How deep the regex's groups nest, read in one pass without recursion. */
  static int depth(String regex) {
    int depth = 0;
    int max = 0;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '[') {
        // A class: parentheses inside are literal.
        int j = i + 1;
        if (j < regex.length() && regex.charAt(j) == '^') {
          j++;
        }
        if (j < regex.length() && regex.charAt(j) == ']') {
          j++;
        }
        while (j < regex.length() && regex.charAt(j) != ']') {
          j += regex.charAt(j) == '\\' || regex.startsWith("[:", j) ? 2 : 1;
        }
        i = j;
      } else if (c == '(') {
        max = Math.max(max, ++depth);
      } else if (c == ')') {
        depth--;
      }
    }
    return max;
  }

  // flags is a one-element box: (?i) changes it for the rest of the enclosing group.
  private RegexNode alternation(Flags[] flags) {
    if (++depth > MAX_DEPTH) {
      throw error("expression nests too deeply", "");
    }
    List<RegexNode> choices = new ArrayList<>();
    choices.add(concat(flags));
    while (peek('|')) {
      pos++;
      choices.add(concat(flags));
    }
    depth--;
    return choices.size() == 1 ? choices.get(0) : new Alternate(choices);
  }

  private RegexNode concat(Flags[] flags) {
    List<RegexNode> items = new ArrayList<>();
    while (pos < text.length() && !peek('|') && !peek(')')) {
      int start = pos;
      RegexNode atom = atom(flags);
      if (atom == null) {
        continue; // a flag group like (?i): no node
      }
      items.add(repeats(atom, start));
    }
    if (items.isEmpty()) {
      return new Empty();
    }
    return items.size() == 1 ? items.get(0) : new Concat(items);
  }

  private RegexNode repeats(RegexNode atom, int start) {
    RegexNode out = atom;
    boolean repeated = false;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      int min;
      int max;
      int opStart = pos;
      if (c == '*' || c == '+' || c == '?') {
        min = c == '+' ? 1 : 0;
        max = c == '?' ? 1 : -1;
        pos++;
      } else if (c == '{') {
        int[] range = braces();
        if (range == null) {
          return out; // a literal {, read as the next atom
        }
        min = range[0];
        max = range[1];
      } else {
        return out;
      }
      if (repeated) {
        throw error("invalid nested repetition operator", text.substring(opStart - 1, pos));
      }
      if (pos < text.length() && text.charAt(pos) == '?') {
        pos++; // lazy: matches the same strings
      }
      out = new Repeat(out, min, max);
      repeated = true;
    }
    return out;
  }

  /** {@code {n}}, {@code {n,}} or {@code {n,m}} at pos, or null (pos unchanged) when not one. */
  private int[] braces() {
    int i = pos + 1;
    int n = 0;
    int digits = 0;
    while (i < text.length() && Character.isDigit(text.charAt(i))) {
      n = Math.min(100_000, n * 10 + (text.charAt(i++) - '0'));
      digits++;
    }
    if (digits == 0 || i >= text.length()) {
      return null;
    }
    int m = n;
    if (text.charAt(i) == ',') {
      i++;
      if (i < text.length() && Character.isDigit(text.charAt(i))) {
        m = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
          m = Math.min(100_000, m * 10 + (text.charAt(i++) - '0'));
        }
      } else {
        m = -1;
      }
    }
    if (i >= text.length() || text.charAt(i) != '}') {
      return null;
    }
    String op = text.substring(pos, i + 1);
    pos = i + 1;
    if (n > MAX_REPEAT || m > MAX_REPEAT || (m >= 0 && m < n)) {
      throw error("invalid repeat count", op);
    }
    return new int[] {n, m};
  }

  private RegexNode atom(Flags[] flags) {
    Flags f = flags[0];
    int c = text.codePointAt(pos);
    switch (c) {
      case '(' -> {
        return group(flags);
      }
      case '[' -> {
        return new Chars(bracket(f), -1);
      }
      case '.' -> {
        pos++;
        return new Chars(f.dotNewline() ? CharSet.ANY : CharSet.ANY_BUT_NEWLINE, -1);
      }
      case '^' -> {
        pos++;
        return new Assertion(f.multiLine() ? Kind.BEGIN_LINE : Kind.BEGIN_TEXT);
      }
      case '$' -> {
        pos++;
        return new Assertion(f.multiLine() ? Kind.END_LINE : Kind.END_TEXT);
      }
      case '*', '+', '?' -> throw error("missing argument to repetition operator", "" + (char) c);
      case '\\' -> {
        return escape(f);
      }
      default -> {
        if (c == '{' && braces() != null) {
          throw error("missing argument to repetition operator", text.substring(0, pos));
        }
        pos += Character.charCount(c);
        return literal(c, f);
      }
    }
  }

  private static RegexNode literal(int c, Flags f) {
    CharSet set = CharSet.single(c);
    return new Chars(f.fold() ? set.foldCase() : set, c);
  }

  private static CharSet fold(CharSet set, Flags f) {
    return f.fold() ? set.foldCase() : set;
  }

  private RegexNode group(Flags[] outer) {
    int start = pos;
    pos++;
    Flags[] inner = {outer[0]};
    if (text.startsWith("?P<", pos) || text.startsWith("?<", pos)) {
      if (text.startsWith("?<", pos)) {
        // Go before 1.22, and so Prometheus 2.x, knows only the (?P<name>) spelling.
        throw error("invalid or unsupported Perl syntax", "(?<");
      }
      int close = text.indexOf('>', pos);
      if (close < 0 || !text.substring(pos + 3, close).matches("[A-Za-z0-9_]+")) {
        throw error("invalid named capture", text.substring(start));
      }
      pos = close + 1;
    } else if (text.startsWith("?", pos)) {
      pos++;
      boolean fold = outer[0].fold();
      boolean dot = outer[0].dotNewline();
      boolean multi = outer[0].multiLine();
      boolean negate = false;
      while (true) {
        if (pos >= text.length()) {
          throw error("missing closing )", text.substring(start));
        }
        char c = text.charAt(pos++);
        switch (c) {
          case 'i' -> fold = !negate;
          case 's' -> dot = !negate;
          case 'm' -> multi = !negate;
          case 'U' -> {}
          case '-' -> {
            if (negate) {
              throw error("invalid or unsupported Perl syntax", text.substring(start, pos));
            }
            negate = true;
          }
          case ')' -> {
            // (?flags): the rest of the enclosing group.
            outer[0] = new Flags(fold, dot, multi);
            return null;
          }
          case ':' -> {
            inner[0] = new Flags(fold, dot, multi);
            RegexNode body = alternation(inner);
            closeGroup(start);
            return body;
          }
          default -> throw error("invalid or unsupported Perl syntax", text.substring(start, pos));
        }
      }
    }
    RegexNode body = alternation(inner);
    closeGroup(start);
    return body;
  }

  private void closeGroup(int start) {
    if (!peek(')')) {
      throw error("missing closing )", text.substring(start));
    }
    pos++;
  }

  private RegexNode escape(Flags f) {
    int start = pos;
    pos++;
    if (pos >= text.length()) {
      throw error("trailing backslash at end of expression", "");
    }
    char c = text.charAt(pos);
    switch (c) {
      case 'A' -> {
        pos++;
        return new Assertion(Kind.BEGIN_TEXT);
      }
      case 'z' -> {
        pos++;
        return new Assertion(Kind.END_TEXT);
      }
      case 'b' -> {
        pos++;
        return new Assertion(Kind.WORD_BOUNDARY);
      }
      case 'B' -> {
        pos++;
        return new Assertion(Kind.NOT_WORD_BOUNDARY);
      }
      case 'Q' -> {
        int end = text.indexOf("\\E", pos + 1);
        String quoted = text.substring(pos + 1, end < 0 ? text.length() : end);
        pos = end < 0 ? text.length() : end + 2;
        List<RegexNode> items = new ArrayList<>();
        quoted.codePoints().forEach(cp -> items.add(literal(cp, f)));
        return items.isEmpty() ? new Empty() : items.size() == 1 ? items.get(0) : new Concat(items);
      }
      default -> {
        pos = start;
        CharSet cls = classEscape(f);
        if (cls != null) {
          return new Chars(cls, -1);
        }
        int cp = charEscape();
        return literal(cp, f);
      }
    }
  }

  /**
   * A class escape at pos ({@code \d}, {@code \pL}, …), consumed, folded under (?i) before a
   * negation ({@code \P}, {@code \W}) applies; null (pos unchanged) if not one.
   */
  private CharSet classEscape(Flags f) {
    if (pos + 1 >= text.length()) {
      return null;
    }
    char c = text.charAt(pos + 1);
    CharSet perl =
        switch (Character.toLowerCase(c)) {
          case 'd' -> CharSet.DIGIT;
          case 's' -> CharSet.SPACE;
          case 'w' -> CharSet.WORD;
          default -> null;
        };
    if (perl != null) {
      pos += 2;
      return Character.isUpperCase(c) ? fold(perl, f).negate() : fold(perl, f);
    }
    if (c != 'p' && c != 'P') {
      return null;
    }
    int start = pos;
    pos += 2;
    String name;
    if (pos < text.length() && text.charAt(pos) == '{') {
      int close = text.indexOf('}', pos);
      if (close < 0) {
        throw error("invalid character class range", text.substring(start));
      }
      name = text.substring(pos + 1, close);
      pos = close + 1;
    } else if (pos < text.length()) {
      name = text.substring(pos, pos + 1);
      pos++;
    } else {
      throw error("invalid character class range", text.substring(start));
    }
    boolean negate = c == 'P';
    if (name.startsWith("^")) {
      negate = !negate;
      name = name.substring(1);
    }
    CharSet set = CharSet.unicode(name);
    if (set == null) {
      throw error("invalid character class range", text.substring(start, pos));
    }
    return negate ? fold(set, f).negate() : fold(set, f);
  }

  /** One escaped character at pos ({@code \.}, {@code \n}, {@code \x{41}}, {@code \012}). */
  private int charEscape() {
    int start = pos;
    pos++;
    char c = text.charAt(pos++);
    switch (c) {
      case 'a' -> {
        return 7;
      }
      case 'f' -> {
        return '\f';
      }
      case 't' -> {
        return '\t';
      }
      case 'n' -> {
        return '\n';
      }
      case 'r' -> {
        return '\r';
      }
      case 'v' -> {
        return 0x0b;
      }
      case 'x' -> {
        String hex;
        if (pos < text.length() && text.charAt(pos) == '{') {
          int close = text.indexOf('}', pos);
          if (close < 0) {
            throw error("invalid escape sequence", text.substring(start));
          }
          hex = text.substring(pos + 1, close);
          pos = close + 1;
        } else {
          hex = text.substring(pos, Math.min(text.length(), pos + 2));
          pos += 2;
        }
        try {
          int cp = Integer.parseInt(hex, 16);
          if (hex.isEmpty() || cp > CharSet.MAX) {
            throw new NumberFormatException();
          }
          return cp;
        } catch (NumberFormatException e) {
          throw error(
              "invalid escape sequence", text.substring(start, Math.min(pos, text.length())));
        }
      }
      default -> {
        if (c >= '0' && c <= '7') {
          if (c != '0'
              && (pos >= text.length() || text.charAt(pos) < '0' || text.charAt(pos) > '7')) {
            throw error("invalid escape sequence", text.substring(start, pos));
          }
          int value = c - '0';
          for (int k = 0; k < 2 && pos < text.length(); k++) {
            char d = text.charAt(pos);
            if (d < '0' || d > '7') {
              break;
            }
            value = value * 8 + (d - '0');
            pos++;
          }
          return value;
        }
        if (c < 0x80 && !Character.isLetterOrDigit(c)) {
          return c; // escaped punctuation
        }
        throw error("invalid escape sequence", text.substring(start, pos));
      }
    }
  }

  /** A bracketed class; under (?i) its members are folded before a ^ negates them, as in RE2. */
  private CharSet bracket(Flags f) {
    int start = pos;
    pos++;
    boolean negate = false;
    if (peek('^')) {
      negate = true;
      pos++;
    }
    CharSet set = CharSet.EMPTY;
    boolean first = true;
    while (true) {
      if (pos >= text.length()) {
        throw error("missing closing ]", text.substring(start));
      }
      if (text.charAt(pos) == ']' && !first) {
        pos++;
        break;
      }
      first = false;
      if (text.startsWith("[:", pos)) {
        int close = text.indexOf(":]", pos + 2);
        if (close > 0) {
          String name = text.substring(pos + 2, close);
          boolean neg = name.startsWith("^");
          CharSet posix = CharSet.posix(neg ? name.substring(1) : name);
          if (posix == null) {
            throw error("invalid character class range", text.substring(pos, close + 2));
          }
          set = set.union(neg ? posix.negate() : posix);
          pos = close + 2;
          continue;
        }
      }
      if (text.charAt(pos) == '\\') {
        CharSet cls = classEscape(new Flags(false, true, false));
        if (cls != null) {
          set = set.union(cls);
          continue;
        }
      }
      int lo = bracketChar();
      int hi = lo;
      if (peek('-') && pos + 1 < text.length() && text.charAt(pos + 1) != ']') {
        int rangeStart = pos - 1;
        pos++;
        hi = bracketChar();
        if (hi < lo) {
          throw error("invalid character class range", text.substring(rangeStart, pos));
        }
      }
      set = set.union(CharSet.range(lo, hi));
    }
    set = fold(set, f);
    return negate ? set.negate() : set;
  }

  private int bracketChar() {
    if (text.charAt(pos) == '\\') {
      return charEscape();
    }
    int cp = text.codePointAt(pos);
    pos += Character.charCount(cp);
    return cp;
  }

  private boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private RegexSyntaxException error(String what, String where) {
    return new RegexSyntaxException(
        "error parsing regexp: " + what + (where.isEmpty() ? "" : ": `" + where + "`"));
  }
}
