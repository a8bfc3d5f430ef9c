package io.metricgen.engine.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Draws series as line charts stacked in one PNG image, with Java2D (headless). */
public final class PngChart {

  private static final int WIDTH = 900;
  private static final int PANEL = 170;
  private static final int LEFT = 80;
  private static final int RIGHT = 20;
  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd)
  };

  private PngChart() {}

  /** Writes one panel per line to {@code file}; breaks in the line mark steps with no sample. */
  public static void write(List<ChartData> lines, String startLabel, String endLabel, Path file)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    int height = Math.max(1, lines.size()) * PANEL;
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, height);
      for (int i = 0; i < lines.size(); i++) {
        panel(g, lines.get(i), i * PANEL, PALETTE[i % PALETTE.length], startLabel, endLabel);
      }
    } finally {
      g.dispose();
    }
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG writer available");
    }
  }

  private static void panel(
      Graphics2D g, ChartData data, int top, Color color, String startLabel, String endLabel) {
    int plotTop = top + 28;
    int plotHeight = PANEL - 58;
    int plotWidth = WIDTH - LEFT - RIGHT;
    double[] range = data.range();
    double min = range[0];
    double max = range[1];
    if (min == max) {
      min -= 1;
      max += 1;
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.setColor(Color.DARK_GRAY);
    g.drawString(data.title(), 10, top + 18);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.setColor(new Color(0xdddddd));
    for (int i = 0; i <= 4; i++) {
      int y = plotTop + i * plotHeight / 4;
      g.drawLine(LEFT, y, LEFT + plotWidth, y);
    }
    g.setColor(Color.GRAY);
    g.drawRect(LEFT, plotTop, plotWidth, plotHeight);
    g.drawString(TerminalChart.label(max), 8, plotTop + 5);
    g.drawString(TerminalChart.label(min), 8, plotTop + plotHeight + 4);
    g.drawString(startLabel, LEFT, plotTop + plotHeight + 16);
    g.drawString(
        endLabel,
        LEFT + plotWidth - g.getFontMetrics().stringWidth(endLabel),
        plotTop + plotHeight + 16);
    double[] v = data.values();
    Path2D.Double path = new Path2D.Double();
    boolean drawing = false;
    for (int k = 0; k < v.length; k++) {
      if (!Double.isFinite(v[k])) {
        drawing = false;
        continue;
      }
      double x = LEFT + (v.length == 1 ? 0 : (double) k * plotWidth / (v.length - 1));
      double y = plotTop + (max - v[k]) / (max - min) * plotHeight;
      if (drawing) {
        path.lineTo(x, y);
      } else {
        path.moveTo(x, y);
        drawing = true;
      }
    }
    g.setColor(color);
    g.setStroke(new BasicStroke(1.6f));
    g.draw(path);
  }
}
