package io.metricgen.engine.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricgen.engine.promql.Expr.Aggregate;
import io.metricgen.engine.promql.Expr.Binary;
import io.metricgen.engine.promql.Expr.Call;
import io.metricgen.engine.promql.Expr.Grouping;
import io.metricgen.engine.promql.Expr.MatchOp;
import io.metricgen.engine.promql.Expr.Matcher;
import io.metricgen.engine.promql.Expr.MatrixSelector;
import io.metricgen.engine.promql.Expr.NumberLiteral;
import io.metricgen.engine.promql.Expr.Subquery;
import io.metricgen.engine.promql.Expr.Unary;
import io.metricgen.engine.promql.Expr.VectorSelector;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The PromQL parser on examples from the Prometheus documentation and its own test cases. */
class ParserTest {

  @Test
  void selectorKeepsNameMatchersAndModifiers() {
    Expr e =
        Parser.parse(
            "http_requests_total{job=~\"api|web\", code!=\"200\"} offset -5m @ 1609746000");
    VectorSelector v = (VectorSelector) e;
    assertThat(v.name()).isEqualTo("http_requests_total");
    assertThat(v.matchers())
        .containsExactly(
            new Matcher("job", MatchOp.REGEX, "api|web"),
            new Matcher("code", MatchOp.NOT_EQUAL, "200"));
    assertThat(v.modifiers().offsetMillis()).isEqualTo(-300_000);
    assertThat(v.modifiers().at().seconds()).isEqualTo(1609746000d);
  }

  @Test
  void precedenceFollowsTheDocumentation() {
    // ^ binds tighter than unary minus, which binds tighter than *, then +, comparisons, and, or.
    assertThat(Parser.parse("-a ^ 2")).isInstanceOf(Unary.class);
    Binary sum = (Binary) Parser.parse("a + b * c ^ d ^ e");
    assertThat(sum.op()).isEqualTo(BinaryOp.ADD);
    Binary product = (Binary) sum.rhs();
    assertThat(product.op()).isEqualTo(BinaryOp.MUL);
    Binary power = (Binary) product.rhs();
    assertThat(((Binary) power.rhs()).op()).isEqualTo(BinaryOp.POW);
    Binary or = (Binary) Parser.parse("a > 1 and b or c unless d");
    assertThat(or.op()).isEqualTo(BinaryOp.OR);
    assertThat(((Binary) or.lhs()).op()).isEqualTo(BinaryOp.AND);
    assertThat(((Binary) Parser.parse("a - b - c")).lhs()).isInstanceOf(Binary.class);
    assertThat(Parser.parse("-1")).isEqualTo(new NumberLiteral(-1));
  }

  @Test
  void vectorMatchingAndBool() {
    Binary b =
        (Binary)
            Parser.parse(
                "ceph_disk_occupation * on (instance, ceph_daemon) group_left(device) ceph_osd_up"
                    + " == bool 1");
    assertThat(b.op()).isEqualTo(BinaryOp.EQL);
    assertThat(b.returnBool()).isTrue();
    Binary join = (Binary) b.lhs();
    assertThat(join.matching().on()).isTrue();
    assertThat(join.matching().labels()).containsExactly("instance", "ceph_daemon");
    assertThat(join.matching().grouping()).isEqualTo(Grouping.LEFT);
    assertThat(join.matching().include()).containsExactly("device");
  }

  @Test
  void aggregationsTakeGroupingBeforeOrAfter() {
    Aggregate before = (Aggregate) Parser.parse("sum by (job, mode) (rate(x[5m]))");
    Aggregate after = (Aggregate) Parser.parse("sum(rate(x[5m])) by (job, mode)");
    assertThat(before).isEqualTo(after);
    Aggregate topk = (Aggregate) Parser.parse("topk without (instance) (5, x)");
    assertThat(topk.param()).isEqualTo(new NumberLiteral(5));
    assertThat(topk.without()).isTrue();
    Aggregate cv = (Aggregate) Parser.parse("count_values(\"version\", build_info)");
    assertThat(cv.param()).isEqualTo(new Expr.StringLiteral("version"));
  }

