package org.perfsim.events;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Hardware cache events ({@code L1-dcache-load-misses}): perf's alias tables and validity rules
 * (evsel.c {@code evsel__hw_cache*}, parse-events.c {@code parse_events_add_cache}). The config is
 * {@code cache | op << 8 | result << 16} with type PERF_TYPE_HW_CACHE (3).
 */
final class CacheEvent {

  /** The lexer's cache-type words. */
  static final List<String> TYPE_WORDS = List.of("L1-dcache", "l1-d", "l1d", "L1-data",
      "L1-icache", "l1-i", "l1i", "L1-instruction", "LLC", "L2", "dTLB", "d-tlb", "Data-TLB", "iTLB",
      "i-tlb", "Instruction-TLB", "branch", "branches", "bpu", "btb", "bpc", "node");
  /** The lexer's op and result words. */
  static final List<String> OP_RESULT_WORDS = List.of("load", "loads", "read", "store", "stores",
      "write", "prefetch", "prefetches", "speculative-read", "speculative-load", "refs", "Reference",
      "ops", "access", "misses", "miss");

  private static final List<List<String>> CACHES = List.of(
      List.of("L1-dcache", "l1-d", "l1d", "L1-data"),
      List.of("L1-icache", "l1-i", "l1i", "L1-instruction"),
      List.of("LLC", "L2"),
      List.of("dTLB", "d-tlb", "Data-TLB"),
      List.of("iTLB", "i-tlb", "Instruction-TLB"),
      List.of("branch", "branches", "bpu", "btb", "bpc"),
      List.of("node"));
  private static final List<List<String>> OPS = List.of(
      List.of("load", "loads", "read"),
      List.of("store", "stores", "write"),
      List.of("prefetch", "prefetches", "speculative-read", "speculative-load"));
  private static final List<List<String>> RESULTS = List.of(
      List.of("refs", "Reference", "ops", "access"),
      List.of("misses", "miss"));
  /** evsel__hw_cache_stat: which ops each cache supports (bit per op: read, write, prefetch). */
  private static final int[] VALID_OPS = {0b111, 0b101, 0b111, 0b111, 0b001, 0b001, 0b111};

  private static final int OP_READ = 0;
  private static final int RESULT_ACCESS = 0;

  private CacheEvent() {}

  /**
   * The config for a cache word and up to two op/result words, or empty where perf's
   * {@code parse_events_add_cache} returns -EINVAL (an op the cache does not support), which perf
   * aborts on without an error report. A missing op means read, a missing result access.
   */
  static Optional<Long> config(String cacheWord, List<String> opOrResultWords) {
    int cache = aliasIndex(cacheWord, CACHES);
    int op = -1;
    int result = -1;
    for (String word : opOrResultWords) {
      if (op == -1) {
        op = aliasIndex(word, OPS);
        if (op >= 0) {
          if ((VALID_OPS[cache] & (1 << op)) == 0) {
            return Optional.empty();
          }
          continue;
        }
      }
      if (result == -1) {
        result = aliasIndex(word, RESULTS);
      }
    }
    long config = cache
        | (long) (op == -1 ? OP_READ : op) << 8
        | (long) (result == -1 ? RESULT_ACCESS : result) << 16;
    return Optional.of(config);
  }

  /** perf's parse_aliases: the first table row with an alias that is a case-insensitive prefix. */
  private static int aliasIndex(String word, List<List<String>> table) {
    String lower = word.toLowerCase(Locale.ROOT);
    for (int i = 0; i < table.size(); i++) {
      for (String alias : table.get(i)) {
        if (lower.startsWith(alias.toLowerCase(Locale.ROOT))) {
          return i;
        }
      }
    }
    return -1;
  }
}
