package org.perfsim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page as HtmlReport writes it (before any script runs), and report.json's round trip. */
class HtmlReportTest {

  private static String embedded(String html) {
    return Jsoup.parse(html).getElementById("report-data").data();
  }

  @Test
  void theEmbeddedDataIsTheModelAndTextInItCannotEndTheScriptElement() {
    ReportModel model = ReportModels.cascade();
    String html = HtmlReport.render(model);
    // one script element's end per script: the title's "</script>" did not close the data early
    assertEquals(2, html.split("</script>", -1).length - 1, html);
    assertFalse(html.contains("<script>alert"), html);
    assertEquals(model, ReportJson.fromJson(embedded(html), "the page"));
  }

  @Test
  void textIsEscapedInTheTitleTablesAndAttributes() {
    Document page = Jsoup.parse(HtmlReport.render(ReportModels.cascade()));
    assertEquals(ReportModels.cascade().title(), page.selectFirst("h1").text());
    Element host0 = page.selectFirst("#hosts tr[data-host=host-0]");
    assertEquals(List.of("host-0", ReportModels.IVY, "guests-crashed", "4", "2", "Kernel panic <data>"),
        host0.select("td").eachText());
    assertEquals(3, page.select("#hosts tr[data-host]").size());
    assertEquals("false", page.selectFirst("#verdicts tr[data-verdict=no guest panics]").attr("data-passed"));
    assertEquals("passed", page.selectFirst("#verdicts tr[data-verdict=perf ran] td.passed").text());
    String raw = HtmlReport.render(ReportModels.cascade());
    assertTrue(raw.contains("ivybridge &lt;kernel 3.6&gt; &amp; perf &quot;3.6&quot;"), raw);
  }

  @Test
  void thePageNamesNoUrlAndLoadsNothing() {
    for (ReportModel model : List.of(ReportModels.cascade(), ReportModels.empty())) {
      String html = HtmlReport.render(model);
      for (String forbidden : List.of("http:", "https:", "//cdn", "src=", "href=", "url(", "@import", "<link",
          "<img", "<iframe")) {
        assertFalse(html.toLowerCase(java.util.Locale.ROOT).contains(forbidden), forbidden + " in:\n" + html);
      }
      // and says so to the browser: nothing may be fetched, only inline style and script run
      Element csp = Jsoup.parse(html).selectFirst("meta[http-equiv=Content-Security-Policy]");
      assertTrue(csp.attr("content").startsWith("default-src 'none';"), csp.toString());
      assertTrue(Pattern.compile("<svg class=\"chart\" id=\"chart-guests\"").matcher(html).find());
    }
  }

  @Test
  void aResultsFolderHoldsTheModelAndThePageDrawnFromIt(@TempDir Path dir) throws Exception {
    Path page = ReportFiles.writeFolder(ReportModels.cascade(), dir);
    assertEquals(dir.resolve("report.html"), page);
    assertEquals(ReportModels.cascade(), ReportJson.read(dir.resolve("report.json")));
    assertEquals(HtmlReport.render(ReportModels.cascade()), Files.readString(page));
  }

  @Test
  void aReportJsonRoundTripsAndNamesWhatIsWrong(@TempDir Path dir) throws Exception {
    Path file = dir.resolve(ReportJson.FILE_NAME);
    ReportJson.write(ReportModels.cascade(), file);
    assertEquals(ReportModels.cascade(), ReportJson.read(file));

    ReportJson.BadReport missing = assertThrows(ReportJson.BadReport.class, () -> ReportJson.read(dir.resolve("x.json")));
    assertTrue(missing.getMessage().startsWith("no " + dir.resolve("x.json")), missing.getMessage());

    Files.writeString(file, "{\"title\": \"t\",\n \"subject\": ");
    ReportJson.BadReport truncated = assertThrows(ReportJson.BadReport.class, () -> ReportJson.read(file));
    assertTrue(truncated.getMessage().startsWith(file + " is not a perfsim report: "), truncated.getMessage());
    assertTrue(truncated.getMessage().contains("(line 2"), truncated.getMessage());

    Files.writeString(file, ReportJson.toJson(ReportModels.cascade()).replace("\"panics\"", "\"panicz\""));
    ReportJson.BadReport noPanics = assertThrows(ReportJson.BadReport.class, () -> ReportJson.read(file));
    assertTrue(noPanics.getMessage().contains("'panics'"), noPanics.getMessage());
  }
}
