package io.metricgen.engine.ruletest;

import io.metricgen.engine.promql.eval.QueryEngine;
import io.metricgen.engine.promql.eval.QueryException;
import io.metricgen.engine.promql.eval.QueryResult;
import io.metricgen.engine.promql.eval.RangeSeries;
import io.metricgen.engine.promql.eval.SeriesLabels;
import io.metricgen.engine.template.AlertTemplates;
import io.metricgen.engine.template.GoTemplate;
import io.metricgen.engine.template.TemplateException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The alerts one alerting rule makes over a range of evaluations, each as Prometheus identifies it
 * ({@code rules/alerting.go}): an output sample's labels without its name, with the rule's labels
 * set over them (templates rendered for that sample; one that renders empty removes the label).
 * Each alert's firing windows follow {@link AlertStates}; the samples it saw give its annotations.
 */
public final class AlertInstances {

  private AlertInstances() {}

  /** What one evaluation's expression returned for an alert: its labels (with name) and value. */
  public record Sample(SeriesLabels labels, double value) {}

  /**
   * One alert of a rule.
   *
   * @param labels its labels, without {@code alertname}
   * @param firing when it fires
   * @param samples what each evaluation that returned it saw, by time
   */
  public record Instance(
      SeriesLabels labels, List<AlertStates.Interval> firing, NavigableMap<Long, Sample> samples) {

    /** The last evaluation's sample at or before t (annotations keep it while kept firing). */
    public Map.Entry<Long, Sample> at(long t) {
      return samples.floorEntry(t);
    }
  }

  /** A rule's label and annotation templates, parsed. */
  public record Templates(Map<String, GoTemplate> labels, Map<String, GoTemplate> annotations) {

    /**
     * Parses them as Prometheus does when it loads the rule.
     *
     * @throws TemplateException naming the field ({@code labels.severity}, {@code
     *     annotations.summary}) and where in its text
     */
    public static Templates of(Map<String, String> labels, Map<String, String> annotations) {
      return new Templates(parse("labels", labels), parse("annotations", annotations));
    }

    private static Map<String, GoTemplate> parse(String field, Map<String, String> texts) {
      Map<String, GoTemplate> out = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : texts.entrySet()) {
        try {
          out.put(e.getKey(), AlertTemplates.parse(e.getValue()));
        } catch (TemplateException ex) {
          throw new TemplateException(field + "." + e.getKey() + ": " + ex.getMessage());
        }
      }
      return out;
    }

