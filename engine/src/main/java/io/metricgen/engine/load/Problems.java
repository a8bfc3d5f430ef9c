package io.metricgen.engine.load;

import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import java.util.ArrayList;
import java.util.List;

/** Collects every problem of one document, so users see them all at once. */
final class Problems {

  private final String source;
  private final SourceMap sourceMap;
  private final List<Problem> found = new ArrayList<>();

  Problems(String source, SourceMap sourceMap) {
    this.source = source;
    this.sourceMap = sourceMap;
  }

  void add(FieldPath path, String message) {
    found.add(new Problem(source, sourceMap.lineOf(path), path.toString(), message));
  }

  /** A problem with the command line rather than a place in the document. */
  void addUnplaced(String message) {
    found.add(new Problem(source, 0, "", message));
  }

  int count() {
    return found.size();
  }

  boolean any() {
    return !found.isEmpty();
  }

  void throwIfAny() {
    if (!found.isEmpty()) {
      throw new InvalidInputException(found);
    }
  }
}
