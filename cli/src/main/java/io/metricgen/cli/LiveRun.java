package io.metricgen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import io.metricgen.engine.live.Edit;
import io.metricgen.engine.live.Incident;
import io.metricgen.engine.live.ScenarioSession;
import io.metricgen.engine.load.FieldPath;
import io.metricgen.engine.load.IncidentCompiler;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.load.YamlDocument;
import io.metricgen.engine.series.IncidentPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A scenario running live for {@code serve} or {@code push}: its session, and what changes it (the
 * watched scenario file, the incidents file, the control API). Refused changes are reported and
 * kept for the control page; what runs stays.
 */
final class LiveRun implements AutoCloseable {

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final Path file;
  private final ScenarioSession session;
  private final boolean watching;
  private final Set<String> fileIncidents = new HashSet<>();
  private final java.util.List<Runnable> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private FileWatcher watcher;
  private ControlServer control;
  private volatile String problem;

  private LiveRun(Path file, ScenarioSession session, boolean watching) {
    this.file = file;
    this.session = session;
    this.watching = watching;
  }

  /**
   * Reads the scenario and starts what the options ask for.
   *
   * @throws InvalidInputException when the scenario (or the incidents file) can't be read
   */
  static LiveRun start(
      ScenarioOptions scenario, LiveOptions live, long originMillis, CommandSpec spec)
      throws Exception {
    java.net.InetSocketAddress controlAddress = live.controlAddress(spec);
    String token = live.controlTokenFile == null ? null : token(live.controlTokenFile);
    String text = ScenarioLoader.readFile(scenario.file);
    ScenarioSession session =
        new ScenarioSession(scenario.file.toString(), text, scenario.maxSeries, originMillis);
    LiveRun run = new LiveRun(scenario.file, session, live.watch);
    session.onChange(run::changed);
    try {
      if (live.incidents != null) {
        if (Files.exists(live.incidents)) {
          run.incidents(ScenarioLoader.readFile(live.incidents), live.incidents, true);
        } else {
          // None yet: it is watched, and read when it comes (a volume not yet updated).
          System.err.printf("no incidents file %s yet: none run%n", live.incidents);
        }
      }
      Map<Path, Consumer<String>> watched = new LinkedHashMap<>();
      if (live.watch) {
        watched.put(scenario.file, run::fileChanged);
      }
      if (live.incidents != null) {
        Path incidents = live.incidents;
        watched.put(incidents, t -> run.incidents(t, incidents, false));
      }
      if (!watched.isEmpty()) {
        run.watcher = new FileWatcher(watched);
      }
      if (controlAddress != null) {
        run.control = ControlServer.start(run, controlAddress, token);
        System.err.printf(
            "control API on http://%s:%d/%n", controlAddress.getHostString(), run.control.port());
      }
    } catch (Exception | Error e) {
      run.close();
      throw e;
    }
    return run;
  }

  private static String token(Path file) {
    String token = ScenarioLoader.readFile(file).strip();
    if (token.isEmpty() || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
      throw new InvalidInputException(
          new Problem(
              file.toString(), 0, "", "must hold one token of printable ASCII without spaces"));
    }
    return token;
  }

  ScenarioSession session() {
    return session;
  }

  /** The last refused change and why, or null. */
  String problem() {
    return problem;
  }

  /** The control API's port, when it runs. */
  int controlPort() {
    return control.port();
  }

  Path file() {
    return file;
  }

  /** Whether changes may be written back to the file: only while it is watched. */
  boolean canPersist() {
    return watching;
  }

