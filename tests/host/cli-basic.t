#!/bin/bash
# SPDX-License-Identifier: MIT
# Host checks of the tdxg CLI (see cli-checks.sh) against user/tdxg.
exec "$(dirname "$0")/cli-checks.sh"
