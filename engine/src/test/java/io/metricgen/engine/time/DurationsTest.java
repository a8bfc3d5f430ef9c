package io.metricgen.engine.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void parsesPrometheusDurations() {
    assertThat(Durations.parse("15s")).isEqualTo(Duration.ofSeconds(15));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(Durations.parse("1w")).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.parse("1y")).isEqualTo(Duration.ofDays(365));
    assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
  }

  @Test
  void refusesOtherSyntaxNamingWhatIsValid() {
    assertThatThrownBy(() -> Durations.parse("-5m"))
        .hasMessage(
            "expected a duration like 15s, 10m, 1h30m or 2d (units y w d h m s ms), got \"-5m\"");
    assertThatThrownBy(() -> Durations.parse("30m1h")).hasMessageEndingWith("got \"30m1h\"");
    assertThatThrownBy(() -> Durations.parse("1.5h")).hasMessageEndingWith("got \"1.5h\"");
    assertThatThrownBy(() -> Durations.parse("")).hasMessageEndingWith("got an empty value");
  }

  @Test
  void formatsAsPrometheusDoes() {
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
  }

  @Test
  void readsRfc3339AndRelativeTimes() {
    Instant now = Instant.parse("2026-11-23T12:00:00Z");
    assertThat(Times.parse("now", now)).isEqualTo(now);
    assertThat(Times.parse("-24h", now)).isEqualTo(Instant.parse("2026-11-22T12:00:00Z"));
    assertThat(Times.parse("now-1h30m", now)).isEqualTo(Instant.parse("2026-11-23T10:30:00Z"));
    assertThat(Times.parse("+1h", now)).isEqualTo(Instant.parse("2026-11-23T13:00:00Z"));
    assertThat(Times.parse("2026-11-01T02:00:00+02:00", now))
        .isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    assertThatThrownBy(() -> Times.parse("yesterday", now))
        .hasMessage(
            "expected an RFC 3339 time like 2026-11-01T00:00:00Z, \"now\", or an offset from now"
                + " like -24h or now-1h30m, got \"yesterday\"");
  }
}
