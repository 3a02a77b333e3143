#!/bin/sh
# Runs {{NAME}} from this folder, wherever it was unpacked: the bundle's libraries are in lib/ and
# lib/julia/ beside it, so they go first on the library path. Arguments pass through unchanged.
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
case "$(uname -s)" in
  Darwin)
    DYLD_LIBRARY_PATH="$here/lib:$here/lib/julia${DYLD_LIBRARY_PATH:+:$DYLD_LIBRARY_PATH}"
    export DYLD_LIBRARY_PATH
    ;;
  *)
    LD_LIBRARY_PATH="$here/lib:$here/lib/julia${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    export LD_LIBRARY_PATH
    ;;
esac
exec "$here/{{EXE}}" "$@"