  @Test
  void rangesSubqueriesAndFunctions() {
    Call q =
        (Call)
            Parser.parse(
                "histogram_quantile(0.99, sum by (le) (rate(request_duration_seconds_bucket[5m])))");
    assertThat(q.function().name()).isEqualTo("histogram_quantile");
    Call rate = (Call) ((Aggregate) q.args().get(1)).expr();
    assertThat(((MatrixSelector) rate.args().get(0)).rangeMillis()).isEqualTo(300_000);
    Call max = (Call) Parser.parse("max_over_time(deriv(rate(x[1m])[5m:1m])[1h:] offset 1d)");
    Subquery s = (Subquery) max.args().get(0);
    assertThat(s.rangeMillis()).isEqualTo(3_600_000);
    assertThat(s.stepMillis()).isZero();
    assertThat(s.modifiers().offsetMillis()).isEqualTo(86_400_000);
    assertThat(Parser.parse("label_join(up, \"foo\", \",\", \"a\", \"b\", \"c\")"))
        .isInstanceOf(Call.class);
    assertThat(Parser.parse("round(x)")).isInstanceOf(Call.class);
    assertThat(Parser.parse("round(x, 5)")).isInstanceOf(Call.class);
    assertThat(Parser.parse("time() - x @ start()")).isInstanceOf(Binary.class);
  }

  @Test
  void literalsInEveryNotation() {
    assertThat(Parser.parse("0x1F")).isEqualTo(new NumberLiteral(31));
    assertThat(Parser.parse("1.5e3")).isEqualTo(new NumberLiteral(1500));
    assertThat(Parser.parse(".5")).isEqualTo(new NumberLiteral(0.5));
    assertThat(Parser.parse("-Inf")).isEqualTo(new NumberLiteral(Double.NEGATIVE_INFINITY));
    assertThat(Parser.parse("NaN")).isEqualTo(new NumberLiteral(Double.NaN));
    assertThat(Parser.parse("'a\\'b\\x41\\u00e9\\101'"))
        .isEqualTo(new Expr.StringLiteral("a'bAé" + "A"));
    assertThat(Parser.parse("`raw \\d+`")).isEqualTo(new Expr.StringLiteral("raw \\d+"));
    assertThat(((VectorSelector) Parser.parse("x{path=~\"/api/.+\\\\.json\"}")).matchers())
        .containsExactly(new Matcher("path", MatchOp.REGEX, "/api/.+\\.json"));
  }

  @Test
  void commentsAndNewlinesAreSpace() {
    assertThat(Parser.parse("sum(\n  x # the total\n) by (a)"))
        .isEqualTo(Parser.parse("sum by (a) (x)"));
  }

  @Test
  void keywordsAreCaseInsensitiveAndCanBeLabelNames() {
    assertThat(Parser.parse("SUM BY (on) (x) AND ON (by) y")).isInstanceOf(Binary.class);
    assertThat(((VectorSelector) Parser.parse("x{on=\"1\", group_left=\"2\"}")).matchers())
        .hasSize(2);
  }

