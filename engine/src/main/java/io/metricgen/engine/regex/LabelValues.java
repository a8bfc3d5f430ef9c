package io.metricgen.engine.regex;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds a label value that meets every matcher a selector puts on one label ({@code =}, {@code !=},
 * {@code =~}, {@code !~}, regexes fully anchored as Prometheus matches them), or proves there is
 * none. It first tries the value a reader would write for the regexes; failing that, it searches
 * breadth first over the product of the matchers' automata, so the first value found is a shortest
 * one. Every search has a bound: a selector beyond it is reported as not solved, never as a hang.
 * The empty value stands for the label being absent, as it does in Prometheus.
 */
public final class LabelValues {

  /** How many product states a search visits at most. */
  static final int MAX_VISITED = 20_000;

  /** How long a value may grow. */
  static final int MAX_LENGTH = 64;

  private static final int MAX_ALPHABET = 400;

  /** A matcher on one label. */
  public record Constraint(Op op, String value) {
    public boolean matches(String labelValue) {
      return switch (op) {
        case EQUAL -> value.equals(labelValue);
        case NOT_EQUAL -> !value.equals(labelValue);
        case REGEX -> Re2.fullMatch(value, labelValue);
        case NOT_REGEX -> !Re2.fullMatch(value, labelValue);
      };
    }

    @Override
    public String toString() {
      return switch (op) {
            case EQUAL -> "=";
            case NOT_EQUAL -> "!=";
            case REGEX -> "=~";
            case NOT_REGEX -> "!~";
          }
          + "\""
          + value
          + "\"";
    }
  }

  /** The four matcher kinds. */
  public enum Op {
    EQUAL,
    NOT_EQUAL,
    REGEX,
    NOT_REGEX
  }

  /** What a search found. */
  public enum Outcome {
    /** {@code value} meets every constraint ("" means the label is absent). */
    FOUND,
    /** No string meets them all: the selector can never match. */
    UNSATISFIABLE,
    /** The search reached its bound, or a regex it can't search, without finding a value. */
    UNKNOWN
  }

  /** The outcome, the value when found, and why not otherwise. */
  public record Result(Outcome outcome, String value, String reason) {}

  private LabelValues() {}

  /**
   * A value that meets every constraint, preferring a non-empty one (a present label) unless only
   * absence does.
   */
  public static Result solve(List<Constraint> constraints) {
    for (Constraint c : constraints) {
      if (c.op() == Op.EQUAL) {
        boolean all = constraints.stream().allMatch(o -> o.matches(c.value()));
        return all
            ? new Result(Outcome.FOUND, c.value(), null)
            : new Result(
                Outcome.UNSATISFIABLE,
                null,
                "\"" + c.value() + "\" fails " + failing(constraints, c.value()));
      }
    }
    // The reader's value for each regex first: what someone would write, not the shortest string.
    for (Constraint c : constraints) {
      if (c.op() == Op.REGEX) {
        String v = Examples.example(c.value());
        if (v != null && !v.isEmpty() && constraints.stream().allMatch(o -> o.matches(v))) {
          return new Result(Outcome.FOUND, v, null);
        }
        for (String alt : Examples.alternatives(c.value())) {
          if (!alt.isEmpty() && constraints.stream().allMatch(o -> o.matches(alt))) {
            return new Result(Outcome.FOUND, alt, null);
          }
        }
      }
    }
    return search(constraints);
  }

  private static String failing(List<Constraint> constraints, String value) {
    return constraints.stream()
        .filter(o -> !o.matches(value))
        .findFirst()
        .map(Object::toString)
        .orElse("");
  }

  private static Result search(List<Constraint> constraints) {
    List<Nfa> automata = new ArrayList<>();
    boolean[] positive = new boolean[constraints.size()];
    boolean exact = true;
    for (int i = 0; i < constraints.size(); i++) {
      Constraint c = constraints.get(i);
      positive[i] = c.op() == Op.REGEX;
      try {
        Nfa nfa =
            c.op() == Op.NOT_EQUAL ? Nfa.literal(c.value()) : Nfa.of(RegexParser.parse(c.value()));
        exact &= !nfa.wordBoundaries;
        automata.add(nfa);
      } catch (RegexSyntaxException | Nfa.TooLargeException e) {
        return new Result(Outcome.UNKNOWN, null, c + ": " + e.getMessage());
      }
    }
    int[] alphabet = alphabet(automata);
    exact &= alphabet.length > 0 && alphabet[alphabet.length - 1] >= 0;
    if (alphabet.length > 0 && alphabet[alphabet.length - 1] < 0) {
      alphabet = Arrays.copyOf(alphabet, alphabet.length - 1);
    }
    Result r = bfs(automata, positive, alphabet);
    if (r.outcome() == Outcome.UNSATISFIABLE && !exact) {
      return new Result(Outcome.UNKNOWN, null, "no value found");
    }
    return r;
  }

  private record Node(int[][] states, boolean afterNewline, Node parent, int c, int length) {}

