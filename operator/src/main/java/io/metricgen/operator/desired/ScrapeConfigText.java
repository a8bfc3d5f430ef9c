package io.metricgen.operator.desired;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.ScannerImpl;
import org.yaml.snakeyaml.tokens.Token;

/**
 * A YAML list of scrape configs as text, with where each entry stands in it, so that one entry can
 * be added, replaced or removed by splicing the text: every other byte (other teams' entries, their
 * comments, anchors, quoting and order) stays as it was. Positions come from SnakeYAML's scanner;
 * values from its YAML 1.1 loader, the dialect Prometheus's own parser reads.
 */
final class ScrapeConfigText {

  /** One entry of the list: its job name, its value as loaded, and the text it spans. */
  record Entry(String jobName, Object value, int start, int end) {}

  private final String text;
  private final boolean flow;
  private final int rootStart;
  private final int rootEnd;
  private final String indent;
  private final List<Entry> entries;
  // The line break of the text: what an entry put in it uses.
  private final String newline;

  private ScrapeConfigText(
      String text, boolean flow, int rootStart, int rootEnd, String indent, List<Entry> entries) {
    this.text = text;
    this.flow = flow;
    this.rootStart = rootStart;
    this.rootEnd = rootEnd;
    this.indent = indent;
    this.entries = entries;
    this.newline = text.contains("\r\n") ? "\r\n" : "\n";
  }

  String text() {
    return text;
  }

  List<Entry> entries() {
    return entries;
  }

  /** The loaded values of all entries, in order. */
  List<Object> values() {
    return entries.stream().map(Entry::value).toList();
  }

  /**
   * Reads {@code text}; null and blank text are an empty list.
   *
   * @throws ScrapeConfig.UnparsableException when it is not one YAML list of mappings with a
   *     job_name each
   */
  static ScrapeConfigText parse(String text) throws ScrapeConfig.UnparsableException {
    String t = text == null ? "" : text;
    // Read with Prometheus's tabs: where go-yaml takes a tab as space between tokens and
    // SnakeYAML refuses it, it is read as a space (one character for one, so positions hold).
    String read = separatingTabsAsSpaces(t);
    List<Object> values = load(read);
    List<Token> tokens = scan(read);
    Offsets offsets = new Offsets(t);
    Token root = null;
    int depth = 0;
    List<int[]> spans = new ArrayList<>();
    int itemStart = -1;
    int itemEnd = -1;
    Token rootEndToken = null;
    for (Token k : tokens) {
      Token.ID id = k.getTokenId();
      boolean opens =
          id == Token.ID.BlockSequenceStart
              || id == Token.ID.BlockMappingStart
              || id == Token.ID.FlowSequenceStart
              || id == Token.ID.FlowMappingStart;
      boolean closes =
          id == Token.ID.BlockEnd
              || id == Token.ID.FlowSequenceEnd
              || id == Token.ID.FlowMappingEnd;
      if (depth == 0 && opens) {
        root = k;
      }
      if (depth == 1 && root != null && (closes || entrySeparator(root, id))) {
        if (itemStart >= 0) {
          spans.add(new int[] {itemStart, itemEnd});
        }
        // A block entry starts at its "-"; a flow entry at its first token after the ",".
        itemStart = id == Token.ID.BlockEntry ? offsets.of(k.getStartMark().getIndex()) : -1;
        if (closes) {
          rootEndToken = k;
        }
      } else if (depth >= 1 && root != null && id != Token.ID.BlockEnd) {
        // Block ends stand where the next token does, past comments: they don't end an entry.
        if (itemStart < 0) {
          itemStart = offsets.of(k.getStartMark().getIndex());
        }
        itemEnd = offsets.of(k.getEndMark().getIndex());
      }
      if (opens) {
        depth++;
      } else if (closes) {
        depth--;
      }
    }
    if (root == null) {
      // Comments only: entries go at the end.
      return new ScrapeConfigText(t, false, t.length(), t.length(), "", List.of());
    }
    boolean flow = root.getTokenId() == Token.ID.FlowSequenceStart;
    if (spans.size() != values.size()) {
      throw new ScrapeConfig.UnparsableException("could not be read entry by entry");
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < spans.size(); i++) {
      int start = spans.get(i)[0];
      int end = spans.get(i)[1];
      if (!flow) {
        start = lineStart(t, start);
        end = lineEnd(t, end);
      }
      Object value = values.get(i);
      entries.add(new Entry(jobName(value), value, start, end));
    }
    int rootStart = offsets.of(root.getStartMark().getIndex());
    int rootEnd = offsets.of(rootEndToken.getEndMark().getIndex());
    String indent = " ".repeat(root.getStartMark().getColumn());
    return new ScrapeConfigText(t, flow, rootStart, rootEnd, indent, List.copyOf(entries));
  }

