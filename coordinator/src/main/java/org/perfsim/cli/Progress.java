package org.perfsim.cli;

/** A one-line progress bar on stderr, drawn only when a person watches a terminal. */
final class Progress {
  private final String label;
  private final int total;
  private final boolean visible = System.console() != null;

  Progress(String label, int total) {
    this.label = label;
    this.total = total;
  }

  void update(int done) {
    if (!visible || total == 0) {
      return;
    }
    int width = 30;
    int filled = (int) ((long) done * width / total);
    System.err.printf("\r%s [%s%s] %d/%d", label, "#".repeat(filled), " ".repeat(width - filled), done, total);
  }

  void finish() {
    if (visible && total > 0) {
      System.err.print("\r" + " ".repeat(label.length() + 45) + "\r");
    }
  }
}