  private static Result bfs(List<Nfa> automata, boolean[] positive, int[] alphabet) {
    int n = automata.size();
    int[][] start = new int[n][];
    for (int i = 0; i < n; i++) {
      start[i] = automata.get(i).closure(new int[] {automata.get(i).start}, true, false, false);
    }
    ArrayDeque<Node> queue = new ArrayDeque<>();
    Map<Key, Boolean> seen = new HashMap<>();
    Node first = new Node(start, false, null, -1, 0);
    queue.add(first);
    seen.put(new Key(start, false), true);
    Node emptyMatch = null;
    boolean bounded = false;
    while (!queue.isEmpty()) {
      Node node = queue.poll();
      if (accepts(automata, positive, node)) {
        if (node.length() > 0) {
          return new Result(Outcome.FOUND, spell(node), null);
        }
        emptyMatch = node;
      }
      if (node.length() >= MAX_LENGTH) {
        bounded = true;
        continue;
      }
      for (int c : alphabet) {
        int[][] next = new int[n][];
        boolean dead = false;
        for (int i = 0; i < n && !dead; i++) {
          Nfa a = automata.get(i);
          next[i] = a.closure(a.step(node.states()[i], c), false, c == '\n', false);
          // A positive matcher with no live state can never match again.
          dead = positive[i] && next[i].length == 0;
        }
        if (dead) {
          continue;
        }
        Key key = new Key(next, c == '\n');
        if (seen.containsKey(key)) {
          continue;
        }
        if (seen.size() >= MAX_VISITED) {
          bounded = true;
          break;
        }
        seen.put(key, true);
        queue.add(new Node(next, c == '\n', node, c, node.length() + 1));
      }
    }
    if (emptyMatch != null) {
      return new Result(Outcome.FOUND, "", null);
    }
    return bounded
        ? new Result(Outcome.UNKNOWN, null, "no value found within the search's bound")
        : new Result(Outcome.UNSATISFIABLE, null, "no string matches them all");
  }

  private static boolean accepts(List<Nfa> automata, boolean[] positive, Node node) {
    for (int i = 0; i < automata.size(); i++) {
      int[] end =
          automata.get(i).closure(node.states()[i], node.length() == 0, node.afterNewline(), true);
      if (Nfa.accepts(end) != positive[i]) {
        return false;
      }
    }
    return true;
  }

  private static String spell(Node node) {
    StringBuilder out = new StringBuilder();
    for (Node x = node; x.parent() != null; x = x.parent()) {
      out.appendCodePoint(x.c());
    }
    return out.reverse().toString();
  }

  /**
   * One character of each class of characters the automata can't tell apart (the same sets hold
   * them all), readable ones first: a search over these characters misses no string the automata
   * would tell apart from those it tries. A trailing -1 marks an alphabet cut short.
   */
  static int[] alphabet(List<Nfa> automata) {
    List<CharSet> sets = new ArrayList<>();
    java.util.Set<CharSet> distinct = new java.util.HashSet<>();
    TreeSet<Integer> cuts = new TreeSet<>();
    cuts.add(0);
    cuts.add(CharSet.MAX + 1);
    cuts.add((int) '\n');
    cuts.add('\n' + 1);
    for (Nfa a : automata) {
      for (int s = 0; s < a.size(); s++) {
        CharSet set = a.set(s);
        if (set == null || !distinct.add(set)) {
          continue;
        }
        sets.add(set);
        int[] r = set.ranges();
        for (int i = 0; i < r.length; i += 2) {
          cuts.add(r[i]);
          cuts.add(r[i + 1] + 1);
        }
      }
    }
    // Intervals between cuts are each wholly in or out of every set; those in the same sets form
    // one class, however far apart.
    Map<java.util.BitSet, Integer> classes = new java.util.LinkedHashMap<>();
    Integer lo = null;
    for (int cut : cuts) {
      if (lo != null) {
        java.util.BitSet signature = new java.util.BitSet(sets.size());
        for (int i = 0; i < sets.size(); i++) {
          if (sets.get(i).contains(lo)) {
            signature.set(i);
          }
        }
        if (lo == '\n') {
          signature.set(sets.size()); // a newline matters to ^ and $ under (?m)
        }
        int rep = representative(lo, cut - 1);
        classes.merge(signature, rep, (x, y) -> rank(x) <= rank(y) ? x : y);
      }
      lo = cut;
    }
    List<Integer> reps = new ArrayList<>(classes.values());
    reps.sort(Comparator.comparingInt(LabelValues::rank));
    boolean cut = reps.size() > MAX_ALPHABET;
    List<Integer> kept = cut ? reps.subList(0, MAX_ALPHABET) : reps;
    int[] out = new int[kept.size() + (cut ? 1 : 0)];
    for (int i = 0; i < kept.size(); i++) {
      out[i] = kept.get(i);
    }
    if (cut) {
      out[out.length - 1] = -1;
    }
    return out;
  }

  private static int representative(int lo, int hi) {
    for (int i = 0; i < CharSet.PREFERENCE.length(); i++) {
      char c = CharSet.PREFERENCE.charAt(i);
      if (c >= lo && c <= hi) {
        return c;
      }
    }
    for (int cp = lo; cp <= hi && cp - lo < 512; cp++) {
      if (Character.isLetterOrDigit(cp)) {
        return cp;
      }
    }
    return lo;
  }

  private static int rank(int c) {
    int i = CharSet.PREFERENCE.indexOf(c);
    if (i >= 0) {
      return i;
    }
    if (c < 0x80 && c >= 0x20) {
      return 100 + c;
    }
    return Character.isLetterOrDigit(c) ? 1000 + c : 0x200000 + c;
  }

  private record Key(int[][] states, boolean afterNewline) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && afterNewline == k.afterNewline
          && Arrays.deepEquals(states, k.states);
    }

    @Override
    public int hashCode() {
      return Arrays.deepHashCode(states) * 31 + (afterNewline ? 1 : 0);
    }
  }
}
