/**
 * dtk-render: from a loaded spec to the exact, byte-stable build context an engine needs.
 *
 * <pre>
 * Resolver resolver = OfflineResolver.of(pins);              // dtk-exec: an online Resolver
 * List&lt;Target&gt; targets = TargetExpander.targets(specs, platforms, resolver);   // platform x kernel
 * List&lt;BuildContext&gt; contexts = Renderer.builtIn().renderAll(targets);  // or withTemplates(dir)
 * for (BuildContext c : contexts) {
 *   ContextWriter.write(c, dir);          // Containerfile, repos/*, context.json, marker
 *   c.target().platform();                // --platform linux/amd64
 *   c.target().images().platform();       // -t quay.io/centos/driver-toolkit:5.14.0-570.el9.x86_64
 *   c.buildArgs();                        // --build-arg KERNEL_VERSION=... (first), spec args
 *   c.engineLabels();                     // --label vcs.ref=..., dev.dtk.inputs.digest=...
 *   c.unsetLabels();                      // to remove from the base image's labels
 *   c.secrets();                          // --secret id=...,env=... | src=...
 *   c.inputsDigest();                     // compare with the pushed image's label
 * }
 * </pre>
 *
 * Problems in specs or user templates are {@link dtk.render.RenderException}s carrying every {@link
 * dtk.spec.Diagnostic} found, each pointing at the spec text (or template line) to fix. FreeMarker
 * stays inside this module ({@code dtk.render.internal}).
 */
package dtk.render;
