package org.perfsim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.perfsim.coordinator.core.Limits;

/** Every page of a paged listing RPC (ListHosts, ListSessions), asked for at the server's largest page size. */
final class Pages {
  private Pages() {}

  /**
   * Calls {@code fetch(pageSize, token)} from the empty token until a page has no next token, collecting
   * {@code items} of each page.
   */
  static <R, T> List<T> all(BiFunction<Integer, String, R> fetch, Function<R, List<T>> items,
      Function<R, String> nextToken) {
    List<T> out = new ArrayList<>();
    String token = "";
    do {
      R page = fetch.apply(Limits.MAX_PAGE_SIZE, token);
      out.addAll(items.apply(page));
      token = nextToken.apply(page);
    } while (!token.isEmpty());
    return out;
  }
}
