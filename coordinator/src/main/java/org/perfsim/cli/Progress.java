package org.perfsim.cli;

/** A one-line progress bar on stderr, drawn only when a person watches a terminal. */
final class Progress {
  private final String label;
  private final int total;
  private final boolean visible;
  private final java.io.PrintStream out;
  private int lastWidth;

  Progress(String label, int total) {
    this(label, total, System.console() != null, System.err);
  }

  /** A bar drawn on {@code out} when {@code visible} (tests draw one into a buffer). */
  Progress(String label, int total, boolean visible, java.io.PrintStream out) {
    this.label = label;
    this.total = total;
    this.visible = visible;
    this.out = out;
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
    out.print(line);
  }

  /** A count others may raise from any thread (e.g. hosts coming up), redrawn at most ten times a second. */
  Counter counter() {
    return new Counter(this);
  }

  /** See {@link #counter()}. */
  static final class Counter {
    private final Progress progress;
    private int done;
    private long lastDrawNanos;

    private Counter(Progress progress) {
      this.progress = progress;
    }

    synchronized void increment() {
      done++;
      long now = System.nanoTime();
      if (done == progress.total || now - lastDrawNanos > 100_000_000L) {
        lastDrawNanos = now;
        progress.update(done);
      }
    }

    synchronized int done() {
      return done;
    }

    synchronized void finish() {
      progress.finish();
    }
  }

  void finish() {
    if (visible && total > 0) {
      out.print("\r" + " ".repeat(lastWidth) + "\r");
    }
  }
}
