package io.metricgen.engine.load;

import java.util.ArrayList;
import java.util.List;

/** Where a field sits in a document: {@code metrics[0].value.sine.period}. Immutable. */
public final class FieldPath {

  /** The document itself. */
  public static final FieldPath ROOT = new FieldPath(List.of());

  private final List<Object> segments;

  private FieldPath(List<Object> segments) {
    this.segments = segments;
  }

  /** The path of nested fields, like {@code of("spec", "scenario")}. */
  public static FieldPath of(String... fields) {
    FieldPath p = ROOT;
    for (String f : fields) {
      p = p.field(f);
    }
    return p;
  }

  public FieldPath field(String name) {
    return append(name);
  }

  public FieldPath index(int i) {
    return append(i);
  }

  private FieldPath append(Object segment) {
    List<Object> next = new ArrayList<>(segments);
    next.add(segment);
    return new FieldPath(List.copyOf(next));
  }

  /** The JSON pointer of this path, as Jackson's parser reports it: {@code /metrics/0/value}. */
  String pointer() {
    StringBuilder out = new StringBuilder();
    for (Object s : segments) {
      out.append('/').append(s.toString().replace("~", "~0").replace("/", "~1"));
    }
    return out.toString();
  }

  /** This path without its last segment; the root stays the root. */
  FieldPath parent() {
    return segments.isEmpty() ? this : new FieldPath(segments.subList(0, segments.size() - 1));
  }

  boolean isRoot() {
    return segments.isEmpty();
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (Object s : segments) {
      if (s instanceof Integer) {
        out.append('[').append(s).append(']');
      } else {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(s);
      }
    }
    return out.toString();
  }
}
