package io.metricgen.engine.load;

import java.util.Map;

/**
 * The line of every field and list item of a YAML or JSON document, so that problems found after
 * binding (a bad duration, an unknown label name) still point at a line.
 */
public final class SourceMap {

  /** A map that knows no lines: for models that came from somewhere else than a file. */
  public static final SourceMap NONE = new SourceMap(Map.of());

  private final Map<String, Integer> lines;

  private SourceMap(Map<String, Integer> lines) {
    this.lines = lines;
  }

  /** Lines by JSON pointer. */
  static SourceMap of(Map<String, Integer> lines) {
    return new SourceMap(Map.copyOf(lines));
  }

  /** The line of {@code path}, or of its nearest ancestor that has one; 0 when none does. */
  public int lineOf(FieldPath path) {
    for (FieldPath p = path; ; p = p.parent()) {
      Integer line = lines.get(p.pointer());
      if (line != null) {
        return line;
      }
      if (p.isRoot()) {
        return 0;
      }
    }
  }
}
