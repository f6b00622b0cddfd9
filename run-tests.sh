#!/usr/bin/env bash
# run-tests.sh - the project's one test command.
#
# Prepares a Debian 12 machine (system packages, a local MariaDB with a test
# account, a Chromium for the browser tests, a redis-server binary), runs the
# whole test suite and ends with a one-line summary: "N passed, N failed[, N
# skipped]".
#
# Usage: ./run-tests.sh [extra dotnet test arguments]
#   e.g. ./run-tests.sh --filter Category=Unit
#
# Every setup step checks first and only acts when something is missing, so
# repeated runs on a prepared machine go straight to the tests.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RESULTS_DIR="$REPO_ROOT/TestResults"
SOLUTION="$REPO_ROOT/CampaignStudio.sln"

# System packages the tests rely on: MariaDB for the MySQL-provider tests,
# Chromium for the Playwright UI tests, aiosmtpd as a throwaway SMTP server,
# a font so headless Chromium renders text (screenshots, layout checks), and
# redis-server, which the progress relay tests start themselves on a free
# loopback port (no system service is needed or used).
APT_PACKAGES=(mariadb-server mariadb-client chromium python3-aiosmtpd fonts-dejavu-core redis-server)

TEST_DB_USER="campaignstudio_test"
TEST_DB_PASSWORD="campaignstudio_test"
MARIADB_WAIT_SECONDS=60

log() { echo "==> $*"; }
die() { echo "ERROR: $*" >&2; exit 1; }

