/**
 * Reading registries: {@link dtk.exec.registry.ImageInspector} answers digests, labels and
 * platforms from the Docker Registry HTTP API v2 (no engine involved), each image fetched once
 * per run; {@link dtk.exec.registry.RegistryOptions} says how to reach them (auth file, TLS,
 * timeouts). The HTTP client and its caching live in {@code internal}.
 */
package dtk.exec.registry;
