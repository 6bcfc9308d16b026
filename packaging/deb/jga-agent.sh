#!/bin/sh
# jga-agent: the jga guest agent, a drop-in for qemu-ga (docs/install.md). Takes qemu-ga's
# command line. Runs the agent on the package's own Java runtime with the JVM flags of
# jvm.options and the AOT cache built from them at package time (docs/performance.md).
# JGA_JAVA_OPTS adds JVM flags or overrides those of jvm.options (as in bin/jga-agent); a
# different GC or heap geometry may make the JVM ignore the AOT cache, with a warning.
case $0 in */*) bin=${0%/*} ;; *) bin=/usr/sbin ;; esac
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
# sbin's sibling lib/, found without a subshell (a fork costs a start ~2 ms); odd paths
# (e.g. ./jga-agent) go the long way.
lib=${bin%/*}/lib/jga-agent
[ -f "$lib/jvm.options" ] || lib=$(cd "$bin/../lib/jga-agent" && pwd -P) || exit 1
# Signals whose default action ends the process and that neither the JVM nor the agent uses are
# ignored, so a stray one leaves no pidfile or socket behind (the JVM turns only SIGTERM, SIGINT
# and SIGHUP into a clean exit). An ignored signal stays ignored across execve(2), and the JVM
# leaves these alone; children get every signal back at its default (posix_spawn SETSIGDEF).
trap '' USR1 ALRM VTALRM PROF IO PWR
# shellcheck disable=SC2086 # JGA_JAVA_OPTS is a list of flags
exec "$lib/runtime/bin/java" @"$lib/jvm.options" -XX:AOTCache="$lib/jga-agent.aot" ${JGA_JAVA_OPTS:-} \
  -cp @CLASSPATH@ @MAIN@ "$@"
