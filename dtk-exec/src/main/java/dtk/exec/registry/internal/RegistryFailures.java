package dtk.exec.registry.internal;

import dtk.exec.http.BoundedHttp;
import dtk.exec.http.HttpFailure;
import dtk.exec.http.HttpLimits;
import dtk.exec.registry.RegistryException;
import dtk.exec.registry.RegistryOptions;
import dtk.spec.ImageRef;

/**
 * How transport failures read for a user: which wait ran out or what broke, for which image and
 * host, and what to try (a plain-HTTP hint only where the registry looks local).
 */
public final class RegistryFailures {
  private final RegistryOptions options;
  private final HttpLimits limits;

  public RegistryFailures(RegistryOptions options, HttpLimits limits) {
    this.options = options;
    this.limits = limits;
  }

  /**
   * The message of a transport failure of the {@code what} request for {@code ref}, with what to
   * try.
   */
  public RegistryException of(ImageRef ref, String what, HttpFailure e) {
    String at = e.authority();
    String host =
        at.equals(ref.apiHost())
            ? "registry " + at
            : at + " (named by registry " + ref.registry() + ")";
    String timeoutHint =
        "retry later or with a longer --timeout (now "
            + HttpLimits.show(options.timeout())
            + "); check the registry's status and your network";
    return switch (e.kind()) {
      case CONNECT_REFUSED ->
          new RegistryException(
              "cannot reach " + host + " for image " + ref + ": connection refused",
              ref.registry(),
              unreachableHint(ref.registry(), options.tlsVerify()),
              e);
      case CONNECT_TIMEOUT ->
          new RegistryException(
              "cannot reach "
                  + host
                  + " for image "
                  + ref
                  + ": connect timed out after "
                  + HttpLimits.show(limits.connect()),
              ref.registry(),
              "check the registry address, your network and proxy settings, "
                  + "and firewalls; a longer --timeout (now "
                  + HttpLimits.show(options.timeout())
                  + ") allows a slower connect",
              e);
      case TLS_HANDSHAKE_TIMEOUT ->
          new RegistryException(
              "cannot reach "
                  + host
                  + " for image "
                  + ref
                  + ": TLS handshake timed out after "
                  + HttpLimits.show(limits.connect())
                  + " (the TCP connection was made)",
              ref.registry(),
              mayServePlainHttp(ref.registry()) && options.tlsVerify()
                  ? "if the registry serves plain HTTP pass --tls-verify=false; otherwise check it and any proxy in between"
                  : "the server at "
                      + at
                      + " may not speak TLS; check the address, the port and any proxy in between",
              e);
      case TLS_FAILED ->
          new RegistryException(
              "TLS with "
                  + host
                  + " failed for image "
                  + ref
                  + ": "
                  + e.getMessage().replaceFirst("^TLS with \\S+ failed: ", ""),
              ref.registry(),
              "if the registry serves plain HTTP pass --tls-verify=false; otherwise check its certificate",
              e);
      case NO_RESPONSE ->
          new RegistryException(
              host
                  + " did not answer the "
                  + what
                  + " request for image "
                  + ref
                  + " within "
                  + HttpLimits.show(limits.read())
                  + " (connected, request sent, no response)",
              ref.registry(),
              timeoutHint,
              e);
      case BODY_STALLED ->
          new RegistryException(
              host
                  + " stopped sending the "
                  + what
                  + " of image "
                  + ref
                  + ": "
                  + e.getMessage().replaceFirst("^\\S+ ", ""),
              ref.registry(),
              timeoutHint,
              e);
      case DEADLINE ->
          new RegistryException(
              host
                  + " did not send the "
                  + what
                  + " of image "
                  + ref
                  + " within the "
                  + HttpLimits.show(limits.deadline())
                  + " deadline ("
                  + e.getMessage().replaceFirst("^.*\\(", ""),
              ref.registry(),
              timeoutHint,
              e);
      case TOO_LARGE ->
          new RegistryException(
              host
                  + " sent a "
                  + what
                  + " for image "
                  + ref
                  + " larger than dtk's cap of "
                  + BoundedHttp.size(capOf(what))
                  + e.getMessage().replaceFirst("^[^(]*", " "),
              ref.registry(),
              "check that "
                  + ref
                  + " is an image and "
                  + ref.registry()
                  + " a container registry (a proxy or "
                  + "captive portal may answer instead); dtk reads at most "
                  + BoundedHttp.size(RegistryOptions.MAX_MANIFEST_BYTES)
                  + " of a manifest or config and "
                  + BoundedHttp.size(RegistryOptions.MAX_TOKEN_BYTES)
                  + " of a token",
              e);
      case IO ->
          new RegistryException(
              "talking to "
                  + host
                  + " for image "
                  + ref
                  + " failed: "
                  + e.getMessage().replaceFirst("^talking to \\S+ failed: ", ""),
              ref.registry(),
              options.tlsVerify()
                  ? unreachableHint(ref.registry(), true)
                  : "check that the registry is running and serves plain HTTP",
              e);
    };
  }

