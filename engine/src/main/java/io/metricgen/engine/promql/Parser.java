package io.metricgen.engine.promql;

import io.metricgen.engine.promql.Expr.Aggregate;
import io.metricgen.engine.promql.Expr.At;
import io.metricgen.engine.promql.Expr.Binary;
import io.metricgen.engine.promql.Expr.Call;
import io.metricgen.engine.promql.Expr.Grouping;
import io.metricgen.engine.promql.Expr.MatchOp;
import io.metricgen.engine.promql.Expr.Matcher;
import io.metricgen.engine.promql.Expr.MatrixSelector;
import io.metricgen.engine.promql.Expr.Modifiers;
import io.metricgen.engine.promql.Expr.NumberLiteral;
import io.metricgen.engine.promql.Expr.Paren;
import io.metricgen.engine.promql.Expr.StringLiteral;
import io.metricgen.engine.promql.Expr.Subquery;
import io.metricgen.engine.promql.Expr.Unary;
import io.metricgen.engine.promql.Expr.VectorMatching;
import io.metricgen.engine.promql.Expr.VectorSelector;
import io.metricgen.engine.promql.Lexer.Kind;
import io.metricgen.engine.promql.Lexer.Token;
import io.metricgen.engine.time.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A recursive-descent parser for PromQL, with the grammar and type rules of Prometheus's {@code
 * promql/parser/generated_parser.y} and {@code parse.go}:
 *
 * <pre>
 * expr       = unary { binop [ "bool" ] [ ( "on" | "ignoring" ) labels
 *                      [ ( "group_left" | "group_right" ) [ labels ] ] ] unary }
 * unary      = [ "+" | "-" ] postfix            (binds tighter than * but looser than ^)
 * postfix    = primary { "[" duration [ ":" [ duration ] ] "]" | "offset" [ "-" ] duration
 *                       | "@" ( number | "start" "(" ")" | "end" "(" ")" ) }
 * primary    = number | string | "(" expr ")" | aggregate | call | selector
 * aggregate  = aggop [ grouping ] "(" [ expr "," ] expr ")" [ grouping ]
 * grouping   = ( "by" | "without" ) labels
 * call       = function "(" [ expr { "," expr } [ "," ] ] ")"
 * selector   = metric [ "{" matchers "}" ] | "{" matchers "}"
 * labels     = "(" [ label { "," label } [ "," ] ] ")"
 * </pre>
 *
 * Binary operators by precedence, highest first: {@code ^} (right-associative), {@code * / %
 * atan2}, {@code + -}, comparisons, {@code and unless}, {@code or}.
 */
public final class Parser {

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /**
   * Keywords that can't name a metric: Prometheus's grammar takes every other keyword (by, without,
   * offset, and, or, unless, start, end, the aggregations) as a metric name where an operand
   * stands, as 2.42 does ({@code foo and and}, {@code abs(offset - 1)}).
   */
  private static final Set<String> NOT_METRIC_NAMES =
      Set.of("bool", "on", "ignoring", "group_left", "group_right", "atan2");

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Set<String> RESERVED =
      Set.of(
          "inf",
          "nan",
          "and",
          "or",
          "unless",
          "atan2",
          "bool",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "by",
          "without",
          "offset");

  private final String in;
  private final List<Token> tokens;
  private int i;

  private Parser(String in) {
    this.in = in;
    this.tokens = Lexer.tokens(in);
  }

  /** Parses and type-checks one expression; throws PromqlException naming where it fails. */
  public static Expr parse(String expression) {
    Parser p = new Parser(expression);
    if (p.peek().kind() == Kind.EOF) {
      throw p.error(p.peek(), "no expression found in input");
    }
    Expr e = p.expr(0);
    if (p.peek().kind() != Kind.EOF) {
      throw p.error(p.peek(), "unexpected " + describe(p.peek()));
    }
    return e;
  }

  /** Whether the name can be written bare, before braces, and read back as a metric name. */
  static boolean isMetricName(String name) {
    return METRIC_NAME.matcher(name).matches() && !RESERVED.contains(name.toLowerCase(Locale.ROOT));
  }

