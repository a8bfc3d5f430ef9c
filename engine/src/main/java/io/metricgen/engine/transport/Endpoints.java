package io.metricgen.engine.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** What makes a URL one metricgen sends to: checked alike on the command line and in resources. */
public final class Endpoints {

  private Endpoints() {}

  /**
   * Why {@code url} can't be used, or null when it can: it must be http or https with a host, and
   * hold no credentials (those come from files, environment or Secrets); a Pushgateway base URL
   * takes no query or fragment, since the group's path is appended to it.
   */
  public static String problem(String url, boolean pushgatewayBase) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "\""
          + Responses.printable(url)
          + "\" is not a URL ("
          + e.getReason()
          + " at character "
          + e.getIndex()
          + "); expected one like "
          + example(pushgatewayBase);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      return "\""
          + Responses.redact(uri)
          + "\" is not an http:// or https:// URL with a host; expected one like "
          + example(pushgatewayBase);
    }
    if (uri.getRawUserInfo() != null) {
      return "\""
          + Responses.redact(uri)
          + "\" holds a user or password; give credentials from a file, the environment or a"
          + " Secret instead, never in the URL";
    }
    if (pushgatewayBase && (uri.getRawQuery() != null || uri.getRawFragment() != null)) {
      return "\""
          + uri
          + "\" has a query or fragment; a Pushgateway base URL takes none, since the group's"
          + " path (/metrics/job/...) is appended to it";
    }
    return null;
  }

  private static String example(boolean pushgatewayBase) {
    return pushgatewayBase ? "http://pushgateway:9091" : "http://prometheus:9090/api/v1/write";
  }
}
