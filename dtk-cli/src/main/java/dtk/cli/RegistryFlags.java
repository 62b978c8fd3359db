package dtk.cli;

import dtk.exec.RegistryOptions;
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

  RegistryOptions registry() {
    return new RegistryOptions(tlsVerify, authfile);
  }
}
