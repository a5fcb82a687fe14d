package org.perfsim.access;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The one rule of protected mode, for every port perfsim opens (gRPC, /metrics, the cluster port): what anyone
 * who connects may use listens on loopback only; another address needs a credential. Like Redis's protected
 * mode, it refuses instead of warning, so a misconfigured server never starts.
 */
public final class LoopbackOnly {
  private LoopbackOnly() {}

  /**
   * Refuses ({@link IllegalArgumentException}) to {@code what} ("listen", "open the cluster port") on
   * {@code address} unless it is loopback or {@code authenticated}; the message names {@code option}, what
   * anyone who reaches the port could do ({@code risk}) and {@code remedy}, the options that make it safe.
   */
  public static void check(String address, String option, boolean authenticated, String what, String risk,
      String remedy) {
    if (!authenticated && !isLoopback(address)) {
      throw new IllegalArgumentException(option + ": refusing to " + what + " on " + address
          + " without authentication: anyone who can reach it could " + risk + ". " + remedy
          + "; or listen on loopback (127.0.0.1, the default). See README.md, Security.");
    }
  }

  /** Whether {@code address} (a literal or a name) is a loopback address; a name that does not resolve is not. */
  public static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
