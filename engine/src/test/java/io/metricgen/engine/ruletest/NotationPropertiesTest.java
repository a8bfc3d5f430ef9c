package io.metricgen.engine.ruletest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metricgen.engine.signal.PromtoolSeries;
import io.metricgen.engine.signal.Samples;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The values written into a promtool test read back bit for bit, as promtool's notation (here the
 * engine's reader of it, which follows promtool) expands them; and expectations parse or are
 * refused naming what is valid.
 */
class NotationPropertiesTest {

  @Property(tries = 500)
  void compressedValuesExpandToTheSameValues(@ForAll("runs") List<String> values) {
    String notation = Notation.compress(values.toArray(String[]::new));
    double[] back = PromtoolSeries.expand(notation);
    assertThat(back).as(notation).hasSize(values.size());
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      if (v.equals("_")) {
        assertThat(Samples.isAbsent(back[i])).as(notation + " at " + i).isTrue();
      } else {
        assertThat(Double.doubleToLongBits(back[i]))
            .as(notation + " at " + i)
            .isEqualTo(Double.doubleToLongBits(Double.parseDouble(v)));
      }
    }
  }

  @Property(tries = 300)
  void expectationsWithLabelsReadBackAsWritten(
      @ForAll("labelSets") java.util.Map<String, String> labels) {
    Expectation x =
        new Expectation("Some Alert", true, 60_000, 120_000, new java.util.TreeMap<>(labels));
    assertThat(Expectation.parse(x.toString())).isEqualTo(x);
  }

  @Example
  void labelsAreCheckedWhereTheyAreWritten() {
    assertThat(Expectation.parse("A firing 1m..2m {b=\"2\", a=\"x, y\"}").labels())
        .containsExactly(java.util.Map.entry("a", "x, y"), java.util.Map.entry("b", "2"));
    assertThat(Expectation.parse("A firing 1m..2m {}").labels()).isEmpty();
    assertThatThrownBy(() -> Expectation.parse("A firing 1m..2m {1a=\"x\"}"))
        .hasMessageContaining("\"1a\" is not a label name");
    assertThatThrownBy(() -> Expectation.parse("A firing 1m..2m {alertname=\"x\"}"))
        .hasMessageContaining("alertname is the alert's own");
    assertThatThrownBy(() -> Expectation.parse("A firing 1m..2m {a=x}"))
        .hasMessageContaining("the value of a must be in double quotes");
    assertThatThrownBy(() -> Expectation.parse("A firing 1m..2m {a=\"x\", a=\"y\"}"))
        .hasMessageContaining("label a is given twice");
    assertThatThrownBy(() -> Expectation.parse("A inactive {a=\"x\"}"))
        .hasMessageContaining("inactive takes no labels");
  }

  @Provide
  Arbitrary<java.util.Map<String, String>> labelSets() {
    Arbitrary<String> names =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withChars('_')
            .ofMinLength(1)
            .ofMaxLength(8)
            .filter(n -> !n.equals("alertname"));
    Arbitrary<String> values =
        Arbitraries.strings().withCharRange(' ', '~').withChars('\n', 'é').ofMaxLength(20);
    return Arbitraries.maps(names, values).ofMaxSize(5);
  }

  @Provide
  Arbitrary<List<String>> runs() {
    Arbitrary<String> counterLike =
        Arbitraries.integers().between(0, 3).map(k -> String.valueOf(k * 7.5));
    Arbitrary<String> any = Arbitraries.doubles().between(-1e6, 1e6).map(d -> Double.toString(d));
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, counterLike),
            net.jqwik.api.Tuple.of(2, any),
            net.jqwik.api.Tuple.of(1, Arbitraries.just("_")))
        .list()
        .ofMinSize(1)
        .ofMaxSize(60)
        .map(NotationPropertiesTest::accumulate);
  }

  /** Turns increments into a running sum, as a counter's values are, with some gaps. */
  private static List<String> accumulate(List<String> increments) {
    double total = 0;
    List<String> out = new java.util.ArrayList<>();
    for (String inc : increments) {
      if (inc.equals("_")) {
        out.add("_");
      } else {
        total += Double.parseDouble(inc);
        out.add(Double.toString(total));
      }
    }
    return out;
  }

  @Example
  void runsOfEqualAndEvenlyGrowingValuesAreShort() {
    assertThat(Notation.compress(new String[] {"0", "7.5", "15", "22.5", "_", "_", "5", "5", "5"}))
        .isEqualTo("0+7.5x3 _x2 5x2");
  }

  @Example
  void expectationsParseOrSayWhatIsValid() {
    assertThat(Expectation.parse("HighErrorRate firing 53m..1h3m"))
        .isEqualTo(new Expectation("HighErrorRate", true, 53 * 60_000, 63 * 60_000));
    assertThat(Expectation.parse("Quiet inactive").firing()).isFalse();
    assertThatThrownBy(() -> Expectation.parse("HighErrorRate fires 5m..6m"))
        .hasMessageContaining("expected \"ALERT firing FROM..TO\"");
    assertThatThrownBy(() -> Expectation.parse("X firing 6m..5m"))
        .hasMessageContaining("the window ends before it starts");
    assertThatThrownBy(() -> Expectation.parse("X firing"))
        .hasMessageContaining("firing needs the times");
  }
}
