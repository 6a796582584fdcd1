// Modules that import each other across proto packages (issue 15), through the generated
// goldens of gen/ts/testdata/multi with a fake fetch: functions whose arguments and results are
// another package's types encode them by the imported descriptions, on every wire (form, JSON,
// GET, CBOR), and read them back; in the ledger's module, where common's Address and billing's
// are both imported under aliases and its own Money stands beside common's, each name reaches
// its own type (this file is compiled with tsc --strict before it runs, so the types agree).

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { decode, encode } from "cbor2";
import * as billing from "../../../gen/ts/golden/acme/billing/v1/billing.js";
import type { Address, Label, Money } from "../../../gen/ts/golden/acme/common/v1/common.js";
import * as ledger from "../../../gen/ts/golden/acme/ledger/v1/ledger.js";
import * as todo from "../../../gen/ts/golden/acme/todo/v1/todo.js";

interface Sent {
  url: string;
  init: RequestInit;
}

/** answer is a fetch that records each request and answers with body of content type. */
function answer(body: string | Uint8Array<ArrayBuffer>, contentType: string): { fetch: typeof fetch; sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    sent,
    fetch: async (input, init) => {
      sent.push({ url: String(input), init: init ?? {} });
      return new Response(body, { status: 200, headers: { "content-type": contentType } });
    },
  };
}

const json = (value: unknown) => answer(JSON.stringify(value), "application/json");
const cbor = (value: unknown) => answer(encode(value) as Uint8Array<ArrayBuffer>, "application/cbor");

/** cborBody is a request's CBOR body, decoded. */
function cborBody(s: Sent | undefined): unknown {
  assert.ok(s?.init.body instanceof Uint8Array, "a CBOR body");
  return decode(s.init.body);
}

const paris: Address = { street: "1 rue de Rivoli", city: "Paris", zip: "75001" };

describe("another package's types as arguments and results", () => {
  test("form arguments holding common's messages (todo.add)", async () => {
    const result = {
      id: 7,
      title: "Fix",
      place: { street: "1 rue de Rivoli", city: "Paris", zip: null },
      budget: { cents: 500, currency: "CURRENCY_USD" },
      labels: [{ value: { text: "urgent" } }, { value: { currency: "CURRENCY_EUR" } }, { value: { place: { street: "s", city: "c", zip: null } } }],
      stops: { home: { street: "h", city: "Lyon", zip: "69001" } },
      currencies: ["CURRENCY_EUR"],
      due: { fee: { cents: 1, currency: "CURRENCY_EUR" } },
    };
    const { fetch, sent } = json(result);
    const t: todo.Todo = await todo.add({ title: "Fix", place: paris, budget: { cents: 500, currency: "CURRENCY_USD" } }, { fetch });
    assert.equal(
      sent[0]?.init.body,
      "title=Fix&place[street]=1+rue+de+Rivoli&place[city]=Paris&place[zip]=75001&budget[cents]=500&budget[currency]=CURRENCY_USD",
    );
    // Lists, maps, optionals and oneofs of another package's types, read back.
    assert.deepEqual(t, result);
  });

  test("JSON: common's Address in and out (todo.locate)", async () => {
    const { fetch, sent } = json({ street: "2 quai", city: "Lyon", zip: null });
    const a: Address = await todo.locate(paris, { fetch });
    assert.equal(sent[0]?.init.body, '{"street":"1 rue de Rivoli","city":"Paris","zip":"75001"}');
    assert.deepEqual(a, { street: "2 quai", city: "Lyon", zip: null });
  });

  test("CBOR: common's oneof message in and out (todo.tag)", async () => {
    const { fetch, sent } = cbor({ value: { place: { street: "s", city: "c", zip: null } } });
    const l: Label = await todo.tag({ value: { currency: "CURRENCY_USD" } }, { fetch });
    assert.deepEqual(cborBody(sent[0]), { value: { currency: "CURRENCY_USD" } });
    assert.deepEqual(l, { value: { place: { street: "s", city: "c", zip: null } } });
  });

  test("JSON: todo's Todo in, billing's Invoice with its own Address and common's out (billing.bill)", async () => {
    const t: todo.Todo = { id: 1, title: "t", place: paris, labels: [], stops: {}, currencies: [], due: { date: "2027-01-01" } };
    const invoice = {
      todo: { ...t, budget: null, due: { date: "2027-01-01" } },
      total: { cents: 999, currency: "CURRENCY_EUR" },
      currency: "CURRENCY_EUR",
      bill_to: { name: "Ada", email: "ada@example.com" },
      site: paris,
    };
    const { fetch, sent } = json(invoice);
    const i: billing.Invoice = await billing.bill(t, { fetch });
    assert.deepEqual(JSON.parse(String(sent[0]?.init.body)), { ...t, budget: null, due: { date: "2027-01-01" } });
    const { bill_to: billTo, ...rest } = invoice;
    assert.deepEqual(i, { ...rest, billTo });
  });
});