  private static long capOf(String what) {
    return what.startsWith("token")
        ? RegistryOptions.MAX_TOKEN_BYTES
        : what.startsWith("config")
            ? RegistryOptions.MAX_CONFIG_BYTES
            : RegistryOptions.MAX_MANIFEST_BYTES;
  }

  /**
   * What to check when a registry cannot be reached. {@code --tls-verify=false} is suggested only
   * for a registry that looks like a local plain-HTTP one (loopback, a private address, a {@code
   * .local} name or an explicit port other than 443): for quay.io it would be wrong advice.
   */
  public static String unreachableHint(String registry, boolean tlsVerify) {
    if (!tlsVerify) {
      return "check that the registry is running and its address is right";
    }
    if (mayServePlainHttp(registry)) {
      return "check that the registry is running and its address is right; for a plain-HTTP registry pass --tls-verify=false";
    }
    return "check your network and proxy settings (HTTPS_PROXY, NO_PROXY) and the registry name "
        + registry;
  }

  /**
   * Whether {@code registry} ({@code host} or {@code host:port}) looks like a local registry that
   * may serve plain HTTP.
   */
  public static boolean mayServePlainHttp(String registry) {
    String host = registry;
    String port = null;
    if (host.startsWith("[")) { // [::1]:5000
      int end = host.indexOf(']');
      port =
          end + 1 < host.length() && host.charAt(end + 1) == ':' ? host.substring(end + 2) : null;
      host = host.substring(1, end);
    } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
      port = host.substring(host.indexOf(':') + 1);
      host = host.substring(0, host.indexOf(':'));
    }
    String h = host.toLowerCase(java.util.Locale.ROOT);
    boolean local =
        h.equals("localhost")
            || h.endsWith(".localhost")
            || h.endsWith(".local")
            || h.equals("::1")
            || h.startsWith("127.")
            || h.startsWith("10.")
            || h.startsWith("192.168.")
            || h.matches("172\\.(1[6-9]|2[0-9]|3[01])\\..*")
            || !h.contains(".") && !h.contains(":");
    return local || port != null && !port.equals("443");
  }

  /**
   * A registry's answer that is neither success nor "not found": not authorized (401, 403), or any
   * other status, with the registry's own error detail.
   */
  public static RegistryException status(ImageRef ref, String what, int status, String detail) {
    if (status == 401 || status == 403) {
      return new RegistryException(
          "not authorized to read "
              + ref
              + " from registry "
              + ref.registry()
              + " (HTTP "
              + status
              + ": "
              + detail
              + ")",
          ref.registry(),
          "log in (podman login "
              + ref.registry()
              + ") or pass --authfile with credentials for it");
    }
    return new RegistryException(
        "registry "
            + ref.registry()
            + " answered HTTP "
            + status
            + " for "
            + what
            + " of "
            + ref
            + ": "
            + detail,
        ref.registry(),
        "retry later; if it persists check the registry's status");
  }
}
