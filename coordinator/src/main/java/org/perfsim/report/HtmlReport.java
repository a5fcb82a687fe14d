package org.perfsim.report;

/** Renders a {@link ReportModel} as one self-contained HTML page (no network: styles, data and drawing inline). */
public final class HtmlReport {
  private HtmlReport() {}

  /** PLACEHOLDER until the report work lands: the real renderer replaces this body. */
  public static String render(ReportModel model) {
    throw new UnsupportedOperationException("HtmlReport.render is not written yet");
  }
}
