package io.metricgen.engine.scaffold;

import io.metricgen.engine.dashboard.VariableValues;
import io.metricgen.engine.regex.Examples;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A template variable's regex applied to the values of its label; when no value matches, one that
 * does is added to the label's values, so that the variable lists something.
 */
final class VariableRegex {

  private VariableRegex() {}

  static List<String> apply(String regex, List<String> values, Consumer<String> add) {
    Pattern p = VariableValues.pattern(regex);
    if (p == null) {
      return values;
    }
    List<String> out = VariableValues.applyRegex(p, values);
    if (out.isEmpty()) {
      String example = Examples.example(p.pattern());
      if (example != null && !example.isEmpty()) {
        add.accept(example);
        out = VariableValues.applyRegex(p, List.of(example));
      }
    }
    return out.isEmpty() ? values : out;
  }
}
