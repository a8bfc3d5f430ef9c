package io.metricgen.engine.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metricgen.engine.model.MetricSpec;
import io.metricgen.engine.model.SeriesOverride;

/**
 * What drives a metric's samples, as text, for {@link
 * io.metricgen.engine.series.MetricFamily#definitionOf}: the spec as written minus what only names
 * its series (name, help, unit, labels, which series an override picks). A live edit compares these
 * to tell a series that runs on unchanged from one that changed.
 */
final class Definitions {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Definitions() {}

  static String of(MetricSpec spec, long intervalMillis) {
    MetricSpec drives = new MetricSpec();
    drives.labels = null;
    drives.type = spec.type;
    drives.value = spec.value;
    drives.rate = spec.rate;
    drives.resets = spec.resets;
    drives.buckets = spec.buckets;
    drives.quantiles = spec.quantiles;
    drives.distribution = spec.distribution;
    drives.nativeHistogram = spec.nativeHistogram;
    drives.exemplars = spec.exemplars;
    return "interval " + intervalMillis + "ms " + json(drives);
  }

  static String of(SeriesOverride o) {
    SeriesOverride drives = new SeriesOverride();
    drives.value = o.value;
    drives.rate = o.rate;
    drives.resets = o.resets;
    drives.scale = o.scale;
    return "override " + json(drives);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the scenario model always serializes", e);
    }
  }
}
