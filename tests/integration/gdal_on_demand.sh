#!/bin/sh
# tests/integration/gdal_on_demand.sh: GDAL is loaded when a file needs it,
# not by every process (src/core/gdal_dl.h says why: its 113 libraries cost
# each start 52 ms).
#   GF=build/grainflow sh tests/integration/gdal_on_demand.sh   (tests/run.sh sets GF)
# Checked with the dynamic linker's own account (LD_DEBUG=files) of what
# each run maps: no library or program of the build names libgdal as
# NEEDED; a plan without outputs, `validate` of a folder and `--version`
# never map it; `plan -o` maps it and its plan.gpkg opens in ogrinfo with
# both layers; `validate` of a workbook maps it and reads the workbook. It
# fails if GDAL is linked again (-lgdal in the Makefile or the pkg-config
# file) or if the loader stops loading it.
. "$(dirname "$0")/lib.sh"
harness_cli gdal_on_demand
BIN=$(dirname "$GF")
command -v ogr2ogr >/dev/null && command -v ogrinfo >/dev/null || {
    say "ogr2ogr and ogrinfo (gdal-bin, in tools/install-deps) are missing"
    exit 1
}

for f in "$BIN/libgrainflow.so" "$BIN/libgrainflow-server.so" "$GF" "$BIN/grainflow-mpi"; do
    [ -f "$f" ] || continue
    if readelf -d "$f" | grep NEEDED | grep -q libgdal; then
        say "$(basename "$f") links libgdal (NEEDED): it must be loaded on first use"
        fail=1
    fi
done

# maps WANT(0|1) NAME ARGS...: runs $GF ARGS under LD_DEBUG=files, wants
# exit 0 and libgdal mapped (1) or not (0)
maps() {
    want=$1
    name=$2
    shift 2
    LD_DEBUG=files LD_DEBUG_OUTPUT="$tmp/ld" "$GF" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -ne 0 ]; then
        say "$name: exit $rc"
        cat "$tmp/out" "$tmp/err"
        fail=1
    fi
    got=0
    cat "$tmp"/ld.* 2>/dev/null | grep -q 'file=libgdal\.so' && got=1
    rm -f "$tmp"/ld.*
    if [ "$got" -ne "$want" ]; then
        say "$name: libgdal mapped: $got, expected $want"
        fail=1
    fi
}

K=$ROOT/data/kz-ma-africa-v1
maps 0 "--version" --version
maps 0 "plan without outputs" plan "$K"
maps 0 "validate a folder" validate "$K"
maps 1 "plan -o" plan "$K" -o "$tmp/o"
if [ -f "$tmp/o/plan.gpkg" ]; then
    ogrinfo -ro -so "$tmp/o/plan.gpkg" >"$tmp/info" 2>&1
    has "$tmp/info" "places (Point)" "plan.gpkg"
    has "$tmp/info" "flows (Line String)" "plan.gpkg"
else
    say "plan -o wrote no plan.gpkg"
    fail=1
fi

for t in scenario nodes links supply demand; do
    [ -f "$D/tiny/$t.csv" ] || continue
    ogr2ogr -f XLSX -update -append "$tmp/tiny.xlsx" "$D/tiny/$t.csv" -nln "$t" \
        -oo AUTODETECT_TYPE=YES || {
        say "ogr2ogr could not write $t into tiny.xlsx"
        fail=1
    }
done
maps 1 "validate a workbook" validate "$tmp/tiny.xlsx"
# the same summary as the folder's, but for the name it starts with
"$GF" validate "$D/tiny" 2>&1 | sed 's/^[^:]*: //' >"$tmp/folder"
sed 's/^[^:]*: //' "$tmp/out" >"$tmp/book"
grep -q "valid: 3 nodes" "$tmp/folder" && cmp -s "$tmp/folder" "$tmp/book" || {
    say "validate of the workbook and of its folder differ"
    cat "$tmp/folder" "$tmp/book"
    fail=1
}

[ "$fail" -eq 0 ] && say "ok"
exit "$fail"
