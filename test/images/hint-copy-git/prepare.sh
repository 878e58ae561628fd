# The build context gets a real git checkout, a node_modules folder and editor/OS leftovers.
set -e
git init -q . && git -c user.name=lab -c user.email=lab@example.invalid add src
head -c 300000 /dev/urandom > src/blob.bin
git -c user.name=lab -c user.email=lab@example.invalid add src/blob.bin
git -c user.name=lab -c user.email=lab@example.invalid commit -qm init
mkdir -p node_modules/left-pad && seq 1 20000 > node_modules/left-pad/index.js
echo junk > src/.run.sh.swp && echo junk > .DS_Store
