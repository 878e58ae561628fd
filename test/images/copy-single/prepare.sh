# The context gets a 3 MB program-like file and a small data directory (generated: no binary in the repository).
set -e
mkdir -p app/data
seq 1 400000 | head -c 2900000 > app/server
seq 1 20000 > app/data/numbers.txt
