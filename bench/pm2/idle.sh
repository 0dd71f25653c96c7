#!/usr/bin/env bash
# Benchmark child that does nothing, for the supervisors' resident memory with N apps.
exec sleep 1000000
