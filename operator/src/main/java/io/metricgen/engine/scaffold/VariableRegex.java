package io.metricgen.engine.scaffold;

import io.metricgen.engine.dashboard.VariableValues;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A template variable's regex applied to the values of its label; when no value matches, one that
 * does is added to the label's values, so that the variable lists something.
 */
final class VariableRegex {

  private VariableRegex() {}

  static List<String> apply(String regex, String label, LabelPools pools) {
    Pattern p = VariableValues.pattern(regex);
    if (p == null) {
      return pools.values(label);
    }
    List<String> out = VariableValues.applyRegex(p, pools.values(label));
    if (out.isEmpty()) {
      String example = RegexExamples.matching(p.pattern(), p.pattern().hashCode());
      if (example != null) {
        pools.add(label, example);
        out = VariableValues.applyRegex(p, pools.values(label));
      }
    }
    return out.isEmpty() ? pools.values(label) : out;
  }
}
