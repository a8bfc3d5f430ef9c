package io.metricgen.engine.regex;

/** A regex that RE2 syntax does not allow, or that metricgen's reader of it can't read. */
public final class RegexSyntaxException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public RegexSyntaxException(String message) {
    super(message);
  }
}
