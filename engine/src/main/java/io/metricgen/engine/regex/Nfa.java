package io.metricgen.engine.regex;

import io.metricgen.engine.regex.RegexNode.Alternate;
import io.metricgen.engine.regex.RegexNode.Assertion;
import io.metricgen.engine.regex.RegexNode.Chars;
import io.metricgen.engine.regex.RegexNode.Concat;
import io.metricgen.engine.regex.RegexNode.Empty;
import io.metricgen.engine.regex.RegexNode.Kind;
import io.metricgen.engine.regex.RegexNode.Repeat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * A Thompson automaton of a regex that matches whole strings: states that read one character of a
 * set, split into several, or assert a position. Simulated over sets of states, it decides a match
 * in time linear in the string, and a search over it never backtracks.
 */
final class Nfa {

  /** More states than this is refused: the search over such an automaton would cost too much. */
  static final int MAX_STATES = 20_000;

  /** A regex whose automaton would exceed {@link #MAX_STATES}. */
  static final class TooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLargeException() {
      super("the regex is too large to search", null, false, false);
    }
  }

  private static final int MATCH = 0;

  // Per state: the set it reads (null for splits, assertions and the match), the assertion (or
  // null), and the states it goes on to.
  private final List<CharSet> sets = new ArrayList<>();
  private final List<Kind> assertions = new ArrayList<>();
  private final List<int[]> next = new ArrayList<>();
  final int start;
  boolean wordBoundaries;

  private Nfa(RegexNode root) {
    add(null, null, new int[0]); // MATCH
    start = build(root, MATCH);
  }

  static Nfa of(RegexNode root) {
    return new Nfa(root);
  }

  /** An automaton that matches exactly this string. */
  static Nfa literal(String value) {
    List<RegexNode> items = new ArrayList<>();
    value.codePoints().forEach(cp -> items.add(new Chars(CharSet.single(cp), cp)));
    return new Nfa(items.isEmpty() ? new Empty() : new Concat(items));
  }

  int size() {
    return sets.size();
  }

  CharSet set(int state) {
    return sets.get(state);
  }

  private int add(CharSet set, Kind assertion, int[] to) {
    if (sets.size() >= MAX_STATES) {
      throw new TooLargeException();
    }
    sets.add(set);
    assertions.add(assertion);
    next.add(to);
    return sets.size() - 1;
  }

  private int build(RegexNode n, int then) {
    if (n instanceof Chars c) {
      return add(c.set(), null, new int[] {then});
    }
    if (n instanceof Empty) {
      return then;
    }
    if (n instanceof Concat c) {
      int s = then;
      for (int i = c.items().size() - 1; i >= 0; i--) {
        s = build(c.items().get(i), s);
      }
      return s;
    }
    if (n instanceof Alternate a) {
      int[] outs = new int[a.choices().size()];
      for (int i = 0; i < outs.length; i++) {
        outs[i] = build(a.choices().get(i), then);
      }
      return add(null, null, outs);
    }
    if (n instanceof Assertion a) {
      if (a.kind() == Kind.WORD_BOUNDARY || a.kind() == Kind.NOT_WORD_BOUNDARY) {
        wordBoundaries = true;
      }
      return add(null, a.kind(), new int[] {then});
    }
    Repeat r = (Repeat) n;
    int s;
    if (r.max() < 0) {
      // A loop: a split that either reads the node once more or goes on.
      int loop = add(null, null, new int[] {-1, then});
      next.get(loop)[0] = build(r.node(), loop);
      s = loop;
    } else {
      s = then;
      for (int i = 0; i < r.max() - r.min(); i++) {
        s = add(null, null, new int[] {build(r.node(), s), then});
      }
    }
    for (int i = 0; i < r.min(); i++) {
      s = build(r.node(), s);
    }
    return s;
  }

  /**
   * The states reachable without reading, from these, at a position described by the flags: whether
   * it is the start, whether the last character read was a newline, and whether it is the end.
   */
  int[] closure(int[] from, boolean atStart, boolean afterNewline, boolean atEnd) {
    BitSet seen = new BitSet(size());
    int[] stack = new int[size()];
    int top = 0;
    for (int s : from) {
      if (!seen.get(s)) {
        seen.set(s);
        stack[top++] = s;
      }
    }
    BitSet out = new BitSet(size());
    while (top > 0) {
      int s = stack[--top];
      Kind k = assertions.get(s);
      if (k != null && !holds(k, atStart, afterNewline, atEnd)) {
        if (!atEnd && (k == Kind.END_TEXT || k == Kind.END_LINE)) {
          out.set(s); // kept for the closure at the end of the string
        }
        continue;
      }
      if (sets.get(s) != null || s == MATCH) {
        out.set(s);
        continue;
      }
      for (int t : next.get(s)) {
        if (!seen.get(t)) {
          seen.set(t);
          stack[top++] = t;
        }
      }
    }
    return out.stream().toArray();
  }

  private static boolean holds(Kind k, boolean atStart, boolean afterNewline, boolean atEnd) {
    return switch (k) {
      case BEGIN_TEXT -> atStart;
      case END_TEXT -> atEnd;
      case BEGIN_LINE -> atStart || afterNewline;
      // Checked only at the end: inside a string this automaton can't look ahead for a newline.
      case END_LINE -> atEnd;
      // Unknown without the neighbours; a search over a regex with them is not exact.
      case WORD_BOUNDARY, NOT_WORD_BOUNDARY -> false;
    };
  }

  /** The states after reading one character from these. */
  int[] step(int[] from, int c) {
    int[] out = new int[from.length];
    int n = 0;
    for (int s : from) {
      CharSet set = sets.get(s);
      if (set != null && set.contains(c)) {
        out[n++] = next.get(s)[0];
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** Whether the match state is among these end-of-string states. */
  static boolean accepts(int[] closedAtEnd) {
    return closedAtEnd.length > 0 && closedAtEnd[0] == MATCH;
  }
}
