package io.metricgen.engine.template;

import io.metricgen.engine.template.GoTemplate.Action;
import io.metricgen.engine.template.GoTemplate.Arg;
import io.metricgen.engine.template.GoTemplate.Break;
import io.metricgen.engine.template.GoTemplate.Call;
import io.metricgen.engine.template.GoTemplate.Cmd;
import io.metricgen.engine.template.GoTemplate.Constant;
import io.metricgen.engine.template.GoTemplate.Continue;
import io.metricgen.engine.template.GoTemplate.Dot;
import io.metricgen.engine.template.GoTemplate.Field;
import io.metricgen.engine.template.GoTemplate.Function;
import io.metricgen.engine.template.GoTemplate.If;
import io.metricgen.engine.template.GoTemplate.Kind;
import io.metricgen.engine.template.GoTemplate.Node;
import io.metricgen.engine.template.GoTemplate.Number;
import io.metricgen.engine.template.GoTemplate.Pipe;
import io.metricgen.engine.template.GoTemplate.Range;
import io.metricgen.engine.template.GoTemplate.Sub;
import io.metricgen.engine.template.GoTemplate.TemplateFunction;
import io.metricgen.engine.template.GoTemplate.Text;
import io.metricgen.engine.template.GoTemplate.Var;
import io.metricgen.engine.template.GoValues.GoMap;
import io.metricgen.engine.template.GoValues.GoStruct;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs a parsed template, as {@code text/template} executes with {@code missingkey=zero}. */
final class Exec {

  /** At most this much output, and this many steps and nested template calls: templates end. */
  static final int MAX_OUTPUT = 1 << 20;

  static final long MAX_STEPS = 1_000_000;
  static final int MAX_DEPTH = 100;

  /** A variable in scope. */
  static final class Binding {
    final String name;
    Object value;

    Binding(String name, Object value) {
      this.name = name;
      this.value = value;
    }
  }

  private static final Object MISSING = new Object();