  /** Tabs SnakeYAML refuses that it may read as spaces, at most (one scan each). */
  static final int MAX_TABS = 1000;

  /**
   * {@code text} with each tab that go-yaml (Prometheus's YAML library) takes as separation between
   * tokens, and SnakeYAML refuses as the start of a token, replaced by a space: a tab before a
   * trailing comment, after a key's colon, after a flow comma. A tab in a line's indentation, or
   * right after a block entry's dash, go-yaml refuses too, and so does this.
   */
  static String separatingTabsAsSpaces(String text) throws ScrapeConfig.UnparsableException {
    if (text.indexOf('\t') < 0) {
      return text;
    }
    char[] chars = text.toCharArray();
    Offsets offsets = new Offsets(text);
    for (int attempt = 0; attempt <= MAX_TABS; attempt++) {
      String current = new String(chars);
      int at;
      try {
        ScannerImpl scanner = new ScannerImpl(new StreamReader(current), new LoaderOptions());
        while (scanner.checkToken()) {
          scanner.getToken();
        }
        return current;
      } catch (MarkedYAMLException e) {
        if (e.getProblemMark() == null) {
          return current;
        }
        at = offsets.of(e.getProblemMark().getIndex());
      } catch (YAMLException e) {
        return current;
      }
      if (at >= chars.length || chars[at] != '\t' || indentation(chars, at)) {
        // Not a tab, or one go-yaml refuses as well: the load says what is wrong.
        return current;
      }
      chars[at] = ' ';
    }
    throw new ScrapeConfig.UnparsableException(
        "holds more than " + MAX_TABS + " tabs between tokens; use spaces");
  }

  /** Whether only whitespace and block entries' dashes precede {@code at} on its line. */
  private static boolean indentation(char[] chars, int at) {
    for (int i = at - 1; i >= 0 && chars[i] != '\n'; i--) {
      char c = chars[i];
      if (c != ' ' && c != '\t' && c != '-' && c != '\r') {
        return false;
      }
    }
    return true;
  }

  /** In a block list each entry starts with "-"; in a flow list entries are separated by ",". */
  private static boolean entrySeparator(Token root, Token.ID id) {
    return root.getTokenId() == Token.ID.BlockSequenceStart
        ? id == Token.ID.BlockEntry
        : id == Token.ID.FlowEntry;
  }

  /**
   * The text with {@code entry} (a scrape config as block YAML, for the list's block style, and as
   * flow JSON for a flow list) at the place of entry {@code at}, or appended when {@code at} is
   * negative.
   */
  String put(int at, String blockYaml, String json) {
    if (at >= 0) {
      Entry e = entries.get(at);
      if (flow) {
        return splice(e.start(), e.end(), json);
      }
      return splice(e.start(), e.end(), indented(blockYaml, true));
    }
    if (flow && !entries.isEmpty()) {
      return splice(rootEnd - 1, rootEnd - 1, ", " + json);
    }
    if (flow) {
      // An empty flow list, "[]": the entry takes its place, in block style.
      String block = indented(blockYaml, false);
      return splice(rootStart, rootEnd, block.substring(0, block.length() - newline.length()));
    }
    int end = entries.isEmpty() ? text.length() : entries.get(entries.size() - 1).end();
    String before = end > 0 && text.charAt(end - 1) != '\n' ? newline : "";
    return splice(end, end, before + indented(blockYaml, true));
  }

