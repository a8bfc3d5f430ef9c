package io.metricgen.engine.compose;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.metricgen.engine.load.ScenarioLoader;

/** Copies and prints the engine's scenario model for the values of this package. */
final class Composer {

  private Composer() {}

  /** A deep copy, so that no value of this package shares state with another or with a caller. */
  @SuppressWarnings("unchecked")
  static <T> T copy(T model) {
    return (T) ScenarioLoader.mapper().convertValue(model, model.getClass());
  }

  /** The model as JSON, for toString. */
  static String json(Object model) {
    try {
      return ScenarioLoader.mapper().writeValueAsString(model);
    } catch (JsonProcessingException e) {
      return model.getClass().getSimpleName();
    }
  }
}