  /** Whether the name can be written bare as a label name. */
  static boolean isLabelName(String name) {
    return LABEL_NAME.matcher(name).matches();
  }

  // ---- tokens

  private Token peek() {
    return tokens.get(i);
  }

  private Token peek(int ahead) {
    return tokens.get(Math.min(i + ahead, tokens.size() - 1));
  }

  private Token next() {
    Token t = tokens.get(i);
    if (t.kind() != Kind.EOF) {
      i++;
    }
    return t;
  }

  private Token expect(Kind kind, String context) {
    Token t = peek();
    if (t.kind() != kind) {
      throw error(t, "unexpected " + describe(t) + " " + context);
    }
    return next();
  }

  private boolean isKeyword(Token t, String word) {
    return t.kind() == Kind.IDENTIFIER && t.text().toLowerCase(Locale.ROOT).equals(word);
  }

  private PromqlException error(Token at, String reason) {
    return new PromqlException(in, at.offset(), reason);
  }

  private static String describe(Token t) {
    return switch (t.kind()) {
      case EOF -> "end of input";
      case STRING -> "string";
      case NUMBER -> "number \"" + t.text() + "\"";
      case DURATION -> "duration \"" + t.text() + "\"";
      case IDENTIFIER -> "identifier \"" + t.text() + "\"";
      default -> "\"" + t.text() + "\"";
    };
  }

  // ---- expressions

  private Expr expr(int minPrecedence) {
    // Type errors are located as Prometheus locates them: at the start of the whole binary
    // expression (its left operand), of the offending operand, or at the operator.
    Token lhsStart = peek();
    Expr lhs = unary();
    while (true) {
      Token opToken = peek();
      BinaryOp op = binaryOp(opToken);
      if (op == null || op.precedence() < minPrecedence) {
        return lhs;
      }
      next();
      boolean returnBool = false;
      if (isKeyword(peek(), "bool")) {
        if (!op.comparison()) {
          throw error(peek(), "bool modifier can only be used on comparison operators");
        }
        next();
        returnBool = true;
      }
      VectorMatching matching = matching(op);
      Token rhsStart = peek();
      Expr rhs = expr(op.rightAssociative() ? op.precedence() : op.precedence() + 1);
      lhs = binary(new Token[] {lhsStart, opToken, rhsStart}, op, lhs, rhs, returnBool, matching);
    }
  }

  private BinaryOp binaryOp(Token t) {
    if (t.kind() == Kind.OPERATOR) {
      return BinaryOp.of(t.text());
    }
    if (t.kind() == Kind.IDENTIFIER) {
      String word = t.text().toLowerCase(Locale.ROOT);
      if (word.equals("and")
          || word.equals("or")
          || word.equals("unless")
          || word.equals("atan2")) {
        return BinaryOp.of(word);
      }
    }
    return null;
  }

  private VectorMatching matching(BinaryOp op) {
    Token t = peek();
    boolean on = isKeyword(t, "on");
    if (!on && !isKeyword(t, "ignoring")) {
      if (isKeyword(t, "group_left") || isKeyword(t, "group_right")) {
        throw error(t, t.text() + " needs on(...) or ignoring(...) before it");
      }
      return null;
    }
    next();
    List<String> labels = labelList();
    Grouping grouping = Grouping.ONE_TO_ONE;
    List<String> include = List.of();
    Token g = peek();
    if (isKeyword(g, "group_left") || isKeyword(g, "group_right")) {
      next();
      grouping = isKeyword(g, "group_left") ? Grouping.LEFT : Grouping.RIGHT;
      if (peek().kind() == Kind.LEFT_PAREN) {
        include = labelList();
      }
      if (on) {
        for (String l : include) {
          if (labels.contains(l)) {
            throw error(g, "label \"" + l + "\" must not occur in ON and GROUP clause at once");
          }
        }
      }
    }
    return new VectorMatching(on, labels, grouping, include);
  }

