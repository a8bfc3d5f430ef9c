package io.metricgen.engine.live;

import io.metricgen.engine.model.MetricType;
import io.metricgen.engine.series.CompiledScenario;
import io.metricgen.engine.series.IncidentPlan;
import io.metricgen.engine.series.LastSample;
import io.metricgen.engine.series.LiveCursors;
import io.metricgen.engine.series.MetricFamily;
import io.metricgen.engine.series.Series;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A scenario running against a clock: the values at any moment are those of the step that moment
 * falls in, counting from {@code originMillis}. Moments must not go backwards. While it runs, the
 * scenario can be replaced ({@link #replace}) and incidents started and stopped: series whose
 * definition did not change run on exactly, and counters, histograms and summaries always go on
 * from their last value, so that Prometheus sees no reset. Thread-safe.
 */
public final class LiveScenario {

  /** Incidents that are over and still listed, newest last. */
  static final int ENDED_KEPT = 20;

  private final long originMillis;
  private final Snapshots snapshots;
  private CompiledScenario scenario;
  private List<FamilyState> families;
  private long step = -1;
  private final Map<String, Running> running = new LinkedHashMap<>();
  private final Deque<Incident> ended = new ArrayDeque<>();
  private long incidentsStarted;

  /** A running incident and the steps it covers, from {@code start} until before {@code end}. */
  private record Running(Incident incident, long start, long end) {}

  public LiveScenario(CompiledScenario scenario, long originMillis) {
    this.originMillis = originMillis;
    this.snapshots = new Snapshots(originMillis);
    this.scenario = scenario;
    this.families = states(scenario);
  }

  /** The step {@code nowMillis} falls in. */
  public synchronized long stepAt(long nowMillis) {
    return Math.max(0, Math.floorDiv(nowMillis - originMillis, scenario.intervalMillis()));
  }

  /** The scenario it runs now. */
  public synchronized CompiledScenario scenario() {
    return scenario;
  }

  /**
   * The values at {@code nowMillis}, as the Prometheus client's snapshots (no timestamps), with the
   * latest exemplar of each series.
   *
   * @param nativeHistograms whether the format carries native histograms (protobuf); then a
   *     native-only histogram has no classic buckets, as client libraries expose it
   */
  public synchronized MetricSnapshots snapshotAt(long nowMillis, boolean nativeHistograms) {
    advanceTo(stepAt(nowMillis));
    List<MetricSnapshot> out = new ArrayList<>();
    for (FamilyState state : families) {
      out.add(snapshots.snapshot(state, nativeHistograms));
    }
    return new MetricSnapshots(out);
  }

  /** Every series at {@code nowMillis}, in the scenario's order. */
  public synchronized List<LiveSeries> seriesAt(long nowMillis) {
    advanceTo(stepAt(nowMillis));
    return Snapshots.series(families);
  }

  /**
   * Runs {@code next} from {@code nowMillis} on. A series of the same metric with the same labels
   * and an unchanged definition runs on as it was; one whose definition changed follows the new one
   * from now, going on from its last value where it counts; new series start now, counting from
   * zero; series that are gone are no longer exposed. Incidents go on over the new definitions of
   * their series, and end when their metric is gone or the interval changed.
   */
  public synchronized Edit replace(CompiledScenario next, long nowMillis) {
    boolean begun = step >= 0;
    if (begun) {
      advanceTo(stepAt(nowMillis));
    }
    boolean sameInterval = next.intervalMillis() == scenario.intervalMillis();
    Map<String, Map<Labels, SeriesState>> before = new HashMap<>();
    Map<String, MetricFamily> familiesBefore = new HashMap<>();
    for (FamilyState f : families) {
      familiesBefore.put(f.family().name(), f.family());
      Map<Labels, SeriesState> byLabels = new HashMap<>();
      for (SeriesState s : f.series()) {
        byLabels.put(s.series.labels(), s);
      }
      before.put(f.family().name(), byLabels);
    }
    List<String> dropped = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (MetricFamily f : next.families()) {
      names.add(f.name());
    }
    for (Running r : List.copyOf(running.values())) {
      if (!sameInterval || !names.contains(r.incident.plan().metric())) {
        running.remove(r.incident.id());
        end(r.incident.withState("dropped"));
        dropped.add(r.incident.id());
      }
    }
    long at =
        begun ? Math.max(0, Math.floorDiv(nowMillis - originMillis, next.intervalMillis())) : -1;
    int unchanged = 0;
    int changed = 0;
    int added = 0;
    Set<String> touched = new LinkedHashSet<>();
    List<FamilyState> states = new ArrayList<>();
    for (MetricFamily f : next.families()) {
      Map<Labels, SeriesState> old = before.getOrDefault(f.name(), new HashMap<>());
      SeriesState[] series = new SeriesState[f.series().size()];
      for (int i = 0; i < series.length; i++) {
        Series s = f.series().get(i);
        String definition = f.definitionOf(s);
        SeriesState was = old.remove(s.labels());
        boolean same =
            was != null
                && sameInterval
                && was.definition.equals(definition)
                && was.series.key() == s.key();
        if (was == null) {
          added++;
          touched.add(f.name());
        } else if (same) {
          unchanged++;
        } else {
          changed++;
          touched.add(f.name());
        }
        if (same) {
          series[i] = was;
          continue;
        }
        SeriesState state = new SeriesState(s, definition);
        series[i] = state;
        if (begun) {
          LastSample last =
              was == null ? null : LiveCursors.remap(familiesBefore.get(f.name()), f, was.last());
          Running r = was == null || was.incident == null ? null : running.get(was.incident.id());
          state.incident = r == null ? null : r.incident;
          state.cursor =
              r == null
                  ? LiveCursors.continued(f, s, at, last)
                  : LiveCursors.incident(f, s, at, last, r.incident.plan(), r.start);
          state.next();
        }
      }
      states.add(new FamilyState(f, series));
    }
    int removed = 0;
    for (Map.Entry<String, Map<Labels, SeriesState>> e : before.entrySet()) {
      if (!e.getValue().isEmpty()) {
        removed += e.getValue().size();
        touched.add(e.getKey());
      }
    }
    scenario = next;
    families = states;
    if (begun) {
      step = at;
    }
    return new Edit(unchanged, changed, added, removed, List.copyOf(touched), dropped);
  }

  /**
   * Starts {@code plan} at {@code nowMillis}: its shape's time 0 is the current step, which shows
   * it at once.
   *
   * @throws IllegalArgumentException when the metric or its matching series don't exist
   * @throws IllegalStateException when a series it would drive runs another incident
   */
  public synchronized Incident start(IncidentPlan plan, long nowMillis) {
    return start(plan, null, nowMillis, nowMillis);
  }

  /**
   * Starts {@code plan}, which started at {@code startedAtMillis} (now or before: an incident that
   * a restarted generator takes up again), under the id {@code id}, or a new one when null. One
   * that is already over is listed as ended and changes nothing.
   *
   * @throws IllegalArgumentException when the metric or its matching series don't exist
   * @throws IllegalStateException when the id runs already, or a series it would drive runs another
   *     incident
   */
  public synchronized Incident start(
      IncidentPlan plan, String id, long startedAtMillis, long nowMillis) {
    advanceTo(stepAt(nowMillis));
    if (id != null && running.containsKey(id)) {
      throw new IllegalStateException("incident " + id + " runs already");
    }
    IncidentTargets targets = IncidentTargets.of(families, plan);
    FamilyState family = targets.family();
    List<SeriesState> matching = targets.series();
    long interval = scenario.intervalMillis();
    long steps = Math.max(1, Math.floorDiv(plan.duration().toMillis() + interval - 1, interval));
    // From its start time, also one before this run's time 0 (a generator restarted during it).
    long start =
        Math.min(step, Math.floorDiv(startedAtMillis - originMillis, scenario.intervalMillis()));
    Instant startedAt = Instant.ofEpochMilli(startedAtMillis);
    incidentsStarted++;
    Incident incident =
        new Incident(
            id != null ? id : "i" + incidentsStarted,
            plan,
            startedAt,
            startedAt.plus(plan.duration()),
            matching.size(),
            "running");
    if (start + steps <= step) {
      Incident over = incident.withState("ended");
      end(over);
      return over;
    }
    running.put(incident.id(), new Running(incident, start, start + steps));
    MetricFamily f = family.family();
    for (SeriesState s : matching) {
      LastSample last = s.last();
      s.incident = incident;
      s.cursor = LiveCursors.incident(f, s.series, step, last, plan, start);
      s.next();
    }
    return incident;
  }

  /**
   * Stops the running incident {@code id} at {@code nowMillis}; false when none runs by that id.
   */
  public synchronized boolean stop(String id, long nowMillis) {
    advanceTo(stepAt(nowMillis));
    Running r = running.get(id);
    if (r == null) {
      return false;
    }
    stopNow(r);
    return true;
  }

  /** The running incidents and the last ones that ended, as of {@code nowMillis}. */
  public synchronized List<Incident> incidents(long nowMillis) {
    advanceTo(stepAt(nowMillis));
    List<Incident> out = new ArrayList<>(ended);
    running.values().forEach(r -> out.add(r.incident));
    return out;
  }

  private void advanceTo(long target) {
    if (step < 0) {
      // The first moment may be far from time 0 (a generator continuing a backfilled history):
      // the cursors start there rather than step through everything before it.
      for (FamilyState state : families) {
        for (SeriesState s : state.series()) {
          s.cursor = state.family().cursor(s.series, target);
        }
      }
      step = target - 1;
    }
    while (step < target) {
      step++;
      for (Running r : List.copyOf(running.values())) {
        // Gauges leave an incident at its end; what counts a step later (see LiveCursors).
        if (step >= r.end) {
          release(r, step > r.end);
        }
      }
      for (FamilyState state : families) {
        for (SeriesState s : state.series()) {
          s.next();
        }
      }
    }
  }

  /**
   * The series of an incident that has run its steps follow their definitions again from the
   * current step, which the caller is about to take: gauges, and with {@code all} the rest too. The
   * incident has ended once none of its series is left to it.
   */
  private void release(Running r, boolean all) {
    boolean held = false;
    for (FamilyState f : families) {
      for (SeriesState s : f.series()) {
        if (s.incident == null || !s.incident.id().equals(r.incident.id())) {
          continue;
        }
        if (!all && f.family().type() != MetricType.GAUGE) {
          held = true;
          continue;
        }
        LastSample last = s.last();
        s.incident = null;
        // On from the step before, which repeats the last sample, so that this one counts.
        s.cursor = LiveCursors.continued(f.family(), s.series, step - 1, last);
        s.cursor.next();
      }
    }
    if (!held) {
      running.remove(r.incident.id());
      end(r.incident.withState("ended"));
    }
  }

  /** Stops an incident now: its series follow their definitions from the current step on. */
  private void stopNow(Running r) {
    running.remove(r.incident.id());
    end(r.incident.withState("stopped"));
    for (FamilyState f : families) {
      for (SeriesState s : f.series()) {
        if (s.incident != null && s.incident.id().equals(r.incident.id())) {
          LastSample last = s.last();
          s.incident = null;
          s.cursor = LiveCursors.continued(f.family(), s.series, step, last);
          s.next();
        }
      }
    }
  }

  private void end(Incident incident) {
    ended.addLast(incident);
    while (ended.size() > ENDED_KEPT) {
      ended.removeFirst();
    }
  }

  private static List<FamilyState> states(CompiledScenario scenario) {
    List<FamilyState> out = new ArrayList<>();
    for (MetricFamily f : scenario.families()) {
      SeriesState[] series = new SeriesState[f.series().size()];
      for (int i = 0; i < series.length; i++) {
        Series s = f.series().get(i);
        series[i] = new SeriesState(s, f.definitionOf(s));
      }
      out.add(new FamilyState(f, series));
    }
    return out;
  }
}
