package io.metricgen.engine.push;

import io.metricgen.engine.load.Checks;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Pushgateway group: the job and grouping labels, encoded into the URL path as the Pushgateway
 * requires. A value with {@code /}, an empty value, {@code .} and {@code ..} can't be a path
 * segment, so they (and anything not plainly safe) use the {@code @base64} form; nothing a user
 * writes can change the path's structure.
 *
 * @see <a href="https://github.com/prometheus/pushgateway#url">Pushgateway URL</a>
 */
public final class GroupingKey {

  private static final Pattern PLAIN = Pattern.compile("^[A-Za-z0-9_:.-]+$");

  private final String job;
  private final Map<String, String> labels;

  /**
   * @throws IllegalArgumentException for an empty job or an invalid label name
   */
  public GroupingKey(String job, Map<String, String> labels) {
    if (job == null || job.isEmpty()) {
      throw new IllegalArgumentException("the job must not be empty");
    }
    for (String name : labels.keySet()) {
      if (Checks.labelNameProblem(name) != null || name.equals("job")) {
        throw new IllegalArgumentException(
            "\""
                + name
                + "\" is not a valid grouping label; expected [a-zA-Z_][a-zA-Z0-9_]*,"
                + " not starting with __ and not job");
      }
    }
    this.job = job;
    this.labels = new LinkedHashMap<>(labels);
  }

  /** The path below the Pushgateway's base URL: {@code /metrics/job/<job>/<label>/<value>...}. */
  public String path() {
    StringBuilder out = new StringBuilder("/metrics");
    segment(out, "job", job);
    labels.forEach((k, v) -> segment(out, k, v));
    return out.toString();
  }

  private static void segment(StringBuilder out, String name, String value) {
    if (PLAIN.matcher(value).matches() && !value.equals(".") && !value.equals("..")) {
      out.append('/').append(name).append('/').append(value);
    } else if (value.isEmpty()) {
      out.append('/').append(name).append("@base64/=");
    } else {
      out.append('/')
          .append(name)
          .append("@base64/")
          .append(
              Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Override
  public String toString() {
    return path();
  }
}
