package io.metricgen.operator.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The phase of every resource the operator reconciles, as its last status said, for the {@code
 * metricgen_operator_resources} gauge. Every resource is reconciled when the operator starts, so
 * the counts come back after a restart.
 */
public final class ResourcePhases {

  /** A kind and a phase. */
  public record Key(String kind, String phase) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = kind.compareTo(o.kind);
      return c != 0 ? c : phase.compareTo(o.phase);
    }
  }

  private final Map<String, Key> phases = new ConcurrentHashMap<>();

  void set(HasMetadata resource, String phase) {
    phases.put(id(resource), new Key(resource.getKind(), phase == null ? "Unknown" : phase));
  }

  void remove(HasMetadata resource) {
    phases.remove(id(resource));
  }

  private static String id(HasMetadata r) {
    return r.getKind() + "/" + r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
  }

  /** How many resources of each kind are in each phase. */
  public Map<Key, Integer> counts() {
    Map<Key, Integer> out = new TreeMap<>();
    for (Key k : phases.values()) {
      out.merge(k, 1, Integer::sum);
    }
    return out;
  }
}
