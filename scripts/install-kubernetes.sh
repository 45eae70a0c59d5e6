#!/usr/bin/env bash
# Builds a real Kubernetes API server and etcd from the Go module proxy, for the suite that runs against a real API.
# A registry install: Kubernetes' own module names its k8s.io/* staging modules by local paths, so a module of our own
# requires it with those replaced by their published versions, and builds the commands from there (etcd's server
# module has replace lines too, so it is built the same way). Cached in $FAKECLOUD_TOOLS_DIR (default
# ~/.cache/fakecloud-explorer); the first build takes about 10 minutes on two cores. Prints the binaries' folder.
set -euo pipefail
K8S=1.37.2
ETCD=3.7.0
TOOLS="${FAKECLOUD_TOOLS_DIR:-$HOME/.cache/fakecloud-explorer}"
DIR="$TOOLS/kubernetes-$K8S"
BIN="$DIR/bin"
if [ -x "$BIN/kube-apiserver" ] && [ -x "$BIN/etcd" ]; then echo "$BIN"; exit 0; fi

if ! command -v go >/dev/null 2>&1; then
  for g in /usr/local/go/bin/go /usr/lib/go/bin/go; do [ -x "$g" ] && PATH="$(dirname "$g"):$PATH" && break; done
fi
command -v go >/dev/null 2>&1 || { echo "kubernetes: go is needed to build the API server" >&2; exit 1; }

mod="$DIR/module"
mkdir -p "$mod" "$BIN"
cd "$mod"
minor=${K8S#1.}
{
  echo "module fakecloud-explorer/kubernetes-build"
  echo
  echo "go 1.25"
  echo
  echo "require ("
  echo "	k8s.io/kubernetes v$K8S"
  echo "	go.etcd.io/etcd/server/v3 v$ETCD"
  echo ")"
  echo
  echo "replace ("
  for m in api apiextensions-apiserver apimachinery apiserver cli-runtime client-go cloud-provider cluster-bootstrap \
    code-generator component-base component-helpers controller-manager cri-api cri-client cri-streaming \
    csi-translation-lib dynamic-resource-allocation endpointslice externaljwt kms kube-aggregator \
    kube-controller-manager kube-proxy kube-scheduler kubectl kubelet metrics mount-utils pod-security-admission \
    sample-apiserver sample-cli-plugin sample-controller streaming; do
    echo "	k8s.io/$m => k8s.io/$m v0.$minor"
  done
  echo ")"
} >go.mod
printf 'package tools\n\nimport (\n\t_ "go.etcd.io/etcd/server/v3/etcdmain"\n\t_ "k8s.io/kubernetes/cmd/kube-apiserver/app"\n)\n' >tools.go

echo "kubernetes: building kube-apiserver $K8S and etcd $ETCD from the Go module proxy into $BIN" >&2
started=$(date +%s)
go mod tidy >&2
go build -o "$BIN/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver >&2
go build -o "$BIN/etcd" go.etcd.io/etcd/server/v3 >&2
echo "kubernetes: built in $(( $(date +%s) - started )) s" >&2
echo "$BIN"
