package io.metricgen.engine.promql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a PromQL expression into tokens, as Prometheus's {@code promql/parser/lex.go} does:
 * identifiers (with colons), numbers (decimal, hex, exponent), durations ({@code 1h30m}), strings
 * in three quotings with Go's escapes, operators and punctuation. {@code #} starts a comment.
 */
final class Lexer {

  /** Token kinds. Keywords are identifiers; the parser reads them by context. */
  enum Kind {
    IDENTIFIER,
    NUMBER,
    DURATION,
    STRING,
    LEFT_PAREN,
    RIGHT_PAREN,
    LEFT_BRACE,
    RIGHT_BRACE,
    LEFT_BRACKET,
    RIGHT_BRACKET,
    COMMA,
    COLON,
    AT,
    OPERATOR,
    EOF
  }

  /** One token: its kind, its text as written (strings unescaped) and where it starts. */
  record Token(Kind kind, String text, int offset) {}

  private final String in;
  private int pos;
  // Inside brackets a colon separates a subquery's range and step; elsewhere it starts a name.
  private int brackets;

  private Lexer(String in) {
    this.in = in;
  }

  static List<Token> tokens(String expression) {
    Lexer lexer = new Lexer(expression);
    List<Token> out = new ArrayList<>();
    Token t;
    do {
      t = lexer.next();
      out.add(t);
    } while (t.kind() != Kind.EOF);
    return out;
  }

  private PromqlException error(int at, String reason) {
    return new PromqlException(in, at, reason);
  }

  private Token next() {
    skipSpaceAndComments();
    if (pos >= in.length()) {
      return new Token(Kind.EOF, "", pos);
    }
    int start = pos;
    char c = in.charAt(pos);
    switch (c) {
      case '(':
        pos++;
        return new Token(Kind.LEFT_PAREN, "(", start);
      case ')':
        pos++;
        return new Token(Kind.RIGHT_PAREN, ")", start);
      case '{':
        pos++;
        return new Token(Kind.LEFT_BRACE, "{", start);
      case '}':
        pos++;
        return new Token(Kind.RIGHT_BRACE, "}", start);
      case '[':
        pos++;
        brackets++;
        return new Token(Kind.LEFT_BRACKET, "[", start);
      case ']':
        pos++;
        brackets = Math.max(0, brackets - 1);
        return new Token(Kind.RIGHT_BRACKET, "]", start);
      case ',':
        pos++;
        return new Token(Kind.COMMA, ",", start);
      case ':':
        if (brackets > 0) {
          pos++;
          return new Token(Kind.COLON, ":", start);
        }
        break;
      case '@':
        pos++;
        return new Token(Kind.AT, "@", start);
      case '"', '\'':
        return new Token(Kind.STRING, quoted(c), start);
      case '`':
        return new Token(Kind.STRING, raw(), start);
      default:
        break;
    }
    String op = operator();
    if (op != null) {
      return new Token(Kind.OPERATOR, op, start);
    }
    if (isDigit(c) || (c == '.' && pos + 1 < in.length() && isDigit(in.charAt(pos + 1)))) {
      return numberOrDuration();
    }
    if (isIdentifierStart(c)) {
      while (pos < in.length() && isIdentifierPart(in.charAt(pos))) {
        pos++;
      }
      return new Token(Kind.IDENTIFIER, in.substring(start, pos), start);
    }
    throw error(start, "unexpected character " + describe(c));
  }

  private static String describe(char c) {
    return Character.isISOControl(c) ? String.format("U+%04X", (int) c) : "'" + c + "'";
  }

