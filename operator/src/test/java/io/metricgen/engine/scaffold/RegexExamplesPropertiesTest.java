package io.metricgen.engine.scaffold;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricgen.engine.promql.RegexMatch;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Example values for regex matchers: whatever comes back, the anchored regex matches. */
class RegexExamplesPropertiesTest {

  @Property(tries = 300)
  void anExampleAlwaysMatchesItsRegex(@ForAll("regexes") String regex) {
    String example = RegexExamples.matching(regex, 7);
    if (example != null) {
      assertThat(RegexMatch.fullMatch(regex, example)).as(regex + " ~ " + example).isTrue();
    }
    String other = RegexExamples.notMatching(regex, 7);
    if (other != null) {
      assertThat(RegexMatch.fullMatch(regex, other)).as(regex + " !~ " + other).isFalse();
    }
  }

  @Provide
  Arbitrary<String> regexes() {
    return Arbitraries.of(
            "5..",
            "a|b",
            "(ab|cd)+",
            "[0-9]{2,3}",
            "rgw\\..*",
            "mon.(.*)",
            ".+",
            "x?y*z",
            "(?:GET|POST)",
            "[a-z]+-[0-9]",
            "\\d+",
            "host-[12]:9100",
            "(a|b)(c|d)",
            "[^.]+\\..*")
        .list()
        .ofMinSize(1)
        .ofMaxSize(3)
        .map(parts -> String.join("", parts));
  }

  @Example
  void simpleRegexesGiveWhatAReaderWouldWrite() {
    assertThat(RegexExamples.matching("5..", 1)).isEqualTo("500");
    assertThat(RegexExamples.matching("(mon|mds).*", 1)).isEqualTo("mon");
    assertThat(RegexExamples.alternatives("(GET|POST)")).isEqualTo(List.of("GET", "POST"));
    assertThat(RegexExamples.alternatives("a.b")).isNull();
  }
}
