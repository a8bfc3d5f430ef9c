package io.metricgen.engine.promql.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A series' label set, metric name ({@code __name__}) included, sorted by name as Prometheus keeps
 * them. Immutable; compares as Prometheus's {@code labels.Compare} does (by name, then value, in
 * code point order).
 */
public final class SeriesLabels implements Comparable<SeriesLabels> {

  /** The label that holds the metric name. */
  public static final String NAME = "__name__";

  /** The set without labels. */
  public static final SeriesLabels EMPTY = new SeriesLabels(new String[0]);

  // name0, value0, name1, value1, ... sorted by name; no empty values.
  private final String[] pairs;
  private int hash;

  private SeriesLabels(String[] pairs) {
    this.pairs = pairs;
  }

  /** The labels of a map; empty values are left out, as Prometheus drops them. */
  public static SeriesLabels of(Map<String, String> labels) {
    Builder b = new Builder(EMPTY);
    labels.forEach(b::set);
    return b.build();
  }

  /** Labels from name, value, name, value ... */
  public static SeriesLabels of(String... nameValues) {
    Builder b = new Builder(EMPTY);
    for (int i = 0; i + 1 < nameValues.length; i += 2) {
      b.set(nameValues[i], nameValues[i + 1]);
    }
    return b.build();
  }

  public int size() {
    return pairs.length / 2;
  }

  public String name(int i) {
    return pairs[2 * i];
  }

  public String value(int i) {
    return pairs[2 * i + 1];
  }

  /** The value of a label, or the empty string when it has none. */
  public String get(String name) {
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i].equals(name)) {
        return pairs[i + 1];
      }
    }
    return "";
  }

  /** Whether the set has this label. */
  public boolean has(String name) {
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i].equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** The set without its metric name. */
  public SeriesLabels withoutName() {
    return has(NAME) ? builder().delete(NAME).build() : this;
  }

  /** Only the labels named. */
  public SeriesLabels keep(Collection<String> names) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      if (names.contains(pairs[i])) {
        out.add(pairs[i]);
        out.add(pairs[i + 1]);
      }
    }
    return out.size() == pairs.length ? this : new SeriesLabels(out.toArray(new String[0]));
  }

  /** All labels but the ones named. */
  public SeriesLabels drop(Collection<String> names) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      if (!names.contains(pairs[i])) {
        out.add(pairs[i]);
        out.add(pairs[i + 1]);
      }
    }
    return out.size() == pairs.length ? this : new SeriesLabels(out.toArray(new String[0]));
  }

  /** A builder that starts from this set. */
  public Builder builder() {
    return new Builder(this);
  }

  /** Labels written as Prometheus's {@code Labels.String()}: {@code {a="1", b="2"}}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < pairs.length; i += 2) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(pairs[i])
          .append('=')
          .append(io.metricgen.engine.promql.Expr.StringLiteral.quote(pairs[i + 1]));
    }
    return b.append('}').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeriesLabels l
        && hashCode() == l.hashCode()
        && Arrays.equals(pairs, l.pairs);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(pairs);
      hash = h == 0 ? 1 : h;
    }
    return hash;
  }

  @Override
  public int compareTo(SeriesLabels o) {
    int n = Math.min(pairs.length, o.pairs.length);
    for (int i = 0; i < n; i++) {
      int c = compareCodePoints(pairs[i], o.pairs[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(pairs.length, o.pairs.length);
  }

  /** Compares as Go compares UTF-8 strings: by code point. */
  static int compareCodePoints(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
          return Integer.compare(a.codePointAt(i), b.codePointAt(i));
        }
        return Character.compare(x, y);
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  /** Builds a label set: sets and deletes, then {@link #build()}. */
  public static final class Builder {
    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();

    private Builder(SeriesLabels from) {
      for (int i = 0; i < from.pairs.length; i += 2) {
        names.add(from.pairs[i]);
        values.add(from.pairs[i + 1]);
      }
    }

    /** Sets a label; an empty value deletes it. */
    public Builder set(String name, String value) {
      int i = names.indexOf(name);
      if (value == null || value.isEmpty()) {
        if (i >= 0) {
          names.remove(i);
          values.remove(i);
        }
      } else if (i >= 0) {
        values.set(i, value);
      } else {
        names.add(name);
        values.add(value);
      }
      return this;
    }

    public Builder delete(String name) {
      return set(name, "");
    }

    public SeriesLabels build() {
      Integer[] order = new Integer[names.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (x, y) -> compareCodePoints(names.get(x), names.get(y)));
      String[] pairs = new String[order.length * 2];
      for (int i = 0; i < order.length; i++) {
        pairs[2 * i] = names.get(order[i]);
        pairs[2 * i + 1] = values.get(order[i]);
      }
      return new SeriesLabels(pairs);
    }
  }
}
