package org.perfsim.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Renders a {@link ReportModel} as one self-contained HTML page (no network: styles, data and drawing inline).
 * The model is embedded as {@code <script type="application/json" id="report-data">} (the same JSON as
 * {@code report.json}); inline JavaScript ({@code report.js}) draws the charts from it as SVG: guests up per host
 * group, panics over time by cause, the stages; and, when every panic falls in the first tenth of the plot, the
 * first two again over a close-up of that time. The verdicts and the host table are plain HTML, readable
 * without JavaScript. A Content-Security-Policy forbids the page to load anything.
 */
public final class HtmlReport {
  private static final String CSS = resource("report.css");
  private static final String SCRIPT = resource("report.js");

  private HtmlReport() {}

  public static String render(ReportModel model) {
    StringBuilder html = new StringBuilder(16_384 + SCRIPT.length());
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        // the page loads nothing: inline style and script only, no fetch, no image, no font from anywhere
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
        .append("style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n")
        .append("<title>perfsim report: ").append(escape(model.title())).append("</title>\n")
        .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n")
        .append("<h1>").append(escape(model.title())).append("</h1>\n")
        .append("<p class=\"subject\">").append(escape(model.subject())).append("</p>\n")
        .append("<div id=\"report-errors\" class=\"errors\" hidden></div>\n")
        .append(chart("Guests up", "chart-guests", 280))
        .append(chart("Guest panics by cause", "chart-panics", 280))
        .append(chart("Stages", "chart-stages", 80))
        // shown by the script when every panic falls early in the plot, where the full charts cannot tell them apart
        .append("<section id=\"close-up\" hidden>\n<h2>Close-up: the first <span id=\"close-up-span\"></span>, ")
        .append("where every panic falls</h2>\n")
        .append(chart("Guests up (close-up)", "chart-guests-close-up", 280))
        .append(chart("Guest panics by cause (close-up)", "chart-panics-close-up", 280))
        .append("</section>\n");
    verdicts(html, model);
    hosts(html, model);
    html.append("<script type=\"application/json\" id=\"report-data\">\n").append(embeddedJson(model))
        .append("\n</script>\n<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
    return html.toString();
  }

  private static String chart(String heading, String id, int height) {
    return "<section>\n<h2>" + heading + "</h2>\n<svg class=\"chart\" id=\"" + id + "\" viewBox=\"0 0 900 " + height
        + "\" role=\"img\" aria-label=\"" + heading + "\"></svg>\n</section>\n";
  }

  private static void verdicts(StringBuilder html, ReportModel model) {
    html.append("<section>\n<h2>Verdicts</h2>\n");
    if (model.verdicts().isEmpty()) {
      html.append("<p class=\"empty\">none</p>\n</section>\n");
      return;
    }
    html.append("<table id=\"verdicts\">\n<tr><th>check</th><th>verdict</th><th>detail</th></tr>\n");
    for (ReportModel.Verdict v : model.verdicts()) {
      String word = v.passed() ? "passed" : "failed";
      html.append("<tr data-verdict=\"").append(escape(v.name())).append("\" data-passed=\"").append(v.passed())
          .append("\"><td>").append(escape(v.name())).append("</td><td class=\"").append(word).append("\">")
          .append(word).append("</td><td>").append(escape(v.detail())).append("</td></tr>\n");
    }
    html.append("</table>\n</section>\n");
  }

  private static void hosts(StringBuilder html, ReportModel model) {
    html.append("<section>\n<h2>Hosts</h2>\n<table id=\"hosts\">\n<tr><th>host</th><th>group</th><th>outcome</th>")
        .append("<th>guests</th><th>panicked</th><th>note</th></tr>\n");
    for (ReportModel.HostRow h : model.hosts()) {
      html.append("<tr data-host=\"").append(escape(h.hostId())).append("\"><td>").append(escape(h.hostId()))
          .append("</td><td>").append(escape(h.group())).append("</td><td>").append(escape(h.outcome()))
          .append("</td><td class=\"num\">").append(h.guests()).append("</td><td class=\"num\">")
          .append(h.guestsPanicked()).append("</td><td>").append(escape(h.note())).append("</td></tr>\n");
    }
    html.append("</table>\n</section>\n");
  }

  /**
   * The model's JSON as it can stand inside a script element: {@code <}, {@code >} and {@code &} written as
   * JSON escapes, so no text in the model (a {@code </script>} in a title) can end the element early.
   */
  static String embeddedJson(ReportModel model) {
    String json = ReportJson.toJson(model);
    StringBuilder out = new StringBuilder(json.length() + 64);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      switch (c) {
        // outside strings JSON has none of these, so escaping them everywhere changes no value
        case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Text as HTML text or a double-quoted attribute value. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource org/perfsim/report/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
