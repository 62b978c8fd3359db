package dtk.exec.registry.internal;

import dtk.exec.http.BoundedHttp;
import dtk.exec.registry.RegistryException;
import dtk.exec.registry.RegistryOptions;
import dtk.spec.ImageRef;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The credentials a registry asks for: it learns from a 401 challenge whether the registry wants a
 * bearer token (fetched from the token service the challenge names, with the auth file's basic
 * credentials, one fetch per registry and scope shared by parallel callers and cached until it
 * expires) or basic credentials from the auth file, and then gives the Authorization header for
 * each request.
 */
public final class RegistryAuthenticator {
  private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final RegistryTransport transport;
  private final AuthFile authFile;
  private final ExecutorService executor;
  private final ConcurrentHashMap<String, CompletableFuture<Token>> tokens =
      new ConcurrentHashMap<>();

  /** Per registry: how it challenged us (so later scopes fetch a token without a 401 first). */
  private final ConcurrentHashMap<String, Map<String, String>> bearerChallenges =
      new ConcurrentHashMap<>();

  private final ConcurrentHashMap<String, Boolean> basicRegistries = new ConcurrentHashMap<>();

  /**
   * @param executor runs the token fetches, so that parallel callers of one scope share one
   */
  public RegistryAuthenticator(
      RegistryTransport transport, AuthFile authFile, ExecutorService executor) {
    this.transport = transport;
    this.authFile = authFile;
    this.executor = executor;
  }

  private record Token(String value, Instant expires) {}

  /** Adds the Authorization header for {@code scope} to {@code headers}, when one is known. */
  public void authorize(ImageRef ref, String scope, Map<String, String> headers) {
    authorization(ref, scope).ifPresent(a -> headers.put("Authorization", a));
  }

  private Optional<String> authorization(ImageRef ref, String scope) {
    CompletableFuture<Token> t = tokens.get(ref.apiHost() + "|" + scope);
    if (t == null && bearerChallenges.containsKey(ref.apiHost())) {
      t = token(ref, scope, bearerChallenges.get(ref.apiHost()));
    }
    if (t != null) {
      Token tok = Futures.join(t);
      if (tok.expires.isAfter(Instant.now())) {
        return Optional.of("Bearer " + tok.value);
      }
      tokens.remove(ref.apiHost() + "|" + scope, t);
      return Optional.of(
          "Bearer " + Futures.join(token(ref, scope, bearerChallenges.get(ref.apiHost()))).value);
    }
    if (basicRegistries.containsKey(ref.apiHost())) {
      return authFile.basic(ref).map(c -> "Basic " + c);
    }
    return Optional.empty();
  }

  /**
   * Learns the auth scheme from a 401 challenge (fetching a bearer token); false when none fits.
   */
  public boolean prepare(ImageRef ref, String scope, String challenge) {
    if (challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
      Map<String, String> params = new LinkedHashMap<>();
      Matcher m = CHALLENGE_PARAM.matcher(challenge);
      while (m.find()) {
        params.put(m.group(1), m.group(2));
      }
      if (params.get("realm") == null) {
        return false;
      }
      bearerChallenges.put(ref.apiHost(), params);
      tokens.remove(ref.apiHost() + "|" + scope);
      Futures.join(token(ref, scope, params));
      return true;
    }
    if (challenge.regionMatches(true, 0, "Basic", 0, 5) && authFile.basic(ref).isPresent()) {
      basicRegistries.put(ref.apiHost(), true);
      return true;
    }
    return false;
  }

  /** One token fetch per registry and scope, shared by parallel callers. */
  private CompletableFuture<Token> token(
      ImageRef ref, String scope, Map<String, String> challenge) {
    return tokens.computeIfAbsent(
        ref.apiHost() + "|" + scope,
        k -> CompletableFuture.supplyAsync(() -> fetchToken(ref, scope, challenge), executor));
  }

  private Token fetchToken(ImageRef ref, String scope, Map<String, String> challenge) {
    StringBuilder u = new StringBuilder(challenge.get("realm"));
    u.append(u.indexOf("?") >= 0 ? '&' : '?');
    if (challenge.get("service") != null) {
      u.append("service=")
          .append(URLEncoder.encode(challenge.get("service"), StandardCharsets.UTF_8))
          .append('&');
    }
    u.append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
    Map<String, String> headers = new LinkedHashMap<>();
    authFile.basic(ref).ifPresent(c -> headers.put("Authorization", "Basic " + c));
    BoundedHttp.Response r =
        transport.get(
            ref, URI.create(u.toString()), headers, "token", RegistryOptions.MAX_TOKEN_BYTES);
    if (r.statusCode() != 200) {
      throw new RegistryException(
          "the token service of registry "
              + ref.registry()
              + " refused access to "
              + ref
              + " (HTTP "
              + r.statusCode()
              + ": "
              + RegistryJson.errorDetail(r.body())
              + ")",
          ref.registry(),
          "log in (podman login " + ref.registry() + ") or pass --authfile; check the image name");
    }
    JsonNode t = RegistryJson.parse(r.body(), ref, "token");
    String value = t.path("token").stringValue(null);
    if (value == null) {
      value = t.path("access_token").stringValue(null);
    }
    if (value == null) {
      throw new RegistryException(
          "the token service of registry " + ref.registry() + " returned no token",
          ref.registry(),
          null);
    }
    long ttl = Math.max(60, t.path("expires_in").asLong(60));
    return new Token(value, Instant.now().plusSeconds(ttl - 10));
  }
}
