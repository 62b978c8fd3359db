package dtk.cli;

import dtk.exec.RegistryOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How to reach registries ({@code --authfile}, {@code --tls-verify}), added with {@code @Mixin}. */
public class RegistryFlags {
  @Option(names = "--authfile", paramLabel = "FILE",
      description = "Registry credentials (auth.json); default: REGISTRY_AUTH_FILE, then the engines' usual files. Makefile: AUTH_JSON.")
  Path authfile;

  @Option(names = "--tls-verify", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true", defaultValue = "true",
      description = "Use HTTPS and verify certificates (default: ${DEFAULT-VALUE}); --tls-verify=false talks plain HTTP to a local registry.")
  boolean tlsVerify;

  /** The registry options; an {@code --authfile} that is missing or unreadable is a usage error. */
  RegistryOptions registry() {
    if (authfile != null) {
      if (!Files.exists(authfile)) {
        throw CommandException.usage("--authfile " + authfile + " not found",
            "give the path of an auth.json (podman login --authfile FILE writes one), or leave --authfile out");
      }
      if (!Files.isRegularFile(authfile) || !Files.isReadable(authfile)) {
        throw CommandException.usage("--authfile " + authfile + (Files.isDirectory(authfile) ? " is a directory" : " cannot be read"),
            "give a readable auth.json file");
      }
    }
    return new RegistryOptions(tlsVerify, authfile);
  }
}
