package io.metricgen.engine.promql;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the PromQL parser and printer: any well-typed tree prints as text that parses back
 * to the same tree, printing is stable, and any text at all either parses or is refused with a
 * located PromqlException, never another exception.
 */
class ParserPropertiesTest {

  private static final List<String> UNITS = List.of("ms", "s", "m", "h", "d", "w", "y");

  @Property(tries = 400)
  void printedTreesParseBackToTheSameTree(@ForAll("vectors") Expr e) {
    String text = e.print();
    Expr back = Parser.parse(text);
    assertThat(withoutParens(back)).as(text).isEqualTo(withoutParens(e));
    assertThat(back.print()).as("printing is stable").isEqualTo(text);
  }

  @Property(tries = 300)
  void everyPrefixParsesOrIsRefusedWithALocation(@ForAll("vectors") Expr e) {
    String text = e.print();
    for (int cut = 0; cut < text.length(); cut += Math.max(1, text.length() / 12)) {
      String prefix = text.substring(0, cut);
      try {
        Parser.parse(prefix);
      } catch (PromqlException refused) {
        assertThat(refused.offset()).isBetween(0, prefix.length());
        assertThat(refused.getMessage()).startsWith("column ");
      }
    }
  }

  @Property(tries = 1000)
  void anyTextParsesOrIsRefused(@ForAll("promqlish") String text) {
    try {
      Expr e = Parser.parse(text);
      assertThat(Parser.parse(e.print())).isNotNull();
    } catch (PromqlException refused) {
      assertThat(refused.offset()).isBetween(0, text.length());
    }
  }

  @Provide
  Arbitrary<String> promqlish() {
    Arbitrary<String> chars =
        Arbitraries.strings().withChars("abxy_:{}()[]\"'`,=~!<>+-*/%^@ 015.e#\\\n").ofMaxLength(40);
    Arbitrary<String> tokens =
        Arbitraries.of(
                "sum",
                "rate",
                "by",
                "on",
                "offset",
                "bool",
                "5m",
                "(",
                ")",
                "{",
                "}",
                "[",
                "]",
                ":",
                ",",
                "x",
                "\"a\"",
                "=~",
                "==",
                "-",
                "^",
                "@",
                "1",
                "group_left",
                "ignoring",
                "without",
                "topk",
                "histogram_quantile",
                " ")
            .list()
            .ofMaxSize(16)
            .map(l -> String.join("", l));
    return Arbitraries.oneOf(chars, tokens);
  }

  // ---- well-typed trees

  @Provide
  Arbitrary<Expr> vectors() {
    return vector(3);
  }

  private Arbitrary<Expr> vector(int depth) {
    if (depth == 0) {
      return selector().map(v -> (Expr) v);
    }
    Arbitrary<Expr> inner = Arbitraries.lazy(() -> vector(depth - 1));
    Arbitrary<Expr> scalar = Arbitraries.lazy(() -> scalar(depth - 1));
    return Arbitraries.oneOf(
        selector().map(v -> (Expr) v),
        matrix(depth - 1).map(m -> (Expr) call("rate", m)),
        Combinators.combine(
                Arbitraries.of("sum", "max", "count", "avg", "group"),
                labels(),
                Arbitraries.of(true, false),
                inner)
            .as((op, by, without, x) -> (Expr) new Aggregate(op, null, x, by, without)),
        Combinators.combine(scalar, inner, labels())
            .as((k, x, by) -> (Expr) new Aggregate("topk", k, x, by, false)),
        Combinators.combine(binaryOps(), inner, inner, matching(), Arbitraries.of(true, false))
            .as(
                (op, a, b, m, bool) ->
                    (Expr)
                        new Binary(
                            op,
                            a,
                            b,
                            bool && op.comparison(),
                            op.setOperator() && m != null
                                ? new VectorMatching(
                                    m.on(), m.labels(), Grouping.ONE_TO_ONE, List.of())
                                : m)),
        Combinators.combine(binaryOps().filter(op -> !op.setOperator()), inner, scalar)
            .as((op, a, k) -> (Expr) new Binary(op, a, k, false, null)),
        Combinators.combine(binaryOps().filter(op -> !op.setOperator()), scalar, inner)
            .as((op, k, a) -> (Expr) new Binary(op, k, a, false, null)),
        inner.filter(x -> !(x instanceof NumberLiteral)).map(x -> (Expr) new Unary('-', x)),
        inner.map(x -> (Expr) new Paren(x)),
        Combinators.combine(scalar, inner).as((q, x) -> (Expr) call("histogram_quantile", q, x)),
        Combinators.combine(inner, strings(), strings())
            .as(
                (x, dst, re) ->
                    (Expr)
                        call(
                            "label_replace",
                            x,
                            new StringLiteral(dst),
                            new StringLiteral("$1"),
                            new StringLiteral("instance"),
                            new StringLiteral(re))),
        scalar.map(k -> (Expr) call("vector", k)));
  }

