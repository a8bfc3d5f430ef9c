package io.metricgen.engine.regex;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.engine.regex.LabelValues.Constraint;
import io.metricgen.engine.regex.LabelValues.Op;
import io.metricgen.engine.regex.LabelValues.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Label values for matchers in Prometheus' regex dialect, and the regexes RE2 refuses. */
class LabelValuesTest {

  private static LabelValues.Result solve(Constraint... cs) {
    return LabelValues.solve(List.of(cs));
  }

  private static Constraint re(String regex) {
    return new Constraint(Op.REGEX, regex);
  }

  private static Constraint notRe(String regex) {
    return new Constraint(Op.NOT_REGEX, regex);
  }

  @Test
  void aCatastrophicRegexForBacktrackingIsSolvedAtOnce() {
    // Java's backtracking matcher spins for ever on this with a value that almost matches.
    LabelValues.Result r = solve(re("(.*a){20}"));
    assertThat(r.outcome()).isEqualTo(Outcome.FOUND);
    assertThat(r.value()).isEqualTo("a".repeat(20));
    assertThat(Re2.fullMatch("(.*a){20}", "a".repeat(40) + "b")).isFalse();
  }

  @Test
  void selectorsThatCanNeverMatchAreSaidToBeSo() {
    assertThat(solve(notRe(".*")).outcome()).isEqualTo(Outcome.UNSATISFIABLE);
    assertThat(solve(re(""), new Constraint(Op.NOT_EQUAL, "")).outcome())
        .isEqualTo(Outcome.UNSATISFIABLE);
    assertThat(solve(re("a+"), notRe("a*")).outcome()).isEqualTo(Outcome.UNSATISFIABLE);
    assertThat(solve(new Constraint(Op.EQUAL, "x"), re("y")).outcome())
        .isEqualTo(Outcome.UNSATISFIABLE);
  }

  @Test
  void severalMatchersOnOneLabelAreMetTogether() {
    LabelValues.Result r = solve(re("ab.*"), notRe("abc.*"), new Constraint(Op.NOT_EQUAL, "ab"));
    assertThat(r.outcome()).isEqualTo(Outcome.FOUND);
    assertThat(r.value()).startsWith("ab").doesNotStartWith("abc").isNotEqualTo("ab");
  }

  @Test
  void theAbsentLabelIsTheAnswerOnlyWhenNothingElseIs() {
    assertThat(solve(re("a|")).value()).isEqualTo("a");
    assertThat(solve(re("|"), notRe(".+")).value()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "5..                                 ; 500",
        "rgw.+                               ; rgw0",
        "(mon|mds).*                         ; mon",
        "(?i:(node-1)(\\.[a-z0-9.-]+)?)      ; node-1",
        "(?i)GET                             ; GET",
        "\\d{3}                              ; 000",
        "[[:alpha:]]+-\\w                    ; a-0",
        "\\pL+                               ; a",
        "\\p{Greek}\\p{Greek}                ; ͱͱ",
        "(?P<x>ab)c                          ; abc",
        "\\Qa.b\\E                           ; a.b",
        "x(?s:.)y                            ; x0y"
      })
  void valuesLookLikeWhatAReaderWouldWrite(String regex, String value) {
    assertThat(Examples.example(regex)).isEqualTo(value);
    assertThat(solve(re(regex)).value()).isEqualTo(value);
  }

  @Test
  void literalListsGiveEveryAlternativeAsWritten() {
    assertThat(Examples.alternatives("(GET|POST)")).containsExactly("GET", "POST");
    assertThat(Examples.alternatives("/api/(orders|users)"))
        .containsExactly("/api/orders", "/api/users");
    assertThat(Examples.alternatives("(?i)(primary|SECONDARY)"))
        .containsExactly("primary", "SECONDARY");
    assertThat(Examples.alternatives("resource|")).containsExactly("resource", "");
    assertThat(Examples.alternatives("a.b")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "(?<n>x)    | error parsing regexp: invalid or unsupported Perl syntax: `(?<`",
        "x(?=y)     | error parsing regexp: invalid or unsupported Perl syntax: `(?=`",
        "(a)\\1     | error parsing regexp: invalid escape sequence: `\\1`",
        "x*+        | error parsing regexp: invalid nested repetition operator: `*+`",
        "a{1001}    | error parsing regexp: invalid repeat count: `{1001}`",
        "(          | error parsing regexp: missing closing ): `(`"
      })
  void regexesRe2RefusesAreRefusedInGosWords(String regex, String message) {
    assertThat(Re2.problem(regex)).isEqualTo(message);
    assertThat(Re2.fullMatch(regex, "x")).isFalse();
  }

  @Test
  void nestingDeeperThanGoAllowsIsRefusedWithoutOverflowingTheStack() {
    String deep = "(".repeat(2000) + "a" + ")".repeat(2000);
    assertThat(Re2.problem(deep)).isEqualTo("error parsing regexp: expression nests too deeply");
    assertThat(solve(re(deep)).outcome()).isEqualTo(Outcome.UNKNOWN);
    String ok = "(".repeat(150) + "a" + ")".repeat(150);
    assertThat(solve(re(ok)).value()).isEqualTo("a");
  }
}
