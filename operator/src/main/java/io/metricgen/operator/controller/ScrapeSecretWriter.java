package io.metricgen.operator.controller;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.metricgen.operator.desired.ScrapeConfig;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Edits one key of a shared scrape Secret by read, change, write with the resourceVersion read, so
 * that a concurrent writer (another resource, another tool) makes the write fail with 409 rather
 * than be overwritten; the edit is then made again on a fresh read.
 *
 * <p>The read comes from a watch on that one Secret (started when a resource first needs it, by
 * name: RBAC may restrict {@code list} and {@code watch} to it), so that a pass over a resource at
 * rest asks the API server nothing. A cache may be a moment behind: a write from it that is stale
 * fails with 409 and is retried on a read from the API server. Without the watch (RBAC without
 * {@code list} and {@code watch} on the Secret) every edit reads from the API server, as it must.
 */
final class ScrapeSecretWriter implements AutoCloseable {

  /** A change that reads the key's current YAML (null when absent) and gives the new YAML. */
  interface Edit {
    String apply(String current) throws ScrapeConfig.UnparsableException;
  }

  static final int ATTEMPTS = 20;
  private static final Duration SYNC = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(ScrapeSecretWriter.class);

  private final KubernetesClient client;
  // One per Secret edited (bounded by the Secrets the resources name): its lock and its watch.
  private final Map<Ref, Watched> secrets = new ConcurrentHashMap<>();
  private volatile boolean closed;

  ScrapeSecretWriter(KubernetesClient client) {
    this.client = client;
  }

  /** A Secret, by namespace and name. */
  private record Ref(String namespace, String name) {
    @Override
    public String toString() {
      return namespace + "/" + name;
    }
  }

  /**
   * Applies {@code edit} to the key; writes only when the content changes.
   *
   * @param createIfMissing whether to create the Secret when it doesn't exist (false for removal)
   * @return whether the Secret was written
   * @throws ResourceProblem when the key holds something that isn't a list of scrape configs
   */
  boolean edit(ScrapeConfig.SecretKey at, boolean createIfMissing, Edit edit) {
    Watched secret = secrets.computeIfAbsent(new Ref(at.namespace(), at.name()), Watched::new);
    // Resources reconciled at once in this process take turns; other writers are caught by the
    // resourceVersion.
    synchronized (secret.turn) {
      return secret.edit(at, createIfMissing, edit);
    }
  }

  @Override
  public void close() {
    closed = true;
    secrets.values().forEach(Watched::close);
  }

  /** One Secret: its newest content known, from its watch and from this process's writes. */
  private final class Watched {
    private final Ref ref;
    // Edits take turns on this; the watch's events update newest meanwhile.
    final Object turn = new Object();
    // Null until the first edit starts it, and after it could not start (then: reads).
    private volatile SharedIndexInformer<Secret> informer;
    private boolean tried;
    private Secret newest;

    Watched(Ref ref) {
      this.ref = ref;
    }

    boolean edit(ScrapeConfig.SecretKey at, boolean createIfMissing, Edit edit) {
      for (int attempt = 1; ; attempt++) {
        // After a conflict the cache is behind: read what the API server has.
        Secret secret = attempt == 1 ? current() : read();
        if (secret == null && !createIfMissing) {
          return false;
        }
        String current = secret == null ? null : ScrapeSecretWriter.read(secret, at.key());
        String updated;
        try {
          updated = edit.apply(current);
        } catch (ScrapeConfig.UnparsableException e) {
          throw new ResourceProblem(
              "ScrapeConfigUnparsable", at + " " + e.getMessage() + "; it is left as it is");
        }
        if (Objects.equals(updated, current)) {
          return false;
        }
        try {
          seen(
              secret == null
                  ? client.resource(created(at, updated)).create()
                  : client.resource(withKey(secret, at.key(), updated)).update());
          return true;
        } catch (KubernetesClientException e) {
          // Changed, or created, by someone else meanwhile.
          boolean raced = e.getCode() == HttpURLConnection.HTTP_CONFLICT;
          if (!raced || attempt >= ATTEMPTS) {
            throw e;
          }
          pause(attempt);
        }
      }
    }

    /** The Secret from the watch when it is watching, else from the API server. */
    private Secret current() {
      if (!tried && !closed) {
        tried = true;
        informer = start();
      }
      SharedIndexInformer<Secret> watch = informer;
      if (watch != null && watch.isWatching() && watch.hasSynced()) {
        synchronized (this) {
          return newest;
        }
      }
      return read();
    }

    private Secret read() {
      return client.secrets().inNamespace(ref.namespace()).withName(ref.name()).get();
    }

    private SharedIndexInformer<Secret> start() {
      SharedIndexInformer<Secret> watch =
          client.secrets().inNamespace(ref.namespace()).withName(ref.name()).runnableInformer(0);
      watch.addEventHandler(
          new ResourceEventHandler<>() {
            @Override
            public void onAdd(Secret s) {
              seen(s);
            }

            @Override
            public void onUpdate(Secret before, Secret after) {
              seen(after);
            }

            @Override
            public void onDelete(Secret s, boolean finalStateUnknown) {
              gone();
            }
          });
      try {
        watch.start().toCompletableFuture().get(SYNC.toSeconds(), TimeUnit.SECONDS);
        return watch;
      } catch (InterruptedException e) {
        watch.stop();
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while watching the Secret " + ref, e);
      } catch (Exception e) {
        watch.stop();
        LOG.warn(
            "Can't watch the scrape Secret {} ({}); every pass reads it from the API server."
                + " Grant list and watch on it beside get and update.",
            ref,
            e.getCause() == null ? e.toString() : e.getCause().getMessage());
        return null;
      }
    }

    /**
     * Keeps the newer of what it knows and {@code s}: an event of the watch may arrive after this
     * process's own later write. resourceVersions are compared as numbers only when both are (which
     * they are in Kubernetes, though not promised); a wrong guess costs one conflict.
     */
    private synchronized void seen(Secret s) {
      if (newest == null || !olderThan(s, newest)) {
        newest = s;
      }
    }

    private synchronized void gone() {
      newest = null;
    }

    void close() {
      SharedIndexInformer<Secret> watch = informer;
      if (watch != null) {
        watch.stop();
      }
    }
  }

  private static boolean olderThan(Secret a, Secret b) {
    try {
      return Long.parseLong(a.getMetadata().getResourceVersion())
          < Long.parseLong(b.getMetadata().getResourceVersion());
    } catch (RuntimeException notNumbers) {
      return false;
    }
  }

  /** The key's content: from data (base64), or stringData if someone wrote the object raw. */
  static String read(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return new String(
          Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
    if (secret.getStringData() != null) {
      return secret.getStringData().get(key);
    }
    return null;
  }

  private static Secret withKey(Secret secret, String key, String yaml) {
    Map<String, String> data = new HashMap<>();
    if (secret.getData() != null) {
      data.putAll(secret.getData());
    }
    data.put(key, encode(yaml));
    return new SecretBuilder(secret).withData(data).build();
  }

  private static Secret created(ScrapeConfig.SecretKey at, String yaml) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(at.name())
        .withNamespace(at.namespace())
        .endMetadata()
        .withType("Opaque")
        .withData(Map.of(at.key(), encode(yaml)))
        .build();
  }

  private static String encode(String yaml) {
    return Base64.getEncoder().encodeToString(yaml.getBytes(StandardCharsets.UTF_8));
  }

  /** A short random pause, growing with the attempts, so that racing writers fall apart. */
  private static void pause(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L * Math.min(attempt, 10)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing the scrape Secret", e);
    }
  }
}
