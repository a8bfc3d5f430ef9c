package io.metricgen.engine.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Go's text/template and fmt as alert templates use them: what Go prints, case by case (the cases
 * promtool can't reach are here; {@code AlertTemplatesPromtoolTest} has Prometheus itself render
 * the rest), and properties of the parser and of number formatting.
 */
class GoTemplateTest {

  private static final Map<String, String> LABELS =
      new TreeMap<>(Map.of("__name__", "up", "instance", "host:9100", "job", "node"));

  private static String render(String template, double value) {
    return AlertTemplates.expand(
        AlertTemplates.parse(template),
        LABELS,
        value,
        0,
        (q, t) -> List.of(new AlertTemplates.QuerySample(Map.of("a", "b"), 42.0)));
  }

  private static String render(String template) {
    return render(template, 1234567.0);
  }

  @Example
  void actionsAndText() {
    assertThat(render("{{ $labels.instance }} is down: {{ $value }}"))
        .isEqualTo("host:9100 is down: 1.234567e+06");
    assertThat(render("a {{- \" b \" -}} c")).isEqualTo("a b c");
    assertThat(render("a {{/* nothing */}} b {{- /* trimmed */ -}} c")).isEqualTo("a  bc");
    assertThat(render("{{-3}}")).isEqualTo("-3");
    assertThat(render("{{ .Labels.missing }}|{{ $labels.missing }}|{{ $externalURL }}"))
        .isEqualTo("||");
    assertThat(render("{{ (args 1).arg0 }} {{ (args).nothere }}")).isEqualTo("1 <no value>");
  }

  @Example
  void controlStructures() {
    String t = "{{ if gt $value 100.0 }}big{{ else if gt $value 10.0 }}mid{{ else }}small{{ end }}";
    assertThat(render(t, 1000)).isEqualTo("big");
    assertThat(render(t, 50)).isEqualTo("mid");
    assertThat(render(t, 5)).isEqualTo("small");
    assertThat(render("{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}"))
        .isEqualTo("__name__=up;instance=host:9100;job=node;");
    assertThat(
            render(
                "{{ range $labels }}{{ if eq . \"up\" }}{{ continue }}{{ end }}{{ . }};{{ end }}"))
        .isEqualTo("host:9100;node;");
    assertThat(
            render(
                "{{ range $i, $e := args 1 2 3 }}{{ if eq $i \"arg1\" }}{{ break }}{{ end }}{{ $e }}{{ end }}"))
        .isEqualTo("1");
    assertThat(render("{{ range (args).x }}x{{ else }}empty{{ end }}")).isEqualTo("empty");
    assertThat(render("{{ with $labels.job }}job {{ . }}{{ else }}none{{ end }}"))
        .isEqualTo("job node");
    assertThat(render("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $y := 3 }}{{ end }}{{ $x }}"))
        .isEqualTo("2");
    assertThat(
            render(
                "{{ define \"t\" }}<{{ . }}>{{ end }}{{ template \"t\" 5 }}{{ template \"t\" }}"))
        .isEqualTo("<5><<no value>>");
  }

  @Example
  void functionsAsGoDefinesThem() {
    assertThat(render("{{ and 1 0 2 }} {{ and 1 2 }} {{ or 0 \"\" }} {{ or 0 \"x\" }} {{ not 0 }}"))
        .isEqualTo("0 2  x true");
    // and/or stop at the first value that decides: the failing call is never made.
    assertThat(render("{{ or 1 (index 1 2) }}")).isEqualTo("1");
    assertThat(render("{{ len $labels }} {{ len \"héllo\" }} {{ index $labels \"job\" }}"))
        .isEqualTo("3 6 node");
    assertThat(render("{{ slice \"abcdef\" 1 3 }} {{ eq 2 1 2 }} {{ ne \"a\" \"b\" }}"))
        .isEqualTo("bc true true");
    assertThat(render("{{ lt 1.5 2.0 }} {{ le 2 2 }} {{ gt \"b\" \"a\" }} {{ ge 1 2 }}"))
        .isEqualTo("true true true false");
    assertThat(render("{{ print 1 2 \"a\" \"b\" 3 }}|{{ println 1 \"x\" }}|"))
        .isEqualTo("1 2ab3|1 x\n|");
    assertThat(render("{{ html \"<a>&'\\\"\" }} {{ js \"a'b<\" }} {{ urlquery \"a b/c\" }}"))
        .isEqualTo("&lt;a&gt;&amp;&#39;&#34; a\\'b\\u003C a+b%2Fc");
  }

