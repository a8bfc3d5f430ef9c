package io.metricgen.engine.promql.eval;

/**
 * What the evaluator does not compute, said in a sentence instead of a wrong answer. Its error type
 * is {@code unsupported}, which no Prometheus gives, so that a caller can tell it apart.
 */
public final class Unsupported extends QueryException {

  public Unsupported(String message) {
    super("unsupported", message);
  }
}
