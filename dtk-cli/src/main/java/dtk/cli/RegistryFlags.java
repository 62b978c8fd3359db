package dtk.cli;

import dtk.exec.registry.RegistryOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * How to reach registries ({@code --authfile}, {@code --tls-verify}, {@code --timeout}), added with
 * {@code @Mixin}.
 */
public class RegistryFlags {
  @Option(
      names = "--authfile",
      paramLabel = "FILE",
      description =
          "Registry credentials (auth.json); default: REGISTRY_AUTH_FILE, then the engines' usual files. Makefile: AUTH_JSON.")
  Path authfile;

  @Option(
      names = "--tls-verify",
      paramLabel = "BOOL",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "true",
      description =
          "Use HTTPS and verify certificates (default: ${DEFAULT-VALUE}); --tls-verify=false talks plain HTTP to a local registry.")
  boolean tlsVerify;

  /**
   * Keep in step with {@link RegistryOptions#DEFAULT_TIMEOUT} (an annotation value must be a
   * constant; a test checks).
   */
  static final String DEFAULT_TIMEOUT = "60s";

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = DEFAULT_TIMEOUT,
      converter = DurationConverter.class,
      description =
          "Longest time one registry request may take, body included (default: ${DEFAULT-VALUE}): e.g. 30s, 2m, "
              + "or seconds. dtk also gives up when a registry sends nothing for half of it, or a connection (TCP and TLS) "
              + "takes a quarter of it (10 s at most).")
  Duration timeout;

  /** The registry options; an {@code --authfile} that is missing or unreadable is a usage error. */
  RegistryOptions registry() {
    if (authfile != null) {
      if (!Files.exists(authfile)) {
        throw CommandException.usage(
            "--authfile " + authfile + " not found",
            "give the path of an auth.json (podman login --authfile FILE writes one), or leave --authfile out");
      }
      if (!Files.isRegularFile(authfile) || !Files.isReadable(authfile)) {
        throw CommandException.usage(
            "--authfile "
                + authfile
                + (Files.isDirectory(authfile) ? " is a directory" : " cannot be read"),
            "give a readable auth.json file");
      }
    }
    return new RegistryOptions(tlsVerify, authfile, timeout);
  }

  /**
   * {@code 30s}, {@code 2m}, {@code 1m30s}, {@code 500ms}, {@code 1h} or plain seconds ({@code
   * 90}), from 1 s to 24 h.
   */
  static final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
      Duration d = parse(value.trim());
      if (d == null) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is not a duration: give seconds (30) or a number with "
                + "ms, s, m or h (30s, 2m, 1m30s)");
      }
      if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofHours(24)) > 0) {
        throw new TypeConversionException("'" + value + "' is out of range: give 1s to 24h");
      }
      return d;
    }

    static Duration parse(String v) {
      if (v.matches("\\d{1,9}")) {
        return Duration.ofSeconds(Long.parseLong(v));
      }
      Matcher m = PART.matcher(v);
      Duration d = Duration.ZERO;
      int at = 0;
      while (m.find() && m.start() == at) {
        long n = Long.parseLong(m.group(1));
        d =
            d.plus(
                switch (m.group(2)) {
                  case "ms" -> Duration.ofMillis(n);
                  case "s" -> Duration.ofSeconds(n);
                  case "m" -> Duration.ofMinutes(n);
                  default -> Duration.ofHours(n);
                });
        at = m.end();
      }
      return at == v.length() && at > 0 ? d : null;
    }
  }
}
