#!/usr/bin/env bash
# Measures what the generated TypeScript client costs a browser bundle, the way
# ../shared/peers-measured.md section 1 measured tRPC and connect-es: a program making one
# typed call, bundled with esbuild --bundle --minify --format=esm --platform=browser, then
# its bytes raw and gzip -9. The programs import examples/todos/web/gen, the example's
# generated client. Figures are recorded in docs/benchmarks-ts.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

out=runtime/ts/build/size
rm -rf "$out"
mkdir -p "$out"
gen=../../../../examples/todos/web/gen/todos.js

cat >"$out/add_todo.ts" <<TS
// Only addTodo: Url encoding (form arguments, JSON result).
import { addTodo } from "$gen";
const t = await addTodo({ title: "Buy milk" });
console.log(t.id, t.title, t.done);
TS
cat >"$out/toggle_todo.ts" <<TS
// Only toggleTodo: Cbor encoding (CBOR arguments and result, through cbor2).
import { toggleTodo } from "$gen";
const t = await toggleTodo({ id: 1 });
console.log(t.id, t.title, t.done);
TS
cat >"$out/all.ts" <<TS
// All five functions of the example, one per encoding.
import { addTodo, deleteTodo, listTodos, todoStats, toggleTodo } from "$gen";
const t = await addTodo({ title: "Buy milk" });
await toggleTodo({ id: t.id });
console.log(await listTodos({ done: true }), await todoStats());
await deleteTodo({ id: t.id });
TS

printf '%-13s %10s %14s\n' program "min bytes" "min+gz bytes"
for p in add_todo toggle_todo all; do
  node_modules/.bin/esbuild "$out/$p.ts" --bundle --minify --format=esm --platform=browser \
    --outfile="$out/$p.js" --log-level=warning
  printf '%-13s %10d %14d\n' "$p" "$(wc -c <"$out/$p.js")" "$(gzip -9 -c "$out/$p.js" | wc -c)"
done
