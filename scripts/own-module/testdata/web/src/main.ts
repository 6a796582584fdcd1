import { divide, greet, isMathError } from "../gen/hello.js";
import { defaults } from "../gen/sfn/index.js";

defaults.baseUrl = process.argv[2] ?? "http://127.0.0.1:8080";

const g = await greet({ name: "Ada" });
console.log(g.text);
const q = await divide({ a: 7, b: 2 });
console.log(`7 / 2 = ${q.q} r ${q.r}`);
try {
  await divide({ a: 7, b: 0 });
  throw new Error("divide by zero succeeded");
} catch (e) {
  if (!isMathError(e) || !("DivByZero" in e.error)) throw e;
  console.log(`cannot divide ${e.error.DivByZero.a} by zero (status ${e.status})`);
}
