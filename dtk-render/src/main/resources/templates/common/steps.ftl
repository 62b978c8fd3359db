<#--
  Steps shared by the built-in Containerfile templates. A user template directory can override this
  file like any other. Interpolations are written [=x]; ${X} is the shell's, untouched.
-->
<#--
  A package-manager RUN: the spec's secrets are mounted (never copied into a layer), and with the
  rhsm-org + rhsm-activationkey secrets the step registers with subscription-manager first and
  unregisters afterwards, keeping the step's exit status.
-->
<#macro pm secrets subscription>
RUN <#list secrets as id>--mount=type=secret,id=[=id] </#list><#if subscription>subscription-manager register --org="$(cat /run/secrets/rhsm-org)" --activationkey="$(cat /run/secrets/rhsm-activationkey)" \
 && { <#nested>; rc=$?; subscription-manager unregister; subscription-manager clean; exit $rc; }<#else><#nested></#if></#macro>
<#--
  The mandatory KERNEL_VERSION build argument, declared only here so that every step before it is
  kernel-independent and reused from the cache by the next kernel.
-->
<#macro kernelArg>
ARG KERNEL_VERSION
</#macro>
<#macro requireKernel>case "${KERNEL_VERSION:-}" in '' | *[!A-Za-z0-9._+~-]*) echo 'dtk: build argument KERNEL_VERSION is missing or not a kernel release: pass --build-arg KERNEL_VERSION=<version>' >&2; exit 1 ;; esac</#macro>
<#--
  /etc/driver-toolkit-release.json and .sh with the keys openshift's driver-toolkit uses:
  KERNEL_VERSION (with the arch), one key per installed kernel flavour (RT_KERNEL_VERSION with
  +rt, KERNEL_64K_VERSION with +64k), and the OS version read from os-release at build time.
-->
<#macro releaseFiles variants suffix rhel>
RUN kv="${KERNEL_VERSION}[=suffix]" \
 && osid=$( (cat /etc/os-release || cat /usr/lib/os-release) 2>/dev/null | sed -n 's/^ID=//p' | head -n 1 | tr -cd 'A-Za-z0-9._-') \
 && osv=$( (cat /etc/os-release || cat /usr/lib/os-release) 2>/dev/null | sed -n 's/^VERSION_ID=//p' | head -n 1 | tr -cd 'A-Za-z0-9._-') \
 && printf '{\n  "KERNEL_VERSION": "%s",\n' "$kv" > /etc/driver-toolkit-release.json \
 && printf 'KERNEL_VERSION="%s"\n' "$kv" > /etc/driver-toolkit-release.sh \
<#list variants as v>
 && printf '  "%s": "%s",\n' [=shq(v.releaseKey)] "$kv"[=shq(v.releaseSuffix)] >> /etc/driver-toolkit-release.json \
 && printf '%s="%s"\n' [=shq(v.releaseKey)] "$kv"[=shq(v.releaseSuffix)] >> /etc/driver-toolkit-release.sh \
</#list>
<#if rhel>
 && printf '  "RHEL_VERSION": "%s",\n' "$osv" >> /etc/driver-toolkit-release.json \
 && printf 'RHEL_VERSION="%s"\n' "$osv" >> /etc/driver-toolkit-release.sh \
</#if>
 && printf '  "OS_ID": "%s",\n  "OS_VERSION": "%s"\n}\n' "$osid" "$osv" >> /etc/driver-toolkit-release.json \
 && printf 'OS_ID="%s"\nOS_VERSION="%s"\n' "$osid" "$osv" >> /etc/driver-toolkit-release.sh
</#macro>
<#macro user user>
RUN useradd -u [=user.uid] -m -s /bin/sh [=shword(user.name)]
</#macro>
<#macro labels labels>
<#if labels?has_content>
LABEL <#list labels as k, v>[=labelKey(k)]=[=labelq(v)]<#sep> \[="\n      "]</#sep></#list>
</#if>
</#macro>
