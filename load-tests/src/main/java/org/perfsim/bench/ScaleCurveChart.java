package org.perfsim.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The scale curve as a hand-written SVG: two panels (session wall seconds; heap bytes per guest) against
 * guests, both axes log10, one line per perf version.
 */
final class ScaleCurveChart {
  private static final int PANEL_W = 360;
  private static final int PANEL_H = 240;
  private static final int MARGIN = 60;
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};

  private ScaleCurveChart() {}

  static String svg(List<FleetScale.Row> rows) {
    int width = 2 * (PANEL_W + MARGIN) + MARGIN;
    int height = PANEL_H + 2 * MARGIN + 20;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "font-family=\"sans-serif\" font-size=\"11\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
        width, height));
    panel(s, rows, MARGIN, "session wall time (s)", FleetScale.Row::sessionSeconds);
    panel(s, rows, 2 * MARGIN + PANEL_W, "heap per guest after GC (bytes)", FleetScale.Row::heapBytesPerGuest);
    List<String> perfs = rows.stream().map(FleetScale.Row::perf).distinct().toList();
    for (int i = 0; i < perfs.size(); i++) {
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">perf %s</text>%n", MARGIN + 120 * i,
          height - 8, COLOURS[i % COLOURS.length], perfs.get(i)));
    }
    return s.append("</svg>\n").toString();
  }

  private static void panel(StringBuilder s, List<FleetScale.Row> rows, int left, String title,
      ToDoubleFunction<FleetScale.Row> y) {
    int top = MARGIN;
    double xMin = Math.floor(Math.log10(rows.stream().mapToDouble(FleetScale.Row::guests).min().orElse(1)));
    double xMax = Math.max(xMin + 1, Math.ceil(Math.log10(rows.stream().mapToDouble(FleetScale.Row::guests).max().orElse(10))));
    double yMin = Math.floor(Math.log10(Math.max(1e-3, rows.stream().mapToDouble(y).min().orElse(1))));
    double yMax = Math.max(yMin + 1, Math.ceil(Math.log10(Math.max(1e-3, rows.stream().mapToDouble(y).max().orElse(10)))));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"13\">%s</text>%n", left, top - 15, title));
    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
        + "stroke=\"#999\"/>%n", left, top, PANEL_W, PANEL_H));
    for (double d = xMin; d <= xMax; d++) {
      double x = left + (d - xMin) / (xMax - xMin) * PANEL_W;
      s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>"
          + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, top, x, top + PANEL_H, x,
          top + PANEL_H + 15, power(d)));
    }
    for (double d = yMin; d <= yMax; d++) {
      double py = top + PANEL_H - (d - yMin) / (yMax - yMin) * PANEL_H;
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", left, py, left + PANEL_W, py, left - 4,
          py + 4, power(d)));
    }
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">guests</text>%n",
        left + PANEL_W / 2, top + PANEL_H + 32));
    List<String> perfs = rows.stream().map(FleetScale.Row::perf).distinct().toList();
    for (int i = 0; i < perfs.size(); i++) {
      String perf = perfs.get(i);
      StringBuilder points = new StringBuilder();
      for (FleetScale.Row row : rows.stream().filter(r -> r.perf().equals(perf)).toList()) {
        double x = left + (Math.log10(row.guests()) - xMin) / (xMax - xMin) * PANEL_W;
        double py = top + PANEL_H - (Math.log10(Math.max(1e-3, y.applyAsDouble(row))) - yMin) / (yMax - yMin) * PANEL_H;
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, py));
        s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", x, py,
            COLOURS[i % COLOURS.length]));
      }
      s.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\"/>%n",
          points.toString().trim(), COLOURS[i % COLOURS.length]));
    }
  }

  private static String power(double decade) {
    return String.format(Locale.ROOT, "1e%d", (int) decade);
  }
}
