# Installs the app's npm dependencies from its lock file (the npm registry is reachable; the build itself stays offline).
set -e
cd app && npm ci --no-audit --no-fund --ignore-scripts >/dev/null