describe("aliased imports (the ledger)", () => {
  test("GET: billing's Address as arguments, common's Address as the result (ledger.site)", async () => {
    const { fetch, sent } = json(paris);
    const a: Address = await ledger.site({ name: "Ada Lovelace", email: "ada@example.com" }, { fetch });
    assert.equal(sent[0]?.init.method, "GET");
    assert.match(sent[0]?.url ?? "", /\/api\/site\d+\?name=Ada\+Lovelace&email=ada%40example\.com$/);
    assert.deepEqual(a, paris);
    // The query helper's key carries billing's Address.
    assert.deepEqual(ledger.siteQuery({ name: "n", email: "e" }).queryKey, ["Ledger", "site", { name: "n", email: "e" }]);
  });

  test("CBOR: common's Money in, the ledger's own Money out (ledger.pay)", async () => {
    const { fetch, sent } = cbor({ amount: "12.50" });
    const paid: Money = { cents: 1250, currency: "CURRENCY_EUR" };
    const m: ledger.Money = await ledger.pay(paid, { fetch });
    assert.deepEqual(cborBody(sent[0]), { cents: 1250, currency: "CURRENCY_EUR" });
    assert.deepEqual(m, { amount: "12.50" });
  });

  test("JSON: an entry holding both Addresses and both Moneys round-trips (ledger.record)", async () => {
    const entry: ledger.Entry = {
      invoice: {
        todo: { id: 2, title: "t", place: paris, budget: null, labels: [], stops: {}, currencies: ["CURRENCY_USD"], due: null },
        total: { cents: 3, currency: "CURRENCY_USD" },
        currency: "CURRENCY_USD",
        billTo: { name: "Ada", email: "ada@example.com" },
        site: paris,
      },
      billed: { name: "Bob", email: "bob@example.com" },
      site: { street: "s", city: "c", zip: null },
      balance: { amount: "-3.00" },
      payments: [{ cents: 1, currency: "CURRENCY_EUR" }],
      labels: { a: { value: { text: "x" } } },
    };
    const wire = {
      invoice: {
        todo: { id: 2, title: "t", place: paris, budget: null, labels: [], stops: {}, currencies: ["CURRENCY_USD"], due: null },
        total: { cents: 3, currency: "CURRENCY_USD" },
        currency: "CURRENCY_USD",
        bill_to: { name: "Ada", email: "ada@example.com" },
        site: paris,
      },
      billed: { name: "Bob", email: "bob@example.com" },
      site: { street: "s", city: "c", zip: null },
      balance: { amount: "-3.00" },
      payments: [{ cents: 1, currency: "CURRENCY_EUR" }],
      labels: { a: { value: { text: "x" } } },
    };
    const { fetch, sent } = json(wire);
    const back = await ledger.record(entry, { fetch });
    assert.deepEqual(JSON.parse(String(sent[0]?.init.body)), wire);
    assert.deepEqual(back, entry);
  });

  test("a value of the wrong Address is refused before sending", async () => {
    const { fetch, sent } = json(paris);
    // common's Address where billing's is expected: tsc refuses it, and so does the runtime.
    // @ts-expect-error billing's Address has name and email, not street and city
    await assert.rejects(ledger.site({ street: "s", city: "c" }, { fetch }));
    assert.equal(sent.length, 0);
  });
});
