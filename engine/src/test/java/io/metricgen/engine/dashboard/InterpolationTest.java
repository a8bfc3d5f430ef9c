package io.metricgen.engine.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Template variables replaced as Grafana's Prometheus data source replaces them. */
class InterpolationTest {

  private final Interpolation vars =
      new Interpolation()
          .with("job", new Interpolation.Value(List.of("api"), false, null, false))
          .with("host", new Interpolation.Value(List.of("a.b", "c|d"), false, null, true))
          .with("pod", new Interpolation.Value(List.of("p1", "p2"), true, ".*", true))
          .with("path", new Interpolation.Value(List.of("it's\\x"), false, null, false))
          .withBuiltIns(60, 21600, 15);

  @Test
  void everySyntaxIsReplaced() {
    assertThat(vars.apply("up{job=\"$job\"} + up{job=\"${job}\"} + up{job=\"[[job]]\"}"))
        .isEqualTo("up{job=\"api\"} + up{job=\"api\"} + up{job=\"api\"}");
  }

  @Test
  void severalValuesBecomeAnEscapedAlternationAndAllItsAllValue() {
    assertThat(vars.apply("up{instance=~\"$host\", pod=~\"$pod\"}"))
        .isEqualTo("up{instance=~\"(a\\\\.b|c\\\\|d)\", pod=~\".*\"}");
  }

  @Test
  void aSingleValueIsEscapedForAPromqlString() {
    assertThat(vars.apply("x{path=\"$path\"}")).isEqualTo("x{path=\"it\\\\'s\\\\x\"}");
  }

  @Test
  void formatsAndBuiltIns() {
    assertThat(vars.apply("${host:csv} ${host:pipe} ${host:regex} $__rate_interval $__range"))
        .isEqualTo("a.b,c|d a.b|c|d (a\\.b|c\\|d) 75s 21600s");
  }

  @Test
  void unknownNamesStayAsWritten() {
    assertThat(vars.apply("rate(x[$unknown])")).isEqualTo("rate(x[$unknown])");
    assertThat(Interpolation.references("a{b=\"$job\"}[${__range}] [[pod:csv]]"))
        .containsExactly("job", "__range", "pod");
  }
}
