package io.metricgen.cli;

import io.metricgen.engine.time.Durations;
import io.metricgen.engine.time.Times;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Turns time and duration options into values, as bad-input errors that name the option. */
final class TimeRange {

  private TimeRange() {}

  static Instant time(CommandSpec spec, String option, String text, Instant now) {
    try {
      return Times.parse(text, now);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }
  }

  static Duration positiveDuration(CommandSpec spec, String option, String text) {
    try {
      Duration d = Durations.parse(text);
      if (d.isZero()) {
        throw new IllegalArgumentException("must be positive, got " + text);
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }
  }
}