  @Example
  void prometheusFunctions() {
    assertThat(render("{{ range args 0.0 1.0 1234567.0 0.12 }}{{ humanize . }}:{{ end }}"))
        .isEqualTo("0:1:1.235M:120m:");
    assertThat(render("{{ range args 0.0 1.0 1048576.0 0.12 }}{{ humanize1024 . }}:{{ end }}"))
        .isEqualTo("0:1:1Mi:0.12:");
    assertThat(
            render(
                "{{ range args 0 1 60 3600 86400 90000 -183845 899.99 }}"
                    + "{{ humanizeDuration . }}:{{ end }}"))
        .isEqualTo("0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:1d 1h 0m 0s:-2d 3h 4m 5s:14m 59s:");
    assertThat(
            render(
                "{{ range args 0.1 0.0001 0.12345 60.1 60.5 1.2345 12.345 }}"
                    + "{{ humanizeDuration . }}:{{ end }}"))
        .isEqualTo("100ms:100us:123.5ms:1m 0s:1m 0s:1.234s:12.35s:");
    assertThat(render("{{ humanizePercentage 0.123456 }} {{ humanizeTimestamp 1435065584.128 }}"))
        .isEqualTo("12.35% 2015-06-23 13:19:44.128 +0000 UTC");
    assertThat(render("{{ humanize \"1e3\" }} {{ humanize 2000 }}")).isEqualTo("1k 2k");
    assertThat(
            render(
                "{{ stripPort \"foo.com:9\" }} {{ stripPort \"[::1]:9\" }} {{ stripPort \"::1\" }}"))
        .isEqualTo("foo.com ::1 ::1");
    assertThat(render("{{ reReplaceAll \"(a)(b)?\" \"[$1$2${1}x$1x]\" \"abab a\" }}"))
        .isEqualTo("[abax][abax] [aax]");
    assertThat(render("{{ title \"hello wide-world_x\" }} {{ match \"o+\" \"foo\" }}"))
        .isEqualTo("Hello Wide-World_x true");
    assertThat(
            render(
                "{{ query \"up\" | first | value }} {{ with query \"up\" }}{{ (first .).Labels.a }}{{ end }}"))
        .isEqualTo("42 b");
    assertThat(render("{{ parseDuration \"1h30m\" }} {{ graphLink \"up == 0\" }}"))
        .isEqualTo("5400 /graph?g0.expr=up+%3D%3D+0&g0.tab=0");
  }

  @Example
  void errorsSayWhereAndWhy() {
    assertThatThrownBy(() -> render("{{ gt $value 1 }}"))
        .hasMessage("line 1, column 1: error calling gt: incompatible types for comparison");
    assertThatThrownBy(() -> render("x\n  {{ humanize \"abc\" }}"))
        .hasMessageContaining(
            "line 2, column 3: error calling humanize: strconv.ParseFloat:"
                + " parsing \"abc\": invalid syntax");
    assertThatThrownBy(() -> render("{{ first (query \"up\" | sortByLabel \"a\") | label 1 }}"))
        .hasMessageContaining("expected string; found 1");
    assertThatThrownBy(() -> AlertTemplates.parse("{{ $nope }}"))
        .hasMessage("line 1, column 4: undefined variable \"$nope\"");
    assertThatThrownBy(() -> AlertTemplates.parse("{{ humanise 1 }}"))
        .hasMessage("line 1, column 4: function \"humanise\" not defined");
    assertThatThrownBy(() -> AlertTemplates.parse("{{ if true }}x"))
        .hasMessageContaining("without {{end}}");
    assertThatThrownBy(() -> AlertTemplates.parse("{{ end }}"))
        .hasMessageContaining("unexpected {{end}}");
    assertThatThrownBy(() -> AlertTemplates.parse("{{ .Labels"))
        .hasMessageContaining("unclosed action");
    assertThatThrownBy(() -> AlertTemplates.parse("{{ break }}"))
        .hasMessageContaining("{{break}} outside {{range}}");
    assertThatThrownBy(
            () -> render("{{ define \"r\" }}{{ template \"r\" }}{{ end }}{{ template \"r\" }}"))
        .hasMessageContaining("templates nest more than");
  }