    /** Whether a label's template reads the sample's value or runs queries. */
    static boolean dynamic(String text) {
      return text.contains("{{")
          && (text.contains("$value")
              || text.contains(".Value")
              || text.contains("query")
              || text.contains("template"));
    }
  }

  /** Runs template queries with the evaluator, at the evaluation's time, as promtool does. */
  public static AlertTemplates.Query query(QueryEngine engine) {
    return (promql, time) -> {
      QueryResult r;
      try {
        r = engine.instant(promql, time);
      } catch (QueryException e) {
        throw new TemplateException(e.getMessage());
      }
      List<AlertTemplates.QuerySample> out = new ArrayList<>();
      switch (r.resultType()) {
        case "vector" -> {
          for (RangeSeries s : r.series()) {
            out.add(new AlertTemplates.QuerySample(map(s.labels()), s.value(0)));
          }
        }
        case "scalar" -> out.add(new AlertTemplates.QuerySample(Map.of(), r.scalar()));
        default -> throw new TemplateException("rule result is not a vector or scalar");
      }
      return out;
    };
  }

  /**
   * The rule's alerts over a range query of its expression (every {@code step} from {@code start}
   * to {@code end}).
   *
   * @throws TemplateException where a label's template fails for a sample
   */
  public static List<Instance> of(
      QueryResult range,
      long start,
      long end,
      long step,
      long forMillis,
      long keepFiringMillis,
      Map<String, String> ruleLabels,
      Templates templates,
      AlertTemplates.Query query) {
    int steps = (int) ((end - start) / step) + 1;
    Map<SeriesLabels, boolean[]> present = new TreeMap<>();
    Map<SeriesLabels, TreeMap<Long, Sample>> samples = new HashMap<>();
    for (RangeSeries s : range.series()) {
      Map<String, String> sampleLabels = map(s.labels());
      SeriesLabels fixed = null;
      for (int i = 0; i < s.size(); i++) {
        long t = s.time(i);
        if (t < start || t > end || (t - start) % step != 0) {
          continue;
        }
        SeriesLabels id = fixed;
        if (id == null) {
          SeriesLabels.Builder b = s.labels().withoutName().builder();
          boolean dynamic = false;
          for (Map.Entry<String, String> l : ruleLabels.entrySet()) {
            String text = l.getValue();
            String value = text;
            if (text.contains("{{")) {
              dynamic |= Templates.dynamic(text);
              try {
                value =
                    AlertTemplates.expand(
                        templates.labels().get(l.getKey()), sampleLabels, s.value(i), t, query);
              } catch (TemplateException e) {
                throw new TemplateException("labels." + l.getKey() + ": " + e.getMessage());
              }
            }
            b.set(l.getKey(), value); // an empty value removes the label
          }
          id = b.build();
          if (!dynamic) {
            fixed = id;
          }
        }
        present.computeIfAbsent(id, k -> new boolean[steps])[(int) ((t - start) / step)] = true;
        samples
            .computeIfAbsent(id, k -> new TreeMap<>())
            .put(t, new Sample(s.labels(), s.value(i)));
      }
    }
    AlertStates.History h =
        AlertStates.ofPresence(present, steps, start, step, forMillis, keepFiringMillis);
    List<Instance> out = new ArrayList<>();
    for (Map.Entry<SeriesLabels, List<AlertStates.Interval>> e :
        new TreeMap<>(h.firingByAlert()).entrySet()) {
      out.add(new Instance(e.getKey(), e.getValue(), samples.get(e.getKey())));
    }
    return out;
  }

  /**
   * An alert's annotations as rendered.
   *
   * @param texts by annotation name
   * @param unordered whether a template read a query's result of several samples: their order in
   *     Prometheus is the order its storage created the series in, which promtool leaves to chance
   * @param queryFailed whether a query a template ran failed (on these series, not the template)
   */
  public record Annotations(
      SortedMap<String, String> texts, boolean unordered, boolean queryFailed) {}

  /**
   * The alert's annotations at an evaluation, rendered as Prometheus renders them.
   *
   * @throws TemplateException naming the annotation and where its template fails
   */
  public static Annotations annotations(
      Templates templates, Sample sample, long time, AlertTemplates.Query query) {
    SortedMap<String, String> out = new TreeMap<>();
    Map<String, String> labels = map(sample.labels());
    boolean[] unordered = {false};
    boolean[] failed = {false};
    AlertTemplates.Query watched =
        (promql, t) -> {
          List<AlertTemplates.QuerySample> r;
          try {
            r = query.run(promql, t);
          } catch (TemplateException e) {
            failed[0] = true;
            throw e;
          }
          unordered[0] |= r.size() > 1;
          return r;
        };
    for (Map.Entry<String, GoTemplate> e : templates.annotations().entrySet()) {
      try {
        out.put(
            e.getKey(), AlertTemplates.expand(e.getValue(), labels, sample.value(), time, watched));
      } catch (TemplateException ex) {
        if (failed[0]) {
          return new Annotations(out, unordered[0], true);
        }
        throw new TemplateException("annotations." + e.getKey() + ": " + ex.getMessage());
      }
    }
    return new Annotations(out, unordered[0], false);
  }

  /** The labels as a map. */
  public static Map<String, String> map(SeriesLabels labels) {
    Map<String, String> out = new TreeMap<>();
    for (int i = 0; i < labels.size(); i++) {
      out.put(labels.name(i), labels.value(i));
    }
    return out;
  }
}
