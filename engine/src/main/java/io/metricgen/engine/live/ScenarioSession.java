package io.metricgen.engine.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import io.metricgen.engine.load.MetricEdits;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.series.CompiledScenario;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A scenario's text and the live scenario it runs, changed together: a whole new text, or one
 * metric put, added or deleted. Each change is compiled exactly as a file is; a change with
 * problems changes nothing. The text follows every change (a metric edit is made in the text, so
 * that comments stay where the layout allows), ready to be written back to the file. Thread-safe.
 */
public final class ScenarioSession {

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final String source;
  private final Integer maxSeries;
  private final LiveScenario live;
  private final List<Runnable> listeners = new ArrayList<>();
  private String text;
  private JsonNode tree;
  private boolean commentsKept = true;

  /**
   * @param source the file name, for messages
   * @param text the scenario's text
   * @param maxSeries a cap on series that replaces the scenario's own, or null
   * @param originMillis the scenario's time 0
   * @throws InvalidInputException when the text is not a valid scenario
   */
  public ScenarioSession(String source, String text, Integer maxSeries, long originMillis) {
    this.source = source;
    this.maxSeries = maxSeries;
    this.live = new LiveScenario(ScenarioLoader.compile(source, text, maxSeries), originMillis);
    this.text = text;
    this.tree = ScenarioLoader.read(source, text).tree();
  }

  /** The live scenario, for snapshots and incidents. */
  public LiveScenario live() {
    return live;
  }

  /** The scenario's current text. */
  public synchronized String text() {
    return text;
  }

  /** The scenario as data (what the text says). */
  public synchronized JsonNode tree() {
    return tree.deepCopy();
  }

  /** Whether the last metric edit kept the text's comments (it rewrote the whole text if not). */
  public synchronized boolean commentsKept() {
    return commentsKept;
  }

  /** Calls {@code listener} after every change that was applied. */
  public synchronized void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /**
   * Runs {@code newText} from {@code nowMillis} on.
   *
   * @param origin where the text comes from, for messages (the file, or a request)
   * @throws InvalidInputException when it is not a valid scenario; nothing changes then
   */
  public Edit replace(String origin, String newText, long nowMillis) {
    Edit edit;
    synchronized (this) {
      CompiledScenario compiled = ScenarioLoader.compile(origin, newText, maxSeries);
      JsonNode newTree = ScenarioLoader.read(origin, newText).tree();
      edit = live.replace(compiled, nowMillis);
      text = newText;
      tree = newTree;
      commentsKept = true;
    }
    changed();
    return edit;
  }

  /**
   * Puts {@code metric} (a metric as a scenario lists it) in place of the metric named {@code
   * name}, or adds it when there is none.
   *
   * @throws InvalidInputException when the metric, or the scenario with it, is not valid
   */
  public Edit putMetric(String name, JsonNode metric, long nowMillis) {
    JsonNode named = named(metric, name);
    Edit edit;
    synchronized (this) {
      int index = indexOf(name);
      edit = index < 0 ? add(named, nowMillis) : apply(index, named, nowMillis);
    }
    changed();
    return edit;
  }

  /**
   * Adds {@code metric}.
   *
   * @throws IllegalStateException when the scenario has a metric of that name
   * @throws InvalidInputException when the metric, or the scenario with it, is not valid
   */
  public Edit addMetric(JsonNode metric, long nowMillis) {
    JsonNode name = metric == null ? null : metric.get("name");
    if (name == null || !name.isTextual()) {
      throw new InvalidInputException(
          new Problem("request body", 0, "name", "required: the metric's name"));
    }
    Edit edit;
    synchronized (this) {
      if (indexOf(name.asText()) >= 0) {
        throw new IllegalStateException(
            "the scenario has a metric \"" + name.asText() + "\"; PUT replaces it");
      }
      edit = add(metric, nowMillis);
    }
    changed();
    return edit;
  }

  /**
   * Deletes the metric named {@code name}.
   *
   * @throws NoSuchElementException when there is none
   * @throws InvalidInputException when the scenario without it is not valid (its last metric)
   */
  public Edit deleteMetric(String name, long nowMillis) {
    Edit edit;
    synchronized (this) {
      int index = indexOf(name);
      if (index < 0) {
        throw new NoSuchElementException("the scenario has no metric \"" + name + "\"");
      }
      edit = apply(index, null, nowMillis);
    }
    changed();
    return edit;
  }

  private Edit add(JsonNode metric, long nowMillis) {
    ObjectNode next = (ObjectNode) tree.deepCopy();
    ArrayNode metrics = next.get("metrics") instanceof ArrayNode a ? a : next.putArray("metrics");
    metrics.add(metric);
    return commit(next, MetricEdits.append(text, metric), nowMillis);
  }

  /** Replaces (or with null removes) metric {@code index}. */
  private Edit apply(int index, JsonNode metric, long nowMillis) {
    ObjectNode next = (ObjectNode) tree.deepCopy();
    ArrayNode metrics = (ArrayNode) next.get("metrics");
    if (metric == null) {
      metrics.remove(index);
    } else {
      metrics.set(index, metric);
    }
    Optional<String> edited =
        metric == null ? MetricEdits.remove(text, index) : MetricEdits.replace(text, index, metric);
    return commit(next, edited, nowMillis);
  }

  private Edit commit(ObjectNode next, Optional<String> edited, long nowMillis) {
    String newText = edited.orElseGet(() -> rewrite(MetricEdits.tidy(next)));
    // The edited text is what is compiled: problems name its lines, as they would be on disk.
    CompiledScenario compiled = ScenarioLoader.compile(source + " (as edited)", newText, maxSeries);
    Edit edit = live.replace(compiled, nowMillis);
    text = newText;
    tree = ScenarioLoader.read(source, newText).tree();
    commentsKept = edited.isPresent();
    return edit;
  }

  /** The whole scenario anew: as JSON when its text was JSON, else as YAML. */
  private String rewrite(JsonNode scenario) {
    if (text.stripLeading().startsWith("{")) {
      try {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(scenario) + "\n";
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("a tree always serializes", e);
      }
    }
    return ScenarioLoader.write(scenario);
  }

  private int indexOf(String name) {
    JsonNode metrics = tree.get("metrics");
    if (metrics instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        JsonNode n = a.get(i).get("name");
        if (n != null && n.isTextual() && n.asText().equals(name)) {
          return i;
        }
      }
    }
    return -1;
  }

  private static JsonNode named(JsonNode metric, String name) {
    if (!(metric instanceof ObjectNode o)) {
      throw new InvalidInputException(
          new Problem("request body", 0, "", "must be a metric: an object with name and type"));
    }
    JsonNode given = o.get("name");
    if (given != null && !(given.isTextual() && given.asText().equals(name))) {
      throw new InvalidInputException(
          new Problem(
              "request body",
              0,
              "name",
              "is "
                  + given
                  + " but the path names \""
                  + name
                  + "\"; leave it out or make them equal"));
    }
    ObjectNode out = o.deepCopy();
    if (given == null) {
      // The name first, as a scenario author writes it.
      ObjectNode first = out.objectNode().put("name", name);
      first.setAll(out);
      return first;
    }
    return out;
  }

  private void changed() {
    List<Runnable> now;
    synchronized (this) {
      now = List.copyOf(listeners);
    }
    now.forEach(Runnable::run);
  }
}
