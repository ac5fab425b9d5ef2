#!/usr/bin/env bash
# Builds every service's image with Jib, tagged with the current commit, without a Docker daemon:
#   deploy/build-images.sh              -> <service>/target/jib-image.tar (docker load -i ... to run them)
#   deploy/build-images.sh docker       -> into the local Docker (jib:dockerBuild), for docker compose
#   deploy/build-images.sh push REGISTRY -> pushed to REGISTRY/platform/<service> (jib:build)
# The base root file system (jlinked runtime + glibc, user 65532) is made first by deploy/base-image/BaseRootfs.java.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
tag="$(git rev-parse --short HEAD 2>/dev/null || echo dev)"
"$JAVA_HOME/bin/java" deploy/base-image/BaseRootfs.java deploy/base-image/target/rootfs
services=identity-service,profile-service,membership-service,billing-service,audit-service,cdc-relay,gateway
case "${1:-tar}" in
  tar)    goal=jib:buildTar; extra=() ;;
  docker) goal=jib:dockerBuild; extra=() ;;
  push)   goal=jib:build; extra=("-Djib.to.image=${2:?registry}/platform/\${project.artifactId}") ;;
  *)      echo "usage: $0 [tar|docker|push REGISTRY]" >&2; exit 2 ;;
esac
./mvnw -B -DskipTests -pl "$services" -am package "$goal" -Dimage.tag="$tag" "${extra[@]}"
echo "images tagged $tag"
