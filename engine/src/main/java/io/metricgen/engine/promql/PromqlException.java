package io.metricgen.engine.promql;

/** A PromQL expression that does not parse or type-check, located at a character offset. */
public final class PromqlException extends IllegalArgumentException {

  private final int offset;
  private final int line;
  private final int column;
  private final String reason;

  PromqlException(String expression, int offset, String reason) {
    this(offset, position(expression, offset), reason);
  }

  private PromqlException(int offset, int[] lineColumn, String reason) {
    super(
        (lineColumn[0] == 1 ? "" : "line " + lineColumn[0] + ", ")
            + "column "
            + lineColumn[1]
            + ": "
            + reason);
    this.offset = offset;
    this.line = lineColumn[0];
    this.column = lineColumn[1];
    this.reason = reason;
  }

  private static int[] position(String expression, int offset) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < Math.min(offset, expression.length()); i++) {
      if (expression.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new int[] {line, column};
  }

  /** Character offset of the problem in the expression. */
  public int offset() {
    return offset;
  }

  /** Line of the problem in the expression, from 1. */
  public int line() {
    return line;
  }

  /** Column of the problem in its line, from 1. */
  public int column() {
    return column;
  }

  /** What is wrong, without the location. */
  public String reason() {
    return reason;
  }
}
