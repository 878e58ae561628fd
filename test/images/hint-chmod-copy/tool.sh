#!/bin/sh
seq 1 30000
