package io.metricgen.engine.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The public API refuses what a scenario file would, at once, with the field and what is valid. */
class ComposeTest {

  private static final Shape ONE = Shape.constant(1);

  @Test
  void eachPartIsCheckedAsItIsMade() {
    assertThatThrownBy(() -> Metric.counter("1bad"))
        .hasMessage("metric name \"1bad\" is not valid: it must match [a-zA-Z_:][a-zA-Z0-9_:]*");
    assertThatThrownBy(() -> Metric.gauge("g").label("__x", "a"))
        .hasMessage(
            "g: label name \"__x\" is not valid: it must match [a-zA-Z_][a-zA-Z0-9_]* and not start"
                + " with __");
    assertThatThrownBy(() -> Metric.gauge("g").label("a", "1").label("a", "2"))
        .hasMessage("g: label a is given twice");
    assertThatThrownBy(() -> Metric.gauge("g").rate(ONE))
        .hasMessage("g: a gauge takes a value, not a rate");
    assertThatThrownBy(() -> Metric.histogram("h").value(ONE))
        .hasMessage("h: a histogram takes a rate of observations, not a value");
    assertThatThrownBy(() -> Metric.histogram("h").buckets(1, 1))
        .hasMessage("h: buckets must increase strictly, got 1.0 then 1.0");
    assertThatThrownBy(() -> Metric.gauge("g_bytes").unit("seconds"))
        .hasMessage("g_bytes: with unit seconds the name must end in _seconds");
    assertThatThrownBy(() -> Metric.gauge("g").build()).hasMessage("g: a gauge needs a value");
    assertThatThrownBy(() -> Shape.square(Duration.ofMinutes(1), 0, 1, 1))
        .hasMessage("square: duty must be in (0, 1), got 1.0");
    assertThatThrownBy(() -> Shape.sine(Duration.ZERO, 1, 0))
        .hasMessage("sine: period must be positive, got PT0S");
    assertThatThrownBy(() -> Shape.uniform(2, 1))
        .hasMessage("uniform: min must not be above max, got min 2.0 > max 1.0");
    assertThatThrownBy(() -> Shape.constant(Double.POSITIVE_INFINITY))
        .hasMessage("constant: value must be finite, got Infinity");
    assertThatThrownBy(
            () ->
                Shape.sequence(
                    Shape.Segment.rest(ONE), Shape.Segment.of(Duration.ofMinutes(1), ONE)))
        .hasMessage("sequence: segment 0 has no duration; only the last may run for the rest");
    assertThatThrownBy(() -> ONE.withNoise(1).withNoise(2))
        .hasMessage("noise: this shape has noise already");
  }

  @Test
  void theWholeIsCheckedAsAScenarioFileIs() {
    assertThatThrownBy(() -> Scenario.builder().build())
        .hasMessage("scenario: add at least one metric");
    Metric g = Metric.gauge("g").value(ONE).build();
    assertThatThrownBy(() -> Scenario.builder().metric(g).metric(g))
        .hasMessage("scenario: metric g is given twice");
    assertThatThrownBy(
            () ->
                Scenario.builder()
                    .metric(
                        Metric.gauge("g")
                            .value(
                                Shape.sequence(
                                    Shape.Segment.of(Duration.ofSeconds(20), ONE),
                                    Shape.Segment.rest(ONE)))
                            .build())
                    .build())
        .hasMessage(
            "metrics[0].value.sequence[0].for: must be a multiple of the interval 15s, got 20s");
    assertThatThrownBy(
            () ->
                Scenario.builder()
                    .maxSeries(2)
                    .metric(Metric.gauge("g").label("a", "1", "2", "3").value(ONE).build())
                    .build())
        .hasMessageContaining("expand to 3 series, over the cap of 2");
  }

  @Test
  void valuesAreImmutable() {
    Metric.Builder builder = Metric.gauge("g").label("a", "1").value(ONE);
    Metric first = builder.build();
    builder.label("b", "2");
    assertThat(first.labels()).containsOnlyKeys("a");
    Scenario.Builder scenario = Scenario.builder().metric(first);
    Scenario built = scenario.build();
    scenario.metric(Metric.gauge("other").value(ONE).build());
    assertThat(built.metricNames()).containsExactly("g");
    assertThat(built.seriesCount()).isEqualTo(1);
    assertThat(built.toYaml()).contains("g").doesNotContain("other");
  }
}
