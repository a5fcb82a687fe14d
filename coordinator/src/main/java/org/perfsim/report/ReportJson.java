package org.perfsim.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A {@link ReportModel} as JSON: {@code report.json} in a results folder, and the data the HTML page embeds and
 * draws from (the same text). Field names are the records' component names.
 */
public final class ReportJson {
  /** The name of the model's file in a results folder. */
  public static final String FILE_NAME = "report.json";

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      // a report.json written by a later perfsim with more fields still renders
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
      // 'null{...}' or a report followed by more text is no report (found by ReportJsonFuzzTest)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private ReportJson() {}

  /** A report.json, or the data embedded in a report, that is not a {@link ReportModel}. */
  public static final class BadReport extends RuntimeException {
    BadReport(String message) {
      super(message, null, false, false);
    }
  }

  public static String toJson(ReportModel model) {
    try {
      return MAPPER.writeValueAsString(model);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a ReportModel always serializes", e);
    }
  }

  /** The model in {@code json}; a {@link BadReport} naming {@code source} and what is wrong where. */
  public static ReportModel fromJson(String json, String source) {
    try {
      ReportModel model = MAPPER.readValue(json, ReportModel.class);
      if (model == null) {
        throw new BadReport(source + " is not a perfsim report: it holds no JSON object");
      }
      return model;
    } catch (JsonProcessingException e) {
      throw new BadReport(source + " is not a perfsim report: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr() + ")"));
    }
  }

  /** Writes {@code model} to {@code file}. */
  public static void write(ReportModel model, Path file) throws IOException {
    Files.writeString(file, toJson(model) + "\n");
  }

  /** The model in {@code file}; a {@link BadReport} if it is missing or not a report. */
  public static ReportModel read(Path file) {
    String json;
    try {
      json = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new BadReport("no " + file + " (a results folder holds the report.json that 'experiment run' wrote)");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return fromJson(json, file.toString());
  }
}