  /** Writes the session's text to the scenario file (which is watched), atomically. */
  void persist() throws IOException {
    Path target = file.toRealPath();
    String text = session.text();
    watcher.writeOwn(
        file,
        text,
        () -> {
          Path temp = Files.createTempFile(target.getParent(), ".metricgen-", ".tmp");
          try {
            Files.writeString(temp, text);
            Files.move(
                temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          } finally {
            Files.deleteIfExists(temp);
          }
        });
  }

  /** Calls {@code listener} after every change to what runs (scenario or incidents). */
  void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /** Tells the listeners that what runs changed. */
  void changed() {
    listeners.forEach(Runnable::run);
  }

  /** Reports a change that was refused, keeping it for the control page. */
  void refused(String origin, InvalidInputException e) {
    problem =
        Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            + " "
            + origin
            + " refused: "
            + e.problems().stream().map(Problem::toString).collect(Collectors.joining("; "));
    System.err.println(problem);
  }

  /** Reports a change that was made. */
  void applied(String origin, Edit edit) {
    problem = null;
    System.err.println(origin + " applied: " + edit.summary());
  }

  private void fileChanged(String text) {
    if (text.equals(session.text())) {
      return;
    }
    try {
      applied(file.toString(), session.replace(file.toString(), text, System.currentTimeMillis()));
    } catch (InvalidInputException e) {
      refused(file + " (still running the scenario before the edit)", e);
    }
  }

  /**
   * Runs the incidents {@code text} lists that have not run yet, and stops those it no longer
   * lists. One bad entry is reported; the others run.
   */
  private synchronized void incidents(String text, Path source, boolean atStart) {
    String name = source.toString();
    YamlDocument doc;
    try {
      doc = ScenarioLoader.read(name, text);
      JsonNode tree = doc.tree();
      if (tree != null && !tree.isNull() && !tree.isArray()) {
        throw new InvalidInputException(
            new Problem(name, 1, "", "must be a list of incidents, each with id and startedAt"));
      }
    } catch (InvalidInputException e) {
      if (atStart) {
        throw e;
      }
      refused(name, e);
      return;
    }
    JsonNode list = doc.tree() == null ? JSON.createArrayNode() : doc.tree();
    long now = System.currentTimeMillis();
    Set<String> listed = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      FieldPath at = FieldPath.ROOT.index(i);
      String where = name + " item " + i;
      try {
        JsonNode entry = list.get(i);
        JsonNode id = entry.get("id");
        JsonNode startedAt = entry.get("startedAt");
        if (id == null || !id.isTextual() || startedAt == null || !startedAt.isTextual()) {
          throw new InvalidInputException(
              new Problem(
                  name, doc.lines().lineOf(at), at.toString(), "required: id and startedAt"));
        }
        listed.add(id.asText());
        if (fileIncidents.contains(id.asText())) {
          continue;
        }
        Instant start;
        try {
          start = Instant.parse(startedAt.asText());
        } catch (DateTimeParseException e) {
          FieldPath p = at.field("startedAt");
          throw new InvalidInputException(
              new Problem(
                  name,
                  doc.lines().lineOf(p),
                  p.toString(),
                  "expected an RFC 3339 time like 2026-01-02T15:04:05Z, got "
                      + startedAt.asText()));
        }
        ObjectNode spec = ((ObjectNode) entry).deepCopy();
        spec.remove("id");
        spec.remove("startedAt");
        IncidentPlan plan =
            IncidentCompiler.compile(
                spec, name, doc.lines(), at, session.live().scenario().intervalMillis());
        if (start.plus(plan.duration()).toEpochMilli() > now) {
          Incident started = session.live().start(plan, id.asText(), start.toEpochMilli(), now);
          System.err.printf(
              "incident %s on %s started at %s, until %s%n",
              started.id(), plan.metric(), started.startedAt(), started.endsAt());
          changed();
        }
        fileIncidents.add(id.asText());
      } catch (InvalidInputException e) {
        refused(where, e);
      } catch (IllegalArgumentException | IllegalStateException e) {
        refused(
            where,
            new InvalidInputException(
                new Problem(name, doc.lines().lineOf(at), at.toString(), e.getMessage())));
      }
    }
    for (String id : Set.copyOf(fileIncidents)) {
      if (!listed.contains(id)) {
        fileIncidents.remove(id);
        if (session.live().stop(id, now)) {
          System.err.printf("incident %s stopped: no longer listed in %s%n", id, name);
          changed();
        }
      }
    }
  }

  @Override
  public void close() {
    if (control != null) {
      control.close();
    }
    if (watcher != null) {
      watcher.close();
    }
  }
}
