package io.metricgen.engine.promql.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code container/heap} and, for the short lists PromQL sorts, {@code sort.Sort}'s insertion
 * sort: with them {@code topk}, {@code bottomk} and {@code sort} break ties as Prometheus does
 * whenever its input order is fixed.
 */
final class GoHeap {

  /** Go's {@code Less(i, j)} over the list. */
  interface Less {
    boolean less(List<Sample> s, int i, int j);
  }

  private GoHeap() {}

  static void push(List<Sample> h, Sample x, Less less) {
    h.add(x);
    up(h, h.size() - 1, less);
  }

  static void pop(List<Sample> h, Less less) {
    int n = h.size() - 1;
    swap(h, 0, n);
    down(h, 0, n, less);
    h.remove(n);
  }

  private static void up(List<Sample> h, int j, Less less) {
    while (true) {
      int i = (j - 1) / 2;
      if (i == j || !less.less(h, j, i)) {
        break;
      }
      swap(h, i, j);
      j = i;
    }
  }

  private static void down(List<Sample> h, int i0, int n, Less less) {
    int i = i0;
    while (true) {
      int j1 = 2 * i + 1;
      if (j1 >= n || j1 < 0) {
        break;
      }
      int j = j1;
      int j2 = j1 + 1;
      if (j2 < n && less.less(h, j2, j1)) {
        j = j2;
      }
      if (!less.less(h, j, i)) {
        break;
      }
      swap(h, i, j);
      i = j;
    }
  }

  /**
   * {@code sort.Sort}: Go's insertion sort for up to 12 elements (exact), a stable sort beyond
   * (where Go's pdqsort may order ties otherwise).
   */
  static List<Sample> sort(List<Sample> in, Less less) {
    List<Sample> s = new ArrayList<>(in);
    if (s.size() <= 12) {
      for (int i = 1; i < s.size(); i++) {
        for (int j = i; j > 0 && less.less(s, j, j - 1); j--) {
          swap(s, j, j - 1);
        }
      }
      return s;
    }
    s.sort((a, b) -> less.less(List.of(a, b), 0, 1) ? -1 : less.less(List.of(a, b), 1, 0) ? 1 : 0);
    return s;
  }

  private static void swap(List<Sample> h, int i, int j) {
    Sample t = h.get(i);
    h.set(i, h.get(j));
    h.set(j, t);
  }

  /** {@code vectorByValueHeap}: NaN first, then ascending. */
  static boolean byValue(List<Sample> s, int i, int j) {
    return Double.isNaN(s.get(i).v()) || s.get(i).v() < s.get(j).v();
  }

  /** {@code vectorByReverseValueHeap}: NaN first, then descending. */
  static boolean byReverseValue(List<Sample> s, int i, int j) {
    return Double.isNaN(s.get(i).v()) || s.get(i).v() > s.get(j).v();
  }

  /** {@code sort.Reverse} of a Less. */
  static Less reverse(Less less) {
    return (s, i, j) -> less.less(s, j, i);
  }
}
