package io.metricgen.engine.regex;

import java.util.List;

/** A parsed RE2 regular expression: the syntax tree {@link RegexParser} makes. */
sealed interface RegexNode {

  /**
   * One character from a set. {@code written} is the character as the regex spells it, for a
   * literal (kept as written under {@code (?i)}), or -1 for a class.
   */
  record Chars(CharSet set, int written) implements RegexNode {}

  /** The empty string. */
  record Empty() implements RegexNode {}

  record Concat(List<RegexNode> items) implements RegexNode {
    public Concat {
      items = List.copyOf(items);
    }
  }

  record Alternate(List<RegexNode> choices) implements RegexNode {
    public Alternate {
      choices = List.copyOf(choices);
    }
  }

  /** {@code node{min,max}}; max -1 means unbounded. */
  record Repeat(RegexNode node, int min, int max) implements RegexNode {}

  /** A zero-width assertion. */
  record Assertion(Kind kind) implements RegexNode {}

  /** The zero-width assertions RE2 has. */
  enum Kind {
    BEGIN_TEXT,
    END_TEXT,
    BEGIN_LINE,
    END_LINE,
    WORD_BOUNDARY,
    NOT_WORD_BOUNDARY
  }
}
