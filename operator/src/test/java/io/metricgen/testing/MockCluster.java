package io.metricgen.testing;

import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.metricgen.operator.controller.MetricgenOperator;
import io.metricgen.operator.model.Backfill;
import io.metricgen.operator.model.MetricGenerator;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * fabric8's mock API server in CRUD mode with the committed CRDs loaded, and the real operator
 * wiring on it. The mock has no server-side apply (the operator writes without it, here as in a
 * cluster), no controllers and no garbage collection: tests play the Deployment and Job controllers
 * with the methods below.
 */
public final class MockCluster implements AutoCloseable {

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private MetricgenOperator operator;
  private PrometheusRegistry registry;

  public MockCluster() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init();
    client = server.createClient();
    try (Stream<Path> crds = Files.list(ProjectFiles.root().resolve("crds"))) {
      for (Path crd : crds.sorted().toList()) {
        client.apiextensions().v1().customResourceDefinitions().load(crd.toFile()).create();
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Loads a CRD of another project (the Prometheus operator's, the Grafana operator's) from the
   * test resources' crds/ folder, as installing that project would.
   */
  public void installCrd(String file) {
    try (java.io.InputStream in =
        MockCluster.class.getClassLoader().getResourceAsStream("crds/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource crds/" + file);
      }
      client.apiextensions().v1().customResourceDefinitions().load(in).create();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public KubernetesClient client() {
    return client;
  }

  /** Starts the operator with these settings, as the operator command does in a cluster. */
  public MetricgenOperator startOperator(MetricgenOperator.Settings settings) {
    registry = settings.registry();
    operator = MetricgenOperator.create(client, settings);
    operator.start();
    return operator;
  }

  /**
   * Plays the API server's authorizer for the one question the mock can't answer: JOSDK asks,
   * before it campaigns, whether it may get, create and update Leases in {@code namespace} (a
   * SelfSubjectRulesReview). The answer is the Lease rule deploy/operator.yaml grants.
   */
  public void allowLeases(String namespace) {
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder()
                .withNewSpec()
                .withNamespace(namespace)
                .endSpec()
                .withNewStatus()
                .withIncomplete(false)
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("get", "create", "update")
                .endResourceRule()
                .endStatus()
                .build())
        .always();
  }

  /**
   * The requests the server took since the last call, as "METHOD path": what a test asserts was, or
   * was not, written.
   */
  public java.util.List<String> takeRequests() {
    java.util.List<String> out = new java.util.ArrayList<>();
    try {
      io.fabric8.mockwebserver.http.RecordedRequest r;
      while ((r = server.takeRequest(10, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
        out.add(r.getMethod() + " " + r.getPath());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out;
  }

  /** Whether the running operator reports itself ready (started, every informer healthy). */
  public boolean operatorReady() {
    return operator != null && operator.ready();
  }

  /** Stops the operator, as a restart or an upgrade does; the cluster stays. */
  public void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  public MetricgenOperator startOperator() {
    return startOperator(MetricgenOperator.Settings.defaults());
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /**
   * What a counter (its samples summed) or a histogram (its observations counted) of {@code
   * registry} stands at, optionally only its samples with {@code label} = {@code value}.
   */
  public static double total(PrometheusRegistry registry, String name, String label, String value) {
    // The client's model names a counter without its _total suffix.
    String model = name.endsWith("_total") ? name.substring(0, name.length() - 6) : name;
    double sum = 0;
    boolean found = false;
    for (var m : registry.scrape()) {
      if (!m.getMetadata().getPrometheusName().equals(model)) {
        continue;
      }
      found = true;
      for (var d : m.getDataPoints()) {
        if (label != null && !value.equals(d.getLabels().get(label))) {
          continue;
        }
        if (d
            instanceof
            io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot c) {
          sum += c.getValue();
        } else if (d
            instanceof
            io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot h) {
          sum += h.getCount();
        }
      }
    }
    if (!found) {
      // A name that is not there would read as 0 and make an assertion of none pass for nothing.
      throw new AssertionError("no metric " + name + " in the registry");
    }
    return sum;
  }

  /**
   * The writes (POST, PUT, PATCH, DELETE, as "METHOD path") the API server received since the last
   * call: reads (the informers' lists and watches) are left out.
   */
  public List<String> writes() {
    List<String> out = new java.util.ArrayList<>();
    try {
      for (var r = server.takeRequest(50, java.util.concurrent.TimeUnit.MILLISECONDS);
          r != null;
          r = server.takeRequest(50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        if (!r.getMethod().equals("GET")) {
          out.add(r.getMethod() + " " + r.getPath());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out;
  }

  /** Reconciliations the operator has ended, with or without an error. */
  public double endedReconciliations() {
    return total(registry, "metricgen_operator_reconciliations_succeeded_total", null, null)
        + total(registry, "metricgen_operator_reconciliation_failures_total", null, null);
  }

  /** Reconciliations the operator has begun, retries included. */
  public double startedReconciliations() {
    return total(registry, "metricgen_operator_reconciliations_total", null, null);
  }

  /**
   * Makes {@code change} and returns once a reconciliation begun after it has ended, with every
   * other begun by then: what the change leads to has been written (or, as a test asserts, not
   * written) by then. A sleep instead may end before the operator got to it, and then asserts
   * nothing.
   */
  public void awaitReconciled(Runnable change, String what) {
    double started = startedReconciliations();
    change.run();
    await(() -> startedReconciliations() > started, "a reconciliation after " + what);
    awaitIdle(what);
  }

  /** Returns once every reconciliation begun so far has ended (one at least). */
  public void awaitIdle(String what) {
    await(() -> startedReconciliations() > 0, "a reconciliation (" + what + ")");
    double begun = startedReconciliations();
    await(() -> endedReconciliations() >= begun, "the reconciliations (" + what + ") to end");
  }

  public void namespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  public MetricGenerator get(String namespace, String name) {
    return client.resources(MetricGenerator.class).inNamespace(namespace).withName(name).get();
  }

  public Backfill backfill(String namespace, String name) {
    return client.resources(Backfill.class).inNamespace(namespace).withName(name).get();
  }

  /** Plays the Deployment controller: the Deployment reports one available replica. */
  public void makeAvailable(String namespace, String name) {
    await(
        () -> client.apps().deployments().inNamespace(namespace).withName(name).get() != null,
        "Deployment " + namespace + "/" + name + " to exist");
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(name)
        .editStatus(
            (Deployment d) -> {
              d.setStatus(
                  new DeploymentStatusBuilder()
                      .withReplicas(1)
                      .withReadyReplicas(1)
                      .withAvailableReplicas(1)
                      .build());
              return d;
            });
  }

  /**
   * Plays the Job controller: the Job ends with the condition {@code Complete} or {@code Failed}.
   */
  public void finishJob(String namespace, String name, String condition) {
    await(
        () -> client.batch().v1().jobs().inNamespace(namespace).withName(name).get() != null,
        "Job " + namespace + "/" + name + " to exist");
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(namespace)
        .withName(name)
        .editStatus(
            (Job j) -> {
              j.setStatus(
                  new JobStatusBuilder()
                      .addNewCondition()
                      .withType(condition)
                      .withStatus("True")
                      .endCondition()
                      .build());
              return j;
            });
  }

  /** Waits up to 20 s for {@code condition}. */
  public static void await(BooleanSupplier condition, String what) {
    await(condition, what, 20);
  }

  public static void await(BooleanSupplier condition, String what, int seconds) {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted waiting for " + what);
      }
    }
  }

  @Override
  public void close() {
    if (operator != null) {
      operator.close();
    }
    client.close();
    server.destroy();
  }
}
