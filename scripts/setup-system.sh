#!/usr/bin/env bash
# System packages claimgraph's exports use, installed only where missing:
#   graphviz  - `dot`, which renders `claimgraph export -f svg|png`
#   chromium  - the headless browser the tests open the HTML map in
#   virtuoso-opensource - Virtuoso 7, a SPARQL store the remote tests push to and query
#               (tests/test_remote.py starts its own instance on the loopback)
#   libapache-jena-java - Apache Jena 4.5 (ARQ, TDB2): the remote tests run Jena's query
#               engine on a TDB2 dataset behind their own small server (tests/jena/), as
#               Fuseki itself comes only from Maven Central
#   openjdk-17-jdk-headless - java and javac, to compile and run that server (the Jena
#               package brings no Java of its own)
# Installs with apt-get (Debian and derivatives) when run as root; otherwise it says what
# to install and exits 0, so an unprivileged set-up still completes. Safe to run again.
set -euo pipefail

missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v virtuoso-t >/dev/null 2>&1 || missing+=(virtuoso-opensource)
[ -f /usr/share/java/jena-arq.jar ] || missing+=(libapache-jena-java)
command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "setup-system: missing system packages: ${missing[*]}" >&2
  echo "setup-system: install them as root, e.g.: sudo apt-get install -y ${missing[*]}" >&2
  echo "setup-system: without them, SVG/PNG export fails with a clear error and the" \
    "browser, Virtuoso and Jena tests are skipped (outside CI)" >&2
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-system: no apt-get here; install with your package manager: ${missing[*]}" >&2
  exit 0
fi

echo "setup-system: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
