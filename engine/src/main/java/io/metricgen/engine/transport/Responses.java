package io.metricgen.engine.transport;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import javax.net.ssl.SSLException;

/**
 * What a client takes from a server it does not trust to behave: at most {@link #MAX_QUOTED} bytes
 * of a reply ({@link Exchange.Reply#quoted}), without control characters (an ANSI escape would
 * reach the user's terminal), and URLs shown without their userinfo.
 */
public final class Responses {

  /** Bytes of a server's reply read and quoted at most; the rest is not read. */
  public static final int MAX_QUOTED = 4096;

  private Responses() {}

  /** {@code text} with control characters (escapes, line breaks) as spaces. */
  public static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c ->
                out.appendCodePoint(
                    Character.isISOControl(c)
                            || Character.getType(c) == Character.FORMAT
                            || c == 0xFFFD
                        ? ' '
                        : c));
    return out.toString();
  }

  /** {@code uri} as it may be shown: without a user or password in it. */
  public static String redact(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri.toString();
    }
    try {
      return new URI(
              uri.getScheme(),
              "REDACTED",
              uri.getHost(),
              uri.getPort(),
              uri.getPath(),
              uri.getQuery(),
              uri.getFragment())
          .toString();
    } catch (URISyntaxException e) {
      return uri.getScheme() + "://REDACTED@" + uri.getHost();
    }
  }

  /**
   * What an attempt that could not reach {@code uri} comes to: a retry, with {@code what} and the
   * error's printable message as the reason; but a failed TLS handshake (a plain HTTP port, an
   * untrusted certificate) no retry fixes, so it is thrown as a {@link DeliveryException}.
   */
  public static <T> Retrier.Outcome<T> unreachable(IOException e, URI uri, String what) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException ssl) {
        throw new DeliveryException(
            "TLS with "
                + redact(uri)
                + " failed ("
                + printable(String.valueOf(ssl.getMessage()))
                + "): if the server speaks plain HTTP, use http://; if its certificate is signed by"
                + " a private CA, give --ca-file",
            e);
      }
    }
    String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    if (e instanceof Exchange.Stalled) {
      // Reached, and it answered in part: the message says what was late.
      return new Retrier.Outcome.Retry<>(printable(message), null);
    }
    return new Retrier.Outcome.Retry<>(what + ": " + printable(message), null);
  }
}