  private Expr binary(
      Token[] where, BinaryOp op, Expr lhs, Expr rhs, boolean returnBool, VectorMatching matching) {
    Token at = where[0];
    if (op.comparison()
        && !returnBool
        && lhs.type() == ValueType.SCALAR
        && rhs.type() == ValueType.SCALAR) {
      throw error(where[1], "comparisons between scalars must use BOOL modifier");
    }
    List<Expr> sides = List.of(lhs, rhs);
    for (int i = 0; i < 2; i++) {
      Expr side = sides.get(i);
      if (side.type() != ValueType.SCALAR && side.type() != ValueType.VECTOR) {
        throw error(
            where[2 * i], "binary expression must contain only scalar and instant vector types");
      }
    }
    boolean bothVectors = lhs.type() == ValueType.VECTOR && rhs.type() == ValueType.VECTOR;
    if (matching != null && !bothVectors) {
      // Prometheus drops an empty on() or ignoring() beside a scalar, and refuses named labels.
      if (!matching.labels().isEmpty()) {
        throw error(at, "vector matching only allowed between instant vectors");
      }
      matching = null;
    }
    if (matching != null && op.setOperator() && matching.grouping() != Grouping.ONE_TO_ONE) {
      throw error(at, "no grouping allowed for \"" + op.symbol() + "\" operation");
    }
    if (op.setOperator() && !bothVectors) {
      throw error(
          at, "set operator \"" + op.symbol() + "\" not allowed in binary scalar expression");
    }
    return new Binary(op, lhs, rhs, returnBool, matching);
  }

  private Expr unary() {
    Token t = peek();
    if (t.kind() == Kind.OPERATOR && (t.text().equals("-") || t.text().equals("+"))) {
      next();
      Expr operand = expr(BinaryOp.POW.precedence());
      if (operand.type() != ValueType.SCALAR && operand.type() != ValueType.VECTOR) {
        throw error(
            t, "unary expression only allowed on expressions of type scalar or instant vector");
      }
      char op = t.text().charAt(0);
      if (operand instanceof NumberLiteral n) {
        return op == '-' ? new NumberLiteral(-n.value()) : n;
      }
      return new Unary(op, operand);
    }
    return postfix(primary());
  }

  private Expr postfix(Expr e) {
    while (true) {
      Token t = peek();
      if (t.kind() == Kind.LEFT_BRACKET) {
        e = rangeOrSubquery(e);
      } else if (isKeyword(t, "offset")) {
        next();
        boolean negative = peek().kind() == Kind.OPERATOR && peek().text().equals("-");
        if (negative) {
          next();
        }
        long offset = duration(expect(Kind.DURATION, "in offset, expected a duration"), true);
        e =
            withModifiers(
                t,
                e,
                m -> {
                  if (m.offsetMillis() != 0) {
                    throw error(t, "offset may not be set multiple times");
                  }
                  return m.withOffset(negative ? -offset : offset);
                });
      } else if (t.kind() == Kind.AT) {
        next();
        At at = at();
        e =
            withModifiers(
                t,
                e,
                m -> {
                  if (m.at() != null) {
                    throw error(t, "@ <timestamp> may not be set multiple times");
                  }
                  return m.withAt(at);
                });
      } else {
        return e;
      }
    }
  }

  private Expr withModifiers(Token at, Expr e, java.util.function.UnaryOperator<Modifiers> change) {
    if (e instanceof VectorSelector v) {
      return new VectorSelector(v.name(), v.matchers(), change.apply(v.modifiers()));
    }
    if (e instanceof MatrixSelector m) {
      VectorSelector v = m.selector();
      return new MatrixSelector(
          new VectorSelector(v.name(), v.matchers(), change.apply(v.modifiers())), m.rangeMillis());
    }
    if (e instanceof Subquery s) {
      return new Subquery(s.expr(), s.rangeMillis(), s.stepMillis(), change.apply(s.modifiers()));
    }
    throw error(
        at,
        at.text()
            + " modifier must be preceded by an instant vector selector or range vector"
            + " selector or a subquery");
  }

