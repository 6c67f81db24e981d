#!/usr/bin/env bash
# Exits 0 when a container runtime answers within a few seconds (the AppHost's auto mode asks the same).
for runtime in docker podman; do
  if command -v "$runtime" >/dev/null && timeout 5 "$runtime" info >/dev/null 2>&1; then
    exit 0
  fi
done
exit 1