  private void skipSpaceAndComments() {
    while (pos < in.length()) {
      char c = in.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        pos++;
      } else if (c == '#') {
        while (pos < in.length() && in.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private String operator() {
    for (String op : new String[] {"==", "!=", "=~", "!~", "<=", ">=", "+", "-", "*", "/", "%"}) {
      if (in.startsWith(op, pos)) {
        pos += op.length();
        return op;
      }
    }
    char c = in.charAt(pos);
    if (c == '^' || c == '<' || c == '>' || c == '=') {
      pos++;
      return String.valueOf(c);
    }
    if (c == '!') {
      throw error(pos, "unexpected character after '!': expected '=' or '~'");
    }
    return null;
  }

  private Token numberOrDuration() {
    int start = pos;
    if (in.startsWith("0x", pos) || in.startsWith("0X", pos)) {
      pos += 2;
      int digits = pos;
      while (pos < in.length() && Character.digit(in.charAt(pos), 16) >= 0) {
        pos++;
      }
      if (pos == digits) {
        throw error(start, "bad number: hex digits expected after 0x");
      }
      return finishNumber(start);
    }
    int digits = pos;
    while (pos < in.length() && isDigit(in.charAt(pos))) {
      pos++;
    }
    if (pos > digits && pos < in.length() && durationUnitAt(pos) > 0) {
      return duration(start);
    }
    if (pos < in.length() && in.charAt(pos) == '.') {
      pos++;
      while (pos < in.length() && isDigit(in.charAt(pos))) {
        pos++;
      }
    }
    if (pos < in.length() && (in.charAt(pos) == 'e' || in.charAt(pos) == 'E')) {
      int mark = pos;
      pos++;
      if (pos < in.length() && (in.charAt(pos) == '+' || in.charAt(pos) == '-')) {
        pos++;
      }
      int exp = pos;
      while (pos < in.length() && isDigit(in.charAt(pos))) {
        pos++;
      }
      if (pos == exp) {
        pos = mark;
      }
    }
    return finishNumber(start);
  }

  private Token finishNumber(int start) {
    if (pos < in.length() && isIdentifierPart(in.charAt(pos)) && in.charAt(pos) != ':') {
      throw error(start, "bad number or duration syntax: \"" + in.substring(start, pos + 1) + "\"");
    }
    return new Token(Kind.NUMBER, in.substring(start, pos), start);
  }

  /** Length of the duration unit at i (ms, s, m, h, d, w, y) or 0. */
  private int durationUnitAt(int i) {
    if (in.startsWith("ms", i)) {
      return 2;
    }
    char c = in.charAt(i);
    return "smhdwy".indexOf(c) >= 0 ? 1 : 0;
  }

  private Token duration(int start) {
    // Digits then a unit, repeated: 1h30m. Anything identifier-like after it is an error.
    while (true) {
      int unit = durationUnitAt(pos);
      pos += unit;
      int digits = pos;
      while (pos < in.length() && isDigit(in.charAt(pos))) {
        pos++;
      }
      if (pos == digits) {
        break;
      }
      if (pos >= in.length() || durationUnitAt(pos) == 0) {
        throw error(start, "bad duration syntax: \"" + in.substring(start, pos) + "\"");
      }
    }
    if (pos < in.length() && isIdentifierPart(in.charAt(pos)) && in.charAt(pos) != ':') {
      throw error(start, "bad number or duration syntax: \"" + in.substring(start, pos + 1) + "\"");
    }
    return new Token(Kind.DURATION, in.substring(start, pos), start);
  }

  private String raw() {
    int start = pos;
    int end = in.indexOf('`', pos + 1);
    if (end < 0) {
      throw error(start, "unterminated raw string");
    }
    pos = end + 1;
    return in.substring(start + 1, end);
  }

  /** A character as Go's {@code %#U} prints it: {@code U+0079 'y'}. */
  private static String goU(char c) {
    String code = String.format("U+%04X", (int) c);
    return Character.isISOControl(c) ? code : code + " '" + c + "'";
  }

  /** A double- or single-quoted string with Go's escapes, as strconv.Unquote reads it. */
  private String quoted(char quote) {
    int start = pos;
    pos++;
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= in.length() || in.charAt(pos) == '\n') {
        throw error(start, "unterminated quoted string");
      }
      char c = in.charAt(pos++);
      if (c == quote) {
        return out.toString();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (pos >= in.length()) {
        throw error(start, "unterminated quoted string");
      }
      int escape = pos - 1;
      char e = in.charAt(pos++);
      switch (e) {
        case 'a' -> out.append('\u0007');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'v' -> out.append('\u000b');
        case '\\' -> out.append('\\');
        case '"', '\'' -> {
          if (e != quote) {
            throw error(start, "unknown escape sequence " + goU(e));
          }
          out.append(e);
        }
        case 'x' -> out.appendCodePoint(hex(escape, 2));
        case 'u' -> out.appendCodePoint(hex(escape, 4));
        case 'U' -> out.appendCodePoint(hex(escape, 8));
        default -> {
          if (e >= '0' && e <= '7') {
            int v = 0;
            pos--;
            for (int k = 0; k < 3; k++) {
              char d = pos < in.length() ? in.charAt(pos) : 'x';
              if (d < '0' || d > '7') {
                throw error(escape, "octal escape needs three digits");
              }
              v = v * 8 + (d - '0');
              pos++;
            }
            if (v > 255) {
              throw error(escape, "octal escape value > 255");
            }
            out.append((char) v);
          } else {
            throw error(start, "unknown escape sequence " + goU(e));
          }
        }
      }
    }
  }

  private int hex(int escape, int digits) {
    if (pos + digits > in.length()) {
      throw error(escape, "escape sequence needs " + digits + " hex digits");
    }
    int v = 0;
    for (int k = 0; k < digits; k++) {
      int d = Character.digit(in.charAt(pos++), 16);
      if (d < 0) {
        throw error(escape, "escape sequence needs " + digits + " hex digits");
      }
      v = v * 16 + d;
    }
    if (v > Character.MAX_CODE_POINT || (v >= 0xD800 && v <= 0xDFFF)) {
      throw error(escape, "escape sequence is an invalid Unicode code point");
    }
    return v;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  }

  static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || isDigit(c);
  }
}