  private At at() {
    Token t = peek();
    if (isKeyword(t, "start") || isKeyword(t, "end")) {
      next();
      expect(Kind.LEFT_PAREN, "after " + t.text());
      expect(Kind.RIGHT_PAREN, "after " + t.text() + "(");
      return new At(null, t.text().toLowerCase(Locale.ROOT));
    }
    boolean negative = false;
    if (t.kind() == Kind.OPERATOR && (t.text().equals("-") || t.text().equals("+"))) {
      negative = t.text().equals("-");
      next();
    }
    Token n = expect(Kind.NUMBER, "in @ modifier, expected a timestamp, start() or end()");
    double v = number(n);
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      throw error(n, "timestamp out of bounds for @ modifier: " + n.text());
    }
    return new At(negative ? -v : v, null);
  }

  private Expr rangeOrSubquery(Expr e) {
    Token open = next();
    long range = duration(expect(Kind.DURATION, "in range, expected a duration"), true);
    if (peek().kind() == Kind.COLON) {
      next();
      long step = 0;
      if (peek().kind() == Kind.DURATION) {
        step = duration(next(), true);
      }
      expect(Kind.RIGHT_BRACKET, "in subquery, expected \"]\"");
      if (e.type() != ValueType.VECTOR) {
        throw error(open, "subquery is only allowed on instant vector, got " + e.type().words());
      }
      return new Subquery(e, range, step, Modifiers.NONE);
    }
    expect(Kind.RIGHT_BRACKET, "in range, expected \"]\"");
    if (!(e instanceof VectorSelector v)) {
      throw error(
          open,
          "ranges only allowed for vector selectors; write a subquery, like [5m:], for"
              + " other expressions");
    }
    if (!v.modifiers().equals(Modifiers.NONE)) {
      throw error(open, "no offset or @ modifiers allowed before range");
    }
    return new MatrixSelector(v, range);
  }

  private Expr primary() {
    Token t = peek();
    switch (t.kind()) {
      case NUMBER:
        next();
        return new NumberLiteral(number(t));
      case STRING:
        next();
        return new StringLiteral(t.text());
      case LEFT_PAREN:
        next();
        Expr inner = expr(0);
        expect(Kind.RIGHT_PAREN, "in parenthesized expression, expected \")\"");
        return new Paren(inner);
      case LEFT_BRACE:
        return selector(null, t);
      case IDENTIFIER:
        return identifier(t);
      default:
        throw error(t, "unexpected " + describe(t));
    }
  }

  private Expr identifier(Token t) {
    String word = t.text().toLowerCase(Locale.ROOT);
    if (word.equals("inf") || word.equals("nan")) {
      next();
      return new NumberLiteral(number(t));
    }
    Token after = peek(1);
    if (Functions.AGGREGATORS.containsKey(word)
        && (after.kind() == Kind.LEFT_PAREN
            || isKeyword(after, "by")
            || isKeyword(after, "without"))) {
      return aggregate(word);
    }
    if (after.kind() == Kind.LEFT_PAREN) {
      return call(t);
    }
    if (NOT_METRIC_NAMES.contains(word)) {
      throw error(t, "unexpected " + describe(t));
    }
    next();
    return selector(t.text(), t);
  }

  private Expr aggregate(String op) {
    Token opToken = next();
    List<String> grouping = null;
    boolean without = false;
    if (isKeyword(peek(), "by") || isKeyword(peek(), "without")) {
      without = isKeyword(next(), "without");
      grouping = labelList();
    }
    expect(Kind.LEFT_PAREN, "in aggregation, expected \"(\"");
    Expr param = null;
    Expr body = expr(0);
    if (peek().kind() == Kind.COMMA) {
      next();
      param = body;
      body = expr(0);
    }
    expect(Kind.RIGHT_PAREN, "in aggregation, expected \")\"");
    if (isKeyword(peek(), "by") || isKeyword(peek(), "without")) {
      if (grouping != null) {
        throw error(peek(), "aggregation has a grouping both before and after its arguments");
      }
      without = isKeyword(next(), "without");
      grouping = labelList();
    }
    if (Functions.takesParam(op) != (param != null)) {
      throw error(
          opToken,
          param == null
              ? "wrong number of arguments for aggregate expression provided, expected 2, got 1"
              : "wrong number of arguments for aggregate expression provided, expected 1, got 2");
    }
    if (body.type() != ValueType.VECTOR) {
      throw error(
          opToken,
          "expected type instant vector in aggregation expression, got " + body.type().words());
    }
    if (param != null && param.type() != Functions.AGGREGATORS.get(op)) {
      throw error(
          opToken,
          "expected type "
              + Functions.AGGREGATORS.get(op).words()
              + " in aggregation parameter, got "
              + param.type().words());
    }
    return new Aggregate(op, param, body, grouping == null ? List.of() : grouping, without);
  }

  private Expr call(Token name) {
    Functions.Function f = Functions.named(name.text());
    if (f == null) {
      throw error(name, "unknown function with name \"" + name.text() + "\"");
    }
    next();
    next();
    List<Expr> args = new ArrayList<>();
    while (peek().kind() != Kind.RIGHT_PAREN) {
      args.add(expr(0));
      if (peek().kind() == Kind.COMMA) {
        next();
      } else if (peek().kind() != Kind.RIGHT_PAREN) {
        throw error(peek(), "unexpected " + describe(peek()) + " in call to \"" + f.name() + "\"");
      }
    }
    next();
    int listed = f.argTypes().size();
    if (f.variadic() == 0 && args.size() != listed) {
      throw error(
          name,
          "expected "
              + listed
              + " argument(s) in call to \""
              + f.name()
              + "\", got "
              + args.size());
    }
    if (f.variadic() != 0 && args.size() < listed - 1) {
      throw error(
          name,
          "expected at least "
              + (listed - 1)
              + " argument(s) in call to \""
              + f.name()
              + "\", got "
              + args.size());
    }
    if (f.variadic() > 0 && args.size() > listed - 1 + f.variadic()) {
      throw error(
          name,
          "expected at most "
              + (listed - 1 + f.variadic())
              + " argument(s) in call to \""
              + f.name()
              + "\", got "
              + args.size());
    }
    for (int k = 0; k < args.size(); k++) {
      if (args.get(k).type() != f.argType(k)) {
        throw error(
            name,
            "expected type "
                + f.argType(k).words()
                + " in call to function \""
                + f.name()
                + "\", got "
                + args.get(k).type().words());
      }
    }
    return new Call(f, args);
  }

  private List<String> labelList() {
    expect(Kind.LEFT_PAREN, "in grouping, expected \"(\"");
    List<String> labels = new ArrayList<>();
    while (peek().kind() != Kind.RIGHT_PAREN) {
      Token label = next();
      String lower = label.text().toLowerCase(Locale.ROOT);
      if (label.kind() == Kind.IDENTIFIER && (lower.equals("inf") || lower.equals("nan"))) {
        // Numbers to Prometheus's lexer, wherever they stand outside braces.
        throw error(
            label, "unexpected number \"" + label.text() + "\" in grouping opts, expected label");
      }
      if (label.kind() == Kind.IDENTIFIER && lower.equals("without")) {
        // Prometheus 2.42's grammar takes every keyword as a grouping label but this one.
        throw error(label, "unexpected <without> in grouping opts, expected label");
      }
      labels.add(labelName(label));
      if (peek().kind() == Kind.COMMA) {
        next();
      } else if (peek().kind() != Kind.RIGHT_PAREN) {
        throw error(
            peek(), "unexpected " + describe(peek()) + " in grouping, expected \",\" or \")\"");
      }
    }
    next();
    return labels;
  }

  private String labelName(Token t) {
    if (t.kind() == Kind.STRING) {
      return t.text();
    }
    if (t.kind() != Kind.IDENTIFIER || !LABEL_NAME.matcher(t.text()).matches()) {
      throw error(t, "unexpected " + describe(t) + ", expected a label name");
    }
    return t.text();
  }

  private Expr selector(String name, Token at) {
    List<Matcher> matchers = new ArrayList<>();
    if (peek().kind() == Kind.LEFT_BRACE) {
      next();
      while (peek().kind() != Kind.RIGHT_BRACE) {
        Token label = next();
        Token op = peek();
        if (label.kind() == Kind.STRING
            && (op.kind() == Kind.COMMA || op.kind() == Kind.RIGHT_BRACE)) {
          if (name != null) {
            throw error(
                label,
                "metric name must not be set twice: \"" + name + "\" or \"" + label.text() + "\"");
          }
          name = label.text();
        } else {
          String labelName = labelName(label);
          MatchOp matchOp = matchOp(next());
          Token value = expect(Kind.STRING, "in label matching, expected a string");
          if (matchOp == MatchOp.REGEX || matchOp == MatchOp.NOT_REGEX) {
            String problem = RegexMatch.problem(value.text());
            if (problem != null) {
              throw error(value, "invalid regular expression in label matcher: " + problem);
            }
          }
          matchers.add(new Matcher(labelName, matchOp, value.text()));
        }
        if (peek().kind() == Kind.COMMA) {
          next();
        } else if (peek().kind() != Kind.RIGHT_BRACE) {
          throw error(
              peek(),
              "unexpected " + describe(peek()) + " in label matching, expected \",\" or \"}\"");
        }
      }
      next();
    }
    if (name != null) {
      for (Matcher m : matchers) {
        if (m.label().equals("__name__")) {
          throw error(
              at, "metric name must not be set twice: \"" + name + "\" or \"" + m.value() + "\"");
        }
      }
    } else if (matchers.stream().allMatch(m -> m.matches(""))) {
      throw error(at, "vector selector must contain at least one non-empty matcher");
    }
    return new VectorSelector(name, matchers, Modifiers.NONE);
  }

  private MatchOp matchOp(Token t) {
    if (t.kind() == Kind.OPERATOR) {
      for (MatchOp op : MatchOp.values()) {
        if (op.symbol().equals(t.text())) {
          return op;
        }
      }
    }
    throw error(
        t,
        "unexpected "
            + describe(t)
            + " in label matching, expected one of \"=\", \"!=\", \"=~\" or \"!~\"");
  }

  // ---- literals

  private double number(Token t) {
    String s = t.text();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.equals("inf")) {
      return Double.POSITIVE_INFINITY;
    }
    if (lower.equals("nan")) {
      return Double.NaN;
    }
    // As Prometheus's parseNumber: an integer in Go's base-0 syntax (0x hex, a leading 0 for
    // octal) when it is one, else a float; a float beyond float64 is out of range.
    try {
      if (lower.startsWith("0x")) {
        return Long.parseLong(s.substring(2), 16);
      }
      if (s.length() > 1 && s.startsWith("0") && s.chars().allMatch(c -> c >= '0' && c <= '7')) {
        return Long.parseLong(s.substring(1), 8);
      }
    } catch (NumberFormatException tooLong) {
      if (lower.startsWith("0x")) {
        throw error(t, "error parsing number: \"" + s + "\": value out of range");
      }
    }
    double v;
    try {
      v = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw error(t, "bad number \"" + s + "\"");
    }
    if (Double.isInfinite(v)) {
      throw error(t, "error parsing number: \"" + s + "\": value out of range");
    }
    return v;
  }

  /**
   * A duration literal's milliseconds. Like Prometheus's, it must be greater than 0 and fit Go's
   * time.Duration (nanoseconds in an int64: about 292 years).
   */
  private long duration(Token t, boolean positive) {
    java.time.Duration d;
    try {
      d = Durations.parse(t.text());
    } catch (IllegalArgumentException e) {
      throw error(t, "duration out of range");
    }
    try {
      d.toNanos();
    } catch (ArithmeticException e) {
      throw error(t, "duration out of range");
    }
    long millis = d.toMillis();
    if (positive && millis <= 0) {
      throw error(t, "duration must be greater than 0");
    }
    return millis;
  }
}
