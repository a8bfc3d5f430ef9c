package io.metricgen.engine.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.re2j.Pattern;
import io.metricgen.engine.regex.LabelValues.Constraint;
import io.metricgen.engine.regex.LabelValues.Op;
import io.metricgen.engine.regex.LabelValues.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Random selectors on one label (all four matcher kinds, regexes from a small RE2 grammar,
 * contradictions included): the search always ends, a value it finds meets every matcher as RE2/J
 * decides, fully anchored as Prometheus matches, and a selector it calls unsatisfiable has no short
 * value that a brute-force search over the same characters finds.
 */
class LabelValuesPropertiesTest {

  // Every string of up to three of these is tried against a selector called unsatisfiable.
  private static final String BRUTE = "ab0-.A\n";

  @Property(tries = 400)
  void everySelectorIsSolvedOrProvedUnsatisfiableInBoundedTime(
      @ForAll("selectors") List<Constraint> selector) {
    LabelValues.Result r =
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> LabelValues.solve(selector));
    Statistics.label("outcome").collect(r.outcome());
    // The search may stop at its bound, and must say so; it must not do so often.
    Statistics.label("outcome").coverage(c -> c.check(Outcome.UNKNOWN).percentage(p -> p < 3));
    if (r.outcome() == Outcome.UNKNOWN) {
      assertThat(r.reason()).contains("bound");
    } else if (r.outcome() == Outcome.FOUND) {
      for (Constraint c : selector) {
        assertThat(independentMatch(c, r.value())).as("%s meets %s", r.value(), c).isTrue();
      }
    } else if (r.outcome() == Outcome.UNSATISFIABLE) {
      String witness = bruteForce(selector);
      assertThat(witness).as("%s is unsatisfiable, yet %s meets it", selector, witness).isNull();
    }
  }

  @Property(tries = 300)
  void aReadersExampleAlwaysMatchesItsRegex(@ForAll("regexes") String regex) {
    String example = Examples.example(regex);
    if (example != null) {
      assertThat(independentMatch(new Constraint(Op.REGEX, regex), example)).isTrue();
    }
    for (String alt : Examples.alternatives(regex)) {
      assertThat(independentMatch(new Constraint(Op.REGEX, regex), alt)).as(alt).isTrue();
    }
  }

  /** RE2/J alone, not metricgen's code: the regex anchored as Prometheus 3 compiles it. */
  private static boolean independentMatch(Constraint c, String value) {
    return switch (c.op()) {
      case EQUAL -> c.value().equals(value);
      case NOT_EQUAL -> !c.value().equals(value);
      case REGEX -> Pattern.compile("^(?s:" + c.value() + ")$").matcher(value).matches();
      case NOT_REGEX -> !Pattern.compile("^(?s:" + c.value() + ")$").matcher(value).matches();
    };
  }

  private static String bruteForce(List<Constraint> selector) {
    List<String> candidates = new ArrayList<>(List.of(""));
    for (int length = 1; length <= 3; length++) {
      List<String> next = new ArrayList<>();
      for (String prefix : candidates) {
        if (prefix.length() == length - 1) {
          for (char c : BRUTE.toCharArray()) {
            next.add(prefix + c);
          }
        }
      }
      candidates.addAll(next);
    }
    for (String v : candidates) {
      if (selector.stream().allMatch(c -> independentMatch(c, v))) {
        return v;
      }
    }
    return null;
  }

  @Provide
  Arbitrary<List<Constraint>> selectors() {
    Arbitrary<Constraint> regex =
        Combinators.combine(Arbitraries.of(Op.REGEX, Op.NOT_REGEX), regexes()).as(Constraint::new);
    Arbitrary<Constraint> literal =
        Combinators.combine(
                Arbitraries.of(Op.EQUAL, Op.NOT_EQUAL),
                Arbitraries.of("", "a", "ab", "0", "a-", "A", "b."))
            .as(Constraint::new);
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, regex), net.jqwik.api.Tuple.of(1, literal))
        .list()
        .ofMinSize(1)
        .ofMaxSize(4);
  }

  @Provide
  Arbitrary<String> regexes() {
    return Arbitraries.lazyOf(() -> regex(2));
  }

  /** A small RE2 grammar: literals, classes, groups, flags, repetition and alternation. */
  private static Arbitrary<String> regex(int depth) {
    Arbitrary<String> atom =
        Arbitraries.of(
            "a",
            "b",
            "0",
            "-",
            "\\.",
            ".",
            "[ab]",
            "[^a]",
            "[a-c0-9]",
            "\\d",
            "\\w",
            "\\s",
            "[[:alpha:]]",
            "\\pL",
            "A",
            "");
    if (depth > 0) {
      Arbitrary<String> inner = Arbitraries.lazy(() -> regex(depth - 1));
      atom =
          Arbitraries.oneOf(
              atom,
              inner.map(r -> "(" + r + ")"),
              inner.map(r -> "(?:" + r + ")"),
              inner.map(r -> "(?i:" + r + ")"),
              Combinators.combine(inner, inner).as((x, y) -> "(" + x + "|" + y + ")"));
    }
    Arbitrary<String> repeated =
        Combinators.combine(atom, Arbitraries.of("", "", "*", "+", "?", "{2}", "{0,2}", "{1,}"))
            .as((a, q) -> a.isEmpty() || a.endsWith("*") ? a : a + q);
    return repeated.list().ofMinSize(1).ofMaxSize(3).map(parts -> String.join("", parts));
  }
}
