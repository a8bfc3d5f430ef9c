package io.metricgen.engine;

/**
 * One thing wrong with an input, printed as {@code file:line: field: message} like a compiler
 * error.
 *
 * @param source the file (or other source) it came from; may be null
 * @param line 1-based line, 0 when unknown
 * @param field dotted path of the field, like {@code metrics[0].value.sine.period}; may be empty
 * @param message what is wrong and what would be valid
 */
public record Problem(String source, int line, String field, String message) {

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    if (source != null) {
      out.append(source);
      if (line > 0) {
        out.append(':').append(line);
      }
      out.append(": ");
    }
    if (field != null && !field.isEmpty()) {
      out.append(field).append(": ");
    }
    return out.append(message).toString();
  }
}
