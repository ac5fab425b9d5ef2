#!/usr/bin/env bash
# Builds every service's image with Jib, without a Docker daemon, tagged with the current commit:
#   deploy/build-images.sh               -> <service>/target/jib-image.tar (docker load -i ... to run them)
#   deploy/build-images.sh docker        -> into the local Docker (jib:dockerBuild), for docker compose
#   deploy/build-images.sh push REGISTRY -> pushed as REGISTRY/platform/<service>:<commit> (jib:build)
# Local builds (tar, docker) are platform/<service>:<commit>, :dev (what deploy/k8s/base and so the dev overlay run)
# and :latest (what docker-compose.yml runs unless PLATFORM_TAG is set). A push names the prod overlay's images:
# `kustomize edit set image` in deploy/k8s/overlays/prod, run here when kustomize is installed, printed otherwise.
# The base root file system (jlinked runtime + glibc, user 65532) is made first by deploy/base-image/BaseRootfs.java.
# One Maven run per service: -am builds the modules it depends on, and jib.containerize keeps Jib to the service
# (a library module has no image to build).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
tag="$(git rev-parse --short HEAD 2>/dev/null || echo dev)"
"$JAVA_HOME/bin/java" deploy/base-image/BaseRootfs.java deploy/base-image/target/rootfs
services=(identity-service profile-service membership-service billing-service audit-service cdc-relay gateway)
registry=""
case "${1:-tar}" in
  tar)    goal=jib:buildTar ;;
  docker) goal=jib:dockerBuild ;;
  push)   goal=jib:build; registry="${2:?usage: $0 push REGISTRY}"; registry="${registry%/}" ;;
  *)      echo "usage: $0 [tar|docker|push REGISTRY]" >&2; exit 2 ;;
esac
for service in "${services[@]}"; do
  if [ -n "$registry" ]; then
    # the image named per module here: Maven does not expand ${project.artifactId} in a -D value
    image=(-Djib.to.image="$registry/platform/$service:$tag")
  else
    # the pom's platform/<service> (:latest), with these tags too
    image=(-Djib.to.tags="$tag,dev")
  fi
  ./mvnw -B -DskipTests -pl "$service" -am package "$goal" -Djib.containerize=":$service" \
      -Dimage.tag="$tag" "${image[@]}"
done
if [ -z "$registry" ]; then
  echo "images platform/<service>:$tag, :dev and :latest"
  exit 0
fi
echo "images pushed as $registry/platform/<service>:$tag"
set_images=()
for service in "${services[@]}"; do
  set_images+=("platform/$service=$registry/platform/$service:$tag")
done
if command -v kustomize >/dev/null 2>&1; then
  (cd deploy/k8s/overlays/prod && kustomize edit set image "${set_images[@]}")
  echo "deploy/k8s/overlays/prod now runs them (kustomize edit set image): review and commit the change"
else
  echo "kustomize is not installed: to run them in the prod overlay, run"
  echo "  cd deploy/k8s/overlays/prod && kustomize edit set image ${set_images[*]}"
  echo "or set newName: $registry/platform/<service> and newTag: \"$tag\" there by hand"
fi