# Setup needs root (apt, starting the server, socket login as the DB root).
# The script is meant to run as root; fall back to sudo for a developer box.
as_root() {
    if [[ $EUID -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "setup step needs root (or sudo): $*"
    fi
}

# ---------------------------------------------------------------------------
# System packages
# ---------------------------------------------------------------------------

# Prints the packages from APT_PACKAGES that are not installed yet.
missing_packages() {
    local pkg
    for pkg in "${APT_PACKAGES[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
            echo "$pkg"
        fi
    done
}

# Installs only what is missing; `apt-get update` is slow, so it runs only
# when there is something to install.
install_packages() {
    local missing
    mapfile -t missing < <(missing_packages)
    if [[ ${#missing[@]} -eq 0 ]]; then
        return 0
    fi
    log "Installing missing packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

# ---------------------------------------------------------------------------
# MariaDB
# ---------------------------------------------------------------------------

# Debian 12 ships both the mariadb-* names and the older mysql* names;
# prefer the new ones but accept either.
mariadb_admin() {
    if command -v mariadb-admin >/dev/null 2>&1; then
        as_root mariadb-admin "$@"
    else
        as_root mysqladmin "$@"
    fi
}

# Runs SQL as the database root user, who logs in through the unix socket.
mariadb_root() {
    if command -v mariadb >/dev/null 2>&1; then
        as_root mariadb --user=root "$@"
    else
        as_root mysql --user=root "$@"
    fi
}

# `ping` succeeds whenever the server answers (even on access errors).
mariadb_is_up() {
    mariadb_admin --silent ping >/dev/null 2>&1
}

# There is no systemd on the target machines, so the server is started
# directly as a background daemon.
start_mariadb() {
    if mariadb_is_up; then
        return 0
    fi
    log "Starting MariaDB"
    # The package normally initialises the data directory; do it if it did not.
    if [[ ! -d /var/lib/mysql/mysql ]]; then
        as_root mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null
    fi
    as_root mkdir -p /run/mysqld
    as_root chown mysql:mysql /run/mysqld
    as_root start-stop-daemon --start --oknodo --background \
        --exec /usr/sbin/mariadbd -- --user=mysql

    local waited=0
    until mariadb_is_up; do
        if (( waited >= MARIADB_WAIT_SECONDS )); then
            die "MariaDB did not answer within ${MARIADB_WAIT_SECONDS} s." \
                "Run '/usr/sbin/mariadbd --user=mysql' in a terminal to see why it does not start."
        fi
        sleep 1
        waited=$((waited + 1))
    done
}

# Creates the account the tests connect with, at both host names because
# clients may reach the server via TCP (127.0.0.1) or the socket (localhost).
# ALTER USER resets the password in case an older account differs. The
# account gets all privileges because the tests create and drop their own
# databases (cs_test_*).
create_test_account() {
    local host
    for host in localhost 127.0.0.1; do
        mariadb_root <<SQL
CREATE USER IF NOT EXISTS '${TEST_DB_USER}'@'${host}' IDENTIFIED BY '${TEST_DB_PASSWORD}';
ALTER USER '${TEST_DB_USER}'@'${host}' IDENTIFIED BY '${TEST_DB_PASSWORD}';
GRANT ALL PRIVILEGES ON *.* TO '${TEST_DB_USER}'@'${host}';
SQL
    done
    mariadb_root -e 'FLUSH PRIVILEGES;'
}

# Databases left behind by an aborted earlier run would only pile up; the
# tests always create fresh ones. (`\_` because `_` is a LIKE wildcard.)
drop_leftover_test_databases() {
    local db
    local dbs
    dbs="$(mariadb_root --batch --skip-column-names -e \
        "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'cs\\_test\\_%';")"
    for db in $dbs; do
        log "Dropping leftover test database $db"
        mariadb_root -e "DROP DATABASE IF EXISTS \`${db}\`;"
    done
}

setup_mariadb() {
    start_mariadb
    create_test_account
    drop_leftover_test_databases
}

# ---------------------------------------------------------------------------
# Test run
# ---------------------------------------------------------------------------

# Settings the tests read; a caller may point them elsewhere beforehand.
export_test_environment() {
    export CAMPAIGNSTUDIO_TEST_MYSQL="${CAMPAIGNSTUDIO_TEST_MYSQL:-Server=127.0.0.1;Port=3306;User ID=${TEST_DB_USER};Password=${TEST_DB_PASSWORD}}"
    export CAMPAIGNSTUDIO_CHROMIUM="${CAMPAIGNSTUDIO_CHROMIUM:-/usr/bin/chromium}"
    # Keep the output free of first-run banners and telemetry notices.
    export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"
    export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"
}

# Runs the tests; the exit code is returned through the global DOTNET_EXIT so
# that a failure does not stop the script before the summary is printed.
DOTNET_EXIT=0
run_dotnet_test() {
    # Old TRX files would be counted again, so start from an empty directory.
    rm -rf "$RESULTS_DIR"
    mkdir -p "$RESULTS_DIR"
    log "Running: dotnet test $(basename "$SOLUTION") -c Release $*"
    dotnet test "$SOLUTION" -c Release \
        --results-directory "$RESULTS_DIR" \
        --logger "trx" \
        --logger "console;verbosity=normal" \
        "$@" || DOTNET_EXIT=$?
}

# Sums the <Counters> of every TRX file under the results directory. Prints
# the names of failed tests (if any), then, as its last line, the four
# numbers "passed failed skipped files". Everything goes to stdout so that
# the order of the lines stays the same however the output is captured.
# TRX outcomes are disjoint, so error/timeout/aborted count as failures.
# Skipped tests (e.g. [Fact(Skip=...)]) appear in VSTest's TRX as
# total - executed while notExecuted stays 0; other writers fill
# notExecuted, so the larger of the two is taken.
count_trx_results() {
    python3 - "$RESULTS_DIR" <<'PY'
import pathlib, sys
import xml.etree.ElementTree as ET

def local(tag):
    return tag.rsplit('}', 1)[-1]

# A CI log often keeps only its tail, so each failure's message, the top of
# its stack trace and the end of its own output are repeated here.
def why(result):
    def text(name):
        found = [e.text or '' for e in result.iter() if local(e.tag) == name]
        return '\n'.join(found).strip().splitlines()
    message, stack, output = text('Message'), text('StackTrace'), text('StdOut')
    lines = message[:20] + stack[:12]
    if output:
        lines += ['--- last lines of the test output:'] + output[-25:]
    return lines

passed = failed = skipped = files = 0
failed_names = []
for trx in sorted(pathlib.Path(sys.argv[1]).rglob('*.trx')):
    try:
        root = ET.parse(trx).getroot()
    except ET.ParseError as exc:
        print(f"WARNING: cannot read {trx}: {exc}")
        failed += 1
        continue
    files += 1
    for el in root.iter():
        tag = local(el.tag)
        if tag == 'Counters':
            n = lambda name: int(el.get(name, '0') or 0)
            passed += n('passed')
            failed += n('failed') + n('error') + n('timeout') + n('aborted')
            skipped += max(n('notExecuted'), n('total') - n('executed'))
        elif tag == 'UnitTestResult' and el.get('outcome') in ('Failed', 'Error', 'Timeout', 'Aborted'):
            failed_names.append((el.get('testName', '?'), why(el)))

if failed_names:
    print("Failed tests:")
    for name, reason in failed_names:
        print(f"  - {name}")
        for line in reason:
            print(f"      {line}")
print(passed, failed, skipped, files)
PY
}

# Prints the summary (always as the last line) and decides the exit code.
summarize() {
    local report passed failed skipped files status=0
    if ! report="$(count_trx_results)"; then
        echo "$report"
        echo "Could not read the test results in $RESULTS_DIR."
        report="0 0 0 0"
        status=1
    fi
    # All lines but the last are messages for the reader; the last holds the numbers.
    if [[ "$report" == *$'\n'* ]]; then
        echo "${report%$'\n'*}"
    fi
    read -r passed failed skipped files <<<"${report##*$'\n'}"

    if (( files == 0 )); then
        echo "No readable test results were written (dotnet test exit code $DOTNET_EXIT):" \
             "the build or the test host failed; see the output above."
        status=1
    elif (( passed + failed == 0 )); then
        echo "No tests ran (is the --filter too narrow, or were no tests discovered?)."
        status=1
    elif (( failed > 0 )); then
        status=1
    elif (( DOTNET_EXIT != 0 )); then
        echo "dotnet test exited with code $DOTNET_EXIT although no test failed; see the output above."
        status=1
    fi

    if (( skipped > 0 )); then
        echo "$passed passed, $failed failed, $skipped skipped"
    else
        echo "$passed passed, $failed failed"
    fi
    return "$status"
}

main() {
    cd "$REPO_ROOT"
    install_packages
    setup_mariadb
    export_test_environment
    run_dotnet_test "$@"
    summarize
}

main "$@"
