package org.perfsim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.perfsim.fuzz.Mutations;

/** report.json near valid and not: a model, or a {@link ReportJson.BadReport} naming the file; nothing else escapes. */
class ReportJsonFuzzTest {
  private static final String VALID = ReportJson.toJson(ReportModels.cascade());

  @Property(tries = 800)
  void nearValidReportsAreReadOrRefusedNamingTheFile(@ForAll("nearValid") String json) {
    readOrRefuse(json);
  }

  @Property(tries = 200)
  void arbitraryTextIsReadOrRefusedNamingTheFile(@ForAll String json) {
    readOrRefuse(json);
  }

  @Test
  void jsonNullOrTextAfterTheReportIsNoReport() {
    assertEquals("fuzz/report.json is not a perfsim report: it holds no JSON object",
        assertThrows(ReportJson.BadReport.class, () -> ReportJson.fromJson("null", "fuzz/report.json")).getMessage());
    assertThrows(ReportJson.BadReport.class, () -> ReportJson.fromJson("null" + VALID, "fuzz/report.json"));
    assertThrows(ReportJson.BadReport.class, () -> ReportJson.fromJson(VALID + "{}", "fuzz/report.json"));
  }

  private static void readOrRefuse(String json) {
    try {
      ReportModel model = ReportJson.fromJson(json, "fuzz/report.json");
      assertNotNull(model);
      // what the page is drawn from must render too
      assertNotNull(HtmlReport.render(model));
    } catch (ReportJson.BadReport refused) {
      assertTrue(refused.getMessage().startsWith("fuzz/report.json is not a perfsim report: "), refused.getMessage());
    }
  }

  @Provide
  Arbitrary<String> nearValid() {
    return Mutations.of(List.of(VALID), List.of("null", "[]", "{}", "\"\"", "-1", "1e400", "99999999999999999999",
        ",", ":", "\"title\":", "\"groups\":", "\"points\":", "\"hosts\":", "true", "\\u0000", "</script>"), 4);
  }
}
