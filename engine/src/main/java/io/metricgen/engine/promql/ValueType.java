package io.metricgen.engine.promql;

/** The type of a PromQL expression's value. */
public enum ValueType {
  SCALAR("scalar"),
  VECTOR("instant vector"),
  MATRIX("range vector"),
  STRING("string");

  private final String words;

  ValueType(String words) {
    this.words = words;
  }

  /** The type's name as Prometheus's messages give it. */
  public String words() {
    return words;
  }
}
