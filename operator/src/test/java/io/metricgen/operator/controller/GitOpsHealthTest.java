package io.metricgen.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricgen.operator.model.Backfill;
import io.metricgen.operator.model.BackfillStatus;
import io.metricgen.operator.model.MetricGenerator;
import io.metricgen.testing.ProjectFiles;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * What GitOps tools make of the statuses the operator writes, in every phase of both kinds: Flux's
 * kstatus (its generic rules for custom resources, as in sigs.k8s.io/cli-utils' kstatus) and Argo
 * CD, through the health check in examples/argocd-health.lua run by a real Lua interpreter.
 */
class GitOpsHealthTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  /** kstatus' rules for a resource without rules of its own. */
  static String kstatus(JsonNode obj) {
    if (obj.path("metadata").has("deletionTimestamp")) {
      return "Terminating";
    }
    JsonNode status = obj.path("status");
    if (status.has("observedGeneration")
        && status.get("observedGeneration").asLong()
            != obj.path("metadata").path("generation").asLong()) {
      return "InProgress";
    }
    for (JsonNode c : status.path("conditions")) {
      boolean on = "True".equals(c.path("status").asText());
      if (on && "Reconciling".equals(c.path("type").asText())) {
        return "InProgress";
      }
      if (on && "Stalled".equals(c.path("type").asText())) {
        return "Failed";
      }
    }
    return "Current";
  }

  /** Argo CD's verdict: the example health check, run on the object as Argo CD passes it. */
  static String argo(JsonNode obj) throws Exception {
    String script = Files.readString(ProjectFiles.root().resolve("examples/argocd-health.lua"));
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", lua(obj));
    LuaValue hs = globals.load(script, "argocd-health.lua").call();
    return hs.get("status").tojstring();
  }

  private static LuaValue lua(JsonNode node) {
    if (node.isObject()) {
      LuaTable t = new LuaTable();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        t.set(e.getKey(), lua(e.getValue()));
      }
      return t;
    }
    if (node.isArray()) {
      LuaTable t = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        t.set(i + 1, lua(node.get(i)));
      }
      return t;
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble());
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    return node.isNull() || node.isMissingNode() ? LuaValue.NIL : LuaValue.valueOf(node.asText());
  }

  private static ObjectNode object(Object resource, long generation) {
    ObjectNode obj = JSON.valueToTree(resource);
    ((ObjectNode) obj.path("metadata")).put("generation", generation);
    return obj;
  }

  private static MetricGenerator mg(Verdict verdict) {
    MetricGenerator mg = OperatorTestSupport.example("metricgenerator-preview.yaml", "team-a");
    mg.getMetadata().setGeneration(1L);
    mg.setStatus(StatusAggregator.status(mg, verdict, Optional.empty(), java.util.List.of(), NOW));
    return mg;
  }

  private static Backfill bf(Verdict verdict) {
    Backfill bf = new Backfill();
    bf.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("b").build());
    bf.getMetadata().setGeneration(1L);
    bf.setStatus(BackfillConditions.withConditions(bf, new BackfillStatus(), verdict, NOW));
    return bf;
  }

  private static void assertHealth(Object resource, String kstatus, String argo) throws Exception {
    ObjectNode obj = object(resource, 1);
    assertThat(kstatus(obj)).as("kstatus of %s", obj.path("status")).isEqualTo(kstatus);
    assertThat(argo(obj)).as("Argo CD of %s", obj.path("status")).isEqualTo(argo);
  }

  @Test
  void aMetricGeneratorIsHealthyOnceItRunsAndFailedWhenItsOwnerMustAct() throws Exception {
    assertHealth(mg(Verdict.waiting("the Pushgateway")), "InProgress", "Progressing");
    assertHealth(mg(Verdict.running()), "Current", "Healthy");
    assertHealth(mg(Verdict.completed()), "Current", "Healthy");
    assertHealth(mg(Verdict.invalid("spec.ttl: bad")), "Failed", "Degraded");
    assertHealth(mg(Verdict.problem("DashboardNotFound", "no ConfigMap")), "Failed", "Degraded");
    assertHealth(mg(Verdict.expired("expired at ...")), "Current", "Healthy");
    // An error of the operator's own is retried: still in progress, not the owner's to fix.
    assertHealth(
        mg(
            new Verdict(
                Phase.DEGRADED, Verdict.Health.DEGRADED, "ReconcileError", "connection refused")),
        "InProgress",
        "Progressing");
  }

  @Test
  void aBackfillIsInProgressUntilItsHistoryIsWritten() throws Exception {
    assertHealth(
        bf(new Verdict(Phase.PENDING, Verdict.Health.PROGRESSING, "Progressing", "waiting")),
        "InProgress",
        "Progressing");
    assertHealth(
        bf(new Verdict(Phase.RUNNING, Verdict.Health.PROGRESSING, "Progressing", "42% written")),
        "InProgress",
        "Progressing");
    assertHealth(
        bf(new Verdict(Phase.SUCCEEDED, Verdict.Health.READY, "Succeeded", "wrote")),
        "Current",
        "Healthy");
    assertHealth(
        bf(
            new Verdict(
                Phase.FAILED, Verdict.Health.DEGRADED, "RangeTooOldForTarget", "set the window")),
        "Failed",
        "Degraded");
    assertHealth(
        bf(
            new Verdict(
                Phase.RUNNING,
                Verdict.Health.DEGRADED,
                "SpecChangedAfterStart",
                "delete and apply")),
        "Failed",
        "Degraded");
  }

  @Test
  void aSpecNotYetSeenIsInProgressAndAnExpiredBackfillIsHealthy() throws Exception {
    Backfill done = bf(new Verdict(Phase.SUCCEEDED, Verdict.Health.READY, "Succeeded", "wrote"));
    ObjectNode edited = object(done, 2);
    assertThat(kstatus(edited)).isEqualTo("InProgress");
    assertThat(argo(edited)).isEqualTo("Progressing");

    done.setStatus(BackfillConditions.expired(done, done.getStatus(), NOW));
    assertHealth(done, "Current", "Healthy");
    // No status at all: the operator hasn't seen it.
    Backfill fresh = new Backfill();
    fresh.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("b").build());
    assertThat(argo(object(fresh, 1))).isEqualTo("Progressing");
  }
}
