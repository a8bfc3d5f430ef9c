package io.metricgen.engine.dashboard;

/**
 * Text that a backtracking regex may read only so many characters of: past the budget it throws, so
 * that a catastrophic pattern (Grafana's variable regexes are JavaScript's, which backtrack) costs
 * a bounded time instead of hanging.
 */
final class BoundedText implements CharSequence {

  /** The budget ran out. */
  static final class TooMuchWork extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooMuchWork() {
      super("the regex took too many steps", null, false, false);
    }
  }

  private final String text;
  private final long[] budget;

  BoundedText(String text, long reads) {
    this(text, new long[] {reads});
  }

  private BoundedText(String text, long[] budget) {
    this.text = text;
    this.budget = budget;
  }

  @Override
  public char charAt(int index) {
    if (--budget[0] < 0) {
      throw new TooMuchWork();
    }
    return text.charAt(index);
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new BoundedText(text.substring(start, end), budget);
  }

  @Override
  public String toString() {
    return text;
  }
}
