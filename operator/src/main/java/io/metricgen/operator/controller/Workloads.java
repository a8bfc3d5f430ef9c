package io.metricgen.operator.controller;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

/** How far along a Deployment or Job is, as their controllers report it in status. */
final class Workloads {

  private Workloads() {}

  /** At least one replica available. */
  static boolean available(Deployment d) {
    Integer n = d.getStatus() == null ? null : d.getStatus().getAvailableReplicas();
    return n != null && n > 0;
  }

  static boolean failed(Job job) {
    return hasCondition(job, "Failed");
  }

  static boolean complete(Job job) {
    return hasCondition(job, "Complete");
  }

  private static boolean hasCondition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return false;
    }
    for (JobCondition c : job.getStatus().getConditions()) {
      if (type.equals(c.getType()) && "True".equals(c.getStatus())) {
        return true;
      }
    }
    return false;
  }
}
