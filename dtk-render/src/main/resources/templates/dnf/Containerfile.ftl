<#--
  dtk built-in template, dnf family (Fedora, CentOS Stream, RHEL/UBI). Override it by putting a
  dnf/Containerfile.ftl in the directory given to --templates. Interpolations are written [=x];
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
COPY [=r.source] /etc/yum.repos.d/[=r.name]
</#list>
# dnf options written to dnf.conf: read the same way by dnf4 and dnf5.
RUN mkdir -p /etc/dnf && touch /etc/dnf/dnf.conf \
 && sed -i -e '/^best[ =]/d' -e '/^tsflags[ =]/d' -e '/^install_weak_deps[ =]/d' /etc/dnf/dnf.conf \
 && { grep -q '^\[main\]' /etc/dnf/dnf.conf || printf '[main]\n' >> /etc/dnf/dnf.conf; } \
 && sed -i -e '/^\[main\]/a best=True' -e '/^\[main\]/a tsflags=nodocs' -e '/^\[main\]/a install_weak_deps=False' /etc/dnf/dnf.conf
# Kernel-independent layer: the next kernel reuses it from the cache.
<@s.pm secrets=secrets subscription=subscription>dnf -y update --exclude 'kernel*' \
<#if packages?has_content>
 && dnf -y install <#list packages as p>[=shword(p)]<#sep> </#sep></#list> \
</#if>
 && dnf clean all</@s.pm>
<#if user??>
<@s.user user=user/>
</#if>
# Kernel-specific layer.
<@s.kernelArg/>
<@s.pm secrets=secrets subscription=subscription><@s.requireKernel/> \
 && dnf -y install [=kernelPackageWords?join(" ")] \
<#list variants as v>
 && dnf -y install<#list v.enableRepos as r> --enablerepo=[=shword(r)]</#list> [=v.packageWords?join(" ")] \
</#list>
<#if compilerMatchesKernel>
 && cfg=/lib/modules/"${KERNEL_VERSION}"[=shword(kernelReleaseSuffix)]/config \
 && gccv=$(sed -n -e 's/^CONFIG_CC_VERSION_TEXT="gcc (GCC) \([0-9][0-9.]*\).*/\1/p' -e 's/^# Compiler: gcc (GCC) \([0-9][0-9.]*\).*/\1/p' "$cfg" | head -n 1) \
 && if [ -z "$gccv" ]; then n=$(sed -n 's/^CONFIG_GCC_VERSION=\([0-9][0-9]*\)$/\1/p' "$cfg"); if [ -n "$n" ]; then gccv=$((n / 10000)).$((n / 100 % 100)).$((n % 100)); fi; fi \
 && if [ -n "$gccv" ] && dnf -y install "gcc-$gccv" "gcc-c++-$gccv"; then echo "dtk: gcc $gccv installed, the version that built the kernel"; else echo "dtk: gcc ${gccv:-(version not found in $cfg)} is not installable; installing the distribution's gcc" >&2; dnf -y install gcc gcc-c++; fi \
</#if>
 && dnf clean all</@s.pm>
<#if releaseFile>
<@s.releaseFiles variants=variants suffix=kernelReleaseSuffix rhel=true/>
</#if>
<@s.labels labels=labels/>
<#if user??>
USER [=user.name]
</#if>
