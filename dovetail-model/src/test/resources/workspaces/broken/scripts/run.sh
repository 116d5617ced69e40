#!/bin/sh
echo not part of the workspace
