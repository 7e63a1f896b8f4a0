#!/usr/bin/env bash
# Several nodes of the service on this machine, as one Axon cluster on one database (docs/operations.md,
# "Several nodes on one machine").
#
#   infra/cluster/run.sh [N]   starts the shared parts and N nodes (default 2), waits until every node is healthy,
#                              prints the addresses, then runs until Ctrl-C, which stops them all
#   infra/cluster/run.sh stop  stops a cluster started from another terminal (or whatever a killed run left behind)
#
# The shared parts are one process (SharedDevStack from the development jar): the MongoDB wire server and the payment
# and shipping simulators (one ledger for every node) and, when no PostgreSQL listens on 127.0.0.1:5432, the embedded
# PostgreSQL. With the local PostgreSQL, a fresh database is created for the run and dropped when it stops.
#
# Environment (all optional):
#   SHOP_CLUSTER_PORT_BASE      fixed ports: node i answers HTTP on BASE+i-1 and JGroups on BASE+100+i-1; the wire
#                               server, the simulators and the embedded PostgreSQL take BASE+200 to BASE+203.
#                               Unset: free ports
#   SHOP_CLUSTER_POSTGRES       local (needs psql and the local server) or embedded; unset: local when it answers
#   SHOP_CLUSTER_NAME           the Axon cluster's name (default shop-cluster)
#   SHOP_CLUSTER_ROLES          each node's roles (shop.node.roles, ADR 0022), one word per node in order, e.g.
#                               "command query saga" or "command,saga query query"; unset: every node runs all
#   SHOP_SECURITY_ADMIN_PASSWORD the first admin's password (default: generated and printed)
#   SHOP_CLUSTER_RUN_DIR        pid files, logs and data directories (default infra/cluster/target)
#   JAVA_OPTS                   options of every JVM (default -Xmx1g)
#   SHOP_CLUSTER_START_TIMEOUT  seconds a node may take to become healthy (default 300)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
jar=$root/infra/app/target/shop-dev.jar
run=${SHOP_CLUSTER_RUN_DIR:-$root/infra/cluster/target}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
java_opts=${JAVA_OPTS--Xmx1g}
start_timeout=${SHOP_CLUSTER_START_TIMEOUT:-300}
export AXONIQ_UPDATE_CHECKER_DISABLED=true

say() { echo "cluster: $*"; }
fail() { echo "cluster: $*" >&2; exit 1; }
alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pid_of() { [ -f "$run/$1.pid" ] && cat "$run/$1.pid" || true; }
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p 5432 -U postgres -d postgres "$@"; }

# Stops one process by its pid file: SIGTERM (a graceful stop), SIGKILL after 60 s.
stop_process() {
    local name=$1 pid
    pid=$(pid_of "$name")
    if alive "$pid"; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 600); do alive "$pid" || break; sleep 0.1; done
        if alive "$pid"; then
            say "$name (pid $pid) did not stop within 60 s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$run/$name.pid"
}

