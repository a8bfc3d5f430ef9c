package io.metricgen.engine.template;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The values a template works with, as Go's types: {@code String} (string), {@code Long} (int),
 * {@code Double} (float64), {@code Boolean} (bool), {@code null} (nil), {@link GoMap} (a map with
 * string keys), {@link List} (a slice) and {@link GoStruct} (a struct, or a pointer to one).
 */
public final class GoValues {

  private GoValues() {}

  /**
   * A Go map with string keys, its entries in key order (as templates and fmt visit them).
   *
   * @param entries the entries
   * @param type Go's name for the map's type, like {@code map[string]string}
   * @param zero the element type's zero value: what a missing key gives ({@code missingkey=zero})
   */
  public record GoMap(SortedMap<String, Object> entries, String type, Object zero) {

    /** A {@code map[string]string}. */
    public static GoMap ofStrings(Map<String, String> labels) {
      SortedMap<String, Object> m = new java.util.TreeMap<>(labels);
      return new GoMap(m, "map[string]string", "");
    }
  }

  /**
   * A Go struct value or pointer.
   *
   * @param type Go's name for the type, like {@code *template.sample}
   * @param fields the fields in declaration order
   * @param pointer whether this is a pointer to the struct (fmt prints {@code &{...}})
   */
  public record GoStruct(String type, Map<String, Object> fields, boolean pointer) {}

  /** Go's name for the value's type, as {@code %T} prints it. */
  static String typeName(Object v) {
    if (v == null) {
      return "<nil>";
    }
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof Long) {
      return "int";
    }
    if (v instanceof Double) {
      return "float64";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    if (v instanceof GoMap m) {
      return m.type();
    }
    if (v instanceof GoStruct s) {
      return s.type();
    }
    if (v instanceof List<?> l) {
      return l.isEmpty() ? "[]interface {}" : "[]" + typeName(l.get(0));
    }
    return v.getClass().getSimpleName();
  }

  /** Whether the value is "true" as if, with and and/or see it: not zero, empty or nil. */
  static boolean truth(Object v) {
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Long l) {
      return l != 0;
    }
    if (v instanceof Double d) {
      return d != 0;
    }
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    if (v instanceof GoMap m) {
      return !m.entries().isEmpty();
    }
    if (v instanceof List<?> l) {
      return !l.isEmpty();
    }
    return true;
  }
}
