package org.perfsim.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium}, headless: loads a page from a file, lets its scripts run (up to 5 s of virtual
 * time) and hands back the DOM as it then is, or a screenshot. Each call runs in its own profile folder and is
 * bounded by a process timeout.
 */
public final class HeadlessChromium {
  static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final long TIMEOUT_SECONDS = 120;

  private HeadlessChromium() {}

  /** Fails (not skips) where chromium is missing: CI installs it (.ci/run), so its absence is a broken setup. */
  static void requireInstalled() {
    if (!Files.isExecutable(BINARY)) {
      throw new AssertionError(BINARY + " is missing: the report tests need Debian's chromium "
          + "(apt-get install chromium; .ci/run installs it)");
    }
  }

  /** The DOM after the page's scripts ran. */
  public static String dumpDom(Path page, Path workDir) throws Exception {
    return run(page, workDir, "--dump-dom");
  }

  /** A PNG of the page at {@code width} x {@code height}. */
  static Path screenshot(Path page, Path workDir, int width, int height) throws Exception {
    Path png = workDir.resolve("screenshot.png");
    run(page, workDir, "--screenshot=" + png, "--window-size=" + width + "," + height, "--hide-scrollbars");
    return png;
  }

  private static String run(Path page, Path workDir, String... what) throws Exception {
    requireInstalled();
    List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--disable-gpu", "--no-sandbox",
        "--virtual-time-budget=5000", "--user-data-dir=" + workDir.resolve("profile")));
    command.addAll(List.of(what));
    command.add(page.toUri().toString());
    Path out = workDir.resolve("chromium.out");
    Path err = workDir.resolve("chromium.err");
    Process chromium = new ProcessBuilder(command).directory(workDir.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    if (!chromium.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      chromium.destroyForcibly();
      throw new AssertionError("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
    }
    if (chromium.exitValue() != 0) {
      throw new AssertionError("chromium exited " + chromium.exitValue() + ": " + command + "\n" + read(err));
    }
    return read(out);
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
