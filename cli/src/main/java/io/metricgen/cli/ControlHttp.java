package io.metricgen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricgen.engine.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The control API's requests and answers: bounded bodies, allowed methods, JSON and refusals. */
final class ControlHttp {

  /** The largest request body read. */
  static final int MAX_BODY = 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private ControlHttp() {}

  /** An answer other than success: its status and message, with problems when there are. */
  static final class Refusal extends RuntimeException {
    final int status;
    final List<Problem> problems;

    Refusal(int status, String message) {
      this(status, message, List.of());
    }

    Refusal(int status, String message, List<Problem> problems) {
      super(message, null, false, false);
      this.status = status;
      this.problems = problems;
    }
  }

  static String body(Request request) throws IOException {
    long length = request.getLength();
    if (length > MAX_BODY) {
      throw new Refusal(413, "the body is over " + MAX_BODY + " bytes");
    }
    try (InputStream in = Request.asInputStream(request)) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        throw new Refusal(413, "the body is over " + MAX_BODY + " bytes");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  static void only(String method, String allowed) {
    if (!List.of(allowed.split(", ")).contains(method)) {
      throw new Refusal(405, method + " is not allowed here; use " + allowed);
    }
  }

  static void refuse(Response response, Callback callback, Refusal r) {
    ObjectNode out = JSON.createObjectNode().put("error", r.getMessage());
    if (!r.problems.isEmpty()) {
      ArrayNode problems = out.putArray("problems");
      for (Problem p : r.problems) {
        ObjectNode n = problems.addObject();
        n.put("source", p.source());
        if (p.line() > 0) {
          n.put("line", p.line());
        }
        n.put("path", p.field());
        n.put("message", p.message());
      }
    }
    if (r.status == 401) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
    }
    // A refused request's body may be unread: the connection can't carry another request.
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    json(response, callback, r.status, out);
  }

  static void json(Response response, Callback callback, int status, JsonNode body) {
    try {
      send(response, callback, status, "application/json", JSON.writeValueAsBytes(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a tree always serializes", e);
    }
  }

  static void send(Response response, Callback callback, int status, String type, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