  @Test
  void recordingRuleNamesWithColons() {
    VectorSelector v = (VectorSelector) Parser.parse("job:http_requests:rate5m{job=\"a\"}");
    assertThat(v.name()).isEqualTo("job:http_requests:rate5m");
    assertThat(Parser.parse("rate(x[5m:30s])")).isInstanceOf(Call.class);
    assertThat(((VectorSelector) Parser.parse("{__name__=~\"job:.*\"}")).metricName()).isNull();
    assertThat(((VectorSelector) Parser.parse("{__name__=\"up\"}")).metricName()).isEqualTo("up");
    assertThat(((VectorSelector) Parser.parse("{\"my.metric\", a=\"b\"}")).name())
        .isEqualTo("my.metric");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ''                                   | column 1: no expression found in input
          'rate(x)'                            | column 1: expected type range vector in call to function "rate", got instant vector
          'foo(x)'                             | column 1: unknown function with name "foo"
          'sum(x[5m])'                         | column 1: expected type instant vector in aggregation expression, got range vector
          'topk(x)'                            | column 1: wrong number of arguments for aggregate expression provided, expected 2, got 1
          '1 > 2'                              | column 3: comparisons between scalars must use BOOL modifier
          '1 and x'                            | column 1: set operator "and" not allowed in binary scalar expression
          'x + on(a) 1'                        | column 1: vector matching only allowed between instant vectors
          'x and on(a) group_left y'           | column 1: no grouping allowed for "and" operation
          'x + bool y'                         | column 5: bool modifier can only be used on comparison operators
          '{}'                                 | column 1: vector selector must contain at least one non-empty matcher
          '{a=~".*"}'                          | column 1: vector selector must contain at least one non-empty matcher
          'x{a="b"'                            | column 8: unexpected end of input in label matching, expected "," or "}"
          'x{a~"b"}'                           | column 4: unexpected character '~'
          'x{a=~"("}'                          | column 6: invalid regular expression in label matcher: error parsing regexp: missing closing ): `(`
          'x[5]'                               | column 3: unexpected number "5" in range, expected a duration
          'x[0s]'                              | column 3: duration must be greater than 0
          '(x + y)[5m]'                        | column 8: ranges only allowed for vector selectors; write a subquery, like [5m:], for other expressions
          'x offset 5m offset 1m'              | column 13: offset may not be set multiple times
          'x offset 1m [5m]'                   | column 13: no offset or @ modifiers allowed before range
          'sum(x) offset 5m'                   | column 8: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery
          '"a\\q"'                             | column 1: unknown escape sequence U+0071 'q'
          'x{a="b}'                            | column 5: unterminated quoted string
          '5m'                                 | column 1: unexpected duration "5m"
          'rate(x[5m]) by (a)'                 | column 13: unexpected identifier "by"
          'x{a.b="c"}'                         | column 4: unexpected character '.'
          'histogram_quantile(0.9)'            | column 1: expected 2 argument(s) in call to "histogram_quantile", got 1
          'round(x, 1, 2)'                     | column 1: expected at most 2 argument(s) in call to "round", got 3
          '-"a"'                               | column 1: unary expression only allowed on expressions of type scalar or instant vector
          """)
  void refusalsSayWhereAndWhy(String expression, String message) {
    assertThatThrownBy(() -> Parser.parse(expression))
        .isInstanceOf(PromqlException.class)
        .hasMessage(message);
  }

  @Test
  void errorsOnLaterLinesGiveTheLine() {
    assertThatThrownBy(() -> Parser.parse("sum(\n  rate(x[5m])\n  +  )"))
        .isInstanceOf(PromqlException.class)
        .hasMessage("line 3, column 6: unexpected \")\"")
        .satisfies(
            t -> {
              PromqlException e = (PromqlException) t;
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.column()).isEqualTo(6);
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m])) / sum by (job) (rate(http_requests_total[5m]))",
        "histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))",
        "a * on (b) group_left (c) d",
        "a / ignoring (code) group_right b",
        "-(a + b) ^ 2",
        "max_over_time(rate(x[1m])[1h:5m] offset 1d @ end())",
        "{\"my.metric\", a=\"b\"}",
        "count_values(\"v\", x) without ()",
        "x == bool 1 or vector(0)",
        "label_replace(up, \"host\", \"$1\", \"instance\", \"(.*):.*\")",
      })
  void printsWhatParsesBackTheSame(String expression) {
    Expr e = Parser.parse(expression);
    assertThat(Parser.parse(e.print())).isEqualTo(e);
  }

  @Test
  void printedFormIsCanonical() {
    assertThat(Parser.parse("sum(rate(x{a='b'}[300s])) BY (a)").print())
        .isEqualTo("sum by (a) (rate(x{a=\"b\"}[5m]))");
    assertThat(Parser.parse("x[1h30m]").print()).isEqualTo("x[1h30m]");
    assertThat(List.of(Parser.parse("1.5").print(), Parser.parse("0x10").print()))
        .containsExactly("1.5", "16");
  }

  // ---- parity with Prometheus 2.42, one test a difference found against promtool (issue 24)

  private static String refusal(String expression) {
    try {
      Parser.parse(expression);
    } catch (PromqlException e) {
      return e.getMessage();
    }
    throw new AssertionError(expression + " parsed");
  }

  @Test
  void aNumberBeyondFloat64IsOutOfRangeNotInfinity() {
    assertThat(refusal("1e309")).contains("value out of range");
    assertThat(refusal("foo @ 1e309")).contains("value out of range");
    assertThat(((NumberLiteral) Parser.parse("1e308")).value()).isEqualTo(1e308);
  }

  @Test
  void integersReadAsGoReadsThem() {
    // Go's base-0 integers: a leading 0 is octal; 089 is no octal, so a float.
    assertThat(((NumberLiteral) Parser.parse("0755")).value()).isEqualTo(493);
    assertThat(((NumberLiteral) Parser.parse("089")).value()).isEqualTo(89);
    assertThat(((NumberLiteral) Parser.parse("0x1F")).value()).isEqualTo(31);
  }

  @Test
  void aZeroOffsetIsRefusedAsEveryZeroDurationIs() {
    assertThat(refusal("foo offset 0s")).contains("duration must be greater than 0");
    assertThat(refusal("foo offset -0s")).contains("duration must be greater than 0");
    assertThat(refusal("foo[5m:0s]")).contains("duration must be greater than 0");
  }

  @Test
  void aDurationBeyondGosTimeDurationIsOutOfRange() {
    assertThat(refusal("foo[1000000y]")).contains("duration out of range");
    assertThat(refusal("foo offset 1000000y")).contains("duration out of range");
    assertThat(refusal("foo[293y]")).contains("duration out of range");
    Parser.parse("foo[292y]");
    Parser.parse("foo[1000000h]");
  }

  @Test
  void infAndNanAreNumbersNotGroupingLabels() {
    assertThat(refusal("sum by (inf) (foo)"))
        .contains("unexpected number \"inf\" in grouping opts, expected label");
    assertThat(refusal("sum by (NaN) (foo)")).contains("unexpected number \"NaN\"");
    assertThat(refusal("foo and on(inf) foo")).contains("unexpected number");
    // Inside braces they are label names.
    Parser.parse("foo{inf=\"a\"}");
  }

  @Test
  void keywordsNameMetricsWhereAnOperandStands() {
    for (String e :
        new String[] {
          "by",
          "offset",
          "without",
          "and{a=\"b\"}",
          "by{a=\"b\"}",
          "foo and and",
          "abs(offset-1)",
          "offset offset 5m",
          "sum(offset)",
          "start",
          "end",
          "unless",
          "foo or or"
        }) {
      Parser.parse(e);
    }
    VectorSelector and = (VectorSelector) ((Binary) Parser.parse("foo and and")).rhs();
    assertThat(and.name()).isEqualTo("and");
    for (String e : new String[] {"bool", "on", "ignoring", "group_left", "group_right", "atan2"}) {
      assertThat(refusal(e)).as(e).contains("unexpected identifier");
    }
  }

  @Test
  void withoutIsTheOneKeywordThatIsNoGroupingLabel() {
    Parser.parse("sum by (by) (foo)");
    Parser.parse("sum by (offset, on, bool) (foo)");
    assertThat(refusal("sum without(without)(foo)"))
        .contains("unexpected <without> in grouping opts, expected label");
  }

  @Test
  void syntaxOfPrometheus3IsKeptThough242RefusesIt() {
    // Dashboards are written for newer Prometheus too: these parse (promtool 2.42 refuses them).
    for (String e :
        new String[] {
          "limitk(1, foo)",
          "limit_ratio(0.5, foo)",
          "histogram_avg(foo)",
          "histogram_stddev(foo)",
          "histogram_stdvar(foo)",
          "mad_over_time(foo[5m])",
          "sort_by_label(foo, \"a\")",
          "double_exponential_smoothing(foo[5m], 0.5, 0.5)",
          "{\"foo\"}",
          "foo{\"a\"=\"b\"}",
          "sum(foo) by (\"a\")"
        }) {
      Parser.parse(e);
    }
  }
}
