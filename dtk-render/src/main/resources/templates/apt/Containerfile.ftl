<#--
  dtk built-in template, apt family (Debian, Ubuntu). Override it by putting an
  apt/Containerfile.ftl in the directory given to --templates. Interpolations are written [=x];
  ${X} is the shell's. No heredocs: podman < 4.8 cannot build them.
-->
<#import "/common/steps.ftl" as s>
# Rendered by dtk for [=name] on [=arch]. Do not edit: change the spec and render again.
FROM [=from]
USER root
<#list args as a>
ARG [=a]
</#list>
<#list repositories as r>
COPY [=r.source] /etc/apt/sources.list.d/[=r.name]
</#list>
# Kernel-independent layer: the next kernel reuses it from the cache.
<@s.pm secrets=secrets subscription=subscription>export DEBIAN_FRONTEND=noninteractive \
 && apt-get update \
 && apt-get -y upgrade \
<#if packages?has_content>
 && apt-get -y install --no-install-recommends <#list packages as p>[=shword(p)]<#sep> </#sep></#list> \
</#if>
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/*</@s.pm>
<#if user??>
<@s.user user=user/>
</#if>
# Kernel-specific layer.
<@s.kernelArg/>
<@s.pm secrets=secrets subscription=subscription><@s.requireKernel/> \
 && export DEBIAN_FRONTEND=noninteractive \
 && apt-get update \
 && apt-get -y install --no-install-recommends [=kernelPackageWords?join(" ")] \
<#list variants as v>
 && apt-get -y install --no-install-recommends<#list v.enableRepos as r> -t [=shword(r)]</#list> [=v.packageWords?join(" ")] \
</#list>
<#if compilerMatchesKernel>
 && cfg=/usr/src/linux-headers-"${KERNEL_VERSION}"/.config \
 && { [ -f "$cfg" ] || cfg=/lib/modules/"${KERNEL_VERSION}"/build/.config; } \
 && gccmajor=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="[^"]* \([0-9][0-9]*\)\.[0-9][0-9.]*"$/\1/p' "$cfg" 2>/dev/null | head -n 1) \
 && if [ -z "$gccmajor" ]; then n=$(sed -n 's/^CONFIG_GCC_VERSION=\([0-9][0-9]*\)$/\1/p' "$cfg" 2>/dev/null); if [ -n "$n" ]; then gccmajor=$((n / 10000)); fi; fi \
 && if [ -n "$gccmajor" ] && apt-cache show "gcc-$gccmajor" >/dev/null 2>&1 && apt-get -y install --no-install-recommends "gcc-$gccmajor"; then echo "dtk: gcc-$gccmajor installed, the version that built the kernel"; else echo "dtk: gcc-${gccmajor:-? (version not found in $cfg)} is not installable; installing the distribution's gcc" >&2; apt-get -y install --no-install-recommends gcc; fi \
</#if>
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/*</@s.pm>
<#if releaseFile>
<@s.releaseFiles variants=variants suffix=kernelReleaseSuffix rhel=false/>
</#if>
<@s.labels labels=labels/>
<#if user??>
USER [=user.name]
</#if>
