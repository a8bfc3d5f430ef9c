package io.metricgen.engine.template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A template in Go's {@code text/template} language, parsed: text and actions ({@code {{ }}}, with
 * {@code {{-}} and {@code -}}} trimming space, and comments); pipelines of commands joined by
 * {@code |} over fields, variables, constants, function calls and parenthesized pipelines; variable
 * declarations and assignments; {@code if}/{@code else if}/{@code else}, {@code with}, {@code
 * range} (with {@code break} and {@code continue}), {@code define}, {@code template} and {@code
 * block}. Functions are checked at parse time, as Go does. {@link #execute} runs it.
 *
 * @see <a href="https://pkg.go.dev/text/template">text/template</a>
 */
public final class GoTemplate {

  final List<Node> root;
  final Map<String, List<Node>> defines;
  final String text;

  private GoTemplate(String text, List<Node> root, Map<String, List<Node>> defines) {
    this.text = text;
    this.root = root;
    this.defines = defines;
  }

  /**
   * Parses a template.
   *
   * @param text the template
   * @param functions the names of the functions it may call besides Go's own
   * @param variables variables declared before the template's text, like {@code $labels}
   * @throws TemplateException where it does not parse: line, column and why
   */
  public static GoTemplate parse(String text, Set<String> functions, Set<String> variables) {
    Parser p = new Parser(text, functions, variables);
    List<Node> root = p.parseAll();
    return new GoTemplate(text, root, p.defines);
  }

  /**
   * Runs the template.
   *
   * @param dot the data ({@code .})
   * @param variables values of the variables declared at parse time
   * @param functions the functions named at parse time
   * @throws TemplateException where it fails: line, column, the action and why
   */
  public String execute(
      Object dot, Map<String, Object> variables, Map<String, TemplateFunction> functions) {
    Exec e = new Exec(this, functions);
    e.vars.add(new Exec.Binding("$", dot));
    variables.forEach((k, v) -> e.vars.add(new Exec.Binding(k, v)));
    e.walk(dot, root);
    return e.out.toString();
  }

  /** A function a template may call. */
  @FunctionalInterface
  public interface TemplateFunction {
    /** Calls it with the arguments already checked against {@link #params()}. */
    Object call(List<Object> args);

    /** The parameters' kinds; the last repeats when {@link #variadic()}. */
    default List<Kind> params() {
      return List.of();
    }

    /** Whether the last parameter takes any number of arguments. */
    default boolean variadic() {
      return false;
    }
  }

  /** What a function's parameter accepts, as Go's types would. */
  public enum Kind {
    /** {@code interface{}}: anything; number constants become int or float64. */
    ANY,
    /** {@code string}. */
    STRING,
    /** {@code float64}. */
    FLOAT,
    /** A query's result: a slice of samples. */
    SAMPLES,
    /** One sample, {@code *sample}. */
    SAMPLE
  }

  /** A function with fixed parameters. */
  public static TemplateFunction function(
      List<Kind> params, boolean variadic, java.util.function.Function<List<Object>, Object> body) {
    return new TemplateFunction() {
      @Override
      public Object call(List<Object> args) {
        return body.apply(args);
      }

      @Override
      public List<Kind> params() {
        return params;
      }

      @Override
      public boolean variadic() {
        return variadic;
      }
    };
  }

  // ---------------------------------------------------------------------------------------
  // The tree

  sealed interface Node {}

  record Text(String text) implements Node {}

  /** An action printing its pipeline's value (unless the pipeline declares a variable). */
  record Action(int pos, Pipe pipe) implements Node {}

  /** {@code if} and {@code with} (which also sets dot). */
  record If(int pos, boolean with, Pipe pipe, List<Node> then, List<Node> otherwise)
      implements Node {}

  record Range(int pos, Pipe pipe, List<Node> body, List<Node> otherwise) implements Node {}

  record Call(int pos, String name, Pipe pipe) implements Node {}

  record Break(int pos) implements Node {}

  record Continue(int pos) implements Node {}

  record Pipe(int pos, List<String> vars, boolean assign, List<Cmd> cmds) {}

  record Cmd(List<Arg> args) {}

  sealed interface Arg {}

  record Dot() implements Arg {}

  /** A chain of fields on dot: {@code .Labels.instance}. */
  record Field(List<String> names) implements Arg {}

  record Var(String name, List<String> fields) implements Arg {}

  /** A string, bool or nil constant. */
  record Constant(Object value) implements Arg {}

  /** A number constant: an int when written as one, else a float64. */
  record Number(String text, Object value) implements Arg {}

  record Function(String name) implements Arg {}

  record Sub(Pipe pipe, List<String> fields) implements Arg {}

  // ---------------------------------------------------------------------------------------
  // Parsing

  /** A token inside an action. */
  record Token(Type type, String text, Object value, int pos, boolean spaceBefore) {}

  enum Type {
    IDENT,
    FIELD,
    VAR,
    STRING,
    NUMBER,
    CHAR,
    DOT,
    LPAREN,
    RPAREN,
    PIPE,
    DECLARE,
    ASSIGN,
    COMMA,
    EOF
  }

  /** One action's tokens, or a stretch of text. */
  record Item(int pos, String text, List<Token> tokens) {}

  static final class Parser {
    private final String src;
    private final Set<String> functions;
    private final List<Item> items = new ArrayList<>();
    private int next;
    final Map<String, List<Node>> defines = new HashMap<>();
    private final List<String> vars = new ArrayList<>();
    private int rangeDepth;
    // Within one action.
    private List<Token> toks;
    private int t;

    Parser(String src, Set<String> functions, Set<String> variables) {
      this.src = src;
      this.functions = functions;
      vars.add("$");
      vars.addAll(variables);
    }

    List<Node> parseAll() {
      scan();
      List<Node> out = new ArrayList<>();
      Item end = parseList(out, true);
      if (end != null) {
        throw error(end.pos(), "unexpected {{" + end.tokens().get(0).text() + "}}");
      }
      return out;
    }

    /** Parses nodes into out until {{end}} or {{else...}}, which it returns (null at the end). */
    private Item parseList(List<Node> out, boolean top) {
      while (next < items.size()) {
        Item it = items.get(next++);
        if (it.tokens() == null) {
          out.add(new Text(it.text()));
          continue;
        }
        List<Token> tk = it.tokens();
        if (tk.isEmpty() || tk.get(0).type() == Type.EOF) {
          throw error(it.pos(), "missing value for command");
        }
        Token first = tk.get(0);
        if (first.type() == Type.IDENT) {
          switch (first.text()) {
            case "end", "else" -> {
              return it;
            }
            case "if", "with" -> {
              out.add(parseIf(it, 1, first.text().equals("with")));
              continue;
            }
            case "range" -> {
              out.add(parseRange(it));
              continue;
            }
            case "define" -> {
              if (!top) {
                throw error(it.pos(), "unexpected {{define}}: only at the top level");
              }
              start(it, 1);
              String name = stringArg("define");
              expectEnd();
              List<Node> body = new ArrayList<>();
              int mark = vars.size();
              List<String> saved = new ArrayList<>(vars);
              vars.clear();
              vars.add("$");
              Item end = parseList(body, false);
              vars.clear();
              vars.addAll(saved.subList(0, mark));
              if (end == null || !end.tokens().get(0).text().equals("end")) {
                throw error(it.pos(), "unexpected EOF in define clause");
              }
              defines.put(name, body);
              continue;
            }
            case "template", "block" -> {
              boolean block = first.text().equals("block");
              start(it, 1);
              String name = stringArg(first.text());
              Pipe pipe = peek().type() == Type.EOF ? null : pipeline(it.pos(), false);
              if (block && pipe == null) {
                throw error(it.pos(), "missing pipeline in block clause");
              }
              expectEnd();
              if (block) {
                List<Node> body = new ArrayList<>();
                Item end = parseList(body, false);
                if (end == null || !end.tokens().get(0).text().equals("end")) {
                  throw error(it.pos(), "unexpected EOF in block clause");
                }
                defines.put(name, body);
              }
              out.add(new Call(it.pos(), name, pipe));
              continue;
            }
            case "break", "continue" -> {
              if (rangeDepth == 0) {
                throw error(it.pos(), "{{" + first.text() + "}} outside {{range}}");
              }
              if (tk.size() > 2) {
                throw error(it.pos(), "unexpected " + tk.get(1).text() + " in " + first.text());
              }
              out.add(first.text().equals("break") ? new Break(it.pos()) : new Continue(it.pos()));
              continue;
            }
            default -> {
              // A function call, parsed below.
            }
          }
        }
        start(it, 0);
        Pipe pipe = pipeline(it.pos(), true);
        expectEnd();
        out.add(new Action(it.pos(), pipe));
      }
      return null;
    }

    private If parseIf(Item it, int from, boolean with) {
      int mark = vars.size();
      start(it, from);
      Pipe pipe = pipeline(it.pos(), true);
      expectEnd();
      List<Node> then = new ArrayList<>();
      Item end = parseList(then, false);
      List<Node> otherwise = new ArrayList<>();
      String kind = with ? "with" : "if";
      if (end == null) {
        throw error(it.pos(), "unexpected EOF: {{" + kind + "}} without {{end}}");
      }
      List<Token> et = end.tokens();
      if (et.get(0).text().equals("else")) {
        if (et.size() > 2 && et.get(1).type() == Type.IDENT && et.get(1).text().equals(kind)) {
          // {{else if x}}: a nested if that takes the one {{end}}.
          truncate(mark);
          otherwise.add(parseIf(end, 2, with));
          return new If(it.pos(), with, pipe, then, otherwise);
        }
        if (et.size() > 2) {
          throw error(end.pos(), "unexpected " + et.get(1).text() + " in else");
        }
        truncate(mark);
        Item last = parseList(otherwise, false);
        if (last == null || !last.tokens().get(0).text().equals("end")) {
          throw error(it.pos(), "unexpected EOF: {{" + kind + "}} without {{end}}");
        }
        end = last;
      }
      endAlone(end);
      truncate(mark);
      return new If(it.pos(), with, pipe, then, otherwise);
    }

    private Range parseRange(Item it) {
      int mark = vars.size();
      start(it, 1);
      Pipe pipe = pipeline(it.pos(), true);
      if (pipe.vars().size() > 2) {
        throw error(it.pos(), "too many declarations in range");
      }
      expectEnd();
      List<Node> body = new ArrayList<>();
      rangeDepth++;
      Item end = parseList(body, false);
      rangeDepth--;
      if (end == null) {
        throw error(it.pos(), "unexpected EOF: {{range}} without {{end}}");
      }
      List<Node> otherwise = new ArrayList<>();
      if (end.tokens().get(0).text().equals("else")) {
        if (end.tokens().size() > 2) {
          throw error(end.pos(), "unexpected " + end.tokens().get(1).text() + " in else");
        }
        truncate(mark);
        Item last = parseList(otherwise, false);
        if (last == null || !last.tokens().get(0).text().equals("end")) {
          throw error(it.pos(), "unexpected EOF: {{range}} without {{end}}");
        }
        end = last;
      }
      endAlone(end);
      truncate(mark);
      return new Range(it.pos(), pipe, body, otherwise);
    }

    private void endAlone(Item end) {
      if (end.tokens().size() > 2) {
        throw error(end.pos(), "unexpected " + end.tokens().get(1).text() + " in end");
      }
    }

    private void truncate(int mark) {
      while (vars.size() > mark) {
        vars.remove(vars.size() - 1);
      }
    }

    private void start(Item it, int from) {
      toks = it.tokens();
      t = from;
    }

    private Token peek() {
      return toks.get(t);
    }

    private Token take() {
      return toks.get(t++);
    }

    private void expectEnd() {
      if (peek().type() != Type.EOF) {
        throw error(peek().pos(), "unexpected " + describe(peek()) + " in action");
      }
    }

    private String stringArg(String context) {
      Token tk = take();
      if (tk.type() != Type.STRING) {
        throw error(tk.pos(), "unexpected " + describe(tk) + " in " + context + " clause");
      }
      return (String) tk.value();
    }

    /** A pipeline: an optional declaration, then commands joined by |. */
    private Pipe pipeline(int pos, boolean declarations) {
      List<String> declared = new ArrayList<>();
      boolean assign = false;
      if (declarations && peek().type() == Type.VAR) {
        int save = t;
        List<String> names = new ArrayList<>();
        names.add(take().text());
        if (peek().type() == Type.COMMA) {
          take();
          if (peek().type() == Type.VAR) {
            names.add(take().text());
          } else {
            throw error(peek().pos(), "expected variable after comma");
          }
        }
        Type op = peek().type();
        if (op == Type.DECLARE || op == Type.ASSIGN) {
          take();
          assign = op == Type.ASSIGN;
          declared = names;
        } else {
          t = save;
        }
      }
      List<Cmd> cmds = new ArrayList<>();
      while (true) {
        cmds.add(command());
        Token tk = peek();
        if (tk.type() == Type.PIPE) {
          take();
          continue;
        }
        break;
      }
      for (String v : declared) {
        if (assign) {
          if (!vars.contains(v)) {
            throw error(pos, "undefined variable \"" + v + "\"");
          }
        } else {
          vars.add(v);
        }
      }
      return new Pipe(pos, List.copyOf(declared), assign, cmds);
    }

    private Cmd command() {
      List<Arg> args = new ArrayList<>();
      while (true) {
        Token tk = peek();
        if (tk.type() == Type.EOF || tk.type() == Type.PIPE || tk.type() == Type.RPAREN) {
          break;
        }
        if (!args.isEmpty() && !tk.spaceBefore() && tk.type() != Type.LPAREN) {
          throw error(tk.pos(), "unexpected " + describe(tk) + " in operand");
        }
        args.add(operand());
      }
      if (args.isEmpty()) {
        throw error(peek().pos(), "missing value for command");
      }
      return new Cmd(args);
    }

    private Arg operand() {
      Token tk = take();
      Arg a =
          switch (tk.type()) {
            case DOT -> new Dot();
            case FIELD -> {
              List<String> names = new ArrayList<>();
              names.add(tk.text());
              names.addAll(chain());
              yield new Field(names);
            }
            case VAR -> {
              if (!vars.contains(tk.text())) {
                throw error(tk.pos(), "undefined variable \"" + tk.text() + "\"");
              }
              yield new Var(tk.text(), chain());
            }
            case STRING -> new Constant(tk.value());
            case NUMBER, CHAR -> new Number(tk.text(), tk.value());
            case LPAREN -> {
              Pipe p = pipeline(tk.pos(), true);
              Token close = take();
              if (close.type() != Type.RPAREN) {
                throw error(close.pos(), "unclosed left paren");
              }
              yield new Sub(p, chain());
            }
            case IDENT -> identifier(tk);
            default -> throw error(tk.pos(), "unexpected " + describe(tk) + " in operand");
          };
      return a;
    }

    private Arg identifier(Token tk) {
      if (tk.text().equals("true") || tk.text().equals("false")) {
        return new Constant(Boolean.valueOf(tk.text()));
      }
      if (tk.text().equals("nil")) {
        return new Constant(null);
      }
      if (!functions.contains(tk.text()) && !Builtins.NAMES.contains(tk.text())) {
        throw error(tk.pos(), "function \"" + tk.text() + "\" not defined");
      }
      return new Function(tk.text());
    }

    /** Fields written right after an operand: {@code $x.a.b}. */
    private List<String> chain() {
      List<String> out = new ArrayList<>();
      while (peek().type() == Type.FIELD && !peek().spaceBefore()) {
        out.add(take().text());
      }
      return out;
    }

    private static String describe(Token tk) {
      return tk.type() == Type.EOF ? "end of action" : "<" + tk.text() + ">";
    }

    private TemplateException error(int pos, String message) {
      return new TemplateException(where(src, pos) + ": " + message);
    }

    // -------------------------------------------------------------------------------------
    // Scanning

    private void scan() {
      int pos = 0;
      int n = src.length();
      boolean trimNext = false;
      while (true) {
        int open = src.indexOf("{{", pos);
        String text = open < 0 ? src.substring(pos) : src.substring(pos, open);
        if (trimNext) {
          text = stripLeading(text);
        }
        if (open < 0) {
          if (!text.isEmpty()) {
            items.add(new Item(pos, text, null));
          }
          return;
        }
        int p = open + 2;
        boolean trimLeft = p + 1 < n && src.charAt(p) == '-' && isSpace(src.charAt(p + 1));
        if (trimLeft) {
          text = stripTrailing(text);
          p += 1;
        }
        if (!text.isEmpty()) {
          items.add(new Item(pos, text, null));
        }
        // A comment: {{/* ... */}}, {{- /* ... */ -}}.
        int q = p;
        if (trimLeft) {
          while (q < n && isSpace(src.charAt(q))) {
            q++;
          }
        }
        if (src.startsWith("/*", q)) {
          int close = src.indexOf("*/", q + 2);
          if (close < 0) {
            throw error(open, "unclosed comment");
          }
          int after = close + 2;
          if (after < n && isSpace(src.charAt(after)) && src.startsWith("-}}", after + 1)) {
            trimNext = true;
            pos = after + 4;
          } else if (src.startsWith("}}", after)) {
            trimNext = false;
            pos = after + 2;
          } else {
            throw error(open, "comment ends before closing delimiter");
          }
          continue;
        }
        List<Token> tokens = new ArrayList<>();
        int end = lexAction(p, tokens);
        trimNext = !src.startsWith("}}", end);
        pos = trimNext ? end + 4 : end + 2;
        items.add(new Item(open, null, tokens));
      }
    }

    /** Lexes an action from p; returns where its closing delimiter starts. */
    private int lexAction(int p, List<Token> out) {
      int n = src.length();
      boolean space = true;
      int parens = 0;
      while (true) {
        if (p >= n) {
          throw error(p, "unclosed action");
        }
        char c = src.charAt(p);
        if (isSpace(c)) {
          if (src.startsWith("-}}", p + 1)) {
            out.add(new Token(Type.EOF, "", null, p, true));
            return p;
          }
          space = true;
          p++;
          continue;
        }
        if (src.startsWith("}}", p)) {
          if (parens > 0) {
            throw error(p, "unclosed left paren");
          }
          out.add(new Token(Type.EOF, "", null, p, space));
          return p;
        }
        int start = p;
        if (c == '"') {
          StringBuilder val = new StringBuilder();
          p = unquote(p, val);
          out.add(new Token(Type.STRING, src.substring(start, p), val.toString(), start, space));
        } else if (c == '`') {
          int close = src.indexOf('`', p + 1);
          if (close < 0) {
            throw error(p, "unterminated raw quoted string");
          }
          String val = src.substring(p + 1, close).replace("\r", "");
          p = close + 1;
          out.add(new Token(Type.STRING, src.substring(start, p), val, start, space));
        } else if (c == '\'') {
          StringBuilder val = new StringBuilder();
          p = unquote(p, val);
          if (val.codePointCount(0, val.length()) != 1) {
            throw error(start, "malformed character constant: " + src.substring(start, p));
          }
          out.add(
              new Token(
                  Type.CHAR, src.substring(start, p), (long) val.codePointAt(0), start, space));
        } else if (Character.isDigit(c)
            || ((c == '-' || c == '+' || c == '.')
                && p + 1 < n
                && Character.isDigit(src.charAt(p + 1)))) {
          p++;
          while (p < n
              && (Character.isLetterOrDigit(src.charAt(p))
                  || src.charAt(p) == '_'
                  || src.charAt(p) == '.'
                  || ((src.charAt(p) == '+' || src.charAt(p) == '-')
                      && "eEpP".indexOf(src.charAt(p - 1)) >= 0
                      && !isHex(src, start)))) {
            p++;
          }
          String text = src.substring(start, p);
          out.add(new Token(Type.NUMBER, text, number(text, start), start, space));
        } else if (c == '.') {
          if (p + 1 < n && isAlnum(src.charAt(p + 1))) {
            p++;
            while (p < n && isAlnum(src.charAt(p))) {
              p++;
            }
            out.add(new Token(Type.FIELD, src.substring(start + 1, p), null, start, space));
          } else {
            p++;
            out.add(new Token(Type.DOT, ".", null, start, space));
          }
        } else if (c == '$') {
          p++;
          while (p < n && isAlnum(src.charAt(p))) {
            p++;
          }
          out.add(new Token(Type.VAR, src.substring(start, p), null, start, space));
        } else if (isAlnum(c)) {
          while (p < n && isAlnum(src.charAt(p))) {
            p++;
          }
          out.add(new Token(Type.IDENT, src.substring(start, p), null, start, space));
        } else if (c == '(') {
          parens++;
          p++;
          out.add(new Token(Type.LPAREN, "(", null, start, space));
        } else if (c == ')') {
          parens--;
          if (parens < 0) {
            throw error(p, "unexpected right paren");
          }
          p++;
          out.add(new Token(Type.RPAREN, ")", null, start, space));
        } else if (c == '|') {
          p++;
          out.add(new Token(Type.PIPE, "|", null, start, space));
        } else if (c == ',') {
          p++;
          out.add(new Token(Type.COMMA, ",", null, start, space));
        } else if (c == ':' && p + 1 < n && src.charAt(p + 1) == '=') {
          p += 2;
          out.add(new Token(Type.DECLARE, ":=", null, start, space));
        } else if (c == '=') {
          p++;
          out.add(new Token(Type.ASSIGN, "=", null, start, space));
        } else {
          throw error(
              p, "unexpected " + GoFmt.quote(String.valueOf(c)).replace('"', '\'') + " in command");
        }
        space = false;
      }
    }

    private static boolean isHex(String s, int start) {
      int i = start;
      if (s.charAt(i) == '+' || s.charAt(i) == '-') {
        i++;
      }
      return s.startsWith("0x", i) || s.startsWith("0X", i);
    }

    /** A Go number constant: an int (Long) when it is one, else a float64 (Double). */
    private Object number(String text, int pos) {
      String t = text.replace("_", "");
      boolean negative = t.startsWith("-");
      if (t.startsWith("-") || t.startsWith("+")) {
        t = t.substring(1);
      }
      try {
        String lower = t.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("0x") && !lower.contains("p")) {
          long v = Long.parseUnsignedLong(t.substring(2), 16);
          return negative ? -v : v;
        }
        if (lower.startsWith("0b")) {
          long v = Long.parseLong(t.substring(2), 2);
          return negative ? -v : v;
        }
        if (lower.startsWith("0o")) {
          long v = Long.parseLong(t.substring(2), 8);
          return negative ? -v : v;
        }
        if (lower.matches("0[0-7]+")) {
          long v = Long.parseLong(t.substring(1), 8);
          return negative ? -v : v;
        }
        if (lower.matches("[0-9]+")) {
          try {
            long v = Long.parseLong(t);
            return negative ? -v : v;
          } catch (NumberFormatException e) {
            return (negative ? -1 : 1) * Double.parseDouble(t);
          }
        }
        if (lower.startsWith("0x")) {
          double v = Double.parseDouble(t);
          return negative ? -v : v;
        }
        if (!lower.matches("([0-9]+\\.?[0-9]*|\\.[0-9]+)(e[+-]?[0-9]+)?")) {
          throw new NumberFormatException();
        }
        double v = Double.parseDouble(t);
        if (Double.isInfinite(v)) {
          throw error(pos, "number out of range: " + text);
        }
        return negative ? -v : v;
      } catch (NumberFormatException e) {
        throw error(pos, "bad number syntax: \"" + text + "\"");
      }
    }

    /** A Go interpreted string or character literal from p; returns the position after it. */
    private int unquote(int p, StringBuilder out) {
      char quote = src.charAt(p);
      int n = src.length();
      int i = p + 1;
      while (true) {
        if (i >= n || src.charAt(i) == '\n') {
          throw error(
              p, quote == '"' ? "unterminated quoted string" : "unterminated character constant");
        }
        char c = src.charAt(i);
        if (c == quote) {
          return i + 1;
        }
        if (c != '\\') {
          out.append(c);
          i++;
          continue;
        }
        if (i + 1 >= n) {
          throw error(p, "unterminated quoted string");
        }
        char e = src.charAt(i + 1);
        i += 2;
        switch (e) {
          case 'a' -> out.append((char) 7);
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'v' -> out.append((char) 11);
          case '\\' -> out.append('\\');
          case '"', '\'' -> {
            if (e != quote) {
              throw error(p, "unknown escape sequence: \\" + e);
            }
            out.append(e);
          }
          case 'x', 'u', 'U' -> {
            int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
            if (i + len > n) {
              throw error(p, "invalid syntax in quoted string");
            }
            try {
              int cp = Integer.parseUnsignedInt(src.substring(i, i + len), 16);
              if (e == 'x') {
                out.append((char) cp); // a byte; Latin-1 stands in for it
              } else {
                out.appendCodePoint(cp);
              }
            } catch (IllegalArgumentException ex) {
              throw error(p, "invalid syntax in quoted string");
            }
            i += len;
          }
          default -> {
            if (e >= '0' && e <= '7' && i + 1 < n) {
              try {
                int v = Integer.parseInt(src.substring(i - 1, i + 2), 8);
                if (v > 255) {
                  throw new NumberFormatException();
                }
                out.append((char) v);
                i += 2;
              } catch (NumberFormatException ex) {
                throw error(p, "invalid syntax in quoted string");
              }
            } else {
              throw error(p, "unknown escape sequence: \\" + e);
            }
          }
        }
      }
    }

    private static boolean isAlnum(char c) {
      return c == '_' || Character.isLetterOrDigit(c);
    }
  }

  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static String stripLeading(String s) {
    int i = 0;
    while (i < s.length() && isSpace(s.charAt(i))) {
      i++;
    }
    return s.substring(i);
  }

  private static String stripTrailing(String s) {
    int i = s.length();
    while (i > 0 && isSpace(s.charAt(i - 1))) {
      i--;
    }
    return s.substring(0, i);
  }

  /** "line L, column C" of an offset in the template. */
  static String where(String src, int pos) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < pos && i < src.length(); i++) {
      if (src.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return "line " + line + ", column " + col;
  }
}
