package io.metricgen.engine.load;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The line of every field and list item of a YAML or JSON document, so that problems found after
 * binding (a bad duration, an unknown label name) still point at a line.
 */
public final class SourceMap {

  /** A map that knows no lines: for models that came from somewhere else than a file. */
  public static final SourceMap NONE = new SourceMap(Map.of());

  private final Map<String, Integer> lines;

  private SourceMap(Map<String, Integer> lines) {
    this.lines = lines;
  }

  /** Reads the token stream of {@code text}; a document that can't be tokenized maps nothing. */
  public static SourceMap of(ObjectMapper mapper, String text) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser p = mapper.createParser(text)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          continue;
        }
        String pointer = p.getParsingContext().pathAsPointer().toString();
        lines.putIfAbsent(pointer, p.currentTokenLocation().getLineNr());
      }
    } catch (IOException e) {
      // Malformed documents are reported by the binding step, with the parser's own location.
    }
    return new SourceMap(lines);
  }

  /** The line of {@code path}, or of its nearest ancestor that has one; 0 when none does. */
  public int lineOf(FieldPath path) {
    for (FieldPath p = path; ; p = p.parent()) {
      Integer line = lines.get(p.pointer());
      if (line != null) {
        return line;
      }
      if (p.isRoot()) {
        return 0;
      }
    }
  }
}