  /**
   * The text with the entry before the first one, in a block list (else as {@link #put} appends):
   * for when appending would change the last entry, a block scalar at the end of a file without a
   * final line break, whose value would gain one.
   */
  String putFirst(String blockYaml, String json) {
    if (flow || entries.isEmpty()) {
      return put(-1, blockYaml, json);
    }
    int start = entries.get(0).start();
    return splice(start, start, indented(blockYaml, start == 0 || text.charAt(start - 1) == '\n'));
  }

  /** The text without entry {@code at} (and, in a flow list, one comma beside it). */
  String remove(int at) {
    Entry e = entries.get(at);
    if (!flow) {
      return splice(e.start(), e.end(), "");
    }
    if (at > 0) {
      return splice(entries.get(at - 1).end(), e.end(), "");
    }
    if (entries.size() > 1) {
      return splice(e.start(), entries.get(1).start(), "");
    }
    return splice(e.start(), e.end(), "");
  }

  private String splice(int from, int to, String with) {
    return text.substring(0, from) + with + text.substring(to);
  }

  /** Block YAML with the list's indentation before every line (but the first, if told so). */
  private String indented(String blockYaml, boolean first) {
    StringBuilder out = new StringBuilder();
    String[] lines = blockYaml.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isEmpty() && i == lines.length - 1) {
        break;
      }
      out.append(i > 0 || first ? indent : "").append(lines[i]).append(newline);
    }
    return out.toString();
  }

  private static String jobName(Object value) throws ScrapeConfig.UnparsableException {
    if (!(value instanceof Map<?, ?> m) || m.get("job_name") == null) {
      throw new ScrapeConfig.UnparsableException(
          "holds an entry that is not a scrape config with a job_name");
    }
    return String.valueOf(m.get("job_name"));
  }

  private static List<Object> load(String text) throws ScrapeConfig.UnparsableException {
    LoaderOptions options = new LoaderOptions();
    Yaml yaml = new Yaml(new SafeConstructor(options));
    List<Object> documents = new ArrayList<>();
    try {
      for (Object doc : yaml.loadAll(text)) {
        documents.add(doc);
      }
    } catch (YAMLException e) {
      throw new ScrapeConfig.UnparsableException("is not YAML: " + firstLine(e.getMessage()));
    }
    if (documents.size() > 1) {
      throw new ScrapeConfig.UnparsableException("holds more than one YAML document");
    }
    Object root = documents.isEmpty() ? null : documents.get(0);
    if (root == null) {
      return List.of();
    }
    if (!(root instanceof List<?> list)) {
      throw new ScrapeConfig.UnparsableException("is not a YAML list of scrape configs");
    }
    return new ArrayList<>(list);
  }

  private static List<Token> scan(String text) throws ScrapeConfig.UnparsableException {
    List<Token> tokens = new ArrayList<>();
    try {
      ScannerImpl scanner = new ScannerImpl(new StreamReader(text), new LoaderOptions());
      while (scanner.checkToken()) {
        tokens.add(scanner.getToken());
      }
    } catch (YAMLException e) {
      throw new ScrapeConfig.UnparsableException("is not YAML: " + firstLine(e.getMessage()));
    }
    return tokens;
  }

  /** SnakeYAML counts code points; Java strings count UTF-16 units. */
  private static final class Offsets {
    private final int[] byCodePoint;

    Offsets(String text) {
      boolean surrogates = text.length() != text.codePointCount(0, text.length());
      byCodePoint = surrogates ? new int[text.codePointCount(0, text.length()) + 1] : null;
      if (surrogates) {
        int cp = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
          byCodePoint[cp++] = i;
        }
        byCodePoint[cp] = text.length();
      }
    }

    int of(int codePoints) {
      return byCodePoint == null ? codePoints : byCodePoint[codePoints];
    }
  }

  private static int lineStart(String text, int at) {
    int i = at;
    while (i > 0 && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) {
      i--;
    }
    return i == 0 || text.charAt(i - 1) == '\n' ? i : at;
  }

  /** Past the end of the line {@code at} is on, unless it is already at a line's start. */
  private static int lineEnd(String text, int at) {
    if (at > 0 && text.charAt(at - 1) == '\n') {
      return at;
    }
    int nl = text.indexOf('\n', at);
    return nl < 0 ? text.length() : nl + 1;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
