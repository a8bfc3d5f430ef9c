package io.metricgen.operator.desired;

import io.metricgen.engine.time.Durations;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.operator.model.MetricGeneratorSpec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/** When a resource's objects are removed: {@code expiresAt}, or creation plus {@code ttl}. */
public final class Expiry {

  private Expiry() {}

  /**
   * The moment of expiry, if the resource has one. A ttl counts from the resource's creation, so a
   * resource that is edited keeps its expiry; one that has not been created yet counts from now.
   *
   * @throws IllegalArgumentException on a ttl or time the validator would refuse
   */
  public static Optional<Instant> of(MetricGenerator mg, Instant now) {
    MetricGeneratorSpec spec = mg.getSpec();
    if (spec.expiresAt != null) {
      return Optional.of(OffsetDateTime.parse(spec.expiresAt).toInstant());
    }
    if (spec.ttl != null) {
      String created = mg.getMetadata().getCreationTimestamp();
      Instant from = created == null ? now : OffsetDateTime.parse(created).toInstant();
      return Optional.of(from.plus(Durations.parse(spec.ttl)));
    }
    return Optional.empty();
  }

  public static boolean expired(MetricGenerator mg, Instant now) {
    return of(mg, now).map(at -> !now.isBefore(at)).orElse(false);
  }
}
