package org.perfsim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report in a real browser (Debian's headless chromium): after its script ran, the DOM holds one line per
 * host group through the model's points, panic bars per cause adding up to the model's panics, a band per
 * stage, and no script error.
 */
class HtmlReportInChromiumTest {

  private static Document rendered(String html, Path dir) throws Exception {
    Path page = dir.resolve("report.html");
    Files.writeString(page, html);
    return Jsoup.parse(HeadlessChromium.dumpDom(page, dir));
  }

  private static void assertRenderedWithoutError(Document dom) {
    assertEquals("ok", dom.body().attr("data-rendered"), () -> "script error: " + dom.getElementById("report-errors"));
    assertTrue(dom.getElementById("report-errors").hasAttr("hidden"));
  }

  @Test
  void theChartsShowTheModelsGroupsPanicsAndStages(@TempDir Path dir) throws Exception {
    ReportModel model = ReportModels.cascade();
    Document dom = rendered(HtmlReport.render(model), dir);
    assertRenderedWithoutError(dom);

    Elements lines = dom.select("#chart-guests path.series");
    assertEquals(List.of(ReportModels.IVY, ReportModels.SKY), lines.eachAttr("data-group"));
    assertEquals(List.of("0:8,1200000000:7,1500000000:5,3000000000:4", "0:4"), lines.eachAttr("data-points"));
    assertEquals(List.of("8", "4"), lines.eachAttr("data-guests-total"));
    assertStepLineThrough(lines.get(0).attr("d"), new long[] {0, 1200, 1500, 3000, 10_000}, new int[] {8, 7, 5, 4});
    assertStepLineThrough(lines.get(1).attr("d"), new long[] {0, 10_000}, new int[] {4});
    assertEquals(List.of(ReportModels.IVY, ReportModels.SKY),
        dom.select("#chart-guests [data-legend-group]").eachAttr("data-legend-group"));
    assertEquals("s", dom.selectFirst("#chart-guests .x-label").attr("data-unit"));

    Map<String, Integer> drawnPerCause = new TreeMap<>();
    for (Element bar : dom.select("#chart-panics rect.panic-bar")) {
      drawnPerCause.merge(bar.attr("data-cause"), Integer.parseInt(bar.attr("data-count")), Integer::sum);
    }
    assertEquals(Map.of("kernel_data", 3, "page_tables", 1), drawnPerCause);
    // 20 bins of 0.5 s: 1.2 s in bin 2, 1.5 s in bin 3 (two panics), 3 s in bin 6
    assertEquals(List.of("2:kernel_data:1", "3:kernel_data:2", "6:page_tables:1"),
        dom.select("#chart-panics rect.panic-bar").stream()
            .map(b -> b.attr("data-bin") + ":" + b.attr("data-cause") + ":" + b.attr("data-count")).toList());
    assertEquals(Map.of("kernel_data", "3", "page_tables", "1"), dom.select("#chart-panics [data-legend-cause]")
        .stream().collect(Collectors.toMap(e -> e.attr("data-legend-cause"), e -> e.attr("data-count"))));

    // the panics spread over a third of the plot: no close-up
    assertTrue(dom.getElementById("close-up").hasAttr("hidden"));
    assertEquals(0, dom.select("#close-up path, #close-up rect").size());

    Elements bands = dom.select("#chart-stages rect.stage-band");
    assertEquals(List.of("canary", "rest <all>"), bands.eachAttr("data-stage"));
    assertEquals(List.of("0", "2000000000"), bands.eachAttr("data-start"));
    assertEquals(List.of("2000000000", "10000000000"), bands.eachAttr("data-end"));
    assertEquals(List.of("passed", "aborted"), bands.eachAttr("data-status"));
    // the bands share the time axis: the canary ends where the rest begins, a fifth of the way along
    double canaryEnd = Double.parseDouble(bands.get(0).attr("x")) + Double.parseDouble(bands.get(0).attr("width"));
    assertEquals(Double.parseDouble(bands.get(1).attr("x")), canaryEnd, 1e-6);
  }

  /**
   * {@code d} is a step line: a move to the first point, then per later point a horizontal step to its time and
   * a vertical one to its value, then on to the plot's end ({@code millis}' last); x proportional to time, y
   * falling linearly with the value (both axes start at 0).
   */
  private static void assertStepLineThrough(String d, long[] millis, int[] values) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^M([\\d.]+) ([\\d.]+)((?: H[\\d.]+ V[\\d.]+)*) H([\\d.]+)$")
        .matcher(d);
    assertTrue(m.matches(), d);
    List<Double> xs = new java.util.ArrayList<>(List.of(Double.parseDouble(m.group(1))));
    List<Double> ys = new java.util.ArrayList<>(List.of(Double.parseDouble(m.group(2))));
    java.util.regex.Matcher step = java.util.regex.Pattern.compile(" H([\\d.]+) V([\\d.]+)").matcher(m.group(3));
    while (step.find()) {
      xs.add(Double.parseDouble(step.group(1)));
      ys.add(Double.parseDouble(step.group(2)));
    }
    xs.add(Double.parseDouble(m.group(4)));
    assertEquals(millis.length, xs.size(), d);
    assertEquals(values.length, ys.size(), d);
    double end = millis[millis.length - 1];
    for (int i = 0; i < millis.length; i++) {
      assertEquals(millis[i] / end, (xs.get(i) - xs.get(0)) / (xs.get(xs.size() - 1) - xs.get(0)), 1e-3, d);
    }
    // every guest lost lowers the line by the same height
    for (int i = 1; i < values.length; i++) {
      double perGuest = (ys.get(i) - ys.get(0)) / (values[0] - values[i]);
      assertTrue(perGuest > 0, d);
      assertEquals((ys.get(1) - ys.get(0)) / (values[0] - values[1]), perGuest, 1e-3, d);
    }
  }

  @Test
  void panicsInTheFirstTenthOfThePlotGetACloseUpToo(@TempDir Path dir) throws Exception {
    long us = 1000;
    ReportModel early = new ReportModel("2012", "session s-2", 1000 * ReportModels.MS,
        List.of(new ReportModel.GroupSeries("g", 4, List.of(new ReportModel.Point(0, 4),
            new ReportModel.Point(50 * us, 3), new ReportModel.Point(200 * us, 2), new ReportModel.Point(900 * us, 1)))),
        List.of(new ReportModel.PanicPoint(50 * us, "host-0", 0, "kernel_data"),
            new ReportModel.PanicPoint(200 * us, "host-0", 1, "kernel_data"),
            new ReportModel.PanicPoint(900 * us, "host-0", 2, "page_tables")),
        List.of(new ReportModel.Stage("session s-2", 0, 1000 * ReportModels.MS, 1, "finished")), List.of(), List.of());
    Document dom = rendered(HtmlReport.render(early), dir);
    assertRenderedWithoutError(dom);
    Element closeUp = dom.getElementById("close-up");
    assertTrue(!closeUp.hasAttr("hidden"), closeUp.outerHtml());
    // a round time past the last panic (0.9 ms x 1.25): 1.5 ms
    assertEquals("1500000", closeUp.attr("data-end"));
    assertEquals("Close-up: the first 1.5 ms, where every panic falls", closeUp.selectFirst("h2").text());
    assertEquals(dom.selectFirst("#chart-guests path.series").attr("data-points"),
        dom.selectFirst("#chart-guests-close-up path.series").attr("data-points"));
    // bins of 75 us: 50 us in bin 0, 200 us in bin 2, 900 us in bin 12
    assertEquals(List.of("0:kernel_data:1", "2:kernel_data:1", "12:page_tables:1"),
        dom.select("#chart-panics-close-up rect.panic-bar").stream()
            .map(b -> b.attr("data-bin") + ":" + b.attr("data-cause") + ":" + b.attr("data-count")).toList());
    assertEquals("ms", dom.selectFirst("#chart-panics-close-up .x-label").attr("data-unit"));
    // the full charts still show the whole session, every panic in their first bin
    assertEquals(List.of("0:kernel_data:2", "0:page_tables:1"), dom.select("#chart-panics rect.panic-bar").stream()
        .map(b -> b.attr("data-bin") + ":" + b.attr("data-cause") + ":" + b.attr("data-count")).toList());
  }

  @Test
  void aShortSessionIsPlottedInMillisecondsAndAnEmptyOneSaysSo(@TempDir Path dir) throws Exception {
    ReportModel shortOne = new ReportModel("short", "session s-1", 500 * ReportModels.MS,
        List.of(new ReportModel.GroupSeries("g", 1, List.of(new ReportModel.Point(0, 1),
            new ReportModel.Point(250 * ReportModels.MS, 0)))),
        List.of(new ReportModel.PanicPoint(500 * ReportModels.MS, "host-0", 0, "kernel_text")),
        List.of(new ReportModel.Stage("session s-1", 0, 500 * ReportModels.MS, 1, "finished")), List.of(), List.of());
    Document dom = rendered(HtmlReport.render(shortOne), dir);
    assertRenderedWithoutError(dom);
    assertEquals("ms", dom.selectFirst("#chart-guests .x-label").attr("data-unit"));
    assertEquals("simulated time (ms)", dom.selectFirst("#chart-guests .x-label").text());
    // a panic at the very end falls in the last bin, not past it
    assertEquals("19", dom.selectFirst("#chart-panics rect.panic-bar").attr("data-bin"));

    Path emptyDir = Files.createDirectory(dir.resolve("empty"));
    Document empty = rendered(HtmlReport.render(ReportModels.empty()), emptyDir);
    assertRenderedWithoutError(empty);
    assertEquals("no guest panicked", empty.selectFirst("#chart-panics .empty").text());
    assertEquals(0, empty.select("path.series, rect.panic-bar, rect.stage-band").size());
  }

  @Test
  void theScreenshotShowsTheFirstGroupsLineInItsColour(@TempDir Path dir) throws Exception {
    Path page = dir.resolve("report.html");
    Files.writeString(page, HtmlReport.render(ReportModels.cascade()));
    Path png = HeadlessChromium.screenshot(page, dir, 1000, 1400);
    java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
    assertEquals(1000, image.getWidth());
    // kept for a person to look at (target/ is not committed)
    Files.copy(png, Path.of("target", "report-screenshot.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    int firstGroupColour = 0x1f77b4;
    long painted = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        painted += (image.getRGB(x, y) & 0xffffff) == firstGroupColour ? 1 : 0;
      }
    }
    // the 2-pixel line across the plot and its legend square, at least
    assertTrue(painted > 500, "pixels in the first group's colour: " + painted);
  }

  @Test
  void aScriptErrorIsShownOnThePageAndMarked(@TempDir Path dir) throws Exception {
    // data the script cannot draw from: the page must say so rather than show empty charts
    String broken = HtmlReport.render(ReportModels.cascade()).replaceFirst("\"guestsUp\" : \\[", "\"guestsUp\" : 7, \"x\" : [");
    Document dom = rendered(broken, dir);
    assertEquals("error", dom.body().attr("data-rendered"));
    Element errors = dom.getElementById("report-errors");
    assertTrue(!errors.hasAttr("hidden") && errors.text().startsWith("The charts could not be drawn: "),
        errors.toString());
  }
}