  @Example
  void floatsPrintAsGoPrintsThem() {
    assertThat(GoFmt.value(1e6)).isEqualTo("1e+06");
    assertThat(GoFmt.value(123456.0)).isEqualTo("123456");
    assertThat(GoFmt.value(0.0001)).isEqualTo("0.0001");
    assertThat(GoFmt.value(0.00001)).isEqualTo("1e-05");
    assertThat(GoFmt.value(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(GoFmt.value(Double.NaN)).isEqualTo("NaN");
    assertThat(GoFmt.sprintf("%.4g|%.4g|%.4g|%.4g", List.of(1234.5, 12345.6, 0.0001234, 0.0)))
        .isEqualTo("1234|1.235e+04|0.0001234|0");
    assertThat(GoFmt.sprintf("%.2f|%.0f|%.0f|%f", List.of(2.675, 0.5, 1.5, 1.0)))
        .isEqualTo("2.67|0|2|1.000000");
    assertThat(GoFmt.sprintf("%e|%.2e|%E", List.of(123456.0, 0.0, 1e-7)))
        .isEqualTo("1.234560e+05|0.00e+00|1.000000E-07");
    assertThat(
            GoFmt.sprintf(
                "%5.1f|%-5d|%05d|%+d|%x|%X|%o|%c|%q",
                List.of(-2.25, 3L, -42L, 7L, 255L, 255L, 8L, 65L, "a\"\n")))
        .isEqualTo(" -2.2|3    |-0042|+7|ff|FF|10|A|\"a\\\"\\n\"");
    assertThat(GoFmt.sprintf("%s %v %d%%", List.of(true, GoValues.GoMap.ofStrings(Map.of()))))
        .isEqualTo("%!s(bool=true) map[] %!d(MISSING)%");
  }

  // -----------------------------------------------------------------------------------------
  // Properties

  @Property(tries = 300)
  void textWithoutActionsIsItself(@ForAll("plainText") String text) {
    assertThat(render(text)).isEqualTo(text);
  }

  @Property(tries = 300)
  void goQuotedStringsReadBackAsThemselves(@ForAll("anyText") String text) {
    assertThat(render("{{ " + GoFmt.quote(text) + " }}")).isEqualTo(text);
    assertThat(render("{{ printf \"%q\" " + GoFmt.quote(text) + " }}"))
        .isEqualTo(GoFmt.quote(text));
  }

  @Property(tries = 1000)
  void shortestFloatsReadBackExactly(@ForAll("doubles") double v) {
    assertThat(Double.parseDouble(GoFmt.value(v).replace("+Inf", "Infinity"))).isEqualTo(v);
  }

  @Property(tries = 1000)
  void fixedPrecisionRoundsTheExactValueHalfToEven(
      @ForAll("doubles") double v, @ForAll @IntRange(min = 0, max = 12) int precision) {
    String f = GoFmt.sprintf("%." + precision + "f", List.of(v));
    BigDecimal exact = new BigDecimal(v);
    assertThat(new BigDecimal(f))
        .isEqualByComparingTo(exact.setScale(precision, java.math.RoundingMode.HALF_EVEN));
  }

  @Property(tries = 1000)
  void significantDigitsAreAtMostThePrecisionAndClose(
      @ForAll @DoubleRange(min = -1e30, max = 1e30) double v,
      @ForAll @IntRange(min = 1, max = 10) int precision) {
    String g = GoFmt.sprintf("%." + precision + "g", List.of(v));
    BigDecimal back = new BigDecimal(g);
    String digits = back.unscaledValue().abs().toString().replaceAll("0+$", "");
    assertThat(digits.length()).as(g).isLessThanOrEqualTo(Math.max(precision, 1));
    if (v != 0) {
      double relative = Math.abs(back.doubleValue() - v) / Math.abs(v);
      assertThat(relative).as(g).isLessThanOrEqualTo(0.5 * Math.pow(10, 1 - precision) + 1e-15);
    }
  }

  @Property(tries = 300)
  void generatedPipelinesParseAndRun(@ForAll("templates") String template) {
    GoTemplate t = GoTemplate.parse(template, AlertTemplates.FUNCTIONS, AlertTemplates.VARIABLES);
    assertThat(t).isNotNull();
    assertThat(render(template)).isNotNull();
  }

  @Provide
  Arbitrary<String> plainText() {
    return Arbitraries.strings().all().ofMaxLength(200).filter(s -> !s.contains("{{"));
  }

  @Provide
  Arbitrary<String> anyText() {
    return Arbitraries.strings()
        .withCharRange(' ', '~')
        .withChars('\n', '\t', 'é', '€', '\u0001')
        .ofMaxLength(60);
  }

  @Provide
  Arbitrary<Double> doubles() {
    return Arbitraries.oneOf(
        Arbitraries.doubles(),
        Arbitraries.doubles().between(-1e6, 1e6),
        Arbitraries.longs()
            .map(l -> Double.longBitsToDouble(l))
            .filter(d -> !d.isNaN() && !d.isInfinite()),
        Arbitraries.of(0.5, 1.5, 2.5, 0.125, 1e21, 1e-7, 123456.0, 1e6, 1e-5));
  }

  /** Templates from a grammar of pipelines over the alert's data, each valid. */
  @Provide
  Arbitrary<String> templates() {
    Arbitrary<String> operand =
        Arbitraries.of(
            "$value",
            ".Value",
            "$labels.instance",
            ".Labels.job",
            "\"text\"",
            "1.5",
            "2",
            "(humanize $value)",
            "(len $labels)",
            "$labels",
            "true");
    Arbitrary<String> stringFn =
        Arbitraries.of("toUpper", "toLower", "title", "stripPort", "html", "js", "urlquery");
    Arbitrary<String> pipeline =
        Arbitraries.oneOf(
            operand,
            operand.map(o -> o + " | printf \"%v\""),
            Arbitraries.of("$labels.instance", "\"a:1\"")
                .flatMap(s -> stringFn.map(f -> s + " | " + f)),
            operand.map(o -> "print " + o + " " + o),
            Arbitraries.of("$value", "1.0", "\"2\"").map(o -> "humanize " + o));
    Arbitrary<String> action =
        Arbitraries.oneOf(
            pipeline.map(p -> "{{ " + p + " }}"),
            pipeline.map(p -> "{{- " + p + " -}}"),
            pipeline.map(p -> "{{ if " + p + " }}yes{{ else }}no{{ end }}"),
            pipeline.map(p -> "{{ with " + p + " }}[{{ . }}]{{ end }}"),
            Arbitraries.just("{{ range $k, $v := $labels }}{{ $k }}{{ end }}"));
    return Arbitraries.oneOf(action, Arbitraries.strings().alpha().ofMaxLength(5))
        .list()
        .ofMaxSize(6)
        .map(parts -> String.join(" ", parts));
  }

  @Example
  void parsingKnowsEveryFunctionItMayCall() {
    GoTemplate t = GoTemplate.parse("{{ mine 1 }}", Set.of("mine"), Set.of());
    assertThat(
            t.execute(
                null,
                Map.of(),
                Map.of(
                    "mine",
                    GoTemplate.function(
                        List.of(GoTemplate.Kind.ANY), false, a -> "got " + a.get(0)))))
        .isEqualTo("got 1");
  }
}