  private static final class BreakSignal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BreakSignal() {
      super(null, null, false, false);
    }
  }

  private static final class ContinueSignal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ContinueSignal() {
      super(null, null, false, false);
    }
  }

  final StringBuilder out = new StringBuilder();
  List<Binding> vars = new ArrayList<>();
  private final GoTemplate template;
  private final Map<String, TemplateFunction> functions;
  private long steps;
  private int depth;
  private int at;

  Exec(GoTemplate template, Map<String, TemplateFunction> functions) {
    this.template = template;
    this.functions = functions;
  }

  void walk(Object dot, List<Node> nodes) {
    for (Node node : nodes) {
      if (++steps > MAX_STEPS) {
        throw fail("the template takes more than " + MAX_STEPS + " steps");
      }
      if (node instanceof Text t) {
        write(t.text());
      } else if (node instanceof Action a) {
        at = a.pos();
        Object v = pipe(dot, a.pipe());
        if (a.pipe().vars().isEmpty()) {
          write(printable(v));
        }
      } else if (node instanceof If i) {
        at = i.pos();
        int mark = vars.size();
        Object v = pipe(dot, i.pipe());
        if (GoValues.truth(v)) {
          walk(i.with() ? v : dot, i.then());
        } else {
          walk(dot, i.otherwise());
        }
        truncate(mark);
      } else if (node instanceof Range r) {
        range(dot, r);
      } else if (node instanceof Call c) {
        call(dot, c);
      } else if (node instanceof Break) {
        throw new BreakSignal();
      } else if (node instanceof Continue) {
        throw new ContinueSignal();
      }
    }
  }

  private void call(Object dot, Call c) {
    at = c.pos();
    List<Node> body = template.defines.get(c.name());
    if (body == null) {
      throw fail("no such template \"" + c.name() + "\"");
    }
    if (depth >= MAX_DEPTH) {
      throw fail("templates nest more than " + MAX_DEPTH + " deep");
    }
    Object v = c.pipe() == null ? null : pipe(dot, c.pipe());
    List<Binding> saved = vars;
    vars = new ArrayList<>();
    vars.add(new Binding("$", v));
    depth++;
    try {
      walk(v, body);
    } finally {
      depth--;
      vars = saved;
    }
  }

  private void range(Object dot, Range r) {
    at = r.pos();
    int mark = vars.size();
    // The pipeline's variables take each element (and index or key), not the value itself.
    Pipe p = r.pipe();
    Object v = pipe(dot, new Pipe(p.pos(), List.of(), false, p.cmds()));
    List<Object[]> elements = new ArrayList<>();
    if (v instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        elements.add(new Object[] {(long) i, l.get(i)});
      }
    } else if (v instanceof GoMap m) {
      m.entries().forEach((k, e) -> elements.add(new Object[] {k, e}));
    } else if (v != null) {
      throw fail("range can't iterate over " + GoFmt.value(v));
    }
    if (elements.isEmpty()) {
      walk(dot, r.otherwise());
      truncate(mark);
      return;
    }
    for (Object[] e : elements) {
      truncate(mark);
      if (p.vars().size() == 1) {
        vars.add(new Binding(p.vars().get(0), e[1]));
      } else if (p.vars().size() == 2) {
        vars.add(new Binding(p.vars().get(0), e[0]));
        vars.add(new Binding(p.vars().get(1), e[1]));
      }
      try {
        walk(e[1], r.body());
      } catch (BreakSignal b) {
        break;
      } catch (ContinueSignal c) {
        // the next element
      }
    }
    truncate(mark);
  }

  private void truncate(int mark) {
    while (vars.size() > mark) {
      vars.remove(vars.size() - 1);
    }
  }

  private void write(String s) {
    if (out.length() + s.length() > MAX_OUTPUT) {
      throw fail("the template writes more than " + MAX_OUTPUT + " characters");
    }
    out.append(s);
  }

  /** What an action prints: text/template's printValue, with pointers followed. */
  private static String printable(Object v) {
    if (v == null) {
      return "<no value>";
    }
    if (v instanceof GoStruct s && s.pointer()) {
      return GoFmt.value(new GoStruct(s.type().substring(1), s.fields(), false));
    }
    return GoFmt.value(v);
  }

  Object pipe(Object dot, Pipe p) {
    Object value = MISSING;
    for (Cmd c : p.cmds()) {
      value = command(dot, c, value);
    }
    for (String name : p.vars()) {
      if (p.assign()) {
        set(name, value);
      } else {
        vars.add(new Binding(name, value));
      }
    }
    return value;
  }

  private Object command(Object dot, Cmd c, Object last) {
    Arg first = c.args().get(0);
    if (first instanceof Function f) {
      return call(dot, f.name(), c.args().subList(1, c.args().size()), last);
    }
    if (c.args().size() > 1 || last != MISSING) {
      throw fail("can't give argument to non-function " + describe(first));
    }
    if (first instanceof Dot) {
      return dot;
    }
    if (first instanceof Field f) {
      return fields(dot, f.names());
    }
    if (first instanceof Var v) {
      return fields(variable(v.name()), v.fields());
    }
    if (first instanceof Sub s) {
      return fields(pipe(dot, s.pipe()), s.fields());
    }
    if (first instanceof Number n) {
      return n.value();
    }
    Constant k = (Constant) first;
    if (k.value() == null) {
      throw fail("nil is not a command");
    }
    return k.value();
  }

  private static String describe(Arg a) {
    if (a instanceof Field f) {
      return "." + String.join(".", f.names());
    }
    if (a instanceof Var v) {
      return v.name() + (v.fields().isEmpty() ? "" : "." + String.join(".", v.fields()));
    }
    if (a instanceof Number n) {
      return n.text();
    }
    if (a instanceof Constant k) {
      return k.value() instanceof String s ? GoFmt.quote(s) : String.valueOf(k.value());
    }
    if (a instanceof Sub) {
      return "(...)";
    }
    if (a instanceof Function f) {
      return f.name();
    }
    return ".";
  }

  private Object variable(String name) {
    for (int i = vars.size() - 1; i >= 0; i--) {
      if (vars.get(i).name.equals(name)) {
        return vars.get(i).value;
      }
    }
    throw fail("undefined variable: " + name);
  }

  private void set(String name, Object value) {
    for (int i = vars.size() - 1; i >= 0; i--) {
      if (vars.get(i).name.equals(name)) {
        vars.get(i).value = value;
        return;
      }
    }
    throw fail("undefined variable: " + name);
  }

  private Object fields(Object receiver, List<String> names) {
    Object v = receiver;
    for (String name : names) {
      if (v instanceof GoStruct s) {
        if (!s.fields().containsKey(name)) {
          throw fail("can't evaluate field " + name + " in type " + s.type());
        }
        v = s.fields().get(name);
      } else if (v instanceof GoMap m) {
        v = m.entries().containsKey(name) ? m.entries().get(name) : m.zero();
      } else if (v == null) {
        throw fail("nil pointer evaluating interface {}." + name);
      } else {
        throw fail("can't evaluate field " + name + " in type " + GoValues.typeName(v));
      }
    }
    return v;
  }

  private Object call(Object dot, String name, List<Arg> args, Object last) {
    if (name.equals("and") || name.equals("or")) {
      int count = args.size() + (last != MISSING ? 1 : 0);
      if (count < 1) {
        throw fail("wrong number of args for " + name + ": want at least 1 got 0");
      }
      Object v = null;
      for (int i = 0; i < count; i++) {
        v = i < args.size() ? arg(dot, args.get(i), Kind.ANY) : last;
        boolean truth = GoValues.truth(v);
        if (name.equals("and") ? !truth : truth) {
          return v;
        }
      }
      return v;
    }
    TemplateFunction f = functions.get(name);
    if (f == null) {
      f = Builtins.FUNCTIONS.get(name);
    }
    if (f == null) {
      throw fail("function \"" + name + "\" not defined");
    }
    List<Kind> params = f.params();
    int count = args.size() + (last != MISSING ? 1 : 0);
    boolean countOk = f.variadic() ? count >= params.size() - 1 : count == params.size();
    if (!countOk) {
      throw fail(
          "wrong number of args for "
              + name
              + ": want "
              + (f.variadic() ? "at least " + (params.size() - 1) : params.size())
              + " got "
              + count);
    }
    List<Object> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Kind kind = params.get(Math.min(i, params.size() - 1));
      values.add(i < args.size() ? arg(dot, args.get(i), kind) : check(name, last, kind));
    }
    try {
      return f.call(values);
    } catch (TemplateException e) {
      throw fail("error calling " + name + ": " + e.getMessage());
    }
  }

  /** An argument, as Go converts it to the parameter's type. */
  private Object arg(Object dot, Arg a, Kind kind) {
    if (a instanceof Number n) {
      return switch (kind) {
        case ANY -> n.value();
        case FLOAT -> ((java.lang.Number) n.value()).doubleValue();
        default -> throw fail("expected " + kindName(kind) + "; found " + n.text());
      };
    }
    if (a instanceof Constant k && k.value() == null) {
      if (kind == Kind.STRING || kind == Kind.FLOAT) {
        throw fail("cannot assign nil to " + kindName(kind));
      }
      return null;
    }
    Object v =
        a instanceof Function f
            ? call(dot, f.name(), List.of(), MISSING)
            : command(dot, new Cmd(List.of(a)), MISSING);
    return check(describe(a), v, kind);
  }

  private Object check(String what, Object v, Kind kind) {
    boolean ok =
        switch (kind) {
          case ANY -> true;
          case STRING -> v instanceof String;
          case FLOAT -> v instanceof Double;
          case SAMPLES -> v == null || v instanceof List<?>;
          case SAMPLE -> v == null || (v instanceof GoStruct s && s.pointer());
        };
    if (!ok) {
      throw fail(
          "wrong type for value; expected "
              + kindName(kind)
              + "; got "
              + GoValues.typeName(v)
              + " ("
              + what
              + ")");
    }
    return v;
  }

  private static String kindName(Kind k) {
    return switch (k) {
      case ANY -> "interface {}";
      case STRING -> "string";
      case FLOAT -> "float64";
      case SAMPLES -> "template.queryResult";
      case SAMPLE -> "*template.sample";
    };
  }

  private TemplateException fail(String message) {
    return new TemplateException(GoTemplate.where(template.text, at) + ": " + message);
  }
}
