package io.metricgen.engine.ruletest;

import io.metricgen.engine.promql.eval.QueryResult;
import io.metricgen.engine.promql.eval.RangeSeries;
import io.metricgen.engine.promql.eval.SeriesLabels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Prometheus's rule evaluation makes of an alerting rule's expression evaluated at each
 * evaluation time: each output series (without its name) is one alert, pending from the first
 * evaluation that returns it, firing once it has been returned for {@code for}, and gone at the
 * first evaluation that does not return it (or, with {@code keep_firing_for}, once it has not been
 * returned for that long). As {@code rules/alerting.go} does it in Prometheus 2.42 (and 2.44 for
 * {@code keep_firing_for}).
 */
public final class AlertStates {

  /** Evaluation times from one to another, both included, in milliseconds. */
  public record Interval(long from, long to) {
    public boolean contains(long t) {
      return t >= from && t <= to;
    }
  }

  /**
   * The alert over the evaluations.
   *
   * @param active when the expression returned anything (the alert was pending or firing)
   * @param firing when some alert of the rule was firing
   * @param firingByAlert the same, for each alert (the expression's output labels)
   */
  public record History(
      List<Interval> active,
      List<Interval> firing,
      Map<SeriesLabels, List<Interval>> firingByAlert) {}

  private AlertStates() {}

  /**
   * Follows the rule over a range query of its expression (every {@code step} from {@code start} to
   * {@code end}, as the rule group evaluates it).
   */
  public static History of(
      QueryResult range, long start, long end, long step, long forMillis, long keepFiringMillis) {
    int steps = (int) ((end - start) / step) + 1;
    Map<SeriesLabels, boolean[]> present = new TreeMap<>();
    for (RangeSeries s : range.series()) {
      boolean[] p = present.computeIfAbsent(s.labels().withoutName(), k -> new boolean[steps]);
      for (int i = 0; i < s.size(); i++) {
        long t = s.time(i);
        if (t >= start && t <= end && (t - start) % step == 0) {
          p[(int) ((t - start) / step)] = true;
        }
      }
    }
    return ofPresence(present, steps, start, step, forMillis, keepFiringMillis);
  }

  /**
   * Follows each alert over the evaluations from its presence at each: {@code present} maps an
   * alert's identity to whether the expression returned it at each of the {@code steps}
   * evaluations.
   */
  public static History ofPresence(
      Map<SeriesLabels, boolean[]> present,
      int steps,
      long start,
      long step,
      long forMillis,
      long keepFiringMillis) {
    boolean[] any = new boolean[steps];
    boolean[] firingAny = new boolean[steps];
    Map<SeriesLabels, List<Interval>> byAlert = new HashMap<>();
    for (Map.Entry<SeriesLabels, boolean[]> e : present.entrySet()) {
      boolean[] p = e.getValue();
      boolean[] firing = new boolean[steps];
      long activeAt = -1;
      long absentSince = -1;
      boolean isFiring = false;
      for (int i = 0; i < steps; i++) {
        long t = start + i * step;
        if (p[i]) {
          any[i] = true;
          absentSince = -1;
          if (activeAt < 0) {
            activeAt = t;
          }
          if (!isFiring && t - activeAt >= forMillis) {
            isFiring = true;
          }
        } else if (activeAt >= 0) {
          if (isFiring && keepFiringMillis > 0) {
            if (absentSince < 0) {
              absentSince = t;
            }
            if (t - absentSince < keepFiringMillis) {
              firing[i] = true;
              firingAny[i] = true;
              continue;
            }
          }
          activeAt = -1;
          absentSince = -1;
          isFiring = false;
        }
        if (isFiring) {
          firing[i] = true;
          firingAny[i] = true;
        }
      }
      List<Interval> runs = runs(firing, start, step);
      if (!runs.isEmpty()) {
        byAlert.put(e.getKey(), runs);
      }
    }
    return new History(runs(any, start, step), runs(firingAny, start, step), byAlert);
  }

  /** The runs of true values, as intervals of evaluation times. */
  static List<Interval> runs(boolean[] on, long start, long step) {
    List<Interval> out = new ArrayList<>();
    int i = 0;
    while (i < on.length) {
      if (!on[i]) {
        i++;
        continue;
      }
      int j = i;
      while (j + 1 < on.length && on[j + 1]) {
        j++;
      }
      out.add(new Interval(start + i * step, start + j * step));
      i = j + 1;
    }
    return out;
  }
}
