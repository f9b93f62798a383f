package dev.flexmoe.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks TCP ports on the loopback interface that nothing listens on right now. */
final class FreePorts {

  private FreePorts() {}

  /** A port that was free a moment ago; the caller binds it soon after. */
  static int pick() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free TCP port on the loopback interface", e);
    }
  }

  /** {@code port}, or a free one when it is 0. */
  static int orPick(int port) {
    return port == 0 ? pick() : port;
  }

  /** Whether something already listens on the loopback port. */
  static boolean inUse(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
