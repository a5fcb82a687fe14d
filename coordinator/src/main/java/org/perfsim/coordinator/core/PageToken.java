package org.perfsim.coordinator.core;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * The one page-token scheme of every list call: a token names this server instance, what is being listed
 * (the list and its filter, so a token of another filter is refused) and the last item shown. Opaque to
 * clients (URL-safe base64), so the format may change without an API change.
 */
public final class PageToken {
  private final String instance = UUID.randomUUID().toString().substring(0, 8);

  /** The token of a page that ended at {@code lastKey}, listing {@code scope}. */
  public String encode(String scope, String lastKey) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((prefix(scope) + lastKey).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The last key {@code token} names; empty for the empty (first-page) token. INVALID_ARGUMENT on
   * {@code page_token} when another server, or another scope, wrote it.
   */
  public String decode(String scope, String token) {
    if (token.isEmpty()) {
      return "";
    }
    Limits.atMost("page_token", token, Limits.MAX_PAGE_TOKEN_CHARS);
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (text.startsWith(prefix(scope))) {
        return text.substring(prefix(scope).length());
      }
    } catch (IllegalArgumentException e) {
      // not base64: refused below like any other foreign token
    }
    throw CoreError.invalid("page_token", "not a token from this server for this listing: '" + token + "'");
  }

  private String prefix(String scope) {
    return instance + "|" + scope + "|";
  }
}
