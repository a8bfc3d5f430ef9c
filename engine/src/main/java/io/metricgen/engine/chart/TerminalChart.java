package io.metricgen.engine.chart;

import java.util.Locale;

/**
 * A line chart drawn with Unicode braille dots (2 x 4 dots a character). Each dot column covers a
 * run of steps and is filled from the lowest to the highest value in it, so spikes survive
 * downsampling; steps with no sample leave the column empty.
 */
public final class TerminalChart {

  private static final int[][] DOT = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};

  private TerminalChart() {}

  /** Renders one chart: a title line, {@code rows} rows of dots with a y axis, and an x axis. */
  public static String render(
      ChartData data, int columns, int rows, String startLabel, String endLabel) {
    double[] range = data.range();
    double min = range[0];
    double max = range[1];
    if (min == max) {
      min -= 1;
      max += 1;
    }
    int dotsX = columns * 2;
    int dotsY = rows * 4;
    int[][] cells = new int[rows][columns];
    double[] v = data.values();
    for (int x = 0; x < dotsX; x++) {
      int from = (int) ((long) x * v.length / dotsX);
      int to = Math.max(from + 1, (int) ((long) (x + 1) * v.length / dotsX));
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (int k = from; k < Math.min(to, v.length); k++) {
        if (Double.isFinite(v[k])) {
          lo = Math.min(lo, v[k]);
          hi = Math.max(hi, v[k]);
        }
      }
      if (lo > hi) {
        continue;
      }
      int yLo = dotRow(lo, min, max, dotsY);
      int yHi = dotRow(hi, min, max, dotsY);
      for (int y = yHi; y <= yLo; y++) {
        cells[y / 4][x / 2] |= DOT[y % 4][x % 2];
      }
    }
    String top = label(max);
    String bottom = label(min);
    int axisWidth = Math.max(top.length(), bottom.length());
    StringBuilder out = new StringBuilder();
    out.append(data.title()).append('\n');
    for (int r = 0; r < rows; r++) {
      String l = r == 0 ? top : r == rows - 1 ? bottom : "";
      out.append(" ".repeat(axisWidth - l.length()))
          .append(l)
          .append(r == 0 || r == rows - 1 ? " ┤" : " │");
      for (int c = 0; c < columns; c++) {
        out.append((char) (0x2800 + cells[r][c]));
      }
      out.append('\n');
    }
    out.append(" ".repeat(axisWidth + 1)).append('└').append("─".repeat(columns)).append('\n');
    int gap = Math.max(1, columns - startLabel.length() - endLabel.length() + 1);
    out.append(" ".repeat(axisWidth + 2))
        .append(startLabel)
        .append(" ".repeat(gap))
        .append(endLabel)
        .append('\n');
    return out.toString();
  }

  private static int dotRow(double value, double min, double max, int dotsY) {
    int y = (int) Math.round((max - value) / (max - min) * (dotsY - 1));
    return Math.max(0, Math.min(dotsY - 1, y));
  }

  static String label(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e9) {
      return String.format(Locale.ROOT, "%d", (long) v);
    }
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
