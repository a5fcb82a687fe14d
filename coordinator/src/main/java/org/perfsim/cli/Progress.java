package org.perfsim.cli;

/** A one-line progress bar on stderr, drawn only when a person watches a terminal. */
final class Progress {
  private final String label;
  private final int total;
  private final boolean visible = System.console() != null;
  private int lastWidth;

  Progress(String label, int total) {
    this.label = label;
    this.total = total;
  }

  void update(int done) {
    update(done, "");
  }

  /** Redraws the bar with {@code note} after the count. */
  void update(int done, String note) {
    if (!visible || total == 0) {
      return;
    }
    int width = 30;
    int filled = (int) ((long) done * width / total);
    String line = String.format("\r%s [%s%s] %d/%d %s", label, "#".repeat(filled), " ".repeat(width - filled), done,
        total, note);
    lastWidth = Math.max(lastWidth, line.length());
    System.err.print(line);
  }

  void finish() {
    if (visible && total > 0) {
      System.err.print("\r" + " ".repeat(lastWidth) + "\r");
    }
  }
}
