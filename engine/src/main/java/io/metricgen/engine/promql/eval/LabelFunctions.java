package io.metricgen.engine.promql.eval;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.metricgen.engine.promql.Expr;
import io.metricgen.engine.regex.Re2;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code label_replace} and {@code label_join}, with Go's regexp and its {@code Expand}. */
final class LabelFunctions {

  private static final java.util.regex.Pattern LABEL_NAME =
      java.util.regex.Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  // Compiled once, not at every step of a long range.
  private static final Map<String, Pattern> ANCHORED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private LabelFunctions() {}

  private static Pattern anchored(String regex) {
    Pattern p = ANCHORED.get(regex);
    if (p == null) {
      if (Re2.problem(regex) != null) {
        throw new IllegalArgumentException(regex);
      }
      p = Pattern.compile("^(?:" + regex + ")$");
      if (ANCHORED.size() > 1000) {
        ANCHORED.clear();
      }
      ANCHORED.put(regex, p);
    }
    return p;
  }

  static List<Sample> replace(List<Sample> in, List<Expr> args) {
    String dst = InstantFunctions.stringArg(args.get(1));
    String repl = InstantFunctions.stringArg(args.get(2));
    String src = InstantFunctions.stringArg(args.get(3));
    String regex = InstantFunctions.stringArg(args.get(4));
    Pattern p;
    try {
      p = anchored(regex);
    } catch (RuntimeException e) {
      throw QueryException.execution("invalid regular expression in label_replace(): " + regex);
    }
    if (!LABEL_NAME.matcher(dst).matches()) {
      throw QueryException.execution("invalid destination label name in label_replace(): " + dst);
    }
    List<Sample> out = new ArrayList<>(in.size());
    for (Sample s : in) {
      String value = s.labels().get(src);
      Matcher m = p.matcher(value);
      SeriesLabels labels = s.labels();
      if (m.find()) {
        String res = expand(repl, m, p.namedGroups());
        labels = labels.builder().delete(dst).set(dst, res).build();
      }
      out.add(new Sample(labels, s.t(), s.v(), s.h()));
    }
    return out;
  }

  static List<Sample> join(List<Sample> in, List<Expr> args) {
    String dst = InstantFunctions.stringArg(args.get(1));
    String sep = InstantFunctions.stringArg(args.get(2));
    List<String> srcs = new ArrayList<>();
    for (int i = 3; i < args.size(); i++) {
      String src = InstantFunctions.stringArg(args.get(i));
      if (!LABEL_NAME.matcher(src).matches()) {
        throw QueryException.execution("invalid source label name in label_join(): " + src);
      }
      srcs.add(src);
    }
    if (!LABEL_NAME.matcher(dst).matches()) {
      throw QueryException.execution("invalid destination label name in label_join(): " + dst);
    }
    List<Sample> out = new ArrayList<>(in.size());
    for (Sample s : in) {
      List<String> values = new ArrayList<>(srcs.size());
      for (String src : srcs) {
        values.add(s.labels().get(src));
      }
      String joined = String.join(sep, values);
      out.add(new Sample(s.labels().builder().set(dst, joined).build(), s.t(), s.v(), s.h()));
    }
    return out;
  }

  /** Go's {@code Regexp.ExpandString}: {@code $1}, {@code ${1}}, {@code $name}, {@code $$}. */
  static String expand(String template, Matcher m, Map<String, Integer> named) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      int dollar = template.indexOf('$', i);
      if (dollar < 0) {
        out.append(template, i, template.length());
        break;
      }
      out.append(template, i, dollar);
      i = dollar + 1;
      if (i < template.length() && template.charAt(i) == '$') {
        out.append('$');
        i++;
        continue;
      }
      boolean brace = i < template.length() && template.charAt(i) == '{';
      int j = brace ? i + 1 : i;
      int nameStart = j;
      while (j < template.length()) {
        int cp = template.codePointAt(j);
        if (!Character.isLetter(cp) && !Character.isDigit(cp) && cp != '_') {
          break;
        }
        j += Character.charCount(cp);
      }
      if (j == nameStart || (brace && (j >= template.length() || template.charAt(j) != '}'))) {
        out.append('$');
        continue;
      }
      String name = template.substring(nameStart, j);
      i = brace ? j + 1 : j;
      int num = groupNumber(name);
      String group = null;
      if (num >= 0) {
        if (num <= m.groupCount()) {
          group = m.group(num);
        }
      } else if (named.containsKey(name)) {
        group = m.group(named.get(name));
      }
      if (group != null) {
        out.append(group);
      }
    }
    return out.toString();
  }

  private static int groupNumber(String name) {
    long num = 0;
    for (int k = 0; k < name.length(); k++) {
      char c = name.charAt(k);
      if (c < '0' || c > '9' || num >= 100_000_000) {
        return -1;
      }
      num = num * 10 + (c - '0');
    }
    if (name.charAt(0) == '0' && name.length() > 1) {
      return -1;
    }
    return (int) num;
  }
}
