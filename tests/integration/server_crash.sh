#!/bin/sh
# tests/integration/server_crash.sh: kill -9 the server at random moments,
# many times in a loop, and check that the store survives every time.
#   GF=build/grainflow sh tests/integration/server_crash.sh   (make check runs it)
# Two loops on 127.0.0.1. (1) 6 times: a fresh store, the server killed 0-60
# ms after it starts (while it creates the schema, runs the migrations and
# loads the default scenario); the next start must open it. (2) 10 times:
# runs are started on one store and the server killed 0-400 ms later (while
# results are stored); after each kill PRAGMA integrity_check on the file
# says ok, every run seen done before the kill is still done with its
# result, and a restarted server answers. Bounded: timeout 150 in all.
set -u
. "$(dirname "$0")/lib.sh"
harness_server server_crash 150 "$@"
rnd() { # rnd MAX: a random whole number of milliseconds 0..MAX, as seconds
    python3 -c "import random,sys;print(random.randint(0,int(sys.argv[1]))/1000)" "$1"
}
done_runs() { # done_runs DB: the ids of done runs that have a result, one line
    sql "$1" "select id from runs where status='done' and result is not null order by id" 2>/dev/null |
        tr '\n' ' ' | sed 's/ $//'
}

# (1) killed while creating and migrating a new store
for i in 1 2 3 4 5 6; do
    db="$tmp/m$i.db"
    launch M 127.0.0.1 --db "$db"
    sleep "$(rnd 60)"
    stop M KILL
    if try_start C 127.0.0.1 --db "$db" &&
        curl -s --max-time 10 "http://127.0.0.1:$port/api/v1/health" | grep -q '"store":"ok"'; then
        ok "a store killed while being created ($i) opens, and passes integrity_check"
    else
        bad "a store killed while being created ($i) does not open: $(cat "$tmp/C.err")"
    fi
    stop C KILL
done

# (2) killed while runs are stored
db="$tmp/c.db"
for i in 1 2 3 4 5 6 7 8 9 10; do
    if ! try_start C 127.0.0.1 --db "$db"; then
        bad "restart $i: the server did not start: $(cat "$tmp/C.err")"
        break
    fi
    U="http://127.0.0.1:$port/api/v1"
    for k in 1 2 3; do
        curl -s --max-time 10 -o /dev/null -H "Content-Type: application/json" \
            -d "{\"scenario\":\"kz-ma-africa\",\"edits\":[{\"op\":\"scale_freight\",\"pct\":$((i * 3 + k))}]}" \
            "$U/runs?wait_ms=0" &
    done
    sleep "$(rnd 400)"
    before=$(done_runs "$db")
    stop C KILL
    wait 2>/dev/null
    r=$(sql "$db" 'PRAGMA integrity_check')
    if [ "$r" = ok ]; then ok "kill -9 $i: integrity_check ok"; else bad "kill -9 $i: integrity_check: $r"; fi
    after=" $(done_runs "$db") "
    lost=""
    for id in $before; do
        case "$after" in *" $id "*) ;; *) lost="$lost $id" ;; esac
    done
    if [ -z "$lost" ]; then ok "kill -9 $i: every run done before the kill is still done ($(echo $before | wc -w))"; else
        bad "kill -9 $i: done runs lost:$lost"; fi
done
start C 127.0.0.1 --db "$db"
n=$(curl -s --max-time 10 "http://127.0.0.1:$port/api/v1/runs?limit=1000" | grep -o '"status":"done"' | wc -l)
if [ "$n" -gt 0 ]; then ok "after 10 kills the server lists $n done runs"; else bad "no done run survived"; fi
if curl -s --max-time 10 "http://127.0.0.1:$port/api/v1/runs?limit=1000" | grep -q '"status":"running"\|"status":"queued"'; then
    bad "a run is left running after recovery"; else ok "recovery leaves no run queued or running"; fi
stop C KILL
finish
