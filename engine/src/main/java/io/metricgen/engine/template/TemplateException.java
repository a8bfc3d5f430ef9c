package io.metricgen.engine.template;

/**
 * A template that does not parse, or fails as it runs; the message says where in the template (line
 * and column of the action) and what went wrong.
 */
public final class TemplateException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public TemplateException(String message) {
    super(message);
  }
}
