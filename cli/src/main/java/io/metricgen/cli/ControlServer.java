package io.metricgen.cli;

import static io.metricgen.cli.ControlHttp.body;
import static io.metricgen.cli.ControlHttp.json;
import static io.metricgen.cli.ControlHttp.only;
import static io.metricgen.cli.ControlHttp.refuse;
import static io.metricgen.cli.ControlHttp.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricgen.engine.InvalidInputException;
import io.metricgen.engine.Problem;
import io.metricgen.engine.live.Edit;
import io.metricgen.engine.live.Incident;
import io.metricgen.engine.load.IncidentCompiler;
import io.metricgen.engine.load.ScenarioLoader;
import io.metricgen.engine.series.IncidentPlan;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control API of a live run, and its page. Every answer is JSON (the page is HTML unless asked
 * for JSON); every refusal says why, with the field path of each problem. Guarded against the
 * browser: changes need a JSON or YAML content type (which a cross-site form can't send without a
 * preflight nobody answers), a server on loopback answers only to loopback host names (no DNS
 * rebinding), and with a token every request needs it.
 */
final class ControlServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> BODY_TYPES =
      Set.of("application/json", "application/yaml", "application/x-yaml", "text/yaml");

  private final Server server;

  private ControlServer(Server server) {
    this.server = server;
  }

  static ControlServer start(LiveRun run, InetSocketAddress address, String token)
      throws Exception {
    return new ControlServer(
        HttpServers.start(
            new Routes(run, token, LiveOptions.loopback(address)), address, "metricgen-control"));
  }

  int port() {
    return HttpServers.port(server);
  }

  @Override
  public void close() {
    HttpServers.stop(server);
  }

  private static final class Routes extends Handler.Abstract {
    private final LiveRun run;
    private final byte[] token;
    private final boolean loopbackOnly;

    Routes(LiveRun run, String token, boolean loopbackOnly) {
      this.run = run;
      this.token = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
      this.loopbackOnly = loopbackOnly;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      String method = request.getMethod();
      try {
        guard(request, method);
        Fields query = Request.extractQueryParameters(request);
        long now = System.currentTimeMillis();
        if (path.equals("/")) {
          only(method, "GET");
          String accept = String.valueOf(request.getHeaders().get(HttpHeader.ACCEPT));
          if (accept.contains("application/json") || "json".equals(query.getValue("format"))) {
            json(response, callback, 200, ControlPage.json(run, now));
          } else {
            send(response, callback, 200, "text/html; charset=utf-8", ControlPage.html(run, now));
          }
        } else if (path.equals("/api/v1/series")) {
          only(method, "GET");
          json(response, callback, 200, ControlPage.series(run.session().live().seriesAt(now)));
        } else if (path.equals("/api/v1/scenario")) {
          scenario(request, method, query, now, response, callback);
        } else if (path.equals("/api/v1/metrics") || path.startsWith("/api/v1/metrics/")) {
          metrics(request, method, path, query, now, response, callback);
        } else if (path.equals("/api/v1/incidents") || path.startsWith("/api/v1/incidents/")) {
          incidents(request, method, path, now, response, callback);
        } else {
          throw new ControlHttp.Refusal(
              404, "no such endpoint; see /api/v1/scenario, /api/v1/metrics, /api/v1/incidents");
        }
      } catch (ControlHttp.Refusal r) {
        refuse(response, callback, r);
      } catch (InvalidInputException e) {
        refuse(response, callback, new ControlHttp.Refusal(400, "invalid", e.problems()));
      } catch (RuntimeException | IOException e) {
        LOG.warn("control request {} {} failed", method, path, e);
        refuse(response, callback, new ControlHttp.Refusal(500, "failed: " + e.getMessage()));
      }
      return true;
    }

    private void guard(Request request, String method) {
      if (loopbackOnly) {
        String host = request.getHttpURI().getHost();
        if (host == null
            || !(host.equals("127.0.0.1")
                || host.equals("localhost")
                || host.equals("[::1]")
                || host.equals("::1"))) {
          throw new ControlHttp.Refusal(
              403, "this control API answers to localhost and 127.0.0.1 only, not to " + host);
        }
      }
      if (token != null) {
        String given = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        byte[] bytes = given == null ? new byte[0] : given.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(bytes, token)) {
          throw new ControlHttp.Refusal(401, "needs Authorization: Bearer and the control token");
        }
      }
      if (method.equals("POST") || method.equals("PUT")) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        String bare = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!BODY_TYPES.contains(bare)) {
          throw new ControlHttp.Refusal(
              415, "send the body as application/json or application/yaml, not " + type);
        }
      }
    }

    private void scenario(
        Request request,
        String method,
        Fields query,
        long now,
        Response response,
        Callback callback)
        throws IOException {
      if (method.equals("GET")) {
        if ("yaml".equals(query.getValue("format"))) {
          send(
              response,
              callback,
              200,
              "application/yaml; charset=utf-8",
              run.session().text().getBytes(StandardCharsets.UTF_8));
        } else {
          json(response, callback, 200, run.session().tree());
        }
        return;
      }
      only(method, "GET, PUT");
      boolean persist = persist(query);
      String body = body(request);
      Edit edit;
      try {
        edit = run.session().replace("request body", body, now);
      } catch (InvalidInputException e) {
        run.refused("PUT /api/v1/scenario", e);
        throw e;
      }
      changed(response, callback, 200, "PUT /api/v1/scenario", edit, persist);
    }

    private void metrics(
        Request request,
        String method,
        String path,
        Fields query,
        long now,
        Response response,
        Callback callback)
        throws IOException {
      String name =
          path.equals("/api/v1/metrics") ? null : path.substring("/api/v1/metrics/".length());
      if (name == null) {
        if (method.equals("GET")) {
          json(response, callback, 200, run.session().tree().path("metrics"));
          return;
        }
        only(method, "GET, POST");
      } else {
        only(method, "PUT, DELETE");
      }
      boolean persist = persist(query);
      String origin = method + " " + path;
      Edit edit;
      try {
        if (method.equals("DELETE")) {
          edit = run.session().deleteMetric(name, now);
        } else {
          JsonNode metric = ScenarioLoader.read("request body", body(request)).tree();
          edit =
              name == null
                  ? run.session().addMetric(metric, now)
                  : run.session().putMetric(name, metric, now);
        }
      } catch (InvalidInputException e) {
        run.refused(origin, e);
        throw e;
      } catch (IllegalStateException e) {
        throw new ControlHttp.Refusal(409, e.getMessage());
      } catch (NoSuchElementException e) {
        throw new ControlHttp.Refusal(404, e.getMessage());
      }
      changed(response, callback, method.equals("POST") ? 201 : 200, origin, edit, persist);
    }

    private void incidents(
        Request request, String method, String path, long now, Response response, Callback callback)
        throws IOException {
      var live = run.session().live();
      if (path.equals("/api/v1/incidents")) {
        if (method.equals("GET")) {
          ArrayNode out = JSON.createArrayNode();
          live.incidents(now).forEach(i -> out.add(ControlPage.incident(i)));
          json(response, callback, 200, out);
          return;
        }
        only(method, "GET, POST");
        IncidentPlan plan =
            IncidentCompiler.compile(
                "request body", body(request), live.scenario().intervalMillis());
        Incident incident;
        try {
          incident = live.start(plan, now);
        } catch (IllegalArgumentException e) {
          throw new ControlHttp.Refusal(
              400, "invalid", List.of(new Problem("request body", 0, field(e), rest(e))));
        } catch (IllegalStateException e) {
          throw new ControlHttp.Refusal(409, e.getMessage());
        }
        System.err.printf(
            "incident %s on %s started, until %s%n",
            incident.id(), plan.metric(), incident.endsAt());
        json(response, callback, 201, ControlPage.incident(incident));
        return;
      }
      only(method, "DELETE");
      String id = path.substring("/api/v1/incidents/".length());
      if (!live.stop(id, now)) {
        throw new ControlHttp.Refusal(404, "no running incident \"" + id + "\"");
      }
      System.err.printf("incident %s stopped%n", id);
      run.changed();
      ObjectNode out = JSON.createObjectNode().put("stopped", id);
      json(response, callback, 200, out);
    }

    /** The field an engine message starts with ("metric: ..."), or "". */
    private static String field(RuntimeException e) {
      String m = e.getMessage();
      int colon = m.indexOf(": ");
      return colon > 0 && m.substring(0, colon).matches("[a-z]+") ? m.substring(0, colon) : "";
    }

    private static String rest(RuntimeException e) {
      String f = field(e);
      return f.isEmpty() ? e.getMessage() : e.getMessage().substring(f.length() + 2);
    }

    private boolean persist(Fields query) {
      String value = query.getValue("persist");
      boolean persist = "true".equals(value);
      if (value != null && !persist && !"false".equals(value)) {
        throw new ControlHttp.Refusal(400, "persist must be true or false, got " + value);
      }
      if (persist && !run.canPersist()) {
        throw new ControlHttp.Refusal(
            400,
            "persist=true writes the scenario file, which needs metricgen to run with --watch");
      }
      return persist;
    }

    private void changed(
        Response response, Callback callback, int status, String origin, Edit edit, boolean persist)
        throws IOException {
      run.applied(origin, edit);
      ObjectNode out = JSON.createObjectNode();
      out.set("edit", JSON.valueToTree(edit));
      if (persist) {
        try {
          run.persist();
        } catch (IOException e) {
          throw new ControlHttp.Refusal(
              500,
              "the change runs, but writing "
                  + run.file()
                  + " failed ("
                  + e.getMessage()
                  + "); it lives in memory only");
        }
        out.put("persisted", run.file().toString());
        out.put("commentsKept", run.session().commentsKept());
      }
      json(response, callback, status, out);
    }
  }
}
