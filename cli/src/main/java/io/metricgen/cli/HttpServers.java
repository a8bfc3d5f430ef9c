package io.metricgen.cli;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Jetty servers of metricgen's endpoints, set up one way: a small pool of daemon threads, a
 * selector that reads requests without holding a thread (a slow or half-sent request waits without
 * starving the others, and is dropped after {@link #IDLE_TIMEOUT}), bounded headers and
 * connections, no server version.
 */
final class HttpServers {

  /** How long a connection may send or take nothing before it is closed. */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);

  /** Open connections at most; more wait in the kernel's accept queue. */
  static final int MAX_CONNECTIONS = 512;

  private HttpServers() {}

  /** A started server of {@code handler} on {@code address}; its connector is the first. */
  static Server start(Handler handler, InetSocketAddress address, String threadName)
      throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(8, 2);
    threads.setName(threadName);
    threads.setDaemon(true);
    Server server = new Server(threads);
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendDateHeader(false);
    config.setRequestHeaderSize(8 * 1024);
    ServerConnector connector =
        new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
    connector.setHost(address.getHostString());
    connector.setPort(address.getPort());
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, connector));
    server.setHandler(handler);
    server.setStopTimeout(1000);
    try {
      server.start();
    } catch (Exception e) {
      server.stop();
      throw e;
    }
    return server;
  }

  /** Stops {@code server}, within its stop timeout; a failure to stop is only logged. */
  static void stop(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      org.slf4j.LoggerFactory.getLogger(HttpServers.class).debug("stopping an HTTP server", e);
    }
  }

  /** The port the server listens on (useful when started on port 0). */
  static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }
}
