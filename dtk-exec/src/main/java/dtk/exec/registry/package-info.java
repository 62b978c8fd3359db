/**
 * Reading registries: {@link dtk.exec.registry.ImageInspector} answers digests, labels and
 * platforms from the Docker Registry HTTP API v2 (no engine involved), each image fetched once per
 * run; {@link dtk.exec.registry.RegistryOptions} says how to reach them (auth file, TLS, timeouts).
 * {@link dtk.exec.registry.RegistryClient} is the HTTP client; {@code internal} holds the endpoint
 * classes it composes (transport, authenticator, manifest and blob readers, manifest writer), the
 * auth-file reader, the digest-checking blob stream and the wording of transport failures.
 */
package dtk.exec.registry;
