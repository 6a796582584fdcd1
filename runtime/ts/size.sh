#!/usr/bin/env bash
# Measures what the generated TypeScript client costs a browser bundle, the way
# ../shared/peers-measured.md section 1 measured tRPC and connect-es: a program making one
# typed call, bundled with esbuild --bundle --minify --format=esm --platform=browser, then
# its bytes raw and gzip -9. The programs import the example's client (examples/todos/todos.sfn)
# as the generator in this tree writes it now, with the runtime in runtime/ts/src, into a
# temporary directory: a change to either is measured before examples/todos/web/gen is
# regenerated. Figures are recorded in docs/benchmarks-ts.md.
#
# make test runs it (target ts-size) to print the figures, not to judge them: it fails only
# when a program does not build. A program past its budget below (the last recorded figure
# with a margin, min+gz bytes) gets a warning, so a change that grows the client is seen.
set -euo pipefail
cd "$(dirname "$0")/../.."

# The programs are written to a temporary directory, so that this runs beside test.sh,
# which empties runtime/ts/build.
out=$(mktemp -d "$PWD/runtime/ts/.size.XXXXXX")
trap 'rm -rf "$out"' EXIT
go run ./cmd/sfn generate --ts-out "$out/gen" examples/todos/todos.sfn >/dev/null
gen=$out/gen/todos.js

cat >"$out/add_todo.ts" <<TS
// Only addTodo: Url encoding (form arguments, JSON result).
import { addTodo } from "$gen";
const t = await addTodo({ title: "Buy milk" });
console.log(t.id, t.title, t.done);
TS
cat >"$out/toggle_todo.ts" <<TS
// Only toggleTodo: Cbor encoding (CBOR arguments and result, through sfn/cbor.ts).
import { toggleTodo } from "$gen";
const t = await toggleTodo({ id: 1 });
console.log(t.id, t.title, t.done);
TS
cat >"$out/helpers.ts" <<TS
// addTodo through the query and mutation helpers: listTodosQuery and addTodoMutation.
import { addTodoMutation, listTodosQuery } from "$gen";
const t = await addTodoMutation().mutationFn({ title: "Buy milk" });
const q = listTodosQuery({});
console.log(t.id, q.queryKey, (await q.queryFn({ signal: new AbortController().signal })).todos.length);
TS
cat >"$out/enhance.ts" <<TS
// addTodo from a progressively enhanced <form>: the form helper and addTodoMutation.
import { enhance } from "$out/gen/sfn/index.js";
import { addTodoMutation } from "$gen";
enhance(document.querySelector("form")!, addTodoMutation(), {
  args: (data) => ({ title: String(data.get("title")) }),
  onSuccess: (t) => console.log(t.id, t.title, t.done),
});
TS
cat >"$out/all.ts" <<TS
// All five functions of the example, one per encoding.
import { addTodo, deleteTodo, listTodos, todoStats, toggleTodo } from "$gen";
const t = await addTodo({ title: "Buy milk" });
await toggleTodo({ id: t.id });
console.log(await listTodos({ done: true }), await todoStats());
await deleteTodo({ id: t.id });
TS

# Budgets in min+gz bytes: the figures of docs/benchmarks-ts.md with about 10% to spare.
declare -A budget=([add_todo]=2950 [toggle_todo]=4600 [helpers]=3250 [enhance]=3250 [all]=5750)

printf '%-13s %10s %14s %8s\n' program "min bytes" "min+gz bytes" budget
warn=()
programs=(add_todo toggle_todo helpers enhance all)
for p in "${programs[@]}"; do
  node_modules/.bin/esbuild "$out/$p.ts" --bundle --minify --format=esm --platform=browser \
    --outfile="$out/$p.js" --metafile="$out/$p.meta.json" --log-level=warning
  gz=$(gzip -9 -c "$out/$p.js" | wc -c)
  printf '%-13s %10d %14d %8d\n' "$p" "$(wc -c <"$out/$p.js")" "$gz" "${budget[$p]}"
  ((gz <= budget[$p])) || warn+=("$p is $gz bytes gzipped, over its budget of ${budget[$p]}")
done

# What each program is made of: minified bytes per module, from esbuild's metafile.
for p in "${programs[@]}"; do
  node -e '
const inputs = Object.values(require(process.argv[1]).outputs)[0].inputs;
const rows = Object.entries(inputs).map(([k, v]) => [v.bytesInOutput, k.replace(/^.*\/gen\/|^.*\//, "")]);
console.log(process.argv[2] + " by module (min bytes): " + rows.filter(([n]) => n).sort((a, b) => b[0] - a[0]).map(([n, k]) => k + " " + n).join(", "));
' "$out/$p.meta.json" "$p"
done
for w in ${warn[@]+"${warn[@]}"}; do echo "size.sh: warning: $w (see docs/benchmarks-ts.md)" >&2; done