# Nodes first (they still use the databases while they stop), then the shared parts, then the database.
stop_all() {
    local pidfile stoppers=()
    for pidfile in "$run"/node-*.pid; do
        [ -e "$pidfile" ] || continue
        stop_process "$(basename "$pidfile" .pid)" &
        stoppers+=($!)
    done
    # only these: a bare wait would also wait for the shared parts, which are this shell's children too
    [ ${#stoppers[@]} -eq 0 ] || wait "${stoppers[@]}"
    stop_process shared
    # an embedded PostgreSQL outlives shared parts that were killed (SIGKILL): it goes before its data directory
    local postmaster=$run/shared/data/postgres/postmaster.pid pg
    if [ -f "$postmaster" ]; then
        pg=$(head -n 1 "$postmaster")
        if alive "$pg" && [[ "$(cat "/proc/$pg/cmdline" 2>/dev/null | tr '\0' ' ')" == *"$run/shared/data/postgres"* ]]; then
            kill -TERM "$pg" 2>/dev/null || true
            for _ in $(seq 300); do alive "$pg" || break; sleep 0.1; done
        fi
    fi
    if [ -f "$run/database" ]; then
        local database
        database=$(cat "$run/database")
        if psql_admin -c "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)"; then
            say "dropped database $database"
            rm -f "$run/database"
        else
            say "could not drop database $database; drop it by hand" >&2
        fi
    fi
    rm -rf "$run"/node-*/ "$run"/shared/
}

if [ "${1:-}" = stop ]; then
    script=$(pid_of script)
    if alive "$script"; then
        say "stopping the cluster of run.sh (pid $script)"
        kill -TERM "$script"
        for _ in $(seq 1800); do alive "$script" || break; sleep 0.1; done
    fi
    # what a run killed on the spot left behind, if anything
    stop_all
    rm -f "$run/script.pid"
    say "stopped"
    exit 0
fi

nodes=${1:-2}
[[ "$nodes" =~ ^[1-9][0-9]?$ ]] || fail "usage: $0 [N (1-99 nodes, default 2)] | $0 stop"
read -r -a node_roles <<<"${SHOP_CLUSTER_ROLES:-}"
[ ${#node_roles[@]} -eq 0 ] || [ ${#node_roles[@]} -eq "$nodes" ] ||
    fail "SHOP_CLUSTER_ROLES names the roles of ${#node_roles[@]} node(s), the run has $nodes"
roles_of() { echo "${node_roles[$1 - 1]:-command,query,saga}"; }
[ -f "$jar" ] || fail "$jar is missing; build it with: ./mvnw -pl infra/app -am package -DskipTests"
command -v curl >/dev/null || fail "curl is needed (apt-get install curl)"
mkdir -p "$run"
alive "$(pid_of script)" && fail "a cluster runs already (run.sh pid $(pid_of script)); stop it with: $0 stop"
stop_all >/dev/null 2>&1 || true # leftovers of a run that was killed
echo $$ >"$run/script.pid"

taken=" "
# a port nothing listens on and not handed out before
port() {
    local port
    if [ -n "${SHOP_CLUSTER_PORT_BASE:-}" ]; then
        port=$((SHOP_CLUSTER_PORT_BASE + $1))
        listening "$port" && fail "port $port (SHOP_CLUSTER_PORT_BASE + $1) is taken"
    else
        while :; do
            port=$((20000 + RANDOM % 40000))
            case "$taken" in *" $port "*) continue ;; esac
            listening "$port" || break
        done
    fi
    echo "$port"
}
# sets the variable named $1 to a port (offset $2 from SHOP_CLUSTER_PORT_BASE) and remembers it as handed out
pick() {
    local -n into=$1
    into=$(port "$2")
    taken="$taken$into "
}

postgres=${SHOP_CLUSTER_POSTGRES:-}
if [ -z "$postgres" ]; then
    if command -v psql >/dev/null && psql_admin -Atc 'select 1' >/dev/null 2>&1; then postgres=local; else postgres=embedded; fi
fi
case "$postgres" in local | embedded) ;; *) fail "SHOP_CLUSTER_POSTGRES must be local or embedded, was $postgres" ;; esac

pick mongo_port 200
pick payment_port 201
pick shipping_port 202
declare -a http_ports jgroups_ports
for i in $(seq "$nodes"); do
    pick p $((i - 1))
    http_ports[i]=$p
    pick p $((100 + i - 1))
    jgroups_ports[i]=$p
done
members=""
for i in $(seq "$nodes"); do members="$members${members:+,}127.0.0.1:${jgroups_ports[i]}"; done

export SHOP_SECURITY_MASTERKEYID=cluster SHOP_SECURITY_MASTERKEYS_CLUSTER
# one master key for every node: each wraps and unwraps the signing keys the others stored
SHOP_SECURITY_MASTERKEYS_CLUSTER=$(head -c 32 /dev/urandom | base64)
admin_password=${SHOP_SECURITY_ADMIN_PASSWORD:-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')}

# From here on the run owns processes (and perhaps a database): however it ends (Ctrl-C, run.sh stop, a failure),
# it stops them all; a second Ctrl-C does not interrupt that
cleanup() {
    trap '' INT TERM
    say "stopping"
    stop_all
    rm -f "$run/script.pid"
    say "stopped"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

shared_env=(
    SHOP_DATA_DIR="$run/shared/data"
    SHOP_EMBEDDED_MONGO_PORT="$mongo_port"
    SHOP_EMBEDDED_MONGO_PERSISTENT=false
    SHOP_SIMULATORS_PAYMENT_PORT="$payment_port"
    SHOP_SIMULATORS_SHIPPING_PORT="$shipping_port"
)
if [ "$postgres" = local ]; then
    database=shop_cluster_$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')
    psql_admin -c "CREATE DATABASE $database" || fail "could not create database $database on 127.0.0.1:5432"
    echo "$database" >"$run/database"
    datasource_url=jdbc:postgresql://127.0.0.1:5432/$database
    # the shared parts then start no PostgreSQL of their own
    shared_env+=(SPRING_DATASOURCE_URL="$datasource_url")
    postgres_address="$datasource_url (local PostgreSQL, dropped on stop)"
else
    pick postgres_port 203
    shared_env+=(SHOP_EMBEDDED_POSTGRES_PORT="$postgres_port")
    datasource_url=jdbc:postgresql://127.0.0.1:$postgres_port/postgres
    postgres_address="$datasource_url (embedded, in $run/shared/data)"
fi

mkdir -p "$run/shared"
say "starting the shared parts (log: $run/shared.log)"
# background jobs of a script ignore SIGINT, so Ctrl-C reaches only this script, which stops them in order
env "${shared_env[@]}" "$java" $java_opts -cp "$jar" -Dloader.main=com.example.shop.devstack.SharedDevStack \
    org.springframework.boot.loader.launch.PropertiesLauncher >"$run/shared.log" 2>&1 &
echo $! >"$run/shared.pid"
shared_ports=("$mongo_port" "$payment_port" "$shipping_port")
[ "$postgres" = embedded ] && shared_ports+=("$postgres_port")
for _ in $(seq $((start_timeout * 2))); do
    alive "$(pid_of shared)" || { tail -n 30 "$run/shared.log" >&2; fail "the shared parts did not start"; }
    up=1
    for p in "${shared_ports[@]}"; do listening "$p" || up=; done
    [ -n "$up" ] && break
    sleep 0.5
done
[ -n "$up" ] || fail "the shared parts do not listen after $start_timeout s"

start_node() {
    local i=$1
    mkdir -p "$run/node-$i"
    env PORT="${http_ports[i]}" \
        SHOP_DATA_DIR="$run/node-$i/data" \
        SPRING_DATASOURCE_URL="$datasource_url" SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD= \
        SPRING_DATA_MONGODB_URI="mongodb://127.0.0.1:$mongo_port/shop" \
        SHOP_PROVIDERS_PAYMENT_BASEURL="http://127.0.0.1:$payment_port" \
        SHOP_PROVIDERS_SHIPPING_BASEURL="http://127.0.0.1:$shipping_port" \
        SHOP_SECURITY_ADMIN_PASSWORD="$admin_password" \
        SHOP_CLUSTER_ENABLED=true \
        SHOP_CLUSTER_NAME="${SHOP_CLUSTER_NAME:-shop-cluster}" \
        SHOP_CLUSTER_BIND_PORT="${jgroups_ports[i]}" \
        SHOP_CLUSTER_MEMBERS="$members" \
        SHOP_NODE_ROLES="$(roles_of "$i")" \
        "$java" $java_opts -jar "$jar" >"$run/node-$i.log" 2>&1 &
    echo $! >"$run/node-$i.pid"
    say "starting node $i ($(roles_of "$i")) on http://127.0.0.1:${http_ports[i]} (log: $run/node-$i.log)"
}

healthy() { curl -sf --max-time 5 "http://127.0.0.1:$1/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; }

# waits until the given nodes are healthy; a node that exits stops the run
await_healthy() {
    local deadline=$((SECONDS + start_timeout)) waiting i
    while :; do
        waiting=()
        for i in "$@"; do
            alive "$(pid_of "node-$i")" || { tail -n 40 "$run/node-$i.log" >&2; fail "node $i exited while starting"; }
            healthy "${http_ports[i]}" || waiting+=("$i")
        done
        [ ${#waiting[@]} -eq 0 ] && return
        [ $SECONDS -lt $deadline ] || fail "node(s) ${waiting[*]} not healthy after $start_timeout s"
        sleep 1
    done
}

# the first node alone creates the schema, the admin account and the first signing key; the others then join
start_node 1
await_healthy 1
if [ "$nodes" -gt 1 ]; then
    for i in $(seq 2 "$nodes"); do start_node "$i"; done
    await_healthy $(seq 2 "$nodes")
fi

{
    echo "Shop cluster of $nodes node(s), all healthy:"
    for i in $(seq "$nodes"); do
        echo "  node $i            http://127.0.0.1:${http_ports[i]}  (roles $(roles_of "$i"), JGroups 127.0.0.1:${jgroups_ports[i]}, pid $(pid_of "node-$i"), log $run/node-$i.log)"
    done
    echo "  PostgreSQL        $postgres_address"
    echo "  MongoDB           mongodb://127.0.0.1:$mongo_port/shop"
    echo "  payment gateway   http://127.0.0.1:$payment_port  (curl http://127.0.0.1:$payment_port/_sim/ledger)"
    echo "  shipping carrier  http://127.0.0.1:$shipping_port"
    echo "  admin             admin@shop.local / $admin_password"
    echo "Ctrl-C (or $0 stop) stops them all."
} | tee "$run/addresses"

# runs until a signal; a process that dies on its own is reported and the rest stopped
while :; do
    for pidfile in "$run"/node-*.pid "$run/shared.pid"; do
        [ -e "$pidfile" ] || continue
        if ! alive "$(cat "$pidfile")"; then
            name=$(basename "$pidfile" .pid)
            say "$name exited (log: $run/$name.log); stopping the others"
            rm -f "$pidfile"
            exit 1
        fi
    done
    sleep 1
done