  private Arbitrary<Expr> scalar(int depth) {
    Arbitrary<Expr> number =
        Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e6, 1e6).ofScale(3).map(d -> d),
                Arbitraries.of(
                    Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e21, 2.5e-7))
            .map(d -> (Expr) new NumberLiteral(d));
    if (depth <= 0) {
      return number;
    }
    Arbitrary<Expr> inner = Arbitraries.lazy(() -> scalar(depth - 1));
    return Arbitraries.oneOf(
        number,
        Arbitraries.just(call("time")),
        Arbitraries.lazy(() -> vector(depth - 1)).map(v -> (Expr) call("scalar", v)),
        Combinators.combine(binaryOps().filter(op -> !op.setOperator()), inner, inner)
            .as((op, a, b) -> (Expr) new Binary(op, a, b, op.comparison(), null)));
  }

  private Arbitrary<Expr> matrix(int depth) {
    Arbitrary<Expr> ranged =
        Combinators.combine(selector(), durations(), modifiers())
            .as(
                (v, range, mods) ->
                    new MatrixSelector(new VectorSelector(v.name(), v.matchers(), mods), range));
    if (depth <= 0) {
      return ranged;
    }
    return Arbitraries.oneOf(
        ranged,
        Combinators.combine(
                Arbitraries.lazy(() -> vector(depth - 1)),
                durations(),
                Arbitraries.oneOf(Arbitraries.just(0L), durations()),
                modifiers())
            .as((x, range, step, mods) -> new Subquery(x, range, step, mods)));
  }

  private static Call call(String name, Expr... args) {
    return new Call(Functions.named(name), List.of(args));
  }

  private Arbitrary<BinaryOp> binaryOps() {
    return Arbitraries.of(BinaryOp.values());
  }

  private Arbitrary<VectorMatching> matching() {
    Arbitrary<VectorMatching> some =
        Combinators.combine(
                Arbitraries.of(true, false), labels(), Arbitraries.of(Grouping.values()), labels())
            .as(
                (on, ls, g, include) -> {
                  List<String> inc =
                      new ArrayList<>(g == Grouping.ONE_TO_ONE ? List.of() : include);
                  if (on) {
                    inc.removeAll(ls);
                  }
                  return new VectorMatching(on, ls, g, inc);
                });
    return Arbitraries.oneOf(Arbitraries.just(null), some);
  }

  private Arbitrary<VectorSelector> selector() {
    Arbitrary<Matcher> matcher =
        Combinators.combine(labelNames(), Arbitraries.of(MatchOp.values()), strings())
            .as((l, op, v) -> new Matcher(l, op, v.replaceAll("[\\[\\](){}*+?|\\\\^$.]", "")));
    Arbitrary<String> name =
        Arbitraries.oneOf(
            Arbitraries.strings()
                .withCharRange('a', 'z')
                .withChars("_:")
                .ofMinLength(1)
                .ofMaxLength(12)
                .filter(s -> !Character.isDigit(s.charAt(0))),
            Arbitraries.of("my.metric", "on", "sum", "rate", "NaN2"));
    return Combinators.combine(name, matcher.list().ofMaxSize(3), modifiers())
        .as((n, ms, mods) -> new VectorSelector(n, ms, mods));
  }

  private Arbitrary<Modifiers> modifiers() {
    return Combinators.combine(
            Arbitraries.oneOf(Arbitraries.just(0L), durations(), durations().map(d -> -d)),
            Arbitraries.oneOf(
                Arbitraries.just((At) null),
                Arbitraries.of(
                    new At(null, "start"),
                    new At(null, "end"),
                    new At(1609746000d, null),
                    new At(-1.5, null))))
        .as(Modifiers::new);
  }

  private Arbitrary<Long> durations() {
    return Combinators.combine(Arbitraries.integers().between(1, 90), Arbitraries.of(UNITS))
        .as((n, unit) -> io.metricgen.engine.time.Durations.parse(n + unit).toMillis());
  }

  /**
   * Label names for by/without/on/ignoring: PromQL 2.42 reads inf and nan there as numbers (its
   * lexer makes them number tokens outside braces), so no tree can group by a label so named.
   */
  private Arbitrary<List<String>> labels() {
    return labelNames()
        .filter(n -> !n.equalsIgnoreCase("nan") && !n.equalsIgnoreCase("inf"))
        .list()
        .ofMaxSize(3)
        .uniqueElements();
  }

  private Arbitrary<String> labelNames() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1).ofMaxLength(8),
        Arbitraries.of("on", "by", "le", "offset", "and", "dotted.label"));
  }

  private Arbitrary<String> strings() {
    return Arbitraries.strings()
        .ofMaxLength(10)
        .withCharRange(' ', '~')
        .withChars("\n\t\"'\\é☃€")
        .map(x -> x.contains("€") ? x + new String(Character.toChars(0x1F600)) : x);
  }

  // ---- comparing modulo parentheses

  static Expr withoutParens(Expr e) {
    if (e instanceof Paren p) {
      return withoutParens(p.expr());
    }
    if (e instanceof Unary u) {
      return new Unary(u.op(), withoutParens(u.expr()));
    }
    if (e instanceof Binary b) {
      return new Binary(
          b.op(), withoutParens(b.lhs()), withoutParens(b.rhs()), b.returnBool(), b.matching());
    }
    if (e instanceof Aggregate a) {
      return new Aggregate(
          a.op(),
          a.param() == null ? null : withoutParens(a.param()),
          withoutParens(a.expr()),
          a.grouping(),
          a.without());
    }
    if (e instanceof Call c) {
      return new Call(
          c.function(), c.args().stream().map(ParserPropertiesTest::withoutParens).toList());
    }
    if (e instanceof Subquery s) {
      return new Subquery(withoutParens(s.expr()), s.rangeMillis(), s.stepMillis(), s.modifiers());
    }
    return e;
  }
}
