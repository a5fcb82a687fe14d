package org.perfsim.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A report on disk: the page alone ({@code perfsim report SESSION}, {@code run --report}) or a results folder's
 * pair, {@code report.json} (the model, {@link ReportJson}) and {@code report.html} drawn from it.
 */
public final class ReportFiles {
  /** The page's name in a results folder. */
  public static final String HTML_NAME = "report.html";

  private ReportFiles() {}

  /** Writes {@code model}'s page to {@code file}. */
  public static Path writeHtml(ReportModel model, Path file) throws IOException {
    Files.writeString(file, HtmlReport.render(model));
    return file;
  }

  /** Writes {@code report.json} and {@code report.html} into {@code folder}; returns the page's path. */
  public static Path writeFolder(ReportModel model, Path folder) throws IOException {
    ReportJson.write(model, folder.resolve(ReportJson.FILE_NAME));
    return writeHtml(model, folder.resolve(HTML_NAME));
  }
}
