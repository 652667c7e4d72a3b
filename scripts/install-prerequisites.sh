#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine with a JDK 17 lacks to build, run and test Custos:
# Maven, PixelMed (Debian ships it; the build repackages it), dcmtk (the real DICOM peer of the tests),
# pydicom's test corpus, dcm2niix (the reference of the NIfTI export tests), rsyslog with TLS (the audit record
# repository of the ATNA tests), npm (the build fetches the OHIF viewer with it), chromium and chromedriver
# (the viewer's browser tests drive Debian's headless chromium), Tesseract with its English model (OCR of burned-in
# pixel text in de-identification; JNA loads Debian's libtesseract.so.5, so no -dev package). Idempotent: installs
# only what is missing.
set -euo pipefail

packages=(maven libpixelmed-java libpixelmed-imageio-java libpixelmed-codec-java dcmtk python3-pydicom dcm2niix iproute2 util-linux
  chromium chromium-driver rsyslog rsyslog-gnutls tesseract-ocr tesseract-ocr-eng)
# npm may come with a Node.js that is not Debian's (e.g. NodeSource's nodejs ships npm): only install when absent.
command -v npm >/dev/null 2>&1 || packages+=(npm)
if [[ "${CUSTOS_BENCH:-}" == 1 ]]; then
  packages+=(orthanc orthanc-dicomweb curl python3-numpy)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "custos: installing ${missing[*]}" >&2
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  # Orthanc's package starts a system service on install; the benchmark runs its own instance instead.
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

java_major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
if [[ "$java_major" != "17" ]]; then
  echo "custos: the default java is $java_major; Custos (and its embedded Cassandra 5 node) needs JDK 17." >&2
  echo "        set JAVA_HOME to a JDK 17, e.g. export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64" >&2
  [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] || exit 1
fi
